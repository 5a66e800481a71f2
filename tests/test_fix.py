"""Fixes, rule by rule: the finding, the fix, the finding gone, a second fix that changes
nothing, and every byte outside the edits kept (LF, CRLF, and CRLF with a UTF-8 BOM)."""

from __future__ import annotations

import codecs
import difflib
import re
from pathlib import Path

import pytest

from pmlint.catalog.load import load_catalog
from pmlint.config.settings import config_from
from pmlint.fix.edits import Edit, Fix, Source, apply_to_text, choose
from pmlint.fix.engine import fix_source, lint_with_fixes
from pmlint.fix.fixers import FIXERS, near_spelling
from pmlint.run.runner import Overrides, Ruleset, ruleset_for

ROOT = Path(__file__).resolve().parents[1]
GOOD = (ROOT / "examples/good/2026-03-09-search-index-stall.md").read_text(encoding="utf-8")
LISTED = (ROOT / "examples/good/2026-06-02-dns-resolver-saturation.md").read_text("utf-8")
CATALOG = load_catalog()
FIXABLE = sorted(code for code, spec in CATALOG.specs.items() if spec.fix)


def ruleset(code: str) -> Ruleset:
    return ruleset_for(config_from({"select": [code]}), Overrides())


def drop_section(text: str, heading: str) -> str:
    """`text` without the section whose heading line starts with `heading`."""
    start = text.index(heading)
    level = heading.index(" ")
    following = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE)
    found = following.search(text, start + len(heading))
    end = found.start() if found else len(text)
    return text[:start] + text[end:]


def once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def swap_lines(text: str, first: str, second: str) -> str:
    """`text` with the lines starting with `first` and `second` swapped."""
    lines = text.split("\n")
    a = next(i for i, line in enumerate(lines) if line.startswith(first))
    b = next(i for i, line in enumerate(lines) if line.startswith(second))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


SECTIONS = {
    "PM110": "## 1. Impact Summary",
    "PM111": "## 2. Timeline",
    "PM112": "## 3. Causal Analysis",
    "PM113": "## 4. Contributing Factors",
    "PM114": "## 5. What Went Well",
    "PM115": "## 6. Action Items",
    "PM133": "## 5. What Went Well",
    "PM501": "## 7. Detection Gap",
    "PM116": "## 8. Follow-Up",
}
ROW_T1 = "| **1** | Enforce a 1 MB maximum"
ROW_T2 = "| **2** | Lower the freshness alert"

# code -> (document with the finding, text the fixed document holds)
CASES: dict[str, tuple[str, str]] = {
    "PM201": (
        once(GOOD, "`{OBSERVED}` — indexer logs", "OBSERVED — indexer logs"),
        "{OBSERVED} — indexer logs",
    ),
    "PM202": (once(GOOD, "`{OBSERVED}` — indexer logs", "`{OBSERVD}` — indexer logs"), GOOD),
    "PM305": (GOOD.replace("`{DIAGNOSIS}`", "`{Diagnosis}`", 1), GOOD),
    "PM304": (
        once(
            LISTED,
            "- `{DETECTION}` The latency alert needs five minutes of p99 above 250 ms, so it "
            "paged 9 minutes after saturation began.",
            "- The latency alert needs five minutes of p99 above 250 ms, so it paged 9 minutes "
            "after saturation began. `{DETECTION}`",
        ),
        LISTED,
    ),
    "PM802": (
        once(GOOD, "| 2026-06-07 |", "| 2026-06-17 |"),
        "| **90-day review** | 2026-06-07 |",
    ),
    "PM801": (
        re.sub(r"\| \*\*90-day review\*\*.*\n", "", GOOD),
        "| **90-day review** | 2026-06-07 | Recurrence check |",
    ),
    "PM407": (swap_lines(GOOD, ROW_T1, ROW_T2), GOOD),
    "PM102": (
        once(GOOD, "**Severity:** SEV-2 | ", ""),
        "**Status:** Final | **Severity:** {UNKNOWN}",
    ),
}
TITLES = {
    "PM110": "Impact Summary",
    "PM111": "Timeline",
    "PM112": "Causal Analysis",
    "PM113": "Contributing Factors",
    "PM114": "What Went Well",
    "PM115": "Action Items",
    "PM116": "Follow-Up Cadence",
    "PM133": "Lessons Learned",
    "PM501": "Detection Gap",
    "PM130": "Summary",
    "PM131": "Resolution",
    "PM132": "Trigger",
    "PM134": "What Went Wrong",
    "PM135": "Where We Got Lucky",
    "PM136": "Detection",
    "PM137": "Responders",
}
for _code, _title in TITLES.items():
    _text = drop_section(GOOD, SECTIONS[_code]) if _code in SECTIONS else GOOD
    CASES[_code] = (_text, f"\n## {_title}\n\n")


def test_every_fixable_rule_has_a_fixer_and_a_case() -> None:
    for code in FIXABLE:
        spec = CATALOG.specs[code]
        assert spec.check in FIXERS, code
        assert code in CASES, code
    safe = {code for code in FIXABLE if CATALOG.specs[code].fix == "safe"}
    assert safe == {"PM201", "PM202", "PM304", "PM305", "PM801", "PM802"}


def _variants(text: str) -> list[tuple[str, bytes]]:
    crlf = text.replace("\n", "\r\n").encode()
    return [("lf", text.encode()), ("crlf", crlf), ("bom-crlf", codecs.BOM_UTF8 + crlf)]


def _codes(data: bytes, code: str) -> list[str]:
    linted = lint_with_fixes(Source(data).normalised, "2026-03-09-doc.md", ruleset(code))
    return [finding.code for finding in linted.findings]


@pytest.mark.parametrize("code", FIXABLE)
def test_fix(code: str) -> None:
    text, expected = CASES[code]
    unsafe = CATALOG.specs[code].fix == "unsafe"
    rules = ruleset(code)
    for name, data in _variants(text):
        assert code in _codes(data, code), (code, name)
        source = Source(data)
        result = fix_source(source, "2026-03-09-doc.md", rules, unsafe)
        after = source.encode()
        assert result.applied >= 1
        fixed = Source(after).normalised
        if expected == GOOD:
            assert fixed == GOOD, name
        else:
            assert expected in fixed, (name, fixed)
        assert code not in [f.code for f in result.remaining], name
        assert code not in _codes(after, code), name
        # A second fix changes nothing.
        again = Source(after)
        second = fix_source(again, "2026-03-09-doc.md", rules, unsafe)
        assert second.applied == 0 and again.encode() == after, name
        _outside_kept(data, after, name)


def _outside_kept(before: bytes, after: bytes, variant: str) -> None:
    """Only whole lines changed, the rest byte for byte; line endings and BOM as they were."""
    if variant == "bom-crlf":
        assert after.startswith(codecs.BOM_UTF8) and not after[3:].startswith(codecs.BOM_UTF8)
    else:
        assert not after.startswith(codecs.BOM_UTF8)
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if variant != "lf":
        assert all(line.endswith(b"\r\n") for line in new[:-1])
        assert b"\n" not in after.replace(b"\r\n", b"")
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    kept = sum(size for _a, _b, size in matcher.get_matching_blocks())
    changed = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert changed and len(old) - kept <= 12, (variant, changed[:3])


def test_fixes_are_not_applied_without_unsafe() -> None:
    text, _expected = CASES["PM407"]
    source = Source(text.encode())
    result = fix_source(source, "2026-03-09-doc.md", ruleset("PM407"), unsafe=False)
    assert result.applied == 0 and source.encode() == text.encode()
    assert result.remaining_fixable == 1


def test_ambiguous_or_distant_tags_are_not_fixed() -> None:
    assert near_spelling("observd", ["OBSERVED", "INFERRED", "UNKNOWN"]) == "OBSERVED"
    assert near_spelling("Observed", ["OBSERVED", "INFERRED", "UNKNOWN"]) == "OBSERVED"
    assert near_spelling("CONFIRMED", ["OBSERVED", "INFERRED", "UNKNOWN"]) is None
    assert near_spelling("ROOT_CAUSE", ["DETECTION", "DIAGNOSIS", "CONTEXT"]) is None
    text = once(GOOD, "`{OBSERVED}` — indexer logs", "`{CONFIRMED}` — indexer logs")
    linted = lint_with_fixes(text, "d.md", ruleset("PM202"))
    assert [f.code for f in linted.findings] == ["PM202"] and linted.fixes == [None]


def test_a_review_date_needs_an_incident_date() -> None:
    text = once(GOOD, "**Date:** 2026-03-09 | ", "")
    text = once(text, "| 2026-06-07 |", "| 2026-06-17 |")
    linted = lint_with_fixes(text, "doc.md", ruleset("PM802"))
    assert linted.fixes == [None] * len(linted.findings)


def test_suppressed_findings_are_not_fixed() -> None:
    text = once(
        GOOD,
        "| **09:04** |",
        "<!-- pmlint-disable PM202 -->\n\n| **09:04** |",
    )
    text = once(text, "`{OBSERVED}` — indexer logs", "`{OBSERVD}` — indexer logs")
    linted = lint_with_fixes(text, "d.md", ruleset("PM202"))
    assert "PM202" not in [f.code for f in linted.findings]


def test_edits_keep_line_endings_and_encoding() -> None:
    data = codecs.BOM_UTF8 + b"a\r\nb\r\nc"
    source = Source(data)
    source.apply([Edit.insert(2, 1, "new\n"), Edit(3, 1, 3, 2, "C")])
    assert source.encode() == codecs.BOM_UTF8 + b"a\r\nnew\r\nb\r\nC"
    wide = "x\ny\n".encode("utf-16")
    source = Source(wide)
    source.apply([Edit(2, 1, 2, 2, "Y")])
    assert source.encode() == "x\nY\n".encode("utf-16")
    assert apply_to_text("one\ntwo", [Edit.insert(3, 1, "\nthree")]) == "one\ntwo\nthree"


def test_overlapping_fixes_wait_for_the_next_round() -> None:
    first = Fix("a", (Edit(1, 1, 1, 5, "x"),))
    second = Fix("b", (Edit(1, 3, 1, 7, "y"),))
    third = Fix("c", (Edit(2, 1, 2, 1, "z"),))
    assert choose([second, first, third, first]) == [first, third]


def test_ranking_a_list_moves_whole_items() -> None:
    text = (ROOT / "examples/good/2026-06-02-dns-resolver-saturation.md").read_text("utf-8")
    lines = text.split("\n")
    first = lines.index("- **Tier 1** — Add a per-namespace query budget to the resolver fleet")
    third = next(i for i, line in enumerate(lines) if line.startswith("- **Tier 2** — Raise"))
    swapped = lines[:first] + lines[third : third + 4] + lines[first + 4 : third]
    swapped += lines[first : first + 4] + lines[third + 4 :]
    bad = "\n".join(swapped)
    rules = ruleset("PM407")
    assert [f.code for f in lint_with_fixes(bad, "d.md", rules).findings] == ["PM407"]
    source = Source(bad.encode())
    fix_source(source, "d.md", rules, unsafe=True)
    fixed = source.text
    # Stable by tier: the two Tier 1 items first (in their new order), then the Tier 2s.
    tiers = [line.split("—")[0] for line in fixed.split("\n") if line.startswith("- **Tier")]
    assert tiers == [
        "- **Tier 1** ",
        "- **Tier 1** ",
        "- **Tier 2** ",
        "- **Tier 2** ",
        "- **Tier 3** ",
    ]
    assert sorted(fixed.split("\n")) == sorted(text.split("\n"))
    assert lint_with_fixes(fixed, "d.md", rules).findings == []


def test_a_fix_that_would_not_remove_its_finding_is_not_made() -> None:
    # A section appended after a code fence left open would land inside the code block.
    text = drop_section(GOOD, "## 8. Follow-Up") + "\n```\nlog excerpt, fence never closed\n"
    rules = ruleset("PM116")
    source = Source(text.encode())
    result = fix_source(source, "d.md", rules, unsafe=True)
    assert result.applied == 0 and source.text == text
    assert [f.code for f in result.remaining] == ["PM116"]


TRICKY = (
    "foundries__2022-07-28-aws.md",  # ends inside an unclosed code fence
    "hachyderm__2022-12-20-ingress-queues-down-in-queueville.md",  # front matter, late H1
    "learningequality__002-cloudflare-incomplete-migration.md",  # sections before the H1
)


@pytest.mark.parametrize("profile", ["default", "generic"])
def test_fixing_real_post_mortems_is_stable(profile: str) -> None:
    corpus = ROOT.parent / "shared" / "corpus"
    files = sorted(corpus.glob("real*/*.md"))
    if not files:
        pytest.skip("shared corpus not found")
    sample = [f for f in files if f.name in TRICKY] + files[::15]
    rules = ruleset_for(config_from({"profile": profile}), Overrides())
    for path in sample:
        data = path.read_bytes()
        source = Source(data)
        fix_source(source, path.name, rules, unsafe=True)
        once_fixed = source.encode()
        again = Source(once_fixed)
        second = fix_source(again, path.name, rules, unsafe=True)
        assert second.applied == 0 and again.encode() == once_fixed, path.name
        if data != once_fixed and b"\r" not in data:
            _outside_kept(data, once_fixed, "lf")


def test_a_factor_tag_moves_into_its_empty_tag_cell() -> None:
    text = (ROOT / "examples/bad/untagged-factors.md").read_text("utf-8")
    row = "| | Restart alerts go to a low-priority channel overnight |"
    moved = once(text, row, row.replace(" overnight |", " overnight `{DETECTION}` |"))
    rules = ruleset("PM304")
    for name, data in _variants(moved):
        source = Source(data)
        result = fix_source(source, "d.md", rules, unsafe=False)
        assert result.applied == 1 and result.remaining == [], name
        fixed = Source(source.encode()).normalised
        assert "| `{DETECTION}` | Restart alerts go to a low-priority channel overnight |" in fixed
        _outside_kept(data, source.encode(), name)
    # Without a tag to move (the original row), nothing is changed.
    source = Source(text.encode())
    assert fix_source(source, "d.md", rules, unsafe=False).applied == 0
