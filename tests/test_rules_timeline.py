"""Timeline rules (PM202-PM205) on one-line changes of clean table and list timelines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    LIST_EXAMPLE,
    ROOT,
    TABLE_EXAMPLE,
    change_once,
    lint_selected,
    reference_example,
    respaced,
)

from pmlint.catalog.catalog import build_rules
from pmlint.catalog.load import load_catalog
from pmlint.document.model import Finding
from pmlint.document.parse import parse_document

TABLE_DOC = TABLE_EXAMPLE.read_text()
LIST_DOC = LIST_EXAMPLE.read_text()
CATALOG = load_catalog()
CODES = ["PM202", "PM203", "PM204", "PM205"]


def lint(text: str, *codes: str) -> list[Finding]:
    return lint_selected(text, list(codes) or CODES)


def hits(text: str, code: str) -> list[int]:
    return [f.line for f in lint(text, code) if f.code == code]


change = change_once


def timeline(*entries: str) -> str:
    return "# X\n\n## Timeline\n\n" + "\n".join(entries) + "\n"


@pytest.mark.parametrize("text", [TABLE_DOC, LIST_DOC], ids=["table", "list"])
def test_bases_are_clean(text: str) -> None:
    assert lint(text) == []


@pytest.mark.parametrize("spaced", [False, True], ids=["as-written", "respaced"])
def test_reference_example_is_clean(needs_shared: Path, spaced: bool) -> None:
    text = respaced(reference_example()) if spaced else reference_example()
    assert lint(text) == []


def test_bad_examples_raise_the_timeline_rules() -> None:
    bad = ROOT / "examples/bad"
    tagged = lint((bad / "untagged-timeline.md").read_text())
    assert [(f.line, f.code) for f in tagged] == [(22, "PM205"), (26, "PM202")]
    order = lint((bad / "bad-dates-and-order.md").read_text())
    assert [(f.line, f.code) for f in order] == [(26, "PM203"), (29, "PM204")]


# -- PM202 unknown-evidence-tag -----------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "old"),
    [
        (TABLE_DOC, "`{OBSERVED}` — indexer logs"),
        (LIST_DOC, "`{OBSERVED}` — resolver query log"),
    ],
    ids=["table", "list"],
)
def test_misspelt_evidence_tag(base: str, old: str) -> None:
    text, line = change(base, old, old.replace("OBSERVED", "OBSERVD"))
    found = lint(text, "PM202")
    assert [f.line for f in found] == [line]
    assert "did you mean {OBSERVED}?" in found[0].message
    assert found[0].column == text.splitlines()[line - 1].index("{OBSERVD}") + 1


def test_private_tag_in_a_tagged_timeline() -> None:
    text = timeline(
        "- **09:12** — Alert fires `{OBSERVED}` — pager log",
        "- **09:15** — On-call acknowledges `{SEEN}` — pager log",
    )
    assert hits(text, "PM202") == [6]


def test_quoted_braces_in_untagged_timeline_are_not_tags() -> None:
    text = timeline(
        "- 09:12 — Scraper logs `No versions found for {URL}`",
        "- 09:15 — Config rendered with {cluster} left unfilled",
    )
    assert hits(text, "PM202") == []


def test_shell_variable_is_not_a_tag() -> None:
    text = timeline("- 09:12 — Job ran with ${HOME} unset `{OBSERVED}` — job log")
    assert hits(text, "PM202") == []


def test_allowed_tags_are_an_option() -> None:
    profile = CATALOG.profile("default")
    rules = build_rules(CATALOG, profile, select=["PM202"])
    rule = rules[0]
    options = rule.check.options.model_validate({"view": "timeline", "tags": ["SEEN"]})
    doc = parse_document(timeline("- 09:15 — Ack `{SEEN}` — pager"), "d.md", profile.matcher)
    assert list(rule.check.function(doc, options)) == []


# -- PM203 timeline-out-of-order ------------------------------------------------------------


def test_out_of_order_table_row() -> None:
    text, line = change(TABLE_DOC, "| **09:44** | Search on-call", "| **09:40** | Search on-call")
    found = lint(text, "PM203")
    assert [f.line for f in found] == [line]
    assert "'09:41'" in found[0].message


def test_out_of_order_list_item() -> None:
    text, line = change(LIST_DOC, "- **09:15** — Network", "- **09:10** — Network")
    assert hits(text, "PM203") == [line]


def test_ranges_and_bounds_are_not_compared() -> None:
    text = timeline(
        "- **14:03** — Alert `{OBSERVED}` — monitoring",
        "- **14:29** — Rollback `{OBSERVED}` — deploy log",
        "- **14:07–14:29** — Diagnosis `{INFERRED}` — gap in the log",
        "- **Pre-14:03** — Onset `{UNKNOWN}` — no signal",
        "- **14:50** — Verified `{OBSERVED}` — monitoring",
    )
    assert hits(text, "PM203") == []


def test_midnight_crossing_without_dates() -> None:
    text = timeline("- 23:50 — Deploy starts", "- 00:10 — Errors begin", "- 00:40 — Rollback")
    assert hits(text, "PM203") == []


def test_dated_entries_compare_dates() -> None:
    text = timeline(
        "- 2024-01-02 23:50 — Deploy starts",
        "- 2024-01-03 00:10 — Errors begin",
        "- 2024-01-02 23:55 — Misplaced entry",
    )
    assert hits(text, "PM203") == [7]


def test_date_headings_carry_the_day() -> None:
    text = (
        "# X\n\n## Timeline\n\n### 2024-01-02\n\n- 23:50 — Deploy starts\n\n"
        "### 2024-01-03\n\n- 00:10 — Errors begin\n- 00:05 — Misplaced\n"
    )
    assert hits(text, "PM203") == [12]


def test_twelve_hour_clock_without_am_pm() -> None:
    text = timeline("- 11:50 — Deploy", "- 12:20 — Alert", "- 1:05 — Rollback", "- 1:30 — Done")
    assert hits(text, "PM203") == []


def test_small_step_back_is_out_of_order() -> None:
    text = timeline("- 02:41 — Job killed", "- 02:35 — Two leaders found")
    assert hits(text, "PM203") == [6]


# -- PM204 unparseable-timeline-time --------------------------------------------------------


def test_unreadable_time_in_table() -> None:
    text, line = change(TABLE_DOC, "| **11:30** |", "| **Later that morning** |")
    found = lint(text, "PM204")
    assert [(f.line, f.severity) for f in found] == [(line, "warning")]


def test_unreadable_time_in_list() -> None:
    text, line = change(LIST_DOC, "- **10:40** — Report", "- **Later that morning** — Report")
    assert hits(text, "PM204") == [line]


def test_labels_that_are_not_times_are_left_alone() -> None:
    text = timeline("- **Detection** — The alert fired `{OBSERVED}` — pager log")
    assert hits(text, "PM204") == []


def test_readable_forms() -> None:
    text = (
        "# X\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n"
        "| 09:00 (approx) | A |\n| 4:19 PM | B |\n| Jan 3, 2024, 10:00 AM | C |\n"
    )
    assert hits(text, "PM204") == []


# -- PM205 evidence-without-source ----------------------------------------------------------


def test_tag_without_source_in_table() -> None:
    text, line = change(TABLE_DOC, "`{OBSERVED}` — pod events and incident channel", "`{OBSERVED}`")
    found = lint(text, "PM205")
    assert [(f.line, f.severity) for f in found] == [(line, "warning")]


def test_tag_without_source_in_list() -> None:
    text, line = change(LIST_DOC, "`{OBSERVED}` — resolver query log", "`{OBSERVED}`")
    assert hits(text, "PM205") == [line]


def test_tags_side_by_side_share_a_source() -> None:
    text = timeline("- 13:24 — Traced `{OBSERVED}` `{INFERRED}` — incident channel")
    assert hits(text, "PM205") == []
    text = timeline("- 13:24 — Traced `{OBSERVED}` — incident channel `{INFERRED}`")
    assert hits(text, "PM205") == [5]


def test_milestones_listed_by_kind_are_not_a_chronology() -> None:
    text = timeline(
        "- First detected 2022-01-22 11:57",
        "- Incident declared 2022-01-22 14:41",
        "- Repaired 2022-01-22 13:59",
        "- Resolved 2022-01-22 14:38",
    )
    assert hits(text, "PM203") == []
