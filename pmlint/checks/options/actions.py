"""Options of the action-item primitives (`pmlint.checks.actions`)."""

from __future__ import annotations

import re

from pydantic import field_validator

from pmlint.checks.options import Options, Pattern, Patterns


class FieldOptions(Options):
    field: str
    placeholders: list[str] = []
    pattern: str | None = None  # the value must match this regular expression
    skip_done: bool = True  # finished items are exempt (checked, marked done, reported done)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
        return value


class TierOnlyOptions(Options):
    tier: int = 3


class DueDateOptions(Options):
    placeholders: list[str] = []  # values left to the missing-due-date rule
    skip_done: bool = False


class TierOptions(Options):
    """Tiers in rank order, and words that stand for a tier ("systemic" = 1)."""

    tiers: list[int] = [1, 2, 3]
    aliases: dict[str, int] = {}


class VagueOptions(Options):
    """`verbs`: phrases that open a vague action; `measurable`: patterns that make exit
    criteria checkable (any one is enough); `placeholders`: criteria that count as none."""

    verbs: list[str] = []
    measurable: Patterns = [r"[0-9]"]
    placeholders: list[str] = []
    lead: Pattern = r"(?:(?:we|the team|team|i)\s+(?:will|should|must|need to|needs to)\s+)?"
