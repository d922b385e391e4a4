"""The GitHub Action (action.yml) and the pre-commit hooks (.pre-commit-hooks.yaml).

The metadata tests check the rules GitHub and pre-commit impose. The action's lint step is
run here as the runner would run it (bash, the same environment variables), against a local
server, to show that one run requests each URL once whatever reports it writes.

`test_pre_commit_try_repo_installs_and_runs_the_offline_hook` is slow (a minute or more): the
real `pre-commit try-repo` builds the hook's virtual environment and installs this project and
its dependencies into it from the package index. It needs pre-commit (in the `test` extra) and
access to the package index; it never skips. Like every test that runs the action's scripts
(a shell and a Python process each), it is marked `slow`: `pytest -m "not slow"` leaves them out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from .servers import Reply, TestServer, html

ROOT = Path(__file__).resolve().parents[1]
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
INPUT_REFERENCE = re.compile(r"\binputs\.([A-Za-z0-9_-]+)")
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def load_action() -> dict[str, Any]:
    with (ROOT / "action.yml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict)
    return data


def steps() -> list[dict[str, Any]]:
    return list(load_action()["runs"]["steps"])


def lint_step() -> dict[str, Any]:
    [step] = [step for step in steps() if step.get("id") == "lint"]
    return step


def expressions(value: Any) -> list[str]:
    """Every `${{ … }}` expression anywhere in a YAML value."""
    if isinstance(value, str):
        return EXPRESSION.findall(value)
    if isinstance(value, dict):
        return [found for item in value.values() for found in expressions(item)]
    if isinstance(value, list):
        return [found for item in value for found in expressions(item)]
    return []


# --- action.yml: GitHub's rules --------------------------------------------------------------


def test_action_is_a_composite_action_with_documented_inputs_and_outputs() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    assert action["name"] and action["description"]
    expected = {
        "paths",
        "args",
        "fail",
        "format",
        "job-summary",
        "sarif-file",
        "changed-since",
        "cache",
        "token",
    }
    assert expected <= set(action["inputs"])
    for name, spec in action["inputs"].items():
        assert str(spec.get("description", "")).strip(), f"input {name} has no description"
        assert "default" in spec, f"input {name} has no default"
    assert (
        action["inputs"]["changed-since"]["default"] == "${{ github.event.pull_request.base.sha }}"
    )
    assert action["inputs"]["token"]["default"] == "${{ github.token }}"
    assert action["inputs"]["format"]["default"] == "text"
    for name in ("fail", "job-summary", "cache"):
        assert action["inputs"][name]["default"] in ("true", "false")
    assert {"exit-code", "errors", "warnings"} <= set(action["outputs"])
    for name, spec in action["outputs"].items():
        assert str(spec.get("description", "")).strip(), f"output {name} has no description"


def test_no_expression_inside_any_script() -> None:
    """Inputs reach scripts only through `env:` (GitHub's advice against script injection)."""
    for step in steps():
        if "run" in step:
            assert "${{" not in step["run"], f"step {step.get('name')!r} expands ${{{{ }}}}"
            assert step.get("shell"), f"composite run step {step.get('name')!r} needs a shell"


def test_every_input_is_used_and_only_declared_inputs_are_used() -> None:
    action = load_action()
    declared = set(action["inputs"])
    used: set[str] = set()
    for step in steps():
        found = [
            name
            for key in ("env", "with", "if")
            for expression in expressions(step.get(key))
            for name in INPUT_REFERENCE.findall(expression)
        ]
        # `if:` may be written without ${{ }}.
        if isinstance(step.get("if"), str):
            found += INPUT_REFERENCE.findall(step["if"])
        used.update(found)
    assert used <= declared, f"undeclared inputs: {used - declared}"
    assert used == declared, f"inputs never used: {declared - used}"


def test_outputs_map_to_outputs_the_steps_write() -> None:
    action = load_action()
    by_id = {step["id"]: step for step in steps() if "id" in step}
    for name, spec in action["outputs"].items():
        match = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}", spec["value"])
        assert match, f"output {name}: {spec['value']!r}"
        step_id, output = match.groups()
        assert step_id in by_id, f"output {name} names a missing step {step_id}"
        assert f"{output}=" in by_id[step_id]["run"], f"step {step_id} never writes {output}"


def test_only_official_actions_are_used() -> None:
    for step in steps():
        if "uses" in step:
            owner_and_name, _, version = step["uses"].partition("@")
            assert owner_and_name.split("/")[0] == "actions", step["uses"]
            assert version, f"{step['uses']} is not pinned"


def test_the_action_installs_from_its_own_checkout() -> None:
    [install] = [step for step in steps() if step.get("id") == "install"]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH"' in install["run"]
    assert "pip install" in install["run"]


# --- action.yml: the lint step, run as the runner runs it -------------------------------------


def run_lint_step(
    folder: Path, inputs: dict[str, str], timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
    """Run the action's lint step with bash; return the process, its outputs, the summary."""
    # A config of our own stops the upward search; no test may reach the real archive.
    (folder / ".roadmap-lint.toml").write_text(
        "[links.archive]\nenabled = false\n", encoding="utf-8"
    )
    runner_temp = folder / "_runner"
    runner_temp.mkdir(exist_ok=True)
    github_output = runner_temp / "output"
    step_summary = runner_temp / "summary"
    github_output.write_text("", encoding="utf-8")
    step_summary.write_text("", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    env.update(
        {
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": str(github_output),
            "GITHUB_STEP_SUMMARY": str(step_summary),
            "RUNNER_TEMP": str(runner_temp),
            "ROADMAP_LINT_PYTHON": sys.executable,
            "ROADMAP_LINT_CACHE_DIR": str(runner_temp / "cache"),
            "GITHUB_TOKEN": "",
            "NO_COLOR": "1",
            "INPUT_PATHS": "README.md",
            "INPUT_ARGS": "",
            "INPUT_FORMAT": "text",
            "INPUT_JOB_SUMMARY": "true",
            "INPUT_SARIF_FILE": "",
            "INPUT_CHANGED_SINCE": "",
        }
    )
    env.update(inputs)
    process = subprocess.run(
        ["bash", "-e", "-c", lint_step()["run"]],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    outputs = dict(
        line.split("=", 1) for line in github_output.read_text(encoding="utf-8").splitlines()
    )
    return process, outputs, step_summary.read_text(encoding="utf-8")


@pytest.mark.slow
def test_lint_step_offline_sets_outputs_and_writes_reports(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "# Guide\n\n- [Start](#start)\n- [Guide](#Guide)\n", encoding="utf-8"
    )
    process, outputs, summary = run_lint_step(
        tmp_path,
        {"INPUT_ARGS": "--offline", "INPUT_SARIF_FILE": "reports/roadmap-lint.sarif"},
    )
    assert process.returncode == 0, process.stderr
    assert outputs["exit-code"] == "1"
    assert (outputs["errors"], outputs["warnings"]) == ("1", "1")
    report = json.loads(Path(outputs["report"]).read_text(encoding="utf-8"))
    assert report["schema"] == "roadmap-lint/report@1"
    assert "README.md:3:" in process.stdout and "broken-anchor" in process.stdout
    sarif = json.loads((tmp_path / "reports" / "roadmap-lint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert "broken-anchor" in json.dumps(sarif["runs"][0]["results"])
    assert "broken-anchor" in summary


@pytest.mark.slow
def test_lint_step_without_job_summary_leaves_the_summary_alone(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Guide\n\n[x](#guide)\n", encoding="utf-8")
    for output_format in ("text", "json"):
        process, outputs, summary = run_lint_step(
            tmp_path,
            {
                "INPUT_ARGS": "--offline",
                "INPUT_FORMAT": output_format,
                "INPUT_JOB_SUMMARY": "false",
            },
        )
        assert process.returncode == 0, process.stderr
        assert (outputs["exit-code"], outputs["errors"], outputs["warnings"]) == ("0", "0", "0")
        assert summary == ""
    assert json.loads(process.stdout)["summary"]["errors"] == 0


@pytest.mark.slow
@pytest.mark.network
def test_lint_step_requests_each_url_once_for_all_its_reports(tmp_path: Path) -> None:
    routes = {"/alive": html("<p>x</p>"), "/gone": Reply(410)}
    with TestServer(routes) as server:
        (tmp_path / "README.md").write_text(
            f"# Links\n\n- [Alive]({server.url('/alive')})\n- [Gone]({server.url('/gone')})\n",
            encoding="utf-8",
        )
        process, outputs, summary = run_lint_step(
            tmp_path,
            {
                "INPUT_ARGS": "--allow-network 127.0.0.0/8 --no-cache --retries 0",
                "INPUT_FORMAT": "github",
                "INPUT_SARIF_FILE": "out.sarif",
            },
        )
        seen = server.seen()
    assert process.returncode == 0, process.stderr
    assert (outputs["exit-code"], outputs["errors"]) == ("1", "1")
    assert "::error" in process.stdout  # the github format: workflow commands
    assert "broken-link" in summary
    assert (tmp_path / "out.sarif").is_file()
    # Four reports (JSON, github, SARIF, Markdown summary) from one check: each page once.
    paths = [path for _method, path in seen]
    assert sorted(set(paths)) == ["/alive", "/gone"]
    assert len([path for path in paths if path == "/gone"]) <= 2  # HEAD, then perhaps GET
    assert len([path for path in paths if path == "/alive"]) == 1


@pytest.mark.slow
def test_lint_step_reports_a_usage_error_as_exit_code_2(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Guide\n", encoding="utf-8")
    for inputs in ({"INPUT_PATHS": "missing.md"}, {"INPUT_FORMAT": "yaml"}):
        process, outputs, _summary = run_lint_step(tmp_path, {"INPUT_ARGS": "--offline", **inputs})
        assert process.returncode == 0, process.stderr
        assert outputs["exit-code"] == "2", inputs
        assert outputs["report"] == ""


@pytest.mark.slow
def test_lint_step_keeps_the_users_double_dash(tmp_path: Path) -> None:
    (tmp_path / "-odd name.md").write_text("# Guide\n\n[x](#nowhere)\n", encoding="utf-8")
    process, outputs, _summary = run_lint_step(
        tmp_path, {"INPUT_PATHS": "", "INPUT_ARGS": "--offline -- '-odd name.md'"}
    )
    assert process.returncode == 0, process.stderr
    assert (outputs["exit-code"], outputs["errors"]) == ("1", "1"), process.stderr
    assert "-odd name.md:3:" in process.stdout


@pytest.mark.slow
def test_lint_step_falls_back_to_a_full_check_when_the_base_is_missing(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "README.md").write_text("# Guide\n\n[x](#nowhere)\n", encoding="utf-8")
    process, outputs, _summary = run_lint_step(
        tmp_path, {"INPUT_ARGS": "--offline", "INPUT_CHANGED_SINCE": "0" * 40}
    )
    assert process.returncode == 0, process.stderr
    assert "::warning::" in process.stdout and "fetch-depth: 0" in process.stdout
    assert outputs["exit-code"] == "1"


@pytest.mark.slow
def test_lint_step_passes_changed_since_when_the_base_exists(tmp_path: Path) -> None:
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "README.md").write_text("# Guide\n\n[x](#guide)\n", encoding="utf-8")
    subprocess.run([*git, "add", "README.md"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    base = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    process, outputs, _summary = run_lint_step(
        tmp_path, {"INPUT_ARGS": "--offline", "INPUT_CHANGED_SINCE": base}
    )
    assert process.returncode == 0, process.stderr
    assert "::warning::" not in process.stdout
    assert outputs["exit-code"] == "0", process.stderr


@pytest.mark.slow
def test_install_steps_make_a_working_virtual_environment(tmp_path: Path) -> None:
    """The probe and install steps, with this repository as the action's checkout."""
    action_path = copy_project(tmp_path / "action")
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    env.update(
        {
            "RUNNER_TEMP": str(runner_temp),
            "ACTION_PATH": str(action_path),
            "PIP_NO_INPUT": "1",
            # python3 is this test's interpreter, as actions/setup-python would arrange.
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        }
    )
    by_id = {step.get("id"): step for step in steps()}
    outputs: dict[str, str] = {}
    for step_id in ("python", "install"):
        output_file = tmp_path / f"{step_id}.out"
        output_file.write_text("", encoding="utf-8")
        process = subprocess.run(
            ["bash", "-e", "-c", by_id[step_id]["run"]],
            cwd=tmp_path,
            env={**env, "GITHUB_OUTPUT": str(output_file)},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert process.returncode == 0, process.stdout + process.stderr
        outputs.update(
            line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines()
        )
    assert outputs["found"] == "true"  # this machine's python3 is recent enough
    python = Path(outputs["python"])
    assert python.is_relative_to(runner_temp / "roadmap-lint-venv")
    version = subprocess.run(
        [str(python), "-m", "roadmap_lint", "--version"], capture_output=True, text=True
    )
    assert version.stdout.startswith("roadmap-lint ")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", outputs["day"])


# --- .pre-commit-hooks.yaml --------------------------------------------------------------------


def load_hooks() -> dict[str, dict[str, Any]]:
    with (ROOT / ".pre-commit-hooks.yaml").open(encoding="utf-8") as handle:
        hooks = yaml.safe_load(handle)
    return {hook["id"]: hook for hook in hooks}


def test_pre_commit_hooks_manifest() -> None:
    from pre_commit.clientlib import load_manifest

    load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))  # pre-commit's own validation
    hooks = load_hooks()
    assert set(hooks) == {"roadmap-lint", "roadmap-lint-links"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
        assert hook["name"] and hook["description"]
        assert hook["entry"].split()[0] == "roadmap-lint"
    offline, links = hooks["roadmap-lint"], hooks["roadmap-lint-links"]
    assert "--offline" in offline["entry"].split()
    assert "stages" not in offline  # every commit, and pre-commit.ci
    assert "--offline" not in links["entry"].split()
    assert links["require_serial"] is True
    assert links["stages"] == ["pre-push", "manual"]


def copy_project(target: Path) -> Path:
    """This project's working tree (committed or not) as a fresh one-commit git repository."""
    ignored = shutil.ignore_patterns(
        ".git",
        ".venv",
        "venv",
        "*.egg-info",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "build",
        "dist",
        ".work",
    )
    shutil.copytree(ROOT, target, ignore=ignored)
    commit(target, "hook repository")
    return target


def commit(folder: Path, message: str) -> None:
    git = ["git", "-C", str(folder), "-c", "user.name=test", "-c", "user.email=test@example.org"]
    if not (folder / ".git").exists():
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", message], check=True)


@pytest.mark.slow
def test_pre_commit_try_repo_installs_and_runs_the_offline_hook(tmp_path: Path) -> None:
    """SLOW: the real pre-commit, installing the hook from a copy of this repository."""
    hook_repo = copy_project(tmp_path / "hook-repo")
    project = tmp_path / "project"
    project.mkdir()
    readme = project / "README.md"
    # The external link must not be requested: the default hook is offline (pre-commit.ci).
    readme.write_text(
        "# Guide\n\n- [Setup](#set-up)\n- [Site](https://unreachable.invalid/page)\n\n## Setup\n",
        encoding="utf-8",
    )
    (project / "notes.txt").write_text("[not markdown](#nowhere)\n", encoding="utf-8")  # skipped
    commit(project, "start")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PRE_COMMIT")}
    env.update(
        {
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "ROADMAP_LINT_CACHE_DIR": str(tmp_path / "cache"),
            "NO_COLOR": "1",
            "PRE_COMMIT_COLOR": "never",
        }
    )

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*PRE_COMMIT, "try-repo", str(hook_repo), "roadmap-lint", "--all-files", "--verbose"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    started = time.monotonic()
    failing = try_repo()
    installed = time.monotonic()
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "README.md:3:" in output and "broken-anchor" in output, output
    assert "unreachable.invalid" not in output, output  # offline: not requested, not reported

    readme.write_text(readme.read_text(encoding="utf-8").replace("#set-up", "#setup"))
    commit(project, "fix the anchor")
    passing = try_repo()
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
    # The hook environment is built once and reused (the second run is quick).
    print(
        f"pre-commit try-repo: {installed - started:.1f}s with installation, "
        f"{time.monotonic() - installed:.1f}s reusing it"
    )


# --- README.md: the snippets users copy ---------------------------------------------------------


def readme_snippets() -> list[Any]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Use in CI and pre-commit\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```yaml\n(.*?)^```$", section, re.S | re.M)
    return [yaml.safe_load(textwrap.dedent(block)) for block in blocks]


def walk(value: Any) -> list[dict[str, Any]]:
    """Every mapping inside a YAML value."""
    if isinstance(value, dict):
        return [value, *(found for item in value.values() for found in walk(item))]
    if isinstance(value, list):
        return [found for item in value for found in walk(item)]
    return []


def test_readme_snippets_are_valid_and_consistent() -> None:
    snippets = readme_snippets()
    assert len(snippets) >= 4
    [config] = [snippet for snippet in snippets if "repos" in snippet]
    [repo] = config["repos"]
    assert repo["repo"] == "https://github.com/roadmap-lint/roadmap-lint"
    assert {hook["id"] for hook in repo["hooks"]} <= set(load_hooks())
    mappings = [found for snippet in snippets for found in walk(snippet)]
    uses = [found["uses"] for found in mappings if "uses" in found]
    ours = [use for use in uses if use.startswith("roadmap-lint/")]
    assert ours and set(ours) == {"roadmap-lint/roadmap-lint@v0"}
    inputs = set(load_action()["inputs"])
    for found in mappings:
        if found.get("uses", "").startswith("roadmap-lint/"):
            assert set(found.get("with") or {}) <= inputs
        if "run" in found:
            assert "${{" not in found["run"], found["run"]
        if found.get("uses", "").startswith("actions/checkout") and "fetch-depth" in str(found):
            assert found["with"]["fetch-depth"] == 0
