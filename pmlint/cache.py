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
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint import __version__
from pmlint.checks import options_json
from pmlint.config import settings_json
from pmlint.lazyre import lazy
from pmlint.model import Finding

if TYPE_CHECKING:
    from pmlint.catalog import Catalog
    from pmlint.runner import Ruleset

CACHE_DIR_NAME = ".pmlint_cache"
SCHEMA = 2  # bump when the entry layout changes: old entries are then ignored
KEEP_FINGERPRINTS = 8  # configurations kept side by side before the oldest is pruned
_STAMP = f"pmlint {__version__} cache {SCHEMA}"
_FINGERPRINT_DIR = lazy(r"^[0-9a-f]{20}$")
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by pmlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_FIELDS = ("line", "column", "code", "message", "severity", "name", "end_line", "end_column")


def default_cache_dir(config_path: Path | None) -> Path:
    """`.pmlint_cache` next to the configuration file, or in the working directory."""
    base = config_path.parent if config_path is not None else Path.cwd()
    return base / CACHE_DIR_NAME


def _source_fingerprint() -> str:
    """Name, size and mtime of pmlint's own modules: a source edit invalidates the cache
    even when the version number stays the same (editable installs, development)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for folder, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                digest.update(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


_SOURCE: list[str] = []


def source_fingerprint() -> str:
    if not _SOURCE:
        _SOURCE.append(_source_fingerprint())
    return _SOURCE[0]


def _rule_files(ruleset: Ruleset) -> list[Path]:
    """Every rule and profile file of the catalogue the rule set came from."""
    from pmlint.catalog import rules_dir

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
            digest.update(f"{path}\n".encode() + path.read_bytes() + b"\n")
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
        self.writable = True
        self._prepared = False
        self.hits = 0
        self.misses = 0

    def _entry(self, display: str) -> Path:
        name = hashlib.sha256(display.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.folder / name[:2] / f"{name}.json"

    def get(self, display: str, digest: str) -> list[Finding] | None:
        """Findings stored for this file at this content hash, or None (a miss)."""
        try:
            with open(self._entry(display), "rb") as handle:
                data = json.loads(handle.read())
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
            payload = json.dumps(entry, separators=(",", ":"))  # ASCII: any str round-trips
            write_atomically(target, payload)
        except OSError:
            self.writable = False

    def _prepare(self) -> None:
        """Create the folder with its `.gitignore` and cache tag; prune old configurations."""
        if self._prepared:
            return
        self._prepared = True
        self.root.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.root / name
            if not marker.is_file():
                marker.write_text(text, encoding="utf-8")
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


def write_atomically(target: Path, text: str) -> None:
    """Write `text` (UTF-8) to `target` through a temporary file in the same folder, so a
    reader sees the old file or the new one, never half of one; OSError passes through."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        _remove(Path(temporary))
        raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


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


# -- the validated rule catalogue ----------------------------------------------------------
#
# Reading ~50 rule and profile files with tomllib and validating them with pydantic costs
# ~25 ms of every start, and importing pydantic's model machinery as much again. The
# validated catalogue (specs, profiles, and the rules' validated option values) is kept as
# JSON in the user's cache folder, keyed by the files' names, sizes and modification times
# (like Python's own .pyc files), and rebuilt as plain objects, without pydantic, when
# nothing changed.

KEEP_CATALOGS = 16
CATALOG_SCHEMA = 2  # bump when the catalogue file's layout changes


def catalog_cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/pmlint` (default `~/.cache/pmlint`); None when turned off."""
    if os.environ.get("PMLINT_NO_CATALOG_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pmlint"


def _catalog_file(folders: list[Path]) -> Path | None:
    root = catalog_cache_dir()
    if root is None:
        return None
    digest = hashlib.sha256(f"{_STAMP}\n{CATALOG_SCHEMA}\n{source_fingerprint()}\n".encode())
    try:
        for folder in folders:
            for path in sorted(folder.glob("*.toml")) + sorted(folder.glob("profiles/*.toml")):
                info = path.stat()
                digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return root / f"catalog-{digest.hexdigest()[:24]}.json"


def _checksum(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def cached_catalog(folders: list[Path]) -> Catalog | None:
    """The catalogue stored for exactly these rule files, or None (then load and store)."""
    from pmlint.catalog import Catalog
    from pmlint.checks import CHECKS
    from pmlint.specs import profile_spec_from, rule_spec_from

    target = _catalog_file(folders)
    if target is None:
        return None
    try:
        data = json.loads(target.read_bytes())
        if data["stamp"] != _STAMP or data["checksum"] != _checksum(data["payload"]):
            return None
        payload = data["payload"]
        modules: dict[str, str] = dict(payload["modules"])
        specs = {}
        for code, raw in payload["specs"].items():
            specs[code] = rule_spec_from(raw)
            if specs[code].check not in CHECKS and specs[code].check not in modules:
                return None  # a primitive registered at run time, now gone
        profiles = {name: profile_spec_from(raw) for name, raw in payload["profiles"].items()}
        sources = {code: Path(path) for code, path in payload["sources"].items()}
        return Catalog(specs, sources, profiles, dict(payload["options"]), modules)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def store_catalog(folders: list[Path], catalog: Catalog) -> None:
    """Keep a validated catalogue, if it can be rebuilt from JSON exactly as it is."""
    from pmlint.catalog import constructible_options
    from pmlint.checks import CHECKS

    specs = catalog.specs.values()
    target = _catalog_file(folders)
    if target is None:
        return
    payload = {
        "specs": {code: dataclasses.asdict(spec) for code, spec in catalog.specs.items()},
        "profiles": {name: dataclasses.asdict(spec) for name, spec in catalog.profiles.items()},
        "sources": {code: str(path) for code, path in catalog.sources.items()},
        "options": constructible_options(catalog),
        "modules": {spec.check: CHECKS[spec.check].function.__module__ for spec in specs},
    }
    try:
        encoded = json.dumps({"stamp": _STAMP, "checksum": _checksum(payload), "payload": payload})
        write_atomically(target, encoded)
    except (OSError, TypeError, ValueError):  # unwritable, or options JSON cannot hold
        return
    rebuilt = cached_catalog(folders)
    if rebuilt is None or rebuilt != catalog:  # the models changed shape: do not trust it
        _remove(target)
        return
    _prune_catalogs(target.parent)


def _prune_catalogs(folder: Path) -> None:
    try:
        files = sorted(folder.glob("catalog-*.json"), key=lambda p: p.stat().st_mtime)
    except OSError:
        return
    for old in files[:-KEEP_CATALOGS]:
        _remove(old)
