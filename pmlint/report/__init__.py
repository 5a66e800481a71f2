"""Report stage: turn sorted findings into one of the output formats CI and people read.

This module is on the start-up path, so it holds only the shared data types and a
dispatcher; each format lives in its own module, imported the first time it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Protocol

from pmlint.util.record import record

if TYPE_CHECKING:
    from pmlint.document.model import Finding

    from ._common import Tally

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
# Formats that can be written file by file as the run goes (see `open_stream`).
STREAMED = ("text", "json", "github")
_STREAM_CLASSES = {"text": "TextStream", "json": "JsonStream", "github": "GithubStream"}


class ReportStream(Protocol):
    """A report written as it goes: `file()` per file (findings sorted, files in order),
    then `finish()` with every file checked; `tally` holds the counts."""

    tally: Tally

    def file(self, findings: Sequence[Finding]) -> None: ...

    def finish(self, files: list[str]) -> None: ...


@record(slots=True)
class RuleInfo:
    """What a reporter needs to know about one rule of the catalogue."""

    code: str
    name: str
    severity: str
    summary: str
    help_markdown: str = ""  # full docs in Markdown (what it does / why / example / use instead)
    help_uri: str | None = None
    description: str = ""  # what the rule checks, in a paragraph (SARIF fullDescription)


@record(slots=True)
class ReportContext:
    """Everything one report is made from; built once by the caller."""

    findings: list[Finding]  # sorted by (path, line, column, code)
    files: list[str]  # every file checked, as displayed
    rules: dict[str, RuleInfo] = field(default_factory=dict)  # catalogue by code
    root: str = "."  # repository root: SARIF, GitLab and GitHub paths are relative to it
    color: bool = False
    statistics: bool = False  # text: counts per rule instead of the findings
    quiet: bool = False  # text: findings only, no summary
    version: str = "0"
    urls: Mapping[str, str] = field(default_factory=dict)  # code -> documentation page
    show_source: bool = False  # text: the source line and a caret under each finding
    show_url: bool = False  # text: the rule's documentation page under each finding
    hidden: int | None = None  # findings a baseline hid (None: no baseline)


def render(fmt: str, ctx: ReportContext) -> str:
    """The whole report as text: newline-terminated, or "" when there is nothing to say."""
    module = _MODULES.get(fmt)
    if module is None:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    renderer = importlib.import_module(f"{__name__}.{module}")
    out: str = renderer.render(ctx)
    return out


def open_stream(fmt: str, ctx: ReportContext, write: Callable[[str], object]) -> ReportStream:
    """A streamed report for a format of STREAMED; `ctx.findings` and `ctx.files` unused.

    The pieces it writes, joined, are byte for byte what `render` returns for the same
    findings, and only counts are kept, so memory does not grow with the findings."""
    if fmt not in _STREAM_CLASSES:
        raise ValueError(f"format {fmt!r} cannot be streamed; use render()")
    renderer = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    stream: ReportStream = getattr(renderer, _STREAM_CLASSES[fmt])(ctx, write)
    return stream
