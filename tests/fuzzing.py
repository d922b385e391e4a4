"""A mutation fuzzer over real-looking Markdown: the documents of this repository, and a
roadmap written to hold every construct the rules look at, mutated the way careless
editors, copy-paste and hostile contributors mutate them.

`check(text)` runs what a user runs on a document, offline: every rule, every report
format, and `--fix` (twice: the second must change nothing). It raises on any crash.
`tests/properties/test_fuzz.py` runs a few hundred documents in CI; `benchmarks/fuzz.py`
runs as many as asked and reports the slowest.
"""

# The documents hold the look-alike characters real ones do (dashes, mojibake) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from roadmap_lint.config.settings import Config
from roadmap_lint.pipeline.fixing import fix_paths
from roadmap_lint.pipeline.run import lint_text
from roadmap_lint.reporters import FORMATS, reporter_for

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = ("README.md", "CHANGELOG.md", "docs/rules.md", "examples/README.md")
ALL_RULES = Config(offline=True, select=frozenset({"RL"}))

ROADMAP = """\
# Learn Data Engineering 📚 [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

> A curated roadmap. Contributions welcome — see [CONTRIBUTING](CONTRIBUTING.md).

## Table of Contents
- [Foundations](#foundations)
  - [SQL](#sql)
  - [Python 🐍](#python-)
- [Tools & Platforms](#tools--platforms)
- [Résumé tips](#résumé-tips)
- [FAQ](#faq)

## Foundations

### SQL
- [SQLBolt](https://sqlbolt.com/) - Interactive lessons.
- [Mode SQL tutorial](http://mode.com/sql-tutorial?utm_source=roadmap&ref=abc) – free
- [click here](https://www.postgresql.org/docs/) for the docs.
- Visit https://use-the-index-luke.com or www.sqlstyle.guide today.

### Python 🐍
1. [Automate the Boring Stuff](https://automatetheboringstuff.com/)
2. [Real Python]( https://realpython.com )
3. [Fluent Python] (https://www.oreilly.com/library/view/fluent-python/9781491946237/)

<a name="tools"></a>
## Tools & Platforms

| Tool | Link | Notes |
| --- | --- | --- |
| Airflow | [docs](https://airflow.apache.org/docs/) | DAGs |
| dbt | <https://docs.getdbt.com> | SQL models |

<details><summary>More</summary>

* [Spark](https://spark.apache.org/) — engine
* [Kafka](https://kafka.apache.org/)

</details>

## Résumé tips
Itâ€™s worth reading the [guide][guide] and the [other guide][Guide].
![diagram](images/pipeline.png) <img src="images/logo.png">

[guide]: https://example.org/guide "The guide"

## FAQ
```bash
curl https://example.org/install.sh | sh   # [not a link](#nowhere)
```
See [the SQL section](#SQL), [missing](#no-such-section) and [file](docs/missing.md#intro).

## FAQ
Duplicate heading, <h3 id="custom">HTML heading</h3> and `code [x](y)`.
"""

# What editors, copy-paste and attackers put into Markdown.
SNIPPETS = (
    "[", "]", "](", ")", "[x](", "![", "<", ">", "<a name=\"", "<a href=x>", "</a>",
    "<h2>", "</h3>", "<details>", "<!--", "-->", "```", "~~~", "    ", "\t", "|", "\n| a | b |\n|---|\n",
    "* ", "- ", "1. ", "> ", "#", "## ", "\n# ", "\n---\n", "\n===\n", "*", "_", "**", "~~", "`",
    "\\", "&", "&#x", "&amp;", "&#0;", "\x00", "\u200b", "\ufeff", "\u202e", "\u0301", "\ufe0f",
    "™™â€", "Ã©", "â€™", "ï¸", "ðŸ", "Â ", "[^1]", "[ref]", "[ref]: <", "http://", "https://",
    "http://[::1", "https://xn--/", "http://host:99999/", "http://0177.0.0.1/", "www.", "mailto:",
    "<https://", "\r", "\r\n", "#foo", "](#", "](./", "](../../", "%", "%zz", "😀", "👨‍👩‍👧",
    "ΑΒΓ", "Привет", "日本語", "\u0645\u0631\u062d\u0628\u0627",
)  # fmt: skip


def seeds() -> list[str]:
    texts = [ROADMAP]
    for name in SEED_FILES:
        path = ROOT / name
        if path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return texts


def mutate(text: str, rng: random.Random, rounds: int = 4) -> str:
    for _ in range(rng.randint(1, rounds)):
        text = _MUTATIONS[rng.randrange(len(_MUTATIONS))](text, rng)
    return text


def _place(text: str, rng: random.Random) -> int:
    return rng.randint(0, len(text))


def _insert(text: str, rng: random.Random) -> str:
    at = _place(text, rng)
    return text[:at] + rng.choice(SNIPPETS) * rng.choice((1, 1, 1, 2, 3, 50)) + text[at:]


def _delete(text: str, rng: random.Random) -> str:
    at = _place(text, rng)
    return text[:at] + text[at + rng.randint(1, 80) :]


def _duplicate(text: str, rng: random.Random) -> str:
    at = _place(text, rng)
    piece = text[at : at + rng.randint(1, 400)]
    return text[:at] + piece * rng.randint(2, 4) + text[at:]


def _swap_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    if len(lines) > 2:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def _replace_char(text: str, rng: random.Random) -> str:
    if not text:
        return text
    at = rng.randrange(len(text))
    return (
        text[:at]
        + chr(rng.choice((rng.randint(0, 0x7F), rng.randint(0x80, 0x2FFF))))
        + text[at + 1 :]
    )


def _long_line(text: str, rng: random.Random) -> str:
    at = _place(text, rng)
    return text[:at] + rng.choice(SNIPPETS) * rng.randint(200, 3000) + text[at:]


def _indent(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    start = rng.randrange(len(lines))
    prefix = rng.choice(("  ", "    ", "> ", "- ", "\t"))
    for index in range(start, min(len(lines), start + rng.randint(1, 20))):
        lines[index] = prefix + lines[index]
    return "\n".join(lines)


_MUTATIONS = (_insert, _insert, _insert, _delete, _duplicate, _swap_lines, _replace_char,
              _long_line, _indent)  # fmt: skip


@dataclass
class Outcome:
    seconds: float
    findings: int


def check(text: str) -> Outcome:
    """Lint, report in every format, fix twice: raises on any crash or unstable fix."""
    started = time.perf_counter()
    report = lint_text(text, "README.md", ALL_RULES)
    for name in FORMATS:
        reporter_for(name, env={})(report)
    if "\x00" in text:  # a file with NUL bytes is refused as binary, not fixed
        return Outcome(time.perf_counter() - started, len(report.findings))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "README.md"
        path.write_text(text, encoding="utf-8", newline="")
        first = fix_paths([str(path)], ALL_RULES, write=True)
        if first.fixes:
            again = fix_paths([str(path)], ALL_RULES, write=False)
            if again.fixes and again.fixes[0][1].original != again.fixes[0][1].fixed:
                raise AssertionError("a second --fix changed the document again")
    return Outcome(time.perf_counter() - started, len(report.findings))


def documents(seed: int, count: int) -> Iterator[tuple[int, str]]:
    """`count` mutated documents, each reproducible from (seed, its index)."""
    bases = seeds()
    for index in range(count):
        rng = random.Random(f"{seed}-{index}")
        yield index, mutate(rng.choice(bases), rng)
