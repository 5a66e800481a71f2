"""Documents parsed while the incident index was built, handed to the lint that follows.

Building the index parses every post-mortem of the folder; when the same files are then
linted (`pmlint report`, `pmlint check --extend-select PM9 folder/`), parsing them again
would double the cost of a cold run. The index keeps the documents of the files about to be
linted here, and the linter takes each one back once (the same text, parsed with the same
profile), so memory is given back file by file as the lint goes.
"""

from __future__ import annotations

from typing import Any

from pmlint.document.model import Document

_KEPT: dict[str, tuple[Any, Document]] = {}  # displayed path -> (profile matcher, document)


def keep(display: str, matcher: Any, doc: Document) -> None:
    _KEPT[display] = (matcher, doc)


def take(display: str, text: str, matcher: Any) -> Document | None:
    """The document kept for this path, if it was parsed from this text with this profile."""
    kept = _KEPT.pop(display, None)
    if kept is None or kept[0] is not matcher or kept[1].text != text:
        return None
    return kept[1]


def forget() -> None:
    """Drop every kept document (the lint did not take them all)."""
    _KEPT.clear()
