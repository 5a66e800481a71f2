"""Section-parts primitive: a section must answer each of several questions.

The detection-gap section has two: how this could have been detected earlier, and which
similar failure modes exist. People answer them under sub-headings, as bold questions, or
in a paragraph that uses the key words, so a part counts as present when any heading or
line of the section matches one of its patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.checks.language import lines_of_kind
from pmlint.document.model import Document
from pmlint.util.saferegex import compile_option

if TYPE_CHECKING:
    from pmlint.checks.options.detection import SectionPartsOptions


@lru_cache(maxsize=64)
def _part_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    joined = "|".join(f"(?:{p})" for p in patterns)
    compiled: re.Pattern[str] = compile_option(joined, re.IGNORECASE, patterns)
    return compiled


@check("section_parts", "pmlint.checks.options.detection:SectionPartsOptions")
def section_parts(doc: Document, options: SectionPartsOptions) -> Iterator[Hit]:
    """Each part must show up in the section of `kind`, as a heading or in its text.

    Lines of sub-sections that the profile maps to another kind (a "Follow-up" heading
    nested under the detection gap) do not count. One finding per missing part, at the
    section heading; nothing when the section is missing (a required-section rule says so).
    """
    sections = doc.sections_of(options.kind)
    if not sections:
        return
    heading = sections[0]
    owned = lines_of_kind(doc, options.kind)
    for part in options.parts:
        regex = _part_regex(tuple(part.patterns))
        if any(regex.search(entry.text) for entry in owned):
            continue
        yield Hit(heading.line, {"part": part.name, "section": heading.title}, needle=heading.title)
