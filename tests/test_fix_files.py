"""`--fix` and the file system: links stay links, hard links are not cut, an interrupted
write leaves the original and no temporary file."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from roadmap_lint.config.settings import Config
from roadmap_lint.fix import edits
from roadmap_lint.pipeline.fixing import fix_paths

BROKEN = "# Doc\n\n## Getting Started\n\n[start](#getting-startd)\n"
FIXED = BROKEN.replace("#getting-startd", "#getting-started")
CONFIG = Config(offline=True, select=frozenset({"broken-anchor"}))


def test_a_symbolic_link_stays_a_link_and_its_target_is_fixed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "README.md"
    target.write_text(BROKEN, encoding="utf-8")
    link = tmp_path / "README.md"
    link.symlink_to(Path("real") / "README.md")

    fix_paths([str(link)], CONFIG, write=True)

    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "README.md")
    assert target.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["README.md"]


def test_a_file_with_hard_links_is_not_fixed_and_says_why(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(BROKEN, encoding="utf-8")
    other = tmp_path / "copy.md"
    os.link(readme, other)
    warnings: list[str] = []

    outcome = fix_paths([str(readme)], CONFIG, write=True, warn=warnings.append)

    assert readme.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == BROKEN
    assert os.stat(readme).st_ino == os.stat(other).st_ino
    assert any("hard links" in message for message in warnings), warnings
    assert [f.rule for f in outcome.report.findings] == ["broken-anchor"]


def test_sigterm_during_the_write_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(BROKEN, encoding="utf-8")

    def terminated(descriptor: int) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # as a CI runner stopping the job would

    monkeypatch.setattr(edits.os, "fsync", terminated)
    with pytest.raises(KeyboardInterrupt):
        fix_paths([str(readme)], CONFIG, write=True)

    assert readme.read_text(encoding="utf-8") == BROKEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back
