"""Options of the section-parts primitive (`pmlint.checks.detection`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pmlint.checks.options import Options, Patterns


class Part(BaseModel):
    """One question the section must answer: a name for messages, patterns to find it by."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    patterns: Patterns = Field(min_length=1)  # regular expressions, case-insensitive


class SectionPartsOptions(Options):
    kind: str
    parts: list[Part] = Field(min_length=1)
