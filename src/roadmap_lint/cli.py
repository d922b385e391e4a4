"""The command line: options in, report out, exit status. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import UsageError
from .reporters import FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _warn(message: str) -> None:
    click.echo(f"roadmap-lint: warning: {message}", err=True)


def _use_colour(output: str | None) -> bool:
    return output is None and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _list_rules() -> None:
    from .rules import all_rules

    for rule in all_rules():
        click.echo(f"{rule.name:<20} {rule.severity.value:<8} {rule.summary}")


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{output}: cannot write report: {error.strerror or error}") from None


def _run(
    paths: tuple[str, ...],
    offline: bool,
    output_format: str,
    output: str | None,
    select: str | None,
    ignore: str | None,
) -> int:
    from .config import Config, parse_rule_list
    from .engine import lint_paths
    from .reporters import reporter_for
    from .rules import rule_names

    known = rule_names()
    config = Config(
        offline=offline,
        select=parse_rule_list(select, known, "--select"),
        ignore=parse_rule_list(ignore, known, "--ignore") or frozenset(),
    )
    if not offline:
        _warn("external links are not requested yet in this version; checking offline")
    report = lint_paths(paths or ("README.md",), config, warn=_warn)
    _write(reporter_for(output_format, colour=_use_colour(output))(report), output)
    return EXIT_FINDINGS if report.has_errors else EXIT_OK


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--offline", is_flag=True, help="No network: anchors, local files, TOC and content rules only.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format on stdout.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--select", metavar="RULES", help="Comma-separated rules to enable (default: all).")
@click.option("--ignore", metavar="RULES", help="Comma-separated rules to disable.")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option("--no-progress", is_flag=True, help="Never draw a progress bar.")
@click.version_option(__version__, "--version", prog_name="roadmap-lint", message="%(prog)s %(version)s")
def command(
    paths: tuple[str, ...],
    offline: bool,
    output_format: str,
    output: str | None,
    select: str | None,
    ignore: str | None,
    list_rules: bool,
    no_progress: bool,
) -> None:
    """Check links, anchors and the table of contents of Markdown files.

    PATHS are Markdown files or folders (every *.md below them); default: README.md.
    """
    if list_rules:
        _list_rules()
        sys.exit(EXIT_OK)
    try:
        status = _run(paths, offline, output_format, output, select, ignore)
    except UsageError as error:
        click.echo(f"roadmap-lint: error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    except RecursionError:
        click.echo("roadmap-lint: error: input nested too deeply to analyse", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as error:  # a bug of ours: one line, not a traceback
        if os.environ.get("ROADMAP_LINT_DEBUG"):
            raise
        click.echo(
            f"roadmap-lint: internal error: {type(error).__name__}: {error} "
            "(set ROADMAP_LINT_DEBUG=1 for a traceback and please report it)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    sys.exit(status)


def main() -> None:
    command(prog_name="roadmap-lint")
