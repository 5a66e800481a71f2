"""Files remembered between runs: where they live, how they are written and checked.

Every such file is untrusted input: it carries a stamp (pmlint's version) and a checksum of
its payload, is written atomically, and one that does not match is ignored and rewritten.
Keys include a fingerprint of pmlint's own source, so an edit to pmlint invalidates them
even when the version number stays the same (editable installs, development).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from pmlint.util.digest import sha256
from pmlint.util.version import __version__

# The stamp of files kept in the user's cache folder; unchanged from when these files were
# written by the result cache's module, so existing caches stay valid.
STAMP = f"pmlint {__version__} cache 2"
PACKAGE = Path(__file__).resolve().parents[1]  # the pmlint package folder


def user_cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/pmlint` (default `~/.cache/pmlint`); None when turned off."""
    if os.environ.get("PMLINT_NO_CATALOG_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pmlint"


def _source_fingerprint() -> str:
    """Name, size and mtime of pmlint's own modules."""
    lines: list[str] = []
    folders = [str(PACKAGE)]
    while folders:
        below: list[str] = []
        lines += stamps(folders.pop(), ".py", below)
        below = [path for path in below if os.path.basename(path) != "__pycache__"]
        folders += sorted(below, reverse=True)
    return sha256("".join(lines).encode()).hexdigest()


def stamps(folder: str, suffix: str, below: list[str] | None = None) -> list[str]:
    """`path:size:mtime` lines of the files of `folder` named `*suffix`, sorted by name (an
    unreadable folder or file has none): what a cache keys on to see a file changed. The
    folders in it are added to `below`, when given."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return []
    lines = []
    for entry in entries:
        try:
            if entry.name.endswith(suffix):
                info = entry.stat()
                lines.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}\n")
            elif below is not None and entry.is_dir():
                below.append(entry.path)
        except OSError:
            continue
    return lines


_SOURCE: list[str] = []


def source_fingerprint() -> str:
    """`_source_fingerprint()`, computed once per process."""
    if not _SOURCE:
        _SOURCE.append(_source_fingerprint())
    return _SOURCE[0]


def checksum(payload: Any) -> str:
    """The checksum stored next to a payload (its canonical JSON, hashed)."""
    return sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def write_atomically(target: Path, text: str | bytes) -> None:
    """Write `text` (UTF-8, or bytes as they are) to `target` through a temporary file in
    the same folder, so a reader sees the old file or the new one, never half of one;
    OSError passes through."""
    import tempfile  # lazy for start-up time: a warm run writes nothing (tempfile pulls random)

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        remove(Path(temporary))
        raise


def remove(path: Path) -> None:
    """Delete a file if it is there; failures are ignored (a cache is only a cache)."""
    with contextlib.suppress(OSError):
        path.unlink()


def prune(folder: Path, pattern: str, keep: int, spare: Path | None = None) -> None:
    """Delete all but the `keep` most recently modified files matching `pattern`."""
    try:
        files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime)
    except OSError:
        return
    for old in files[:-keep]:
        if old != spare:
            remove(old)
