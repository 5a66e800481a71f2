"""A progress bar on standard error for long runs at a terminal.

Only for people watching: never when standard output or standard error is not a terminal
(pipes, CI logs, editors), never for machine formats, never with `--quiet`, and only once a
run has taken long enough to be worth it. It redraws at most a few times a second and
erases itself at the end, so the report below it reads as if it had never been there.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

MIN_FILES = 20  # fewer files finish before anyone would read a bar
DELAY = 0.3  # seconds before the bar first appears
INTERVAL = 0.1  # seconds between redraws


def wanted(output_format: str, quiet: bool) -> bool:
    """Whether a run may show a bar: text report, not quiet, a terminal on both streams."""
    if quiet or output_format != "text":
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


class ProgressBar:
    """`start(total)` once the files are known, `advance(n)` as they finish, `close()`."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.total = 0
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.visible = False

    def start(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.started = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        if self.total < MIN_FILES:
            return
        now = time.monotonic()
        if now - self.started < DELAY or now - self.drawn_at < INTERVAL:
            return
        self.drawn_at = now
        self._draw()

    def _draw(self) -> None:
        import shutil  # lazy for start-up time: shutil pulls in bz2 and lzma; a bar is rare

        width = shutil.get_terminal_size((80, 24)).columns
        label = f" {self.done}/{self.total} files"
        room = max(10, min(40, width - len(label) - 10))
        filled = room * self.done // self.total
        full, empty = ("█", "░") if self._unicode() else ("#", "-")
        bar = full * filled + empty * (room - filled)
        percent = 100 * self.done // self.total
        self._write(f"\r{bar} {percent:3d}%{label}\x1b[K")
        self.visible = True

    def _unicode(self) -> bool:
        encoding = (getattr(self.stream, "encoding", None) or "").lower().replace("-", "")
        return encoding in ("utf8", "utf16", "utf32")

    def close(self) -> None:
        if self.visible:
            self._write("\r\x1b[K")
            self.visible = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError, UnicodeError):
            self.visible = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
