"""Linting for the language server, without the protocol: one open document at a time.

Each document is linted with the configuration nearest to its path (as `pmlint check` finds
it); the configuration files above it are watched by their size and modification time, so
an edited, added or removed `pmlint.toml` / `pyproject.toml` applies on the next lint. Input
that `pmlint check` would refuse or choke on becomes a message, never an exception: text
that is not valid Unicode (an editor's decoding of invalid UTF-8 reaches the server as lone
surrogates), a document larger than `max_bytes`, a configuration or rule file that does
not load.
"""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path
from urllib.parse import unquote, urlparse

from pmlint.catalog.catalog import CatalogError
from pmlint.config.settings import CONFIG_NAMES, ConfigError, config_for
from pmlint.document.model import Document, Finding
from pmlint.fix.edits import Fix, apply_to_text
from pmlint.fix.engine import lint_with_fixes
from pmlint.run.runner import Overrides, Ruleset, clear_caches, ruleset_for
from pmlint.util.recache import compiled
from pmlint.util.record import record

MAX_BYTES = 2_000_000  # larger documents are not linted as they are typed


@record(slots=True)
class Notice:
    """Something the user must be told about instead of (or besides) findings."""

    message: str
    severity: str = "error"  # error | warning | info
    line: int = 1


@record(slots=True)
class Linted:
    """What the server publishes for one version of a document."""

    text: str  # as linted: `\n` line endings
    findings: list[Finding] = field(default_factory=list)
    fixes: list[Fix | None] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    ruleset: Ruleset | None = None
    doc: Document | None = None
    lines: list[str] = field(init=False)  # split once: every diagnostic's range reads them

    def __post_init__(self) -> None:
        self.lines = self.doc.lines if self.doc is not None else self.text.split("\n")


def path_of(uri: str) -> Path | None:
    """The file a `file:` URI names (None for unsaved buffers and other schemes)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


class Linter:
    """Lints documents for the server; remembers the configuration files it relied on."""

    def __init__(self, max_bytes: int = MAX_BYTES, root: Path | None = None) -> None:
        self.max_bytes = max_bytes
        self.root = root
        self._stamps: dict[Path, tuple[tuple[str, int, int], ...]] = {}

    def config_changed(self) -> None:
        """Forget every configuration read (a watched configuration file changed)."""
        clear_caches()
        self._stamps.clear()

    def _stamp(self, folder: Path) -> tuple[tuple[str, int, int], ...]:
        found = []
        for parent in (folder, *folder.parents):
            for name in CONFIG_NAMES:
                try:
                    info = os.stat(parent / name)
                except OSError:
                    continue
                found.append((str(parent / name), info.st_mtime_ns, info.st_size))
        return tuple(found)

    def _anchor(self, uri: str) -> Path:
        path = path_of(uri)
        if path is not None:
            return path
        return (self.root or Path.cwd()) / "untitled.md"

    def lint(self, uri: str, text: str) -> Linted:
        """Findings and fixes of one document's text, or notices saying why there are none."""
        text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
        notices: list[Notice] = []
        text, bad = _valid_unicode(text)
        if bad is not None:
            notices.append(
                Notice(
                    f"pmlint: the document is not valid UTF-8 text (first bad character on "
                    f"line {bad}); it was linted with the bad characters replaced",
                    "warning",
                    bad,
                )
            )
        size = len(text.encode("utf-8"))
        if size > self.max_bytes:
            notices.append(
                Notice(
                    f"pmlint: the document is too large to lint as you type "
                    f"({size / 1e6:.1f} MB, the limit is {self.max_bytes / 1e6:.1f} MB); "
                    f"run `pmlint check` on it instead",
                    "warning",
                )
            )
            return Linted(text, notices=notices)
        anchor = self._anchor(uri)
        stamp = self._stamp(anchor.parent)
        if self._stamps.get(anchor.parent, stamp) != stamp:
            clear_caches()
        self._stamps[anchor.parent] = stamp
        try:
            ruleset = ruleset_for(config_for(anchor), Overrides())
        except (ConfigError, CatalogError) as error:
            notices.append(Notice(f"pmlint: configuration error: {error}"))
            return Linted(text, notices=notices)
        display = str(anchor)
        linted = lint_with_fixes(text, display, ruleset, fixes=False)
        return Linted(text, linted.findings, linted.fixes, notices, ruleset, linted.doc)


_SURROGATE = compiled("[\ud800-\udfff]")


def removes_finding(linted: Linted, finding: Finding, fix: Fix) -> bool:
    """Whether applying `fix` makes `finding` go: a fix is offered only when it works (an
    insertion may land where it is not read, such as after an unclosed code fence)."""
    if linted.ruleset is None or linted.doc is None:
        return False
    text = apply_to_text(linted.text, fix.edits)
    after = lint_with_fixes(text, linted.doc.path, linted.ruleset, fixes=False).findings
    key = (finding.code, finding.message)
    before = sum(1 for f in linted.findings if (f.code, f.message) == key)
    return sum(1 for f in after if (f.code, f.message) == key) < before


def _valid_unicode(text: str) -> tuple[str, int | None]:
    """The text with lone surrogates replaced, and the line of the first one (or None)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        return _SURROGATE.sub("\ufffd", text), line
    return text, None
