"""Small habits from other linters: -V, `explain` with a prefix, `rules` showing the
severities the configuration gives."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import Result
from conftest import cli_in

from pmlint.run.runner import clear_caches


def invoke(cwd: Path, *args: str) -> Result:
    clear_caches()
    return cli_in(cwd, list(args))


def test_short_version_flag(tmp_path: Path) -> None:
    result = invoke(tmp_path, "-V")
    assert result.exit_code == 0 and result.output.startswith("pmlint, version ")


def test_explain_a_prefix_explains_the_family(tmp_path: Path) -> None:
    result = invoke(tmp_path, "explain", "PM4")
    assert result.exit_code == 0
    titles = [line for line in result.output.splitlines() if line.startswith("# PM")]
    assert titles[0] == "# PM401 no-action-items" and len(titles) >= 10
    assert all(title.startswith("# PM4") for title in titles)
    assert invoke(tmp_path, "explain", "PM99").exit_code == 2


def test_rules_shows_the_severity_under_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "pmlint.toml").write_text(
        'profile = "generic"\nignore = ["PM402"]\n[severity]\nPM101 = "info"\n', encoding="utf-8"
    )
    rows = {r["code"]: r for r in json.loads(invoke(tmp_path, "rules", "--format", "json").output)}
    assert rows["PM101"]["severity"] == "info" and rows["PM101"]["default_severity"] == "error"
    assert rows["PM402"]["severity"] == "off" and rows["PM402"]["selected"] is False
    text = invoke(tmp_path, "rules").output.splitlines()
    assert text[0] == "# profile: generic; configuration: pmlint.toml"
    pm101 = next(line for line in text if line.startswith("PM101"))
    assert "info [error]" in pm101
    strict = json.loads(invoke(tmp_path, "rules", "--format=json", "--profile=default").output)
    assert {r["code"]: r["severity"] for r in strict}["PM501"] == "error"
