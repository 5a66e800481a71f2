"""The headline rules on whole documents: the reference and our examples stay clean, and a
one-line change of a clean document raises exactly the expected rule at the changed line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, reference_example, respaced

from pmlint.config.settings import Config, Settings
from pmlint.document.model import Finding
from pmlint.run.runner import Overrides, lint_source_text, ruleset_for

GOOD = sorted((ROOT / "examples" / "good").glob("*.md"))
TABLE_FORM = ROOT / "examples" / "good" / "2026-03-09-search-index-stall.md"
LIST_FORM = ROOT / "examples" / "good" / "2026-06-02-dns-resolver-saturation.md"


def lint(text: str, path: str = "doc.md", select: tuple[str, ...] | None = None) -> list[Finding]:
    ruleset = ruleset_for(Config(Settings(), None, ROOT), Overrides(select=select))
    return lint_source_text(text, path, ruleset)


def codes(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in findings]


def test_reference_example_is_clean_as_written(needs_shared: Path) -> None:
    assert codes(lint(reference_example())) == []


def test_reference_example_is_clean_respaced(needs_shared: Path) -> None:
    assert codes(lint(respaced(reference_example()))) == []


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_examples_are_clean(path: Path) -> None:
    assert codes(lint(path.read_text(encoding="utf-8"), path.name)) == []


def change_line(text: str, needle: str, old: str, new: str) -> tuple[str, int]:
    """Replace `old` with `new` on the first line containing `needle`; return its number."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if needle in line:
            assert old in line, (needle, old, line)
            lines[index] = line.replace(old, new, 1)
            return "\n".join(lines), index + 1
    raise AssertionError(f"no line contains {needle!r}")


def _first_line(text: str, predicate) -> str:  # type: ignore[no-untyped-def]
    return next(line for line in text.split("\n") if predicate(line))


def table_timeline_row(text: str) -> str:
    return _first_line(text, lambda ln: ln.startswith("|") and "{OBSERVED}" in ln)


def list_timeline_item(text: str) -> str:
    return _first_line(text, lambda ln: ln.startswith("- **") and "{OBSERVED}" in ln)


@pytest.mark.parametrize("form", ["table", "list"])
def test_pm201_untagged_timeline_entry(form: str) -> None:
    base = (TABLE_FORM if form == "table" else LIST_FORM).read_text(encoding="utf-8")
    row = table_timeline_row(base) if form == "table" else list_timeline_item(base)
    text, line = change_line(base, row, "{OBSERVED}", "seen")
    assert codes(lint(text)) == [(line, "PM201")]


def test_pm201_reference_row(needs_shared: Path) -> None:
    base = respaced(reference_example())
    text, line = change_line(base, "| **14:29** |", "`{OBSERVED}` — deploy log", "deploy log")
    assert codes(lint(text)) == [(line, "PM201")]


@pytest.mark.parametrize(
    ("form", "code", "field", "replacement"),
    [
        ("table", "PM402", "owner", "TBD"),
        ("table", "PM403", "due", "soon"),
        ("list", "PM402", "Owner:", "Owner: team"),
        ("list", "PM403", "Due:", "Due: ?"),
    ],
)
def test_owner_and_due_date(form: str, code: str, field: str, replacement: str) -> None:
    if form == "table":
        base = TABLE_FORM.read_text(encoding="utf-8")
        header = _first_line(base, lambda ln: ln.startswith("| Tier"))
        cells = [c.strip().lower() for c in header.strip("|").split("|")]
        column = next(i for i, c in enumerate(cells) if c.startswith(field))
        row = _first_line(base, lambda ln: ln.startswith("| **1**") or ln.startswith("| 1 "))
        value = row.strip("|").split("|")[column].strip()
        text, line = change_line(base, row, value, replacement)
    else:
        base = LIST_FORM.read_text(encoding="utf-8")
        row = _first_line(base, lambda ln: ln.strip().startswith(f"- {field}"))
        value = row.strip()[2:]
        text, line = change_line(base, row, value, replacement)
    found = codes(lint(text))
    assert (line, code) in found and {c for _, c in found} == {code}


def test_pm408_all_tier_3() -> None:
    text = (
        "## Action Items\n\n"
        "| Tier | Action | Owner | Due | Exit criteria |\n| --- | --- | --- | --- | --- |\n"
        "| 3 | Update the runbook | Ops lead | 2026-05-01 | Reviewed by two people |\n"
    )
    assert codes(lint(text, select=("PM408",))) == [(1, "PM408")]
    fixed = text.replace("| 3 |", "| 1 |")
    assert codes(lint(fixed, select=("PM408",))) == []


def test_pm408_list_form() -> None:
    text = "## Action Items\n\n- **Tier 3** — Update the runbook\n  - Owner: Ops lead\n"
    assert codes(lint(text, select=("PM408",))) == [(1, "PM408")]
    assert codes(lint(text.replace("Tier 3", "Tier 2"), select=("PM408",))) == []


@pytest.mark.parametrize("path", [TABLE_FORM, LIST_FORM], ids=["table", "list"])
def test_pm501_missing_detection_gap(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("## ") and "Detection" in ln)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    text = "\n".join(lines[:start] + lines[end:])
    assert codes(lint(text, select=("PM5",))) == [(1, "PM501")]


def test_pm001_unreadable_file_does_not_stop_others(tmp_path: Path) -> None:
    from pmlint.run.pipeline import run

    (tmp_path / "bad.md").write_bytes(b"# T\n\xff\xfe broken")
    (tmp_path / "good.md").write_text("# T\n\n## Timeline\n\n- 14:03 alert\n", encoding="utf-8")
    result = run([tmp_path], Overrides(select=("PM001", "PM201")))
    by_file = {(Path(f.path).name, f.code) for f in result.findings}
    assert by_file == {("bad.md", "PM001"), ("good.md", "PM201")}
