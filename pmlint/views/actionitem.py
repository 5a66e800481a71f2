"""One action item as pmlint reads it, whatever form it was written in.

Shared by the readers of action items (`actions`, `actionforms`, `actionstate`).
"""

from __future__ import annotations

import re
from dataclasses import field

from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.common import SPACES

MENTION = lazy(r"(?<![\w@])@[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?")
TIER_PREFIX = compiled(r"^\s*(?:tier|t)\s*", re.IGNORECASE)
TRIM_START = SPACES + "*_`|:;,.—–-"
TRIM_END = SPACES + "*_`|:;,(—–-"


@record(slots=True)
class ActionItem:
    """One action item, whatever form it was written in, with its fields as written."""

    line: int
    form: str  # "table" | "list" | "checklist"
    action: str
    tier: str | None = None  # as written ("1", "Tier 4", "P1")
    owner: str | None = None
    due: str | None = None
    exit_criteria: str | None = None
    tracking: str | None = None
    done: bool | None = None
    fields: dict[str, str] = field(default_factory=dict)  # every labelled value
    lines: dict[str, int] = field(default_factory=dict)  # field -> line it was read from

    @property
    def tier_number(self) -> int | None:
        if self.tier is None:
            return None
        digits = TIER_PREFIX.sub("", self.tier).strip("* ")
        return int(digits) if digits.isdigit() and len(digits) < 4 else None

    def get(self, name: str) -> str | None:
        value = getattr(self, name, None) if name in KNOWN else self.fields.get(name)
        return value if isinstance(value, str) else None


KNOWN = {"action", "tier", "owner", "due", "exit_criteria", "tracking"}


def trim(text: str) -> str:
    return text.lstrip(TRIM_START).rstrip(TRIM_END)


def set_field(item: ActionItem, name: str, value: str, line: int) -> None:
    value = value.strip()
    if item.fields.get(name):
        return
    item.fields[name] = value
    item.lines[name] = line
    if name in KNOWN:
        setattr(item, name, value if value or name == "action" else None)
