"""Options of the follow-up primitives (`pmlint.checks.followup`)."""

from __future__ import annotations

from pydantic import Field, field_validator

from pmlint.checks.options import Options, Patterns


class ReviewOptions(Options):
    kind: str = "follow_up"
    days: list[int] = Field(default=[30, 90], min_length=1)

    @field_validator("days")
    @classmethod
    def _positive(cls, value: list[int]) -> list[int]:
        if any(day <= 0 for day in value):
            raise ValueError("review days must be positive")
        return value


class ReviewDateOptions(Options):
    kind: str = "follow_up"
    days: list[int] = Field(default=[30, 90], min_length=1)
    tolerance_days: int = Field(default=3, ge=0)


class FinalUnknownsOptions(Options):
    """`statuses`: values of the status field that mean the document is finished;
    `tag`: the evidence tag that marks a gap; `open-kinds`: sections that list open
    questions; `intro`: patterns for a line that introduces a list of them."""

    statuses: list[str] = ["final"]
    tag: str = "{UNKNOWN}"
    open_kinds: list[str] = ["open_questions"]
    intro: Patterns = []
