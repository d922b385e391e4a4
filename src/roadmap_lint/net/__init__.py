"""External link checking: the only package that imports httpx (in its modules, not here)."""
