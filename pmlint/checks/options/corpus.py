"""Options of the cross-document primitives (`pmlint.checks.corpus`)."""

from __future__ import annotations

from pydantic import Field

from pmlint.checks.options import Options


class OverdueOptions(Options):
    """`grace-days`: days past the due date before an item counts as overdue; `tiers`:
    only items of these tiers (empty: every item, tiered or not)."""

    grace_days: int = Field(default=0, ge=0)
    tiers: list[int] = []


class FollowUpOverdueOptions(Options):
    """`grace-days`: days past a checkpoint's date before it counts as missed."""

    grace_days: int = Field(default=0, ge=0)


class RecurrenceOptions(Options):
    """`window-days`: how far back an earlier incident on the same service counts as the
    same failure coming back; `min-title-words`: a title shorter than this is not looked
    for in the text (a short title such as "Outage" names nothing)."""

    window_days: int = Field(default=30, ge=1)
    min_title_words: int = Field(default=3, ge=1)


class DuplicateIdOptions(Options):
    pass


class RecurrenceActionsOptions(Options):
    """`window-days`: as for PM903; `tiers`: the tiers whose open items count."""

    window_days: int = Field(default=30, ge=1)
    tiers: list[int] = Field(default=[1, 2], min_length=1)
