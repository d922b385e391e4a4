"""What a run learns about how each host answers, so that later links on it cost one request.

A HEAD is the cheapest question, but some hosts answer it wrongly (404 or 405 where GET gets
the page), so an unfavourable answer to HEAD is asked again with GET before any verdict. On a
host where that keeps happening, GET (read only as far as the headers, or a small body) is
asked at once instead: the answer is then as accurate and costs one request, not two. Hosts
that let only browsers in are, once one has, asked as a browser at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

# A host's GET rechecks of HEAD answers may cost at most this share of its HEAD requests
# (plus one) before the host is asked with GET at once.
RECHECK_BUDGET = 0.1
_REFUSED = frozenset({405, 501})  # "no HEAD here"


@dataclass
class HostHabits:
    heads: int = 0  # HEAD requests sent
    rechecks: int = 0  # of those, answers that had to be asked again with GET
    head_unreliable: bool = False  # GET at once from now on
    browsers_only: bool = False  # a browser's User-Agent at once from now on

    def first_method(self, want_body: bool) -> str:
        if want_body or self.head_unreliable:
            return "GET"
        self.heads += 1
        return "HEAD"

    def rechecked(self, head_status: int, get_status: int) -> None:
        """A HEAD answered `head_status` and the GET that checked it `get_status`."""
        self.rechecks += 1
        # A 5xx to HEAD and not to GET is as likely a passing failure as a dislike of HEAD.
        disagreed = head_status in _REFUSED or (
            head_status < 500 and head_status != get_status and 200 <= get_status < 400
        )
        if disagreed or self.rechecks > 1 + RECHECK_BUDGET * self.heads:
            self.head_unreliable = True


class Habits:
    """Every host's habits, by host name."""

    def __init__(self) -> None:
        self._hosts: defaultdict[str, HostHabits] = defaultdict(HostHabits)

    def of(self, host: str) -> HostHabits:
        return self._hosts[host.lower()]
