"""The local stage: Python's cyclic collector is paused while a file is linted, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from roadmap_lint import lint_text


@pytest.fixture
def collector_state() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_collector_is_on_again_after_a_file(collector_state: None) -> None:
    gc.enable()
    report = lint_text("# Title\n\n- [Gone](#nowhere)\n")
    assert [finding.rule for finding in report.findings] == ["broken-anchor"]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what the file left alive is kept from the collector


def test_collector_left_off_when_it_was_off(collector_state: None) -> None:
    gc.disable()
    lint_text("# Title\n")
    assert not gc.isenabled()


def test_cycles_made_after_a_file_are_collected(collector_state: None) -> None:
    gc.enable()
    lint_text("# Title\n")

    class Node:
        partner: object = None

    first, second = Node(), Node()
    first.partner, second.partner = second, first
    del first, second
    assert gc.collect() >= 2
