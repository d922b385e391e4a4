"""Where each TOC entry sits: nested as its heading is, or placed elsewhere on purpose.

Also the one mistake an entry's place and text together make plain: a link to the wrong
one of two headings (under "PyTorch", `[Installation](#installation)` reaching
TensorFlow's "Installation" while PyTorch's own is `#installation-1`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from roadmap_lint.model import Heading
from roadmap_lint.rules.toc.text import normalise
from roadmap_lint.rules.toc.view import ResolvedEntry, TocView, titles_index


def mark_places(view: TocView) -> None:
    levels = Counter(
        item.heading.level
        for item in view.items
        if item.heading is not None and item.parent is None
    )
    top_level = levels.most_common(1)[0][0] if levels else 0
    _correct_wrong_targets(view, top_level)
    earlier: dict[int, list[ResolvedEntry]] = {}  # id(parent entry) → its children so far
    for item in view.items:
        siblings = earlier.setdefault(id(item.parent), [])
        if item.heading is not None:
            item.in_place = _in_place(view, item, siblings, top_level)
        siblings.append(item)


def _in_place(
    view: TocView, item: ResolvedEntry, siblings: list[ResolvedEntry], top_level: int
) -> bool:
    """Whether the entry sits in the section that holds its heading.

    Its place is given by the nearest earlier sibling of a higher heading level (a flat TOC
    lists a section's sub-sections after it), else by the entry it is nested under.
    """
    heading = item.heading
    assert heading is not None
    for sibling in reversed(siblings):
        if (
            sibling.heading is not None
            and sibling.in_place
            and sibling.heading.level < heading.level
        ):
            return view.within(heading, sibling.heading)
    if item.parent is not None:
        parent = view.entry_heading(item.parent)
        return parent is None or view.within(heading, parent)
    return heading.level <= top_level


def _correct_wrong_targets(view: TocView, top_level: int) -> None:
    named = Counter(id(item.heading) for item in view.items if item.heading is not None)
    by_title = titles_index(view)
    # The sections whose sub-sections the top-level entries list, "None" for the document.
    top_parents = {
        id(view.parent(item.heading))
        for item in view.items
        if item.parent is None and item.heading is not None and item.heading.level == top_level
    }

    def top(heading: Heading) -> bool:
        return heading.level == top_level and id(view.parent(heading)) in top_parents

    for item in view.linked:
        if not item.exact or item.heading is None:
            continue
        meant = _meant_heading(view, item, item.heading, by_title, named, top)
        if meant is not None:
            item.linked, item.heading = item.heading, meant
            item.fixed_fragment = view.fragment(meant)
            named[id(meant)] += 1


def _meant_heading(
    view: TocView,
    item: ResolvedEntry,
    linked: Heading,
    by_title: dict[str, list[Heading]],
    named: Counter[int],
    top: Callable[[Heading], bool],
) -> Heading | None:
    """The heading the entry's text and place name, when its link reaches another one.

    Another heading has exactly the entry's text and no entry of its own, and it sits under
    the heading the entry is nested under. For a top-level entry, it is a top-level section
    where the linked heading is not, or else a sibling of the linked heading, whose own text
    differs from the entry's.
    """
    text = normalise(item.entry.text)
    if not text:
        return None
    candidates = [h for h in by_title.get(text, []) if h is not linked and not named[id(h)]]
    same_text = normalise(view.title(linked)) == text
    parent = view.entry_heading(item.parent)
    if parent is not None:
        placed = [h for h in candidates if view.within(h, parent)]
        if same_text and view.within(linked, parent):
            return None
    elif same_text:
        if top(linked):
            return None
        placed = [h for h in candidates if top(h)]
    else:
        placed = [h for h in candidates if view.parent(h) is view.parent(linked)]
    return placed[0] if len(placed) == 1 else None
