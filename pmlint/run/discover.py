"""Paths on the command line -> the Markdown files to lint, in a stable order.

Directories are walked recursively for the configured `include` globs (`*.md`,
`*.markdown` by default), skipping hidden folders and vendored trees. `exclude` globs
apply to every file, named or found.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from fnmatch import fnmatch
from pathlib import Path

SKIPPED_DIRS = frozenset(
    {
        "node_modules",
        "vendor",
        "third_party",
        "site-packages",
        "__pycache__",
        "venv",
        "_build",
        "bower_components",
    }
)


def is_excluded(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    """True when `path` (or one of its folders) matches an exclude glob."""
    if not patterns:
        return False
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    parts = relative.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch(relative, pattern) or any(fnmatch(part, pattern) for part in parts):
            return True
        if fnmatch(relative, pattern + "/*"):
            return True
    return False


def walk(directory: Path, include: Sequence[str]) -> Iterator[Path]:
    """Files under `directory` matching `include`, hidden and vendored folders skipped."""
    for current, dirnames, filenames in os.walk(directory, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if any(fnmatch(name, pattern) for pattern in include):
                yield Path(current, name)


def discover(paths: Iterable[Path], include: Sequence[str]) -> list[Path]:
    """Expand directories; keep named files as given (even without a Markdown suffix)."""
    seen: set[str] = set()
    found: list[Path] = []
    for path in paths:
        candidates = walk(path, include) if path.is_dir() else iter([path])
        for candidate in candidates:
            key = os.path.normpath(str(candidate))
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found
