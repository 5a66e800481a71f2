"""Content rules PM502, PM601, PM602, PM701, PM801–PM803, and the `phrase_forbidden` primitive.

Each test changes a clean document (table-form and list-form good examples, or the
reference) by one line or one block and checks where the rule fires.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import reference_example, respaced
from hypothesis import given, settings
from hypothesis import strategies as st
from test_rules_actions import BAD, LIST, TABLE, block, change, line_of, lint, where, without

from pmlint.catalog.catalog import CatalogError, build_rules
from pmlint.catalog.load import load_catalog
from pmlint.checks.durations import find_chains, find_durations
from pmlint.checks.language import phrase_forbidden
from pmlint.checks.options.language import PhraseOptions
from pmlint.document.model import Document
from pmlint.document.parse import parse_document

CATALOG = load_catalog()
CODES = ["PM502", "PM601", "PM602", "PM701", "PM801", "PM802", "PM803"]


@pytest.mark.parametrize("text", [TABLE, LIST], ids=["table", "list"])
def test_good_examples_are_clean(text: str) -> None:
    assert lint(text, CODES) == []


def test_reference_is_clean(needs_shared: Path) -> None:
    assert lint(reference_example(), CODES) == []
    assert lint(respaced(reference_example()), CODES) == []


# --- PM502 incomplete-detection-gap -----------------------------------------------------------


def test_pm502_table_doc_without_similar_failure_modes() -> None:
    start, end = block(TABLE, "### B. What similar", "- **Cluster-side limits")
    found = lint(without(TABLE, start, end), ["PM502"])
    assert where(found, "PM502") == [line_of(TABLE, "## 7. Detection Gap")]
    assert "similar failure modes" in found[0].message


def test_pm502_list_doc_without_earlier_detection() -> None:
    start, end = block(LIST, "### How could we have detected", "the 12-minute search")
    found = lint(without(LIST, start, end), ["PM502"])
    assert where(found, "PM502") == [line_of(LIST, "## Detection Gap")]
    assert "detected earlier" in found[0].message


def test_pm502_one_finding_per_missing_part_and_nested_follow_up_ignored() -> None:
    text = (
        "## Detection Gap\n\nWe are still discussing this.\n\n"
        "### Follow-Up\n\n- 30-day review: detect similar failure modes earlier\n"
    )
    assert where(lint(text, ["PM502"]), "PM502") == [1, 1]


# --- PM601 duration-arithmetic-mismatch -------------------------------------------------------


def test_pm601_table_row_duration_and_parenthesised_times() -> None:
    old = "| **Time to Mitigation** | 37 minutes (09:41 → 10:18) |"
    found = lint(change(TABLE, old, old.replace("37", "33")), ["PM601"])
    assert where(found, "PM601") == [line_of(TABLE, old)]
    assert "37 minutes apart" in found[0].message


def test_pm601_header_total_against_its_chain() -> None:
    text = change(TABLE, "(71 min total)", "(65 min total)")
    assert where(lint(text, ["PM601"]), "PM601") == [line_of(TABLE, "(71 min total)")]


def test_pm601_front_matter_duration_and_list_item() -> None:
    text = change(LIST, "(53 min total)", "(50 min total)")
    assert where(lint(text, ["PM601"]), "PM601") == [line_of(LIST, "(53 min total)")]
    old = "**Time to mitigation:** 26 minutes (09:12 → 09:38)"
    text = change(LIST, old, old.replace("26", "20"))
    assert where(lint(text, ["PM601"]), "PM601") == [line_of(LIST, old)]


def test_pm601_adjective_duration_in_prose() -> None:
    old = "the 12-minute search for the top talker (09:12 → 09:24)"
    text = change(LIST, old, old.replace("12-minute", "15-minute"))
    assert where(lint(text, ["PM601"]), "PM601") == [line_of(LIST, "the 12-minute search")]


def test_pm601_gap_in_a_timeline_row_with_a_range(needs_shared: Path) -> None:
    ref = reference_example()
    text = change(ref, "22-min gap", "25-min gap")
    assert where(lint(text, ["PM601"]), "PM601") == [line_of(ref, "22-min gap")]
    text = change(ref, "The 4-minute ACK window", "The 6-minute ACK window")
    assert where(lint(text, ["PM601"]), "PM601") == [line_of(ref, "4-minute ACK")]


@pytest.mark.parametrize(
    ("line", "fires"),
    [
        ("Down for 30 minutes (14:00 → 14:31).", False),  # within the 1-minute tolerance
        ("Down for 30 minutes (14:00 → 14:35).", True),
        ("Down for about 30 minutes (14:00 → 14:34).", False),  # approximate: 5 minutes
        ("Down for over 30 minutes (14:00 → 14:50).", False),  # a lower bound
        ("Down for under 30 minutes (14:00 → 14:50).", True),
        ("Retried every 5 minutes (14:00 → 14:30).", False),  # a rate, not a span
        ("Down for 20 minutes (23:50 → 00:10).", False),  # across midnight
        ("Down between 14:00 and 14:30 (20 minutes).", True),
        ("Time to resolve: 9h 16m (during support hours 10:00-17:00)", False),
        ("Down for 1h 5m (14:00 → 15:05).", False),
    ],
)
def test_pm601_forms(line: str, fires: bool) -> None:
    assert bool(lint(f"## Impact\n\n{line}\n", ["PM601"])) is fires


def test_pm601_tolerance_option() -> None:
    text = "## Impact\n\nDown for 30 minutes (14:00 → 14:31).\n"
    assert lint(text, ["PM601"], {"PM601": {"tolerance": 0}})


def test_duration_and_chain_readers() -> None:
    assert [d.minutes for d in find_durations("1h 5m, then 22-min and 5–10 minutes")] == [65, 22]
    chain = find_chains("14:03 detect → 14:29 mitigate → 14:50 recover")[0]
    assert (chain.first, chain.last) == (843, 890)


# --- PM602 impact-not-quantified --------------------------------------------------------------


def test_pm602_table_doc_without_figures() -> None:
    start, end = block(TABLE, "| Dimension | Value |", "| **Seller Support Tickets**")
    text = without(TABLE, start, end, "Search results were stale for a while.")
    found = lint(text, ["PM602"])
    assert where(found, "PM602") == [line_of(TABLE, "## 1. Impact Summary")]
    assert found[0].severity == "warning"


def test_pm602_list_doc_without_figures_and_unknown_is_enough() -> None:
    start, end = block(LIST, "- **Total duration:**", "hardware with the resolvers")
    text = without(LIST, start, end, "- Lookups were slow across the region for 53 minutes.")
    assert where(lint(text, ["PM602"]), "PM602") == [line_of(LIST, "## Impact")]
    text = without(LIST, start, end, "- Failed requests: `{UNKNOWN}` — gateway logs were lost.")
    assert lint(text, ["PM602"]) == []


@pytest.mark.parametrize(
    "line",
    [
        "About 340 parcels missed the pickup.",
        "| Users affected | ~12,000 |",
        "Revenue: ~$8,900.",
        "7.4% of requests",
    ],
)
def test_pm602_figures_that_count(line: str) -> None:
    assert lint(f"## Impact\n\n{line}\n", ["PM602"]) == []


# --- PM701 blame-language ---------------------------------------------------------------------


def test_pm701_table_row() -> None:
    old = "| `{CONTEXT}` | Catalog and search teams had no shared channel"
    text = change(
        TABLE, old, "| `{CONTEXT}` | Human error: catalog and search teams had no shared channel"
    )
    found = lint(text, ["PM701"])
    assert where(found, "PM701") == [line_of(TABLE, old)]
    assert "'Human error'" in found[0].message


def test_pm701_list_item_name_forgot() -> None:
    old = "- The job owner paused the job as soon as asked"
    text = change(LIST, old, "- Priya forgot to pause the job, then paused it as soon as asked")
    found = lint(text, ["PM701"])
    assert where(found, "PM701") == [line_of(LIST, old)]
    assert found[0].column == 3


@pytest.mark.parametrize(
    ("line", "fires"),
    [
        ("The default of the pool was too small.", False),  # "fault of" is a whole phrase
        ("It was the fault of the deploy tool's default.", True),
        ("This was not human error: nothing stopped the script.", False),
        ("Run `careless-cleanup.sh` again.", False),  # code spans are quoted, not used
        ("The ORM makes lazy loading the default.", False),
        ("Marco was careless.", True),
        ("Kubernetes failed to schedule the pods.", False),
        ("Dana failed to review the script.", True),
        ("We failed to review the script.", False),
        ("Sloppy handoffs made it worse.", True),
    ],
)
def test_pm701_phrases(line: str, fires: bool) -> None:
    assert bool(lint(f"## Causal Analysis\n\n{line}\n", ["PM701"])) is fires


def test_pm701_code_blocks_do_not_count() -> None:
    text = "## Causal Analysis\n\n```\nhuman error\n```\n"
    assert lint(text, ["PM701"]) == []


def _doc(text: str) -> Document:
    return parse_document(text, "x.md", CATALOG.profile("default").matcher)


def test_phrase_forbidden_primitive_kinds_and_code() -> None:
    doc = _doc("## Impact\n\nSorry for the `outage`.\n\n## Timeline\n\n- 14:03 outage begins\n")
    everywhere = PhraseOptions(phrases=["outage"])
    assert [h.line for h in phrase_forbidden(doc, everywhere)] == [7]
    with_code = PhraseOptions(phrases=["outage"], code=True)
    assert [h.line for h in phrase_forbidden(doc, with_code)] == [3, 7]
    only_impact = PhraseOptions(phrases=["outage"], kinds=["impact"], code=True)
    assert [h.line for h in phrase_forbidden(doc, only_impact)] == [3]
    spaced = PhraseOptions(phrases=["outage  begins"])
    assert [h.args["phrase"] for h in phrase_forbidden(doc, spaced)] == ["outage begins"]


def test_broken_user_regex_is_a_load_error() -> None:
    with pytest.raises(CatalogError, match="not a valid regular expression"):
        build_rules(
            CATALOG,
            CATALOG.profile("default"),
            select=["PM701"],
            options={"PM701": {"patterns": ["[unclosed"]}},
        )


# --- PM801 missing-follow-up-review ------------------------------------------------------------


def test_pm801_table_without_90_day_review() -> None:
    start = line_of(TABLE, "| **90-day review** |")
    found = lint(without(TABLE, start, start), ["PM801"])
    assert where(found, "PM801") == [line_of(TABLE, "## 8. Follow-Up")]
    assert "90-day" in found[0].message


def test_pm801_list_without_either_review() -> None:
    start, end = block(LIST, "- **30-day review**", "- **90-day review**")
    found = lint(without(LIST, start, end, "- Revisit when the fixes land."), ["PM801"])
    assert where(found, "PM801") == [line_of(LIST, "## Follow-Up Cadence")] * 2


def test_pm801_other_names_for_the_reviews() -> None:
    text = "## Follow-Up\n\n- One-month review on 2026-05-17\n- Day 90 check on 2026-07-16\n"
    assert lint(text, ["PM801"]) == []


# --- PM802 follow-up-date-mismatch ------------------------------------------------------------


def test_pm802_table_30_day_review_late() -> None:
    text = change(TABLE, "| **30-day review** | 2026-04-08 |", "| **30-day review** | 2026-04-20 |")
    found = lint(text, ["PM802"])
    assert where(found, "PM802") == [line_of(TABLE, "| **30-day review** |")]
    assert "date it 2026-04-08" in found[0].message


def test_pm802_list_90_day_review_and_tolerance() -> None:
    old = "- **90-day review** — 2026-08-31"
    found = lint(change(LIST, old, "- **90-day review** — 2026-09-30"), ["PM802"])
    assert where(found, "PM802") == [line_of(LIST, old)]
    assert lint(change(LIST, old, "- **90-day review** — 2026-09-03"), ["PM802"]) == []


# --- PM803 unresolved-unknowns-in-final -------------------------------------------------------


def test_pm803_table_final_with_a_new_unknown() -> None:
    text = change(TABLE, "`{OBSERVED}` — indexer logs", "`{UNKNOWN}` — indexer logs rotated")
    found = lint(text, ["PM803"])
    assert where(found, "PM803") == [line_of(TABLE, "**Status:** Final")]
    assert f"line {line_of(TABLE, '— indexer logs')}" in found[0].message


def test_pm803_list_final_needs_its_open_questions() -> None:
    final = change(LIST, "status: draft", "status: final")
    assert lint(final, ["PM803"]) == []  # the open questions list the unknowns
    start, end = block(final, "## Open questions", "09:03 and 10:05.")
    found = lint(without(final, start, end), ["PM803"])
    assert where(found, "PM803") == [line_of(LIST, "status: draft")]


def test_pm803_list_introduced_by_an_unknowns_line() -> None:
    text = (
        "**Status:** Final\n\n## Timeline\n\n- **09:00** — Job starts `{UNKNOWN}` — no log\n\n"
        "## Notes\n\n**Unknowns to resolve:**\n\n1. When did the job really start?\n"
    )
    assert lint(text, ["PM803"]) == []


# --- the bad examples aimed at these rules ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad-dates-and-order.md", {("PM601", 5), ("PM802", 85)}),
        (
            "blame-and-human-error.md",
            {("PM701", 36), ("PM701", 40), ("PM701", 41), ("PM701", 45), ("PM701", 54)},
        ),
        ("final-with-unknowns.md", {("PM803", 6)}),
        ("half-detection-gap-and-follow-up.md", {("PM502", 68), ("PM801", 74)}),
        ("unquantified-impact.md", {("PM602", 8)}),
    ],
)
def test_bad_examples(name: str, expected: set[tuple[str, int]]) -> None:
    found = lint((BAD / name).read_text(), CODES)
    assert expected <= {(f.code, f.line) for f in found}


def test_phrase_forbidden_hints_limit_pattern_lines() -> None:
    doc = _doc("## Impact\n\nMarco forgot the flag.\n\nPriya forgot the key.\n")
    hinted = PhraseOptions(patterns=[r"[A-Z][a-z]+ forgot"], hints=["marco"])
    assert [h.args["phrase"] for h in phrase_forbidden(doc, hinted)] == ["Marco forgot"]


# --- nothing crashes on odd input ---------------------------------------------------------------

FRAGMENTS = [
    "## Action Items\n",
    "## Impact\n",
    "## Detection Gap\n",
    "## Follow-Up\n",
    "**Status:** Final | **Date:** 2026-04-17\n",
    "| Tier | Action | Due | Exit Criteria |\n| --- | --- | --- | --- |\n",
    "| 9 | Investigate | 2026-13-45 | |\n",
    "- **Tier 1** — Look into it\n  - Due: yesterday\n  - Exit criteria:\n",
    "- 30-day review — 2026-02-30\n",
    "26 minutes (14:03 → 14:29 → 25:99) (47 min total) ((",
    "`{UNKNOWN}` human error `x` (",
    "14:07–14:29 | 22-min gap | 0 min | 99999 days (00:00 - 23:59)\n",
    "\n",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12), st.text(max_size=40))
@settings(max_examples=60, deadline=None)
def test_rules_never_crash(parts: list[str], noise: str) -> None:
    text = "".join(parts) + noise
    found = lint(text, [*CODES, "PM401", "PM404", "PM405", "PM406", "PM407", "PM409", "PM410"])
    assert not [f for f in found if f.code == "PM003"]


def test_pm701_line_mapping_survives_characters_that_grow_when_lowered() -> None:
    text = "# Notes\n\n" + "İ" * 40 + "\n\nCareless.\n\nFine.\n\nAlso fine.\n"
    assert where(lint(text, ["PM701"]), "PM701") == [5]
