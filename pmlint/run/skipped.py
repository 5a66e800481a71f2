"""Paths a folder walk found but must not read, with the reason their finding gives.

An unreadable folder, a symlink leading out of the repository or back into a folder already
walked: `pmlint.run.walk.walk` records them here and yields them, and
`pmlint.run.parallel` reports each as PM001 instead of reading it, so nothing is silently
lost and nothing outside the repository is read unless it was named on the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

SKIPPED: dict[str, str] = {}


def skipped_reason(path: Path | str) -> str | None:
    return SKIPPED.get(os.path.normpath(path)) if SKIPPED else None


def skip(path: str | os.PathLike[str], reason: str) -> Path:
    SKIPPED[os.path.normpath(path)] = reason
    return Path(path)


def forget(path: Path) -> None:
    """A path named on the command line is read whatever a walk found."""
    SKIPPED.pop(os.path.normpath(path), None)


def boundary(directory: Path) -> Path:
    """The repository a walked folder belongs to (the nearest folder above it with `.git`),
    or the folder itself: symlinks found while walking are followed only inside it."""
    real = Path(os.path.realpath(directory))
    for folder in (real, *real.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return real


def inside(path: str, root: Path) -> bool:
    real = os.path.realpath(path)
    return real == str(root) or real.startswith(str(root).rstrip(os.sep) + os.sep)


def unreadable_folder(error: OSError, fallback: str) -> Path:
    where = error.filename or fallback
    reason = (error.strerror or type(error).__name__).lower()
    return skip(where, f"folder cannot be read ({reason}): its files were not checked")
