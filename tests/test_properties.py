"""Property-based tests: whatever the text, linting never fails and findings make sense.

Two sources of input: arbitrary text (biased towards Markdown punctuation), and generated
documents shaped like post-mortems (headings from the profile's synonyms, timelines, action
items, front matter, suppression comments), where the rules have the most to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.config.settings import Config, Settings
from pmlint.document.model import Finding
from pmlint.document.read import decode
from pmlint.run.runner import Overrides, Ruleset, lint_source_text, ruleset_for

ROOT = Path(__file__).resolve().parents[1]
FAST = settings(
    max_examples=int(os.environ.get("PMLINT_HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _ruleset() -> Ruleset:
    return ruleset_for(Config(Settings(), None, ROOT), Overrides())


def lint(text: str) -> list[Finding]:
    return lint_source_text(text, "doc.md", _ruleset())


def assert_sane(text: str, findings: list[Finding]) -> None:
    """No rule crashed; every position lies inside the file; the order is the sorted one."""
    lines = text.split("\n")
    assert not [f for f in findings if f.code == "PM003"], findings
    assert findings == sorted(findings)
    for finding in findings:
        assert 1 <= finding.line <= max(len(lines), 1), finding
        line_text = lines[finding.line - 1] if lines else ""
        assert 1 <= finding.column <= len(line_text) + 1, finding
        end_line = finding.end_line if finding.end_line is not None else finding.line
        assert finding.line <= end_line <= max(len(lines), 1), finding
        if finding.end_column is not None:
            end_text = lines[end_line - 1] if lines else ""
            assert 1 <= finding.end_column <= len(end_text) + 1, finding
            if end_line == finding.line:
                assert finding.end_column >= finding.column, finding
        assert finding.path == "doc.md"
        assert finding.message and "\x00" not in finding.message


PIECES = [
    *"#-*+|`>{}[]()_:!<>=~.\\/&;1234567890 \t\n\n\n",
    *["—", "→", "🔬", "é", "\u200b", "\r", "<!--", "-->", "**", "```", "---", "+++", "| --- |"],
    *["{OBSERVED}", "{INFERRED}", "{UNKNOWN}", "Tier 1", "14:03", "2026-04-17", "pmlint-"],
]
MARKDOWN_CHARS = st.sampled_from(PIECES)
ANY_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(MARKDOWN_CHARS, st.text(max_size=6)), max_size=150).map("".join),
)


@FAST
@given(ANY_TEXT)
def test_arbitrary_text_never_raises_and_findings_are_inside_the_file(text: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as the reader hands it over
    findings = lint(text)
    assert_sane(text, findings)


# -- post-mortem-like documents ------------------------------------------------------------

HEADINGS = [
    "Impact Summary", "Timeline", "Timeline of events", "Causal Analysis", "Root cause",
    "Surface Layer — What broke", "Systemic Layer", "Cultural/Process Layer", "Five whys",
    "Contributing Factors", "What Went Well", "What went wrong", "Action Items",
    "Corrective and preventative measures", "Detection Gap + Follow-Up",
    "How could we have detected this 10 minutes earlier?", "Follow-Up Cadence",
    "Lessons learnt", "Where we got lucky", "Resolution", "Detection", "Notes", "14:05",
]  # fmt: skip
WORDS = st.sampled_from(
    ["alert", "fired", "rollback", "config", "the", "team", "owner", "due", "TBD", "human error",
     "{OBSERVED}", "{INFERRED}", "{UNKNOWN}", "{DETECTION}", "{CONTEXT}", "`{OBSERVED}`", "—",
     "14:03", "14:07–14:29", "Pre-14:03", "2026-04-17", "4:19 PM", "Jan 3, 2024", "47 min",
     "~12,000", "users", "$180K", "Tier 1", "Tier 3", "**bold**", "*it*", "[x]", "[ ]", "|",
     "Why 1:", "because", "30-day review", "90-day review", "exit criteria:", "owner:"]
)  # fmt: skip
PHRASE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@st.composite
def heading(draw: st.DrawFn) -> str:
    level = draw(st.integers(1, 4))
    number = draw(st.sampled_from(["", "1. ", "7. ", "A. ", "🔬 "]))
    title = draw(st.one_of(st.sampled_from(HEADINGS), PHRASE))
    if draw(st.booleans()) and level > 1:
        return f"**{title}**"  # a bold line acting as a heading
    return f"{'#' * level} {number}{title}"


@st.composite
def table(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 5))
    header = "| " + " | ".join(draw(PHRASE) for _ in range(width)) + " |"
    rows = [header, "|" + " :--- |" * width]
    for _ in range(draw(st.integers(0, 6))):
        cells = draw(st.lists(PHRASE, min_size=1, max_size=width + 1))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


@st.composite
def bullet_list(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["- ", "* ", "1. ", "- [ ] ", "- [x] "]))
    items = []
    for _ in range(draw(st.integers(1, 6))):
        indent = draw(st.sampled_from(["", "", "  ", "    "]))
        items.append(f"{indent}{marker}{draw(PHRASE)}")
    return "\n".join(items)


LINES = [
    "---",
    "<!-- pmlint-disable PM2 -->",
    "<!-- pmlint-enable -->",
    "<!-- pmlint-disable-next-line -->",
    "<!-- pmlint-disable-file PM101 -->",
    "**Date:** 2026-04-17 | **Severity:** SEV-2",
    "**Status:** final",
]
BLOCK = st.one_of(
    PHRASE,
    table(),
    bullet_list(),
    PHRASE.map(lambda p: f"> {p}"),
    PHRASE.map(lambda p: f"```\n{p}\n```"),
    st.sampled_from(LINES),
)
FRONT = st.sampled_from(
    ["", "---\ntitle: x\ndate: 2026-04-17\nstatus: final\n---\n", "+++\ndate = 2026-04-17\n+++\n",
     "---\n: [bad\n---\n", "---\na: &a [1]\nb: *a\n---\n", "+++\ntitle = \n+++\n"]
)  # fmt: skip


@st.composite
def post_mortem(draw: st.DrawFn) -> str:
    parts = [draw(FRONT) + draw(heading())]
    for _ in range(draw(st.integers(0, 8))):
        parts.append(draw(heading()))
        parts.extend(draw(st.lists(BLOCK, max_size=4)))
    separator = draw(st.sampled_from(["\n", "\n\n"]))
    return separator.join(parts) + draw(st.sampled_from(["", "\n"]))


@FAST
@given(post_mortem())
def test_post_mortem_like_documents_never_raise(text: str) -> None:
    assert_sane(text, lint(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post_mortem())
def test_linting_is_deterministic(text: str) -> None:
    first = lint(text)
    second = lint(text)
    assert first == second
    assert [f.source_line for f in first] == [f.source_line for f in second]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post_mortem())
def test_line_endings_do_not_change_findings(text: str) -> None:
    crlf = decode(text.replace("\n", "\r\n").encode("utf-8"), "doc.md").text
    assert lint(crlf) == lint(text)
