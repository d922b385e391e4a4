"""Configuration files: discovery, strict validation, and the command line winning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_lint.config.file import find_config, parse_config
from roadmap_lint.config.settings import CommandLine, resolve
from roadmap_lint.errors import UsageError
from roadmap_lint.rules import all_rules

KNOWN = [(r.name, r.code) for r in all_rules()]
DEFAULTS = {key: r.options for r in all_rules() for key in (r.name, r.code)}
DOC = "# Doc\n\n[a](#nowhere)\n\n[b](#Doc)\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_upwards_pyproject_section_first(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.roadmap-lint]\noffline = true\n")
    write(tmp_path, ".roadmap-lint.toml", "offline = false\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / "pyproject.toml"


def test_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path, ".roadmap-lint.toml", "offline = true\n")
    assert find_config(tmp_path) == tmp_path / ".roadmap-lint.toml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ofline = true\n", "unknown key ofline"),
        ("offline = 'yes'\n", "offline: must be true or false"),
        ("select = 'broken-anchor'\n", "select: must be a list of strings"),
        ("select = ['broken-ankor']\n", "unknown rule 'broken-ankor'"),
        ("[rules.broken-ankor]\nseverity = 'warning'\n", "rules.broken-ankor: unknown rule"),
        (
            "[rules.broken-anchor]\nseverity = 'fatal'\n",
            "rules.broken-anchor.severity: must be one of",
        ),
        ("[rules.broken-anchor]\nlevel = 'warning'\n", "unknown key rules.broken-anchor.level"),
        ("[links]\ntimeout = 'slow'\n", "links.timeout: must be a number"),
        ("[links]\ntimout = 3\n", "unknown key links.timout"),
        ("[links]\nretries = -1\n", "links.retries: must not be negative"),
        ("[links.hosts.'example.org']\nheaders = { X = 1 }\n", "headers.X: must be a string"),
        ("[cache]\nmax-age = true\n", "cache.max-age: must be a duration"),
        ("[per-file-ignores]\n'docs/*.md' = 'toc-order'\n", "must be a list of strings"),
        ("offline = [\n", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, ".roadmap-lint.toml", text)
    with pytest.raises(UsageError) as raised:
        parse_config(path, DEFAULTS)
    assert str(path) in str(raised.value)
    assert message in str(raised.value)


def test_pyproject_errors_use_the_full_key(tmp_path: Path) -> None:
    path = write(tmp_path, "pyproject.toml", "[tool.roadmap-lint]\nofline = true\n")
    with pytest.raises(UsageError, match=r"unknown key tool\.roadmap-lint\.ofline"):
        parse_config(path, DEFAULTS)


def test_bad_config_exits_2_from_the_cli(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "README.md", DOC)
    write(tmp_path, ".roadmap-lint.toml", "[links]\ntimout = 3\n")
    result = run_cli("--offline", cwd=tmp_path)
    assert result.exit_code == 2
    assert ".roadmap-lint.toml:2: unknown key links.timout" in result.stderr
    assert result.stdout == ""


def test_missing_config_option_file(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "README.md", DOC)
    result = run_cli("--config", "nope.toml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "--config: nope.toml: no such file" in result.stderr


def test_links_and_cache_settings_reach_the_engine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ".roadmap-lint.toml",
        """
[links]
exclude = ["^https://internal\\\\."]
allow-network = ["10.1.0.0/16"]
accept = [200, 206, 999]
timeout = 5
retries = 4
max-concurrency = 8
max-per-host = 2
min-interval = 0.25
user-agent = "my-bot/1.0"

[links.hosts."api.example.org"]
headers = { Authorization = "token abc" }
max-per-host = 1
min-interval = 1.5

[cache]
enabled = false
path = "cache/links.sqlite3"
max-age = "12h"
""",
    )
    config = resolve(CommandLine(), parse_config(path, DEFAULTS), KNOWN, "1.0")
    net = config.net
    assert (net.timeout, net.retries, net.max_concurrency, net.max_per_host, net.min_interval) == (
        5,
        4,
        8,
        2,
        0.25,
    )
    assert net.user_agent == "my-bot/1.0"
    assert net.accept == frozenset({200, 206, 999})
    assert net.excludes[0].pattern == "^https://internal\\."
    assert net.policy.refusal("10.1.2.3") is None and net.policy.refusal("10.2.0.1") is not None
    host = net.hosts["api.example.org"]
    assert (dict(host.headers), host.max_per_host, host.min_interval) == (
        {"Authorization": "token abc"},
        1,
        1.5,
    )
    assert config.cache is False
    assert config.cache_path == tmp_path / "cache" / "links.sqlite3"
    assert config.max_cache_age == 12 * 3600


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ".roadmap-lint.toml",
        "select = ['RL2']\n[links]\ntimeout = 5\nretries = 4\n[cache]\nenabled = false\n",
    )
    file = parse_config(path, DEFAULTS)
    config = resolve(
        CommandLine(timeout=9.0, select="broken-anchor", cache=True), file, KNOWN, "1.0"
    )
    assert config.net.timeout == 9.0 and config.net.retries == 4
    assert config.select == frozenset({"broken-anchor"})
    assert config.cache is True


def test_severity_override_off_and_per_file_ignores(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "README.md", DOC)
    write(tmp_path, "docs/old.md", DOC)
    write(tmp_path, "vendor/third.md", DOC)
    write(
        tmp_path,
        "pyproject.toml",
        """
[tool.roadmap-lint]
exclude-files = ["vendor/"]

[tool.roadmap-lint.rules]
broken-anchor = "warning"
RL102 = { severity = "off" }

[tool.roadmap-lint.per-file-ignores]
"docs/*.md" = ["broken-anchor"]
""",
    )
    result = run_cli("--offline", "--format", "json", ".", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert result.exit_code == 0  # the only error became a warning
    assert [(f["path"], f["rule"], f["severity"]) for f in data["findings"]] == [
        ("README.md", "broken-anchor", "warning")
    ]
    assert data["summary"]["files"] == 2  # vendor/ is not linted


def test_explicit_config_file(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "README.md", DOC)
    write(tmp_path, "ci/lint.toml", "ignore = ['broken-anchor']\n")
    assert run_cli("--offline", cwd=tmp_path).exit_code == 1
    assert run_cli("--offline", "--config", "ci/lint.toml", cwd=tmp_path).exit_code == 0


def test_the_readme_example_config_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    path = write(tmp_path, ".roadmap-lint.toml", example)
    config = resolve(CommandLine(), parse_config(path, DEFAULTS), KNOWN, "1.0")
    assert config.severities["blocked-link"] == "off"
    assert config.net.hosts["api.github.com"].max_per_host == 2


# -- the line of the offending key -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# settings\n\noffline = 'yes'\n", "3: offline: must be true or false, not 'yes'"),
        ("offline = true\nofline = true\n", "2: unknown key ofline (known: "),
        ("select = [\n  'RL1',\n  'nope',\n]\n", "1: select: unknown rule 'nope'"),
        (
            "offline = true\n\n[links]\n# seconds\ntimeout = 'x'\n",
            "5: links.timeout: must be a number, not 'x'",
        ),
        ("[links]\nretries = 2\ntimout = 3\n", "3: unknown key links.timout"),
        ("[ links ]  # comment\nretries = -1\n", "2: links.retries: must not be negative"),
        (
            "rules.list-item-style.severity = 'fatal'\n",
            "1: rules.list-item-style.severity: must be one of",
        ),
        (
            "[rules]\nbroken-link = 'off'\nredirected-link = { severity = 'fatal' }\n",
            "3: rules.redirected-link.severity: must be one of",
        ),
        (  # short for { severity = "fatal" }: the line of the rule
            "[rules]\n\nbroken-anchor = 'fatal'\n",
            "3: rules.broken-anchor.severity: must be one of",
        ),
        ("[rules.toc-order]\n\n[rules.broken-ankor]\n", "3: rules.broken-ankor: unknown rule"),
        (
            '[links.hosts."example.org"]\nmin-interval = 1\nmax-per-host = "2"\n',
            "3: links.hosts.example.org.max-per-host: must be a whole number",
        ),
        (
            "[links.hosts.'example.org']\nheaders = { A = 'b', X = 1 }\n",
            "2: links.hosts.example.org.headers.X: must be a string",
        ),
        (
            '[per-file-ignores]\n"docs/*.md" = [\n  "toc-order",\n]\n"a.md" = "x"\n',
            "5: per-file-ignores.a.md: must be a list of strings",
        ),
        (  # what looks like a table and a key inside a string is not one
            '[links]\nuser-agent = """\n[cache]\ntimeout = 1\n"""\ntimeout = true\n',
            "6: links.timeout: must be a number",
        ),
    ],
)
def test_a_config_error_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, ".roadmap-lint.toml", text)
    with pytest.raises(UsageError) as raised:
        parse_config(path, DEFAULTS)
    assert str(raised.value).startswith(f"{path}:{message}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[project]\nname = 'x'\n\n[tool.roadmap-lint]\nofline = true\n",
            "5: unknown key tool.roadmap-lint.ofline",
        ),
        (
            "[tool.roadmap-lint]\noffline = true\n\n[tool.roadmap-lint.links]\ntimeout = 'x'\n",
            "5: tool.roadmap-lint.links.timeout: must be a number, not 'x'",
        ),
        (
            "[tool.roadmap-lint]\nrules.list-item-style.severity = 'fatal'\n",
            "2: tool.roadmap-lint.rules.list-item-style.severity: must be one of",
        ),
        (
            "[tool.roadmap-lint.rules]\nbroken-link = { severity = 'off', limit = 3 }\n",
            "2: unknown key tool.roadmap-lint.rules.broken-link.limit",
        ),
        (
            '[tool."roadmap-lint".cache]\nmax-age = true\n',
            "2: tool.roadmap-lint.cache.max-age: must be a duration",
        ),
    ],
)
def test_a_pyproject_error_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "pyproject.toml", text)
    with pytest.raises(UsageError) as raised:
        parse_config(path, DEFAULTS)
    assert str(raised.value).startswith(f"{path}:{message}")


def test_a_key_that_cannot_be_located_unambiguously_has_no_line(tmp_path: Path) -> None:
    # Two [[links.hosts]] tables: the key is on two lines, neither of them more its place.
    path = write(tmp_path, ".roadmap-lint.toml", "[[links.hosts]]\na = 1\n[[links.hosts]]\n")
    with pytest.raises(UsageError) as raised:
        parse_config(path, DEFAULTS)
    assert str(raised.value) == f"{path}: links.hosts: must be a table"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("offline = true\nselect = \n", "2:10: invalid TOML: Invalid value"),
        ("[links]\ntimeout = 1\n[cache\n", "3:7: invalid TOML: Expected ']'"),
        ("offline = true\nselect = [\n", "2: invalid TOML: Invalid value (at end of document)"),
    ],
)
def test_a_toml_syntax_error_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, ".roadmap-lint.toml", text)
    with pytest.raises(UsageError) as raised:
        parse_config(path, DEFAULTS)
    assert str(raised.value).startswith(f"{path}:{message}")
