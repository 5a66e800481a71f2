"""Causal-analysis and contributing-factor rules (PM301-PM305), and the whys/factors views."""

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
from pmlint.document.model import Document, Finding
from pmlint.document.parse import parse_document
from pmlint.views.factors import contributing_factors
from pmlint.views.whys import causal_analysis

TABLE_DOC = TABLE_EXAMPLE.read_text()
LIST_DOC = LIST_EXAMPLE.read_text()
CATALOG = load_catalog()
CODES = ["PM301", "PM302", "PM303", "PM304", "PM305"]

# The whys as a table with a Layer column (the good examples write them as lists).
WHYS_TABLE = """# Post-mortem: Checkout failure

## Causal Analysis

| Why | Layer | Answer |
| --- | --- | --- |
| Why 1 | Surface | A config change emptied the payment retry list. |
| Why 2 | Surface | The change passed review because the diff showed only a rename. |
| Why 3 | Systemic | Config is not validated against a schema before deploy. |
| Why 4 | Systemic | The schema grew from a flat file and never got a validator. |
| Why 5 | Cultural | Config tooling has no owning team, so nobody was asked to add one. |
"""


def parse(text: str) -> Document:
    return parse_document(text, "doc.md", CATALOG.profile("default").matcher)


def lint(text: str, *codes: str) -> list[Finding]:
    return lint_selected(text, list(codes) or CODES)


def hits(text: str, code: str) -> list[int]:
    return [f.line for f in lint(text, code) if f.code == code]


change = change_once


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("text", [TABLE_DOC, LIST_DOC, WHYS_TABLE], ids=["table", "list", "whys"])
def test_bases_are_clean(text: str) -> None:
    assert lint(text) == []


@pytest.mark.parametrize("spaced", [False, True], ids=["as-written", "respaced"])
def test_reference_example_is_clean(needs_shared: Path, spaced: bool) -> None:
    text = respaced(reference_example()) if spaced else reference_example()
    assert lint(text) == []


def test_bad_examples_raise_the_causal_rules() -> None:
    bad = ROOT / "examples/bad"
    thin = lint((bad / "thin-causal-analysis.md").read_text())
    assert sorted((f.line, f.code) for f in thin) == [(26, "PM301")] + [(26, "PM302")] * 3
    blame = lint((bad / "blame-and-human-error.md").read_text())
    assert [(f.line, f.code) for f in blame] == [(45, "PM303")]
    factors = lint((bad / "untagged-factors.md").read_text())
    assert [(f.line, f.code) for f in factors] == [(51, "PM305"), (52, "PM304")]


# -- PM301 too-few-whys ---------------------------------------------------------------------


def test_too_few_whys_list() -> None:
    old = "- **Why 4 (Why that gap existed):**"
    start = TABLE_DOC.index(old)
    end = TABLE_DOC.index("\n", start) + 1
    text = TABLE_DOC[:start] + TABLE_DOC[end:]
    found = lint(text, "PM301")
    assert [f.line for f in found] == [line_of(text, "## 3. Causal Analysis")]
    assert "4 whys, fewer than 5" in found[0].message


def test_too_few_whys_table() -> None:
    row = WHYS_TABLE.index("| Why 4 |")
    text = WHYS_TABLE[:row] + WHYS_TABLE[WHYS_TABLE.index("\n", row) + 1 :]
    assert hits(text, "PM301") == [3]


def test_no_causal_section_is_left_to_pm112() -> None:
    assert hits("# X\n\n## Impact\n\nA.\n", "PM301") == []


def test_min_whys_is_an_option() -> None:
    rules = build_rules(CATALOG, CATALOG.profile("default"), select=["PM301"])
    options = rules[0].check.options.model_validate({"min-whys": 7})
    assert len(list(rules[0].check.function(parse(LIST_DOC), options))) == 1


# -- PM302 missing-causal-layer -------------------------------------------------------------


def test_missing_layer_heading_list() -> None:
    heading = "### Cultural/Process layer: why the gap persisted"
    text, _ = change(LIST_DOC, heading, "### And further")
    found = lint(text, "PM302")
    assert [f.line for f in found] == [line_of(text, "## Causal Analysis")]
    assert "no cultural/process layer (why the gap persisted)" in found[0].message


def test_missing_layer_table_column() -> None:
    text, _ = change(WHYS_TABLE, "| Why 5 | Cultural |", "| Why 5 | Other |")
    found = lint(text, "PM302")
    assert [f.line for f in found] == [3] and "cultural/process" in found[0].message


def test_one_finding_per_missing_layer() -> None:
    text = "# X\n\n## Causal Analysis\n\n- **Why 1:** A.\n- **Why 2:** B.\n"
    messages = [f.message for f in lint(text, "PM302")]
    assert len(messages) == 3
    assert {m.split(" layer")[0].rsplit(" ", 1)[1] for m in messages} == {
        "surface",
        "systemic",
        "cultural/process",
    }


def test_layer_labels_and_bold_lines() -> None:
    text = (
        "# X\n\n## Causal Analysis\n\n**Surface layer**\n\n- Why 1: A.\n\n"
        "- Why 2 (Systemic): B.\n- Why 3: C. Layer: process\n"
    )
    assert hits(text, "PM302") == []


def test_custom_layers() -> None:
    rules = build_rules(CATALOG, CATALOG.profile("default"), select=["PM302"])
    options = rules[0].check.options.model_validate(
        {"layers": [{"name": "technical", "synonyms": ["tech"]}, {"name": "org"}]}
    )
    doc = parse("# X\n\n## Causal Analysis\n\n### Tech\n\n- Why 1: A.\n")
    found = list(rules[0].check.function(doc, options))
    assert [hit.args["layer"] for hit in found] == ["org"]


# -- PM303 human-error-root-cause -----------------------------------------------------------


@pytest.mark.parametrize("base", [TABLE_DOC, LIST_DOC, WHYS_TABLE], ids=["table", "list", "whys"])
def test_why_stopping_at_human_error(base: str) -> None:
    anchor = {
        TABLE_DOC: "Why was the retry-forever behaviour never revisited?",
        LIST_DOC: "Why had nobody tuned `ndots` or budgets before?",
        WHYS_TABLE: "so nobody was asked to add one.",
    }[base]
    text, line = change(base, anchor, anchor + " Operator error.")
    found = lint(text, "PM303")
    assert [f.line for f in found] == [line]
    assert "'Operator error'" in found[0].message


def test_negated_phrase_does_not_count() -> None:
    text = (
        "# X\n\n## Causal Analysis\n\n- **Why 1:** This was not human error: the prompt hid it.\n"
    )
    assert hits(text, "PM303") == []


def test_root_cause_statement() -> None:
    text = "# X\n\n## Causal Analysis\n\n- **Why 1:** A.\n\nRoot cause: a mistake by the DBA.\n"
    found = lint(text, "PM303")
    assert [f.line for f in found] == [7] and "the root cause stops at" in found[0].message


def test_root_cause_sub_section() -> None:
    text = "# X\n\n## Causal Analysis\n\n### Root Cause\n\nPEBKAC on the deploy host.\n"
    assert hits(text, "PM303") == [7]


# -- PM304 untagged-contributing-factor ------------------------------------------------------


def test_untagged_factor_table() -> None:
    text, line = change(TABLE_DOC, "| `{TRIGGER}` | Catalog", "| | Catalog")
    found = lint(text, "PM304")
    assert [f.line for f in found] == [line] and "Catalog v4.18" in found[0].message


def test_untagged_factor_list() -> None:
    text, line = change(LIST_DOC, "- `{TRIGGER}` Report-export", "- Report-export")
    assert hits(text, "PM304") == [line]


def test_tag_forms_are_accepted() -> None:
    text = (
        "# X\n\n## Contributing Factors\n\n- **DETECTION:** Alert waits five minutes.\n"
        "- [DIAGNOSIS] Dashboard hides 413s.\n- Mitigation: Runbook lacked the flag.\n"
        "- `{CONTEXT}` `{TRIGGER}` Deploy on a Friday.\n"
        "- **Prevention**\n  - No size limit on events.\n"
    )
    assert lint(text) == []
    tags = [factor.tags for factor in contributing_factors(parse(text))]
    assert tags == [
        ["DETECTION"],
        ["DIAGNOSIS"],
        ["MITIGATION"],
        ["CONTEXT", "TRIGGER"],
        ["PREVENTION"],
    ]


def test_sentence_is_not_a_label() -> None:
    text = "# X\n\n## Contributing Factors\n\n- Lack of alerting: nobody was paged.\n"
    assert hits(text, "PM304") == [5]


# -- PM305 unknown-factor-tag ----------------------------------------------------------------


def test_unknown_factor_tag_table() -> None:
    text, line = change(
        TABLE_DOC, "| `{DIAGNOSIS}` | The indexer", "| `{DIAGNOSTIC}` | The indexer"
    )
    found = lint(text, "PM305")
    assert [f.line for f in found] == [line] and "did you mean {DIAGNOSIS}?" in found[0].message


def test_unknown_factor_tag_list() -> None:
    text, line = change(LIST_DOC, "- `{MITIGATION}` Pausing", "- `{MITIGATE}` Pausing")
    found = lint(text, "PM305")
    assert [f.line for f in found] == [line] and "did you mean {MITIGATION}?" in found[0].message


def test_tag_in_the_prose_is_not_the_category() -> None:
    text = (
        "# X\n\n## Contributing Factors\n\n| Tag | Factor |\n| --- | --- |\n"
        "| `{MITIGATION}` | Why the rollback took 20 minutes is `{UNKNOWN}` |\n"
    )
    assert lint(text) == []
    listed = "# X\n\n## Contributing Factors\n\n- `{MITIGATION}` Cause is `{UNKNOWN}` still.\n"
    assert lint(listed) == []


# -- views --------------------------------------------------------------------------------


def test_whys_view_reads_the_reference(needs_shared: Path) -> None:
    analysis = causal_analysis(parse(reference_example()))
    assert [w.number for w in analysis.whys] == [1, 2, 3, 4, 5]
    assert [w.layer for w in analysis.whys] == ["surface"] * 2 + ["systemic"] * 2 + [
        "cultural/process"
    ]


def test_whys_view_question_forms() -> None:
    text = (
        "# X\n\n## Five Whys\n\n1. Why did checkout fail? The retry list was empty.\n"
        "2. Why was it empty? A template default.\n\n## Root cause\n\nNo config validation.\n"
    )
    analysis = causal_analysis(parse(text))
    assert [(w.line, w.number) for w in analysis.whys] == [(5, 1), (6, 2)]
    assert analysis.root_cause is not None and analysis.root_cause.text == "No config validation."


def test_whys_view_plain_items_under_five_whys_heading() -> None:
    text = "# X\n\n## 5 Whys\n\n1. The retry list was empty.\n2. A template default.\n"
    assert len(causal_analysis(parse(text)).whys) == 2


def test_whys_view_nested_questions() -> None:
    text = (
        "# X\n\n## Five whys\n\n- Downloads broke.\n\n  **Why did downloads break?**\n\n"
        "  - A bug in the URL code.\n\n    **Why was the bug not caught?**\n\n"
        "    - No staging test covers downloads.\n"
    )
    whys = causal_analysis(parse(text)).whys
    assert [w.line for w in whys] == [7, 11]
    assert "A bug in the URL code." in whys[0].text
