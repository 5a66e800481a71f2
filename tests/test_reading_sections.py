"""How sections and action items are read in real write-ups: one small document per way
of writing them, each written for this file (never copied from the corpus).

Every test stands for a class of misreading found on real post-mortems; the fix is in the
reader (headings, pseudo sections, the action-item views) or in what a rule accepts.
"""

from __future__ import annotations

from pmlint import lint_text
from pmlint.catalog.load import load_catalog
from pmlint.document.parse import parse_document
from pmlint.views.actions import action_items

MATCHER = load_catalog().profile("default").matcher


def kinds(text: str) -> list[str]:
    doc = parse_document(text, "doc.md", MATCHER)
    found: list[str] = []
    for section in doc.sections:
        found += [k for k in (section.own_kind, *section.also_kinds) if k]
    return found


def items(text: str) -> list[tuple[str, bool | None, str | None]]:
    doc = parse_document(text, "doc.md", MATCHER)
    return [(item.action, item.done, item.owner) for item in action_items(doc)]


def codes(text: str, profile: str) -> list[str]:
    return [f.code for f in lint_text(text, "doc.md", {"profile": profile})]


# -- headings -----------------------------------------------------------------------------


def test_paraphrased_headings_name_their_kind() -> None:
    text = (
        "# Queue backlog\n\n## Things that went poorly\n\nx\n\n## What went right.\n\nx\n\n"
        "## Our learnings\n\nx\n\n## Origin of the incident\n\nx\n"
    )
    assert kinds(text) == ["what_went_wrong", "what_went_well", "lessons", "causal_analysis"]


def test_a_long_heading_with_one_letter_wrong_is_read() -> None:
    assert kinds("# Outage\n\n## Timline\n\n- 10:00 start\n") == ["timeline"]


def test_a_real_word_is_not_taken_for_a_typo_in_a_title() -> None:
    assert kinds("# Post-mortem: DNS resolver saturation\n\nText.\n") == []


def test_question_headings() -> None:
    text = (
        "# Outage\n\n## Why did the importer fail?\n\nx\n\n"
        "## How do we stop this happening again?\n\nx\n"
    )
    assert kinds(text) == ["causal_analysis", "action_items"]


def test_a_heading_joining_two_names_counts_for_both() -> None:
    text = "# Outage\n\n## What went well & where we got lucky\n\nx\n"
    assert kinds(text) == ["what_went_well", "where_we_got_lucky"]


def test_every_section_written_as_h1_after_a_front_matter_title() -> None:
    text = "---\ntitle: Disk full\n---\n# Timeline\n\n- 10:00 x\n\n# Root cause\n\nx\n"
    assert kinds(text) == ["timeline", "causal_analysis"]


def test_an_h1_after_the_title_is_a_section() -> None:
    assert kinds("# Disk full\n\n## Summary\n\nx\n\n# Action items\n\n- Add alert\n") == [
        "summary",
        "action_items",
    ]


def test_chat_emoji_codes_before_a_heading_are_ignored() -> None:
    assert kinds("# Outage\n\n## :ballot_box_with_check: Follow-up tasks\n\n- [ ] x\n") == [
        "action_items"
    ]


def test_a_metric_is_not_a_section() -> None:
    assert kinds("# Outage\n\n- **Time to resolve**: 2h\n") == []


def test_a_long_heading_that_mentions_a_word_stays_in_its_parent() -> None:
    text = (
        "# Outage\n\n## Detection gap\n\n### How could we have detected this ten minutes "
        "earlier?\n\nAn alert on queue depth.\n"
    )
    assert kinds(text) == ["detection_gap"]


# -- sections without headings ---------------------------------------------------------


def test_field_lines_in_one_paragraph_are_sections() -> None:
    text = (
        "# Upgrade halt\n\n**Date**: 2026-02-03\n**Summary**: The chain stopped.\n"
        "**Impact**: Four hours without blocks.\n**Root Causes**: Two builds disagreed.\n"
    )
    assert kinds(text) == ["summary", "impact", "causal_analysis"]


def test_a_field_with_nothing_after_it_takes_the_list_below_and_only_that() -> None:
    text = (
        "# Halt\n\n**Summary**: The chain stopped.\n**Impact**:\n\n1. Four hours down\n"
        "2. One channel closed\n\nLater text.\n"
    )
    doc = parse_document(text, "doc.md", MATCHER)
    impact = doc.sections_of("impact")[0]
    assert [type(b).__name__ for b in impact.blocks] == ["ListBlock"]


def test_a_plain_line_that_is_exactly_a_section_name_is_a_heading() -> None:
    assert kinds("# Cert expiry\n\nAction Items\n\n- Renew automatically\n") == ["action_items"]


def test_a_placeholder_alone_on_a_line_is_not_a_heading() -> None:
    assert kinds("# Outage\n\n## Detection gap\n\n{UNKNOWN}\n") == ["detection_gap"]


def test_a_word_alone_on_a_line_is_a_heading_only_in_the_section_s_own_words() -> None:
    assert kinds("# Outage\n\n## Status\n\nResolved\n") == []


def test_an_action_table_without_a_heading_is_read_as_action_items() -> None:
    text = (
        "# Halt\n\n##\n\n**Summary**: It stopped.\n\n| Action Item | Owner | Bug |\n"
        "| --- | --- | --- |\n| Pin the toolchain | Core team | DONE |\n"
    )
    assert "action_items" in kinds(text)
    assert items(text) == [("Pin the toolchain", True, "Core team")]


# -- action items -------------------------------------------------------------------------


def test_done_markers() -> None:
    text = (
        "# Outage\n\n## Action items\n\n- [x] Rotate keys\n- ✅ Add alert\n- ~~Drop cache~~\n"
        "- Move runner (done)\n- Add dashboards **DONE**\n- Write docs\n"
    )
    assert [done for _, done, _ in items(text)] == [True, True, True, True, True, None]


def test_a_status_cell_decides_done_or_open() -> None:
    text = (
        "# Outage\n\n## Action items\n\n| Action | Status |\n| --- | --- |\n"
        "| Add alert | Completed |\n| Fix retries | In progress |\n| Audit | FAILED |\n"
    )
    assert [done for _, done, _ in items(text)] == [True, False, False]


def test_work_reported_as_done_is_done() -> None:
    text = (
        "# Outage\n\n## What we are doing about it\n\n- We enabled branch protection\n"
        "- The old action has been disabled and removed\n- Re-enabled alerting on the relay\n"
        "- Automated tests for the importer\n"
    )
    assert [done for _, done, _ in items(text)] == [True, True, True, None]


def test_an_owner_written_first() -> None:
    text = (
        "# Outage\n\n## Actions\n\n- Ed to write the runbook\n- Ed and Caroline to add a test\n"
        "- Platform team will rotate the keys\n- Need to add an alert\n"
    )
    assert [owner for _, _, owner in items(text)] == [
        "Ed",
        "Ed and Caroline",
        "Platform team",
        None,
    ]


def test_items_written_as_sub_headings() -> None:
    text = (
        "# Outage\n\n## Follow-up actions\n\n### 1) Cron cleanup scheduled `@ana`\n\nx\n\n"
        "### 2) Add disk alerts\n\ny\n"
    )
    found = items(text)
    assert [(done, owner) for _, done, owner in found] == [(True, "@ana"), (None, None)]


def test_items_written_one_per_line_without_bullets() -> None:
    text = "# Outage\n\n## Future improvements\n\nAdd negative tests\nPublish a status page\n"
    assert [action for action, _, _ in items(text)] == [
        "Add negative tests",
        "Publish a status page",
    ]


def test_a_wrapped_paragraph_is_not_a_list_of_items() -> None:
    text = (
        "# Outage\n\n## Next steps\n\nWe will rebuild the deploy process so that\n"
        "it can be rolled back.\n"
    )
    assert items(text) == []


def test_n_a_and_continuations_are_not_items() -> None:
    text = (
        "# Outage\n\n## Review actions\n\n- N/A\n\n## Action items\n\n- Add a cache\n"
        "- as well as a test\n"
    )
    assert [action for action, _, _ in items(text)] == ["Add a cache"]


def test_advice_to_readers_is_not_the_team_s_action_items() -> None:
    text = (
        "# Outage\n\n## Prevention\n\nNode operators should do the following:\n\n- Keep backups\n"
    )
    assert items(text) == []


def test_a_tracking_link_above_a_list_covers_its_items() -> None:
    text = (
        "# Outage\n\n## Action items\n\nThe clean-up is tracked in #631:\n\n- Drop the old column\n"
    )
    doc = parse_document(text, "doc.md", MATCHER)
    assert [item.tracking for item in action_items(doc)] == ["#631"]


# -- rules that must be sure ----------------------------------------------------------


GENERIC = (
    "# Outage on the importer\n\nThe importer stopped for two hours because a schema change "
    "was deployed without its migration.\n\n## Timeline\n\n- 10:00 Deploy\n- 10:05 Alert\n\n"
    "## Action items\n\n- Add a migration check (@ana)\n"
)


def test_a_sentence_naming_the_cause_satisfies_generic_but_not_the_reference_profile() -> None:
    assert "PM112" not in codes(GENERIC, "generic")
    text = GENERIC.replace("because a schema change was deployed without its migration", "")
    assert "PM112" in codes(text, "generic")


def test_impact_settled_without_a_number() -> None:
    text = "# Outage\n\n## Impact\n\nNo customers were affected: the job runs at night.\n"
    assert "PM602" not in codes(text, "google-sre")
    text = "# Outage\n\n## Impact\n\nSome customers could not log in.\n"
    assert "PM602" in codes(text, "google-sre")


def test_newest_first_timelines_are_an_order_not_a_mistake() -> None:
    text = (
        "# Outage\n\nA short lead paragraph about the outage and its cause.\n\n## Timeline\n\n"
        "- 11:30 Resolved\n- 11:00 Fix deployed\n- 10:30 Investigating\n- 10:00 Alert\n"
    )
    assert "PM203" not in codes(text, "generic")


def test_offsets_after_a_clock_time_are_readable() -> None:
    text = (
        "# Outage\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n"
        "| 11:00 UTC | Halt |\n| +10 minutes | Restart |\n| Later that evening | Email |\n"
    )
    found = [f for f in lint_text(text, "doc.md", {"profile": "generic"}) if f.code == "PM204"]
    assert [f.line for f in found] == [9]


def test_a_blank_template_kept_for_the_next_incident_is_not_empty_sections() -> None:
    text = "# Incident log\n\n## Template\n\n### Impact\n\n### Timeline\n"
    assert "PM120" not in codes(text, "generic")
