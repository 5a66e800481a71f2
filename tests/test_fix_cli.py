"""`pmlint check --fix`, `--diff`, `--fix-only`, `--unsafe-fixes` and `--add-suppressions`."""

from __future__ import annotations

import codecs
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SHARED

from pmlint.cli import main

BAD = ROOT / "examples" / "bad"
GOOD = ROOT / "examples" / "good" / "2026-03-09-search-index-stall.md"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", *args])
    # The bytes as written: click's `stdout` turns CRLF into LF.
    return result.exit_code, result.stdout_bytes.decode(), result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".pmlint_cache" not in p.parts
    }


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bad examples, one of them with CRLF line endings and a BOM, one read-only
    for others (mode 0640)."""
    folder = tmp_path / "docs"
    shutil.copytree(BAD, folder, ignore=shutil.ignore_patterns("*.expected"))
    dates = folder / "bad-dates-and-order.md"
    text = dates.read_bytes().replace(b"\n", b"\r\n")
    dates.write_bytes(codecs.BOM_UTF8 + text)
    os.chmod(folder / "half-detection-gap-and-follow-up.md", 0o640)
    # A BOM on a file whose unsafe fix edits its first line.
    header = folder / "missing-title-and-header.md"
    header.write_bytes(codecs.BOM_UTF8 + header.read_bytes())
    monkeypatch.chdir(tmp_path)
    return folder


def test_diff_writes_nothing_and_applies_with_patch(docs: Path, tmp_path: Path) -> None:
    before = tree(docs)
    status, out, err = invoke("--diff", "--unsafe-fixes", "docs")
    assert status == 1, err
    assert tree(docs) == before
    assert "--- a/docs/bad-dates-and-order.md" in out and "+++ b/docs/" in out
    assert "\r\n" in out  # the CRLF file's lines keep their endings
    assert "would fix" in err

    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    copy = tmp_path / "copy"
    shutil.copytree(docs, copy / "docs")
    done = subprocess.run(
        ["patch", "-p1", "--quiet", "--batch"], input=out.encode(), cwd=copy, capture_output=True
    )
    assert done.returncode == 0, done.stdout + done.stderr

    status, _out, err = invoke("--fix-only", "--unsafe-fixes", "docs")
    assert status == 0, err
    assert tree(copy / "docs") == tree(docs)  # patch gave the bytes --fix wrote


def test_diff_of_clean_files_is_empty(docs: Path) -> None:
    shutil.copy(GOOD, docs.parent / "good.md")
    status, out, _err = invoke("--diff", "--unsafe-fixes", "good.md")
    assert (status, out) == (0, "")


def test_fix_writes_atomically_keeps_mode_and_is_stable(docs: Path) -> None:
    link = docs.parent / "link.md"
    link.symlink_to(docs / "untagged-factors.md")
    status, out, err = invoke("--fix", "docs", "link.md")
    assert status == 1  # remaining findings are reported
    assert "pmlint: fixed 2 problems in 2 files" in err
    assert "PM802" not in out and "PM801" not in out and "PM407" in out
    assert stat.S_IMODE((docs / "half-detection-gap-and-follow-up.md").stat().st_mode) == 0o640
    assert "90-day review" in (docs / "half-detection-gap-and-follow-up.md").read_text()
    assert link.is_symlink()
    assert not [p for p in docs.iterdir() if p.name.startswith(".")]  # no temporary files
    dates = (docs / "bad-dates-and-order.md").read_bytes()
    assert dates.startswith(codecs.BOM_UTF8) and b"2026-02-13" in dates
    assert b"\n" not in dates.replace(b"\r\n", b"")

    after = tree(docs)
    status, _out, err = invoke("--fix", "--unsafe-fixes", "docs")
    unsafe_done = tree(docs)
    assert unsafe_done != after  # unsafe fixes only came with the flag
    status, out, err = invoke("--diff", "--unsafe-fixes", "docs")
    assert (status, out) == (0, "")
    assert tree(docs) == unsafe_done


def test_fix_only_reports_nothing(docs: Path) -> None:
    status, out, err = invoke("--fix-only", "docs")
    assert status == 0 and out == ""
    assert "fixed 2 problems in 2 files" in err
    assert "more with --unsafe-fixes" in err


def test_fix_refuses_standard_input() -> None:
    status, _out, err = invoke("--fix", "-")
    assert status == 2 and "not `-`" in err


def test_add_suppressions_then_clean(docs: Path) -> None:
    status, _out, err = invoke("--add-suppressions", "docs")
    assert status == 0 and "added" in err, err
    status, out, err = invoke("--fail-on", "info", "docs")
    assert status == 0 and "no problems" in out, out
    dates = (docs / "bad-dates-and-order.md").read_bytes()
    assert dates.startswith(codecs.BOM_UTF8) and b"pmlint-disable" in dates
    assert b"\n" not in dates.replace(b"\r\n", b"")
    # Nothing more to add.
    before = tree(docs)
    status, _out, err = invoke("--add-suppressions", "docs")
    assert status == 0 and tree(docs) == before


def test_add_suppressions_on_real_post_mortems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = SHARED / "corpus" / "real"
    if not corpus.is_dir():
        pytest.skip("shared corpus not found")
    shutil.copytree(corpus, tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    status, out, _err = invoke("-q", "real")
    assert status == 1 and out.count("\n") > 1000
    status, _out, err = invoke("--add-suppressions", "real")
    assert status == 0, err
    status, out, _err = invoke("-q", "--fail-on", "info", "real")
    assert (status, out) == (0, ""), out[:2000]


def test_rules_and_explain_show_the_fix() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules"]).stdout
    line = next(row for row in listed.splitlines() if row.startswith("PM202 "))
    assert " safe " in line
    assert " unsafe " in next(row for row in listed.splitlines() if row.startswith("PM407 "))
    explained = runner.invoke(main, ["explain", "PM802"]).stdout
    assert "Fix: **safe**" in explained
    rows = runner.invoke(main, ["rules", "--format", "json"]).stdout
    assert '"fix": "unsafe"' in rows and '"fix": null' in rows


def test_unreadable_and_unwritable_files(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (docs / "binary.md").write_bytes(b"\x00\x01 not text")
    status, _out, err = invoke("--fix-only", "docs")
    assert status == 0 and "binary.md: not fixed: binary file" in err

    from pmlint.fix import files

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    shutil.copy(BAD / "bad-dates-and-order.md", docs / "again.md")
    monkeypatch.setattr(files, "write_atomic", refuse)
    before = (docs / "again.md").read_bytes()
    status, _out, err = invoke("--fix-only", "docs")
    assert status == 2 and "again.md: cannot write: Permission denied" in err
    assert (docs / "again.md").read_bytes() == before


def test_a_failed_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmlint.fix.files import write_atomic

    target = tmp_path / "doc.md"
    target.write_bytes(b"old")
    os.chmod(target, 0o604)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o604

    def fail(source: str, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"newer")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]
