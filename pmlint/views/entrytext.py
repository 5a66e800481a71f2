"""What a timeline entry's text says besides its time: evidence tags and time zones.

`{OBSERVED} pager log` is a tag and its source; "UTC", "PST", "UTC+2", "Pacific Time" or
"US/Pacific" in a heading, a preamble line or an entry is the zone of the entries it applies
to.
"""

from __future__ import annotations

from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.common import SPACES

TAG = compiled(r"\{\s*([A-Za-z][A-Za-z0-9 _/-]{0,30}?)\s*\}")
# Markup and punctuation around a source (`[\s`*_—–:;,.()\[\]-]`), stripped from both ends.
_SOURCE_MARKS = SPACES + "`*_—–:;,.()[]-"
_ZONE_NAMES = (
    "AKST|AKDT|AEST|AEDT|ACST|ACDT|AWST|NZST|NZDT|CEST|EEST|WEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT"
    "|HST|WET|CET|EET|BST|IST|MSK|JST|KST|SGT|HKT"
)
# The look-ahead holds the first letter of every zone below: the regex engine passes over
# other positions after one set test.
_ZONE = compiled(
    r"(?=[ABCEGHIJKMNPSUWgu])(?<![A-Za-z0-9])(?:(?P<utc>(?i:utc|gmt)(?:\s?[-+−]\s?[0-9]{1,2}(?::?[0-9]{2})?)?)"
    rf"|(?P<abbr>{_ZONE_NAMES})"
    r"|(?P<long>(?:Eastern|Central|Mountain|Pacific)(?:\s+(?:Standard\s+|Daylight\s+)?[Tt]ime))"
    r"|(?P<iana>(?:US|America|Europe|Asia|Australia|Africa|Pacific|Atlantic|Etc)/[A-Za-z_]{2,30}))"
    r"(?![A-Za-z0-9])"
)


@record(slots=True)
class Tag:
    """An evidence tag on a timeline entry ("{OBSERVED} monitoring alert")."""

    name: str  # as written, upper-cased: "OBSERVED"
    raw: str  # "{OBSERVED}"
    source: str  # text after the tag, trimmed ("monitoring alert"); "" when none


def find_tags(text: str) -> list[Tag]:
    """Brace tags in `text`, each with the text that follows it up to the next tag."""
    if "{" not in text:
        return []
    tags: list[Tag] = []
    match = TAG.search(text)
    while match is not None:
        start = match.end()
        brace = text.find("{", start)  # where the next tag can start
        following = TAG.search(text, brace) if brace >= 0 else None
        stop = following.start() if following is not None else len(text)
        # The source ends at the end of the line or at a table cell's " | ".
        cut = text.find("\n", start, stop)
        if cut >= 0:
            stop = cut
        cut = text.find(" | ", start, stop)
        if cut >= 0:
            stop = cut
        source = text[start:stop].strip(_SOURCE_MARKS)
        tags.append(Tag(match.group(1).upper().replace(" ", "_"), match.group(0), source))
        match = following
    return tags


def zone_in(text: str) -> str | None:
    """The first time zone named in `text` ("UTC", "PST", "UTC+2", "Pacific Time")."""
    found = _ZONE.search(text)
    if found is None:
        return None
    if found.group("utc"):
        raw = found.group("utc")
        return raw[:3].upper() + "".join(raw[3:].split())
    return found.group("abbr") or found.group("iana") or " ".join(found.group("long").split())
