"""Settings: defaults, the strictly checked config file, the command line on top.

`resolve` merges them into one typed `Config`, which is all the pipeline reads.
"""

from __future__ import annotations

from .settings import Config

__all__ = ["Config"]
