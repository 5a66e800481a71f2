"""The Python API: `pmlint.lint_text` and `pmlint.lint_paths`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import pmlint
from pmlint.config.settings import Settings
from pmlint.run.runner import clear_caches

ROOT = Path(__file__).resolve().parents[1]
DOC = """# Post-mortem: queue stall

## Action Items

| Tier | Action | Owner | Due | Exit Criteria |
| --- | --- | --- | --- | --- |
| 3 | Write a runbook for queue stalls | TBD | 2026-05-02 | Runbook reviewed by on-call |
"""
BOTH = {"select": ["PM402", "PM408"]}


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


def test_import_is_cheap_and_lazy() -> None:
    code = "import sys, pmlint; print(sorted(m for m in sys.modules if m.startswith('pmlint')))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "['pmlint']"
    assert {"lint_text", "lint_paths", "Finding"} <= set(dir(pmlint))
    with pytest.raises(AttributeError):
        pmlint.no_such_thing  # noqa: B018


def test_lint_text_returns_findings() -> None:
    findings = pmlint.lint_text(DOC, config=BOTH)
    assert [(f.code, f.line, f.path) for f in findings] == [
        ("PM408", 3, "<text>"),
        ("PM402", 7, "<text>"),
    ]
    first = findings[0]
    assert isinstance(first, pmlint.Finding)
    assert first.severity == "error" and first.name == "tier-3-only-action-items"
    assert first.to_dict()["column"] == 1


def test_lint_text_config_forms(tmp_path: Path) -> None:
    as_settings = pmlint.lint_text(DOC, "pm.md", config=Settings(select=["PM408"]))
    as_dict = pmlint.lint_text(DOC, "pm.md", config={"select": ["PM408"], "fail-on": "never"})
    config = tmp_path / "team.toml"
    config.write_text('select = ["PM408"]\n', encoding="utf-8")
    as_file = pmlint.lint_text(DOC, "pm.md", config=config)
    as_str = pmlint.lint_text(DOC, "pm.md", config=str(config))
    assert [f.code for f in as_settings] == ["PM408"]
    assert as_settings == as_dict == as_file == as_str


def test_lint_text_options_and_severity() -> None:
    config = {
        "select": ["PM402", "PM408"],
        "severity": {"PM408": "info"},
        "rules": {"PM402": {"placeholders": ["nobody"]}},
    }
    findings = pmlint.lint_text(DOC, config=config)
    assert [(f.code, f.severity) for f in findings] == [("PM408", "info")]


def test_lint_text_discovers_configuration_from_path(tmp_path: Path) -> None:
    (tmp_path / "pmlint.toml").write_text('select = ["PM402"]\n', encoding="utf-8")
    findings = pmlint.lint_text(DOC, str(tmp_path / "pm.md"))
    assert [f.code for f in findings] == ["PM402"]


def test_suppressions_apply() -> None:
    text = DOC.replace("## Action Items", "## Action Items <!-- pmlint-disable-line PM408 -->")
    assert [f.code for f in pmlint.lint_text(text, config=BOTH)] == ["PM402"]


def test_lint_paths(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "sub" / "notes.txt").write_text(DOC, encoding="utf-8")
    findings = pmlint.lint_paths([tmp_path], config=BOTH)
    assert [(Path(f.path).name, f.code) for f in findings] == [
        ("a.md", "PM408"),
        ("a.md", "PM402"),
        ("b.md", "PM408"),
        ("b.md", "PM402"),
    ]
    only_a = pmlint.lint_paths([str(tmp_path / "a.md")], config={"select": ["PM402"]})
    assert [f.code for f in only_a] == ["PM402"]
    excluded = pmlint.lint_paths([tmp_path], config={**BOTH, "exclude": ["sub"]})
    assert {Path(f.path).name for f in excluded} == {"a.md"}


def test_lint_paths_with_config_file_and_discovery(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "pmlint.toml").write_text('select = ["PM408"]\n', encoding="utf-8")
    assert [f.code for f in pmlint.lint_paths([tmp_path])] == ["PM408"]
    other = tmp_path / "other.toml"
    other.write_text('select = ["PM402"]\n', encoding="utf-8")
    assert [f.code for f in pmlint.lint_paths([tmp_path], config=other)] == ["PM402"]


def test_examples_through_the_api() -> None:
    good = pmlint.lint_paths([ROOT / "examples" / "good"])
    assert good == []
    bad = pmlint.lint_paths([ROOT / "examples" / "bad" / "tier-3-only.md"])
    assert "PM408" in {f.code for f in bad}


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(pmlint.ConfigError, match=r"unknown key 'selct' \(did you mean 'select'"):
        pmlint.lint_text(DOC, config={"selct": ["PM4"]})
    with pytest.raises(pmlint.ConfigError, match="unknown rule code or prefix 'PM99'"):
        pmlint.lint_text(DOC, config={"select": ["PM99"]})
    with pytest.raises(pmlint.ConfigError, match="did you mean 'placeholders'"):
        pmlint.lint_text(DOC, config={"rules": {"PM402": {"placeholder": []}}})
    with pytest.raises(pmlint.ConfigError, match="expected a path, a Settings object or a dict"):
        pmlint.lint_text(DOC, config=42)  # type: ignore[arg-type]
    with pytest.raises(pmlint.ConfigError, match="configuration file not found"):
        pmlint.lint_paths([tmp_path], config=tmp_path / "missing.toml")
    with pytest.raises(FileNotFoundError):
        pmlint.lint_paths([tmp_path / "missing.md"])
