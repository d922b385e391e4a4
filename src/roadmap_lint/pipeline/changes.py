"""`--changed-since GIT_REF`: which lines of the linted files are new or changed since a commit.

Every local check still runs on whole documents; only the external links are narrowed down.
A URL is requested when at least one place where it appears is on a line added or changed
since GIT_REF, and the external-link findings (and the online part of `insecure-url`) are
reported only for such places. A URL that appears only on unchanged lines is not requested at
all: the JSON report lists it with state `excluded` and the error "unchanged since GIT_REF".

Changed lines are what `git diff GIT_REF` shows against the working tree, so staged and
unstaged edits count too: the `+` side of each hunk header (`@@ -a,b +c,d @@`). A file added
since GIT_REF, and an untracked file that is not ignored, counts as changed on every line. A
renamed file counts only the lines changed along with the rename. A file git ignores, or one
it tracks without changes, has no changed lines. A reference link counts as changed when the
line that uses it or the line of its definition changed. Text given without a file on disk
(the library's `lint_text`) is treated as changed everywhere.

Git's paths are matched to ours by the file they name on disk (device and inode), so symbolic
links, letter case on case-insensitive file systems and Unicode normalisation do not matter.
Every git call is bounded by a timeout; a problem ends the run with a one-line usage error.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_lint.errors import UsageError
from roadmap_lint.markdown.document import Document
from roadmap_lint.model import LinkKind, LinkResult, LinkState, Location, Verdict
from roadmap_lint.pipeline.git import run_git
from roadmap_lint.pipeline.sources import SourceFile

GIT_TIMEOUT = 60.0  # seconds per git call
_PATHSPECS_PER_CALL = 100  # keeps each command line short
_HUNK = re.compile(rb"^@@+(?: -\d+(?:,\d+)?)+ \+(\d+)(?:,(\d+))? @@")
_OPTION = "--changed-since"


@dataclass(frozen=True)
class FileChanges:
    """The changed lines of one file (1-based), or every line."""

    lines: frozenset[int] = frozenset()
    everything: bool = False

    def __contains__(self, line: object) -> bool:
        return self.everything or line in self.lines


UNCHANGED = FileChanges()
EVERYTHING = FileChanges(everything=True)


@dataclass(frozen=True)
class Scope:
    """What counts as changed in one run, by display path."""

    ref: str
    files: Mapping[str, FileChanges]
    # places of reference links whose definition is on a changed line
    references: frozenset[Location] = field(default_factory=frozenset)

    def covers(self, path: str, line: int) -> bool:
        return line in self.files.get(path, EVERYTHING)

    def covers_location(self, location: Location) -> bool:
        return self.covers(location.path, location.line) or location in self.references

    @property
    def reason(self) -> str:
        return f"unchanged since {self.ref}"


def scope_for(ref: str, files: Sequence[SourceFile], parsed: Mapping[str, Document]) -> Scope:
    """The changed lines of the files being linted (`parsed`: those parsed in this run)."""
    on_disk = [file.path for file in files if file.path is not None]
    by_path = changed_lines(ref, on_disk)
    by_display = {
        file.display: by_path.get(file.path, UNCHANGED) if file.path is not None else EVERYTHING
        for file in files
    }
    references: set[Location] = set()
    for display, document in parsed.items():
        changes = by_display.get(display, EVERYTHING)
        for link in document.links:
            if link.kind is not LinkKind.REFERENCE or link.label is None:
                continue
            definition = document.definitions.get(link.label)
            if definition is not None and definition.position.line in changes:
                references.add(Location(display, link.position.line, link.position.column))
    return Scope(ref, by_display, frozenset(references))


def exclude_unchanged(results: Iterable[LinkResult], scope: Scope) -> None:
    """Mark the URLs that appear only on unchanged lines as excluded: they are not requested."""
    for result in results:
        if result.state is LinkState.EXCLUDED:
            continue
        if not any(scope.covers_location(location) for location in result.locations):
            result.verdict = Verdict(LinkState.EXCLUDED, error=scope.reason)


def on_changed_lines(results: Iterable[LinkResult], scope: Scope) -> list[LinkResult]:
    """Copies of the results with only the places on changed lines, for the link rules."""
    return [
        dataclasses.replace(
            result,
            locations=[loc for loc in result.locations if scope.covers_location(loc)],
        )
        for result in results
    ]


# -- git -------------------------------------------------------------------------------------


def changed_lines(ref: str, paths: Iterable[Path]) -> dict[Path, FileChanges]:
    """For each path (a key of the answer as given): its lines added or changed since `ref`.

    Raises UsageError when git is missing, a file is not in a git work tree, or the ref is
    unknown there.
    """
    if not ref.strip() or ref.startswith("-"):
        raise UsageError(f"{_OPTION}: unknown git ref {ref!r}")
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        folder = path.resolve().parent
        groups.setdefault(_repository_hint(folder), []).append(path)
    answer: dict[Path, FileChanges] = {}
    for folder, members in groups.items():
        repository = _Repository.at(folder)
        answer.update(repository.changes(repository.commit(ref), ref, members))
    return answer


def _repository_hint(folder: Path) -> Path:
    """The nearest folder at or above `folder` with `.git`, to ask git once per repository."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def _git(
    arguments: Sequence[str], cwd: Path, *, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    what = f"git {arguments[0]}"
    try:
        done = run_git(arguments, cwd, GIT_TIMEOUT)
    except FileNotFoundError:
        raise UsageError(f"{_OPTION}: git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"{_OPTION}: {what} timed out after {GIT_TIMEOUT:g}s") from None
    except OSError as error:
        raise UsageError(f"{_OPTION}: cannot run git: {error.strerror or error}") from None
    if check and done.returncode != 0:
        message = os.fsdecode(done.stderr).strip().splitlines()
        detail = message[0] if message else f"exit status {done.returncode}"
        raise UsageError(f"{_OPTION}: {what} failed: {detail}")
    return done


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


@dataclass
class _Repository:
    top: Path

    @classmethod
    def at(cls, folder: Path) -> _Repository:
        done = _git(["rev-parse", "--show-toplevel"], folder, check=False)
        top = os.fsdecode(done.stdout).strip()
        if done.returncode != 0 or not top:
            raise UsageError(f"{_OPTION}: not a git repository ({folder})")
        return cls(Path(top))

    def commit(self, ref: str) -> str:
        done = _git(
            ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], self.top, check=False
        )
        sha = done.stdout.decode("ascii", "replace").strip()
        if done.returncode == 0 and sha:
            return sha
        shallow = _git(["rev-parse", "--is-shallow-repository"], self.top, check=False)
        hint = (
            " (shallow clone: fetch more history, e.g. fetch-depth: 0)"
            if shallow.stdout.strip() == b"true"
            else ""
        )
        raise UsageError(f"{_OPTION}: unknown git ref {ref!r}{hint}")

    def changes(self, sha: str, ref: str, members: list[Path]) -> dict[Path, FileChanges]:
        ours: dict[tuple[int, int], list[Path]] = {}
        names: set[str] = set()
        for path in members:
            key = _file_key(path)
            if key is not None:
                ours.setdefault(key, []).append(path)
                names.update({_name_key(path.name), _name_key(path.resolve().name)})

        def owner(git_path: str) -> list[Path]:
            if _name_key(git_path.rsplit("/", 1)[-1]) not in names:
                return []
            key = _file_key(self.top / git_path)
            return ours.get(key, []) if key is not None else []

        answer = dict.fromkeys(members, UNCHANGED)
        for git_path in self._untracked():
            for path in owner(git_path):
                answer[path] = EVERYTHING
        to_diff: dict[str, list[Path]] = {}  # git path (new side) → our files
        pathspecs: list[list[str]] = []  # a renamed file with its old name, in one call
        for status, new, old in self._name_status(sha):
            found = owner(new)
            if not found:
                continue
            if status == "A":
                for path in found:
                    answer[path] = EVERYTHING
                continue
            to_diff[new] = found
            pathspecs.append([new] if old is None else [new, old])
        for start in range(0, len(pathspecs), _PATHSPECS_PER_CALL):
            chunk = [
                name for names in pathspecs[start : start + _PATHSPECS_PER_CALL] for name in names
            ]
            for git_path, lines in self._hunks(sha, chunk).items():
                for path in to_diff.get(git_path, []):
                    answer[path] = FileChanges(frozenset(lines))
        return answer

    def _untracked(self) -> list[str]:
        done = _git(["ls-files", "--others", "--exclude-standard", "-z"], self.top)
        return [os.fsdecode(name) for name in done.stdout.split(b"\0") if name]

    def _name_status(self, sha: str) -> list[tuple[str, str, str | None]]:
        """(status letter, path now, path before for renames and copies) of changed files."""
        done = _git(
            ["diff", "--name-status", "-z", "--find-renames", "--no-ext-diff", sha, "--"], self.top
        )
        fields = [os.fsdecode(item) for item in done.stdout.split(b"\0")]
        entries: list[tuple[str, str, str | None]] = []
        index = 0
        while index + 1 < len(fields) and fields[index]:
            status = fields[index][0]
            if status in "RC" and index + 2 < len(fields):
                entries.append((status, fields[index + 2], fields[index + 1]))
                index += 3
            else:
                entries.append((status, fields[index + 1], None))
                index += 2
        return entries

    def _hunks(self, sha: str, pathspecs: list[str]) -> dict[str, set[int]]:
        """The added or changed lines (new side) of each file in the patch, by its git path."""
        done = _git(
            [
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--text",
                "--find-renames",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                sha,
                "--",
                *pathspecs,
            ],
            self.top,
        )
        return parse_patch(done.stdout)


def parse_patch(patch: bytes) -> dict[str, set[int]]:
    """Lines added or changed on the new side of a unified diff, by file (`+++ b/…`)."""
    found: dict[str, set[int]] = {}
    current: set[int] | None = None
    for raw in patch.split(b"\n"):
        if raw.startswith(b"+++ "):
            name = _unquote(raw[4:].rstrip(b"\r").rstrip(b"\t"))
            current = None if name is None or not name.startswith("b/") else set()
            if current is not None and name is not None:
                found[name[2:]] = current
            continue
        match = _HUNK.match(raw)
        if match and current is not None:
            start = int(match.group(1))
            count = int(match.group(2)) if match.group(2) is not None else 1
            current.update(range(start, start + count))
    return found


_ESCAPES = {
    ord("a"): 7,
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("v"): 11,
    ord("f"): 12,
    ord("r"): 13,
    ord('"'): 34,
    ord("\\"): 92,
}


def _unquote(name: bytes) -> str | None:
    """A path as git writes it in a patch: as is, or C-quoted when it holds odd characters."""
    if name == b"/dev/null":
        return None
    if not (name.startswith(b'"') and name.endswith(b'"') and len(name) >= 2):
        return os.fsdecode(name)
    body, out, index = name[1:-1], bytearray(), 0
    while index < len(body):
        byte = body[index]
        if byte == ord("\\") and index + 1 < len(body):
            following = body[index + 1]
            octal = body[index + 1 : index + 4]
            if len(octal) == 3 and all(ord("0") <= digit <= ord("7") for digit in octal):
                out.append(int(octal, 8) & 0xFF)
                index += 4
                continue
            out.append(_ESCAPES.get(following, following))
            index += 2
            continue
        out.append(byte)
        index += 1
    return os.fsdecode(bytes(out))
