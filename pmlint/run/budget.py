"""Bounded work per file: a size limit checked before a file is read, and a time budget for
parsing it and running its rules.

Set from the command line (`--max-file-size`, `--time-budget`), never from a configuration
file: in CI the configuration comes with the pull request being checked. A file over the size
limit is reported as unreadable (PM001) without being parsed; a file whose parse or rules run
past the budget gets an internal-error finding (PM003) naming the rule that ran long, and the
run goes on with the next file.

Where the process can take SIGALRM (the main thread on Unix, which is where the command line
and `--jobs` workers lint) the budget interrupts whatever runs, even a regular expression;
elsewhere (a library call from another thread, Windows) it is checked after each rule.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_SECONDS",
    "Budget",
    "Overtime",
    "budget",
    "limits",
    "set_limits",
]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_SECONDS = 30.0

# The limits of this process; workers get the parent's (fork copies them, spawn is told).
_LIMITS = {"max_bytes": DEFAULT_MAX_BYTES, "seconds": DEFAULT_SECONDS}


def set_limits(max_bytes: int | None = None, seconds: float | None = None) -> None:
    """Change the limits (0 turns one off)."""
    if max_bytes is not None:
        _LIMITS["max_bytes"] = max_bytes
    if seconds is not None:
        _LIMITS["seconds"] = seconds


def limits() -> tuple[int, float]:
    """(maximum file size in bytes, seconds per file); 0 means no limit."""
    return int(_LIMITS["max_bytes"]), float(_LIMITS["seconds"])


def max_bytes() -> int | None:
    """The size limit for the reader, None when there is none."""
    return int(_LIMITS["max_bytes"]) or None


class Overtime(BaseException):
    """The file's time budget ran out. A BaseException, so that a rule's `except Exception`
    (and the engine's crash isolation) does not swallow it."""


class Budget:
    """The clock of one file: `check()` raises `Overtime` once the deadline has passed."""

    __slots__ = ("active", "deadline", "interrupts", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds > 0 else None
        self.active = True
        # True while an alarm stops whatever runs at the deadline: checking between
        # rules is then needless (it is how the budget works without one).
        self.interrupts = False

    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline

    def check(self) -> None:
        if self.active and self.expired():
            raise Overtime


def describe(seconds: float) -> str:
    return f"{seconds:g} s"


_CURRENT: list[Budget] = []


def _on_alarm(_signum: int, _frame: Any) -> None:
    if _CURRENT and _CURRENT[-1].active:
        raise Overtime


@contextmanager
def budget(seconds: float | None = None) -> Iterator[Budget]:
    """Time one file; `seconds` defaults to the process's limit."""
    clock = Budget(limits()[1] if seconds is None else seconds)
    armed = False
    previous: Any = None
    if (
        clock.deadline is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not _CURRENT
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # a caller's own timer: leave it
    ):
        try:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, clock.seconds)
            armed = clock.interrupts = True
        except (ValueError, OSError):  # pragma: no cover - an embedding that forbids it
            armed = False
    _CURRENT.append(clock)
    try:
        yield clock
    finally:
        clock.active = False
        _CURRENT.pop()
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
