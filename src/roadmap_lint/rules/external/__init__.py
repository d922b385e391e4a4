"""RL3xx: external links, decided by their verdicts."""
