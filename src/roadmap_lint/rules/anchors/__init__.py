"""RL1xx: links inside the repository (anchors and files)."""
