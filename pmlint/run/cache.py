"""Per-file result cache: a file that has not changed is not linted again.

A hook or CI job re-lints the same few hundred post-mortems over and over while only one or
two change. Each linted file gets an entry under `.pmlint_cache/` (next to the configuration
file, or in the working directory), holding the findings and what they were computed from:
the file's content hash, and a fingerprint of everything else that can change a finding
(pmlint's version and source, the effective settings, the rules and their options, the rule
and profile files' content). An entry is used only when all of that matches. The entries of
one fingerprint share one file (`pmlint.run.cachepack`), and an entry also keeps the file's
size, times and identity, so an unchanged file need not even be read (`file_state`).

The cache is untrusted input: an entry that does not parse, has the wrong shape, another
version stamp or another fingerprint is ignored and rewritten, never believed. A line of
JSON and plain integer columns (`pmlint.run.cachepack`), no pickle; written atomically, and
a cache folder that cannot be written just turns caching off.

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
import stat
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.catalog.load import rules_dir
from pmlint.checks import options_json, own_module
from pmlint.config.settings import settings_json
from pmlint.document.model import Finding
from pmlint.run.cachepack import Entry, encode, read_entries, write_entries
from pmlint.run.engine import FINDING_ORDER
from pmlint.store.files import source_fingerprint, write_atomically
from pmlint.store.secret import cache_key, sign, verify
from pmlint.util.lazyre import lazy
from pmlint.util.safefile import CONFIG_LIMIT, read_bounded, write_new
from pmlint.util.version import __version__

if TYPE_CHECKING:
    from pmlint.run.runner import Ruleset

CACHE_DIR_NAME = ".pmlint_cache"
SCHEMA = 6  # bump when the entry layout changes: old entries are then ignored
PACK_NAME = "entries.pack"  # every entry of one configuration (`pmlint.run.cachepack`)
KEEP_FINGERPRINTS = 8  # configurations kept side by side before the oldest is pruned
_STAMP = f"pmlint {__version__} cache {SCHEMA}"
_FINGERPRINT_DIR = lazy(r"^[0-9a-f]{20}$")
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by pmlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
PACK_LIMIT = 256 * 1024 * 1024  # bytes: a larger file of entries is not read


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
        module = getattr(function, "__module__", None) or ""
        if own_module(module):
            # pmlint's own source is in the fingerprint already; naming the primitive is
            # enough, and needs its module not be imported (a warm run imports none).
            identity = f"{module}:{rule.check.name}"
        else:
            code = getattr(function, "__code__", None)
            body = hashlib.sha256(code.co_code).hexdigest() if code is not None else "?"
            identity = f"{module}.{function.__qualname__}:{body}"
        digest.update(f"{rule.code}|{rule.severity}|{identity}|".encode())
        digest.update(options_json(rule.options).encode())
        digest.update(b"\n")
    for path in _rule_files(ruleset):
        try:
            digest.update(f"{path}\n".encode() + read_bounded(path, CONFIG_LIMIT) + b"\n")
        except OSError:
            digest.update(f"{path} unreadable\n".encode())
    return digest.hexdigest()[:20]


class ResultCache:
    """The cache folder of one configuration; `get` and `put` findings per file, `save`
    once at the end of a run.

    Every entry lives in one signed file (`PACK_NAME`), read once on first use and written
    again, whole, when the run changed something: a warm run reads one file instead of one
    per document. A run over a few files of a large tree still reads and, when it lints
    something, rewrites the entries of all of them: tens of milliseconds per thousand
    documents, less than linting one."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = root
        self.fingerprint = fingerprint
        self.folder = root / f"v{SCHEMA}" / fingerprint
        self.key = cache_key()
        self.writable = self.key is not None
        self.refused: str | None = None
        self._checked: set[Path] = set()
        self._prepared = False
        self._entries: dict[str, Entry] | None = None
        self._read_as: tuple[int, ...] | None = None  # the pack file's identity when read
        self._changed: set[str] = set()  # displayed paths whose entries this run set
        self.hits = 0
        self.misses = 0

    @property
    def pack(self) -> Path:
        return self.folder / PACK_NAME

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
                return True  # made later, by `save`, as a real folder
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

    def _loaded(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries, self._read_as = self._read()
        return self._entries

    def _read(self) -> tuple[dict[str, Entry], tuple[int, ...] | None]:
        """The entries on disk (none when there is no key, no file, or no file this user's
        pmlint wrote for this configuration) and the identity of the file they came from."""
        if self.key is None or not self._real_folders(self.folder):
            return {}, None
        try:
            info = os.lstat(self.pack)
            identity = (info.st_size, info.st_mtime_ns, info.st_ino)
        except OSError:
            return {}, None
        try:
            raw = read_bounded(self.pack, PACK_LIMIT, follow=False)
            mac, _newline, body = raw.partition(b"\n")
            if not verify(self.key, body, mac):
                return {}, identity  # damaged, or not signed with this user's key
            line, _newline, _binary = body.partition(b"\n")
            binary = memoryview(body)[len(line) + 1 :]
            entries = read_entries(json.loads(line), binary, _STAMP, self.fingerprint)
        except (OSError, ValueError, RecursionError):
            return {}, identity
        return (entries if entries is not None else {}), identity

    def digest_for(self, display: str, state: str | None) -> str | None:
        """The content digest stored for a file whose state (`file_state`) is still the one
        stored with it; None when the content must be read and hashed to know."""
        if state is None:
            return None
        entry = self._loaded().get(display)
        if entry is None or entry.state != state:
            return None
        return entry.digest

    def get(
        self, display: str, digest: str, key: str | None = None, state: str | None = None
    ) -> Sequence[Finding] | None:
        """Findings stored for this file at this content digest and cache key (the digest
        when no corpus is in play), sorted, or None (a miss). A hit with a new file `state` records
        it, so the next run need not read the file."""
        entry = self._loaded().get(display)
        key = digest if key is None else key
        findings = None
        if entry is not None and entry.digest == digest and entry.key == key:
            findings = entry.findings(display)
        if findings is None:
            self.misses += 1
            return None
        self.hits += 1
        if state is not None and entry is not None and entry.state != state:
            entry.state = state
            self._changed.add(display)
        return findings

    def put(
        self,
        display: str,
        digest: str,
        findings: Iterable[Finding],
        key: str | None = None,
        state: str | None = None,
    ) -> None:
        """Keep the findings of one file, to be written by `save`: sorted as the pipeline
        sorts a file's findings, so a hit is passed on as it is. Findings the layout cannot
        hold (`encode`) are not kept: the file is linted again next time."""
        if not self.writable:
            return
        try:
            ordered = sorted(findings, key=FINDING_ORDER)
        except TypeError:  # an end line of None beside one that is not, all else equal
            return
        encoded = encode(ordered)
        if encoded is None:
            return
        columns, strings = encoded
        key = digest if key is None else key
        self._loaded()[display] = Entry(digest, key, state, columns, strings)
        self._changed.add(display)

    def save(self) -> None:
        """Write the entries if this run changed any (atomically; failures only turn
        caching off). Entries another run wrote in the meantime for other files are kept."""
        if not self.writable or not self._changed or self._entries is None:
            return
        try:
            self._prepare()
            if self.key is None or not self._real_folders(self.folder):
                return
            entries = self._entries
            theirs, identity = self._read()
            if identity != self._read_as:  # written by another run since this one read it
                entries = {**theirs, **{d: entries[d] for d in self._changed if d in entries}}
            data, binary = write_entries(entries, _STAMP, self.fingerprint)
            line = json.dumps(data, separators=(",", ":"))  # ASCII, one line: any str round-trips
            payload = line.encode() + b"\n" + binary
            write_atomically(self.pack, sign(self.key, payload).encode() + b"\n" + payload)
            self._changed.clear()
            self._entries = entries
            info = os.lstat(self.pack)
            self._read_as = (info.st_size, info.st_mtime_ns, info.st_ino)
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
        import shutil  # lazy for start-up time: a warm run prunes nothing (shutil loads lzma)

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
            fingerprint = ruleset_fingerprint(ruleset, self.debug)
            # Rule sets that resolve alike share one folder and so one file of entries:
            # one object for it, or the last to save would drop the others' entries.
            where = (root, fingerprint)
            same = (c for c in self._caches.values() if (c.root, c.fingerprint) == where)
            cache = next(same, None) or ResultCache(root, fingerprint)
            self._caches[id(ruleset)] = cache
        return cache

    def save(self) -> None:
        """Write what this run changed, once per cache folder."""
        for cache in {id(c): c for c in self._caches.values()}.values():
            cache.save()

    @property
    def hits(self) -> int:
        return sum(c.hits for c in {id(c): c for c in self._caches.values()}.values())

    @property
    def misses(self) -> int:
        return sum(c.misses for c in {id(c): c for c in self._caches.values()}.values())
