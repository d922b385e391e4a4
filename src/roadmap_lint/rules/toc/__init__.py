"""RL2xx: the table of contents."""
