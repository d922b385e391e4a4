"""The mutation fuzzer (tests/fuzzing.py) at a small size: no crash, no unstable fix, no
document slow out of proportion. `benchmarks/fuzz.py` runs it at length."""

from __future__ import annotations

import pytest

from tests.fuzzing import check, documents

SEED = 20261201
COUNT = 150
SLOW = 5.0  # seconds for one document of at most a few hundred KB, every rule and --fix


@pytest.mark.slow
def test_mutated_documents_never_crash_and_fix_once() -> None:
    slowest = 0.0
    for index, text in documents(SEED, COUNT):
        try:
            outcome = check(text)
        except Exception as error:  # report which document, so it can be replayed
            raise AssertionError(f"document {index} of seed {SEED}: {error!r}") from error
        slowest = max(slowest, outcome.seconds)
    assert slowest < SLOW
