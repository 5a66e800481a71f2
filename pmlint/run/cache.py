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
SCHEMA = 3  # bump when the entry layout changes: old entries are then ignored
KEEP_FINGERPRINTS = 8  # configurations kept side by side before the oldest is pruned
_STAMP = f"pmlint {__version__} cache {SCHEMA}"
_FINGERPRINT_DIR = lazy(r"^[0-9a-f]{20}$")
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by pmlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
ENTRY_LIMIT = 16 * 1024 * 1024  # bytes: a larger entry is not read
_FIELDS = ("line", "column", "code", "message", "severity", "name", "end_line", "end_column")


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
    """Rows of findings and the source lines they index: a long line with many findings on
    it is stored once, not once per finding."""
    rows: list[list[Any]] = []
    sources: dict[str, int] = {}
    for finding in findings:
        index = sources.setdefault(finding.source_line, len(sources))
        rows.append([*(getattr(finding, name) for name in _FIELDS), index])
    return rows, list(sources)


def _decode(path: str, row: Any, sources: list[Any]) -> Finding | None:
    """One stored finding, or None if it is not exactly the shape written by `_encode`."""
    if not isinstance(row, list) or len(row) != len(_FIELDS) + 1:
        return None
    line, column, code, message, severity, name, end_line, end_column, index = row
    ints = (line, column, index)
    optional_ints = (end_line, end_column)
    strings = (code, message, severity, name)
    if not all(type(value) is int for value in ints):
        return None
    if not all(value is None or type(value) is int for value in optional_ints):
        return None
    if not all(type(value) is str for value in strings):
        return None
    if not 0 <= index < len(sources) or type(sources[index]) is not str:
        return None
    source = sources[index]
    return Finding(path, line, column, code, message, severity, name, end_line, end_column, source)


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
            "sources",
        }:
            return None
        if (
            data["stamp"] != _STAMP
            or data["fingerprint"] != self.fingerprint
            or data["path"] != display
            or data["digest"] != digest
            or not isinstance(data["findings"], list)
            or not isinstance(data["sources"], list)
        ):
            return None
        findings: list[Finding] = []
        for row in data["findings"]:
            finding = _decode(display, row, data["sources"])
            if finding is None:
                return None
            findings.append(finding)
        return findings

    def put(self, display: str, digest: str, findings: Iterable[Finding]) -> None:
        """Store the findings of one file (atomically; failures only turn caching off)."""
        if not self.writable:
            return
        rows, sources = _encode(findings)
        entry = {
            "stamp": _STAMP,
            "fingerprint": self.fingerprint,
            "path": display,
            "digest": digest,
            "findings": rows,
            "sources": sources,
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
