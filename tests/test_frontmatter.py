"""Tests for pmlint.frontmatter: what counts as front matter, flattening, and hostile input."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from pmlint.document import frontmatter as fm_mod
from pmlint.document.frontmatter import FrontMatter, split_front_matter
from pmlint.document.read import read_source


@pytest.fixture(params=["c", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with libyaml's loader and with the pure-Python fallback."""
    if request.param == "c":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML built without libyaml")
        monkeypatch.setattr(fm_mod, "_Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(fm_mod, "_Loader", yaml.SafeLoader)
    yield request.param


GOOD_YAML = """\
---
title: "Checkout outage"
Severity: SEV-2
Owner : Payments team
authors:
  - alice
  - bob
date: 2024-03-05
---
# Checkout outage

Body text.
"""


def test_no_front_matter() -> None:
    result = split_front_matter("# Title\n\nSome text\n")
    assert result == FrontMatter(data={}, lines={}, end_line=0, error=None, kind=None)


def test_heading_then_thematic_break_is_not_front_matter() -> None:
    text = "# Login outage\n**Date:** 2024-05-01\n**Severity:** SEV-2\n---\n## Summary\n"
    assert split_front_matter(text).end_line == 0


def test_good_yaml(loader: str) -> None:
    result = split_front_matter(GOOD_YAML)
    assert result.error is None
    assert result.kind == "yaml"
    assert result.end_line == 9
    assert result.data == {
        "title": "Checkout outage",
        "severity": "SEV-2",
        "owner": "Payments team",
        "authors": "alice, bob",
        "date": "2024-03-05",
    }
    assert result.lines == {"title": 2, "severity": 3, "owner": 4, "authors": 5, "date": 8}


def test_yaml_scalar_rendering(loader: str) -> None:
    text = (
        "---\n"
        "published: true\n"
        "draft: no\n"
        "start: 14:05\n"
        "version: 1.10\n"
        "count: 3\n"
        "stamp: 2024-01-02 23:30:00 -05:00\n"
        "stamp2: 2024-01-02T10:00:00Z\n"
        "empty:\n"
        "impossible: 2024-02-30\n"
        "quoted: '2024-01-02'\n"
        "folded: >\n  one\n  two\n"
        "---\n"
    )
    result = split_front_matter(text)
    assert result.error is None
    assert result.data == {
        "published": "true",
        "draft": "false",
        "start": "14:05",
        "version": "1.10",
        "count": "3",
        "stamp": "2024-01-02",
        "stamp2": "2024-01-02",
        "empty": "",
        "impossible": "2024-02-30",
        "quoted": "2024-01-02",
        "folded": "one two",
    }


def test_yaml_lists_nested_mappings_and_odd_keys(loader: str) -> None:
    text = (
        "---\n"
        "tags: [security, transparency, 2fa]\n"
        "mixed: [a, {b: 1}]\n"
        "nested_list: [[a], [b]]\n"
        "extra:\n"
        "  team: infra\n"
        "  url: https://example.org\n"
        "? [complex, key]\n"
        ": value\n"
        "dates: [2024-01-01, 2024-01-02]\n"
        "after: kept\n"
        "---\n"
    )
    result = split_front_matter(text)
    assert result.error is None
    assert result.data == {
        "tags": "security, transparency, 2fa",
        "dates": "2024-01-01, 2024-01-02",
        "after": "kept",
    }
    assert result.lines == {"tags": 2, "dates": 10, "after": 11}


def test_duplicate_key_last_wins(loader: str) -> None:
    result = split_front_matter("---\nowner: a\nOwner: b\nowner:\n  nested: 1\nx: 1\n---\n")
    assert result.error is None
    assert result.data == {"x": "1"}
    result = split_front_matter("---\nowner: a\nOwner: b\n---\n")
    assert result.data == {"owner": "b"}
    assert result.lines == {"owner": 3}


def test_dot_fence_closes_yaml(loader: str) -> None:
    result = split_front_matter("---\ntitle: x\n...\nbody\n")
    assert (result.data, result.end_line) == ({"title": "x"}, 3)


def test_fences_may_carry_trailing_spaces(loader: str) -> None:
    result = split_front_matter("---  \ntitle: x\n---\t\nbody\n")
    assert (result.data, result.end_line) == ({"title": "x"}, 3)


def test_bom_before_fence_is_tolerated(loader: str) -> None:
    assert split_front_matter("\ufeff---\ntitle: x\n---\n").data == {"title": "x"}


def test_empty_front_matter() -> None:
    for text in ("---\n---\nbody\n", "---\n# just a comment\n\n---\n"):
        result = split_front_matter(text)
        assert result.kind == "yaml"
        assert result.error is None
        assert result.data == {}
        assert result.end_line == text.split("\n").index("---", 1) + 1


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: x\n",  # never closed
        "---\ntitle: x\n----\n",  # four dashes do not close
        "----\ntitle: x\n---\n",  # four dashes do not open
        "--- \n",
        "---",
        "--- title: x\n---\n",
        " ---\ntitle: x\n---\n",
        "\n---\ntitle: x\n---\n",
    ],
)
def test_not_front_matter(text: str) -> None:
    result = split_front_matter(text)
    assert (result.end_line, result.error, result.kind) == (0, None, None)


def test_markdown_between_thematic_breaks_is_left_alone() -> None:
    text = "---\nThe service went down.\n\n- first\n- second\n\n**Impact:** none\n---\nMore.\n"
    result = split_front_matter(text)
    assert (result.end_line, result.error, result.kind, result.data) == (0, None, None, {})


def test_yaml_parse_error_reports_file_line(loader: str) -> None:
    result = split_front_matter("---\ntitle: x\nbad: a: b\n---\nbody\n")
    assert result.data == {}
    assert result.end_line == 4
    assert result.kind == "yaml"
    assert result.error is not None
    assert result.error.startswith(
        "YAML front matter does not parse: mapping values are not allowed"
    )
    assert result.error.endswith("(line 3)")
    assert "\n" not in result.error


def test_yaml_list_is_an_error(loader: str) -> None:
    result = split_front_matter("---\n- name: a\n- name: b\n---\n")
    assert result.data == {}
    assert result.end_line == 4
    assert result.error == "YAML front matter is a list, not a mapping of keys to values"


def test_yaml_scalar_is_an_error(loader: str) -> None:
    result = split_front_matter("---\n|\n  title: x\n---\n")
    assert result.data == {}
    assert result.error is not None
    assert "single value" in result.error


def test_multiple_documents_are_an_error(loader: str) -> None:
    result = split_front_matter("---\na: 1\n--- b: 2\n---\n")
    assert result.data == {}
    assert result.error == "YAML front matter holds more than one document"


def test_unknown_tags_are_not_constructed(loader: str) -> None:
    text = "---\nobj: !!python/object:os.system echo\nother: !custom value\nok: 1\n---\n"
    result = split_front_matter(text)
    assert result.error is None
    assert result.data["ok"] == "1"
    assert result.data["other"] == "value"


def test_a_harmless_alias_is_still_refused(loader: str) -> None:
    result = split_front_matter("---\nbase: &b x\ncopy: *b\n---\n")
    assert result.data == {}
    assert result.error == "YAML front matter uses aliases (*name), which are not allowed (line 3)"


def _billion_laughs(levels: int = 10) -> str:
    rows = ['lol0: &lol0 "lol"']
    for i in range(1, levels):
        refs = ",".join([f"*lol{i - 1}"] * 10)
        rows.append(f"lol{i}: &lol{i} [{refs}]")
    return "---\n" + "\n".join(rows) + "\n---\n# Body\n"


def test_billion_laughs_is_refused_quickly(loader: str) -> None:
    text = _billion_laughs()
    started = time.perf_counter()
    result = split_front_matter(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.2
    assert result.data == {}
    assert result.lines == {}
    assert result.error is not None
    assert "aliases" in result.error
    assert result.end_line == 12


def test_one_megabyte_front_matter_is_refused_unread(loader: str) -> None:
    text = "---\ntitle: big\nnotes: " + "x" * 1_000_000 + "\n---\nbody\n"
    started = time.perf_counter()
    result = split_front_matter(text)
    assert time.perf_counter() - started < 0.2
    assert result.error == "front matter is larger than 64 KiB; it was not read"
    assert result.data == {}
    assert result.end_line == 4


def test_size_limit_counts_bytes_not_characters() -> None:
    text = "---\nnotes: " + "é" * 40_000 + "\n---\n"  # 40 000 characters, 80 000 bytes
    assert split_front_matter(text).error == "front matter is larger than 64 KiB; it was not read"


@pytest.mark.parametrize(
    "body",
    [
        "a: " + "[" * 20_000 + "]" * 20_000,
        "a: " + "{b: " * 10_000 + "c" + "}" * 10_000,
        "a:\n  " + "- " * 30_000 + "x",
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(80)),
    ],
    ids=["flow-lists", "flow-maps", "compact-lists", "block-maps"],
)
def test_deep_nesting_is_refused_quickly(loader: str, body: str) -> None:
    started = time.perf_counter()
    result = split_front_matter("---\n" + body + "\n---\n")
    assert time.perf_counter() - started < 0.5
    assert result.data == {}
    assert result.error is not None
    assert "nested" in result.error


def test_huge_integer_does_not_crash(loader: str) -> None:
    result = split_front_matter("---\nn: " + "9" * 20_000 + "\n---\n")
    assert result.error is None
    assert result.data["n"] == "9" * 20_000


# ------------------------------------------------------------------ TOML

GOOD_TOML = """\
+++
title = "docs.rs outage"
Authors = ["Pietro", "Jan"]
date = 2019-10-21
updated = 2019-10-22T01:38:00Z
at = 01:38:00
draft = false
weight = 3
"quoted key" = "v"
mixed = [{a = 1}]

[extra]
team = "infra"
+++

Body.
"""


def test_good_toml() -> None:
    result = split_front_matter(GOOD_TOML)
    assert result.error is None
    assert result.kind == "toml"
    assert result.end_line == 14
    assert result.data == {
        "title": "docs.rs outage",
        "authors": "Pietro, Jan",
        "date": "2019-10-21",
        "updated": "2019-10-22",
        "at": "01:38:00",
        "draft": "false",
        "weight": "3",
        "quoted key": "v",
    }
    assert result.lines == {
        "title": 2,
        "authors": 3,
        "date": 4,
        "updated": 5,
        "at": 6,
        "draft": 7,
        "weight": 8,
        "quoted key": 9,
    }


def test_toml_error_reports_file_line() -> None:
    result = split_front_matter('+++\ntitle = "x"\ndate = \n+++\n')
    assert result.kind == "toml"
    assert result.data == {}
    assert result.end_line == 4
    assert result.error is not None
    assert result.error.startswith("TOML front matter does not parse: ")
    assert "(line 3, column" in result.error


def test_toml_duplicate_key_is_an_error() -> None:
    result = split_front_matter("+++\na = 1\na = 2\n+++\n")
    assert result.error is not None
    assert result.data == {}


def test_toml_without_closing_fence_is_not_front_matter() -> None:
    assert split_front_matter('+++\ntitle = "x"\n').end_line == 0


def test_toml_huge_or_deep_values_do_not_crash() -> None:
    for body in ("n = " + "9" * 20_000, "a = " + "[" * 20_000 + "]" * 20_000):
        started = time.perf_counter()
        result = split_front_matter("+++\n" + body + "\n+++\n")
        assert time.perf_counter() - started < 0.5
        assert result.kind == "toml"
        assert result.error is not None
        assert result.data == {}


def test_toml_size_limit() -> None:
    text = '+++\nnotes = "' + "x" * 70_000 + '"\n+++\n'
    assert split_front_matter(text).error == "front matter is larger than 64 KiB; it was not read"


# ------------------------------------------------------------------ with the reader


def test_crlf_file_read_then_split(tmp_path: Path) -> None:
    target = tmp_path / "pm.md"
    target.write_bytes(b"---\r\ntitle: Outage\r\ntags: [a, b]\r\n---\r\n# Outage\r\n")
    result = split_front_matter(read_source(target).text)
    assert result.error is None
    assert result.data == {"title": "Outage", "tags": "a, b"}
    assert result.end_line == 4


def test_utf16_file_with_front_matter(tmp_path: Path) -> None:
    target = tmp_path / "pm.md"
    target.write_bytes("\ufeff+++\r\ntitle = 'Panne'\r\n+++\r\n".encode("utf-16-le"))
    result = split_front_matter(read_source(target).text)
    assert result.data == {"title": "Panne"}


def test_raw_crlf_text_still_works() -> None:
    result = split_front_matter("---\r\ntitle: x\r\n---\r\nbody\r\n")
    assert result.data == {"title": "x"}
    assert result.end_line == 3


@given(st.text(alphabet=st.sampled_from(list("-+.:[]{}&*!|>#'\" \nabk=0")), max_size=120))
def test_never_raises_on_fenced_noise(body: str) -> None:
    for fence in ("---", "+++"):
        result = split_front_matter(f"{fence}\n{body}\n{fence}\n")
        assert isinstance(result, FrontMatter)
        assert result.error is None or "\n" not in result.error
        if result.error is not None:
            assert result.data == {}
        assert all(isinstance(v, str) for v in result.data.values())


def test_keys_are_stripped_and_lower_cased(loader: str) -> None:
    result = split_front_matter('---\n"  Incident ID  ": INC-7\nSTATUS: Resolved\n---\n')
    assert result.data == {"incident id": "INC-7", "status": "Resolved"}
    assert result.lines == {"incident id": 2, "status": 3}
