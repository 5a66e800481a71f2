"""Findings stored as columns (`FindingRows`): read back exactly, reported exactly as the
same findings in a list, and never stored when the layout cannot hold them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmlint.catalog.urls import ShippedUrls
from pmlint.cli import main
from pmlint.document.model import Finding
from pmlint.document.rows import NO_END, FindingRows
from pmlint.report import ReportContext, open_stream
from pmlint.run.cache import ResultCache
from pmlint.run.cachepack import encode
from pmlint.run.engine import FINDING_ORDER
from pmlint.run.runner import clear_caches

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

FINDINGS = [
    Finding("a.md", 1, 1, "PM102", "no summary", "error", "summary", 1, 9, "# Title"),
    Finding("a.md", 3, 5, "PM201", "vague \x1b[31m words", "warning", "", None, None, "x"),
    Finding("a.md", 3, 6, "PM201", "vague \x1b[31m words", "warning", "", 3, 12, "x"),
    Finding("a.md", 7, 2, "PM999", 'quote " and é', "odd", "custom-rule", 8, None, ""),
    Finding("a.md", 9, 1, "PM701", "blame", "info", "blame-language", 9, 4, "line"),
]


def _rows(findings: list[Finding]) -> FindingRows:
    encoded = encode(sorted(findings, key=FINDING_ORDER))
    assert encoded is not None
    columns, table = encoded
    return FindingRows(findings[0].path, columns, table, 0, len(findings))


def test_rows_read_back_as_the_findings_they_were_made_from() -> None:
    rows = _rows(FINDINGS)
    expected = sorted(FINDINGS, key=FINDING_ORDER)
    assert list(rows) == expected and rows == expected and expected == rows
    assert [f.source_line for f in rows] == [f.source_line for f in expected]
    assert len(rows) == len(expected)
    assert [rows[i] for i in range(len(rows))] == expected
    assert rows[-1] == expected[-1] and rows[1:3] == expected[1:3]
    assert rows[1].end_line is None and rows[3].end_column is None
    with pytest.raises(IndexError):
        rows[len(rows)]


def _report(fmt: str, parts: list[list[Finding]] | list[FindingRows], **looks: bool) -> str:
    out: list[str] = []
    context = ReportContext(findings=[], files=[], urls=ShippedUrls(), **looks)
    stream = open_stream(fmt, context, out.append)
    for part in parts:
        stream.file(part)
    stream.finish(["a.md", "b.md", "c.md"])
    return "".join(out)


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize(
    "looks",
    [{}, {"color": True}, {"statistics": True}, {"show_source": True}, {"show_url": True}],
)
def test_a_report_of_rows_is_the_report_of_the_same_findings(
    fmt: str, looks: dict[str, bool]
) -> None:
    other = [
        Finding(
            "b.md",
            f.line,
            f.column,
            f.code,
            f.message,
            f.severity,
            f.name,
            f.end_line,
            f.end_column,
            f.source_line,
        )
        for f in FINDINGS[:3]
    ]
    files = [sorted(FINDINGS, key=FINDING_ORDER), sorted(other, key=FINDING_ORDER)]
    expected = _report(fmt, files, **looks)
    assert _report(fmt, [_rows(found) for found in files], **looks) == expected
    mixed = [_rows(files[0]), files[1]]  # counted in order whatever their kind
    assert _report(fmt, mixed, **looks) == expected


@pytest.mark.parametrize(
    "odd",
    [
        Finding("a.md", 2**31, 1, "PM1", "m"),  # out of 32-bit range
        Finding("a.md", 1, -(2**40), "PM1", "m"),
        Finding("a.md", NO_END, 1, "PM1", "m"),  # would read back as None
        Finding("a.md", 1, 1, "PM1", "m", end_line=NO_END),
        Finding("a.md", True, 1, "PM1", "m"),  # would read back as 1
        Finding("a.md", 1, 1, "PM1", 5),  # type: ignore[arg-type]
    ],
)
def test_findings_the_layout_cannot_hold_are_not_stored(tmp_path: Path, odd: Finding) -> None:
    cache = ResultCache(tmp_path / "cache", "3" * 20)
    cache.put("a.md", "d" * 64, [FINDINGS[0], odd])
    assert cache.get("a.md", "d" * 64) is None  # linted again, not stored wrong
    cache.put("a.md", "d" * 64, [FINDINGS[0]])
    assert cache.get("a.md", "d" * 64) == [FINDINGS[0]]


def test_stored_findings_come_back_sorted(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache", "4" * 20)
    cache.put("a.md", "d" * 64, list(reversed(FINDINGS)))
    cache.save()
    again = ResultCache(tmp_path / "cache", "4" * 20)
    back = again.get("a.md", "d" * 64)
    assert isinstance(back, FindingRows)
    assert list(back) == sorted(FINDINGS, key=FINDING_ORDER)


def test_findings_that_cannot_be_sorted_are_not_stored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache", "5" * 20)
    tied = [
        Finding("a.md", 1, 1, "PM1", "m", "error", "n", None, None),
        Finding("a.md", 1, 1, "PM1", "m", "error", "n", 2, None),
    ]
    cache.put("a.md", "d" * 64, tied)
    assert cache.get("a.md", "d" * 64) is None


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "text"],
        ["--format", "text", "--color"],
        ["--format", "text", "--statistics"],
        ["--format", "json"],
        ["--format", "github"],
        ["--format", "sarif"],
        ["--format", "json", "--jobs", "2"],
    ],
)
def test_a_warm_run_prints_what_a_run_without_the_cache_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    shutil.copytree(EXAMPLES / "bad", tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    clear_caches()
    cache = ["--cache-dir", str(tmp_path / "cache")]
    fresh = CliRunner().invoke(main, ["check", *options, "--no-cache", "docs"])
    cold = CliRunner().invoke(main, ["check", *options, *cache, "docs"])
    warm = CliRunner().invoke(main, ["check", *options, *cache, "docs"])
    assert fresh.output and fresh.exit_code == 1
    assert cold.output == fresh.output and warm.output == fresh.output
    assert cold.exit_code == warm.exit_code == fresh.exit_code
