"""Action-item rules PM401, PM404–PM407, PM409, PM410 on table and list forms.

Each test takes a clean document (the table-form and list-form good examples), changes
one line (or one block), and checks that the rule fires exactly where it should.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, reference_example, respaced

from pmlint.catalog.catalog import CatalogError, build_rules
from pmlint.catalog.load import load_catalog
from pmlint.document.model import Finding
from pmlint.document.parse import parse_document
from pmlint.run.engine import lint_document

CATALOG = load_catalog()
TABLE = (ROOT / "examples" / "good" / "2026-03-09-search-index-stall.md").read_text()
LIST = (ROOT / "examples" / "good" / "2026-06-02-dns-resolver-saturation.md").read_text()
BAD = ROOT / "examples" / "bad"
CODES = ["PM401", "PM404", "PM405", "PM406", "PM407", "PM409", "PM410"]


def lint(text: str, select: list[str], options: dict[str, Any] | None = None) -> list[Finding]:
    profile = CATALOG.profile("default")
    rules = build_rules(CATALOG, profile, select=select, options=options)
    doc = parse_document(text, "example.md", profile.matcher)
    return lint_document(doc, rules)


def where(findings: list[Finding], code: str) -> list[int]:
    return [f.line for f in findings if f.code == code]


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} found on lines {hits}"
    return hits[0]


def change(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def block(text: str, first: str, last: str) -> tuple[int, int]:
    """Lines from the one containing `first` to the next one containing `last`."""
    lines = text.splitlines()
    start = line_of(text, first)
    end = next(i for i in range(start, len(lines) + 1) if last in lines[i - 1])
    return start, end


def without(text: str, start: int, end: int, replacement: str = "") -> str:
    lines = text.splitlines()
    kept = lines[: start - 1] + ([replacement] if replacement else []) + lines[end:]
    return "\n".join(kept) + "\n"


# --- clean documents stay clean ---------------------------------------------------------------


@pytest.mark.parametrize("text", [TABLE, LIST], ids=["table", "list"])
def test_good_examples_are_clean(text: str) -> None:
    assert lint(text, CODES) == []


def test_reference_is_clean(needs_shared: Path) -> None:
    assert lint(reference_example(), CODES) == []
    assert lint(respaced(reference_example()), CODES) == []


# --- PM401 no-action-items --------------------------------------------------------------------


def test_pm401_table_form_replaced_by_prose() -> None:
    start, end = block(TABLE, "| Tier | Action |", "| **3** | Publish the consumer list")
    text = without(TABLE, start, end, "We will agree on follow-ups at the next team meeting.")
    assert where(lint(text, ["PM401"]), "PM401") == [line_of(TABLE, "## 6. Action Items")]


def test_pm401_list_form_emptied() -> None:
    start, end = block(
        LIST, "- **Tier 1** — Add a per-namespace", "Exit criteria: checklist updated"
    )
    text = without(LIST, start, end, "None for now.")
    assert where(lint(text, ["PM401"]), "PM401") == [line_of(LIST, "## Action Items")]


# --- PM404 invalid-due-date -------------------------------------------------------------------


def test_pm404_table_due_before_incident() -> None:
    text = change(TABLE, "| 2026-04-03 |", "| 2026-03-01 |")
    found = lint(text, ["PM404"])
    assert where(found, "PM404") == [line_of(TABLE, "| 2026-04-03 |")]
    assert "before the incident on 2026-03-09" in found[0].message


def test_pm404_list_due_not_a_date() -> None:
    text = change(LIST, "Due: 2026-06-26", "Due: next sprint")
    found = lint(text, ["PM404"])
    assert where(found, "PM404") == [line_of(LIST, "Due: 2026-06-26")]
    assert "not a date" in found[0].message


def test_pm404_year_missing_and_placeholders_left_to_pm403() -> None:
    text = change(LIST, "Due: 2026-06-26", "Due: June 26")
    assert "no year" in lint(text, ["PM404"])[0].message
    assert lint(change(LIST, "Due: 2026-06-26", "Due: TBD"), ["PM404"]) == []


# --- PM405 action-item-without-exit-criteria ------------------------------------------------


def test_pm405_table_placeholder_exit_criteria() -> None:
    old = "| An induced stall in staging pages within 7 minutes |"
    text = change(TABLE, old, "| TBD |")
    assert where(lint(text, ["PM405"]), "PM405") == [line_of(TABLE, old)]


def test_pm405_list_exit_criteria_removed() -> None:
    old = "  - Exit criteria: upstream query rate for NXDOMAIN answers"
    start = line_of(LIST, old)
    text = without(LIST, start, start)
    assert where(lint(text, ["PM405"]), "PM405") == [line_of(LIST, "Raise the resolver negative")]


# --- PM406 invalid-action-item-tier ---------------------------------------------------------


def test_pm406_table_tier_not_allowed() -> None:
    old = "| **2** | Lower the freshness alert"
    text = change(TABLE, old, "| **P1** | Lower the freshness alert")
    found = lint(text, ["PM406"])
    assert where(found, "PM406") == [line_of(TABLE, old)]
    assert "'P1'" in found[0].message


def test_pm406_list_tier_missing_and_out_of_range() -> None:
    old = "- **Tier 2** — Raise the resolver"
    assert where(lint(change(LIST, old, "- Raise the resolver"), ["PM406"]), "PM406") == [
        line_of(LIST, old)
    ]
    assert where(lint(change(LIST, old, "- **Tier 4** — Raise the resolver"), ["PM406"]), "PM406")


def test_pm406_words_read_as_tiers() -> None:
    text = change(TABLE, "| **3** | Publish", "| Process | Publish")
    assert lint(text, ["PM406", "PM407"]) == []


# --- PM407 action-items-not-ranked ------------------------------------------------------------


def test_pm407_table_first_out_of_order() -> None:
    text = change(TABLE, "| **1** | Classify bulk errors", "| **3** | Classify bulk errors")
    found = lint(text, ["PM407"])
    assert where(found, "PM407") == [line_of(TABLE, "| **1** | Enforce a 1 MB")]
    assert f"line {line_of(TABLE, 'Classify bulk errors')}" in found[0].message


def test_pm407_list_reports_only_the_first() -> None:
    text = change(LIST, "- **Tier 1** — Add a per-namespace", "- **Tier 2** — Add a per-namespace")
    text = change(text, "- **Tier 3** — Add DNS query", "- **Tier 1** — Add DNS query")
    assert where(lint(text, ["PM407"]), "PM407") == [line_of(LIST, "Set the cluster default")]


# --- PM409 vague-action-item ------------------------------------------------------------------


def test_pm409_table_vague_verb_and_unmeasurable_criteria() -> None:
    old = "| **2** | Lower the freshness alert threshold from 35 minutes to 5 minutes of oldest-event age | Search On-Call Lead | 2026-03-20 | An induced stall in staging pages within 7 minutes |"  # noqa: E501
    new = "| **2** | Look into the freshness alert threshold | Search On-Call Lead | 2026-03-20 | Decision made |"  # noqa: E501
    found = lint(change(TABLE, old, new), ["PM409"])
    assert where(found, "PM409") == [line_of(TABLE, "Lower the freshness alert")]
    assert found[0].severity == "warning"


def test_pm409_list_vague_verb_with_and_without_measurable_criteria() -> None:
    text = change(
        LIST, "- **Tier 2** — Raise the resolver", "- **Tier 2** — Investigate raising the resolver"
    )
    assert lint(text, ["PM409"]) == []  # its exit criteria have a number
    text = change(
        text,
        "Exit criteria: upstream query rate for NXDOMAIN answers drops by at least 80% in a 24-hour comparison",  # noqa: E501
        "Exit criteria: done",
    )
    assert where(lint(text, ["PM409"]), "PM409") == [line_of(LIST, "Raise the resolver")]


@pytest.mark.parametrize(
    ("action", "fires"),
    [
        ("We should investigate the cache", True),
        ("Investigate and fix the cache leak", False),
        ("Monitoring dashboard for the cache", False),
        ("Determine why config revert was ineffective", False),
    ],
)
def test_pm409_openers(action: str, fires: bool) -> None:
    text = f"## Action Items\n\n- **Tier 2** — {action} (owner: Cache lead, due: 2026-05-02)\n"
    assert bool(lint(text, ["PM409"])) is fires


# --- PM410 duplicate-action-item --------------------------------------------------------------


def test_pm410_table_duplicate_row() -> None:
    row = next(line for line in TABLE.splitlines() if line.startswith("| **1** | Enforce a 1 MB"))
    last = line_of(TABLE, "| **3** | Publish the consumer list")
    lines = TABLE.splitlines()
    text = "\n".join([*lines[:last], row.replace("1 MB", "1  mb").upper(), *lines[last:]]) + "\n"
    found = lint(text, ["PM410"])
    assert where(found, "PM410") == [last + 1]
    assert f"line {line_of(TABLE, 'Enforce a 1 MB')}" in found[0].message


def test_pm410_list_duplicate_item() -> None:
    last = line_of(LIST, "Exit criteria: checklist updated")
    lines = LIST.splitlines()
    copy = "- **Tier 3** — add a per-namespace query budget to the resolver fleet!"
    text = "\n".join([*lines[:last], copy, *lines[last:]]) + "\n"
    assert where(lint(text, ["PM410"]), "PM410") == [last + 1]


# --- the bad examples aimed at these rules ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("actions-missing-due-and-exit.md", {("PM405", 63), ("PM405", 69)}),
        ("actions-out-of-order-and-duplicated.md", {("PM407", 65), ("PM410", 67)}),
        ("bad-dates-and-order.md", {("PM404", 65), ("PM404", 67)}),
        (
            "vague-actions.md",
            {("PM409", 57), ("PM409", 61), ("PM409", 65), ("PM409", 73)},
        ),
    ],
)
def test_bad_examples(name: str, expected: set[tuple[str, int]]) -> None:
    found = lint((BAD / name).read_text(), CODES)
    assert expected <= {(f.code, f.line) for f in found}


def test_broken_measurable_pattern_is_a_load_error() -> None:
    with pytest.raises(CatalogError, match="PM409"):
        build_rules(
            CATALOG,
            CATALOG.profile("default"),
            select=["PM409"],
            options={"PM409": {"measurable": ["(unclosed"]}},
        )
