"""Structure rules (PM101, PM102, PM110-PM116, PM120) on one-line changes of clean documents.

The bases are the project's good examples: one writes its sections as tables, the other
as lists. Each test changes one line and checks the rule fires where it should.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    LIST_EXAMPLE,
    TABLE_EXAMPLE,
    change_once,
    lint_selected,
    reference_example,
    respaced,
)

from pmlint.document.model import Finding

TABLE_DOC = TABLE_EXAMPLE.read_text()
LIST_DOC = LIST_EXAMPLE.read_text()
CODES = ["PM101", "PM102", *(f"PM11{i}" for i in range(7)), "PM120"]


def lint(text: str, *codes: str, path: str = "doc.md") -> list[Finding]:
    return lint_selected(text, list(codes) or CODES, path)


def hits(text: str, code: str) -> list[int]:
    return [f.line for f in lint(text, code) if f.code == code]


change = change_once


@pytest.mark.parametrize("text", [TABLE_DOC, LIST_DOC], ids=["table", "list"])
def test_bases_are_clean(text: str) -> None:
    assert lint(text) == []


@pytest.mark.parametrize("spaced", [False, True], ids=["as-written", "respaced"])
def test_reference_example_is_clean(needs_shared: Path, spaced: bool) -> None:
    text = respaced(reference_example()) if spaced else reference_example()
    assert lint(text) == []


# -- PM101 missing-title ------------------------------------------------------------------


def test_missing_title_without_h1() -> None:
    text, _ = change(TABLE_DOC, "# 🔎 POST-MORTEM: Product Search Index Stall", "Search stall")
    assert hits(text, "PM101") == [1]


def test_front_matter_title_counts() -> None:
    text, _ = change(LIST_DOC, "# Post-mortem: DNS resolver saturation in eu-west", "")
    assert hits(text, "PM101") == []
    text, _ = change(text, "title: DNS resolver saturation in eu-west\n", "")
    assert hits(text, "PM101") == [1]


def test_h2_first_heading_is_not_a_title() -> None:
    text, _ = change(TABLE_DOC, "# 🔎 POST-MORTEM", "## 🔎 POST-MORTEM")
    assert hits(text, "PM101") == [1]


def test_text_before_the_first_heading_leaves_the_document_untitled() -> None:
    assert hits("Some notes first.\n\n## Checkout outage\n\nText.\n", "PM101") == [1]


def test_first_heading_naming_a_section_is_not_a_title() -> None:
    assert hits("## Timeline\n\n- 14:03 Alert fires\n", "PM101") == [1]


def test_setext_title_counts() -> None:
    assert hits("Checkout failure\n================\n\nText.\n", "PM101") == []


# -- PM102 missing-incident-metadata ------------------------------------------------------


def test_missing_severity_in_header_line() -> None:
    text, _ = change(TABLE_DOC, "**Severity:** SEV-2 | ", "")
    found = [f for f in lint(text, "PM102")]
    assert [(f.line, f.code) for f in found] == [(1, "PM102")]
    assert "severity" in found[0].message and "date" not in found[0].message.split(":")[0]


def test_missing_severity_in_front_matter() -> None:
    text, _ = change(LIST_DOC, "severity: SEV-2\n", "")
    found = lint(text, "PM102")
    assert [f.line for f in found] == [9]  # the H1, below the front matter
    assert "no incident severity" in found[0].message


def test_missing_date_names_the_date() -> None:
    text, _ = change(LIST_DOC, "date: 2026-06-02\n", "")
    found = lint(text, "PM102", path="incident.md")
    assert len(found) == 1 and "no incident date" in found[0].message


def test_unreadable_date() -> None:
    text, line = change(TABLE_DOC, "**Date:** 2026-03-09", "**Date:** last Tuesday")
    found = lint(text, "PM102")
    assert [f.line for f in found] == [line]
    assert "'last Tuesday' is not a calendar date" in found[0].message


def test_date_in_title_counts_and_file_name_does_not() -> None:
    text = "# Incident on 2024-01-22: DNS records deleted\n\n**Severity:** SEV-3\n"
    assert hits(text, "PM102") == []
    bare = "# DNS records deleted\n\n**Severity:** SEV-3\n"
    assert [f.line for f in lint(bare, "PM102", path="2024-01-22-dns.md")] == [1]


def test_both_missing_gives_two_findings() -> None:
    found = lint("# Outage\n\nSomething broke.\n", "PM102")
    assert len(found) == 2
    assert {"date", "severity"} == {f.message.split()[2] for f in found}


# -- PM110-PM116 required sections ---------------------------------------------------------

SECTIONS = [
    ("PM110", "## 1. Impact Summary", "## Impact"),
    ("PM111", "## 2. Timeline", "## Timeline"),
    ("PM112", "## 3. Causal Analysis", "## Causal Analysis"),
    ("PM113", "## 4. Contributing Factors", "## Contributing Factors"),
    ("PM114", "## 5. What Went Well", "## What Went Well"),
    ("PM115", "## 6. Action Items", "## Action Items"),
    ("PM116", "## 8. Follow-Up", "## Follow-Up Cadence"),
]


@pytest.mark.parametrize(("code", "table_heading", "list_heading"), SECTIONS)
def test_missing_section(code: str, table_heading: str, list_heading: str) -> None:
    for base, heading in ((TABLE_DOC, table_heading), (LIST_DOC, list_heading)):
        assert hits(base, code) == []
        text, _ = change(base, heading + "\n", "## Notes\n")
        assert hits(text, code) == [1], (code, heading)


def test_synonym_heading_counts() -> None:
    text, _ = change(LIST_DOC, "## Timeline\n", "## Timeline of events\n")
    assert hits(text, "PM111") == []


# -- PM120 empty-section ------------------------------------------------------------------


@pytest.mark.parametrize("base", [TABLE_DOC, LIST_DOC], ids=["table", "list"])
def test_empty_section_heading(base: str) -> None:
    anchor = "## 6. Action Items\n" if base is TABLE_DOC else "## Action Items\n"
    text, line = change(base, anchor, "## Lessons Learned\n\n" + anchor)
    assert hits(text, "PM120") == [line]


def test_comment_only_section_is_empty() -> None:
    text = "# X\n\n## Contributing Factors\n\n<!-- TODO after the review -->\n\n## Impact\n\nA.\n"
    assert hits(text, "PM120") == [3]


def test_placeholder_section_is_empty() -> None:
    assert hits("# X\n\n## What Went Well\n\nTBD\n", "PM120") == [3]
    assert hits("# X\n\n## What Went Well\n\n- TBD\n", "PM120") == [3]


def test_empty_table_is_empty() -> None:
    text = "# X\n\n## Contributing Factors\n\n| Tag | Factor |\n| --- | --- |\n"
    assert hits(text, "PM120") == [3]


def test_children_with_content_count() -> None:
    text = "# X\n\n## Causal Analysis\n\n### Surface layer\n\n- **Why 1:** A.\n"
    assert hits(text, "PM120") == []
    empty = "# X\n\n## Causal Analysis\n\n### Surface layer\n\n## Impact\n\nA.\n"
    assert hits(empty, "PM120") == [3]


def test_labelled_list_item_with_content_below() -> None:
    text = "# X\n\n- **Impact**:\n\nAbout 400 users could not log in.\n\n- **Resolution**:\n"
    assert hits(text, "PM120") == [7]


def test_fact_under_its_own_heading() -> None:
    text = "# Outage\n\n### Date\n\n2015-10-21\n\n### Severity\n\nSEV-1\n"
    assert hits(text, "PM102") == []
    text = "# Outage\n\n### Date\n\nsoon\n\n### Severity\n\nSEV-1\n"
    assert hits(text, "PM102") == [5]
