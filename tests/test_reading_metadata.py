"""Reading titles, incident metadata, dates and times as a person reads them.

Each test is a small document written for this file: one way real write-ups state a fact
that pmlint once misread.
"""

from __future__ import annotations

import pytest

from pmlint import lint_text
from pmlint.catalog.load import load_catalog
from pmlint.document.dates import day_first, parse_date
from pmlint.document.model import Document
from pmlint.document.parse import parse_document
from pmlint.document.timeparse import leading_time, parse_time
from pmlint.views.timeline import TimelineEntry, timeline_entries

MATCHER = load_catalog().profile("default").matcher


def parse(text: str, path: str = "doc.md") -> Document:
    return parse_document(text, path, MATCHER)


def entries(text: str, path: str = "doc.md") -> list[TimelineEntry]:
    return timeline_entries(parse(text, path))


# -- titles ---------------------------------------------------------------------------------


def test_without_an_h1_the_first_heading_is_the_title() -> None:
    doc = parse("## Queue workers stalled\n\n### Timeline\n\n- 10:00 stall\n")
    assert doc.metadata.title == "Queue workers stalled"


def test_a_title_label_heading_is_not_the_title() -> None:
    doc = parse("# Title:\n### Search index rebuilt twice\n\n# Cause\n\nA cron overlap.\n")
    assert doc.metadata.title == "Search index rebuilt twice"
    assert parse("# Title: Search index rebuilt\n\n## Cause\n").metadata.title == (
        "Search index rebuilt"
    )
    assert parse("# Title\n\nSearch index rebuilt\n\n## Cause\n").metadata.title == (
        "Search index rebuilt"
    )


def test_a_heading_that_starts_with_name_is_still_a_title() -> None:
    assert parse("# Names of the on-call rota broke\n").metadata.title == (
        "Names of the on-call rota broke"
    )


def test_quoted_values_of_a_script_object_are_unquoted() -> None:
    text = "export const post = {\n  title: 'Cache outage: a review',\n  date: '2025-03-02',\n}\n"
    doc = parse(text)
    assert doc.metadata.title == "Cache outage: a review"
    assert doc.metadata.date == "2025-03-02"


def test_first_heading_counts_as_title_only_where_the_profile_says_so() -> None:
    text = "## Billing export delayed\n\n## Impact\n\nInvoices went out a day late.\n"
    assert "PM101" not in {f.code for f in lint_text(text, "doc.md", {"profile": "generic"})}
    assert "PM101" in {f.code for f in lint_text(text, "doc.md", {"profile": "default"})}
    # A first heading that names a section is not a title under any profile.
    text = "## Impact\n\nInvoices went out a day late.\n"
    assert "PM101" in {f.code for f in lint_text(text, "doc.md", {"profile": "generic"})}


# -- where metadata is written --------------------------------------------------------------


def test_facts_in_a_summary_list() -> None:
    text = (
        "# Ledger replica lag\n\n## 1. Incident summary\n\n"
        "* Service: ledger\n* Date: March 3 2025, 9:30 AM UTC - March 3 2025, 11:00 AM UTC\n"
        "* **Severity:**\n  * SEV-2 - slow reads\n* Status: Resolved\n"
    )
    meta = parse(text).metadata
    assert meta.date == "2025-03-03"
    assert meta.severity == "SEV-2 - slow reads"
    assert meta.status == "Resolved"


def test_facts_after_an_empty_separator_heading() -> None:
    text = "# Gateway restart\n\n##\n\n**Date of incident**: 4th May, 2024.\n**Status**: Done\n"
    meta = parse(text).metadata
    assert meta.date == "2024-05-04" and meta.status == "Done"


def test_key_value_table_whose_first_row_is_the_header() -> None:
    text = (
        "# Disk full on builders\n\n| **Detected** | 2026-02-11 14:03 |\n| --- | --- |\n"
        "| **Severity** | SEV-3 |\n"
    )
    meta = parse(text).metadata
    assert meta.date == "2026-02-11" and meta.severity == "SEV-3"


def test_table_of_keys_over_one_row_of_values() -> None:
    text = (
        "# Disk full\n\n| Date | Severity | Status |\n| --- | --- | --- |\n"
        "| 2026-02-11 | SEV-3 | Draft |\n"
    )
    meta = parse(text).metadata
    assert (meta.date, meta.severity, meta.status) == ("2026-02-11", "SEV-3", "Draft")


def test_fact_sections_with_the_value_as_text() -> None:
    text = "# Disk full\n\n## Date\n\n11 February 2026\n\n## Severity\n\nSEV-3\n"
    meta = parse(text).metadata
    assert meta.date == "2026-02-11" and meta.severity == "SEV-3"


def test_a_summary_line_labelled_incident_is_not_the_title() -> None:
    text = "# Replica failover\n\n## Summary\n\n- Incident: the primary failed over twice\n"
    assert parse(text).metadata.title == "Replica failover"


def test_a_labelled_fact_deep_in_the_document_is_not_metadata() -> None:
    text = (
        "# Disk full\n\n## Summary\n\nDisk filled.\n\n## Impact\n\nNone.\n\n"
        "## Action items\n\n- Date: 2030-01-01 review the alerts\n"
    )
    assert parse(text).metadata.date is None


# -- the incident date ----------------------------------------------------------------------


def test_a_date_in_the_title_beats_the_file_name() -> None:
    doc = parse("# 2024-08-28 - Memory pressure on the hub\n", "2024-10-28-memory.md")
    assert doc.metadata.date == "2024-08-28"
    assert parse("# April 17, 2026 incident report\n").metadata.date == "2026-04-17"
    assert parse("# 17-04-2026 - Checkout unavailable\n").metadata.date == "2026-04-17"


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("20260417_checkout.md", "2026-04-17"),
        ("outage_pm_260417.md", "2026-04-17"),
        ("17-04-2026-checkout.md", "2026-04-17"),
        ("06-nov-2022_upgrade_halt.md", "2022-11-06"),
        ("07-Sept-2022_upgrade.md", "2022-09-07"),
        ("06192022-attack.md", "2022-06-19"),
        ("10-23-23.md", "2023-10-23"),
        ("PM2019-009-network.md", None),
        ("001-retries.md", None),
    ],
)
def test_dates_in_file_names(name: str, date: str | None) -> None:
    assert parse("# Checkout unavailable\n", f"incidents/{name}").metadata.date == date


def test_a_lead_paragraph_opening_with_the_date() -> None:
    text = "---\ntitle: Token leak\n---\n\nOn 2nd March 2021 a researcher found a token.\n"
    assert parse(text, "2021-03-06-token.md").metadata.date == "2021-03-02"
    text = "# Token leak\n\n## Background\n\nOn the 16th January, 2023, we were told.\n"
    assert parse(text, "2023-01-19-token.md").metadata.date == "2023-01-16"


def test_a_lead_paragraph_that_is_only_a_date() -> None:
    text = "# Metadata\n\nOwner: someone\n\n# Overview\n\nMonday, Nov. 13, 2017\n\nLogins failed.\n"
    assert parse(text).metadata.date == "2017-11-13"


def test_a_year_less_lead_date_takes_the_nearest_year() -> None:
    text = "# Exploit\n\n_Written 2021-02-22._\n\n## Background\n\nOn Feb 20th, a bug was found.\n"
    assert parse(text, "2021-02-22-exploit.md").metadata.date == "2021-02-20"
    text = "# Exploit\n\n## Background\n\nOn Dec 30th, a bug was found.\n"
    assert parse(text, "2022-01-04-exploit.md").metadata.date == "2021-12-30"


def test_year_less_timeline_days_take_the_incident_year() -> None:
    text = (
        "# X\n\n**Date:** 2025-12-30\n\n## Timeline\n\n"
        "### Dec 30\n\n- 10:00 a\n\n### Jan 2\n\n- 09:00 b\n"
    )
    assert [e.date for e in entries(text)] == ["2025-12-30", "2026-01-02"]


def test_a_date_inside_a_lead_sentence_is_not_the_incident_date() -> None:
    text = "# Crash\n\nA fix was released on September 14th, 2021 in version 22.\n"
    assert parse(text).metadata.date is None


TIMELINE_DOC = """# Intervention worker errors

**Date:** {stated}

## Timeline

| Time (UTC) | Event |
| --- | --- |
| {first} 18:27 | A bad query is deployed |
| 2026-06-10 09:00 | Alarm fires |
"""


def test_a_timeline_that_starts_before_the_stated_date_moves_it_back() -> None:
    doc = parse(TIMELINE_DOC.format(stated="2026-06-18", first="2026-06-09"))
    assert doc.metadata.date == "2026-06-09"


def test_background_long_before_a_stated_date_does_not() -> None:
    doc = parse(TIMELINE_DOC.format(stated="2026-06-18", first="2025-01-09"))
    assert doc.metadata.date == "2026-06-18"


def test_a_file_name_date_gives_way_to_the_timeline_by_any_amount() -> None:
    text = "# Crash on spam\n\n## Timeline\n\n* 2021-06-21 - Report received\n* 2021-09-13 - Fix\n"
    assert parse(text, "2024-07-31-disclose.md").metadata.date == "2021-06-21"


def test_an_explicit_start_is_taken_as_written() -> None:
    text = TIMELINE_DOC.format(stated="2026-06-18", first="2026-06-09").replace(
        "**Date:**", "**Incident start:**"
    )
    assert parse(text).metadata.date == "2026-06-18"


def test_a_date_of_incident_is_taken_as_written() -> None:
    text = TIMELINE_DOC.format(stated="2026-06-18", first="2026-06-09").replace(
        "**Date:**", "**Date of incident:**"
    )
    assert parse(text).metadata.date == "2026-06-18"


def test_the_first_timeline_date_when_nothing_else_is_stated() -> None:
    text = (
        "# Node failure\n\n## Timeline\n\n| When | What |\n| --- | --- |\n| 2023-02-13 10:00 | x |"
    )
    assert parse(text).metadata.date == "2023-02-13"


def test_a_log_of_incidents_is_dated_by_its_first_dated_heading() -> None:
    text = "# Incident log\n\n## Q3\n\n### Incident on 2024-09-20 - routes lost\n\nText.\n"
    assert parse(text).metadata.date == "2024-09-20"


def test_numeric_dates_are_read_in_the_order_the_file_writes_them() -> None:
    text = "# Upgrade halt\n\n**Date:** 03-10-2025\n\nThe vote closed on 29-09-2025.\n"
    doc = parse(text)
    assert doc.day_first and doc.metadata.date == "2025-10-03"
    assert parse("# Upgrade halt\n\n**Date:** 03-10-2025\n").metadata.date == "2025-03-10"


# -- dates and times ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("06-nov-2025", "2025-11-06"),
        ("Apr-17-2026", "2026-04-17"),
        ("12th March 2026", "2026-03-12"),
        ("17.04.2026", "2026-04-17"),
        ("22/Mar/2022", "2022-03-22"),
        ("November 5th ’24", "2024-11-05"),
        ("version 1.10.2024.1", None),
        ("Mar-2024", None),
    ],
)
def test_date_formats(text: str, date: str | None) -> None:
    found = parse_date(text)
    assert (found.isoformat() if found else None) == date


def test_day_first_is_decided_by_the_dates_that_can_only_be_read_one_way() -> None:
    assert day_first("29-09-2025, then 03-10-2025")
    assert not day_first("09/29/2025, then 10/03/2025")
    assert not day_first("03-10-2025")  # nothing to tell: month first
    assert not day_first("release v1.13.24")  # a version, not a date


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("0906Z alert fires", 9 * 60 + 6),
        ("0906 - alert fires", 9 * 60 + 6),
        ("**0906** alert fires", 9 * 60 + 6),
        ("1423 UTC alert fires", 14 * 60 + 23),
        ("09.42 alert fires", 9 * 60 + 42),
        ("3am alert fires", 3 * 60),
        ("17/04/2026 3am UTC alert fires", 3 * 60),
        ("1500 users saw errors", None),
        ("2023-MM-DD: a token is created", None),
        ("2024: the service launched", None),
        ("3.10 was deployed", None),
    ],
)
def test_times_that_start_entries(text: str, minutes: int | None) -> None:
    found = leading_time(text)
    assert (found[0].start if found else None) == minutes


def test_a_cell_that_is_only_a_year_is_no_time() -> None:
    assert parse_time("2024") is None
    assert parse_time("0906") is not None


def test_colon_less_times_are_not_read_at_the_end_of_a_label() -> None:
    doc = "# X\n\n## Timeline\n\n- Upgraded the client to 20.15\n- 10:00 paged\n"
    first = entries(doc)[0]
    assert first.time is None


# -- timelines ------------------------------------------------------------------------------


def test_a_day_line_with_a_zone_note_is_not_an_entry() -> None:
    text = "# X\n\n## Timeline\n\n2026-04-17 (times in UTC)\n\n- 09:42 paged\n"
    (entry,) = entries(text)
    assert (entry.date, entry.zone) == ("2026-04-17", "UTC")


def test_notes_and_zone_bullets_are_not_entries() -> None:
    text = "# X\n\n## Timeline\n\n- All times in PDT\n- Note: times are rounded\n- 09:42 paged\n"
    (entry,) = entries(text)
    assert entry.zone == "PDT"


def test_a_timeline_for_a_date_line_dates_the_entries_below() -> None:
    text = (
        "# X\n\n## Timeline\n\nTimeline for September 17, 2018: (all times UTC)\n\n"
        "- 14:57 report arrives\n\nSeptember 18, 2018:\n\n- 00:24 release tagged\n"
    )
    found = entries(text)
    assert [(e.date, e.zone) for e in found] == [("2018-09-17", "UTC"), ("2018-09-18", "UTC")]


def test_year_less_days_step_over_the_year_end() -> None:
    text = (
        "# X\n\n## Timeline\n\n### 2025-11-30\n\n- 10:00 deploy\n\n### Dec 31\n\n- 23:50 spike\n\n"
        "### Mar 2\n\n- 09:00 review\n"
    )
    assert [e.date for e in entries(text)] == ["2025-11-30", "2025-12-31", "2026-03-02"]


def test_untimed_paragraphs_under_day_headings_are_entries() -> None:
    text = (
        "# X\n\n## Timeline\n\n#### [2026-06-09]\n[18:27] An alarm goes off\n"
        "#### [2026-06-10]\n[The morning] The team fixes the query\n"
    )
    found = entries(text)
    assert [(e.date, e.time is not None) for e in found] == [
        ("2026-06-09", True),
        ("2026-06-10", False),
    ]


def test_a_paragraph_continuing_a_timed_entry_is_not_an_entry() -> None:
    text = (
        "# X\n\n## Timeline\n\n## July 22\n\n10:23\nMetrics show a spike\n\n"
        "A pull request for the fix was opened later that day.\n"
    )
    assert len(entries(text)) == 1


def test_a_timeline_told_in_paragraphs_has_one_entry_per_paragraph() -> None:
    text = (
        "# X\n\n## Timeline\n\nDebugging began as soon as the slowdown was noticed.\n\n"
        "A week later the crawler confirmed that outside peers were in the tables.\n\n"
        "*Describe the sequence of events here.*\n\nSee below.\n"
    )
    assert len(entries(text)) == 2


def test_entry_dates_follow_the_files_day_first_order() -> None:
    text = "# X\n\n## Timeline\n\n- 29-09-2025 10:00 vote opens\n- 03-10-2025 09:00 upgrade\n"
    assert [e.date for e in entries(text)] == ["2025-09-29", "2025-10-03"]


def test_a_zone_named_by_its_region_applies_to_the_entries() -> None:
    text = (
        "# X\n\n## Timeline\n\n_(All times US/Pacific, 24-hour clock.)_\n\n"
        "### 2021-06-28 13:59\n\nAlert.\n"
    )
    (entry,) = entries(text)
    assert entry.zone == "US/Pacific"
