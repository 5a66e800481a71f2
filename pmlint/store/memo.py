"""Validation results remembered between runs, so a warm start needs no pydantic.

Validating a configuration's settings or a rule's options with pydantic means importing
its model machinery and building validators: ~80 ms, more than the rest of a one-file run.
Validation is a pure function of the input and of pmlint's own code, so a successful one
is remembered here, keyed by the input as JSON, in one file per pmlint source fingerprint
next to the catalogue cache (`$XDG_CACHE_HOME/pmlint`, off with `PMLINT_NO_CATALOG_CACHE`).
A repository with a `pmlint.toml` then starts as cheaply as one without.

Only successes are remembered: a bad value is validated every time and gives the same
error. Only inputs JSON carries exactly are remembered (TOML dates are not), and only
for pmlint's own models (a program's own primitives may change without pmlint knowing).
The file is untrusted like every cache: one that does not parse, has another stamp or a
wrong checksum is ignored and rewritten. Entries are few (one per distinct setting or
option table); the oldest go beyond `KEEP_ENTRIES`.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pmlint.store.files import (
    STAMP,
    checksum,
    prune,
    source_fingerprint,
    user_cache_dir,
    write_atomically,
)
from pmlint.util.digest import sha256

KEEP_ENTRIES = 512
KEEP_FILES = 4  # memo files of other pmlint versions or sources are pruned beyond this
_MEMO: dict[str, Any] = {}
_STATE: dict[str, Path | None] = {}  # "file": the memo file read into _MEMO (None: off)


def key_of(kind: str, name: str, data: Any) -> str | None:
    """The memo key of validating `data` as `kind` (`name`: which model), or None when
    JSON cannot carry the input exactly."""
    try:
        text = json.dumps(data, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        return None
    if json.loads(text) != data or not _plain(data):
        return None
    return f"{kind}\n{name}\n{text}"


def _plain(value: Any) -> bool:
    """Only JSON's own types (a tuple or a subclass of str would not come back as itself)."""
    if value is None or type(value) in (str, int, float, bool):
        return True
    if type(value) is list:
        return all(_plain(v) for v in value)
    if type(value) is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False


def _file() -> Path | None:
    """The memo file for this pmlint and cache folder, read on first use (or on a change
    of folder: a program or a test may point `XDG_CACHE_HOME` elsewhere)."""
    root = user_cache_dir()
    target = None
    if root is not None:
        digest = sha256(f"{STAMP}\nmemo\n{source_fingerprint()}\n".encode())
        target = root / f"validated-{digest.hexdigest()[:24]}.json"
    if "file" not in _STATE or _STATE["file"] != target:
        _MEMO.clear()
        _MEMO.update(_read(target))
        _STATE["file"] = target
    return target


def _read(target: Path | None) -> dict[str, Any]:
    if target is None:
        return {}
    try:
        data = json.loads(target.read_bytes())
        entries = data["entries"]
        if data["stamp"] != STAMP or data["checksum"] != checksum(entries):
            return {}
        return dict(entries) if isinstance(entries, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}


def recall(key: str | None) -> Any:
    """What validating the input of `key` gave, or None if not remembered."""
    if key is None or _file() is None:
        return None
    return _copy(_MEMO.get(key))


def _copy(value: Any) -> Any:
    """A copy of JSON data: what callers are given may be changed without touching the memo."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def remember(key: str | None, value: Any) -> None:
    """Keep a successful validation's result (JSON data); written at once, atomically."""
    target = _file()
    if key is None or target is None or _MEMO.get(key) == value:
        return
    _MEMO.pop(key, None)
    _MEMO[key] = _copy(value)
    while len(_MEMO) > KEEP_ENTRIES:
        del _MEMO[next(iter(_MEMO))]
    try:
        encoded = json.dumps({"stamp": STAMP, "checksum": checksum(_MEMO), "entries": _MEMO})
        write_atomically(target, encoded)
    except (OSError, TypeError, ValueError):
        return
    _prune(target)


def _prune(keep: Path) -> None:
    prune(keep.parent, "validated-*.json", KEEP_FILES, spare=keep)


def forget() -> None:
    """Drop what was read (the next use reads the file again; for tests and long runs)."""
    _MEMO.clear()
    _STATE.clear()


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (JSON turns tuples into lists)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, SimpleNamespace):  # option values (`pmlint.checks.OptionValues`)
        return same(vars(a), vars(b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)
