"""Inline suppressions and PM002 (unused-suppression), through the real pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint import lint_text
from pmlint.catalog.load import load_catalog
from pmlint.cli import main
from pmlint.document.model import Finding
from pmlint.run.suppress import Directive, _hidden

HEAD = "# Post-mortem: queue stall\n\n"
TABLE = """| Tier | Action | Owner | Due | Exit Criteria |
| --- | --- | --- | --- | --- |
| 3 | Write a runbook for queue stalls | TBD | 2026-05-02 | Runbook reviewed by on-call |
| 3 | Page the queue owner on backlog | ? | 2026-05-09 | Pager rule deployed |
"""
RULES = ["PM002", "PM402", "PM408"]


def lint(body: str, select: list[str] = RULES) -> list[Finding]:
    return lint_text(HEAD + body, "pm.md", config={"select": select})


def found(body: str, select: list[str] = RULES) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint(body, select)]


def test_without_directives() -> None:
    # heading on line 3 (PM408); rows on lines 7 and 8 (PM402)
    assert found("## Action Items\n\n" + TABLE) == [(3, "PM408"), (7, "PM402"), (8, "PM402")]


@pytest.mark.parametrize("selector", ["PM402", "pm402", "PM40", "action-item-without-owner"])
def test_disable_enable_range(selector: str) -> None:
    body = f"## Action Items\n\n<!-- pmlint-disable {selector} -->\n{TABLE}<!-- pmlint-enable -->\n"
    assert found(body) == [(3, "PM408")]


def test_enable_ends_the_range() -> None:
    body = (
        "## Action Items\n\n<!-- pmlint-disable PM402 -->\n\n"
        "- Tier 3: Write a runbook (owner: TBD)\n\n<!-- pmlint-enable PM402 -->\n\n" + TABLE
    )
    lines = found(body)
    assert (3, "PM408") in lines
    assert [line for line, code in lines if code == "PM402"] == [13, 14]


def test_disable_without_codes_means_all() -> None:
    body = f"<!-- pmlint-disable -->\n\n## Action Items\n\n{TABLE}"
    assert found(body) == []


def test_several_codes_and_a_reason() -> None:
    directive = "<!-- pmlint-disable PM408, PM402 -- legacy format, see DOCS-12 -->"
    body = f"{directive}\n## Action Items\n\n{TABLE}"
    assert found(body) == []


def test_disable_next_line() -> None:
    body = f"<!-- pmlint-disable-next-line PM408 -->\n\n## Action Items\n\n{TABLE}"
    assert found(body) == [(9, "PM402"), (10, "PM402")]


def test_disable_next_line_on_a_list_item() -> None:
    body = (
        "## Action Items\n\n- Tier 3: Write a runbook (owner: TBD)\n"
        "<!-- pmlint-disable-next-line PM402 -->\n- Tier 3: Page the queue owner (owner: ?)\n"
    )
    plain = found(body.replace("<!-- pmlint-disable-next-line PM402 -->\n", ""), ["PM402"])
    assert [code for _, code in plain] == ["PM402", "PM402"]
    assert found(body, ["PM402"]) == [plain[0]]


def test_disable_line() -> None:
    body = "## Action Items <!-- pmlint-disable-line tier-3-only-action-items -->\n\n" + TABLE
    assert found(body) == [(7, "PM402"), (8, "PM402")]


def test_disable_file_anywhere() -> None:
    body = f"## Action Items\n\n{TABLE}\n<!-- pmlint-disable-file PM4 -->\n"
    assert found(body) == []


def test_unused_directive_is_reported() -> None:
    body = f"<!-- pmlint-disable-next-line PM402 -->\n## Action Items\n\n{TABLE}"
    findings = lint(body)
    unused = [f for f in findings if f.code == "PM002"]
    assert len(unused) == 1
    assert unused[0].line == 3 and unused[0].column == 1
    assert unused[0].severity == "info" and unused[0].name == "unused-suppression"
    assert "pmlint-disable-next-line" in unused[0].message and "PM402" in unused[0].message
    assert "{" not in unused[0].message


def test_unused_range_and_all_rules() -> None:
    body = "<!-- pmlint-disable -->\n\n<!-- pmlint-enable -->\n\n## Action Items\n\n" + TABLE
    unused = [f for f in lint(body) if f.code == "PM002"]
    assert [(f.line, "all rules" in f.message) for f in unused] == [(3, True)]


def test_unknown_code_is_reported_even_if_unselected() -> None:
    body = f"## Action Items\n\n<!-- pmlint-disable PM4O2 -->\n{TABLE}"
    unused = [f for f in lint(body) if f.code == "PM002"]
    assert len(unused) == 1 and "PM4O2" in unused[0].message


def test_directive_for_an_unselected_rule_is_left_alone() -> None:
    body = f"<!-- pmlint-disable PM501 -->\n## Action Items\n\n{TABLE}"
    assert "PM002" not in [code for _, code in found(body)]


def test_pm002_can_be_switched_off() -> None:
    body = "<!-- pmlint-disable PM402 -->\n# Nothing here\n"
    assert found(body, ["PM402", "PM408"]) == []


def test_comments_in_code_are_not_directives() -> None:
    body = (
        "## Action Items\n\nTo silence a rule, write:\n\n"
        "```markdown\n<!-- pmlint-disable-file -->\n```\n\n"
        "or inline: `<!-- pmlint-disable-file -->`.\n\n"
        "    <!-- pmlint-disable-file -->\n\n" + TABLE
    )
    codes = [code for _, code in found(body)]
    assert codes.count("PM402") == 2 and "PM408" in codes and "PM002" not in codes


def test_pm002_docs_examples_through_the_pipeline() -> None:
    spec = load_catalog().specs["PM002"]
    bad = lint_text(spec.docs.bad, "bad.md", config={"select": ["PM002", "PM402"]})
    assert [f.code for f in bad] == ["PM002"]
    good = lint_text(spec.docs.good, "good.md", config={"select": ["PM002", "PM402"]})
    assert good == []


def test_pm002_is_info_and_does_not_fail_the_run(tmp_path: Path) -> None:
    (tmp_path / "pm.md").write_text(
        "# Post-mortem\n\n<!-- pmlint-disable PM402 -->\n", encoding="utf-8"
    )
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        runner = CliRunner()
        result = runner.invoke(main, ["check", "pm.md", "--select", "PM002,PM402"])
        strict = runner.invoke(
            main, ["check", "pm.md", "--select", "PM002,PM402", "--fail-on", "info"]
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert "pm.md:3:1: info PM002 " in result.stdout
    assert strict.exit_code == 1


_DIRECTIVES = st.lists(
    st.tuples(
        st.integers(1, 30),
        st.integers(0, 12),
        st.lists(st.sampled_from(["PM201", "PM2", "PM4", "ALL", "blame-language"]), max_size=2),
    ),
    max_size=12,
)
_FINDINGS = st.lists(
    st.tuples(
        st.integers(1, 40),
        st.sampled_from(
            [("PM201", "untagged"), ("PM402", "no-owner"), ("PM701", "blame-language")]
        ),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(_DIRECTIVES, _FINDINGS)
def test_the_line_sweep_hides_what_each_directive_covers(
    raw_directives: list[tuple[int, int, list[str]]],
    raw_findings: list[tuple[int, tuple[str, str]]],
) -> None:
    """`_hidden` (one sweep over lines) agrees with asking every directive about every
    finding (`Directive.covers`), for the findings hidden and the directives used."""

    def directives() -> list[Directive]:
        return [
            Directive("disable", start, selectors, start, start + length)
            for start, length, selectors in raw_directives
        ]

    findings = [
        Finding("a.md", line, 1, code, "m", "error", name) for line, (code, name) in raw_findings
    ]
    swept = directives()
    hidden = _hidden(findings, swept)
    naive = directives()
    expected = [any([d.covers(f) for d in naive]) for f in findings]
    for directive in naive:
        directive.used = any(directive.covers(f) for f in findings)
    assert hidden == expected
    assert [d.used for d in swept] == [d.used for d in naive]
