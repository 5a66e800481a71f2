"""Report stage: turn sorted findings into one of the output formats CI and people read.

This module is on the start-up path, so it holds only the shared data types and a
dispatcher; each format lives in its own module, imported the first time it is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmlint.model import Finding

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")

# Format name -> module under pmlint.report (`json` would read as the stdlib module).
_MODULES = {
    "text": "text",
    "json": "jsonfmt",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
}


@dataclass(slots=True)
class RuleInfo:
    """What a reporter needs to know about one rule of the catalogue."""

    code: str
    name: str
    severity: str
    summary: str
    help_markdown: str = ""  # full docs in Markdown (what it does / why / example / use instead)
    help_uri: str | None = None


@dataclass(slots=True)
class ReportContext:
    """Everything one report is made from; built once by the caller."""

    findings: list[Finding]  # sorted by (path, line, column, code)
    files: list[str]  # every file checked, as displayed
    rules: dict[str, RuleInfo] = field(default_factory=dict)  # catalogue by code
    root: str = "."  # repository root: SARIF, GitLab and GitHub paths are relative to it
    color: bool = False
    statistics: bool = False  # text: append counts per rule
    quiet: bool = False  # text: findings only, no summary
    version: str = "0"


def render(fmt: str, ctx: ReportContext) -> str:
    """The whole report as text: newline-terminated, or "" when there is nothing to say."""
    module = _MODULES.get(fmt)
    if module is None:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    renderer = importlib.import_module(f"{__name__}.{module}")
    out: str = renderer.render(ctx)
    return out
