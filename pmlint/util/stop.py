"""A request to stop the run (SIGTERM), kept as a flag as well as raised.

The signal handler raises `Stopped` wherever the main thread is; but an exception raised in
some places is printed and dropped by Python ("Exception ignored in ..."), such as a
callback that runs around `fork` while a worker process starts. The flag survives that:
the loops that wait for files (`pmlint.run.parallel`) call `check()` and stop there.
"""

from __future__ import annotations

__all__ = ["Stopped", "check", "clear", "request", "requested"]

_REQUESTED: list[int] = []


class Stopped(BaseException):
    """The run was asked to stop (by a signal); not an `Exception`, so nothing catches it
    by accident."""


def request(signum: int) -> None:
    _REQUESTED.append(signum)


def clear() -> None:
    """Forget an earlier request (a new run in the same process)."""
    _REQUESTED.clear()


def requested() -> int | None:
    return _REQUESTED[0] if _REQUESTED else None


def check() -> None:
    """Raise `Stopped` if a stop was requested (and the first raise was lost)."""
    if _REQUESTED:
        raise Stopped(_REQUESTED[0])
