"""RL404 tracking-parameter: tracking that came along with a copied URL, never attribution
placed on purpose."""

from __future__ import annotations

from pathlib import Path

from roadmap_lint.config.settings import Config
from roadmap_lint.model import Severity
from roadmap_lint.pipeline import fix_paths

from .helpers import check, fixed, lint

RULE = "tracking-parameter"

# The rule's documented examples.
FAILS = """\
- [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra?ref=mrdbourke.com)
- [EAGLE-3 paper](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com)
- [Lecture](https://www.youtube.com/watch?v=qwAFL1597eM&feature=youtu.be)
"""
PASSES = """\
- [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra)
- [Lecture](https://www.youtube.com/watch?v=qwAFL1597eM&t=42)
- [Signal Processing](https://www.udemy.com/course/signal-processing/?couponCode=2021PM20)
- [Comet](https://www.comet.com/site/?utm_source=awesome-datascience&utm_medium=referral)
"""


def test_documented_failing_example() -> None:
    found = check(FAILS, RULE, [(1, 3), (2, 3), (3, 3)])
    assert {f.severity for f in found} == {Severity.WARNING}
    assert fixed(FAILS, found) == (
        "- [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra)\n"
        "- [EAGLE-3 paper](https://arxiv.org/abs/2503.01840)\n"
        "- [Lecture](https://www.youtube.com/watch?v=qwAFL1597eM)\n"
    )


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


TRACKED = """\
- [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra?ref=mrdbourke.com)
- [EAGLE-3 paper](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com)
- [Talk](https://youtu.be/qwAFL1597eM?si=Ab12&t=42#chapter)
- [Docs](https://example.org/guide?b=2&fbclid=IwAR0x&a=%20)
"""


def test_tracking_parameters_found_with_cleaned_url_and_fix() -> None:
    found = lint(TRACKED, RULE)
    assert [f.line for f in found] == [1, 2, 3, 4]
    assert "ref" in found[0].message
    assert found[0].suggestion == "https://www.3blue1brown.com/topics/linear-algebra"
    assert found[1].suggestion == "https://arxiv.org/abs/2503.01840"
    assert found[2].suggestion == "https://youtu.be/qwAFL1597eM?t=42#chapter"
    assert found[3].suggestion == "https://example.org/guide?b=2&a=%20"
    assert fixed(TRACKED, found) == (
        "- [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra)\n"
        "- [EAGLE-3 paper](https://arxiv.org/abs/2503.01840)\n"
        "- [Talk](https://youtu.be/qwAFL1597eM?t=42#chapter)\n"
        "- [Docs](https://example.org/guide?b=2&a=%20)\n"
    )


def test_tracking_that_came_along_with_a_copied_url() -> None:
    text = """\
- [Facebook Data Science Page](https://www.facebook.com/pages/Data-science/431299473579193?ref=br_rs)
- [Interview tips](https://www.youtube.com/watch?v=6790FVXWBw8&feature=youtu.be)
- [Thread](https://twitter.com/kl13nt/status/1331742810932916227?s=20)
- [Post](https://blog.example-site.org/post?utm_source=newsletter&utm_medium=email)
- [Talk](https://open.spotify.com/episode/4x?si=abc)
"""
    found = lint(text, RULE)
    assert [f.line for f in found] == [1, 2, 3, 4, 5]
    assert found[3].suggestion == "https://blog.example-site.org/post"


def test_parameters_that_select_the_resource_are_kept() -> None:
    text = (
        "- [Lecture](https://www.youtube.com/watch?v=qwAFL1597eM&list=PL8dPuu&t=42)\n"
        "- [Search](https://duckduckgo.com/?q=python)\n"
        "- [Issue](https://example.org/show?id=7&page=2)\n"
        "- [Branch](https://github.com/o/r/blob/x?ref=main)\n"
    )
    check(text, RULE, [])


def test_no_fix_when_the_url_is_not_written_verbatim() -> None:
    text = "[a](https://example.org/?x=1&amp;fbclid=y)\n"
    [finding] = lint(text, RULE)
    assert finding.suggestion == "https://example.org/?x=1"
    assert finding.fix == ()


# -- attribution placed on purpose ---------------------------------------------------------

SPONSORED = """\
# Public APIs

[APILayer suite](https://apilayer.com/?utm_source=Github&utm_medium=Referral&utm_campaign=Public-apis-repo) is our sponsor.

## APIs

| API | Description |
|---|---|
| [IPstack](https://ipstack.com/?utm_source=Github&utm_medium=Referral&utm_campaign=Public-apis-repo-Best-sellers) | Locate visitors |
| [PostcodeData.nl](http://api.postcodedata.nl/v1/postcode/?postcode=1211EP&streetnumber=60&ref=domeinnaam.nl&type=json) | Dutch addresses |

- [Comet](https://www.comet.com/site/?utm_source=awesome-datascience) - Experiment tracking.
- [Causal ML](https://www.manning.com/books/causal-ml?utm_source=mikrobusiness&utm_medium=affiliate&a_aid=mikro) - Book.
- [Signal Processing](https://www.udemy.com/course/signal-processing/?couponCode=2021PM20) - Course.
- [DigitalOcean](https://www.digitalocean.com/?refcode=d3adb33f&ref=x7k2q9) - Hosting.
- [AlgoMonster](https://algo.monster/?utm_campaign=jwasham&utm_medium=referral&utm_source=github) - Paid course.

<p align="center">
  <a href="https://depot.dev?utm_source=github&utm_medium=sindresorhus&fbclid=x"><img src="depot.svg" alt="Depot"></a>
</p>
"""


def test_attribution_placed_on_purpose_is_never_reported() -> None:
    check(SPONSORED, RULE, [])


def test_fix_changes_no_sponsor_or_referral_link(tmp_path: Path) -> None:
    copied = "\n- [Paper](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com) - Speculative decoding.\n"
    path = tmp_path / "README.md"
    path.write_text(SPONSORED + copied, encoding="utf-8")
    outcome = fix_paths([str(path)], Config(offline=True), write=True)
    assert outcome.fixed_findings == 1
    assert path.read_text(encoding="utf-8") == SPONSORED + copied.replace(
        "?utm_source=chatgpt.com", ""
    )


# -- options and inline control ---------------------------------------------------------------


def test_extra_tracking_parameters_option() -> None:
    text = "[a](https://example.org/?campaign=spring&x=1)\n"
    check(text, RULE, [])
    [finding] = check(text, RULE, [(1, 1)], extra_parameters=["campaign"])
    assert finding.suggestion == "https://example.org/?x=1"


def test_severity_from_the_config_file() -> None:
    found = check(FAILS, RULE, [(1, 3), (2, 3), (3, 3)], severity="error")
    assert {f.severity for f in found} == {Severity.ERROR}
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_one_line() -> None:
    text = FAILS.replace(
        "chatgpt.com)\n", "chatgpt.com) <!-- roadmap-lint-disable-line RL404 -->\n"
    )
    check(text, RULE, [(1, 3), (3, 3)])
