"""The parser and section model: what a rule can rely on."""

from __future__ import annotations

import pytest

from pmlint.catalog.load import load_catalog
from pmlint.document.headings import normalise_heading
from pmlint.document.model import Code, ListBlock, Paragraph, Quote, Table
from pmlint.document.parse import parse_document

MATCHER = load_catalog().profile("default").matcher


def parse(text: str, path: str = "doc.md"):
    return parse_document(text, path, MATCHER)


@pytest.mark.parametrize(
    ("heading", "normalised"),
    [
        ("1. Impact Summary", "impact summary"),
        (
            "A. How could we have detected this 10 minutes earlier?",
            "how could we have detected this 10 minutes earlier",
        ),
        ("7) Action Items:", "action items"),
        ("🔬 POST-MORTEM: Checkout", "post mortem checkout"),
        ("**Timeline**", "timeline"),
        ("2.3. Lessons Learnt", "lessons learnt"),
        ("Detection Gap + Follow-Up", "detection gap follow up"),
        ("", ""),
    ],
)
def test_heading_normalisation(heading: str, normalised: str) -> None:
    assert normalise_heading(heading) == normalised


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("## 1. Impact Summary", "impact"),
        ("## Timeline of events", "timeline"),
        ("## Lessons learnt", "lessons"),
        ("## Corrective and preventative measures", "action_items"),
        ("## 7. Detection Gap + Follow-Up", "detection_gap"),
        ("## Follow-Up Cadence", "follow_up"),
        ("## 🧭 Root Cause Analysis", "causal_analysis"),
        ("## Events", "timeline"),
        ("## Preventing similar events", None),
        ("## Analysis", "causal_analysis"),
        ("## What went well", "what_went_well"),
    ],
)
def test_headings_map_to_canonical_kinds(heading: str, kind: str | None) -> None:
    doc = parse(f"# Title\n\n{heading}\n\nText.\n")
    assert doc.sections[1].own_kind == kind


def test_sections_nest_by_level_and_inherit_kind() -> None:
    doc = parse(
        "# T\n\n## Causal Analysis\n\n### Surface layer\n\n- why\n\n#### Deeper\n\nx\n\n"
        "## Action Items\n\n### Short term\n\n- do it\n"
    )
    h1 = doc.root.children[0]
    assert [s.title for s in h1.children] == ["Causal Analysis", "Action Items"]
    surface = h1.children[0].children[0]
    assert surface.own_kind is None and surface.kind == "causal_analysis"
    assert surface.children[0].kind == "causal_analysis"
    assert surface.line == 5 and surface.end_line == 12
    assert h1.children[1].children[0].kind == "action_items"


def test_setext_metadata_line_is_not_a_heading() -> None:
    doc = parse("# Outage\n**Date:** 2026-04-17 | **Severity:** SEV-2\n---\n## Impact\nx\n")
    assert [s.title for s in doc.sections] == ["Outage", "Impact"]
    assert doc.metadata.date == "2026-04-17"
    assert doc.metadata.severity == "SEV-2"


def test_blocks_keep_lines_and_structure() -> None:
    text = (
        "# T\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n| 14:03 | a `{OBSERVED}` |\n"
        "| 14:05 | b |\n\n- [ ] open item\n- [x] done item\n  - Owner: me\n\n> quoted\n\n"
        "```\n{NOT_A_TAG}\n```\n"
    )
    section = parse(text).sections[1]
    table, items, quote, code = section.blocks
    assert isinstance(table, Table) and table.header == ["Time", "Event"]
    assert [r.line for r in table.rows] == [7, 8]
    assert table.rows[0].cells[1] == "a {OBSERVED}" and "{OBSERVED}" not in table.rows[0].prose[1]
    assert isinstance(items, ListBlock)
    assert [(i.line, i.checked) for i in items.items] == [(10, False), (11, True)]
    assert items.items[1].children[0].text == "Owner: me"
    assert isinstance(quote, Quote) and isinstance(code, Code)


def test_bold_line_alone_is_a_heading_when_it_names_a_section() -> None:
    doc = parse("# T\n\n**Timeline**\n\n- 14:03 a\n\n**Not a section name**\n\nx\n")
    pseudo = doc.sections[1]
    assert pseudo.pseudo and pseudo.own_kind == "timeline" and pseudo.line == 3
    assert isinstance(pseudo.blocks[0], ListBlock)
    assert isinstance(pseudo.blocks[1], Paragraph)  # unknown bold line stays a paragraph


def test_front_matter_keeps_line_numbers() -> None:
    doc = parse("---\ntitle: Queue stall\ndate: 2026-01-05\nseverity: SEV-3\n---\n# Queue\n")
    assert doc.title_line == 6
    assert doc.metadata.title == "Queue stall" and doc.metadata.date == "2026-01-05"


def test_toml_front_matter() -> None:
    doc = parse('+++\ntitle = "Stall"\ndate = 2026-01-05\n+++\n# Stall\n')
    assert doc.metadata.date == "2026-01-05" and doc.title_line == 5


def test_date_from_file_name_as_last_resort() -> None:
    assert parse("# T\n", "incidents/2025-11-02-dns.md").metadata.date == "2025-11-02"
    assert parse("# T\n", "incidents/dns.md").metadata.date is None


def test_comments_are_collected_with_lines_but_not_inside_code() -> None:
    doc = parse(
        "# T\n\n<!-- pmlint-disable PM201 -->\n\ntext <!-- inline --> more\n\n"
        "```\n<!-- in code -->\n```\n"
    )
    assert [(c.line, c.text) for c in doc.comments] == [(3, "pmlint-disable PM201"), (5, "inline")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "---\ntitle: only front matter\n---\n",
        "---\ntitle: [unclosed\n---\n# T\n",
        "#\n\n##\n\n###   \n",
        "| a | b |\n| - | - |\n| 1 |\n| 1 | 2 | 3 | 4 |\n",
        "".join("  " * i + "- item\n" for i in range(300)),
        "> " * 200 + "deep quote\n",
        "# T\n\n" + "word " * 1_000_000,
    ],
    ids=[
        "empty",
        "front-matter-only",
        "bad-front-matter",
        "empty-headings",
        "ragged-table",
        "deep-list",
        "deep-quote",
        "5mb",
    ],
)
def test_odd_documents_parse(text: str) -> None:
    doc = parse(text)
    assert doc.root.level == 0
    for section in doc.sections:
        assert 1 <= section.line <= max(len(doc.lines), 1)


def test_malformed_front_matter_is_a_problem_not_a_crash() -> None:
    doc = parse("---\ntitle: [unclosed\n---\n# T\n")
    assert [p.code for p in doc.problems] == ["PM004"]
