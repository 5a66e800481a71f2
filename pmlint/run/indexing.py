"""Build the index of a folder of post-mortems, re-reading only documents that changed.

The index covers the configured `index-paths` (relative to the configuration file), or else
the folders given on the command line and the folders of the files given: `pmlint check
one.md` sees the post-mortems next to it. Each document is parsed with the profile of its
own configuration. Entries are kept in one JSON file per configuration under the cache
folder (`.pmlint_cache/index1/`), keyed by each file's content hash, so re-indexing
unchanged documents reads files and hashes them but parses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from pmlint.catalog.load import rules_dir
from pmlint.config.settings import config_for
from pmlint.document.parse import parse_document
from pmlint.document.read import ReadError, read_source
from pmlint.index import INDEX_SCHEMA
from pmlint.index.corpus import Corpus, parse_today
from pmlint.index.entry import IndexEntry, entry_from_document
from pmlint.run import parsed
from pmlint.run.cache import default_cache_dir
from pmlint.run.runner import Overrides, Ruleset, display_path, plan
from pmlint.store.files import source_fingerprint, write_atomically
from pmlint.util.record import record

INDEX_DIR = f"index{INDEX_SCHEMA}"


@record(slots=True)
class IndexResult:
    """Entries of every readable document, and what could not be read."""

    entries: list[IndexEntry] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    parsed: int = 0  # documents parsed (not found in the cache)


def index_scope(paths: Sequence[Path], overrides: Overrides) -> list[Path]:
    """The folders (and files) the index reads for a run over `paths`."""
    scope: list[Path] = []
    for path in paths or [Path(".")]:
        anchor = path / "_" if path.is_dir() else path
        config = config_for(anchor, overrides.config_path)
        configured = list(getattr(config.settings, "index_paths", []) or [])
        if configured:
            scope += [config.root / p for p in configured]
        else:
            scope.append(path if path.is_dir() else path.parent)
    unique: dict[str, Path] = {}
    for folder in scope:
        unique.setdefault(str(folder.resolve()) if folder.exists() else str(folder), folder)
    return list(unique.values())


def build_index(
    paths: Sequence[Path],
    overrides: Overrides,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    keep_under: Sequence[Path] = (),
) -> IndexResult:
    """Index every post-mortem under `paths` (files or folders), each file once. Documents
    parsed here that lie under `keep_under` (the files about to be linted) are kept for the
    linter (`pmlint.run.parsed`)."""
    targets = [str(p.absolute()) for p in keep_under]
    result = IndexResult()
    try:
        cwd: Path | None = Path.cwd().resolve()
    except OSError:
        cwd = None
    seen: set[str] = set()
    stores: dict[int, _Store] = {}
    existing = [p for p in paths if p.exists()]
    for file, ruleset in plan(existing, overrides):
        display = display_path(file, cwd)
        if display in seen:
            continue
        seen.add(display)
        store = stores.get(id(ruleset))
        if store is None:
            store = stores[id(ruleset)] = _Store(ruleset, cache_dir, use_cache)
        try:
            source = read_source(file, display)
        except ReadError:
            result.unreadable.append(display)
            continue
        entry = store.get(display, source.digest)
        if entry is None:
            wanted = _under(str(file.absolute()), targets)
            entry = _read_entry(source.text, display, source.digest, ruleset, wanted)
            if entry is None:
                result.unreadable.append(display)
                continue
            store.put(display, entry)
            result.parsed += 1
        result.entries.append(entry)
    for store in stores.values():
        store.save()
    return result


def _under(file: str, targets: list[str]) -> bool:
    return any(file == t or file.startswith(t.rstrip("/") + "/") for t in targets)


def _read_entry(
    text: str, display: str, digest: str, ruleset: Ruleset, keep: bool
) -> IndexEntry | None:
    services = dict(getattr(ruleset.config.settings, "services", {}) or {})
    try:
        doc = parse_document(text, display, ruleset.profile.matcher)
        entry = entry_from_document(doc, digest, services)
        if keep:
            doc._views["index_entry"] = entry  # what `Corpus.entry_for` would read again
            parsed.keep(display, ruleset.profile.matcher, doc)
        return entry
    except Exception:  # a parser bug is reported by `check` (PM003); the index skips the file
        return None


def corpus_for(
    paths: Sequence[Path],
    overrides: Overrides,
    today: str | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> Corpus:
    """The corpus a run over `paths` sees: the index of their scope, dated `today`."""
    first = paths[0] if paths else Path(".")
    config = config_for(first / "_" if first.is_dir() else first, overrides.config_path)
    when = today or getattr(config.settings, "today", None)
    services = dict(getattr(config.settings, "services", {}) or {})
    scope = index_scope(paths, overrides)
    built = build_index(scope, overrides, cache_dir, use_cache, keep_under=paths)
    return Corpus(built.entries, parse_today(when), services)


class _Store:
    """The index entries of one configuration, read from and written to one JSON file."""

    def __init__(self, ruleset: Ruleset, cache_dir: Path | None, use_cache: bool = True) -> None:
        self.file: Path | None = None
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        if not use_cache or (cache_dir is None and ruleset.config.path is None and not _cwd_ok()):
            return
        root = cache_dir or default_cache_dir(ruleset.config.path)
        digest = hashlib.sha256()
        digest.update(f"{INDEX_SCHEMA}\n{source_fingerprint()}\n{ruleset.profile.name}\n".encode())
        settings = ruleset.config.settings
        digest.update(json.dumps(getattr(settings, "services", {}), sort_keys=True).encode())
        for folder in sorted(ruleset.config.rule_dirs):
            digest.update(folder.encode())
        for profile_file in _profile_files(ruleset):
            with contextlib.suppress(OSError):
                digest.update(profile_file.read_bytes())
        self.file = root / INDEX_DIR / f"{digest.hexdigest()[:20]}.json"
        try:
            data = json.loads(self.file.read_bytes())
            if isinstance(data, dict) and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
        except (OSError, ValueError, RecursionError):
            pass

    def get(self, display: str, digest: str) -> IndexEntry | None:
        stored = self.entries.get(display)
        if not isinstance(stored, dict) or stored.get("digest") != digest:
            return None
        try:
            return IndexEntry.from_dict(stored)
        except (TypeError, KeyError, ValueError):
            return None

    def put(self, display: str, entry: IndexEntry) -> None:
        self.entries[display] = _plain(entry)
        self.changed = True

    def save(self) -> None:
        if self.file is None or not self.changed:
            return
        try:
            payload = json.dumps({"entries": self.entries}, separators=(",", ":"))
            write_atomically(self.file, payload)
        except OSError:
            pass


def _plain(entry: IndexEntry) -> dict[str, Any]:
    data = entry.to_dict()
    data.pop("severity_label", None)
    return data


def _profile_files(ruleset: Ruleset) -> list[Path]:
    folders = [rules_dir(), *(Path(d) for d in ruleset.config.rule_dirs)]
    return [p for folder in folders for p in sorted((folder / "profiles").glob("*.toml"))]


def _cwd_ok() -> bool:
    try:
        Path.cwd()
    except OSError:
        return False
    return True
