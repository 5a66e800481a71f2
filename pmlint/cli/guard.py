"""The outermost layer of the command line: no traceback and a meaningful exit status.

CI reads status 1 as "findings" and 2 or more as "pmlint failed", so an internal error must
not end in Python's traceback (status 1). A standard output that cannot be written (a closed
pipe, a full disk, `/dev/full`) ends the run with 2; a reader that went away (EPIPE) gets no
message, anything else one line. SIGTERM (a CI job cancelled, a timeout) ends the run like
Ctrl-C, with 143 (130 for SIGINT), after worker processes are told to stop.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from pmlint.util import stop
from pmlint.util.missing import MissingDependency

INTERNAL = 2


def _on_term(signum: int, _frame: Any) -> None:
    """SIGTERM: unwind (stopping worker processes on the way) and exit 143."""
    stop.request(signum)
    raise stop.Stopped(signum)


def _say(message: str) -> None:
    try:
        sys.stderr.write(f"pmlint: error: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that the interpreter's final flush of what is
    still buffered cannot fail again (and print 'Exception ignored')."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def output_failed(error: OSError) -> NoReturn:
    _silence_stdout()
    if error.errno not in (errno.EPIPE, errno.ECONNRESET):
        _say(f"cannot write the report to standard output: {error.strerror or error}")
    raise SystemExit(INTERNAL)


def _unraisable(previous: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Python's hook for exceptions it drops, quiet about a dropped `Stopped` (the flag
    keeps it: see `pmlint.util.stop`)."""

    def hook(unraisable: Any) -> Any:
        if isinstance(unraisable.exc_value, stop.Stopped):
            return None
        return previous(unraisable)

    return hook


def guarded(run: Callable[[], Any]) -> Any:
    """Call `run` (click's standalone main) and turn every way it can end into a status.

    The SIGTERM handler and the hook for dropped exceptions are put back afterwards, so a
    program (or a test) that calls the command line in-process keeps its own."""
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _unraisable(previous_hook)
    previous_term: Any = None
    try:
        if hasattr(signal, "SIGTERM") and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            previous_term = signal.signal(signal.SIGTERM, _on_term)
    except ValueError:  # not the main thread
        pass
    try:
        _guarded(run)
    finally:
        sys.unraisablehook = previous_hook
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)


def _guarded(run: Callable[[], Any]) -> NoReturn:
    stop.clear()
    code: Any = 0
    closed = sys.stdout is None  # started with standard output closed (`>&-`)
    if closed:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the run
    try:
        try:
            run()
        except SystemExit as done:
            code = done.code
        _flush()
        stop.check()  # the signal's own raise may have been dropped on the way
    except stop.Stopped:
        _flush_quietly()
        code = 143
    except KeyboardInterrupt:
        _flush_quietly()
        code = 130
    except OSError as error:
        if _is_stdout_error(error):
            output_failed(error)
        _say(f"internal error: {type(error).__name__}: {error}")
        code = INTERNAL
    except MissingDependency as error:  # not a bug: say what to install
        _flush_quietly()
        _say(str(error))
        code = INTERNAL
    except Exception as error:  # every traceback is a bug: one line and status 2
        if "--debug" in sys.argv:
            import traceback  # lazy for start-up time: only with --debug

            traceback.print_exc()
        message = str(error).splitlines()[0] if str(error) else ""
        _say(
            f"internal error: {type(error).__name__}: {message[:300]} "
            "(please report it; --debug shows where)"
        )
        _flush_quietly()
        code = INTERNAL
    if closed and code in (0, 1, None) and not {"-o", "--output"} & set(sys.argv):
        _say("standard output is closed: the report was not written")
        code = INTERNAL
    raise SystemExit(code)


def _is_stdout_error(error: OSError) -> bool:
    return error.errno in (errno.EPIPE, errno.ENOSPC, errno.ECONNRESET, errno.EBADF, errno.EIO)


def _flush() -> None:
    try:
        sys.stdout.flush()
    except OSError as error:
        output_failed(error)
    except (ValueError, AttributeError):  # standard output was closed
        pass


def _flush_quietly() -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError):
        _silence_stdout()
