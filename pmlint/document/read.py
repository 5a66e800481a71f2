"""Turn a file on disk into decoded text, or a one-line reason why it cannot be read.

Every later stage wants plain `str` with `\\n` line endings, and the CLI wants a short message
instead of a traceback when a file is missing, binary, or in the wrong encoding. So all the
ways reading can fail end here as `ReadError`; nothing from `OSError` escapes.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat

__all__ = ["ReadError", "Source", "decode", "read_source", "too_large"]

_UTF8_BOM = codecs.BOM_UTF8
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_WIDE_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Opening without O_NONBLOCK would hang forever on a FIFO named on the command line.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class Source:
    """One decoded file: the text every stage reads, and the digest the cache keys on,
    taken from the raw bytes when first asked for (a run without a cache never needs it)."""

    __slots__ = ("_data", "_digest", "path", "text")

    def __init__(self, path: str, text: str, data: bytes) -> None:
        self.path = path  # as given / displayed
        self.text = text  # decoded, BOM stripped, CRLF and lone CR turned into LF
        self._data = data
        self._digest: str | None = None

    @property
    def digest(self) -> str:
        """Hex SHA-256 of the raw bytes."""
        if self._digest is None:
            # Lazy for start-up time; asked for by the result cache and the incident index,
            # which load hashlib themselves, so its fast digest costs nothing more here.
            import hashlib

            self._digest = hashlib.sha256(self._data).hexdigest()
            self._data = b""  # no longer needed
        return self._digest

    def __repr__(self) -> str:
        return f"Source(path={self.path!r}, {len(self.text)} characters)"


class ReadError(Exception):
    """A file could not be read as text; `str(err)` is a one-line message for the user."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


def _line_of(prefix: str | bytes) -> int:
    """1-based line on which the end of `prefix` falls, counting LF, CRLF and lone CR."""
    if isinstance(prefix, bytes):
        return prefix.count(b"\n") + prefix.count(b"\r") - prefix.count(b"\r\n") + 1
    return prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1


def _decode_wide(data: bytes, codec: str, label: str, path: str) -> str:
    """Decode a UTF-16/32 file that announced itself with a byte-order mark."""
    try:
        text = data.decode(codec)  # the codec reads and drops the BOM itself
    except UnicodeDecodeError as exc:
        where = exc.start
        try:
            line = _line_of(data[:where].decode(codec))
        except UnicodeDecodeError:
            line = 1
        raise ReadError(
            f"not {label} text: {exc.reason} at offset {where} (line {line})", path
        ) from None
    if "\x00" in text:
        raise ReadError("binary file (NUL bytes)", path)
    return text


def _decode_utf8(data: bytes, path: str) -> str:
    """Decode UTF-8, naming the first bad byte so the user can find it."""
    if b"\x00" in data:
        raise ReadError("binary file (NUL bytes)", path)
    try:
        text = str(data, "utf-8")
    except UnicodeDecodeError as exc:
        where = exc.start
        line = _line_of(data[:where])
        if "unexpected end" in exc.reason:
            what = f"truncated character at offset {where}"
        else:
            what = f"invalid byte 0x{data[where]:02x} at offset {where}"
        raise ReadError(f"not UTF-8 text: {what} (line {line})", path) from None
    # Decoding the whole buffer (not data[3:]) keeps error offsets relative to the file.
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def decode(data: bytes, path: str = "<text>") -> Source:
    """Decode raw bytes the way pmlint reads every file.

    UTF-8 with or without a BOM, and UTF-16/UTF-32 with a BOM (what Windows editors write).
    Raises ReadError for binary data or invalid encoding.
    """
    text: str | None = None
    if data[:1] in (b"\xff", b"\xfe", b"\x00"):
        for bom, codec, label in _WIDE_BOMS:
            if data.startswith(bom):
                text = _decode_wide(data, codec, label, path)
                break
    if text is None:
        text = _decode_utf8(data, path)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path, text, data)


def _os_message(exc: OSError, path: str) -> str:
    """Map an OSError from open/read to the short phrase the user sees."""
    code = exc.errno
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        if os.path.islink(path):
            return "broken symlink (its target does not exist)"
        return "no such file"
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return "is a directory"
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        # Windows refuses to open a directory with "permission denied".
        return "is a directory" if os.path.isdir(path) else "permission denied"
    if code == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return "no such file (a parent in the path is not a directory)"
    if code == errno.ENAMETOOLONG:
        return "file name too long"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot read: {reason[:1].lower()}{reason[1:]}"


def too_large(size: int, limit: int) -> str:
    """The reason given for a file over the size limit."""
    return f"too large ({size:,} bytes; the limit is {limit:,}, see --max-file-size)"


def _read_bytes(path: str, max_bytes: int | None = None) -> bytes:
    """Read a regular file in one go; refuse directories, FIFOs, devices and, with
    `max_bytes`, files larger than that (before reading them)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        if not stat.S_ISREG(mode):
            raise ReadError("not a regular file", path)
        if max_bytes is not None and info.st_size > max_bytes:
            raise ReadError(too_large(info.st_size, max_bytes), path)
        handle = open(fd, "rb", closefd=True)  # noqa: SIM115 - closed just below
    except BaseException:
        os.close(fd)
        raise
    with handle:
        if max_bytes is None:
            return handle.read()
        # Asked for the size fstat gave and one byte more: a read of the whole limit would
        # allocate (and page in) megabytes for every file of a few kilobytes.
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:  # it grew since fstat: read on, up to the limit
            data += handle.read(max_bytes + 1 - len(data))
        if len(data) > max_bytes:
            raise ReadError(too_large(len(data), max_bytes), path)
        return data


def read_source(
    path: str | os.PathLike[str], display: str | None = None, max_bytes: int | None = None
) -> Source:
    """Read and decode one file; `display` is the name findings will show (default: `path`);
    a file larger than `max_bytes` is a `ReadError`."""
    real = os.fspath(path)
    shown = real if display is None else display
    try:
        data = _read_bytes(real, max_bytes)
    except ReadError as exc:
        exc.path = shown
        raise
    except OSError as exc:
        raise ReadError(_os_message(exc, real), shown) from None
    except ValueError:  # a NUL inside the path itself
        raise ReadError("invalid file name", shown) from None
    return decode(data, shown)
