"""Reading `.roadmap-lint.toml` or `[tool.roadmap-lint]` in `pyproject.toml`, strictly.

Every key is known and typed: a typo or a wrong type stops the run (exit 2) with the file,
the line and the key named, rather than being silently ignored.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from roadmap_lint.config.fail_after import parse_fail_after
from roadmap_lint.config.selectors import names_rule
from roadmap_lint.errors import UsageError


def _toml() -> Any:
    """The TOML parser, loaded only when there is a file to read."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # pragma: no cover - exercised on Python 3.10 only

    return tomli  # pragma: no cover


PROJECT_FILE = "pyproject.toml"
OWN_FILE = ".roadmap-lint.toml"
SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class HostOverride:
    headers: Mapping[str, str] = field(default_factory=dict)
    max_per_host: int | None = None
    min_interval: float | None = None


@dataclass(frozen=True)
class FileConfig:
    """What a configuration file says; None and empty mean "not set"."""

    path: Path | None = None
    offline: bool | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude_files: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severities: Mapping[str, str] = field(default_factory=dict)  # rule → error|warning|off
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    links: Mapping[str, Any] = field(default_factory=dict)  # timeout, retries, … as given
    hosts: Mapping[str, HostOverride] = field(default_factory=dict)
    cache: Mapping[str, Any] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """The nearest config at or above `start`: pyproject.toml with the section, else our file."""
    for folder in (start, *start.parents):
        project = folder / PROJECT_FILE
        if project.is_file() and _has_section(project):
            return project
        own = folder / OWN_FILE
        if own.is_file():
            return own
    return None


def _has_section(path: Path) -> bool:
    toml = _toml()
    try:
        text = path.read_text(encoding="utf-8")
        if "roadmap-lint" not in text:
            return False  # most projects' pyproject.toml: no need to parse it
        data = toml.loads(text)
    except (OSError, UnicodeDecodeError, toml.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "roadmap-lint" in data["tool"]


class _Reader:
    """Takes typed values out of a table, complaining about anything unknown or mistyped.

    A complaint names the file, the line defining the key (when it can be found in
    `text`) and the key.
    """

    def __init__(self, path: Path, prefix: str, text: str = ""):
        self.path = path
        self.prefix = prefix
        self._text = text
        self._key_lines: dict[str, list[tuple[int, bool]]] | None = None

    def where(self, key: str) -> str:
        """`path:line` of the key's definition, or just the path."""
        if self._key_lines is None:
            self._key_lines = key_lines(self._text)
        line = _line_of(self._key_lines, f"{self.prefix}{key}".rstrip("."))
        return f"{self.path}:{line}" if line else str(self.path)

    def fail(self, key: str, problem: str) -> UsageError:
        return UsageError(f"{self.where(key)}: {self.prefix}{key}: {problem}")

    def table(self, data: Any, key: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(key, "must be a table")
        return data

    def check_keys(self, data: Mapping[str, Any], allowed: set[str], where: str = "") -> None:
        for key in data:
            if key not in allowed:
                raise UsageError(
                    f"{self.where(f'{where}{key}')}: unknown key {self.prefix}{where}{key!s}"
                    f" (known: {', '.join(sorted(allowed))})"
                )

    def value(self, data: Mapping[str, Any], key: str, kind: str, where: str = "") -> Any:
        value = data[key]
        checks: dict[str, Callable[[Any], bool]] = {
            "bool": lambda v: isinstance(v, bool),
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            "str": lambda v: isinstance(v, str),
            "str-list": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
            "int-list": lambda v: (
                isinstance(v, list)
                and all(isinstance(i, int) and not isinstance(i, bool) for i in v)
            ),
            "duration": lambda v: isinstance(v, (str, int, float)) and not isinstance(v, bool),
            "runs-or-time": lambda v: isinstance(v, (str, int)) and not isinstance(v, bool),
        }
        if not checks[kind](value):
            wanted = {
                "bool": "true or false",
                "int": "a whole number",
                "number": "a number",
                "str": "a string",
                "str-list": "a list of strings",
                "int-list": "a list of whole numbers",
                "duration": 'a duration such as 3600, "30m" or "1d"',
                "runs-or-time": 'a number of runs such as 3, or a time such as "3d" or "12h"',
            }[kind]
            raise self.fail(f"{where}{key}", f"must be {wanted}, not {value!r}")
        if kind in ("int", "number") and value < 0:
            raise self.fail(f"{where}{key}", "must not be negative")
        return value


_TOP_KEYS = {
    "offline",
    "select",
    "extend-select",
    "ignore",
    "exclude-files",
    "per-file-ignores",
    "rules",
    "links",
    "cache",
}
_LINK_KEYS = {
    "exclude": "str-list",
    "allow-network": "str-list",
    "accept": "int-list",
    "timeout": "number",
    "retries": "int",
    "max-concurrency": "int",
    "max-per-host": "int",
    "min-interval": "number",
    "user-agent": "str",
    "soft-404": "bool",
    "fail-after": "runs-or-time",
}
# Site lanes: links decided by what the site's API says rather than by fetching the page.
_LANE_KEYS = {
    "github": {"enabled": "bool", "api-url": "str", "hosts": "str-list"},
    "youtube": {"enabled": "bool", "oembed-url": "str"},
    # Not a lane: where snapshots of dead pages are looked up, and whether they are.
    "archive": {"enabled": "bool", "url": "str"},
}
_HOST_KEYS = {"headers", "max-per-host", "min-interval"}
_CACHE_KEYS = {"enabled": "bool", "path": "str", "max-age": "duration"}


def parse_config(path: Path, known_rules: Mapping[str, Mapping[str, Any]]) -> FileConfig:
    """Read and validate one config file. `known_rules`: rule name or code → its option defaults."""
    toml = _toml()
    try:
        text = path.read_text(encoding="utf-8")
        data = toml.loads(text)
    except OSError as error:
        raise UsageError(f"{path}: cannot read config: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: config is not valid UTF-8") from None
    except toml.TOMLDecodeError as error:
        raise UsageError(_syntax_error(path, text, error)) from None
    if path.name == PROJECT_FILE:
        section = data.get("tool", {}).get("roadmap-lint", {})
        reader = _Reader(path, "tool.roadmap-lint.", text)
    else:
        section = data
        reader = _Reader(path, "", text)
    section = reader.table(section, "")
    reader.check_keys(section, _TOP_KEYS)
    result: dict[str, Any] = {"path": path}
    if "offline" in section:
        result["offline"] = reader.value(section, "offline", "bool")
    for key, name in (
        ("select", "select"),
        ("extend-select", "extend_select"),
        ("ignore", "ignore"),
        ("exclude-files", "exclude_files"),
    ):
        if key in section:
            result[name] = tuple(reader.value(section, key, "str-list"))
    for key in ("select", "extend_select", "ignore"):
        for selector in result.get(key, ()):
            _check_rule(reader, selector, known_rules, key.replace("_", "-"))
    if "per-file-ignores" in section:
        table = reader.table(section["per-file-ignores"], "per-file-ignores")
        ignores: dict[str, tuple[str, ...]] = {}
        for pattern in table:
            ignores[pattern] = tuple(reader.value(table, pattern, "str-list", "per-file-ignores."))
            for selector in ignores[pattern]:
                _check_rule(reader, selector, known_rules, f"per-file-ignores.{pattern}")
        result["per_file_ignores"] = ignores
    if "rules" in section:
        result["severities"], result["rule_options"] = _rules(reader, section["rules"], known_rules)
    if "links" in section:
        result["links"], result["hosts"] = _links(reader, section["links"])
    if "cache" in section:
        table = reader.table(section["cache"], "cache")
        reader.check_keys(table, set(_CACHE_KEYS), "cache.")
        result["cache"] = {
            key: reader.value(table, key, kind, "cache.")
            for key, kind in _CACHE_KEYS.items()
            if key in table
        }
    return FileConfig(**result)


def _check_rule(reader: _Reader, selector: str, known: Mapping[str, Any], where: str) -> None:
    # `known` is keyed by both names and codes: each key is tried as either.
    if any(names_rule(selector, key, key) for key in known):
        return
    raise reader.fail(where, f"unknown rule {selector!r}")


def _rules(
    reader: _Reader, data: Any, known: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    table = reader.table(data, "rules")
    severities: dict[str, str] = {}
    options: dict[str, dict[str, Any]] = {}
    for rule, settings in table.items():
        if rule not in known:
            raise reader.fail(f"rules.{rule}", "unknown rule")
        if isinstance(settings, str):  # rules.broken-link = "warning"
            settings = {"severity": settings}
        settings = reader.table(settings, f"rules.{rule}")
        defaults = known[rule]
        reader.check_keys(settings, {"severity", *defaults}, f"rules.{rule}.")
        for key, value in settings.items():
            if key == "severity":
                if value not in SEVERITIES:
                    raise reader.fail(
                        f"rules.{rule}.severity",
                        f"must be one of {', '.join(SEVERITIES)}, not {value!r}",
                    )
                severities[rule] = value
                continue
            default = defaults[key]
            if type(value) is not type(default) and not (
                isinstance(default, float) and isinstance(value, int)
            ):
                raise reader.fail(
                    f"rules.{rule}.{key}", f"must be {type(default).__name__}, not {value!r}"
                )
            options.setdefault(rule, {})[key] = value
    return severities, options


def _web_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # a bad port or IPv6 address
        return False
    return parts.scheme in ("http", "https") and bool(host) and not parts.fragment


def _links(reader: _Reader, data: Any) -> tuple[dict[str, Any], dict[str, HostOverride]]:
    table = reader.table(data, "links")
    reader.check_keys(table, {*_LINK_KEYS, *_LANE_KEYS, "hosts"}, "links.")
    links = {
        key: reader.value(table, key, kind, "links.")
        for key, kind in _LINK_KEYS.items()
        if key in table
    }
    for lane, keys in _LANE_KEYS.items():
        if lane in table:
            where = f"links.{lane}."
            settings = reader.table(table[lane], where.rstrip("."))
            reader.check_keys(settings, set(keys), where)
            links[lane] = {
                key: reader.value(settings, key, kind, where)
                for key, kind in keys.items()
                if key in settings
            }
    if "fail-after" in links:
        try:
            parse_fail_after(links["fail-after"])
        except ValueError as error:
            raise reader.fail("links.fail-after", str(error)) from None
    oembed = links.get("youtube", {}).get("oembed-url")
    if oembed is not None and not _web_url(oembed):
        raise reader.fail("links.youtube.oembed-url", f"must be an http(s) URL, not {oembed!r}")
    archive = links.get("archive", {}).get("url")
    if archive is not None and (not _web_url(archive) or urlsplit(archive).query):
        raise reader.fail("links.archive.url", f"must be an http(s) URL, not {archive!r}")
    hosts: dict[str, HostOverride] = {}
    for host, settings in reader.table(table.get("hosts", {}), "links.hosts").items():
        where = f"links.hosts.{host}."
        settings = reader.table(settings, where.rstrip("."))
        reader.check_keys(settings, _HOST_KEYS, where)
        headers = reader.table(settings.get("headers", {}), where + "headers")
        for name, value in headers.items():
            if not isinstance(value, str):
                raise reader.fail(f"{where}headers.{name}", f"must be a string, not {value!r}")
        hosts[host.lower()] = HostOverride(
            headers=dict(headers),
            max_per_host=reader.value(settings, "max-per-host", "int", where)
            if "max-per-host" in settings
            else None,
            min_interval=reader.value(settings, "min-interval", "number", where)
            if "min-interval" in settings
            else None,
        )
    return links, hosts


# -- where a key is in the file ---------------------------------------------------------------
# TOML parsers give no positions, so the lines of the keys are found in the text, by a scanner
# that only needs to be right about valid TOML (the parser has checked the file already).

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _syntax_error(path: Path, text: str, error: ValueError) -> str:
    """`path:line:column: invalid TOML: …`, with the position the parser reports."""
    message = str(error)
    found = _POSITION.search(message)
    if found:
        return f"{path}:{found[1]}:{found[2]}: invalid TOML: {message[: found.start()]}"
    if message.endswith("(at end of document)"):
        return f"{path}:{len(text.splitlines()) or 1}: invalid TOML: {message}"
    return f"{path}: invalid TOML: {message}"


def _line_of(lines: Mapping[str, list[tuple[int, bool]]], key: str) -> int | None:
    """The one line defining the dotted `key`; None when there is none, or several.

    A key missing from the text but whose parent is a key/value line (`rule = "warning"`,
    short for `rule = { severity = "warning" }`) is on the parent's line.
    """
    while key:
        found = {line for line, _ in lines.get(key, ())}
        if found:
            return found.pop() if len(found) == 1 else None
        key, _, _ = key.rpartition(".")
        if not any(is_value for _, is_value in lines.get(key, ())):
            return None
    return None


def key_lines(text: str) -> dict[str, list[tuple[int, bool]]]:
    """Every key a TOML document defines, as its dotted path (quotes removed) → where:
    (line, whether a key/value line rather than a table header). {} if the text is not
    understood."""
    scanner = _KeyScanner(text)
    try:
        scanner.document()
    except (IndexError, ValueError):
        return {}
    return scanner.found


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\n#]")


class _KeyScanner:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.found: dict[str, list[tuple[int, bool]]] = {}
        self._newlines = [index for index, char in enumerate(text) if char == "\n"]

    def document(self) -> None:
        table: tuple[str, ...] = ()
        while self._skip(newlines=True) < len(self.text):
            if self.text[self.pos] == "[":
                table = self._header()
            else:
                self._key_value(table)

    def _header(self) -> tuple[str, ...]:
        line = self._line()
        self.pos += 2 if self.text.startswith("[[", self.pos) else 1
        self._skip()
        key = self._key()
        self._skip()
        self._expect("]")
        if self.text.startswith("]", self.pos):
            self.pos += 1
        self._record(key, line, is_value=False)
        return key

    def _key_value(self, table: tuple[str, ...] | None) -> None:
        line = self._line()
        key = self._key()
        path = None if table is None else table + key
        if path is not None:
            self._record(path, line, is_value=True)
        self._skip()
        self._expect("=")
        self._value(path)

    def _key(self) -> tuple[str, ...]:
        parts = [self._key_part()]
        while self._skip() < len(self.text) and self.text[self.pos] == ".":
            self.pos += 1
            self._skip()
            parts.append(self._key_part())
        return tuple(parts)

    def _key_part(self) -> str:
        char = self.text[self.pos]
        if char in "\"'":
            start = self.pos
            self._string()
            return str(_toml().loads(f"k = {self.text[start : self.pos]}")["k"])
        bare = _BARE_KEY.match(self.text, self.pos)
        if bare is None:
            raise ValueError(f"no key at {self.pos}")
        self.pos = bare.end()
        return bare.group()

    def _value(self, path: tuple[str, ...] | None) -> None:
        self._skip()
        char = self.text[self.pos]
        if char in "\"'":
            self._string()
        elif char == "[":
            self._array()
        elif char == "{":
            self._inline_table(path)
        else:
            end = _SCALAR_END.search(self.text, self.pos)
            self.pos = end.start() if end else len(self.text)

    def _array(self) -> None:
        self.pos += 1
        while self._skip(newlines=True) < len(self.text) and self.text[self.pos] != "]":
            if self.text[self.pos] == ",":
                self.pos += 1
            else:
                self._value(None)  # the keys of tables in an array have no single path
        self._expect("]")

    def _inline_table(self, path: tuple[str, ...] | None) -> None:
        self.pos += 1
        while self._skip() < len(self.text) and self.text[self.pos] != "}":
            if self.text[self.pos] == ",":
                self.pos += 1
            else:
                self._key_value(path)
                self._skip()
        self._expect("}")

    def _string(self) -> None:
        quote = self.text[self.pos]
        if self.text.startswith(quote * 3, self.pos):
            end = self._string_end(quote * 3, self.pos + 3)
            while self.text.startswith(quote, end):  # up to two quotes end the content
                end += 1
        else:
            end = self._string_end(quote, self.pos + 1)
        self.pos = end

    def _string_end(self, closing: str, start: int) -> int:
        index = start
        while not self.text.startswith(closing, index):
            if index >= len(self.text):
                raise ValueError("unterminated string")
            index += 2 if self.text[index] == "\\" and closing[0] == '"' else 1
        return index + len(closing)

    def _skip(self, newlines: bool = False) -> int:
        """Move past spaces and comments (and line ends, with `newlines`)."""
        blank = " \t\r\n" if newlines else " \t"
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in blank:
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                break
        return self.pos

    def _expect(self, char: str) -> None:
        if self.text[self.pos] != char:
            raise ValueError(f"expected {char!r} at {self.pos}")
        self.pos += 1

    def _line(self) -> int:
        return bisect.bisect_left(self._newlines, self.pos) + 1

    def _record(self, path: tuple[str, ...], line: int, is_value: bool) -> None:
        self.found.setdefault(".".join(path), []).append((line, is_value))
