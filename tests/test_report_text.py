"""Report stage: the dispatcher, text output and plain JSON output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pmlint.document.model import Finding
from pmlint.report import FORMATS, ReportContext, RuleInfo, render

RULES = {
    "PM101": RuleInfo("PM101", "missing-timeline", "error", "Timeline section is missing"),
    "PM205": RuleInfo("PM205", "untagged-event", "warning", "Timeline entry has no evidence tag"),
    "PM310": RuleInfo("PM310", "vague-owner", "info", "Action item owner is a team"),
}


def _findings() -> list[Finding]:
    return [
        Finding("docs/a b.md", 1, 1, "PM101", "no timeline", "error", "missing-timeline"),
        Finding("docs/a b.md", 7, 3, "PM205", 'entry "14:05" <untagged> & more', "warning"),
        Finding("docs/c.md", 2, 5, "PM101", "no timeline", "error", "missing-timeline"),
        Finding("docs/c.md", 9, 1, "PM310", "owner «SRE»", "info", "vague-owner"),
    ]


def _ctx(findings: list[Finding] | None = None, **kwargs: object) -> ReportContext:
    files = ["docs/a b.md", "docs/b.md", "docs/c.md", "docs/d.md", "docs/e.md"]
    found = _findings() if findings is None else findings
    return ReportContext(findings=found, files=files, rules=RULES, **kwargs)  # type: ignore[arg-type]


# -- dispatcher ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_newline_terminated(fmt: str) -> None:
    out = render(fmt, _ctx())
    assert out.endswith("\n") and not out.endswith("\n\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_an_empty_run(fmt: str) -> None:
    assert isinstance(render(fmt, ReportContext(findings=[], files=[], rules={})), str)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render("xml", _ctx())


def test_format_modules_load_only_when_used() -> None:
    code = (
        "import sys, pmlint.report as r\n"
        "mods = [m for m in sys.modules if m.startswith('pmlint.report.')]\n"
        "assert mods == [], mods\n"
        "assert 'xml.etree.ElementTree' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- text ---------------------------------------------------------------------------------


def test_text_groups_findings_per_file_then_summarises() -> None:
    assert render("text", _ctx()) == (
        "docs/a b.md:1:1: error PM101 no timeline\n"
        'docs/a b.md:7:3: warning PM205 entry "14:05" <untagged> & more\n'
        "\n"
        "docs/c.md:2:5: error PM101 no timeline\n"
        "docs/c.md:9:1: info PM310 owner «SRE»\n"
        "\n"
        "Found 4 problems (2 errors, 1 warning, 1 info) in 2 of 5 files.\n"
    )


def test_text_without_colour_has_no_escape_sequences() -> None:
    assert "\x1b" not in render("text", _ctx(statistics=True))


def test_text_colour_marks_path_and_severity() -> None:
    out = render("text", _ctx(color=True))
    start = "\x1b[1mdocs/a b.md\x1b[0m:1:1: "
    assert start + "\x1b[31merror\x1b[0m \x1b[1mPM101\x1b[0m no timeline" in out
    assert "\x1b[33mwarning\x1b[0m \x1b[1mPM205\x1b[0m" in out
    assert "\x1b[34minfo\x1b[0m \x1b[1mPM310\x1b[0m" in out


def test_text_clean_run() -> None:
    assert render("text", _ctx([])) == "All checks passed: 5 files, no problems.\n"
    one = ReportContext(findings=[], files=["a.md"], rules={})
    assert render("text", one) == "All checks passed: 1 file, no problems.\n"


def test_text_singular_counts() -> None:
    ctx = ReportContext(findings=_findings()[:1], files=["docs/a b.md"], rules=RULES)
    assert render("text", ctx).endswith(
        "Found 1 problem (1 error, 0 warnings, 0 info) in 1 of 1 file.\n"
    )


def test_text_counts_files_with_findings_that_were_not_listed() -> None:
    ctx = ReportContext(findings=_findings(), files=[], rules=RULES)
    assert render("text", ctx).endswith("in 2 of 2 files.\n")


def test_text_quiet_prints_findings_only() -> None:
    out = render("text", _ctx(quiet=True))
    assert out.splitlines()[-1] == "docs/c.md:9:1: info PM310 owner «SRE»"
    assert "Found" not in out
    assert render("text", _ctx([], quiet=True)) == ""


def test_text_statistics_sorted_by_count() -> None:
    out = render("text", _ctx(statistics=True))
    block = out.split("\n\n")[-2]
    assert block.splitlines() == [
        "2  PM101  missing-timeline",
        "1  PM205  untagged-event",
        "1  PM310  vague-owner",
    ]
    assert out.endswith("in 2 of 5 files.\n")


def test_text_keeps_one_line_per_finding_whatever_the_message() -> None:
    nasty = Finding("a.md", 1, 1, "PM101", "two\nlines\r\x1b[2J\x07 and\ttab", "error")
    out = render("text", ReportContext(findings=[nasty], files=["a.md"], rules={}, quiet=True))
    assert out == "a.md:1:1: error PM101 two\\nlines\\r\\x1b[2J\\x07 and tab\n"


# -- json ---------------------------------------------------------------------------------


def test_json_round_trips_findings_and_summary() -> None:
    findings = [
        *_findings(),
        Finding("docs/c.md", 10, 1, "PM205", "ctl\x00\x1b\nλ \ud800", "warning"),
    ]
    data = json.loads(render("json", _ctx(findings)))
    assert list(data) == ["version", "findings", "summary"]
    assert data["version"] == 1
    assert data["findings"] == [{**f.to_dict(), "url": None} for f in findings]
    assert data["summary"] == {
        "files": 5,
        "files_with_findings": 2,
        "errors": 2,
        "warnings": 2,
        "info": 1,
        "by_code": {"PM101": 2, "PM205": 2, "PM310": 1},
    }


def test_json_is_ascii_and_stable() -> None:
    first = render("json", _ctx())
    assert first.isascii()
    assert first == render("json", _ctx())
    assert first.startswith('{"version": 1, "findings": [\n{"code": "PM101", ')
    # One finding per line, so a consumer may also read it line by line.
    lines = first.splitlines()
    assert len(lines) == 2 + len(_findings())
    assert [json.loads(line.rstrip(","))["line"] for line in lines[1:-1]] == [1, 7, 2, 9]
    assert lines[-1].startswith('], "summary": {"files": 5, ')


def test_each_finding_is_written_as_its_dictionary_would_be() -> None:
    from pmlint.report.jsonfmt import finding_json

    odd = [
        Finding("dir/ü \x1b.md", 2, 3, "PM1", 'quote " back \\ tab\t \u2028 😀', "error", "n"),
        Finding("a.md", 1, 1, "PM2", "", "info", "", None, None),
    ]
    for finding in [*_findings(), *odd]:
        for url in (None, "https://example.test/docs/rules/PM1.md"):
            assert finding_json(finding, url) == json.dumps({**finding.to_dict(), "url": url})


def test_the_json_stream_writes_each_finding_as_finding_json_does() -> None:
    from pmlint.report._common import doc_url
    from pmlint.report.jsonfmt import finding_json

    findings = [
        *_findings(),
        Finding("dir/ü \x1b.md", 2, 3, "PM1", 'quote " back \\ tab\t \u2028 😀', "error", "n"),
        Finding("dir/ü \x1b.md", 3, 3, "PM1", "same code, another name", "error", "m"),
        Finding("dir/ü \x1b.md", 4, 3, "PM1", "and another severity", "info", "m", 5, 9),
        Finding("a.md", 1, 1, "PM2", "", "info", "", None, None),
        Finding("a.md", True, 2.0, "PM2", "numbers as int() reads them", "info"),  # type: ignore[arg-type]
    ]
    ctx = _ctx(findings, urls={"PM101": "https://example.test/PM101"})
    lines = render("json", ctx).splitlines()[1 : 1 + len(findings)]
    expected = [finding_json(f, doc_url(f.code, ctx)) for f in findings]
    assert [line.removesuffix(",") for line in lines] == expected


def test_json_without_findings_is_a_document_with_an_empty_list() -> None:
    out = render("json", _ctx([]))
    assert out.startswith('{"version": 1, "findings": [], "summary": {')
    assert json.loads(out)["findings"] == []
