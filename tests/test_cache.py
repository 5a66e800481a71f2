"""The result cache: identical findings, invalidation, and no trust in what is on disk."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import pmlint.run.cachepack
import pmlint.run.parallel
from pmlint.catalog.load import load_catalog
from pmlint.cli import main
from pmlint.document.model import Finding
from pmlint.document.rows import NO_END
from pmlint.run.cache import (
    CACHE_DIR_NAME,
    KEEP_FINGERPRINTS,
    PACK_NAME,
    SCHEMA,
    CacheSet,
    ResultCache,
)
from pmlint.run.cachepack import file_state
from pmlint.run.pipeline import run
from pmlint.run.runner import Overrides, clear_caches
from pmlint.store.secret import cache_key, sign

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the examples in a scratch working directory without configuration."""
    shutil.copytree(EXAMPLES / "bad", tmp_path / "docs" / "bad")
    shutil.copytree(EXAMPLES / "good", tmp_path / "docs" / "good")
    for extra in (tmp_path / "docs").rglob("*.expected"):
        extra.unlink()
    monkeypatch.chdir(tmp_path)
    clear_caches()
    return tmp_path


def _run(tree: Path, cache_dir: Path | None = None) -> tuple[list[Finding], CacheSet]:
    caches = CacheSet(cache_dir, debug=False)
    return run([tree / "docs"], Overrides(), caches=caches).findings, caches


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(PACK_NAME))


def test_cached_findings_are_identical_to_fresh_ones(tree: Path) -> None:
    fresh = run([tree / "docs"], Overrides()).findings
    assert fresh, "the bad examples must raise findings"
    cold, cold_caches = _run(tree)
    warm, warm_caches = _run(tree)
    assert cold_caches.hits == 0 and cold_caches.misses > 0
    assert warm_caches.misses == 0 and warm_caches.hits == cold_caches.misses
    assert cold == fresh
    assert warm == fresh
    # source_line is not part of equality; it must round-trip too (baselines use it).
    assert [f.source_line for f in warm] == [f.source_line for f in fresh]
    assert [f.to_dict() for f in warm] == [f.to_dict() for f in fresh]


def test_cache_with_worker_processes(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmlint.run.parallel

    monkeypatch.setattr(pmlint.run.parallel, "MIN_FILES_PER_JOB", 1)  # workers for few files
    monkeypatch.setattr(pmlint.run.parallel, "usable_cpus", lambda: 4)
    fresh = run([tree / "docs"], Overrides()).findings
    cold = run([tree / "docs"], Overrides(), jobs=2, caches=CacheSet(None, debug=False))
    warm_caches = CacheSet(None, debug=False)
    warm = run([tree / "docs"], Overrides(), jobs=2, caches=warm_caches)
    assert cold.findings == warm.findings == fresh
    assert warm_caches.misses == 0 and warm_caches.hits == len(warm.files)


def test_cache_folder_is_marked_and_ignored_by_git(tree: Path) -> None:
    _run(tree)
    folder = tree / CACHE_DIR_NAME
    assert (folder / ".gitignore").read_text() == "*\n"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    assert _entries(folder)


def test_cache_lives_next_to_the_config_file(tree: Path) -> None:
    project = tree / "project"
    (project / "notes").mkdir(parents=True)
    (project / "pmlint.toml").write_text('ignore = ["PM1"]\n')
    shutil.copy(EXAMPLES / "bad" / "tier-3-only.md", project / "notes" / "pm.md")
    run([project / "notes"], Overrides(), caches=CacheSet(None, debug=False))
    assert _entries(project / CACHE_DIR_NAME)
    assert not (tree / CACHE_DIR_NAME).exists()


def test_changed_content_is_linted_again(tree: Path) -> None:
    _run(tree)
    target = tree / "docs" / "bad" / "tier-3-only.md"
    target.write_text(target.read_text() + "\n## Where we got lucky\n\nNothing else broke.\n")
    findings, caches = _run(tree)
    assert caches.misses == 1
    clear_caches()
    assert findings == run([tree / "docs"], Overrides()).findings


def test_changed_settings_use_other_entries(tree: Path) -> None:
    _run(tree)
    (tree / "pmlint.toml").write_text('ignore = ["PM4"]\n')
    clear_caches()
    findings, caches = _run(tree)
    assert caches.hits == 0
    assert not any(f.code.startswith("PM4") for f in findings)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x00\x01 not json",
        b"[]",
        b'{"stamp": "pmlint 0.0.0 cache 1"}',
        b"[" * 100_000,
    ],
    ids=["empty", "binary", "wrong-type", "missing-keys", "deeply-nested"],
)
def test_corrupt_entries_are_ignored_and_rewritten(tree: Path, damage: bytes) -> None:
    expected, _ = _run(tree)
    entries = _entries(tree / CACHE_DIR_NAME)
    for entry in entries:
        entry.write_bytes(damage)
    findings, caches = _run(tree)
    assert findings == expected
    assert caches.hits == 0
    again, caches = _run(tree)
    assert again == expected and caches.misses == 0


def _unpack(pack: Path) -> tuple[bytes, dict[str, Any], list[array[int]]]:
    """The HMAC line, the JSON line's data and the nine columns of a file of entries."""
    mac, _, body = pack.read_bytes().partition(b"\n")
    line, _, binary = body.partition(b"\n")
    data = json.loads(line)
    rows = data["rows"]
    columns = []
    for index in range(9):
        column = array("i")
        column.frombytes(binary[index * 4 * rows : (index + 1) * 4 * rows])
        columns.append(column)
    return mac, data, columns


def _repack(pack: Path, mac: bytes | None, data: dict[str, Any], binary: bytes) -> None:
    """Write a file of entries, signed with this user's key unless `mac` is given."""
    body = json.dumps(data).encode() + b"\n" + binary
    if mac is None:
        key = cache_key()
        assert key is not None
        mac = sign(key, body).encode()
    pack.write_bytes(mac + b"\n" + body)


def _tamper(tree: Path, change: str) -> int:
    """Change every entry file as `change` says; how many files' entries this spoils."""
    spoiled = 0
    for pack in _entries(tree / CACHE_DIR_NAME):
        mac, data, columns = _unpack(pack)
        entries = list(data["files"].values())
        spoiled += len(entries)
        extra = b""
        if change == "stamp":
            data["stamp"] = "pmlint 99.0 cache 1"
        elif change == "fingerprint":
            data["fingerprint"] = "0" * 20
        elif change == "layout":
            data["layout"] = "elsewhere i4"
        elif change == "digest":
            for entry in entries:
                entry[0] = "f" * 64
        elif change == "path":
            data["files"] = {f"elsewhere/{k}": v for k, v in data["files"].items()}
        elif change == "finding-none":
            columns[0][0] = NO_END  # a line of None
        elif change == "finding-length":
            extra = b"\0\0\0\0"
        elif change == "row-count":
            data["rows"] += 1
        elif change == "string-index":
            columns[-1][0] = len(data["strings"])
        elif change == "string-negative":
            columns[4][0] = -1
        elif change == "string-type":
            data["strings"][0] = 1
        elif change == "entry-shape":
            entries[0].append(None)
        elif change == "row-range":
            entries[0][4] = data["rows"] + 1
        binary = b"".join(column.tobytes() for column in columns) + extra
        if change == "forged":
            for entry in entries:
                entry[3] = entry[4]  # well-formed but would hide findings: the signature guards it
                entry[2] = None
            _repack(pack, mac, data, binary)
        else:  # signed with this user's key: the shape checks must catch it
            _repack(pack, None, data, binary)
    return spoiled


@pytest.mark.parametrize(
    "change",
    [
        "stamp",
        "fingerprint",
        "digest",
        "layout",
        "path",
        "finding-none",
        "finding-length",
        "row-count",
        "string-index",
        "string-negative",
        "string-type",
        "entry-shape",
        "row-range",
        "forged",
    ],
)
def test_foreign_or_mismatched_entries_are_not_trusted(tree: Path, change: str) -> None:
    expected, _ = _run(tree)
    spoiled = _tamper(tree, change)
    findings, caches = _run(tree)
    assert findings == expected
    assert spoiled and caches.misses == spoiled


def test_an_entry_reads_back_the_findings_it_was_written_with(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", "a" * 20)
    findings = [
        Finding("a.md", 3, 1, "PM201", "same message", "warning", "n", 3, 9, "line — é"),
        Finding("a.md", 4, 2, "PM201", "same message", "warning", "n", None, None, "\x1b"),
        Finding("a.md", 4, 2, "PM999", "", "info", "", 5, 1, "line — é"),
    ]
    cache.put("a.md", "d" * 64, findings)
    back = cache.get("a.md", "d" * 64)
    assert back == findings
    assert [f.source_line for f in back or []] == [f.source_line for f in findings]
    cache.put("b.md", "e" * 64, [])
    assert cache.get("b.md", "e" * 64) == []
    cache.save()
    again = ResultCache(tmp_path / "c", "a" * 20)
    back = again.get("a.md", "d" * 64)
    assert back == findings
    assert [f.source_line for f in back or []] == [f.source_line for f in findings]
    assert again.get("b.md", "e" * 64) == []
    assert again.get("a.md", "e" * 64) is None  # another content


def test_unwritable_cache_folder_only_turns_caching_off(tree: Path) -> None:
    blocker = tree / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    expected = run([tree / "docs"], Overrides()).findings
    findings, caches = _run(tree, cache_dir=blocker)
    assert findings == expected
    assert all(not cache.writable for cache in caches._caches.values())


def test_internal_errors_are_not_cached(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", "a" * 20)
    crash = Finding("x.md", 1, 1, "PM003", "rule crashed", "error", "internal-error")
    from pmlint.run.parallel import cacheable

    assert not cacheable([crash])
    cache.put("x.md", "d" * 64, [])
    assert cache.get("x.md", "d" * 64) == []


def test_old_configurations_are_pruned(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    for number in range(KEEP_FINGERPRINTS + 3):
        cache = ResultCache(root, f"{number:020x}")
        cache.put("x.md", "d" * 64, [])
        cache.save()
    kept = list((root / f"v{SCHEMA}").iterdir())
    assert len(kept) == KEEP_FINGERPRINTS
    assert (root / f"v{SCHEMA}" / f"{KEEP_FINGERPRINTS + 2:020x}").is_dir()


def test_entries_of_an_older_layout_are_dropped(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    old = root / f"v{SCHEMA - 1}" / ("0" * 20)
    old.mkdir(parents=True)
    (old / "entry.json").write_text("{}", encoding="utf-8")
    (root / "notes").mkdir()  # not a layout folder: left alone
    cache = ResultCache(root, "1" * 20)
    cache.put("x.md", "d" * 64, [])
    cache.save()
    assert not (root / f"v{SCHEMA - 1}").exists()
    assert (root / "notes").is_dir()
    assert (root / f"v{SCHEMA}" / ("1" * 20)).is_dir()


def test_a_long_line_with_many_findings_is_stored_once(tmp_path: Path) -> None:
    line = "x" * 50_000
    findings = [
        Finding("a.md", 1, column, "PM701", "blame", "warning", "blame-language", source_line=line)
        for column in range(1, 201)
    ]
    cache = ResultCache(tmp_path / "cache", "2" * 20)
    cache.put("a.md", "d" * 64, findings)
    others = [dataclasses.replace(f, path="b.md") for f in findings]
    cache.put("b.md", "e" * 64, others)
    cache.save()
    (entry,) = (tmp_path / "cache").rglob(PACK_NAME)
    assert entry.stat().st_size < 2 * len(line)
    again = ResultCache(tmp_path / "cache", "2" * 20)
    assert again.get("a.md", "d" * 64) == findings
    assert all(f.source_line == line for f in again.get("a.md", "d" * 64) or [])
    assert again.get("b.md", "e" * 64) == others


@pytest.fixture
def aged(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files just written count as old enough for their state to vouch for them."""
    monkeypatch.setattr(pmlint.run.cachepack, "RECENT_NS", -(10**12))


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the next runs read, in order."""
    seen: list[str] = []
    real = pmlint.run.parallel.read_source

    def counting(path: Path, display: str, limit: int | None) -> object:
        seen.append(display)
        return real(path, display, limit)

    monkeypatch.setattr(pmlint.run.parallel, "read_source", counting)
    return seen


def test_an_unchanged_file_is_not_read_again(
    tree: Path, aged: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, _ = _run(tree)
    reads = _reads(monkeypatch)
    warm, caches = _run(tree)
    assert warm == expected and caches.misses == 0
    assert reads == []


def test_a_recently_written_file_is_read_and_hashed(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, _ = _run(tree)  # the files were just copied: their state vouches for nothing
    reads = _reads(monkeypatch)
    warm, caches = _run(tree)
    assert warm == expected and caches.misses == 0
    assert len(reads) == caches.hits


def test_same_size_and_modification_time_but_new_content_is_linted_again(
    tree: Path, aged: None
) -> None:
    target = tree / "docs" / "bad" / "tier-3-only.md"
    _run(tree)
    before = target.stat()
    text = target.read_text()
    target.write_text(text.replace("a", "b", 1) if "a" in text else text.upper())
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    findings, caches = _run(tree)
    assert caches.misses == 1
    clear_caches()
    assert findings == run([tree / "docs"], Overrides()).findings


def test_a_touched_file_is_hashed_once_then_trusted_again(
    tree: Path, aged: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, _ = _run(tree)
    target = tree / "docs" / "bad" / "tier-3-only.md"
    os.utime(target)  # new times, same content
    reads = _reads(monkeypatch)
    findings, caches = _run(tree)
    assert findings == expected and caches.misses == 0
    assert reads == ["docs/bad/tier-3-only.md"]
    again, caches = _run(tree)
    assert again == expected and caches.misses == 0
    assert reads == ["docs/bad/tier-3-only.md"]


def test_file_state_refuses_what_it_cannot_vouch_for(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.md"
    fresh.write_text("# Title\n")
    assert file_state(fresh) is None  # written just now
    assert file_state(tmp_path) is None  # a folder
    assert file_state(tmp_path / "missing.md") is None


def test_runs_on_other_files_keep_each_others_entries(tree: Path) -> None:
    bad, good = tree / "docs" / "bad", tree / "docs" / "good"
    first = CacheSet(None, debug=False)
    run([bad], Overrides(), caches=first)
    second = CacheSet(None, debug=False)
    second_cache = None
    run([good], Overrides(), caches=second)
    for caches in (CacheSet(None, debug=False), CacheSet(None, debug=False)):
        run([bad, good], Overrides(), caches=caches)
        second_cache = caches
    assert second_cache is not None and second_cache.misses == 0


def test_a_pack_written_meanwhile_by_another_run_is_merged(tmp_path: Path) -> None:
    ours, theirs = ResultCache(tmp_path, "3" * 20), ResultCache(tmp_path, "3" * 20)
    assert ours.get("a.md", "d" * 64) is None and theirs.get("b.md", "e" * 64) is None
    theirs.put("b.md", "e" * 64, [])
    theirs.save()
    ours.put("a.md", "d" * 64, [])
    ours.save()
    again = ResultCache(tmp_path, "3" * 20)
    assert again.get("a.md", "d" * 64) == [] and again.get("b.md", "e" * 64) == []


def test_cli_no_cache_and_cache_dir(tree: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--no-cache", "docs"])
    assert result.exit_code == 1
    assert not (tree / CACHE_DIR_NAME).exists()
    custom = tree / "elsewhere" / "cache"
    first = runner.invoke(main, ["check", "--cache-dir", str(custom), "docs"])
    second = runner.invoke(main, ["check", "--cache-dir", str(custom), "docs"])
    assert first.output == second.output == result.output
    assert _entries(custom)
    assert not (tree / CACHE_DIR_NAME).exists()


# -- the validated rule catalogue ----------------------------------------------------------


@pytest.fixture
def catalog_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("PMLINT_NO_CATALOG_CACHE", raising=False)
    load_catalog.cache_clear()
    yield home / "pmlint"
    load_catalog.cache_clear()


def _user_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "myrules"
    folder.mkdir()
    source = (ROOT / "rules" / "PM101.toml").read_text()
    (folder / "XT101.toml").write_text(
        source.replace('code = "PM101"', 'code = "XT101"').replace(
            'name = "missing-title"', 'name = "missing-title-again"'
        )
    )
    return folder


def test_catalog_from_the_cache_equals_a_fresh_one(catalog_home: Path, tmp_path: Path) -> None:
    extra = (str(_user_rules(tmp_path)),)
    fresh = load_catalog(extra)
    files = list(catalog_home.glob("catalog-*.json"))
    assert len(files) == 1
    load_catalog.cache_clear()
    cached = load_catalog(extra)
    assert cached == fresh
    assert cached.specs["XT101"].docs.bad == fresh.specs["XT101"].docs.bad
    assert cached.profile("default").sections == fresh.profile("default").sections


@pytest.mark.parametrize("damage", [b"", b"{}", b"\xff\xfe", b'{"stamp": 1}'])
def test_a_damaged_catalog_cache_is_rebuilt(catalog_home: Path, damage: bytes) -> None:
    fresh = load_catalog()
    (target,) = catalog_home.glob("catalog-*.json")
    target.write_bytes(damage)
    load_catalog.cache_clear()
    assert load_catalog() == fresh


def test_a_tampered_catalog_cache_is_not_trusted(catalog_home: Path) -> None:
    fresh = load_catalog()
    (target,) = catalog_home.glob("catalog-*.json")
    head, _, body = target.read_text().partition("\n")
    payload = json.loads(body)
    payload["specs"]["PM101"]["severity"] = "info"  # checksum no longer matches
    target.write_text(f"{head}\n{json.dumps(payload)}")
    load_catalog.cache_clear()
    assert load_catalog().specs["PM101"].severity == fresh.specs["PM101"].severity


def test_an_edited_rule_file_invalidates_the_catalog_cache(
    catalog_home: Path, tmp_path: Path
) -> None:
    folder = _user_rules(tmp_path)
    load_catalog((str(folder),))
    rule = folder / "XT101.toml"
    rule.write_text(rule.read_text().replace('severity = "error"', 'severity = "warning"'))
    load_catalog.cache_clear()
    assert load_catalog((str(folder),)).specs["XT101"].severity == "warning"


def test_the_catalog_cache_can_be_turned_off(
    catalog_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMLINT_NO_CATALOG_CACHE", "1")
    load_catalog()
    assert not catalog_home.exists()
