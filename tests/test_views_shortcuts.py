"""The views' shortcuts must find exactly what the plain patterns find.

Action-item labels are looked for only just before a ":" or "=", ticket keys only from
their "-", and whitespace is stripped with a fixed set of characters; each is compared
here with the straightforward regular-expression search on generated text.
"""

from __future__ import annotations

import re
import sys

from conftest import lint_selected
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.views.actions import _LABEL_RE, _labels_in
from pmlint.views.common import SPACES
from pmlint.views.tracking import _TRACKING_KEY, _tracking_key

_PIECES = st.sampled_from(
    [
        "Owner",
        "owner",
        "Due",
        "due date",
        "Exit criteria",
        "Tier",
        "Tracking",
        ":",
        ": ",
        " = ",
        "=",
        " ",
        "  ",
        "\t",
        "-",
        "ABC",
        "X9",
        "OPS",
        "-12",
        "2024-01-02",
        "web-1",
        "fix it",
        "ı",
        "İ",
        "ſ",
        "é",
        ",",
        "(",
        ")",
        "\u00a0",
    ]
)
_TEXT = st.lists(_PIECES, max_size=24).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_labels_are_found_as_the_plain_search_finds_them(text: str) -> None:
    expected = [m.span() for m in _LABEL_RE.compiled().finditer(text)]
    assert [m.span() for m in _labels_in(text)] == expected


@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_ticket_keys_are_found_as_the_plain_search_finds_them(text: str) -> None:
    plain = _TRACKING_KEY.search(text)
    fast = _tracking_key(text)
    assert (fast.span() if fast else None) == (plain.span() if plain else None)


def test_spaces_are_exactly_what_backslash_s_matches() -> None:
    blank = re.compile(r"\s")
    expected = {chr(c) for c in range(sys.maxunicode + 1) if blank.match(chr(c))}
    assert set(SPACES) == expected


def test_a_label_matched_only_through_case_folding_is_kept_as_text() -> None:
    text = (
        "# Post-mortem\n\n## Action Items\n\n"
        "- İssue: fix the cache, ownerſ: ana\n"
        "- Owner: @dana, Due: 2026-01-01, Exit criteria: alert fires in a drill\n"
    )
    findings = lint_selected(text, ["PM003", "PM402"])
    assert [(f.code, f.line) for f in findings] == [("PM402", 5)]
