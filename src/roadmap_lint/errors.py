"""Errors that end a run with exit status 2 and a one-line message."""


class UsageError(Exception):
    """Bad input: a missing path, an unreadable or binary file, an unknown rule, a bad config."""
