"""The persistent cache: SQLite from the standard library, safe for concurrent runs.

It holds link verdicts (below) and, in a second table, each file's local results (see
`file_results`), so that one file is all CI has to keep between runs.

`ok` and `redirected` verdicts are kept for the configured age (each entry a little less, at
random, so that a cache filled in one run does not expire all on one day); `blocked` and
`unknown` for an hour at most; `broken` never, so a dead link is always looked at again.
"""

from __future__ import annotations

import contextlib
import enum
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from roadmap_lint.model import LinkState, Verdict

_SCHEMA_VERSION = 4
_APPLICATION_ID = 0x524C4E54  # "RLNT": marks the file as ours
_SHORT_LIVED = 3600.0
_STATES = {state.value: state for state in LinkState}
_JITTER = 0.2  # an entry lives between 80% and 100% of its age
_DAMAGED = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
_READ_ONLY = 8  # SQLITE_READONLY


_PARAMETERS = 500  # URLs per query: well below SQLite's limit on parameters


def in_chunks(urls: Sequence[str]) -> Iterator[tuple[Sequence[str], str]]:
    """`urls` in slices one query can take, each with its `?,?,…` for `IN (…)`."""
    for start in range(0, len(urls), _PARAMETERS):
        chunk = urls[start : start + _PARAMETERS]
        yield chunk, ",".join("?" * len(chunk))


def _check_integrity(db: sqlite3.Connection) -> None:
    """Raise if the file is damaged (a quick check of its structure, milliseconds)."""
    verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        raise sqlite3.DatabaseError("database disk image is malformed")


def _damage(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code in _DAMAGED or "malformed" in str(error) or "not a database" in str(error)


def _read_only(error: sqlite3.DatabaseError) -> bool:
    return getattr(error, "sqlite_errorcode", None) == _READ_ONLY or "readonly" in str(error)


def default_path() -> Path:
    """The cache file: in `$ROADMAP_LINT_CACHE_DIR`, `$XDG_CACHE_HOME/roadmap-lint` or
    `~/.cache/roadmap-lint`, the first that is set."""
    folder = os.environ.get("ROADMAP_LINT_CACHE_DIR")
    if folder:
        return Path(folder) / "links.sqlite3"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "roadmap-lint" / "links.sqlite3"


_SQLITE_HEADER = b"SQLite format 3\x00"


def _marked_as_ours(path: Path) -> bool:
    """Whether the file starts as a SQLite database with our application id, whatever state
    the rest of it is in."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(72)
    except OSError:
        return False
    return head.startswith(_SQLITE_HEADER) and head[68:72] == _APPLICATION_ID.to_bytes(4, "big")


class _Claim(enum.Enum):
    OURS = "ours"
    OTHER_VERSION = "other version"
    FOREIGN = "foreign"


class VerdictCache:
    """The cache file. `owned`: the file is at roadmap-lint's own location (see
    `default_path`), so whatever is there may be replaced; a file the user named is replaced
    only when it is recognisably a roadmap-lint cache, damaged or of another version, and
    is otherwise left exactly as it is (the run goes on without a cache)."""

    def __init__(
        self,
        path: Path,
        max_age: float,
        warn: Callable[[str], None] = lambda message: None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        owned: bool = False,
        busy_timeout: float = 30.0,  # seconds to wait while another run holds the file
    ):
        self._path = path
        self._busy_timeout = busy_timeout
        self._max_age = max_age
        self._warn = warn
        self._clock = clock
        self._rng = rng or random.Random()
        self._owned = owned
        self._failed: set[str] = set()  # the kinds of failure already warned of
        self.read_only = False
        self._db = self._open()

    def _connect(self) -> sqlite3.Connection:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self._path, timeout=self._busy_timeout, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        return db

    def _open(self) -> sqlite3.Connection:
        if self._path.is_dir():
            return self._without_file("is a folder, not a cache file; left as it is")
        if self._path.exists() and not os.access(self._path, os.W_OK):
            return self._open_read_only()
        try:
            db = self._connect()
            claim = self._claim(db)
            if claim is _Claim.OURS:
                _check_integrity(db)
                return db
            db.close()
            if claim is _Claim.FOREIGN:
                if not self._owned:
                    return self._without_file("not a roadmap-lint cache; left as it is")
                self._warn(f"{self._path}: not a roadmap-lint cache; starting a new one")
        except sqlite3.DatabaseError as error:
            if _read_only(error):
                return self._open_read_only()
            if "locked" in str(error) or "busy" in str(error):
                # Another run holds it for longer than the busy timeout: never delete it then.
                return self._without_file(f"cache busy ({error})")
            if not self._replaceable():
                return self._without_file(f"not a roadmap-lint cache ({error}); left as it is")
            self._warn(f"{self._path}: cache unreadable ({error}); starting a new one")
        except OSError as error:
            return self._without_file(f"cache unavailable ({error.strerror or error})")
        try:
            self._remove()
            db = self._connect()
        except (OSError, sqlite3.DatabaseError) as error:
            return self._without_file(f"cache unavailable ({error})")
        if self._claim(db) is not _Claim.OURS:  # pragma: no cover - a new file is always ours
            raise sqlite3.DatabaseError("could not create the cache")
        return db

    def _open_read_only(self) -> sqlite3.Connection:
        """The file opened for reading only: its verdicts are used, none is kept."""
        try:
            db = sqlite3.connect(f"{self._path.as_uri()}?mode=ro", uri=True, isolation_level=None)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            if application_id != _APPLICATION_ID or version != _SCHEMA_VERSION:
                db.close()
                return self._without_file("read-only and not a cache of this version")
            _check_integrity(db)
        except (sqlite3.DatabaseError, OSError, ValueError) as error:
            return self._without_file(f"read-only and unreadable ({error})")
        self._warn(f"{self._path}: cache is read-only; its verdicts are used, new ones not kept")
        self.read_only = True
        return db

    def failed(self, action: str, error: sqlite3.DatabaseError) -> None:
        """A read or a write failed: said once; a damaged file of ours is rebuilt empty."""
        if _damage(error) and "damage" not in self._failed:
            self._failed.add("damage")
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.close()
            if self._replaceable():
                self._warn(f"{self._path}: cache damaged ({error}); rebuilt empty")
                try:
                    self._remove()
                    self._db = self._connect()
                    if self._claim(self._db) is _Claim.OURS:
                        return
                except (OSError, sqlite3.DatabaseError):
                    pass
            self._db = self._without_file(f"cache damaged ({error}); left as it is")
            return
        if _read_only(error) and not self.read_only:
            self.read_only = True
            self._warn(f"{self._path}: cache is read-only; new verdicts not kept")
            return
        if action not in self._failed:
            self._failed.add(action)
            self._warn(f"{self._path}: cache {action} failed ({error}); going on without it")

    def _replaceable(self) -> bool:
        """Whether an unreadable file may be deleted: at our own location, or marked as ours."""
        return self._owned or _marked_as_ours(self._path)

    def _without_file(self, reason: str) -> sqlite3.Connection:
        """An empty cache in memory, for this run only."""
        self._warn(f"{self._path}: {reason}; checking without it")
        memory = sqlite3.connect(":memory:", isolation_level=None)
        self._claim(memory)
        return memory

    @property
    def connection(self) -> sqlite3.Connection:
        """The open database, for the other table kept in the same file."""
        return self._db

    def _claim(self, db: sqlite3.Connection) -> _Claim:
        """Whether the file is our cache, making a new, empty file one first.

        The check and the creation are one write transaction, so two runs starting at once
        cannot see each other's half-made file as a foreign one.
        """
        db.execute("BEGIN IMMEDIATE")  # waits (busy timeout) while another run holds the file
        try:
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if application_id == 0 and not tables:
                db.execute(
                    "CREATE TABLE verdicts ("
                    " url TEXT PRIMARY KEY, state TEXT NOT NULL, http_status INTEGER,"
                    " final_url TEXT, error TEXT, reason TEXT,"
                    " checked_at REAL NOT NULL, expires_at REAL NOT NULL)"
                )
                db.execute(
                    "CREATE TABLE files ("
                    " file_key TEXT PRIMARY KEY, content_key TEXT NOT NULL,"
                    " result TEXT NOT NULL, stored_at REAL NOT NULL)"
                )
                # Each URL's recent verdicts, one row per run that checked it (store/history).
                db.execute(
                    "CREATE TABLE history ("
                    " url TEXT NOT NULL, run_at REAL NOT NULL, broken INTEGER NOT NULL,"
                    " PRIMARY KEY (url, run_at))"
                )
                # The archive's snapshot of each broken URL looked up (NULL: none found).
                db.execute(
                    "CREATE TABLE snapshots ("
                    " url TEXT PRIMARY KEY, snapshot TEXT, looked_up_at REAL NOT NULL)"
                )
                db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                claim = _Claim.OURS
            else:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if application_id != _APPLICATION_ID:
                    claim = _Claim.FOREIGN
                elif (
                    version == _SCHEMA_VERSION
                    and {"verdicts", "files", "history", "snapshots"} <= tables
                ):
                    claim = _Claim.OURS
                else:  # made by another version of roadmap-lint: rebuilt without a fuss
                    claim = _Claim.OTHER_VERSION
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.DatabaseError):
                db.execute("ROLLBACK")
            raise
        if claim is _Claim.OURS:
            # Readers and a writer at once. It needs the file to itself for a moment, and it
            # stays set once made, so a run that finds the file busy leaves it to the next.
            with contextlib.suppress(sqlite3.OperationalError):
                db.execute("PRAGMA journal_mode = WAL")
        return claim

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self._path}{suffix}").unlink(missing_ok=True)

    def get_many(self, urls: Iterable[str]) -> dict[str, Verdict]:
        """The cached verdicts of those URLs that have one still fresh (marked `cached`)."""
        now = self._clock()
        found: dict[str, Verdict] = {}
        wanted = list(urls)
        try:
            for chunk, marks in in_chunks(wanted):
                rows = self._db.execute(
                    f"SELECT url, state, http_status, final_url, error, reason FROM verdicts"
                    f" WHERE url IN ({marks}) AND expires_at > ?",
                    (*chunk, now),
                )
                for url, state, status, final_url, error, reason in rows:
                    found[url] = Verdict(
                        _STATES[state],
                        status,
                        final_url,
                        error,
                        elapsed_ms=0,
                        cached=True,
                        reason=reason,
                    )
        except sqlite3.DatabaseError as error:
            self.failed("read", error)
            return {}
        except KeyError:  # a state this version does not know: the entries are not used
            return {}
        return found

    def _lifetime(self, state: LinkState) -> float | None:
        if state in (LinkState.OK, LinkState.REDIRECTED):
            age = self._max_age
        elif state in (LinkState.BLOCKED, LinkState.UNKNOWN):
            age = min(self._max_age, _SHORT_LIVED)
        else:
            return None
        return age * (1.0 - _JITTER * self._rng.random())

    def put_many(self, verdicts: Iterable[tuple[str, Verdict]]) -> None:
        """Keep each (URL, verdict) for as long as its state deserves (see `_lifetime`)."""
        now = self._clock()
        rows = []
        for url, verdict in verdicts:
            lifetime = self._lifetime(verdict.state)
            if lifetime is None or lifetime <= 0:
                continue
            rows.append(
                (
                    url,
                    verdict.state.value,
                    verdict.http_status,
                    verdict.final_url,
                    verdict.error,
                    verdict.reason,
                    now,
                    now + lifetime,
                )
            )
        if self.read_only:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            self._db.execute("DELETE FROM verdicts WHERE expires_at <= ?", (now,))
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.execute("ROLLBACK")
            self.failed("write", error)

    def close(self) -> None:
        self._db.close()
