"""Report stage: the formats CI systems read (SARIF, GitHub commands, JUnit, GitLab).

Each is checked the way its consumer reads it: SARIF against the OASIS schema, JUnit with
an XML parser, GitHub commands byte for byte, GitLab fingerprints for identity.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from pmlint.document.model import Finding
from pmlint.report import ReportContext, RuleInfo, render

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"

NASTY = 'say "hi" <b> & </b> 100%: a,b\r\nline two \x00\x08\x1b[31m\ufffe λ ✓'
RULES = {
    "PM101": RuleInfo(
        "PM101",
        "missing-timeline",
        "error",
        "Timeline section is missing",
        "## What it does\n\nChecks that a timeline exists.\n\n## Why is this bad?\n\nBecause.",
        "https://example.org/rules/PM101",
    ),
    "PM205": RuleInfo("PM205", "untagged-event", "warning", "Timeline entry has no tag"),
    "PM310": RuleInfo("PM310", "vague-owner", "info", "Action item owner is a team"),
    "PM999": RuleInfo("PM999", "never-fires", "error", "A rule without findings"),
}


def _findings(prefix: str = "") -> list[Finding]:
    return [
        Finding(f"{prefix}docs/a b.md", 1, 1, "PM101", "no timeline", "error", "missing-timeline"),
        Finding(f"{prefix}docs/a b.md", 7, 3, "PM205", NASTY, "warning", "", 7, 9, "  - 14:05 x  "),
        Finding(f"{prefix}docs/a b.md", 8, 3, "PM205", "again", "warning", "", 8, 9, "- 14:05 x"),
        Finding(f"{prefix}docs/c.md", 2, 5, "PM310", "owner «SRE»", "info", "vague-owner"),
        Finding(f"{prefix}docs/c.md", 3, 1, "PM777", "not in the catalogue", "error", "odd"),
    ]


def _ctx(findings: list[Finding] | None = None, **kwargs: Any) -> ReportContext:
    files = kwargs.pop("files", ["docs/a b.md", "docs/b.md", "docs/c.md"])
    found = _findings() if findings is None else findings
    return ReportContext(findings=found, files=files, rules=RULES, version="1.2.3", **kwargs)


# -- SARIF --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (the shared folder next to the repo)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.Draft4Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _assert_valid(validator: Any, doc: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_validates_against_the_schema(sarif_validator: Any) -> None:
    _assert_valid(sarif_validator, json.loads(render("sarif", _ctx())))


def test_sarif_validates_when_empty_and_outside_root(sarif_validator: Any, tmp_path: Path) -> None:
    _assert_valid(sarif_validator, json.loads(render("sarif", _ctx([], files=[]))))
    outside = Finding(str(tmp_path / "x y.md"), 0, 0, "PM101", "m", "error", end_line=0)
    doc = json.loads(render("sarif", _ctx([outside], root=str(tmp_path / "repo"))))
    _assert_valid(sarif_validator, doc)
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == (tmp_path / "x y.md").as_uri()
    assert "uriBaseId" not in location["artifactLocation"]
    assert location["region"] == {"startLine": 1, "startColumn": 1, "endLine": 1}


def test_sarif_driver_rules_and_results() -> None:
    run = json.loads(render("sarif", _ctx()))["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("pmlint", "1.2.3")
    assert driver["informationUri"] == "https://pypi.org/project/pmlint/"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["PM101", "PM205", "PM310", "PM777", "PM999"]  # catalogue + unknown code
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    levels = [(r["ruleId"], r["level"]) for r in run["results"]]
    assert levels == [
        ("PM101", "error"),
        ("PM205", "warning"),
        ("PM205", "warning"),
        ("PM310", "note"),
        ("PM777", "error"),
    ]
    pm310 = driver["rules"][2]
    assert pm310["defaultConfiguration"] == {"level": "note"}
    assert pm310["shortDescription"] == {"text": "Action item owner is a team"}
    assert run["results"][1]["message"]["text"] == NASTY
    assert run["results"][1]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "startColumn": 3,
        "endLine": 7,
        "endColumn": 9,
    }


def test_sarif_help_carries_the_link_github_would_drop() -> None:
    rule = json.loads(render("sarif", _ctx()))["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["helpUri"] == "https://example.org/rules/PM101"
    assert rule["help"]["markdown"].startswith("## What it does")
    assert "(https://example.org/rules/PM101)" in rule["help"]["markdown"]
    assert "https://example.org/rules/PM101" in rule["help"]["text"]
    assert rule["fullDescription"] == {"text": "Checks that a timeline exists."}


def test_sarif_paths_are_relative_to_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo" / "sub").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo" / "sub")  # displayed paths are relative to here
    ctx = _ctx(files=["docs/a b.md", "docs/b.md", "docs/c.md"], root="..")
    run = json.loads(render("sarif", ctx))["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == (tmp_path / "repo").as_uri() + "/"
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris == ["sub/docs/a%20b.md", "sub/docs/b.md", "sub/docs/c.md"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "sub/docs/a%20b.md", "uriBaseId": "%SRCROOT%", "index": 0}


def test_sarif_fingerprints_survive_moves_and_keep_duplicates_apart() -> None:
    def prints(findings: list[Finding]) -> list[str]:
        results = json.loads(render("sarif", _ctx(findings)))["runs"][0]["results"]
        return [r["partialFingerprints"]["pmlint/v1"] for r in results]

    base = _findings()
    moved = [Finding(f.path, f.line + 5, f.column, f.code, f.message, f.severity) for f in base]
    for old, new in zip(base, moved, strict=True):
        new.source_line = "  " + old.source_line.strip() + "\t"
    assert prints(base) == prints(moved)
    twins = [Finding("a.md", n, 1, "PM205", "m", "warning", source_line="same") for n in (1, 2)]
    assert len(set(prints(twins))) == 2


# -- GitHub -------------------------------------------------------------------------------


def test_github_escapes_data_and_properties_like_the_toolkit() -> None:
    finding = Finding("dir, v1: x/%a\nb.md", 7, 3, "PM205", NASTY, "warning", "n,1:2", 7, 9)
    out = render("github", _ctx([finding], files=[])).encode("utf-8")
    first = out.split(b"\n")[0]
    assert first == (
        b"::warning file=dir%2C v1%3A x/%25a%0Ab.md,line=7,col=3,endLine=7,endColumn=9,"
        b"title=PM205 n%2C1%3A2::"
        b'say "hi" <b> & </b> 100%25: a,b%0D%0Aline two [31m\xef\xbf\xbe \xce\xbb \xe2\x9c\x93'
    )


def test_github_levels_title_and_summary() -> None:
    lines = render("github", _ctx()).splitlines()
    assert lines[0] == (
        "::error file=docs/a b.md,line=1,col=1,title=PM101 missing-timeline::no timeline"
        "%0Ahttps://example.org/rules/PM101"  # the rule's documentation page
    )
    assert lines[2].startswith("::warning file=docs/a b.md,line=8,col=3,endLine=8,endColumn=9,")
    assert lines[2].endswith("title=PM205 untagged-event::again")  # name from the catalogue
    assert lines[3].startswith("::notice file=docs/c.md,line=2,col=5,title=PM310 vague-owner::")
    assert lines[4].startswith("::error ") and "title=PM777 odd::" in lines[4]
    assert lines[5] == "pmlint: 5 problems in 2 files (2 errors, 2 warnings, 1 info)"
    assert len(lines) == 6


def test_github_points_to_sarif_past_the_annotation_cap() -> None:
    many = [Finding("a.md", n, 1, "PM205", f"m{n}", "warning") for n in range(1, 12)]
    last = render("github", _ctx(many, files=["a.md"])).splitlines()[-1]
    assert last.startswith("pmlint: 11 problems in 1 file (0 errors, 11 warnings, 0 info); ")
    assert last.endswith("see SARIF output for the full list")
    clean = render("github", _ctx([], files=["a.md", "b.md"]))
    assert clean == "pmlint: no problems in 2 files\n"


# -- JUnit --------------------------------------------------------------------------------


def test_junit_parses_with_counts_per_file() -> None:
    out = render("junit", _ctx())
    assert out.isascii()
    root = ET.fromstring(out.encode("ascii"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "5", "0")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["docs/a b.md", "docs/b.md", "docs/c.md"]
    counts = [(s.get("tests"), s.get("failures"), s.get("errors")) for s in suites]
    assert counts == [("3", "3", "0"), ("1", "0", "0"), ("2", "2", "0")]
    for suite in suites:
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests", "0"))
        assert len(suite.findall("testcase/failure")) == int(suite.get("failures", "0"))
    clean = suites[1].findall("testcase")
    assert clean[0].find("failure") is None and clean[0].get("classname") == "docs/b.md"


def test_junit_keeps_nasty_messages_readable() -> None:
    root = ET.fromstring(render("junit", _ctx()))
    case = root.findall("testsuite")[0].findall("testcase")[1]
    assert case.get("classname") == "docs/a b.md"
    assert case.get("name") == "PM205 7:3"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "PM205"
    expected = NASTY.replace("\x00", "").replace("\x08", "").replace("\x1b", "")
    expected = expected.replace("\ufffe", "")
    assert failure.get("message") == expected  # quotes, <, &, CR/LF and λ survive
    assert failure.text is not None
    assert failure.text.startswith('docs/a b.md:7:3: PM205 say "hi" <b> & </b> 100%')
    assert "source:   - 14:05 x" in failure.text


def test_junit_lists_files_with_findings_that_were_not_listed() -> None:
    root = ET.fromstring(render("junit", _ctx(files=[])))
    assert [s.get("name") for s in root.findall("testsuite")] == ["docs/a b.md", "docs/c.md"]
    empty = ET.fromstring(render("junit", _ctx([], files=[])))
    assert (empty.get("tests"), empty.findall("testsuite")) == ("0", [])


# -- GitLab -------------------------------------------------------------------------------


def test_gitlab_code_quality_shape() -> None:
    issues = json.loads(render("gitlab", _ctx()))
    assert [i["severity"] for i in issues] == ["major", "minor", "minor", "info", "major"]
    first = issues[0]
    assert set(first) == {
        *("description", "check_name", "fingerprint", "severity", "location"),
        *("content", "url"),  # the rule's documentation page
    }
    assert first["url"] == "https://example.org/rules/PM101"
    assert first["content"] == {"body": "[PM101 documentation](https://example.org/rules/PM101)"}
    assert "url" not in issues[1]  # a rule without a page
    assert first["check_name"] == "PM101"
    assert first["description"] == "PM101: no timeline"
    assert first["location"] == {"path": "docs/a b.md", "lines": {"begin": 1}}
    assert issues[1]["description"] == "PM205: " + NASTY
    for issue in issues:
        assert len(issue["fingerprint"]) == 32
        int(issue["fingerprint"], 16)


def test_gitlab_fingerprints_unique_and_stable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def prints(ctx: ReportContext) -> list[str]:
        return [i["fingerprint"] for i in json.loads(render("gitlab", ctx))]

    twins = [Finding("a.md", n, 1, "PM205", "m", "warning", source_line="dup") for n in (3, 4, 5)]
    assert len(set(prints(_ctx(twins, files=["a.md"])))) == 3
    assert len(set(prints(_ctx()))) == len(_findings())

    base = prints(_ctx())
    assert base == prints(_ctx())
    shifted = [
        Finding(f.path, f.line + 3, f.column, f.code, f.message, f.severity) for f in _findings()
    ]
    for old, new in zip(_findings(), shifted, strict=True):
        new.source_line = old.source_line
    assert prints(_ctx(shifted)) == base

    # The same repository seen from another working directory gives the same prints.
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    from_root = prints(_ctx(root=os.curdir))
    monkeypatch.chdir(tmp_path / "docs")
    assert prints(_ctx(_findings(prefix="../"), root="..")) == from_root


def test_gitlab_paths_relative_to_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo" / "pm").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo" / "pm")
    issues = json.loads(render("gitlab", _ctx(root="..")))
    assert issues[0]["location"]["path"] == "pm/docs/a b.md"
