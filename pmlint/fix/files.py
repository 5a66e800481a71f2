"""Fixing files: `pmlint check --fix`, `--diff`, `--fix-only` and `--add-suppressions`.

Every file is read as bytes and written back only when a fix changed it: atomically
(a temporary file in the same folder, then a rename), with the file's mode kept, and with
everything outside the edits (encoding, byte-order mark, line endings) as it was.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.document.read import ReadError, read_source
from pmlint.fix.edits import Source
from pmlint.fix.engine import fix_source, lint_with_fixes
from pmlint.fix.suppressions import suppression_edits
from pmlint.run.runner import display_path, plan
from pmlint.util.recache import compiled
from pmlint.util.record import record

if TYPE_CHECKING:
    from pmlint.run.runner import Overrides, Ruleset


@record(slots=True)
class FileChange:
    """One file a fix changed (or would change)."""

    path: Path
    display: str
    before: bytes
    after: bytes
    fixes: int


@record(slots=True)
class Outcome:
    """What a fixing run did: the files it changed and what it could not do."""

    changes: list[FileChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files that could not be written
    skipped: list[str] = field(default_factory=list)  # files that cannot be read (PM001)
    unsafe_left: int = 0  # fixes that only --unsafe-fixes would apply

    @property
    def fixes(self) -> int:
        return sum(change.fixes for change in self.changes)


def _planned(paths: Sequence[Path], overrides: Overrides) -> list[tuple[Path, str, Ruleset]]:
    return [(file, display_path(file), ruleset) for file, ruleset in plan(paths, overrides)]


def _read(path: Path, display: str, outcome: Outcome) -> Source | None:
    try:
        read_source(path, display)  # the reader's checks (binary, encoding) and messages
        return Source(path.read_bytes())
    except ReadError as error:
        outcome.skipped.append(f"{display}: not fixed: {error}")
    except (OSError, UnicodeDecodeError) as error:
        outcome.skipped.append(f"{display}: not fixed: {error}")
    return None


def fix_paths(paths: Sequence[Path], overrides: Overrides, *, unsafe: bool, write: bool) -> Outcome:
    """Fix every file under `paths`; write the changed ones when `write`."""
    outcome = Outcome()
    for path, display, ruleset in _planned(paths, overrides):
        source = _read(path, display, outcome)
        if source is None:
            continue
        before = source.encode()
        result = fix_source(source, display, ruleset, unsafe)
        outcome.unsafe_left += result.remaining_fixable
        after = source.encode()
        if after == before:
            continue
        change = FileChange(path, display, before, after, result.applied)
        if write and not _write(change, outcome):
            continue
        outcome.changes.append(change)
    return outcome


def add_suppressions(paths: Sequence[Path], overrides: Overrides) -> Outcome:
    """Write a suppression comment for every finding (see `pmlint.fix.suppressions`)."""
    outcome = Outcome()
    for path, display, ruleset in _planned(paths, overrides):
        source = _read(path, display, outcome)
        if source is None:
            continue
        linted = lint_with_fixes(source.normalised, display, ruleset)
        if linted.doc is None:
            continue
        edits = suppression_edits(linted.doc, linted.findings)
        if not edits:
            continue
        before = source.encode()
        source.apply(edits)
        change = FileChange(path, display, before, source.encode(), len(edits))
        if _write(change, outcome):
            outcome.changes.append(change)
    return outcome


def _write(change: FileChange, outcome: Outcome) -> bool:
    try:
        write_atomic(change.path, change.after)
    except OSError as error:
        outcome.problems.append(f"{change.display}: cannot write: {error.strerror or error}")
        return False
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the file's content in one step: a reader sees the old file or the new one,
    never half of it. The mode (and, where allowed, the owner) is kept; a symlink stays a
    symlink (its target is written)."""
    target = Path(os.path.realpath(path))
    info = target.stat()
    mode = stat.S_IMODE(info.st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _diff_text(data: bytes) -> str:
    """The text a diff shows: a UTF-8 byte-order mark kept at the start of the first line, so
    that a hunk touching it still applies."""
    source = Source(data)
    return ("\ufeff" if source.bom == codecs.BOM_UTF8 else "") + source.text


_LINES = compiled(r"[^\n]*\n|[^\n]+$")


def unified_diff(change: FileChange) -> str:
    """A diff `patch -p1` applies: `a/` and `b/` paths, line endings as in the file, and
    the "no newline at end of file" mark where the last line has none."""
    before = _LINES.findall(_diff_text(change.before))
    after = _LINES.findall(_diff_text(change.after))
    name = change.display.replace(os.sep, "/")
    lines = difflib.unified_diff(before, after, f"a/{name}", f"b/{name}")
    out: list[str] = []
    for line in lines:
        if (line.startswith(("---", "+++")) and line.endswith("\n")) or line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
