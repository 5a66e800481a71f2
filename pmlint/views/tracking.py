"""Tracking references in action items: issue links, `#123`, `org/repo#123`, `JIRA-123` keys.

Read from the item's source lines (link targets live only there) or from a table cell.
"""

from __future__ import annotations

import re

from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled

_TRACKING_URL = lazy(
    r"https?://[^\s<>()\[\]]+/(?:issues|pull|pulls|merge_requests|browse|tickets?|work_items"
    r"|issue)/[^\s<>()\[\]]+"
)
_URL_START = lazy(r"https?://")
_URL_STOP = lazy(r"[\s<>()\[\]]")
_TRACKING_HASH = lazy(
    r"(?<![\w/])[\w.-]+/[\w.-]+#\d+|(?<![\w/&#])[A-Za-z][\w.-]*#\d+\b|(?<![\w&])#\d+\b"
)
_TRACKING_KEY = compiled(r"\b[A-Z][A-Z0-9]{1,9}-\d+\b")
# Where a `_TRACKING_KEY` may have its "-": a digit after it, a capital at most ten characters
# before it. A literal first, so the regex engine skips to each "-" (dates like 2024-01-02
# and names like web-1 are passed over without a look at every position of the text).
_KEY_DASH = compiled(
    r"-(?=\d)(?:" + "|".join(f"(?<=[A-Z][A-Z0-9]{{{n}}}-)" for n in range(1, 10)) + ")"
)
_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_TRACKING_TAIL = ").,;:]>'\"*_`"


def find_tracking(text: str) -> str | None:
    """An issue link, `#123`, `org/repo#123`, `repo#123` or a `JIRA-123` key in `text`.

    A link wins over a short reference: `[#12](https://…/issues/12)` gives the link.
    """
    found = _tracking_url(text) if "://" in text else None
    if found is None:
        hashed = _TRACKING_HASH.search(text) if "#" in text else None
        keyed = _tracking_key(text) if "-" in text else None
        found = min(
            (m for m in (hashed, keyed) if m is not None), key=lambda m: m.start(), default=None
        )
    if found is None:
        return None
    return found.group(0).rstrip(_TRACKING_TAIL) or None


def _tracking_url(text: str) -> re.Match[str] | None:
    """`_TRACKING_URL.search(text)`, tried at the first `http(s)://` of each run of URL
    characters only: a later start in the same run sees less of it, so it cannot match where
    the first did not (and `https://` repeated made the regex rescan the run from each)."""
    pos = 0
    while (start := _URL_START.search(text, pos)) is not None:
        found = _TRACKING_URL.match(text, start.start())
        if found is not None:
            return found
        stop = _URL_STOP.search(text, start.end())
        if stop is None:
            return None
        pos = stop.end()
    return None


def _tracking_key(text: str) -> re.Match[str] | None:
    """`_TRACKING_KEY.search(text)`, tried only at the keys' possible starts.

    A key's letters and digits are the whole run of them before its "-" (the word boundary
    allows no letter or digit before the key), so each candidate "-" has one possible start,
    and the first that matches is the leftmost match.
    """
    for dash in _KEY_DASH.finditer(text):
        end = start = dash.start()
        while start > 0 and end - start < 11 and text[start - 1] in _KEY_CHARS:
            start -= 1
        if end - start <= 10 and (found := _TRACKING_KEY.match(text, start)):
            return found
    return None
