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


# Paths found by `walk` that are not to be read, with the reason the finding gives: an
# unreadable folder, a symlink leading out of the repository or back into a folder already
# walked. `pmlint.run.parallel` reports them (PM001) instead of reading them.
SKIPPED: dict[str, str] = {}


def skipped_reason(path: Path | str) -> str | None:
    return SKIPPED.get(os.path.normpath(path)) if SKIPPED else None


def _skip(path: str | os.PathLike[str], reason: str) -> Path:
    SKIPPED[os.path.normpath(path)] = reason
    return Path(path)


def boundary(directory: Path) -> Path:
    """The repository a walked folder belongs to (the nearest folder above it with `.git`),
    or the folder itself: symlinks found while walking are followed only inside it."""
    real = Path(os.path.realpath(directory))
    for folder in (real, *real.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return real


def _inside(path: str, root: Path) -> bool:
    real = os.path.realpath(path)
    return real == str(root) or real.startswith(str(root).rstrip(os.sep) + os.sep)


def walk(directory: Path, include: Sequence[str]) -> Iterator[Path]:
    """Files under `directory` matching `include`, hidden and vendored folders skipped.

    Symlinks to folders are followed when they stay inside the repository (`boundary`) and
    do not lead back to a folder already walked; symlinks to files are kept only when they
    stay inside. What is skipped, and folders that cannot be read, are yielded too and
    recorded in `SKIPPED` with the reason, so that they are reported, never silently lost."""
    root = boundary(directory)
    top = Path(os.path.realpath(directory))
    seen: set[str] = set()
    problems: list[OSError] = []
    for current, dirnames, filenames in os.walk(
        directory, onerror=problems.append, followlinks=True
    ):
        while problems:
            error = problems.pop()
            where = error.filename or current
            reason = (error.strerror or type(error).__name__).lower()
            yield _skip(where, f"folder cannot be read ({reason}): its files were not checked")
        kept = []
        for name in sorted(dirnames):
            if name.startswith(".") or name in SKIPPED_DIRS:
                continue
            path = os.path.join(current, name)
            if os.path.islink(path):
                real = os.path.realpath(path)
                if not _inside(path, root):
                    yield _skip(path, "symlink to a folder outside the repository: not followed")
                    continue
                if _inside(real, top) or real in seen:
                    continue  # walked anyway (or a loop): once is enough
                seen.add(real)
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if any(fnmatch(name, pattern) for pattern in include):
                path = os.path.join(current, name)
                if os.path.islink(path) and os.path.exists(path) and not _inside(path, root):
                    _skip(
                        path,
                        "symlink to a file outside the repository: not read "
                        "(name it on the command line to lint it)",
                    )
                yield Path(path)
    while problems:  # the folder itself could not be listed
        error = problems.pop()
        where = error.filename or os.fspath(directory)
        reason = (error.strerror or type(error).__name__).lower()
        yield _skip(where, f"folder cannot be read ({reason}): its files were not checked")


def discover(paths: Iterable[Path], include: Sequence[str]) -> list[Path]:
    """Expand directories; keep named files as given (even without a Markdown suffix)."""
    seen: set[str] = set()
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            SKIPPED.pop(os.path.normpath(path), None)  # named on the command line: read it
        candidates = walk(path, include) if path.is_dir() else iter([path])
        for candidate in candidates:
            key = os.path.normpath(str(candidate))
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found
