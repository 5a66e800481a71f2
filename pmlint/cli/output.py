"""How `pmlint check` writes its report: the whole report at the end, or streamed file by
file for the line-based formats; both from the same flags (`Looks`)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from pmlint.catalog.urls import ShippedUrls, doc_urls
from pmlint.document.model import Finding
from pmlint.run.engine import INTERNAL_ERROR
from pmlint.run.runner import RunResult
from pmlint.util.record import record
from pmlint.util.version import __version__

if TYPE_CHECKING:
    from pmlint.catalog.catalog import Catalog
    from pmlint.report import ReportContext, RuleInfo


SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
FAIL_ON_RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}


def status_for(severities: Iterable[str], crashed: bool, fail_on: str) -> int:
    """2 when a rule crashed, 1 when a severity reaches `fail_on`, else 0."""
    if crashed:
        return 2
    threshold = FAIL_ON_RANK[fail_on]
    return 1 if any(SEVERITY_RANK.get(severity, 2) >= threshold for severity in severities) else 0


@record(frozen=True)
class Looks:
    """How the report is to look: the flags that shape it, whatever the format."""

    color: bool
    statistics: bool
    quiet: bool
    show_source: bool
    show_url: bool


def rule_infos(catalogs: Iterable[Catalog]) -> dict[str, RuleInfo]:
    """Every rule of these catalogues as reports describe them (SARIF's rule list)."""
    from pmlint.catalog.ruledocs import rule_markdown  # lazy for start-up time: SARIF only
    from pmlint.report import RuleInfo  # lazy for start-up time: formats load when used

    infos: dict[str, RuleInfo] = {}
    for catalog in catalogs:
        urls = doc_urls(catalog)
        for code, spec in catalog.specs.items():
            if code not in infos:
                infos[code] = RuleInfo(
                    code,
                    spec.name,
                    spec.severity,
                    spec.summary,
                    help_markdown=rule_markdown(spec),
                    help_uri=urls.get(code),
                    description=" ".join((spec.docs.what or spec.summary).split()),
                )
    return infos


def _context(fmt: str, looks: Looks, **values: Any) -> ReportContext:
    """What a report of `fmt` is made with, as `looks` asks; `values` add the findings,
    files and the rest a collected report has."""
    from pmlint.report import ReportContext  # lazy for start-up time

    return ReportContext(
        root=".",
        color=looks.color,
        statistics=looks.statistics and fmt == "text",
        quiet=looks.quiet,
        version=__version__,
        urls=ShippedUrls(),
        show_source=looks.show_source,
        show_url=looks.show_url,
        **values,
    )


def render_report(result: RunResult, fmt: str, looks: Looks, hidden: int | None = None) -> str:
    from pmlint.report import render  # lazy for start-up time

    rules = {}
    if fmt == "sarif":
        rules = rule_infos([rs.catalog for rs in result.rulesets])
    context = _context(
        fmt, looks, findings=result.findings, files=result.files, rules=rules, hidden=hidden
    )
    return render(fmt, context)


class Streamed:
    """The report of a streamed run: written to standard output in pieces of a few tens of
    kilobytes as files finish, with the counts the exit status is made from."""

    FLUSH_AT = 1 << 16  # characters

    def __init__(self, fmt: str, looks: Looks) -> None:
        from pmlint.report import open_stream  # lazy for start-up time

        self.color = looks.color
        self.pending: list[str] = []
        self.size = 0
        context = _context(fmt, looks, findings=[], files=[])
        self.stream = open_stream(fmt, context, self._write)

    def _write(self, text: str) -> None:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= self.FLUSH_AT:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            text = "".join(self.pending)
            stream = sys.stdout
            if self.color or stream is None or "\x1b" in text:
                click.echo(text, nl=False, color=self.color)
            else:
                # Without colour, click would search the text for escape sequences to strip;
                # the reports escape every control character from a document, so there are
                # none (checked just above), and the text goes to the stream as it is.
                stream.write(text)
                stream.flush()
        self.pending = []
        self.size = 0

    def file(self, _display: str, findings: Sequence[Finding]) -> None:
        self.stream.file(findings)

    def finish(self, files: list[str]) -> None:
        self.stream.finish(files)
        self._flush()

    def exit_status(self, fail_on: str) -> int:
        tally = self.stream.tally
        return status_for(tally.raw_severities, bool(tally.codes.get(INTERNAL_ERROR)), fail_on)
