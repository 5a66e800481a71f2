"""The validated rule catalogue, kept between runs as JSON.

Reading ~50 rule and profile files with tomllib and validating them with pydantic costs
~25 ms of every start, and importing pydantic's model machinery as much again. The
validated catalogue (specs, profiles, the rules' validated option values and the
profiles' synonyms as the section matcher reads them, as plain data) is kept as JSON in the
user's cache folder, keyed by the files' names, sizes and modification times (like
Python's own .pyc files) and by pmlint's source. This module only
stores and returns that payload; `pmlint.catalog.load` turns it back into a catalogue and
decides whether to trust it.
"""

from __future__ import annotations

import json
from binascii import crc32
from pathlib import Path
from typing import Any

from pmlint.store.files import (
    STAMP,
    prune,
    remove,
    source_fingerprint,
    stamps,
    user_cache_dir,
    write_atomically,
)
from pmlint.util.digest import sha256

KEEP_CATALOGS = 16
CATALOG_SCHEMA = 5  # bump when the catalogue file's layout changes


def snapshot_file(folders: list[Path]) -> Path | None:
    """Where the snapshot of exactly these rule folders' files lives (None: caching off)."""
    root = user_cache_dir()
    if root is None:
        return None
    lines = [f"{STAMP}\n{CATALOG_SCHEMA}\n{source_fingerprint()}\n"]
    for folder in folders:
        lines += stamps(str(folder), ".toml")
        lines += stamps(str(folder / "profiles"), ".toml")
    return root / f"catalog-{sha256(''.join(lines).encode()).hexdigest()[:24]}.json"


def read_snapshot(folders: list[Path]) -> Any:
    """The payload stored for these rule files, or None (missing, damaged, or stale)."""
    target = snapshot_file(folders)
    if target is None:
        return None
    try:
        head, _, body = target.read_bytes().partition(b"\n")
        data = json.loads(head)
        if data["stamp"] != STAMP or data["checksum"] != _checksum(body):
            return None
        return json.loads(body)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def write_snapshot(folders: list[Path], payload: Any) -> Path | None:
    """Store a payload for these rule files; the file written, or None when it could not be."""
    target = snapshot_file(folders)
    if target is None:
        return None
    try:
        # A first line with the stamp and the checksum of the payload's own text, so that a
        # reader checks the bytes it read instead of encoding the payload again.
        body = json.dumps(payload)
        head = json.dumps({"stamp": STAMP, "checksum": _checksum(body.encode())})
        write_atomically(target, f"{head}\n{body}")
    except (OSError, TypeError, ValueError):  # unwritable, or JSON cannot hold the payload
        return None
    return target


def _checksum(body: bytes) -> str:
    """What the first line holds of the payload's bytes: a CRC-32, which catches a damaged or
    cut file as well as a cryptographic hash would (the file is not signed: a snapshot is
    validated data anyone able to write the cache folder could rewrite) at a tenth of the
    time of SHA-256 on its ~190 KB."""
    return f"crc32:{crc32(body):08x}"


def discard_snapshot(target: Path) -> None:
    """Delete a snapshot that turned out not to be trustworthy."""
    remove(target)


def prune_snapshots(folder: Path) -> None:
    """Keep the most recently written snapshots only."""
    prune(folder, "catalog-*.json", KEEP_CATALOGS)
