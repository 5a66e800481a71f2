"""`pmlint check` output options end to end: through click's CliRunner and as a subprocess.

The project under test carries its own rule (rule-paths), so message text and positions
are fixed here and the byte-for-byte checks do not depend on the shipped rule wording.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import cli_in

from pmlint.cli import main
from pmlint.run.runner import clear_caches

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"

HOUSE_RULE = """code = "XY100"
name = "needs-gap-analysis"
severity = "warning"
summary = "No detection-gap analysis"
message = "no {section}: 100% of reviews need one, see house style"
check = "section_required"
options = { kind = "detection_gap", label = "detection-gap analysis" }

[docs]
why = "House style: every review says how the incident could have been caught ten minutes sooner."
bad = "# Post-mortem"
good = "# Post-mortem\\n\\n## Detection Gap\\n\\nAn alert on queue age."
"""
BAD = """# Post-mortem: queue stall

## Action Items

| Tier | Action | Owner | Due | Exit Criteria |
| --- | --- | --- | --- | --- |
| 3 | Write a runbook for queue stalls | TBD | 2026-05-02 | Runbook reviewed by on-call |
"""
GOOD = """# Post-mortem: fine

## Detection Gap

An alert on queue age would have fired ten minutes earlier.

## Action Items

| Tier | Action | Owner | Due | Exit Criteria |
| --- | --- | --- | --- | --- |
| 1 | Add a queue-age alert | Queue lead | 2026-05-02 | Alert fires in a replayed stall |
"""
BAD_PATH = "docs/a,b.md"  # a comma: GitHub properties must escape it


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "XY100.toml").write_text(HOUSE_RULE, encoding="utf-8")
    (tmp_path / "pmlint.toml").write_text(
        'rule-paths = ["house"]\nselect = ["XY100", "PM402", "PM408"]\n', encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / BAD_PATH).write_text(BAD, encoding="utf-8")
    (tmp_path / "docs" / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


def invoke(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return cli_in(cwd, ["check", *args], env=env, catch=False)


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def run_module(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmlint", "check", *args],
        cwd=cwd,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- text ------------------------------------------------------------------------------


def test_text_output(project: Path) -> None:
    result = invoke(project, "docs")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    message = "no detection-gap analysis: 100% of reviews need one, see house style"
    assert lines[0] == f"{BAD_PATH}:1:1: warning XY100 {message}"
    assert lines[1].startswith(f"{BAD_PATH}:3:1: error PM408 ")
    assert lines[2].startswith(f"{BAD_PATH}:7:42: error PM402 ")
    assert lines[-1] == "Found 3 problems (2 errors, 1 warning, 0 info) in 1 of 2 files."
    assert "\x1b[" not in result.stdout  # not a terminal: no colour


def test_statistics_and_quiet(project: Path) -> None:
    result = invoke(project, "docs", "--statistics")  # the table instead of the findings
    block = result.stdout.split("\n\n")[0].splitlines()
    assert [line.split()[:2] for line in block] == [["1", "PM402"], ["1", "PM408"], ["1", "XY100"]]
    quiet = invoke(project, "docs", "-q")
    assert "Found" not in quiet.stdout and quiet.stdout.count("\n") == 3


def test_clean_run(project: Path) -> None:
    result = invoke(project, "docs/good.md")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed: 1 file, no problems.\n"


# --- exit codes and --fail-on ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["docs/good.md"], 0),
        (["docs"], 1),
        (["docs", "--select", "XY100"], 0),  # a warning only
        (["docs", "--select", "XY100", "--fail-on", "warning"], 1),
        (["docs", "--select", "XY100", "--fail-on", "info"], 1),
        (["docs", "--fail-on", "never"], 0),
        (["docs", "--select", "NOPE1"], 2),
        (["docs", "--format", "yaml"], 2),
        (["no-such-folder"], 2),
        (["docs", "--no-such-flag"], 2),
    ],
)
def test_exit_codes(project: Path, args: list[str], status: int) -> None:
    result = invoke(project, *args)
    assert result.exit_code == status, result.output
    if status == 2:
        assert "Traceback" not in result.output


def test_exit_codes_as_a_subprocess(project: Path) -> None:
    assert run_module(project, "docs/good.md").returncode == 0
    bad = run_module(project, "docs")
    assert bad.returncode == 1 and f"{BAD_PATH}:7:42: error PM402" in bad.stdout
    broken = run_module(project, "docs", "--ignore", "PM4O2")
    assert broken.returncode == 2 and broken.stdout == ""
    assert "--ignore: unknown rule code or prefix 'PM4O2' (did you mean 'PM402'?)" in broken.stderr
    assert "Traceback" not in broken.stderr


# --- machine formats -------------------------------------------------------------------


def test_json(project: Path) -> None:
    data = json.loads(invoke(project, "docs", "--format", "json").stdout)
    findings = data["findings"]
    assert [(f["path"], f["line"], f["column"], f["code"]) for f in findings] == [
        (BAD_PATH, 1, 1, "XY100"),
        (BAD_PATH, 3, 1, "PM408"),
        (BAD_PATH, 7, 42, "PM402"),
    ]
    assert findings[0]["severity"] == "warning" and findings[0]["name"] == "needs-gap-analysis"
    assert data["summary"]["files"] == 2 and data["summary"]["errors"] == 2


def test_github_lines_byte_for_byte(project: Path) -> None:
    out = invoke(project, "docs", "--format", "github").stdout_bytes
    lines = out.split(b"\n")
    assert lines[0] == (
        b"::warning file=docs/a%2Cb.md,line=1,col=1,endLine=1,endColumn=27,"
        b"title=XY100 needs-gap-analysis::"
        b"no detection-gap analysis: 100%25 of reviews need one, see house style"
    )
    assert lines[1].startswith(
        b"::error file=docs/a%2Cb.md,line=3,col=1,endLine=3,endColumn=16,"
        b"title=PM408 tier-3-only-action-items::"
    )
    assert lines[2].startswith(
        b"::error file=docs/a%2Cb.md,line=7,col=42,endLine=7,endColumn=45,"
        b"title=PM402 action-item-without-owner::"
    )
    assert lines[3] == b"pmlint: 3 problems in 1 file (2 errors, 1 warning, 0 info)"
    assert lines[4:] == [b""]
    assert b"\r" not in out


def test_junit_counts(project: Path) -> None:
    result = invoke(project, "docs", "--format", "junit")
    root = ET.fromstring(result.stdout_bytes)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0")
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == {BAD_PATH, "docs/good.md"}
    bad = suites[BAD_PATH]
    assert bad.get("failures") == "3" and len(bad.findall("testcase")) == 3
    failures = [case.find("failure") for case in bad.iter("testcase")]
    assert [f.get("type") for f in failures if f is not None] == ["XY100", "PM408", "PM402"]
    good = suites["docs/good.md"]
    assert good.get("failures") == "0" and good.find("testcase/failure") is None


def test_gitlab(project: Path) -> None:
    issues = json.loads(invoke(project, "docs", "--format", "gitlab").stdout)
    assert [
        (i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues
    ] == [
        ("XY100", BAD_PATH, 1),
        ("PM408", BAD_PATH, 3),
        ("PM402", BAD_PATH, 7),
    ]
    assert len({i["fingerprint"] for i in issues}) == 3


def _sarif_schema() -> dict[str, Any]:
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (the shared folder is absent)")
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return schema


def test_sarif_validates_against_the_schema(project: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = _sarif_schema()
    result = invoke(project, "docs", "--format", "sarif", "--output", "out/pmlint.sarif")
    assert result.exit_code == 1 and result.stdout == ""
    log = json.loads((project / "out" / "pmlint.sarif").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run = log["runs"][0]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["XY100", "PM408", "PM402"]
    assert [r["level"] for r in results] == ["warning", "error", "error"]
    location = results[2]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/a%2Cb.md"  # a URI reference
    assert location["region"]["startLine"] == 7 and location["region"]["startColumn"] == 42
    rule_ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {"XY100", "PM402", "PM408"} <= rule_ids


def test_sarif_as_a_subprocess(project: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = _sarif_schema()
    done = run_module(project, "docs", "--format", "sarif")
    assert done.returncode == 1
    jsonschema.validators.validator_for(schema)(schema).validate(json.loads(done.stdout))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "gitlab"])
def test_output_file_matches_stdout(project: Path, fmt: str) -> None:
    printed = invoke(project, "docs", "--format", fmt).stdout
    written = invoke(project, "docs", "--format", fmt, "--output", "report.out")
    assert written.stdout == "" and written.exit_code == 1
    assert (project / "report.out").read_text(encoding="utf-8") == printed


def test_output_to_an_unwritable_place(project: Path) -> None:
    result = invoke(project, "docs", "--output", "docs/good.md/report.txt")
    assert result.exit_code == 2 and "cannot write" in result.stderr


# --- colour ----------------------------------------------------------------------------


def test_color_flag_forces_it(project: Path) -> None:
    assert "\x1b[" in invoke(project, "docs", "--color").stdout
    assert "\x1b[" not in invoke(project, "docs", "--no-color").stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False)])
def test_color_on_a_terminal_unless_no_color(
    project: Path, no_color: str | None, coloured: bool
) -> None:
    import pty

    parent, child = pty.openpty()
    env = subprocess_env(**({"NO_COLOR": no_color} if no_color else {}))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pmlint", "check", "docs"],
            cwd=project,
            env=env,
            stdout=child,
            stderr=subprocess.PIPE,
            timeout=120,
        )
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(parent, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(parent)
    output = b"".join(chunks)
    assert done.returncode == 1
    assert b"PM402" in output
    assert (b"\x1b[" in output) is coloured


# --- the GitHub Action (action.yml) runs these command lines ----------------------------

ACTION = ROOT / "action.yml"


def _action() -> dict[str, Any]:
    import yaml

    data: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return data


def _step(name: str) -> dict[str, Any]:
    step: dict[str, Any] = next(s for s in _action()["runs"]["steps"] if s.get("name") == name)
    return step


def test_action_definition() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"paths", "args", "sarif-file", "version"}
    assert all(not spec.get("required", False) for spec in action["inputs"].values())
    install = _step("Install pmlint")
    assert install["env"]["PMLINT_SOURCE"] == "${{ github.action_path }}"
    assert '"$PMLINT_SOURCE"' in install["run"] and "pip install" in install["run"]
    lint = _step("Run pmlint")
    assert all(step.get("shell") == "bash" for step in action["runs"]["steps"])
    assert "${{" not in lint["run"]  # inputs come in through the environment only


def test_action_options_exist_in_the_cli() -> None:
    help_text = CliRunner().invoke(main, ["check", "--help"]).output
    script = _step("Run pmlint")["run"]
    used = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", script))
    assert {"--format", "--output", "--fail-on"} <= used
    for option in used:
        assert option in help_text, option
    for fmt in re.findall(r"--format (\w+)", script):
        assert fmt in help_text


@pytest.mark.skipif(sys.platform == "win32", reason="the action's steps run in bash")
@pytest.mark.parametrize(
    ("paths", "args", "status"),
    [("examples", "", 1), ("examples/good", "", 0), ("examples", "--fail-on never", 0)],
)
def test_action_step_on_examples(tmp_path: Path, paths: str, args: str, status: int) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    wrapper = tmp_path / "pmlint"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pmlint "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    outputs = tmp_path / "github_output"
    sarif = tmp_path / "reports" / "pmlint.sarif"
    env = subprocess_env(
        PMLINT=str(wrapper),
        INPUT_PATHS=paths,
        INPUT_ARGS=args,
        INPUT_SARIF_FILE=str(sarif),
        GITHUB_OUTPUT=str(outputs),
    )
    done = subprocess.run(
        ["bash", "-e", "-c", _step("Run pmlint")["run"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == status, done.stderr
    lines = done.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert lines[-1].startswith("pmlint: ")
    if paths == "examples":
        assert annotations and all(
            re.match(r"::(error|warning|notice) file=examples/(bad|custom-rules)/", line)
            for line in annotations
        )
    else:
        assert annotations == []
    assert outputs.read_text(encoding="utf-8") == f"exit-code={status}\n"
    log = json.loads(sarif.read_text(encoding="utf-8"))
    if SCHEMA.is_file():
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert len(log["runs"][0]["results"]) == len(annotations)
