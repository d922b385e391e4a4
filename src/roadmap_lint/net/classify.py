"""Turning what a server answered into a verdict, without false alarms.

Only what is really dead is `broken`; a server that refuses robots is `blocked`; what
cannot be decided is `unknown`.
"""

from __future__ import annotations

import email.utils
import enum
from collections.abc import Mapping

# Statuses after which HEAD is not trusted and the request is repeated with GET.
HEAD_UNRELIABLE = frozenset({400, 401, 403, 404, 405, 406, 409, 410, 429, 500, 501, 502, 503, 999})
TRANSIENT = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Answers that mean "no robots here", not "no such page".
BOT_WALL_STATUSES = frozenset({401, 403, 999})
_CHALLENGE_MARKERS = (
    b"just a moment...",
    b"cf-browser-verification",
    b"challenge-platform",
    b"captcha",
)


class Outcome(enum.Enum):
    OK = "ok"
    RETRY = "retry"
    BROKEN = "broken"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"


def is_challenge(status: int, headers: Mapping[str, str], body_start: bytes = b"") -> bool:
    """A bot-challenge page (Cloudflare and similar) rather than the page itself."""
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    if status in (403, 429, 503):
        lowered = body_start[:4096].lower()
        return any(marker in lowered for marker in _CHALLENGE_MARKERS)
    return False


def classify_status(status: int) -> Outcome:
    """The verdict for a final (non-redirect) status of a GET request."""
    if 200 <= status < 300:
        return Outcome.OK
    if status in TRANSIENT:
        return Outcome.RETRY
    if status in BOT_WALL_STATUSES:
        return Outcome.BLOCKED
    if 400 <= status < 500:
        return Outcome.BROKEN
    if status >= 500:
        return Outcome.RETRY
    return Outcome.UNKNOWN


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """A `Retry-After` header in seconds from `now` (epoch seconds): a number of seconds or
    an HTTP date; None when there is none, or it cannot be read (`²` is no number here)."""
    if not value:
        return None
    value = value.strip()
    if value.isdecimal() and value.isascii():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return max(0.0, moment.timestamp() - now)
