"""Compiled patterns kept between runs (`pmlint.util.recache`) must be exactly what
`re.compile` makes, and any doubt about the kept file must mean compiling as usual."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmlint.util import recache

ROOT = Path(__file__).resolve().parents[1]

SAMPLES = [
    (r"(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2}))?", 0),
    (r"\bwhy\b[^?\n]{0,400}\?", re.IGNORECASE),
    (r"(?x) ^ \s* (?:date|day) \s* [:\-–—]? ", 0),
    (r"(?<![\w-])(?:done|fixed)(?![\w-])|✅", re.IGNORECASE | re.MULTILINE),
    ("(?!)", 0),
    ("(?P<dash>[—–])\n\t(?P=dash)", re.VERBOSE),  # a newline, a tab, other characters
]


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty state with the cache folder in `tmp_path`; the process's own state
    is put back afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("PMLINT_NO_CATALOG_CACHE", raising=False)
    saved = dict(recache._STATE)
    recache._STATE.clear()
    recache._STATE["dirty"] = True  # the test saves by hand: no exit handler
    yield tmp_path
    recache._STATE.clear()
    recache._STATE.update(saved)


def _fresh() -> None:
    """Forget what was read, as a new process would."""
    recache._STATE.clear()
    recache._STATE["dirty"] = True


def _same(made: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert made == expected  # the same pattern, flags and engine code
    assert made.groupindex == expected.groupindex
    assert made.groups == expected.groups
    assert made.flags == expected.flags


def test_kept_patterns_are_those_re_compile_makes(kept: Path) -> None:
    for pattern, flags in SAMPLES:
        _same(recache.compiled(pattern, flags), pattern, flags)
    recache._save()
    files = list((kept / "pmlint").glob("patterns-*.txt"))
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o077 == 0  # the owner's only
    _fresh()
    for pattern, flags in SAMPLES:
        made = recache.compiled(pattern, flags)
        _same(made, pattern, flags)
        assert made.fullmatch("12:34") is None or made.fullmatch("12:34")["m"] == "34"
    assert len(recache._STATE["table"]) == len(SAMPLES)


def _damaged_lines(data: bytes) -> bytes:
    """Every entry's code changed by one character (its CRC left as it was)."""
    lines = data.split(b"\n")
    for index in range(1, len(lines)):
        at = lines[index].index(b'"', lines[index].index(b"\t[") + 6) - 2
        changed = b"A" if lines[index][at : at + 1] != b"A" else b"B"
        lines[index] = lines[index][:at] + changed + lines[index][at + 1 :]
    return b"\n".join(lines)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-40],  # cut short
        _damaged_lines,
        lambda data: data.replace(b"[0-9]", b"[0-8]", 1),  # a changed pattern
        lambda data: b"another engine" + data[data.index(b"\n") :],
        lambda data: b"",
        lambda data: b"\xff\xfe not a cache at all",
        lambda data: data.replace(b"\t", b"\t\t"),
    ],
)
def test_a_damaged_file_is_ignored_and_rewritten(kept: Path, damage: object) -> None:
    for pattern, flags in SAMPLES:
        recache.compiled(pattern, flags)
    recache._save()
    (target,) = (kept / "pmlint").glob("patterns-*.txt")
    target.write_bytes(damage(target.read_bytes()))  # type: ignore[operator]
    _fresh()
    for pattern, flags in SAMPLES:
        _same(recache.compiled(pattern, flags), pattern, flags)
    recache._save()
    _fresh()
    for pattern, flags in SAMPLES:
        recache.compiled(pattern, flags)
    assert "dirty" in recache._STATE and len(recache._STATE["used"]) == len(SAMPLES)
    _fresh()
    recache._STATE.pop("dirty")
    for pattern, flags in SAMPLES:  # all kept again: nothing new to write
        recache.compiled(pattern, flags)
    assert "dirty" not in recache._STATE
    recache._STATE["dirty"] = True


def test_the_file_keeps_this_runs_patterns_first_and_stays_small(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recache, "KEEP_ENTRIES", 3)
    for number in range(5):
        recache.compiled(f"old{number}")
    recache._save()
    _fresh()
    recache.compiled("new")
    recache._save()
    _fresh()
    recache._load()
    kept_keys = list(recache._STATE["table"])
    assert len(kept_keys) == 3 and kept_keys[0] == ascii("0:new")


def test_an_entry_the_engine_refuses_means_compiling_as_usual(kept: Path) -> None:
    pattern, flags = SAMPLES[0]
    recache._load()
    key = ascii(f"{flags}:{pattern}")
    for broken in (
        [0, "AAAA", 0, {}, []],  # code the engine's checker refuses
        [0, "AAA", 0, {}, []],  # not whole code words
        "not an entry",
        [0, None, 0, {}, []],
    ):
        payload = recache.json.dumps(broken)
        recache._STATE["table"][key] = f"{recache._crc(key, payload):08x}\t{payload}"
        _same(recache.compiled(pattern, flags), pattern, flags)
    recache._STATE["table"][key] = "zz\tnot json"
    _same(recache.compiled(pattern, flags), pattern, flags)


def test_nothing_is_kept_when_the_cache_is_off(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMLINT_NO_CATALOG_CACHE", "1")
    _fresh()
    for pattern, flags in SAMPLES:
        _same(recache.compiled(pattern, flags), pattern, flags)
    recache._save()
    assert not (kept / "pmlint").exists()


def test_a_check_run_keeps_its_patterns_and_finds_the_same(tmp_path: Path) -> None:
    """Two fresh processes, the first filling the file, the second reading it: the same
    report; and every kept entry makes exactly what `re.compile` makes."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("PMLINT_NO_CATALOG_CACHE", None)
    args = [sys.executable, "-m", "pmlint", "check", "--no-cache", str(ROOT / "examples")]
    runs = [subprocess.run(args, env=env, capture_output=True, text=True) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and runs[0].returncode == runs[1].returncode
    assert "Traceback" not in runs[1].stderr
    (target,) = (tmp_path / "pmlint").glob("patterns-*.txt")
    stamp = target.stat().st_mtime_ns
    subprocess.run(args, env=env, capture_output=True, check=False)
    assert target.stat().st_mtime_ns == stamp  # nothing new: not written again
    lines = target.read_text(encoding="ascii").split("\n")
    assert lines[0] == recache._ENGINE and len(lines) > 50
    for line in lines[1:]:
        key, _, rest = line.partition("\t")
        flags, _, pattern = ast.literal_eval(key).partition(":")  # an ascii() of a string
        made = recache._from_line(pattern, key, rest)
        assert made is not None, pattern
        _same(made, pattern, int(flags))
