"""The rule catalogue: every check, its code, name, default severity, options and documentation.

Codes are grouped by family: RL1xx links inside the repository, RL2xx the table of
contents, RL3xx external links, RL4xx content. A rule module's docstring is its user
documentation (with a failing and a passing example).
"""

from __future__ import annotations

from roadmap_lint.rules.base import Rule


def all_rules() -> list[Rule]:
    from roadmap_lint.rules.anchors import anchor_case, broken_anchor, missing_file
    from roadmap_lint.rules.content import (
        bare_url,
        duplicate_url,
        duplicate_url_title,
        empty_link_text,
        empty_section,
        heading_level_skip,
        image_alt_missing,
        insecure_url,
        list_item_style,
        malformed_link,
        mojibake,
        non_descriptive_link_text,
        tracking_parameter,
    )
    from roadmap_lint.rules.external import (
        archived_repo,
        blocked_link,
        broken_fragment,
        broken_link,
        redirected_link,
        suspect_link,
    )
    from roadmap_lint.rules.toc import missing_entry as toc_missing_entry
    from roadmap_lint.rules.toc import order as toc_order
    from roadmap_lint.rules.toc import text_mismatch as toc_text_mismatch

    return [
        broken_anchor.RULE,
        anchor_case.RULE,
        missing_file.RULE,
        toc_missing_entry.RULE,
        toc_order.RULE,
        toc_text_mismatch.RULE,
        broken_link.RULE,
        broken_fragment.RULE,
        redirected_link.RULE,
        blocked_link.RULE,
        archived_repo.RULE,
        suspect_link.RULE,
        duplicate_url.RULE,
        duplicate_url_title.RULE,
        insecure_url.RULE,
        tracking_parameter.RULE,
        mojibake.RULE,
        empty_link_text.RULE,
        non_descriptive_link_text.RULE,
        bare_url.RULE,
        heading_level_skip.RULE,
        empty_section.RULE,
        image_alt_missing.RULE,
        list_item_style.RULE,
        malformed_link.RULE,
    ]


def rule_names() -> list[str]:
    return [rule.name for rule in all_rules()]


def rule_keys() -> list[tuple[str, str]]:
    """(name, code) of every rule."""
    return [(rule.name, rule.code) for rule in all_rules()]


_BY_KEY: dict[str, Rule] = {}


def find_rule(key: str) -> Rule | None:
    """The rule with this name or code."""
    if not _BY_KEY:
        for rule in all_rules():
            _BY_KEY[rule.name] = _BY_KEY[rule.code] = rule
    key = key.strip()
    return _BY_KEY.get(key) or _BY_KEY.get(key.upper())
