"""The false alarms real lists gave the content rules, each from a fixture in their style.

Every test here is a pattern found on real awesome lists and roadmaps: the finding a
maintainer would act on is kept, the one they would not is gone.
"""

from __future__ import annotations

from pathlib import Path

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.model import Edit, Finding, LinkResult, LinkState, Severity, Verdict
from roadmap_lint.pipeline import fix_paths
from roadmap_lint.rules import all_rules, find_rule
from roadmap_lint.rules.base import Rule, RunVerdicts
from roadmap_lint.rules.content import insecure_url
from roadmap_lint.rules.content.titles import Relation, relation


def run(text: str, *rules: str, named: bool = False, **options: object) -> list[Finding]:
    """Findings of the given rules, offline; off-by-default rules are turned on by name."""
    extend = frozenset(r for r in rules if named or not _rule(r).default)
    config = Config(offline=True, extend_select=extend, rule_options={r: options for r in rules})
    return [f for f in lint_text(text, config=config).findings if f.rule in rules]


def _rule(name: str) -> Rule:
    rule = find_rule(name)
    assert rule is not None
    return rule


# -- which rules run --------------------------------------------------------------------------


def test_style_rules_are_off_by_default_and_precise_ones_on() -> None:
    off = {rule.name for rule in all_rules() if not rule.default}
    assert off == {"bare-url", "empty-section", "list-item-style"}
    assert _rule("malformed-link").default and _rule("duplicate-url").default


def test_selecting_runs_only_the_selected_and_extend_select_adds() -> None:
    text = "# T\n\n## Empty\n\n## Next\n\n- [a](https://a.org/) [docs] (https://b.org/)\n"
    defaults = {f.rule for f in lint_text(text, config=Config(offline=True)).findings}
    assert defaults == {"malformed-link"}
    only = Config(offline=True, select=frozenset({"empty-section"}))
    assert {f.rule for f in lint_text(text, config=only).findings} == {"empty-section"}
    more = Config(offline=True, extend_select=frozenset({"RL410"}))
    assert {f.rule for f in lint_text(text, config=more).findings} == {
        "malformed-link",
        "empty-section",
    }


def test_a_severity_in_the_config_turns_a_rule_on_without_naming_it() -> None:
    config = Config(offline=True, severities={"empty-section": "warning"})
    assert config.enabled("empty-section", "RL410", default=False)
    assert not config.named("empty-section", "RL410")
    assert Config(select=frozenset({"RL4"})).enabled("empty-section", "RL410", default=False)
    assert not Config(select=frozenset({"RL4"})).named("empty-section", "RL410")
    assert Config(extend_select=frozenset({"rl410"})).named("empty-section", "RL410")


# -- duplicate-url and duplicate-url-title ----------------------------------------------------

AWESOME = """\
# Awesome Data Science

## Python

- [NumPy](https://numpy.org/) - Arrays.
- [pandas](https://pandas.pydata.org/) - Data frames.
- [ParaMonte](https://github.com/cdslaborg/paramonte) - Monte Carlo in Python.

NumPy's [user guide](https://numpy.org/) is the place to start, see also [NumPy](https://numpy.org).

## MATLAB

- [ParaMonte](https://github.com/cdslaborg/paramonte) - Monte Carlo in MATLAB.

## Sponsors

- [Comet](https://www.comet.com/site/) - Experiment tracking.

## Tools

- [Comet](https://www.comet.com/site/) - Experiment tracking.
"""


def test_prose_mentions_and_cross_listings_are_not_duplicates() -> None:
    assert run(AWESOME, "duplicate-url", "duplicate-url-title") == []


def test_cross_listings_are_reported_when_the_rule_is_named() -> None:
    found = run(AWESOME, "duplicate-url", named=True)
    assert [(f.line, "in another section" in f.message) for f in found] == [(13, True)]


def test_a_resource_listed_twice_in_one_section_is_one_finding() -> None:
    text = """\
## Scaling

* [Zookeeper](http://www.slideshare.net/sauravhaloi/introduction-to-apache-zookeeper)
* [Consistent hashing](https://www.tom-e-white.com/2007/11/consistent-hashing.html)
* [Introduction to Zookeeper](http://www.slideshare.net/sauravhaloi/introduction-to-apache-zookeeper)
"""
    found = run(text, "duplicate-url", "duplicate-url-title")
    assert [(f.rule, f.line) for f in found] == [("duplicate-url", 5)]
    assert "line 3" in found[0].message


def test_different_things_sharing_a_url_are_one_title_finding_without_a_suggestion() -> None:
    text = """\
#### Logistic Regression
- 📚 [MLCourse.ai - Logistic Regression](https://mlcourse.ai/book/topic05/topic05_intro.html)

#### Random Forest
- 📚 [MLCourse.ai - Bagging & Random Forest](https://mlcourse.ai/book/topic05/topic05_intro.html)
"""
    [finding] = run(text, "duplicate-url", "duplicate-url-title")
    assert (finding.rule, finding.line) == ("duplicate-url-title", 5)
    assert "probably wrong" in finding.message
    assert finding.suggestion is None  # no title copied onto the other link


def test_two_names_for_one_address_are_natural() -> None:
    text = """\
## Bits

- [ ] [Bithacks](https://graphics.stanford.edu/~seander/bithacks.html)
- [Count Bits](https://graphics.stanford.edu/~seander/bithacks.html#CountBitsSetKernighan)
- [ ] [Sedgewick - Mergesort (5 videos)](https://www.coursera.org/learn/algorithms-part1/home/week/3)
- [ ] [Sedgewick - Quicksort (4 videos)](https://www.coursera.org/learn/algorithms-part1/home/week/3)
- [hatch](https://github.com/pypa/hatch) - Project manager.
- [hatchling](https://github.com/pypa/hatch) - Its build backend.
- [Clones](https://www.lecloud.net/post/7295452622/scalability-for-dummies-part-1-clones)
- [Scalability](https://www.lecloud.net/post/7295452622/scalability-for-dummies-part-1-clones)
- [FOAAS](https://foaas.example.net/) - Fuck Off As A Service.
- [Fuck Off as a Service](https://foaas.example.net/)
"""
    # The last is one service listed twice under its two names: a duplicate, not a wrong URL.
    found = run(text, "duplicate-url", "duplicate-url-title")
    assert [(f.rule, f.line) for f in found] == [("duplicate-url", 12)]


def test_a_translated_title_is_not_a_different_thing() -> None:
    assert relation("LeetCode Solutions", "릿코드 해답") is Relation.UNCLEAR
    assert relation("Nick White - LeetCode Solutions", "Nick White - 릿코드 해답") is (
        Relation.UNCLEAR
    )
    assert relation("Sedgewick - Quicksort (4 videos)", "Sedgewick - Mergesort") is (
        Relation.DIFFERENT
    )
    assert relation("time to live (TTL)", "time-to-live (TTL)") is Relation.SAME
    assert relation("Pandas tutorial", "Pandas: getting started") is Relation.SAME


def test_entries_led_by_garbled_emoji_still_count() -> None:
    text = (
        "## Regression\n"
        "- ğŸ“š [Linear Regression: Closed-form](https://sebastianraschka.com/pca.html)\n"
        "- ğŸ“š [PCA - Step-by-step Guide](https://sebastianraschka.com/pca.html)\n"
    )
    [finding] = run(text, "duplicate-url-title")
    assert finding.line == 3


# -- tracking-parameter -----------------------------------------------------------------------

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
    assert run(SPONSORED, "tracking-parameter") == []


def test_tracking_that_came_along_with_a_copied_url() -> None:
    text = """\
- [Facebook Data Science Page](https://www.facebook.com/pages/Data-science/431299473579193?ref=br_rs)
- [Interview tips](https://www.youtube.com/watch?v=6790FVXWBw8&feature=youtu.be)
- [Thread](https://twitter.com/kl13nt/status/1331742810932916227?s=20)
- [Post](https://blog.example-site.org/post?utm_source=newsletter&utm_medium=email)
- [Talk](https://open.spotify.com/episode/4x?si=abc)
"""
    found = run(text, "tracking-parameter")
    assert [f.line for f in found] == [1, 2, 3, 4, 5]
    assert found[3].suggestion == "https://blog.example-site.org/post"


def test_fix_changes_no_sponsor_or_referral_link(tmp_path: Path) -> None:
    copied = "\n- [Paper](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com) - Speculative decoding.\n"
    path = tmp_path / "README.md"
    path.write_text(SPONSORED + copied, encoding="utf-8")
    outcome = fix_paths([str(path)], Config(offline=True), write=True)
    assert outcome.fixed_findings == 1
    assert path.read_text(encoding="utf-8") == SPONSORED + copied.replace(
        "?utm_source=chatgpt.com", ""
    )


# -- insecure-url ------------------------------------------------------------------------------


def _http_finding(line: int) -> Finding:
    url = "http://haikufactory.com/files/bayopt.pdf"
    return Finding(
        "insecure-url", Severity.WARNING, "README.md", line, 3, "link is not encrypted", url
    )


def test_insecure_url_is_kept_only_when_verified_online() -> None:
    url = "http://haikufactory.com/files/bayopt.pdf"
    moved = LinkResult(
        url, Verdict(LinkState.REDIRECTED, http_status=301, final_url="https" + url[4:])
    )
    redirect = Finding(
        "redirected-link",
        Severity.WARNING,
        "README.md",
        4,
        3,
        "moved",
        url,
        suggestion="https" + url[4:],
    )
    settled = insecure_url.settle(
        [_http_finding(4), redirect], RunVerdicts({url: moved}), named=False
    )
    [finding] = settled  # one cause, one finding: the upgrade, not also the redirect
    assert finding.rule == "insecure-url"
    assert finding.fix == (Edit(4, 3, url, "https" + url[4:]),)
    assert "serves the same page" in finding.message


def test_unverified_insecure_url_is_dropped_unless_named() -> None:
    url = "http://haikufactory.com/files/bayopt.pdf"
    alive = LinkResult(url, Verdict(LinkState.OK, http_status=200))
    assert insecure_url.settle([_http_finding(4)], RunVerdicts({url: alive}), named=False) == []
    [kept] = insecure_url.settle([_http_finding(4)], RunVerdicts({url: alive}), named=True)
    assert kept.suggestion is None and kept.fix == ()


# -- malformed-link -----------------------------------------------------------------------------


def test_malformed_links_are_reported_as_such_not_as_bare_urls() -> None:
    text = """\
- [Gymnasium](https://github.com/Farama-Foundation/Gymnasium) - RL environments (successor of [gym])(https://github.com/openai/gym).
 - [C] (https://github.com/jwasham/practice-c)
- (Reversed)[https://example.org/reversed]
- [Rabin-Karp](https://www.coursera.org/lecture/data- Structures/rabin-karps-algorithm-c0Qkw)
"""
    found = run(text, "malformed-link", "bare-url")
    assert [(f.rule, f.line) for f in found] == [
        ("malformed-link", 1),
        ("malformed-link", 2),
        ("malformed-link", 3),
        ("malformed-link", 4),
    ]
    assert found[0].suggestion == "[gym](https://github.com/openai/gym)"
    assert found[3].fix == () and "space" in found[3].message


def test_valid_links_task_boxes_and_code_are_not_malformed() -> None:
    text = """\
- [ ] (optional) read the [guide](https://example.org/guide "The guide")
- [x] [Done](https://example.org/done)
- See `[a] (https://example.org/in-code)` and [b](<https://example.org/with space>).

```
[c] (https://example.org/fenced-code)
```
"""
    assert run(text, "malformed-link") == []


# -- list-item-style, empty-section, heading-level-skip, non-descriptive-link-text ------------


def test_list_item_style_accepts_labels_checklists_and_other_sentence_ends() -> None:
    text = """\
## Bitwise operations

- [ ] [Bits cheat sheet](https://example.org/bits) - Powers of two.
- [ ] [Bit Manipulation](https://example.org/bm) - A good intro.
- [ ] [Bitwise Operation](https://example.org/bo) - The basics!
- [ ] [Bit Twiddler](https://example.org/bt) - Interactive.
- [ ] [Practice Operations](https://example.org/po)
- [ ] Good intro:
    [Bit Manipulation (video)](https://example.org/video)
- [ ] 2s and 1s complement
    - [Two's complement](https://example.org/twos) - Why we use it.
- [Coursebook](https://example.org/cb) - B. Venkatesh, L. Angrave, et al.
- [Quote](https://example.org/q) - "Make it work, make it right."
"""
    assert run(text, "list-item-style") == []


def test_list_item_style_still_reports_a_different_separator() -> None:
    text = "".join(
        f"- [{name}](https://{name}.example.org/){sep}\n"
        for name, sep in [("a", " - A."), ("b", " - B."), ("c", ": C."), ("d", " - D.")]
    )
    [finding] = run(text, "list-item-style")
    assert finding.line == 3 and 'uses ":" instead of "-"' in finding.message


def test_empty_section_skips_titles_bylines_and_toc_headings() -> None:
    text = """\
# Machine Learning Roadmap 2025

# 🚀 Goal of the Roadmap
Resources to become a data scientist.

## ✨ by Timur Bikmukhametov

## 🚀 Table of Contents

## 🐍 1. Python
- [1.1 Introduction](#11-introduction)

## 1.1 Introduction

Text.

## Unwritten

## Deployment
- [Docker](https://docs.docker.com/)
"""
    found = run(text, "empty-section")
    assert [f.line for f in found] == [17]


def test_heading_level_skip_names_the_whole_subtree() -> None:
    text = "## C++\n\n#### General-Purpose\n\n#### Computer Vision\n\n##### OpenCV\n\n## Java\n"
    [finding] = run(text, "heading-level-skip")
    assert finding.line == 3
    assert "the 2 headings under it (to line 7) up 1 level" in finding.message


def test_link_text_that_is_the_projects_name_is_descriptive() -> None:
    text = (
        "- [click](https://github.com/pallets/click/) - CLI toolkit.\n- [here](https://a.org/x)\n"
    )
    found = run(text, "non-descriptive-link-text")
    assert [f.line for f in found] == [2]
