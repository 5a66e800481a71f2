"""Reading post-mortems as real teams write them: timelines, action items, headings.

Small documents written for these tests show each form; the last tests check what
`inspect` shows for a handful of real post-mortems from the shared corpus, against
expectations counted by hand (skipped when the corpus is absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmlint.catalog.load import load_catalog
from pmlint.document.model import Document
from pmlint.document.parse import parse_document
from pmlint.document.read import read_source
from pmlint.views.actions import action_items, find_tracking
from pmlint.views.timeline import timeline_entries, zone_in
from pmlint.views.understood import describe

CATALOG = load_catalog()
MATCHER = CATALOG.profile("default").matcher
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def doc_of(text: str) -> Document:
    return parse_document(text, "t.md", MATCHER)


def kinds(doc: Document) -> list[str | None]:
    return [s.own_kind for s in doc.sections]


# --- timelines ---------------------------------------------------------------------------------


def test_tag_source_from_a_source_column() -> None:
    doc = doc_of(
        "## Timeline\n\n| Time | Event | Evidence | Source |\n| --- | --- | --- | --- |\n"
        "| 14:03 | Alert | `{OBSERVED}` | pager log |\n| 14:05 | Ack | `{OBSERVED}` |  |\n"
    )
    sources = [[tag.source for tag in entry.tags] for entry in timeline_entries(doc)]
    assert sources == [["pager log"], [""]]


def test_table_with_separate_date_and_time_columns() -> None:
    doc = doc_of(
        "## Timeline\n\n| Date | Time (UTC) | Event |\n| --- | --- | --- |\n"
        "| 2024-03-01 | 23:50 | Queue grows |\n| 2024-03-02 | 00:10 | Paged |\n"
    )
    entries = timeline_entries(doc)
    assert [(e.date, e.time.start if e.time else None) for e in entries] == [
        ("2024-03-01", 23 * 60 + 50),
        ("2024-03-02", 10),
    ]
    assert [e.form for e in entries] == ["table", "table"]


def test_zone_from_a_preamble_line_applies_to_the_entries_below() -> None:
    doc = doc_of("## Timeline\n\n_All times are in UTC_\n\n- 14:05 Alert fires\n- 14:09 Ack\n")
    assert [e.zone for e in timeline_entries(doc)] == ["UTC", "UTC"]


def test_zone_from_the_heading_and_no_false_zone_from_words() -> None:
    doc = doc_of("## Timeline (times in BST)\n\n- 5:00 PM Incident declared\n")
    assert timeline_entries(doc)[0].zone == "BST"
    doc = doc_of("## Timeline (UTC) All Times Approximate\n\n- 12:48: Last block\n")
    assert timeline_entries(doc)[0].zone == "UTC"
    assert zone_in("All Times Approximate") is None
    assert zone_in("all times in Pacific Time") == "Pacific Time"


def test_timestamped_lines_keep_the_lines_that_follow_them() -> None:
    doc = doc_of(
        "## Timeline\n\nAll times in EDT\n\n1:03\nFirst alert fires\n\n5:05 AM\nDeclared\n"
    )
    entries = timeline_entries(doc)
    assert [e.raw_time for e in entries] == ["1:03", "5:05 AM"]
    assert entries[0].text == "1:03\nFirst alert fires"
    assert entries[0].zone == "EDT"
    assert [e.form for e in entries] == ["line", "line"]


def test_one_heading_per_entry_with_dates_carried_and_midnight_crossed() -> None:
    doc = doc_of(
        "## Timeline\n\n### 2018-10-10 22:40\n\nIssue recurs.\n\n### 23:55\n\nJobs done.\n\n"
        "### 00:20\n\nQuiet.\n"
    )
    entries = timeline_entries(doc)
    assert [e.form for e in entries] == ["heading"] * 3
    assert [e.date for e in entries] == ["2018-10-10", "2018-10-10", "2018-10-11"]
    assert entries[0].text == "2018-10-10 22:40\nIssue recurs."


def test_date_headings_beside_the_timeline_continue_it() -> None:
    doc = doc_of(
        "## Timeline\n\n_All times in EEST_\n\n## May 12\n\n### 20:15\n\nTicket opened.\n\n"
        "### 20:49\n\nEscalated.\n\n## May 13\n\n### 14:30\n\nCause found.\n\n## Action Items\n\n"
        "- Add a capacity alert\n"
    )
    entries = timeline_entries(doc)
    assert [e.raw_time for e in entries] == ["20:15", "20:49", "14:30"]
    assert [e.date for e in entries] == ["05-12", "05-12", "05-13"]
    assert {e.zone for e in entries} == {"EEST"}
    may_12 = next(s for s in doc.sections if s.title == "May 12")
    assert may_12.own_kind is None and may_12.kind == "timeline"
    assert kinds(doc)[-1] == "action_items"


def test_year_less_date_takes_the_year_of_the_day_before() -> None:
    doc = doc_of("## Timeline\n\n### Feb 20 2018 14:17\n\nPost.\n\n### Feb 21, 13:00\n\nFix.\n")
    assert [e.date for e in timeline_entries(doc)] == ["2018-02-20", "2018-02-21"]


def test_bold_date_line_and_weekday_date_heading_set_the_day() -> None:
    doc = doc_of("## Timeline\n\n**Date: 2023-11-22**\n\n- 08:42:33 account created\n")
    entry = timeline_entries(doc)[0]
    assert entry.date == "2023-11-22" and entry.time is not None and entry.time.seconds == 33
    doc = doc_of("## Timeline\n\n### 2025-07-26 Saturday\n\n- 13:14 EDT (17:14 UTC): report\n")
    entry = timeline_entries(doc)[0]
    assert (entry.date, entry.zone) == ("2025-07-26", "EDT")


def test_label_then_time_items() -> None:
    doc = doc_of(
        "# Incident\n\n- **Key events**\n  - First detected: 2024-09-20 11:24\n"
        "  - Resolved 2024-09-20 11:40\n"
    )
    entries = timeline_entries(doc)
    assert [e.raw_time for e in entries] == ["2024-09-20 11:24", "2024-09-20 11:40"]


def test_times_in_many_forms() -> None:
    doc = doc_of(
        "## Timeline\n\n- 14:05 a\n- 14:05:30 b\n- 2024-01-02 14:05 UTC c\n- 4:19 PM d\n"
        "- Jan 3, 2024, 10:00 AM e\n- [01-03 14:05] f\n- ~14:10 g\n- 14:07–14:29 h\n"
    )
    entries = timeline_entries(doc)
    assert all(e.time is not None for e in entries), [e.raw_time for e in entries]
    assert entries[-1].time is not None and entries[-1].time.kind == "range"
    assert entries[-2].time is not None and entries[-2].time.approximate


def test_a_list_of_links_beside_timed_entries_is_not_part_of_the_record() -> None:
    doc = doc_of(
        "## Timeline\n\nDashboards:\n\n- [overview](https://x.test/a)\n- [pods](https://x.test/b)\n\n"
        "### 07:30 - First report\n\nUsers report slow launches.\n\n### 07:42 - Normal\n\nOk.\n"
    )
    assert [e.raw_time for e in timeline_entries(doc)] == ["07:30", "07:42"]


def test_an_untimed_list_is_still_a_timeline_when_nothing_else_is() -> None:
    doc = doc_of("## Timeline\n\n- Alert fires\n- Rollback\n")
    assert len(timeline_entries(doc)) == 2


def test_an_entry_heading_with_an_unknown_time_among_timed_ones() -> None:
    doc = doc_of(
        "## Timeline\n\n### 19:52\n\nA.\n\n### 2X:XX (not sure)\n\nB.\n\n### 21:57\n\nC.\n"
    )
    entries = timeline_entries(doc)
    assert len(entries) == 3 and entries[1].time is None


def test_image_captions_are_not_entries() -> None:
    doc = doc_of("## Timeline\n\n10-31-2021 first wave\n\n![10-31-2021 Storm graph](g.png)\n")
    assert [e.text for e in timeline_entries(doc)] == ["10-31-2021 first wave"]


def test_each_timeline_of_a_file_is_numbered() -> None:
    doc = doc_of(
        "## Incident A\n\n### Timeline\n\n- 10:00 a\n\n## Incident B\n\n### Timeline\n\n- 09:00 b\n"
    )
    assert [e.timeline for e in timeline_entries(doc)] == [0, 1]


# --- headings ----------------------------------------------------------------------------------


def test_bold_lines_standing_alone_are_headings() -> None:
    doc = doc_of(
        "# Incident\n\n**Timeline**\n\n- 14:03 Alert\n\n**Action items:**\n\n- Fix the alert\n"
    )
    pseudo = [(s.title, s.own_kind, s.pseudo) for s in doc.sections if s.pseudo]
    assert pseudo == [("Timeline", "timeline", True), ("Action items", "action_items", True)]
    assert len(timeline_entries(doc)) == 1 and len(action_items(doc)) == 1


def test_bold_sentences_and_images_are_not_headings() -> None:
    doc = doc_of(
        "# Incident\n\n**Does this change impact our security policy at all?**\n\n"
        "![Download timeline with reports](t.png)\n"
    )
    assert [s.title for s in doc.sections] == ["Incident"]


def test_labelled_items_become_sections_in_a_section_of_no_kind() -> None:
    doc = doc_of(
        "# Incident on 2024-01-02\n\n- **Key events**\n  - Detected 2024-01-02 10:00\n\n"
        "- **Time to repair**: 2h\n\n- **Impact**: 40 sites down\n\n- **Review actions**:\n\n"
        "1. Add an alert [#12](https://github.com/acme/ops/issues/12)\n2. Write a runbook\n"
    )
    found = [(s.title, s.own_kind) for s in doc.sections if s.pseudo]
    assert found == [
        ("Key events", "timeline"),
        ("Impact", "impact"),
        ("Review actions", "action_items"),
    ]
    items = action_items(doc)
    assert [i.action for i in items] == ["Add an alert #12", "Write a runbook"]
    assert items[0].tracking == "https://github.com/acme/ops/issues/12"
    title = doc.sections[0]
    assert len(title.blocks) == 1  # "Time to repair" stays a list item of the title


def test_labelled_items_inside_action_items_stay_items() -> None:
    doc = doc_of(
        "## Action Items\n\n- **Detection**: add a queue alert\n- **Impact**: measure it\n"
    )
    assert not any(s.pseudo for s in doc.sections)
    assert len(action_items(doc)) == 2


def test_the_longest_matching_phrase_names_the_kind() -> None:
    assert MATCHER.match("follow up actions and owners") == "action_items"
    assert MATCHER.match("follow up timeline times in bst") == "timeline"
    assert MATCHER.match("impact summary") == "impact"
    assert MATCHER.match("summary of impact") == "impact"
    assert MATCHER.match("timeline summary") == "timeline"
    assert MATCHER.match("what didn t go so well") == "what_went_wrong"
    assert MATCHER.match("what was impacted") == "impact"
    assert MATCHER.match("what we re doing about it") == "action_items"


# --- action items ------------------------------------------------------------------------------


def test_action_items_in_bullets_numbers_checklists_and_sub_headings() -> None:
    doc = doc_of(
        "## Action items\n\n### Short-term\n\n1. Cap the queue (@ana)\n2. Page on age\n\n"
        "### Long-term\n\n- [ ] Split the workers, Owner: Platform team\n- [x] Roll back\n"
    )
    items = action_items(doc)
    assert [i.form for i in items] == ["list", "list", "checklist", "checklist"]
    assert [i.owner for i in items] == ["@ana", None, "Platform team", None]
    assert items[3].done is True


def test_owner_written_in_closing_parentheses() -> None:
    doc = doc_of(
        "## Action Items\n\n- Add an alert (Alice Smith)\n- Trim logs (optional)\n"
        "- Ship the fix (Done)\n- Fix bugs in the culler ([PR](https://github.com/a/b/pull/5))\n"
    )
    items = action_items(doc)
    assert [(i.action, i.owner) for i in items[:2]] == [
        ("Add an alert", "Alice Smith"),
        ("Trim logs (optional)", None),
    ]
    assert items[2].done is True and items[2].owner is None
    assert items[3].owner is None and items[3].tracking == "https://github.com/a/b/pull/5"


def test_tracking_links_in_every_form() -> None:
    assert find_tracking("see #123") == "#123"
    assert find_tracking("fixed in acme/shop#45.") == "acme/shop#45"
    assert find_tracking("Clean up the hotfix (db#411)") == "db#411"
    assert find_tracking("Ticket OPS-1412 filed") == "OPS-1412"
    assert (
        find_tracking("(https://gitlab.test/g/p/-/issues/9).")
        == "https://gitlab.test/g/p/-/issues/9"
    )
    assert find_tracking("no link, version 1.2-3") is None


def test_priority_before_the_action_is_read_as_priority() -> None:
    doc = doc_of("## Corrective actions\n\n- **HIGH** Include downloads in the smoke test\n")
    item = action_items(doc)[0]
    assert item.action == "Include downloads in the smoke test"
    assert item.fields["priority"] == "HIGH"


def test_nested_action_sections_are_read_once() -> None:
    doc = doc_of("## Action Items\n\n- One\n\n### Follow-up actions\n\n- Two\n")
    assert [i.action for i in action_items(doc)] == ["One", "Two"]


def test_table_action_items_find_links_in_the_row_source() -> None:
    doc = doc_of(
        "## Action Items\n\n| Action | Who |\n| --- | --- |\n"
        "| [Add alert](https://github.com/a/b/issues/7) | @ops |\n"
    )
    item = action_items(doc)[0]
    assert (item.owner, item.tracking) == ("@ops", "https://github.com/a/b/issues/7")


# --- real documents ----------------------------------------------------------------------------

# file: (section kinds in order, timeline entries, action items), counted by hand.
REAL = {
    "2i2c__2025-05-12-earthscope-resource-provisioning-issue.md": (
        ["summary", "resolution", "timeline", "action_items"],
        25,
        2,
    ),
    "2i2c__2025-07-21-openscapes-hub-pods-dying.md": (
        ["summary", "resolution", "timeline", "action_items"],
        13,
        1,
    ),
    "dfds__PM2022-009-Bad-AWS-EKS-AMI-causing-Kubernetes-issues.md": (
        ["summary", "timeline", "contributing_factors", "action_items", "lessons", "responders"],
        20,
        7,
    ),
    "edgi-web-monitoring__2018-10-30--incorrect-tls-certs-deployed.md": (
        [
            "summary",
            "timeline",
            "lessons",
            "what_went_well",
            "what_went_wrong",
            "action_items",
            "responders",
        ],
        9,
        2,
    ),
    "moj-cloud-platform__2022-01-22-some-dns-records-deleted.html.md.erb.md": (
        ["timeline", "detection", "impact", "background", "resolution", "action_items"],
        4,
        6,
    ),
    "moj-cloud-platform__2025-07-23-multiple-secrets-leaked-to-public.html.md.erb.md": (
        ["timeline", "detection", "impact", "background", "resolution", "action_items"],
        4,
        8,
    ),
    "mybinder__2018-02-20-jupyterlab-announcement.md": (
        ["summary", "timeline", "action_items"],
        41,
        21,
    ),
    "pypi__2025-07-31-incident-report-phishing-attack.md": (
        ["summary", "timeline", "impact", "lessons"],
        20,
        0,
    ),
    "rust-blog__inside-rust-crates-io-postmortem.md": (
        [
            "summary",
            "impact",
            "detection",
            "resolution",
            "timeline",
            "causal_analysis",
            "causal_analysis",
            "lessons",
            "action_items",
        ],
        16,
        3,
    ),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_inspect_shows_the_sections_a_person_would_name(name: str) -> None:
    path = CORPUS / "real" / name
    if not path.is_file():
        pytest.skip(f"corpus not found at {CORPUS}")
    doc = parse_document(read_source(path).text, str(path), MATCHER)
    expected_kinds, timeline_count, action_count = REAL[name]
    assert [k for k in kinds(doc) if k] == expected_kinds
    data = describe(doc)
    assert len(data["timeline"]) == timeline_count
    assert len(data["action_items"]) == action_count


def test_an_untimed_list_after_timed_entries_stays_in_the_record() -> None:
    doc = doc_of("## Timeline\n\n- 10:00 Alert fires\n\nThen:\n\n- Rollback started\n- Recovered\n")
    assert [e.text for e in timeline_entries(doc)] == [
        "10:00 Alert fires",
        "Rollback started",
        "Recovered",
    ]
