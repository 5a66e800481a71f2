"""Per-file result cache: a file that has not changed is not linted again.

A hook or CI job re-lints the same few hundred post-mortems over and over while only one or
two change. Each linted file gets one small JSON entry under `.pmlint_cache/` (next to the
configuration file, or in the working directory), holding the findings and what they were
computed from: the file's content hash, and a fingerprint of everything else that can change
a finding (pmlint's version and source, the effective settings, the rules and their options,
the rule and profile files' content). An entry is used only when all of that matches.

The cache is untrusted input: an entry that does not parse, has the wrong shape, another
version stamp or another fingerprint is ignored and rewritten, never believed. JSON only (no
pickle), written atomically, and a cache folder that cannot be written just turns caching off.

A repository can commit `.pmlint_cache` itself, so the folder is never followed through a
symlink (the folder, or any folder or entry in it, being one turns caching off with a
warning: pmlint then neither reads, writes nor deletes anything there), entries are read
bounded and only as regular files, and each entry carries an HMAC made with a per-user key
kept outside the repository (`pmlint.store.secret`): an entry made elsewhere is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.catalog.load import rules_dir
from pmlint.checks import options_json
from pmlint.config.settings import settings_json
from pmlint.document.model import Finding
from pmlint.store.files import source_fingerprint, write_atomically
from pmlint.store.secret import cache_key, sign, verify
from pmlint.util.lazyre import lazy
from pmlint.util.safefile import CONFIG_LIMIT, read_bounded, write_new
from pmlint.util.version import __version__

if TYPE_CHECKING:
    from pmlint.run.runner import Ruleset

CACHE_DIR_NAME = ".pmlint_cache"
SCHEMA = 4  # bump when the entry layout changes: old entries are then ignored
KEEP_FINGERPRINTS = 8  # configurations kept side by side before the oldest is pruned
_STAMP = f"pmlint {__version__} cache {SCHEMA}"
_FINGERPRINT_DIR = lazy(r"^[0-9a-f]{20}$")
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by pmlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
# Columns of an entry: numbers, or indexes into its table of strings.
_NUMBERS = ("line", "column", "end_line", "end_column")
_STRINGS = ("code", "message", "severity", "name", "source_line")
_COLUMNS = (*_NUMBERS, *_STRINGS)
_INT = {int}
_INT_OR_NONE = {int, type(None)}
ENTRY_LIMIT = 16 * 1024 * 1024  # bytes: a larger entry is not read


def default_cache_dir(config_path: Path | None) -> Path:
    """`.pmlint_cache` next to the configuration file, or in the working directory."""
    base = config_path.parent if config_path is not None else Path.cwd()
    return base / CACHE_DIR_NAME


def _rule_files(ruleset: Ruleset) -> list[Path]:
    """Every rule and profile file of the catalogue the rule set came from."""
    folders = [rules_dir(), *(Path(d) for d in ruleset.config.rule_dirs)]
    files: list[Path] = []
    for folder in folders:
        files += sorted(folder.glob("*.toml")) + sorted((folder / "profiles").glob("*.toml"))
    return files


def ruleset_fingerprint(ruleset: Ruleset, debug: bool) -> str:
    """Everything besides the document itself that can change a finding, hashed."""
    digest = hashlib.sha256()
    digest.update(f"{_STAMP}\n{source_fingerprint()}\ndebug={debug}\n".encode())
    digest.update(settings_json(ruleset.config.settings).encode())
    digest.update(f"\nprofile={ruleset.profile.name}\n".encode())
    for rule in ruleset.rules:
        function = rule.check.function
        code = getattr(function, "__code__", None)
        body = hashlib.sha256(code.co_code).hexdigest() if code is not None else "?"
        identity = f"{function.__module__}.{function.__qualname__}:{body}"
        digest.update(f"{rule.code}|{rule.severity}|{identity}|".encode())
        digest.update(options_json(rule.options).encode())
        digest.update(b"\n")
    for path in _rule_files(ruleset):
        try:
            digest.update(f"{path}\n".encode() + read_bounded(path, CONFIG_LIMIT) + b"\n")
        except OSError:
            digest.update(f"{path} unreadable\n".encode())
    return digest.hexdigest()[:20]


def _encode(findings: Iterable[Finding]) -> tuple[list[list[Any]], list[str]]:
    """The findings as columns (`_COLUMNS`, or no columns when there are none) and the
    table of strings their text columns index: a rule's message or a long line with many
    findings on it is stored once, and reading an entry back costs a few calls per column
    rather than a few per finding."""
    found = list(findings)
    if not found:
        return [], []
    strings: dict[str, int] = {}
    columns: list[list[Any]] = [[getattr(f, name) for f in found] for name in _NUMBERS]
    for name in _STRINGS:
        columns.append([strings.setdefault(getattr(f, name), len(strings)) for f in found])
    return columns, list(strings)


def _decode(path: str, columns: Any, strings: Any) -> list[Finding] | None:
    """The stored findings, or None if they are not exactly the shape `_encode` writes."""
    if not isinstance(columns, list) or not isinstance(strings, list):
        return None
    if not columns:
        return [] if not strings else None
    if len(columns) != len(_COLUMNS) or not all(type(c) is list for c in columns):
        return None
    count = len(columns[0])
    if not count or any(len(column) != count for column in columns):
        return None
    lines, cols, end_lines, end_columns = columns[: len(_NUMBERS)]
    if not set(map(type, lines)) | set(map(type, cols)) <= _INT:
        return None
    if not set(map(type, end_lines)) | set(map(type, end_columns)) <= _INT_OR_NONE:
        return None
    if not set(map(type, strings)) <= {str}:
        return None
    texts = columns[len(_NUMBERS) :]
    for column in texts:
        if not set(map(type, column)) <= _INT or min(column) < 0 or max(column) >= len(strings):
            return None
    code, message, severity, name, source = ([strings[i] for i in c] for c in texts)
    paths = [path] * count
    return list(
        map(
            Finding,
            paths,
            lines,
            cols,
            code,
            message,
            severity,
            name,
            end_lines,
            end_columns,
            source,
        )
    )


class ResultCache:
    """The cache folder of one configuration; `get` and `put` findings per file."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = root
        self.fingerprint = fingerprint
        self.folder = root / f"v{SCHEMA}" / fingerprint
        self.key = cache_key()
        self.writable = self.key is not None
        self.refused: str | None = None
        self._checked: set[Path] = set()
        self._prepared = False
        self.hits = 0
        self.misses = 0

    def _entry(self, display: str) -> Path:
        name = hashlib.sha256(display.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.folder / name[:2] / f"{name}.json"

    def _real_folders(self, target: Path) -> bool:
        """Whether every folder from the cache root down to `target` that exists is a real
        folder (not a symlink, not a file); the first that is not turns the cache off."""
        if self.refused is not None:
            return False
        here = self.root
        parts = target.relative_to(self.root).parts
        for part in ("", *parts):
            here = here / part if part else here
            if here in self._checked:
                continue
            try:
                mode = os.lstat(here).st_mode
            except FileNotFoundError:
                return True  # made later, by `put`, as a real folder
            except OSError:
                return False
            if not stat.S_ISDIR(mode):
                what = "a symlink" if stat.S_ISLNK(mode) else "not a folder"
                self._refuse(f"{here} is {what}")
                return False
            self._checked.add(here)
        return True

    def _refuse(self, reason: str) -> None:
        self.refused = reason
        self.writable = False
        if reason not in _WARNED:
            _WARNED.add(reason)
            print(
                f"pmlint: warning: {reason}: not following it; running without the result cache",
                file=sys.stderr,
            )

    def get(self, display: str, digest: str) -> list[Finding] | None:
        """Findings stored for this file at this content hash, or None (a miss)."""
        entry = self._entry(display)
        if self.key is None or not self._real_folders(entry.parent):
            self.misses += 1
            return None
        try:
            raw = read_bounded(entry, ENTRY_LIMIT, follow=False)
            mac, _newline, body = raw.partition(b"\n")
            if not verify(self.key, body, mac):
                raise ValueError("not signed with this user's key")
            data = json.loads(body)
        except (OSError, ValueError, RecursionError):
            self.misses += 1
            return None
        findings = self._validated(data, display, digest)
        if findings is None:
            self.misses += 1
        else:
            self.hits += 1
        return findings

    def _validated(self, data: Any, display: str, digest: str) -> list[Finding] | None:
        if not isinstance(data, dict) or set(data) != {
            "stamp",
            "fingerprint",
            "path",
            "digest",
            "findings",
            "strings",
        }:
            return None
        if (
            data["stamp"] != _STAMP
            or data["fingerprint"] != self.fingerprint
            or data["path"] != display
            or data["digest"] != digest
        ):
            return None
        return _decode(display, data["findings"], data["strings"])

    def put(self, display: str, digest: str, findings: Iterable[Finding]) -> None:
        """Store the findings of one file (atomically; failures only turn caching off)."""
        if not self.writable:
            return
        columns, strings = _encode(findings)
        entry = {
            "stamp": _STAMP,
            "fingerprint": self.fingerprint,
            "path": display,
            "digest": digest,
            "findings": columns,
            "strings": strings,
        }
        target = self._entry(display)
        try:
            self._prepare()
            if self.key is None or not self._real_folders(target.parent):
                return
            payload = json.dumps(entry, separators=(",", ":"))  # ASCII: any str round-trips
            write_atomically(target, sign(self.key, payload.encode()) + "\n" + payload)
        except OSError:
            self.writable = False

    def _prepare(self) -> None:
        """Create the folder with its `.gitignore` and cache tag; prune old configurations."""
        if self._prepared:
            return
        self._prepared = True
        if not self._real_folders(self.folder):
            raise OSError("the cache folder is not a real folder")
        self.root.mkdir(parents=True, exist_ok=True)
        if not self._real_folders(self.folder):  # made by another run in the meantime
            raise OSError("the cache folder is not a real folder")
        for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.root / name
            if not os.path.lexists(marker):
                with contextlib.suppress(FileExistsError):
                    write_new(marker, text.encode())  # never through a symlink
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            self._prune()

    def _prune(self) -> None:
        """Keep the most recently used configurations' folders, drop the rest, and drop
        the folders of other entry layouts (`v1` once entries are `v2`)."""
        versions = self.folder.parent
        for layout in _other_layouts(self.root):
            shutil.rmtree(layout, ignore_errors=True)
        try:
            siblings = [p for p in versions.iterdir() if _FINGERPRINT_DIR.match(p.name)]
            siblings.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        for old in siblings[KEEP_FINGERPRINTS:]:
            if old != self.folder:
                shutil.rmtree(old, ignore_errors=True)


_WARNED: set[str] = set()


def _other_layouts(root: Path) -> list[Path]:
    """Folders of entry layouts other than this pmlint's (`v<number>`)."""
    try:
        return [
            path
            for path in root.iterdir()
            if path.is_dir()
            and path.name[:1] == "v"
            and path.name[1:].isdigit()
            and path.name != f"v{SCHEMA}"
        ]
    except OSError:
        return []


class CacheSet:
    """The caches of one run: one per (cache folder, rule set), made on first use."""

    def __init__(self, cache_dir: Path | None, debug: bool) -> None:
        self.cache_dir = cache_dir
        self.debug = debug
        self._caches: dict[int, ResultCache] = {}

    def for_ruleset(self, ruleset: Ruleset) -> ResultCache:
        cache = self._caches.get(id(ruleset))
        if cache is None:
            root = self.cache_dir or default_cache_dir(ruleset.config.path)
            cache = ResultCache(root, ruleset_fingerprint(ruleset, self.debug))
            self._caches[id(ruleset)] = cache
        return cache

    @property
    def hits(self) -> int:
        return sum(c.hits for c in self._caches.values())

    @property
    def misses(self) -> int:
        return sum(c.misses for c in self._caches.values())
