"""Baselines: adopt pmlint in a docs repository with old post-mortems, fail only on new ones.

A scratch repository of 20 old post-mortems, each generated from a template with
defects, is baselined; then new files and edits are checked against that baseline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from conftest import cli_in

from pmlint.document.model import Finding
from pmlint.run.baseline import BaselineError, build, filter_new, line_hash, load
from pmlint.run.runner import clear_caches

TEMPLATE = """# Post-mortem: {title}

**Date:** 2025-{month:02d}-{day:02d} | **Severity:** SEV-{sev} | **Status:** Final

## Summary

The {service} service returned errors for {minutes} minutes.

## Timeline

- 10:{start:02d} {service} deploy starts
- 10:{alert:02d} Error-rate alert fires `{{OBSERVED}}` — pager log
- 10:{fix:02d} Deploy rolled back

## Action Items

| Tier | Action | Owner | Due | Exit Criteria |
| --- | --- | --- | --- | --- |
| 3 | Write a rollback runbook for {service} | TBD | 2025-12-01 | Runbook reviewed |
| 3 | Remind the team to watch {service} deploys | team | 2025-12-01 | Reminder sent |
"""
RULES = 'select = ["PM201", "PM402", "PM408", "PM501"]\n'
SERVICES = ["billing", "search", "checkout", "login", "queue"]


def post_mortem(index: int) -> str:
    return TEMPLATE.format(
        title=f"incident {index}",
        month=1 + index % 12,
        day=1 + index,
        sev=1 + index % 3,
        service=SERVICES[index % len(SERVICES)],
        minutes=10 + index,
        start=index,
        alert=index + 5,
        fix=index + 20,
    )


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "pmlint.toml").write_text(RULES, encoding="utf-8")
    folder = tmp_path / "postmortems"
    folder.mkdir()
    for index in range(20):
        (folder / f"2025-{index:02d}-incident.md").write_text(post_mortem(index), encoding="utf-8")
    return tmp_path


def check(cwd: Path, *args: str) -> Result:
    return cli_in(cwd, ["check", *args], catch=False)


def finding_paths(result: Result) -> set[str]:
    return {line.split(":", 1)[0] for line in result.stdout.splitlines() if " PM" in line}


def test_old_findings_are_recorded_and_hidden(repo: Path) -> None:
    before = check(repo, "postmortems")
    assert before.exit_code == 1 and len(finding_paths(before)) == 20
    written = check(repo, "postmortems", "--write-baseline", "pmlint-baseline.json")
    assert written.exit_code == 0, written.output
    assert written.stdout == "" and "pmlint-baseline.json" in written.stderr
    data = json.loads((repo / "pmlint-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries = data["entries"]
    assert {tuple(sorted(e)) for e in entries} == {("code", "count", "hash", "path")}
    assert {e["code"] for e in entries} == {"PM201", "PM402", "PM408", "PM501"}
    assert all(e["path"].startswith("postmortems/") for e in entries)
    total = sum(e["count"] for e in entries)
    assert total == before.stdout.count(" PM")

    after = check(repo, "postmortems", "--baseline", "pmlint-baseline.json")
    assert after.exit_code == 0, after.output
    assert finding_paths(after) == set()


def test_a_new_bad_post_mortem_fails_with_only_its_findings(repo: Path) -> None:
    check(repo, ".", "--write-baseline", "baseline.json")
    new = repo / "postmortems" / "2026-01-new.md"
    new.write_text(post_mortem(3).replace("incident 3", "a new incident"), encoding="utf-8")
    result = check(repo, ".", "--baseline", "baseline.json")
    assert result.exit_code == 1
    assert finding_paths(result) == {"postmortems/2026-01-new.md"}
    fresh = check(repo, "postmortems/2026-01-new.md")
    assert result.stdout.count(" PM") == fresh.stdout.count(" PM") > 0


def test_editing_above_a_finding_keeps_it_baselined(repo: Path) -> None:
    check(repo, ".", "--write-baseline", "baseline.json")
    old = repo / "postmortems" / "2025-07-incident.md"
    text = old.read_text(encoding="utf-8")
    summary = "## Summary\n\n"
    old.write_text(
        text.replace(summary, summary + "Written up by the on-call engineer.\n\n"), encoding="utf-8"
    )
    result = check(repo, ".", "--baseline", "baseline.json")
    assert result.exit_code == 0, result.output


def test_fixing_a_finding_reveals_nothing_else(repo: Path) -> None:
    check(repo, ".", "--write-baseline", "baseline.json")
    old = repo / "postmortems" / "2025-04-incident.md"
    text = old.read_text(encoding="utf-8").replace("| TBD |", "| Billing lead |")
    old.write_text(text, encoding="utf-8")
    result = check(repo, ".", "--baseline", "baseline.json")
    assert result.exit_code == 0, result.output


def test_changing_the_offending_line_reports_it_again(repo: Path) -> None:
    check(repo, ".", "--write-baseline", "baseline.json")
    old = repo / "postmortems" / "2025-04-incident.md"
    text = old.read_text(encoding="utf-8").replace("| TBD |", "| ? |")
    old.write_text(text, encoding="utf-8")
    result = check(repo, ".", "--baseline", "baseline.json")
    assert result.exit_code == 1
    assert result.stdout.count(" PM402 ") == 1


def test_counts_handle_identical_lines(repo: Path) -> None:
    row = "| 3 | Remind the team to watch {s} deploys | team | 2025-12-01 | Reminder sent |\n"
    old = repo / "postmortems" / "2025-00-incident.md"
    old.write_text(
        old.read_text(encoding="utf-8") + row.format(s="billing"), encoding="utf-8"
    )  # now two identical rows
    check(repo, ".", "--write-baseline", "baseline.json")
    entries = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert any(e["count"] == 2 and e["code"] == "PM402" for e in entries)
    old.write_text(old.read_text(encoding="utf-8") + row.format(s="billing"), encoding="utf-8")
    result = check(repo, ".", "--baseline", "baseline.json")
    assert result.exit_code == 1
    assert result.stdout.count(" PM402 ") == 1


def test_paths_are_relative_to_the_baseline_file(repo: Path) -> None:
    check(repo, "postmortems", "--write-baseline", "baseline.json")
    result = check(repo / "postmortems", ".", "--baseline", "../baseline.json")
    assert result.exit_code == 0, result.output


def test_other_formats_see_only_new_findings(repo: Path) -> None:
    check(repo, ".", "--write-baseline", "baseline.json")
    (repo / "postmortems" / "new.md").write_text(post_mortem(5), encoding="utf-8")
    result = check(repo, ".", "--baseline", "baseline.json", "--format", "json")
    data = json.loads(result.stdout)
    findings = data["findings"] if isinstance(data, dict) else data
    assert findings and {f["path"] for f in findings} == {"postmortems/new.md"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found"),
        ("{not json", "not a pmlint baseline file"),
        ('{"version": 1}', "entries: Field required"),
        ('{"version": 1, "entries": [{"path": "a.md", "code": "PM1"}]}', "not a pmlint baseline"),
        ('{"version": 9, "entries": []}', "version 9 is not supported"),
    ],
)
def test_bad_baseline_is_a_clear_error(repo: Path, content: str | None, message: str) -> None:
    if content is not None:
        (repo / "baseline.json").write_text(content, encoding="utf-8")
    result = check(repo, ".", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("pmlint: error: ") and message in result.stderr


def test_crashes_are_never_baselined(tmp_path: Path) -> None:
    crash = Finding("a.md", 1, 1, "PM003", "rule crashed", "error", "internal-error")
    plain = Finding("a.md", 2, 1, "PM402", "no owner", source_line="| x | TBD |")
    assert [e.code for e in build([crash, plain], tmp_path).entries] == ["PM402"]
    target = tmp_path / "b.json"
    target.write_text(json.dumps(build([crash, plain], tmp_path).model_dump()), encoding="utf-8")
    assert filter_new([crash, plain], target) == [crash]


def test_hash_ignores_surrounding_whitespace(tmp_path: Path) -> None:
    assert line_hash("  | x | TBD |  ") == line_hash("| x | TBD |")
    with pytest.raises(BaselineError):
        load(tmp_path / "missing.json")
