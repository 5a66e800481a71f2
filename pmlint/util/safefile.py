"""Reading files a pull request controls without being turned against the reader.

Configuration, rule, profile and baseline files, and cache entries, come with the
repository being checked: any of them may be a symlink to `/dev/zero`, a FIFO that never
delivers, a multi-gigabyte file, or a symlink leading out of the repository. `read_bounded`
opens without blocking, accepts only regular files, refuses a file larger than its limit
before reading it, and (with `follow=False`) refuses a symlink. Every refusal is an
`OSError` whose `strerror` is a short phrase, so callers that already report `OSError`s by
file name report these the same way.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["CONFIG_LIMIT", "FileRefused", "read_bounded", "write_new"]

CONFIG_LIMIT = 1024 * 1024  # configuration, rule and profile files: 1 MiB is plenty

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class FileRefused(OSError):
    """A file that is not read: not a regular file, too large, or a symlink."""

    def __init__(self, reason: str, path: str) -> None:
        super().__init__(errno.EINVAL, reason, path)


def read_bounded(path: str | os.PathLike[str], limit: int, *, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `FileRefused` (an OSError)
    for anything else, other OSErrors as they come."""
    name = os.fspath(path)
    flags = _FLAGS | _CLOEXEC | (0 if follow else _NOFOLLOW)
    try:
        fd = os.open(name, flags)
    except OSError as error:
        if not follow and error.errno == errno.ELOOP:
            raise FileRefused("is a symlink (not followed)", name) from None
        raise
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused("is a directory", name)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("not a regular file (a device, FIFO or socket)", name)
        if info.st_size > limit:
            raise FileRefused(f"too large ({info.st_size:,} bytes; the limit is {limit:,})", name)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise FileRefused(f"too large (over {limit:,} bytes)", name)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_new(path: str | os.PathLike[str], data: bytes, mode: int = 0o644) -> None:
    """Create `path` with `data`; never through a symlink, never over an existing file
    (FileExistsError then)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | getattr(os, "O_BINARY", 0)
    fd = os.open(os.fspath(path), flags, mode)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)
