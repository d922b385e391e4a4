"""Fixes: edits applied byte-exactly and files written atomically; a TOC rewritten or
completed in its own style."""
