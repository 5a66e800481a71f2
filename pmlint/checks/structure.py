"""Structure primitives: required sections, titles, metadata, empty sections."""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.checks import Hit, Options, check
from pmlint.model import Document


class SectionRequiredOptions(Options):
    kind: str
    label: str = ""  # how the message names the section; defaults to the kind


@check("section_required", SectionRequiredOptions)
def section_required(doc: Document, options: SectionRequiredOptions) -> Iterator[Hit]:
    """A section of `kind` must exist (any heading the profile maps to it counts)."""
    if any(section.own_kind == options.kind for section in doc.sections):
        return
    label = options.label or options.kind.replace("_", " ")
    yield Hit(line=1, args={"kind": options.kind, "section": label})
