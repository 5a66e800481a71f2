"""User-defined rules: the guide's examples run, the general primitives work, and a broken
rule file is a clear load-time error naming the file and the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmlint.catalog.catalog import CatalogError, build_rules
from pmlint.catalog.load import load_catalog
from pmlint.checks.language import compiled_patterns
from pmlint.cli import main
from pmlint.document.parse import parse_document
from pmlint.run.engine import lint_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "custom-rules"
RULES = EXAMPLE / "rules"

RULE_TEMPLATE = """code = "{code}"
name = "{name}"
severity = "error"
summary = "A test rule"
message = "{message}"
check = "{check}"
options = {options}

[docs]
why = "Written for a test: long enough to pass the documentation check of rule files."
bad = "x"
good = "y"
"""


def write_rule(folder: Path, code: str, check: str, options: str, message: str = "hit") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}.toml"
    text = RULE_TEMPLATE.format(
        code=code, name=f"rule-{code.lower()}", check=check, options=options, message=message
    )
    path.write_text(text, encoding="utf-8")
    return path


def run(folder: Path, code: str, text: str, profile: str = "generic") -> list[str]:
    catalog = load_catalog((str(folder),))
    resolved = catalog.profile(profile)
    rules = build_rules(catalog, resolved, select=[code])
    doc = parse_document(text, "t.md", resolved.matcher)
    return [f"{f.line} {f.message}" for f in lint_document(doc, rules)]


# --- the guide's examples ----------------------------------------------------------------------


def check_example(*paths: str) -> tuple[int, dict[str, list[str]]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *paths])
    findings = json.loads(result.output)["findings"]
    by_file: dict[str, list[str]] = {}
    for finding in findings:
        by_file.setdefault(Path(finding["path"]).name, []).append(finding["code"])
    return result.exit_code, by_file


def test_example_rules_load_with_their_config() -> None:
    catalog = load_catalog((str(RULES),))
    assert {"ACME101", "ACME102", "ACME103", "ACME104", "ACME105"} <= set(catalog.specs)


def test_the_good_sample_is_clean_under_the_example_config() -> None:
    code, by_file = check_example(str(EXAMPLE / "postmortems" / "2026-02-03-webhook-backlog.md"))
    assert (code, by_file) == (0, {})


def test_the_sample_that_needs_work_raises_each_custom_rule_once() -> None:
    path = EXAMPLE / "postmortems" / "2026-02-17-search-latency.md"
    code, by_file = check_example(str(path))
    assert code == 1
    assert sorted(by_file[path.name]) == ["ACME101", "ACME102", "ACME103", "ACME104", "ACME105"]


@pytest.mark.parametrize("rule", sorted(RULES.glob("*.toml")), ids=lambda p: p.stem)
def test_example_rule_docs_are_tests(rule: Path) -> None:
    catalog = load_catalog((str(RULES),))
    spec = catalog.specs[rule.stem]
    profile = catalog.profile("generic")
    rules = build_rules(catalog, profile, select=[spec.code])

    def codes(text: str) -> list[str]:
        doc = parse_document(text, "t.md", profile.matcher)
        return [f.code for f in lint_document(doc, rules)]

    assert spec.code in codes(spec.docs.bad)
    assert codes(spec.docs.good) == []


# --- the general primitives --------------------------------------------------------------------


def test_section_required_with_synonyms(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "T100",
        "section_required",
        '{ kind = "comms", synonyms = ["=comms", "status page"] }',
    )
    assert run(tmp_path, "T100", "## Summary\n\nx\n") == ["1 hit"]
    assert run(tmp_path, "T100", "## Comms\n\nx\n") == []
    assert run(tmp_path, "T100", "## Status page updates\n\nx\n") == []
    assert run(tmp_path, "T100", "## Comms plan\n\nx\n") == ["1 hit"]  # "=comms": exact only


def test_phrase_required_words_and_patterns(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "T101",
        "phrase_required",
        r"""{ kind = "impact", words = ["error budget"], patterns = ['\d+ users'] }""",
        message="'{section}' lacks {expected}",
    )
    assert run(tmp_path, "T101", "## Impact\n\nSome users.\n") == [
        "1 'Impact' lacks 'error budget', /\\d+ users/"
    ]
    assert run(tmp_path, "T101", "## Impact\n\n1200 users for 5 min.\n") == []
    assert run(tmp_path, "T101", "## Impact\n\nUsed 3% of the Error  Budget.\n") == []
    assert run(tmp_path, "T101", "## Summary\n\nNo impact section at all.\n") == []


def test_field_required_in_tables_and_lists(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "T102",
        "field_required",
        '{ kind = "action_items", field = "ticket", names = ["Ticket", "Jira"] }',
        message="{item} has no {field}",
    )
    table = "## Action Items\n\n| Action | Owner |\n| --- | --- |\n| Fix | @a |\n"
    assert run(tmp_path, "T102", table) == ["3 the table has no ticket"]
    assert run(tmp_path, "T102", table.replace("Owner", "Jira")) == []
    items = (
        "## Action Items\n\n- Fix the alert, Ticket: OPS-1\n- Add a runbook\n"
        "  - jira: OPS-2\n- Cap it\n"
    )
    assert run(tmp_path, "T102", items) == ["6 'Cap it' has no ticket"]


def test_min_items_counts_timeline_actions_and_items(tmp_path: Path) -> None:
    write_rule(tmp_path, "T103", "min_items", '{ of = "timeline", min = 3 }', "{count} < {min}")
    assert run(tmp_path, "T103", "## Timeline\n\n- 10:00 a\n- 10:05 b\n") == ["1 2 < 3"]
    assert run(tmp_path, "T103", "## Timeline\n\n- 10:00 a\n- 10:05 b\n- 10:09 c\n") == []
    actions = tmp_path / "actions"  # catalogues are cached per folder: a new rule, a new folder
    write_rule(actions, "T107", "min_items", '{ of = "action_items", min = 2 }', "{count} {what}")
    assert run(actions, "T107", "## Action Items\n\n- Add an alert\n") == ["1 1 action items"]
    assert run(actions, "T107", "## Action Items\n\n- Add an alert\n- Cap it\n") == []
    other = tmp_path / "items"
    write_rule(
        other, "T104", "min_items", '{ of = "list_items", kind = "what_went_well", min = 2 }'
    )
    assert run(other, "T104", "## What went well\n\n- one\n") == ["1 hit"]
    assert run(other, "T104", "## What went well\n\n- one\n- two\n") == []


def test_field_value_pattern_for_owner_handles(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "T105",
        "action_item_field",
        r"""{ field = "owner", pattern = '^@[\w-]+$' }""",
        message="'{value}'",
    )
    text = "## Action Items\n\n- Fix it (owner: Ana)\n- Test it (owner: @ana)\n"
    assert run(tmp_path, "T105", text) == ["3 'Ana'"]


def test_phrase_forbidden_is_available_to_users(tmp_path: Path) -> None:
    write_rule(tmp_path, "T106", "phrase_forbidden", '{ phrases = ["obviously"] }', "{phrase}")
    assert run(tmp_path, "T106", "## Summary\n\nIt was obviously the cache.\n") == ["3 obviously"]


def test_regular_expressions_are_compiled_once() -> None:
    first = compiled_patterns((r"\d+ users",))
    assert compiled_patterns((r"\d+ users",)) is first


# --- broken rule files -------------------------------------------------------------------------


def load_error(folder: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog((str(folder),))
    return str(caught.value)


def test_a_bad_regular_expression_is_a_load_time_error(tmp_path: Path) -> None:
    path = write_rule(
        tmp_path, "T200", "phrase_required", """{ kind = "impact", patterns = ['(unclosed'] }"""
    )
    message = load_error(tmp_path)
    assert str(path) in message and "patterns" in message and "regular expression" in message


def test_an_unknown_option_is_named(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "T201", "section_required", '{ kind = "impact", synonym = ["x"] }')
    message = load_error(tmp_path)
    assert str(path) in message and "synonym" in message and "unknown key" in message


def test_a_missing_required_option_is_named(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "T202", "min_items", '{ of = "list_items" }')
    message = load_error(tmp_path)
    assert str(path) in message and "kind" in message


def test_an_unknown_check_gets_a_suggestion(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "T203", "phrase_requred", '{ kind = "impact" }')
    message = load_error(tmp_path)
    assert str(path) in message and "did you mean 'phrase_required'" in message


def test_invalid_toml_and_bad_code_are_named(tmp_path: Path) -> None:
    broken = tmp_path / "a"
    broken.mkdir()
    (broken / "X1.toml").write_text('code = "X1"\nname = \n', encoding="utf-8")
    assert "X1.toml: not valid TOML" in load_error(broken)
    badcode = tmp_path / "b"
    write_rule(badcode, "T204", "min_items", '{ of = "timeline" }')
    path = badcode / "T204.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"T204"', '"t-204"'), encoding="utf-8")
    message = load_error(badcode)
    assert str(path) in message and "code" in message


def test_a_code_used_twice_is_an_error(tmp_path: Path) -> None:
    write_rule(tmp_path, "PM110", "min_items", '{ of = "timeline" }')
    assert "PM110 is already used" in load_error(tmp_path)


def test_the_cli_reports_a_broken_rule_file_and_exits_2(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    path = write_rule(
        rules, "T300", "phrase_required", """{ kind = "impact", patterns = ['[z-a]'] }"""
    )
    (tmp_path / "pmlint.toml").write_text('rule-paths = ["rules"]\n', encoding="utf-8")
    doc = tmp_path / "pm.md"
    doc.write_text("# Post-mortem\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(doc)])
    assert result.exit_code == 2
    assert "T300.toml" in result.output and "regular expression" in result.output
    assert "Traceback" not in result.output
    assert path.is_file()


def test_the_example_profile_extends_generic_with_the_team_rules(tmp_path: Path) -> None:
    catalog = load_catalog((str(RULES),))
    profile = catalog.profile("acme")
    assert profile.matcher.match("customer comms") == "customer_communication"
    codes = {rule.code for rule in build_rules(catalog, profile)}
    assert {"ACME101", "ACME105", "PM139"} <= codes and "PM112" not in codes
    config = tmp_path / "pmlint.toml"
    config.write_text(f'profile = "acme"\nrule-paths = ["{RULES}"]\n', encoding="utf-8")
    good = EXAMPLE / "postmortems" / "2026-02-03-webhook-backlog.md"
    bad = EXAMPLE / "postmortems" / "2026-02-17-search-latency.md"
    result = CliRunner().invoke(
        main, ["check", "--config", str(config), "--format", "json", str(good), str(bad)]
    )
    found = json.loads(result.output)["findings"]
    assert {Path(f["path"]).name for f in found} == {bad.name}
    assert sorted(f["code"] for f in found) == [
        "ACME101",
        "ACME102",
        "ACME103",
        "ACME104",
        "ACME105",
    ]


def test_a_new_skeleton_in_the_team_profile(tmp_path: Path) -> None:
    config = tmp_path / "pmlint.toml"
    config.write_text(f'profile = "acme"\nrule-paths = ["{RULES}"]\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["new", "Queue stall", "--date", "2026-03-01", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "2026-03-01-queue-stall.md").read_text(encoding="utf-8")
    assert "## Customer Communication" in text
    checked = CliRunner().invoke(
        main, ["check", "--format", "json", str(tmp_path / "2026-03-01-queue-stall.md")]
    )
    codes = {f["code"] for f in json.loads(checked.output)["findings"]}
    assert "ACME101" not in codes and codes <= {"PM139", "ACME102", "ACME103", "ACME104"}
