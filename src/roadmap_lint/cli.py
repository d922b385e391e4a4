"""The command line: options in, report out, exit status. Nothing else lives here."""

from __future__ import annotations

import gc
import os
import re
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from roadmap_lint.errors import UsageError
from roadmap_lint.reporters import FORMATS
from roadmap_lint.version import __version__

if TYPE_CHECKING:
    from roadmap_lint.config.settings import CommandLine, Config
    from roadmap_lint.model import Report

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _warn(message: str) -> None:
    click.echo(f"roadmap-lint: warning: {message}", err=True)


def _use_colour(output: str | None) -> bool:
    return output is None and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _list_rules() -> None:
    from roadmap_lint.rules.catalogue import listing

    click.echo(listing(), nl=False)


def _explain(key: str) -> int:
    """One rule's documentation (by name or code), or a family's rules (by code prefix)."""
    from roadmap_lint.rules import find_rule
    from roadmap_lint.rules.catalogue import FAMILIES, explain, explain_family, family, suggestion

    rule = find_rule(key)
    if rule is not None:
        click.echo(explain(rule), nl=False)
        return EXIT_OK
    rules = family(key)
    if rules:
        click.echo(explain_family(key, rules), nl=False)
        return EXIT_OK
    if re.fullmatch(r"RL\d{1,2}", key.strip(), re.IGNORECASE):
        problem = f"no rule code starts with {key} (the families are {', '.join(FAMILIES)})"
    else:
        close = suggestion(key)
        advice = f"; did you mean {close}?" if close else " (see --list-rules)"
        problem = f"unknown rule {key}{advice}"
    click.echo(f"roadmap-lint: error: --explain: {problem}", err=True)
    return EXIT_USAGE


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{output}: cannot write report: {error.strerror or error}") from None


def _parse_report_option(value: str) -> tuple[str, str]:
    """`--report FORMAT=FILE`: one more report of the same run, written to FILE."""
    report_format, equals, path = value.partition("=")
    if not equals or report_format not in FORMATS or not path:
        raise UsageError(
            f"--report: expected FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}, not {value!r}"
        )
    return report_format, path


@dataclass(frozen=True)
class Invocation:
    """What the command line asks for: the settings, the files, and what to do with the report."""

    settings: CommandLine
    paths: tuple[str, ...]
    config_file: str | None
    output_format: str
    output: str | None
    reports: tuple[str, ...]
    fix: bool
    diff: bool
    quiet: bool
    no_progress: bool

    @classmethod
    def of(cls, params: dict[str, Any]) -> Invocation:
        from roadmap_lint.config.settings import CommandLine

        settings = CommandLine(**{f.name: params.pop(f.name) for f in fields(CommandLine)})
        return cls(
            settings=settings,
            paths=tuple(params["paths"]) or ("README.md",),
            config_file=params["config"],
            output_format=params["output_format"],
            output=params["output"],
            reports=tuple(params["report"]),
            fix=params["fix"],
            diff=params["diff"],
            quiet=params["quiet"],
            no_progress=params["no_progress"],
        )


def _build_config(invocation: Invocation) -> Config:
    from roadmap_lint.config.file import find_config, parse_config
    from roadmap_lint.config.settings import resolve
    from roadmap_lint.rules import all_rules

    rules = all_rules()
    known = [(rule.name, rule.code) for rule in rules]
    option_defaults = {key: rule.options for rule in rules for key in (rule.name, rule.code)}
    if invocation.config_file:
        config_path: Path | None = Path(invocation.config_file)
        if not Path(invocation.config_file).is_file():
            raise UsageError(f"--config: {invocation.config_file}: no such file")
    else:
        config_path = find_config(Path.cwd())
    file = parse_config(config_path, option_defaults) if config_path else None
    return resolve(invocation.settings, file, known, __version__)


def _github_actions(report: Report) -> None:
    """Under GitHub Actions, the text report also annotates the files and fills the job summary.

    The annotations go to stdout (where the runner reads workflow commands), after the
    report; the Markdown summary is appended to `$GITHUB_STEP_SUMMARY`, when it is set.
    """
    from roadmap_lint.reporters import github, markdown

    commands = github.workflow_commands(report, list_rest=False)
    if commands:
        click.echo("\n".join(commands))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:
            github.append_step_summary(summary_file, markdown.render(report, env=os.environ))
        except (OSError, UnicodeError) as error:
            reason = getattr(error, "strerror", None) or error
            _warn(f"cannot write the job summary to {summary_file}: {reason}")


def _run(invocation: Invocation) -> int:
    from roadmap_lint.pipeline import fix_paths, lint_paths
    from roadmap_lint.reporters import only_errors, reporter_for
    from roadmap_lint.reporters.progress import ProgressLine

    if invocation.settings.archive and not (invocation.fix or invocation.diff):
        raise UsageError("--archive: only with --fix (or --diff): it says which fixes to make")
    config = _build_config(invocation)
    if config.fix_archive and (config.offline or not config.net.archive.enabled):
        why = "--offline" if config.offline else "[links.archive] enabled = false"
        _warn(f"--archive: no archive lookups with {why}; no dead link is replaced")
    extra_reports = [_parse_report_option(value) for value in invocation.reports]
    paths = invocation.paths
    progress = None if invocation.no_progress or config.offline else ProgressLine.on_tty(sys.stderr)
    output = invocation.output
    try:
        if invocation.fix or invocation.diff:
            outcome = fix_paths(
                paths, config, write=not invocation.diff, warn=_warn, progress=progress
            )
            report = outcome.report
        else:
            report = lint_paths(paths, config, warn=_warn, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    if invocation.quiet:
        report = only_errors(report)
    if invocation.diff:
        _write("".join(fix.diff(display) for display, fix in outcome.fixes), output)
    else:
        render = reporter_for(invocation.output_format, colour=_use_colour(output), env=os.environ)
        _write(render(report), output)
        for report_format, report_file in extra_reports:
            _write(reporter_for(report_format, env=os.environ)(report), report_file)
        if invocation.output_format == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
            _github_actions(report)
    if invocation.fix and not invocation.diff and outcome.fixes:
        click.echo(
            f"roadmap-lint: fixed {outcome.fixed_findings} problem(s) in {len(outcome.fixes)} file(s)",
            err=True,
        )
    return EXIT_FINDINGS if report.has_errors else EXIT_OK


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--offline", is_flag=True, help="No network: anchors, local files, TOC and content rules only."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format on stdout.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option(
    "--report",
    multiple=True,
    metavar="FORMAT=FILE",
    help="Also write the same run's report in FORMAT to FILE (repeatable), e.g. sarif=results.sarif.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="Config file [default: [tool.roadmap-lint] in pyproject.toml, else .roadmap-lint.toml, searched upwards].",
)
@click.option(
    "--select",
    metavar="RULES",
    help="Comma-separated rule names, codes or prefixes to run [default: the rules on by default].",
)
@click.option(
    "--extend-select",
    metavar="RULES",
    help="Rules to run as well as those selected (or on by default), e.g. list-item-style.",
)
@click.option(
    "--ignore", metavar="RULES", help="Comma-separated rule names, codes or prefixes to disable."
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="REGEX",
    help="Do not request URLs matching REGEX (repeatable).",
)
@click.option(
    "--allow-network",
    multiple=True,
    metavar="CIDR",
    help="Allow requests to this private/loopback/link-local range (repeatable).",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), help="Seconds per request [default: 20]."
)
@click.option(
    "--max-concurrency", type=click.IntRange(min=1), help="Requests in flight [default: 256]."
)
@click.option(
    "--max-per-host",
    type=click.IntRange(min=1),
    help="Most requests in flight per host; adapts below it [default: 8].",
)
@click.option(
    "--min-interval",
    type=click.FloatRange(min=0),
    help="Seconds between request starts to one host [default: 0].",
)
@click.option(
    "--retries", type=click.IntRange(min=0), help="Retries for transient failures [default: 2]."
)
@click.option(
    "--user-agent", metavar="TEXT", help="User-Agent header [default names roadmap-lint]."
)
@click.option(
    "--cache/--no-cache", default=None, help="Use the persistent verdict cache [default: on]."
)
@click.option(
    "--cache-path",
    type=click.Path(),
    help="Cache file [default: ~/.cache/roadmap-lint/links.sqlite3].",
)
@click.option(
    "--max-cache-age", metavar="DURATION", help="How long ok verdicts are kept [default: 1d]."
)
@click.option(
    "--changed-since",
    metavar="GIT_REF",
    help="Request only URLs on lines added or changed since GIT_REF (local checks still run).",
)
@click.option(
    "--fail-after",
    metavar="RUNS|TIME",
    help="Broken links are warnings until broken this many runs in a row (3) or this long "
    "(3d, 12h); needs the cache [default: errors at once].",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place; report what remains.")
@click.option(
    "--diff", is_flag=True, help="With --fix: print the fixes as a unified diff instead of writing."
)
@click.option(
    "--archive",
    is_flag=True,
    help="With --fix: also replace dead links by the Internet Archive's copy of the page.",
)
@click.option(
    "--list-rules",
    is_flag=True,
    help="List the rules (code, name, severity, on by default) and exit.",
)
@click.option(
    "--explain",
    "explain_rule",
    metavar="RULE",
    help="Show one rule's documentation (RULE: name or code), or a family's rules (RL4), and exit.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Report errors only (the summary counts the warnings)."
)
@click.option("--no-progress", is_flag=True, help="Never draw a progress bar.")
@click.version_option(
    __version__, "--version", prog_name="roadmap-lint", message="%(prog)s %(version)s"
)
def command(list_rules: bool, explain_rule: str | None, **options: Any) -> None:
    """Check links, anchors and the table of contents of Markdown files.

    PATHS are Markdown files or folders (every *.md below them); default: README.md.
    """
    if list_rules:
        _list_rules()
        sys.exit(EXIT_OK)
    if explain_rule is not None:
        sys.exit(_explain(explain_rule))
    try:
        status = _run(Invocation.of(options))
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
    # A run builds large trees of objects (markdown-it's tokens, the document model) and
    # frees most at once at the end. With the default thresholds the cyclic collector walks
    # the growing trees again and again: a tenth of the time on a large file. Collecting
    # every 50,000 allocations instead costs a few megabytes at most.
    gc.set_threshold(50_000, 20, 20)
    try:
        command(prog_name="roadmap-lint")
    finally:
        # On its way out the interpreter would look through every object left for cycles
        # to free, a fifth of a second after checking 10,000 links, only for the process
        # to end. Frozen, they are left to the operating system; exit handlers still run.
        gc.freeze()
