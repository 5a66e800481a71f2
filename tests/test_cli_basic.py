"""The command line through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from pmlint import __version__
from pmlint.cli import main

BAD = ROOT / "examples" / "bad" / "untagged-timeline.md"
GOOD = ROOT / "examples" / "good"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clean_folder_exits_zero() -> None:
    code, out, _ = invoke("check", str(GOOD))
    assert code == 0 and "no problems" in out


def test_findings_exit_one_with_path_line_column() -> None:
    code, out, _ = invoke("check", "--select", "PM201", str(BAD))
    assert code == 1
    first = out.splitlines()[0]
    path, line, column, rest = first.split(":", 3)
    assert path.endswith("untagged-timeline.md") and int(line) > 0 and int(column) > 0
    assert rest.startswith(" error PM201 ")


def test_json_output_shape() -> None:
    code, out, _ = invoke("check", "--format", "json", "--select", "PM201", str(BAD))
    data = json.loads(out)
    assert code == 1 and data["version"] == 1
    keys = {
        "code",
        "name",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "url",
    }
    assert data["findings"] and all(set(f) == keys for f in data["findings"])
    assert data["summary"]["errors"] == len(data["findings"])


def test_usage_errors_exit_two() -> None:
    assert invoke("check", "--select", "PM999")[0] == 2
    assert invoke("check", "no/such/path.md")[0] == 2
    assert invoke("check", "--profile", "nope", str(GOOD))[0] == 2
    assert invoke("explain", "PM9999")[0] == 2


def test_unknown_rule_names_the_closest() -> None:
    code, _, err = invoke("check", "--select", "untaged-timeline-evidence", str(GOOD))
    assert code == 2 and "untagged-timeline-evidence" in err


def test_inspect_text_and_json() -> None:
    path = GOOD / "2026-03-09-search-index-stall.md"
    code, out, _ = invoke("inspect", str(path))
    assert code == 0 and "[timeline]" in out and "[action_items]" in out
    code, out, _ = invoke("inspect", "--format", "json", str(path))
    data = json.loads(out)
    kinds = [s["kind"] for s in data["sections"][0]["children"]]
    assert "timeline" in kinds and data["metadata"]["date"] == "2026-03-09"
    assert data["timeline"] and data["action_items"]


def test_rules_and_explain() -> None:
    code, out, _ = invoke("rules")
    assert code == 0 and "PM201" in out and "untagged-timeline-evidence" in out
    code, out, _ = invoke("rules", "--format", "json")
    assert {"code": "PM201"}.items() <= next(
        r for r in json.loads(out) if r["code"] == "PM201"
    ).items()
    code, out, _ = invoke("explain", "untagged-timeline-evidence")
    for heading in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Options",
    ):
        assert heading in out


def test_help_on_every_command_has_an_example() -> None:
    for command in ("check", "inspect", "rules", "explain"):
        code, out, _ = invoke(command, "--help")
        assert code == 0 and "Example" in out, command


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and __version__ in out


def test_python_dash_m_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pmlint", "check", "--select", "PM201", str(BAD)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "PM201" in done.stdout and "Traceback" not in done.stderr


def test_binary_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "blob.md").write_bytes(b"\x00\x01\x02binary")
    code, out, err = invoke("check", str(tmp_path / "blob.md"))
    assert code == 1 and "PM001" in out and "Traceback" not in err
