"""The version, written once: pyproject.toml and the package read it from here.

A literal rather than importlib.metadata, which alone would add about 30 ms to every run.
"""

__version__ = "0.1.0"
