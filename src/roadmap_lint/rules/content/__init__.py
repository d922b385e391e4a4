"""RL4xx: content (duplicates, tracking, encoding, link text, headings, list style)."""
