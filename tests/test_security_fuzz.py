"""Fuzzing what a pull request controls besides the post-mortems: configuration files and
front matter. Whatever they hold, pmlint answers with findings or a one-line error (status
2), never a traceback or an internal error."""

from __future__ import annotations

import json
import math
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.api import lint_text
from pmlint.cli import main
from pmlint.run.runner import clear_caches

KEYS = [
    "profile",
    "select",
    "ignore",
    "extend-select",
    "fail-on",
    "exclude",
    "include",
    "rule-paths",
    "severity",
    "rules",
    "PM402",
    "min-whys",
    "tool",
    "pmlint",
]

scalars = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["default", "generic", "PM4", "PM999", "error", "off", "ALL", "..", "/"]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.booleans(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


configs = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), values, max_size=6).map(
        lambda table: "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in table.items())
    ),
    st.binary(max_size=200).map(lambda data: data.decode("latin-1")),
    st.text(max_size=200),
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_text("# Title\n\n## Impact\n\n3 users\n", encoding="utf-8")
    previous = signal.getsignal(signal.SIGTERM)
    yield tmp_path
    signal.signal(signal.SIGTERM, previous)
    clear_caches()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=configs, name=st.sampled_from(["pmlint.toml", "pyproject.toml"]))
def test_any_configuration_gives_findings_or_one_line(folder: Path, text: str, name: str) -> None:
    for old in ("pmlint.toml", "pyproject.toml"):
        (folder / old).unlink(missing_ok=True)
    if name == "pyproject.toml":
        text = "[tool.pmlint]\n" + text
    (folder / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    clear_caches()
    result = CliRunner().invoke(main, ["check", "--no-cache", "doc.md"], catch_exceptions=True)
    assert result.exit_code in (0, 1, 2), result.output
    if isinstance(result.exception, Exception):
        raise result.exception
    assert "internal error" not in result.stderr
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("pmlint: error: "), result.stderr


tags = st.sampled_from(
    [
        "",
        "!!bool ",
        "!!timestamp ",
        "!!int ",
        "!!float ",
        "!!str ",
        "!!null ",
        "!!binary ",
        "!!set ",
        "!!omap ",
        "!!python/object ",
        "!custom ",
    ]
)
front_values = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=15),
    st.sampled_from(["maybe", "garbage", "2024-02-30", "12:30", "[1, [2", "{a: b}", "&x 1", "*x"]),
)


@settings(max_examples=80, deadline=None)
@given(
    fields=st.lists(
        st.tuples(
            st.sampled_from(["date", "severity", "status", "title", "owner", "x"]),
            tags,
            front_values,
        ),
        max_size=5,
    ),
    fence=st.sampled_from(["---", "+++"]),
)
def test_any_front_matter_gives_findings_not_crashes(
    fields: list[tuple[str, str, str]], fence: str
) -> None:
    separator = " = " if fence == "+++" else ": "
    body = "".join(f"{key}{separator}{tag}{value}\n" for key, tag, value in fields)
    text = f"{fence}\n{body}{fence}\n# Title\n\n## Impact\n\n3 users\n"
    findings = lint_text(text, "doc.md")
    crashed = [f.message for f in findings if f.code == "PM003"]
    assert not crashed
    assert "PM111" in {f.code for f in findings}  # the document's own findings stay
