"""Configuration: discovery, validation errors (file, key, closest spelling), CLI overrides."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pmlint.catalog.load import load_catalog
from pmlint.cli import main
from pmlint.config.settings import (
    ConfigError,
    config_for,
    find_config_file,
    load_config_file,
    parse_settings,
    validate_settings,
)
from pmlint.run.runner import clear_caches

DOC = """# Post-mortem: queue stall

## Action Items

| Tier | Action | Owner | Due | Exit Criteria |
| --- | --- | --- | --- | --- |
| 3 | Write a runbook for queue stalls | TBD | 2026-05-02 | Runbook reviewed by on-call |
"""
BOTH = ["--select", "PM402,PM408"]
FINDING = re.compile(r"^\S+:\d+:\d+: (?:error|warning|info) ([A-Z]+[0-9]+) ", re.MULTILINE)


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


def check(tmp: Path, *args: str) -> Result:
    """`pmlint check` run from `tmp`, like a user in that folder."""
    old = os.getcwd()
    os.chdir(tmp)
    try:
        return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def codes(result: Result) -> list[str]:
    """The rule code of each finding line (`path:line:col: severity CODE message`)."""
    return [m.group(1) for m in FINDING.finditer(result.stdout)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- discovery -------------------------------------------------------------------------


def test_nearest_configuration_wins(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.pmlint]\nselect = ["PM402"]\n')
    write(tmp_path / "team" / "pmlint.toml", 'select = ["PM408"]\n')
    write(tmp_path / "a.md", DOC)
    write(tmp_path / "team" / "b.md", DOC)
    assert config_for(tmp_path / "a.md").settings.select == ["PM402"]
    assert config_for(tmp_path / "team" / "b.md").settings.select == ["PM408"]
    result = check(tmp_path, ".")
    assert result.exit_code == 1
    assert sorted(codes(result)) == ["PM402", "PM408"]
    assert "a.md:7:" in result.stdout and "team/b.md:" in result.stdout


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "pmlint.toml", 'select = ["PM408"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "docs"  # not pmlint\n')
    write(tmp_path / "sub" / "c.md", DOC)
    assert find_config_file((tmp_path / "sub").resolve()) == (tmp_path / "pmlint.toml").resolve()
    assert codes(check(tmp_path, "sub")) == ["PM408"]


def test_order_within_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.pmlint]\nselect = ["PM402"]\n')
    write(tmp_path / ".pmlint.toml", 'select = ["PM408"]\n')
    assert find_config_file(tmp_path.resolve()) == (tmp_path / ".pmlint.toml").resolve()
    write(tmp_path / "pmlint.toml", 'select = ["PM501"]\n')
    find_config_file.cache_clear()
    assert find_config_file(tmp_path.resolve()) == (tmp_path / "pmlint.toml").resolve()


def test_no_configuration_means_defaults(tmp_path: Path) -> None:
    config = config_for(tmp_path / "x.md")
    assert config.path is None and config.settings.profile == "default"


def test_every_key_is_accepted(tmp_path: Path) -> None:
    rules = write(tmp_path / "my-rules" / "XY100.toml", CUSTOM_RULE)
    del rules
    config = write(
        tmp_path / "pyproject.toml",
        """[tool.pmlint]
profile = "default"
select = ["PM4", "pm501"]
ignore = ["tier-3-only-action-items"]
extend-select = ["XY1"]
include = ["*.md"]
exclude = ["drafts/"]
rule-paths = ["my-rules"]
fail-on = "warning"

[tool.pmlint.severity]
PM402 = "warning"
PM501 = "off"

[tool.pmlint.rules.PM402]
placeholders = ["nobody"]
""",
    )
    loaded = load_config_file(config)
    assert loaded.settings.extend_select == ["XY1"]
    assert loaded.settings.rules == {"PM402": {"placeholders": ["nobody"]}}
    assert loaded.rule_dirs == (str((tmp_path / "my-rules").resolve()),)
    validate_settings(loaded, load_catalog(loaded.rule_dirs))


# --- error messages --------------------------------------------------------------------


def error_of(tmp_path: Path, body: str, name: str = "pmlint.toml") -> str:
    clear_caches()
    write(tmp_path / name, body)
    write(tmp_path / "a.md", DOC)
    result = check(tmp_path, "a.md")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("pmlint: error: ")
    return result.stderr


def test_unknown_key_names_file_and_closest(tmp_path: Path) -> None:
    message = error_of(tmp_path, 'selct = ["PM4"]\n')
    assert "pmlint.toml" in message
    assert "unknown key 'selct' (did you mean 'select'?)" in message


def test_unknown_key_in_pyproject_table(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[tool.pmlint]\nfail_on = "warning"\n', "pyproject.toml")
    assert "pyproject.toml [tool.pmlint]" in message
    assert "unknown key 'fail_on' (did you mean 'fail-on'?)" in message


def test_wrong_type(tmp_path: Path) -> None:
    message = error_of(tmp_path, 'select = "PM4"\n')
    assert "key 'select'" in message and "valid list" in message and "'PM4'" in message
    message = error_of(tmp_path, 'fail-on = "sometimes"\n')
    assert "key 'fail-on'" in message and "'never'" in message


def test_wrong_severity_level(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[severity]\nPM402 = "fatal"\n')
    assert "key 'severity.PM402'" in message and "'fatal'" in message


@pytest.mark.parametrize("key", ["select", "ignore", "extend-select"])
def test_unknown_rule_code(tmp_path: Path, key: str) -> None:
    message = error_of(tmp_path, f'{key} = ["PM4O2"]\n')
    assert f"key '{key}'" in message
    assert "unknown rule code or prefix 'PM4O2' (did you mean 'PM402'?)" in message


def test_unknown_rule_name(tmp_path: Path) -> None:
    message = error_of(tmp_path, 'select = ["action-item-without-ownr"]\n')
    assert "did you mean 'action-item-without-owner'?" in message


def test_unknown_code_in_severity_and_rules(tmp_path: Path) -> None:
    assert "key 'severity'" in error_of(tmp_path, '[severity]\nPM4022 = "warning"\n')
    assert "key 'rules'" in error_of(tmp_path, "[rules.PM9999]\nfield = 'owner'\n")


def test_unknown_rule_option(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[rules.PM402]\nplacehodlers = ["nobody"]\n')
    assert "pmlint.toml" in message and "rules.PM402" in message
    assert "unknown option 'placehodlers' (did you mean 'placeholders'?)" in message


def test_wrong_rule_option_type(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[rules.PM402]\nplaceholders = 3\n")
    assert "rules.PM402" in message and "option 'placeholders'" in message


def test_unknown_profile(tmp_path: Path) -> None:
    message = error_of(tmp_path, 'profile = "defualt"\n')
    assert "key 'profile': unknown profile 'defualt' (did you mean 'default'?)" in message


def test_missing_rule_path(tmp_path: Path) -> None:
    message = error_of(tmp_path, 'rule-paths = ["house-rules"]\n')
    assert "key 'rule-paths'" in message and "'house-rules' does not exist" in message


def test_invalid_toml(tmp_path: Path) -> None:
    message = error_of(tmp_path, "select = [\n")
    assert "pmlint.toml: not valid TOML" in message


def test_explicit_config_without_table(tmp_path: Path) -> None:
    write(tmp_path / "other.toml", "[tool.black]\n")
    write(tmp_path / "pyproject.toml", "[tool.black]\n")
    write(tmp_path / "a.md", DOC)
    result = check(tmp_path, "--config", "pyproject.toml", "a.md")
    assert result.exit_code == 2 and "has no [tool.pmlint] table" in result.stderr


def test_parse_settings_in_python_accepts_either_spelling() -> None:
    assert parse_settings({"fail_on": "info"}, "x", files=False).fail_on == "info"
    with pytest.raises(ConfigError, match="did you mean 'fail-on'"):
        parse_settings({"fail_on": "info"}, "x")


# --- what the keys do, and command-line overrides --------------------------------------

CUSTOM_RULE = """code = "XY100"
name = "needs-glossary"
severity = "warning"
summary = "No glossary section"
message = "no {section} section"
check = "section_required"
options = { kind = "glossary", label = "glossary" }

[docs]
why = "House style: every post-mortem explains its acronyms in a glossary section at the end."
bad = "# Post-mortem"
good = "# Post-mortem"
"""


def test_severity_override_and_off(tmp_path: Path) -> None:
    write(tmp_path / "a.md", DOC)
    write(tmp_path / "pmlint.toml", '[severity]\nPM402 = "warning"\nPM408 = "off"\n')
    result = check(tmp_path, "a.md", *BOTH)
    assert codes(result) == ["PM402"] and result.exit_code == 0  # a warning, fail-on error
    assert check(tmp_path, "a.md", *BOTH, "--fail-on", "warning").exit_code == 1


def test_fail_on_from_file_and_cli(tmp_path: Path) -> None:
    write(tmp_path / "a.md", DOC)
    write(tmp_path / "pmlint.toml", 'fail-on = "never"\n')
    assert check(tmp_path, "a.md", *BOTH).exit_code == 0
    assert check(tmp_path, "a.md", *BOTH, "--fail-on", "error").exit_code == 1


def test_rule_options(tmp_path: Path) -> None:
    write(tmp_path / "a.md", DOC)
    assert "PM402" in codes(check(tmp_path, "a.md", *BOTH))
    write(tmp_path / "pmlint.toml", '[rules.PM402]\nplaceholders = ["nobody"]\n')
    clear_caches()
    assert codes(check(tmp_path, "a.md", *BOTH)) == ["PM408"]


def test_rule_options_in_pyproject_by_name(tmp_path: Path) -> None:
    write(tmp_path / "a.md", DOC)
    write(
        tmp_path / "pyproject.toml",
        '[tool.pmlint.rules.action-item-without-owner]\nplaceholders = ["nobody"]\n',
    )
    assert codes(check(tmp_path, "a.md", *BOTH)) == ["PM408"]


def test_cli_select_ignore_extend_select(tmp_path: Path) -> None:
    write(tmp_path / "a.md", DOC)
    write(tmp_path / "pmlint.toml", 'select = ["PM402"]\n')
    assert codes(check(tmp_path, "a.md")) == ["PM402"]
    assert codes(check(tmp_path, "a.md", "--select", "PM408")) == ["PM408"]
    assert sorted(
        codes(check(tmp_path, "a.md", "--extend-select", "tier-3-only-action-items"))
    ) == [
        "PM402",
        "PM408",
    ]
    assert codes(check(tmp_path, "a.md", "--ignore", "PM4")) == []
    assert codes(check(tmp_path, "a.md", *BOTH, "--ignore", "PM402")) == ["PM408"]


def test_cli_select_starts_afresh(tmp_path: Path) -> None:
    """The file's ignore list does not apply to a selection made on the command line."""
    write(tmp_path / "a.md", DOC)
    write(tmp_path / "pmlint.toml", 'ignore = ["PM408"]\nselect = ["PM4"]\n')
    assert "PM408" not in codes(check(tmp_path, "a.md"))
    assert codes(check(tmp_path, "a.md", "--select", "PM408")) == ["PM408"]


def test_cli_errors_name_the_flag(tmp_path: Path) -> None:
    write(tmp_path / "a.md", DOC)
    result = check(tmp_path, "a.md", "--select", "PM4O2")
    assert (
        result.exit_code == 2 and "--select: unknown rule code or prefix 'PM4O2'" in result.stderr
    )
    result = check(tmp_path, "a.md", "--profile", "strickt")
    assert result.exit_code == 2 and "--profile: unknown profile 'strickt'" in result.stderr
    result = check(tmp_path, "a.md", "--fail-on", "always")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_explicit_config_wins_over_discovery(tmp_path: Path) -> None:
    write(tmp_path / "a.md", DOC)
    write(tmp_path / "pmlint.toml", 'select = ["PM402"]\n')
    write(tmp_path / "ci" / "strict.toml", 'select = ["PM408"]\n')
    assert codes(check(tmp_path, "--config", "ci/strict.toml", "a.md")) == ["PM408"]


def test_include_and_exclude(tmp_path: Path) -> None:
    write(tmp_path / "a.md", DOC)
    write(tmp_path / "drafts" / "b.md", DOC)
    write(tmp_path / "notes.txt", DOC)
    write(
        tmp_path / "pmlint.toml",
        'select = ["PM408"]\nexclude = ["drafts"]\ninclude = ["*.md", "*.txt"]\n',
    )
    result = check(tmp_path, ".")
    assert "a.md:" in result.stdout and "notes.txt:" in result.stdout
    assert "drafts" not in result.stdout


def test_rule_paths_relative_to_config(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "house" / "XY100.toml", CUSTOM_RULE)
    write(tmp_path / "docs" / "pmlint.toml", 'rule-paths = ["house"]\nselect = ["XY100"]\n')
    write(tmp_path / "docs" / "pm" / "a.md", DOC)
    result = check(tmp_path, "docs")
    assert codes(result) == ["XY100"] and "no glossary section" in result.stdout
    assert result.exit_code == 0  # the rule is a warning
