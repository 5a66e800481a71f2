"""Output that reads well in a CI log: the severity word, the GitHub problem matcher that
parses it, source lines and documentation links, --statistics alone, --exit-zero,
--output-format, what a baseline hid, and SARIF rule docs from the rule files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import cli_in

from pmlint.catalog.urls import rule_url
from pmlint.run.runner import clear_caches

ROOT = Path(__file__).resolve().parents[1]
MATCHER = ROOT / ".github" / "pmlint-matcher.json"
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
DOCUMENTED = re.compile(r"^(.+?):(\d+):(\d+): (error|warning|info) ([A-Z]+[0-9]+) (.+)$")

# One error, one warning and one info finding (PM002: a suppression that hides nothing).
DOC = """# Checkout outage

<!-- pmlint-disable-next-line PM999 -->
## Action Items

| Tier | Action | Owner | Due | Exit Criteria |
| --- | --- | --- | --- | --- |
| 3 | Update the runbook | TBD | 2026-05-02 | Reviewed |
"""


CONFIG = 'select = ["PM402", "PM408", "PM002"]\n\n[severity]\nPM408 = "warning"\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "2026-04-17-checkout.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "postmortems" / "2026-05-01-dns.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "pmlint.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pmlint", "check", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def invoke(cwd: Path, *args: str) -> Result:
    return cli_in(cwd, ["check", "--no-cache", *args])


def _matchers() -> list[tuple[str, str, re.Pattern[str], dict[str, int]]]:
    data = json.loads(MATCHER.read_text(encoding="utf-8"))
    out = []
    for matcher in data["problemMatcher"]:
        (pattern,) = matcher["pattern"]  # one line per finding
        groups = {k: v for k, v in pattern.items() if k != "regexp"}
        out.append((matcher["owner"], matcher["severity"], re.compile(pattern["regexp"]), groups))
    return out


def test_problem_matcher_reads_every_finding_line_and_nothing_else(project: Path) -> None:
    text = run(project, "--show-source", "--statistics", "--exit-zero")
    assert text.returncode == 0
    listing = run(project, "--show-source")
    findings = json.loads(run(project, "--format", "json").stdout)["findings"]
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}
    matched = []
    for line in listing.stdout.splitlines():
        hits = [(owner, level, rx.match(line), g) for owner, level, rx, g in _matchers()]
        hits = [hit for hit in hits if hit[2] is not None]
        assert len(hits) <= 1, line
        assert bool(hits) == bool(DOCUMENTED.match(line)), line  # the documented shape
        if hits:
            _owner, level, match, groups = hits[0]
            assert match is not None
            matched.append(
                {
                    "path": match.group(groups["file"]),
                    "line": int(match.group(groups["line"])),
                    "column": int(match.group(groups["column"])),
                    "code": match.group(groups["code"]),
                    "message": match.group(groups["message"]),
                    "severity": {"notice": "info"}.get(level, level),
                }
            )
    keys = ("path", "line", "column", "code", "message", "severity")
    assert matched == [{k: f[k] for k in keys} for f in findings]
    assert not any(m.match(line) for _, _, m, _ in _matchers() for line in text.stdout.splitlines())


def test_show_source_puts_a_caret_under_the_column_and_links_the_docs(project: Path) -> None:
    result = run(project, "--show-source", "postmortems/2026-04-17-checkout.md")
    lines = result.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if " PM402 " in line)
    column = int(lines[first].split(":")[2])
    assert lines[first + 1] == "  8 | | 3 | Update the runbook | TBD | 2026-05-02 | Reviewed |"
    assert lines[first + 2].index("^") - len("  8 | ") == column - 1
    assert lines[first + 3] == f"  docs: {rule_url('PM402')}"
    plain = run(project, "postmortems/2026-04-17-checkout.md")  # not a terminal: off
    assert "docs:" not in plain.stdout and " | " not in plain.stdout
    url_only = run(project, "--show-url", "postmortems/2026-04-17-checkout.md")
    assert f"  docs: {rule_url('PM402')}" in url_only.stdout and "^" not in url_only.stdout


def test_statistics_alone_prints_the_table_and_the_summary(project: Path) -> None:
    result = run(project, "--statistics")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert not any(DOCUMENTED.match(line) for line in lines)
    assert [line.split()[:2] for line in lines[:-2]] == [
        ["2", "PM002"],
        ["2", "PM402"],
        ["2", "PM408"],
    ]
    assert lines[-1].startswith("Found 6 problems")


def test_exit_zero_and_output_format(project: Path) -> None:
    assert run(project, "--exit-zero").returncode == 0
    crashed = run(project, "--exit-zero", "--config", "missing.toml")
    assert crashed.returncode == 2  # usage errors still fail
    gitlab = run(project, "--output-format", "gitlab")
    assert gitlab.returncode == 1
    issues = json.loads(gitlab.stdout)
    assert {i["url"] for i in issues if i["check_name"] == "PM402"} == {rule_url("PM402")}


def test_every_format_carries_the_documentation_url(project: Path) -> None:
    url = rule_url("PM402")
    for fmt in ("json", "sarif", "github", "junit", "gitlab"):
        assert url in run(project, "--format", fmt).stdout, fmt
    assert url in run(project, "--show-url").stdout


def test_baseline_runs_say_how_many_findings_it_hid(project: Path) -> None:
    assert invoke(project, "--write-baseline", "base.json").exit_code == 0
    quiet = invoke(project, "--baseline", "base.json")
    assert quiet.exit_code == 0
    assert quiet.stdout == "All checks passed: 2 files, no problems (6 hidden by the baseline).\n"
    data = json.loads(invoke(project, "--baseline", "base.json", "--format", "json").stdout)
    assert data["summary"]["hidden_by_baseline"] == 6
    github = invoke(project, "--baseline", "base.json", "--format", "github").stdout
    assert github == "pmlint: no problems in 2 files (6 hidden by the baseline)\n"
    # the configuration may name the baseline, so `pmlint check` alone uses it
    (project / "pmlint.toml").write_text(
        'baseline = "base.json"\n' + CONFIG,
        encoding="utf-8",
    )
    (project / "postmortems" / "2026-06-01-new.md").write_text(DOC, encoding="utf-8")
    clear_caches()  # configuration files are cached per process
    fresh = invoke(project)
    assert fresh.exit_code == 1
    assert fresh.stdout.splitlines()[-1].endswith("; 6 more hidden by the baseline.")


def test_show_settings_prints_the_resolved_configuration(project: Path) -> None:
    result = invoke(project, "--show-settings", "--extend-exclude", "drafts", "postmortems")
    assert result.exit_code == 0
    out = result.stdout
    assert "# configuration: pmlint.toml" in out
    assert 'select = ["PM402", "PM408", "PM002"]' in out
    assert '"drafts"]' in out and '"README.md"' in out
    assert "#   PM408  tier-3-only-action-items" in out


def _sarif(project: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(project, "--format", "sarif").stdout)
    return data


def test_sarif_rules_carry_description_help_and_help_uri(project: Path) -> None:
    log = _sarif(project)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    rule = rules["PM402"]
    assert rule["helpUri"] == rule_url("PM402")
    assert rule["fullDescription"]["text"].startswith("Checks that every action item names")
    assert "severity" not in rule["fullDescription"]["text"].lower()
    assert "## Why is this bad?" in rule["help"]["markdown"]
    assert rule_url("PM402") in rule["help"]["text"]
    for rule in rules.values():
        assert not rule["fullDescription"]["text"].startswith("Default severity")


def test_sarif_with_docs_still_validates(project: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (the shared folder is absent)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = list(validator.iter_errors(_sarif(project)))
    assert not errors, [e.message for e in errors[:5]]


def test_problem_matcher_passes_the_runners_own_checks() -> None:
    """What GitHub's runner checks when `::add-matcher::` registers the file: an owner, a
    default severity it knows, a message group, group numbers within the pattern."""
    data = json.loads(MATCHER.read_text(encoding="utf-8"))
    owners = [matcher["owner"] for matcher in data["problemMatcher"]]
    assert all(owners) and len(set(owners)) == len(owners)
    for matcher in data["problemMatcher"]:
        assert matcher.get("severity", "").upper() in {"", "ERROR", "WARNING", "NOTICE"}
        (pattern,) = matcher["pattern"]
        groups = re.compile(pattern["regexp"]).groups
        assert "message" in pattern and not pattern.get("loop")
        for key in ("file", "line", "column", "severity", "code", "message", "fromPath"):
            if key in pattern:
                assert 0 <= pattern[key] <= groups, (matcher["owner"], key)
