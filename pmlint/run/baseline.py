"""Baselines: accept today's findings so an existing docs repository can adopt pmlint.

`pmlint check --write-baseline FILE` records every finding as (path, code, hash of the
offending line's stripped text, count); `--baseline FILE` then reports only findings
that are not recorded. Matching ignores line numbers, so edits elsewhere in a file
keep old findings baselined, and counts handle the same finding on identical lines.
Paths are stored relative to the baseline file, so it works from any directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pmlint.document.model import Finding
from pmlint.util.safefile import read_bounded

VERSION = 1
NEVER_BASELINED = frozenset({"PM003"})  # a crash is never an accepted finding

Key = tuple[str, str, str]


class BaselineError(Exception):
    """A baseline file that is missing, unreadable or not one pmlint wrote."""


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str = Field(min_length=1)
    code: str = Field(min_length=1)
    hash: str = Field(min_length=1)
    count: int = Field(ge=1)


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    entries: list[Entry]


def line_hash(text: str) -> str:
    """A short, stable fingerprint of the offending line's content (whitespace-trimmed)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def _relative(path: str, base: Path) -> str:
    if path in ("-", "<stdin>", "<text>"):
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def _key(finding: Finding, base: Path) -> Key:
    return (_relative(finding.path, base), finding.code, line_hash(finding.source_line))


def build(findings: Iterable[Finding], base: Path) -> BaselineFile:
    counts = Counter(_key(f, base) for f in findings if f.code not in NEVER_BASELINED)
    entries = [
        Entry(path=path, code=code, hash=digest, count=count)
        for (path, code, digest), count in sorted(counts.items())
    ]
    return BaselineFile(version=VERSION, entries=entries)


def write(findings: Iterable[Finding], target: Path) -> int:
    """Write the baseline; returns how many findings it records."""
    data = build(findings, target.parent)
    text = json.dumps(data.model_dump(), indent=2, ensure_ascii=False) + "\n"
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{target}: cannot be written: {error.strerror or error}") from None
    return sum(entry.count for entry in data.entries)


BASELINE_LIMIT = 64 * 1024 * 1024  # bytes


def load(source: Path) -> Counter[Key]:
    """The recorded findings as counts per key; a clear error for a bad file."""
    try:
        raw = read_bounded(source, BASELINE_LIMIT).decode("utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"{source}: baseline file not found (create it with --write-baseline)"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise BaselineError(f"{source}: baseline file cannot be read: {reason}") from None
    try:
        data = BaselineFile.model_validate_json(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise BaselineError(
            f"{source}: not a pmlint baseline file ({where}: {first['msg']})"
        ) from None
    if data.version != VERSION:
        raise BaselineError(
            f"{source}: baseline version {data.version} is not supported (expected {VERSION})"
        )
    counts: Counter[Key] = Counter()
    for entry in data.entries:
        counts[(entry.path, entry.code, entry.hash)] += entry.count
    return counts


def filter_new(findings: Iterable[Finding], source: Path) -> list[Finding]:
    """Findings not covered by the baseline at `source` (each entry hides `count` of them)."""
    remaining = load(source)
    base = source.parent
    kept: list[Finding] = []
    for finding in findings:
        if finding.code not in NEVER_BASELINED:
            key = _key(finding, base)
            if remaining[key] > 0:
                remaining[key] -= 1
                continue
        kept.append(finding)
    return kept
