"""Options of the general primitives (`pmlint.checks.generic`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from pmlint.checks.options import Options, Patterns, Words


class PhraseRequiredOptions(Options):
    """Options of `phrase_required`.

    - kind: the section kind to read (its sub-sections included).
    - words: words or phrases, whole words, any case; one of them must appear.
    - patterns: regular expressions (Python syntax, case-sensitive unless `(?i)`); one
      of them must match. With both, either kind of match will do.
    - label: how the message names the section (default: the kind).
    - expected: how the message names what is missing (default: the words / patterns).
    """

    kind: str
    words: Words = []
    patterns: Patterns = []
    label: str = ""
    expected: str = ""


class FieldRequiredOptions(Options):
    """Options of `field_required`.

    - kind: the section kind to read.
    - field: how the message names the field ("ticket").
    - names: the column headers or item labels that give it ("Ticket", "Jira", "Issue");
      matched without case, markup or punctuation. Defaults to `field`.
    - tables / lists: check tables (the column must exist) and list items (each item
      carries `Name: value`, inline or as a nested item). Both on by default.
    """

    kind: str
    field: str
    names: list[str] = []
    tables: bool = True
    lists: bool = True


class MinItemsOptions(Options):
    """Options of `min_items`.

    - of: what to count: `timeline` entries, `action_items`, or `list_items` (top-level
      list items and table rows) of the sections of `kind`.
    - kind: the section kind (for `list_items`; defaults to the view's own kind).
    - min: the least number accepted.
    - label: how the message names the section.
    """

    of: Literal["timeline", "action_items", "list_items"] = "list_items"
    kind: str = ""
    min: int = Field(default=1, ge=1)
    label: str = ""

    @model_validator(mode="after")
    def _kind_for_items(self) -> MinItemsOptions:
        if self.of == "list_items" and not self.kind:
            raise ValueError("`kind` is required when counting list_items")
        return self


class AnyFieldOptions(Options):
    """Options of `action_item_any_field`.

    - fields: action-item fields of which at least one must be given (`owner`,
      `tracking`, `due`, `exit_criteria`, or any labelled field such as `ticket`).
    - per: `item` (one finding per action item) or `section` (one finding per
      action-items section, counting the items that lack them all).
    - skip_done: checked-off or "(Done)" items are exempt.
    """

    fields: list[str] = ["owner", "tracking"]
    per: Literal["item", "section"] = "item"
    skip_done: bool = True
