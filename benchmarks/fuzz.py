"""Run the mutation fuzzer of tests/fuzzing.py at length.

    python benchmarks/fuzz.py --count 5000 --seed 7

Each document is a real-looking Markdown file mutated as editors, copy-paste and hostile
contributors mutate them; each is linted with every rule, reported in every format and
fixed twice. Prints the crashes (with the index that replays them) and the slowest
documents; exits 1 on a crash or a document over --slow seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzzing import check, documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--slow", type=float, default=10.0, help="seconds one document may take")
    args = parser.parse_args()
    started = time.perf_counter()
    crashes: list[tuple[int, str]] = []
    times: list[tuple[float, int, int]] = []
    for index, text in documents(args.seed, args.count):
        try:
            outcome = check(text)
        except Exception:
            crashes.append((index, traceback.format_exc()))
            continue
        times.append((outcome.seconds, index, len(text)))
    times.sort(reverse=True)
    print(f"seed {args.seed}: {args.count} documents in {time.perf_counter() - started:.0f} s")
    for index, trace in crashes:
        print(f"\ncrash on document {index}:\n{trace}")
    print("slowest:", ", ".join(f"#{i} {s:.2f} s ({n:,} chars)" for s, i, n in times[:5]))
    too_slow = [t for t in times if t[0] > args.slow]
    return 1 if crashes or too_slow else 0


if __name__ == "__main__":
    sys.exit(main())
