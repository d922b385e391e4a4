"""Classifying link destinations: in-document fragment, local path, or a URL with a scheme."""

from __future__ import annotations

import re
from urllib.parse import unquote

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WEB = re.compile(r"^https?://", re.IGNORECASE)


def is_fragment(url: str) -> bool:
    return url.startswith("#")


def is_web(url: str) -> bool:
    return bool(_WEB.match(url))


def has_scheme(url: str) -> bool:
    return bool(_SCHEME.match(url))


def is_local(url: str) -> bool:
    """A relative or `/`-rooted path inside the repository (with optional query and fragment)."""
    stripped = url.strip()
    return bool(stripped) and not (
        is_fragment(stripped) or has_scheme(stripped) or stripped.startswith("//")
    )


def is_markdown_file(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def split_local(url: str) -> tuple[str, str | None]:
    """Split a local link into its decoded path and its fragment (None when it has none)."""
    path, hash_mark, fragment = url.strip().partition("#")
    path = path.split("?", 1)[0]
    return unquote(path), (fragment if hash_mark else None)
