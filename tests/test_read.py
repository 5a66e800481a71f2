"""Tests for pmlint.read: decoding rules and the mapping of every OS failure to ReadError."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmlint.document import read as read_mod
from pmlint.document.read import ReadError, Source, decode, read_source

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _symlink(target: Path | str, link: Path) -> None:
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")


# ------------------------------------------------------------------ decode


def test_plain_utf8_and_digest_of_raw_bytes() -> None:
    raw = "# Outage\n\nCafé ☕ at 14:05\n".encode()
    src = decode(raw, "x.md")
    assert isinstance(src, Source)
    assert src.path == "x.md"
    assert src.text == "# Outage\n\nCafé ☕ at 14:05\n"
    assert src.digest == hashlib.sha256(raw).hexdigest()


def test_default_path_name() -> None:
    assert decode(b"hi").path == "<text>"


def test_utf8_bom_is_stripped_but_digest_covers_it() -> None:
    raw = codecs.BOM_UTF8 + b"# Title\n"
    src = decode(raw)
    assert src.text == "# Title\n"
    assert src.digest == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"a\rb\r", "a\nb\n"),
        (b"a\r\n\rb\n", "a\n\nb\n"),
        (b"a\r\r\nb", "a\n\nb"),
        (b"no returns\n", "no returns\n"),
    ],
)
def test_line_endings_are_normalised(raw: bytes, expected: str) -> None:
    assert decode(raw).text == expected


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_with_bom(codec: str) -> None:
    text = "# Panne réseau\r\n\r\nÉtape 1 — 14:05\r\n"
    boms = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }
    raw = boms[codec] + text.encode(codec)
    src = decode(raw, "win.md")
    assert src.text == "# Panne réseau\n\nÉtape 1 — 14:05\n"
    assert src.digest == hashlib.sha256(raw).hexdigest()


def test_truncated_utf16_is_a_read_error() -> None:
    raw = codecs.BOM_UTF16_LE + "ab\n".encode("utf-16-le") + b"c"
    with pytest.raises(ReadError, match=r"^not UTF-16 text: .* at offset 8 \(line 2\)$"):
        decode(raw)


def test_utf16_text_with_nul_characters_is_binary() -> None:
    raw = codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le")
    with pytest.raises(ReadError, match="binary file"):
        decode(raw)


def test_invalid_utf8_names_offset_and_line() -> None:
    raw = b"ok\nline two \xff rest\n"
    with pytest.raises(ReadError) as info:
        decode(raw, "bad.md")
    assert str(info.value) == "not UTF-8 text: invalid byte 0xff at offset 12 (line 2)"
    assert info.value.path == "bad.md"


def test_invalid_utf8_offset_counts_the_bom() -> None:
    raw = codecs.BOM_UTF8 + b"a\xe9b"  # Latin-1 "é" after a UTF-8 BOM
    with pytest.raises(ReadError, match=r"invalid byte 0xe9 at offset 4 \(line 1\)"):
        decode(raw)


def test_invalid_utf8_line_counts_lone_cr() -> None:
    with pytest.raises(ReadError, match=r"\(line 3\)$"):
        decode(b"a\rb\r\nc\x80")


def test_truncated_utf8_at_end() -> None:
    raw = "x€".encode()[:-1]
    with pytest.raises(ReadError, match=r"truncated character at offset 1 \(line 1\)"):
        decode(raw)


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(ReadError, match=r"^binary file \(NUL bytes\)$"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_utf16_without_bom_is_binary() -> None:
    with pytest.raises(ReadError, match="binary"):
        decode("hello".encode("utf-16-le"))


def test_empty_input() -> None:
    src = decode(b"")
    assert src.text == ""
    assert src.digest == hashlib.sha256(b"").hexdigest()


@given(st.binary(max_size=256))
def test_decode_never_raises_anything_but_read_error(raw: bytes) -> None:
    try:
        src = decode(raw)
    except ReadError as exc:
        assert "\n" not in str(exc)
    else:
        assert "\r" not in src.text
        assert not src.text.startswith("\ufeff")


@given(st.text(max_size=200))
def test_any_utf8_text_round_trips(text: str) -> None:
    if "\x00" in text:
        return
    expected = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert decode(text.encode()).text == expected


# ------------------------------------------------------------------ read_source


def test_read_source_reads_a_file(tmp_path: Path) -> None:
    target = tmp_path / "pm.md"
    target.write_bytes(b"# Title\r\nbody\r\n")
    src = read_source(target)
    assert src.path == str(target)
    assert src.text == "# Title\nbody\n"
    assert src.digest == hashlib.sha256(b"# Title\r\nbody\r\n").hexdigest()


def test_read_source_display_name(tmp_path: Path) -> None:
    target = tmp_path / "pm.md"
    target.write_text("x", encoding="utf-8")
    assert read_source(str(target), display="docs/pm.md").path == "docs/pm.md"


def test_display_name_is_used_in_errors_too(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_source(tmp_path / "gone.md", display="gone.md")
    assert info.value.path == "gone.md"
    target = tmp_path / "bin.md"
    target.write_bytes(b"\x00")
    with pytest.raises(ReadError) as info:
        read_source(target, display="bin.md")
    assert info.value.path == "bin.md"


def test_non_ascii_path_with_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "post mortems été"
    folder.mkdir()
    target = folder / "panne du réseau ☁.md"
    target.write_text("# Panne\n", encoding="utf-8")
    assert read_source(target).text == "# Panne\n"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^no such file$"):
        read_source(tmp_path / "nope.md")


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file.md").write_text("x", encoding="utf-8")
    with pytest.raises(ReadError, match=r"^no such file"):
        read_source(tmp_path / "file.md" / "child.md")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^is a directory$"):
        read_source(tmp_path)


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32", reason="root can read anything")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    target = tmp_path / "secret.md"
    target.write_text("x", encoding="utf-8")
    target.chmod(0)
    try:
        assert not os.access(target, os.R_OK)
        with pytest.raises(ReadError, match=r"^permission denied$"):
            read_source(target)
    finally:
        target.chmod(0o600)


def test_permission_denied_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "secret.md"
    target.write_text("x", encoding="utf-8")

    def refuse(path: str, flags: int, mode: int = 0o777) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(read_mod.os, "open", refuse)
    with pytest.raises(ReadError, match=r"^permission denied$"):
        read_source(target)


def test_file_vanishing_before_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "listed.md"
    target.write_text("x", encoding="utf-8")
    real_open = os.open

    def vanish(path: str, flags: int, mode: int = 0o777) -> int:
        os.unlink(path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(read_mod.os, "open", vanish)
    with pytest.raises(ReadError, match=r"^no such file$"):
        read_source(target)


def test_other_os_errors_become_read_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "disk.md"
    target.write_text("x", encoding="utf-8")

    def broken(path: str, flags: int, mode: int = 0o777) -> int:
        raise OSError(errno.EIO, "Input/output error", path)

    monkeypatch.setattr(read_mod.os, "open", broken)
    with pytest.raises(ReadError, match=r"^cannot read: input/output error$"):
        read_source(target)


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    _symlink(tmp_path / "missing-target.md", link)
    with pytest.raises(ReadError, match=r"^broken symlink"):
        read_source(link)


def test_symlink_loop(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    _symlink(b, a)
    _symlink(a, b)
    with pytest.raises(ReadError, match=r"^symlink loop"):
        read_source(a)


def test_symlink_to_file_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("# Real\n", encoding="utf-8")
    link = tmp_path / "alias.md"
    _symlink(target, link)
    assert read_source(link).text == "# Real\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match=r"^not a regular file$"):
        read_source(fifo)


def test_nul_in_file_name(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^invalid file name$"):
        read_source(str(tmp_path / "a\x00b.md"))


def test_no_file_descriptor_leaks(tmp_path: Path) -> None:
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc")
    good = tmp_path / "ok.md"
    good.write_text("x", encoding="utf-8")
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        read_source(good)
        with pytest.raises(ReadError):
            read_source(tmp_path)
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_file_larger_than_its_stat_size_is_read_whole() -> None:
    """Files under /proc say they are empty and are not: reading asks for the size fstat
    gave and one byte more, then reads on (up to the limit) when that byte comes."""
    source = read_source("/proc/self/status", max_bytes=1_000_000)
    assert source.text.startswith("Name:") and "Pid:" in source.text
    with pytest.raises(ReadError, match="too large"):
        read_source("/proc/self/status", max_bytes=10)


def test_a_file_grown_past_the_limit_after_fstat_is_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.md"
    path.write_bytes(b"# small\n")
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:  # the size before the file grew
        info = real_fstat(fd)
        path.write_bytes(b"x" * 100)
        return info

    monkeypatch.setattr(read_mod.os, "fstat", stale_fstat)
    with pytest.raises(ReadError, match="too large"):
        read_source(path, max_bytes=50)
