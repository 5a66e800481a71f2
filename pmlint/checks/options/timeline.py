"""Options of the timeline primitives (`pmlint.checks.timeline`)."""

from __future__ import annotations

from typing import Literal

from pmlint.checks.options import Options


class EvidenceTagOptions(Options):
    tags: list[str] = ["OBSERVED", "INFERRED", "UNKNOWN"]


class TagKnownOptions(Options):
    view: Literal["timeline", "factors"] = "timeline"
    tags: list[str] = ["OBSERVED", "INFERRED", "UNKNOWN"]


class EvidenceSourceOptions(Options):
    exempt: list[str] = []  # tags that need no source (e.g. ["UNKNOWN"])


class ReadableTimeOptions(Options):
    allow: list[str] = []  # labels accepted without a clock time ("ongoing", "next day")


class OrderOptions(Options):
    midnight_hours: int = 12  # a step back larger than this, undated, is read as the next day
