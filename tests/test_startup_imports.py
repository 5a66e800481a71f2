"""A warm start (valid catalogue cache, settings seen before) validates nothing, so it must not
import pydantic at all; whenever something is new, it is validated exactly as before."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmlint.catalog.catalog import build_rules
from pmlint.catalog.load import load_catalog
from pmlint.checks import OptionValues, decode_values, encode_values
from pmlint.config.settings import ConfigError, Settings, default_settings, parse_settings
from pmlint.store import memo

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# Runs the command line in a fresh process, then reports the modules it imported that
# `{watched}` (an expression on the module name `m`) selects.
WRAPPER_TEMPLATE = """
import json, sys
from pmlint.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
loaded = sorted(m for m in sys.modules if {watched})
print("\\n@@" + json.dumps({{"exit": code, "modules": loaded}}))
"""
WRAPPER = WRAPPER_TEMPLATE.format(
    watched='m.split(".")[0] == "pydantic" or '
    'm.startswith(("pmlint.checks.options", "pmlint.catalog.schemas"))'
)


def _run(
    args: list[str], cwd: Path, cache_home: Path, wrapper: str = WRAPPER
) -> tuple[str, int, list[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    env.pop("PMLINT_NO_CATALOG_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    output, _, report = done.stdout.rpartition("\n@@")
    data = json.loads(report)
    return output + done.stderr, data["exit"], data["modules"]


def test_a_warm_start_imports_no_pydantic(tmp_path: Path) -> None:
    files = [str(EXAMPLES / "bad" / "vague-actions.md"), str(EXAMPLES / "good")]
    args = ["check", "--no-cache", *files]
    cold, cold_exit, cold_modules = _run(args, tmp_path, tmp_path / "xdg")
    assert "pydantic.main" in cold_modules  # the first run validated the catalogue
    warm, warm_exit, warm_modules = _run(args, tmp_path, tmp_path / "xdg")
    assert "pydantic.main" not in warm_modules, warm_modules
    assert warm_modules == [], "a warm start needs neither pydantic nor the options models"
    assert (warm, warm_exit) == (cold, cold_exit)
    assert " PM409 " in warm and cold_exit == 1


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository with a configuration that sets severities and rule options."""
    folder = tmp_path / "repo"
    folder.mkdir()
    for name in ("thin-causal-analysis.md", "vague-actions.md"):
        shutil.copy(EXAMPLES / "bad" / name, folder / name)
    (folder / "pmlint.toml").write_text(
        'ignore = ["PM116"]\n[severity]\nPM408 = "warning"\n'
        '[rules.PM301]\nmin-whys = 3\n[rules.PM409]\nverbs = ["investigate", "look into"]\n'
    )
    return folder


def test_a_configuration_seen_before_starts_without_pydantic(project: Path) -> None:
    home = project.parent / "xdg"
    first, first_exit, first_modules = _run(["check", "--no-cache", "."], project, home)
    assert "pydantic.main" in first_modules  # settings and options validated once
    again, again_exit, again_modules = _run(["check", "--no-cache", "."], project, home)
    assert again_modules == []
    assert (again, again_exit) == (first, first_exit)
    assert " PM409 " in again and " PM301 " not in again  # the options took effect


def test_a_bad_option_is_still_reported_on_a_warm_start(project: Path) -> None:
    home = project.parent / "xdg"
    _run(["check", "--no-cache", "."], project, home)  # caches are warm from here on
    config = project / "pmlint.toml"
    config.write_text(config.read_text().replace("min-whys = 3", "min-why = 3"))
    output, code, modules = _run(["check", "--no-cache", "."], project, home)
    assert code == 2
    assert output.strip() == (
        "pmlint: error: pmlint.toml: key 'rules.PM301': unknown option 'min-why' "
        "(did you mean 'min-whys'?)"
    )
    assert "pydantic.main" in modules
    config.write_text('fail-on = "sometimes"\n')
    output, code, _ = _run(["check", "--no-cache", "."], project, home)
    assert code == 2 and "pmlint.toml: key 'fail-on': Input should be" in output


def test_a_custom_rule_is_validated_when_its_file_changes(tmp_path: Path) -> None:
    project = tmp_path / "custom"
    shutil.copytree(EXAMPLES / "custom-rules", project)
    home = tmp_path / "xdg"
    args = ["check", "--no-cache", "postmortems"]
    first, _, _ = _run(args, project, home)
    again, _, modules = _run(args, project, home)
    assert modules == [] and again == first and " ACME10" in first
    rule = project / "rules" / "ACME103.toml"
    text = rule.read_text()
    start = text.index("\npattern = ") + 1
    end = text.index("\n", start)
    rule.write_text(text[:start] + "pattern = '(unclosed'" + text[end:])
    output, code, _ = _run(args, project, home)
    assert code == 2
    assert "ACME103.toml: options: pattern: Value error, not a valid regular expression" in output


# -- in-process pieces -----------------------------------------------------------------------


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("PMLINT_NO_CATALOG_CACHE", raising=False)
    memo.forget()
    load_catalog.cache_clear()
    yield tmp_path / "xdg" / "pmlint"
    memo.forget()
    load_catalog.cache_clear()


def test_settings_are_remembered_and_a_damaged_memo_is_rewritten(cache_home: Path) -> None:
    data = {"profile": "default", "select": ["PM4"], "fail-on": "warning"}
    first = parse_settings(data, "test.toml")
    (memo_file,) = cache_home.glob("validated-*.json")
    memo.forget()
    assert parse_settings(data, "test.toml") == first  # from the memo
    memo_file.write_text('{"stamp": "x", "entries": {}}')
    memo.forget()
    assert parse_settings(data, "test.toml") == first  # validated again, and rewritten
    assert json.loads(memo_file.read_text())["entries"]
    stored = json.loads(memo_file.read_text())
    next(iter(stored["entries"].values()))["fail_on"] = "never"  # the checksum now fails
    memo_file.write_text(json.dumps(stored))
    memo.forget()
    assert parse_settings(data, "test.toml").fail_on == "warning"
    with pytest.raises(ConfigError, match="key 'fail-on'"):
        parse_settings({"fail-on": "sometimes"}, "test.toml")


def test_remembered_settings_are_copies(cache_home: Path) -> None:
    first = parse_settings({"select": ["PM4"]}, "test.toml")
    assert first.select is not None
    first.select.append("PM5")
    assert parse_settings({"select": ["PM4"]}, "test.toml").select == ["PM4"]


def test_settings_made_by_a_program_are_validated() -> None:
    assert Settings() == default_settings()
    assert repr(Settings(select=["PM4"])).startswith("Settings(profile='default', select=['PM4']")
    with pytest.raises(Exception, match="1 validation error for Settings"):
        Settings(fail_on="sometimes")  # type: ignore[arg-type]


def test_option_values_are_read_only_plain_and_picklable(cache_home: Path) -> None:
    catalog = load_catalog()
    rules = build_rules(catalog, catalog.profile("default"), select=["ALL"])
    for rule in rules:
        assert type(rule.options) is OptionValues
        assert pickle.loads(pickle.dumps(rule.options)) == rule.options
        assert decode_values(json.loads(json.dumps(encode_values(rule.options)))) == rule.options
    options = rules[0].options
    with pytest.raises(AttributeError, match="read-only"):
        options.kind = "other"


def test_the_options_base_class_is_still_exported() -> None:
    from pmlint.checks import Options
    from pmlint.checks.options import Options as Base

    assert Options is Base


def test_every_primitive_names_an_options_model_that_exists() -> None:
    from pmlint.checks import load_builtin_checks
    from pmlint.checks.options import Options

    for name, definition in load_builtin_checks().items():
        assert issubclass(definition.options, Options), name
        module = definition.function.__module__.rsplit(".", 1)[-1]
        assert definition.options.__module__ in (
            "pmlint.checks.options",
            f"pmlint.checks.options.{module}",
        )


PRIMITIVES = WRAPPER_TEMPLATE.format(watched='m.startswith(("pmlint.checks.", "pmlint.views."))')


def test_a_run_the_result_cache_answers_imports_no_primitive(tmp_path: Path) -> None:
    """pmlint's own primitives (and the views they read) are imported when they first
    run: a re-run whose every file comes from the cache needs none of them, and its output
    is the first run's."""
    folder = tmp_path / "docs"
    shutil.copytree(EXAMPLES / "bad", folder)
    args = ["check", "--cache-dir", str(tmp_path / "cache"), "--format", "json", str(folder)]
    # The catalogue is written, then the results, then both are read.
    first, cold_exit, cold = _run(args, tmp_path, tmp_path / "xdg", PRIMITIVES)
    _run(args, tmp_path, tmp_path / "xdg", PRIMITIVES)
    last, warm_exit, warm = _run(args, tmp_path, tmp_path / "xdg", PRIMITIVES)
    assert any(m.startswith("pmlint.checks.") and m != "pmlint.checks.values" for m in cold)
    assert [m for m in warm if m != "pmlint.checks.values"] == []
    assert last == first and warm_exit == cold_exit == 1
