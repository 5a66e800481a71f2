"""Lint the planned files: in this process, or spread over worker processes (`--jobs N`).

Files are independent, so they are linted in chunks by a process pool and the findings
sorted afterwards: the output is the same, byte for byte, as with one process. A worker that
dies (a crash in a library, the out-of-memory killer) must not lose the other files'
findings: the files of its chunk are linted again one by one in a fresh process (one process
for all of them; a new one only after a file kills it again, and that file is reported as an
internal error, PM003, naming it), and a warning on standard error says so. SIGTERM or
Ctrl-C in the parent stops the workers at once.

The result cache (`pmlint.run.cache`) sits in front of both paths: a file whose entry matches is
not linted at all.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.checks import resolve
from pmlint.document.model import Finding
from pmlint.document.read import ReadError, read_source
from pmlint.index.current import cache_key, current_corpus, use_corpus
from pmlint.run.budget import limits, max_bytes, set_limits
from pmlint.run.cachepack import file_state
from pmlint.run.engine import INTERNAL_ERROR
from pmlint.run.runner import Ruleset, lint_source_text, load_parser, unreadable
from pmlint.run.skipped import skipped_reason
from pmlint.util import stop

if TYPE_CHECKING:
    from concurrent.futures import Future

    from pmlint.index.corpus import Corpus
    from pmlint.run.cache import CacheSet, ResultCache

Task = tuple[Path, str, "Ruleset"]  # file, displayed path, rule set
Progress = Callable[[int], None]  # called with the number of files just finished
Sink = Callable[[int, Sequence[Finding]], None]  # (task index, that task's findings)
# What a file's findings were computed from: (content digest, cache key, file state); the
# cache key adds to the digest the documents a cross-document rule read (`Corpus.cache_key`).
Seen = tuple[str, str, "str | None"]
# (task index, what the file was, or None when it could not be read; findings)
_Result = tuple[int, "Seen | None", Sequence[Finding]]

# Files each worker process must get for the processes to pay off: a worker costs tens of
# milliseconds to start and warm up (first document, compiled patterns) and to feed, a real
# post-mortem 2-4 ms to lint; below this the files are linted in this process.
MIN_FILES_PER_JOB = 100
MAX_CHUNK = 50
CHUNKS_PER_WORKER = 24


def usable_cpus() -> int:
    """CPUs this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)  # Linux: CPUs this process may use
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:
            pass
    return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int) -> int:
    """`--jobs 0` means one per CPU this process may run on."""
    return jobs if jobs > 0 else usable_cpus()


def workers_for(jobs: int, files: int) -> int:
    """Worker processes to start for `files` files to lint: at most `jobs` and the CPUs
    this process may use (more processes than CPUs only take turns), and 0, meaning lint
    them here, unless at least two would each get MIN_FILES_PER_JOB files."""
    workers = min(resolve_jobs(jobs), usable_cpus(), files // MIN_FILES_PER_JOB)
    return workers if workers > 1 else 0


def lint_one(
    path: Path,
    display: str,
    ruleset: Ruleset,
    debug: bool,
    cache: ResultCache | None = None,
    stat_file: bool = False,
) -> tuple[Seen | None, Sequence[Finding]]:
    """Look up, or read, lint and store one file; what it was is None when it cannot be
    read or nothing will store it (no cache, no `stat_file`). The file's state is taken
    (before reading it) with a cache or `stat_file`."""
    reason = skipped_reason(path)
    if reason is not None:
        return None, unreadable(display, reason, ruleset)
    state = file_state(path) if cache is not None or stat_file else None
    if cache is not None:
        hit = _unchanged(path, display, state, cache)
        if hit is not None:
            return hit
    try:
        source = read_source(path, display, max_bytes())
    except ReadError as error:
        return None, unreadable(display, str(error), ruleset)
    if cache is None and not stat_file:  # nothing will store the result: no digest needed
        return None, lint_source_text(source.text, display, ruleset, debug)
    digest = source.digest
    key = cache_key(display, digest)  # the content, and the corpus it is judged in
    if cache is not None:
        cached = cache.get(display, digest, key, state)
        if cached is not None:
            return (digest, key, state), cached
    findings = lint_source_text(source.text, display, ruleset, debug)
    if cache is not None and cacheable(findings):
        cache.put(display, digest, findings, key, state)
    return (digest, key, state), findings


def _unchanged(
    path: Path, display: str, state: str | None, cache: ResultCache
) -> tuple[Seen, Sequence[Finding]] | None:
    """The stored findings of a file whose state is the stored one, without reading it
    (`file_state` says when that is safe); None when the file must be read."""
    if state is None:
        return None
    digest = cache.digest_for(display, state)
    if digest is None:
        return None
    limit = max_bytes()
    if limit is not None and int(state.partition(":")[0]) > limit:
        return None  # read, to be reported as too large
    key = cache_key(display, digest)
    cached = cache.get(display, digest, key, state)
    return None if cached is None else ((digest, key, state), cached)


def cacheable(findings: Sequence[Finding]) -> bool:
    """A crash may be fixed or transient: such results are recomputed next time."""
    return not any(f.code == INTERNAL_ERROR for f in findings)


def lint_tasks(
    tasks: Sequence[Task],
    debug: bool = False,
    jobs: int = 1,
    caches: CacheSet | None = None,
    progress: Progress | None = None,
    sink: Sink | None = None,
) -> list[Finding]:
    """Findings of every task (unsorted), linted with `jobs` processes.

    With a `sink`, each task's findings go to it as the task finishes (in task order with
    one process, in any order with several) and nothing is kept: the list returned is empty.
    """
    kept: list[Finding] = []
    if sink is None:
        sink = _appender(kept)
    if workers_for(jobs, len(tasks)):
        _parallel(tasks, debug, jobs, caches, progress, sink)
        return kept
    for index, (path, display, ruleset) in enumerate(tasks):
        stop.check()
        cache = caches.for_ruleset(ruleset) if caches is not None else None
        sink(index, lint_one(path, display, ruleset, debug, cache)[1])
        if progress is not None:
            progress(1)
    return kept


def _appender(kept: list[Finding]) -> Sink:
    def append(_index: int, found: Sequence[Finding]) -> None:
        kept.extend(found)

    return append


# -- worker side --------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(
    rulesets: list[Ruleset],
    debug: bool,
    corpus: Corpus | None = None,
    bounds: tuple[int, float] | None = None,
    stat_files: bool = False,
) -> None:
    if bounds is not None:
        set_limits(*bounds)
    # The parent decides when to stop: a worker is ended by SIGTERM, and Ctrl-C (sent to the
    # whole process group) is the parent's to handle, not a traceback from every worker.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["rulesets"] = rulesets
    _WORKER["debug"] = debug
    _WORKER["stat"] = stat_files
    if corpus is not None and current_corpus() is None:  # spawned, not forked
        use_corpus(corpus).__enter__()


def _lint_chunk(chunk: list[tuple[int, str, str, int]]) -> list[_Result]:
    """Lint (task index, path, display, rule set index) items in a worker."""
    rulesets: list[Ruleset] = _WORKER["rulesets"]
    debug: bool = _WORKER["debug"]
    stat_files: bool = _WORKER.get("stat", False)
    out: list[_Result] = []
    for index, path, display, which in chunk:
        seen, findings = lint_one(Path(path), display, rulesets[which], debug, None, stat_files)
        out.append((index, seen, findings))
    return out


# -- parent side --------------------------------------------------------------------------


def _context() -> Any:
    """Fork where it is safe and cheap (Linux): workers start with everything imported."""
    import multiprocessing  # here, not at the top: one process never needs it

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _parallel(
    tasks: Sequence[Task],
    debug: bool,
    jobs: int,
    caches: CacheSet | None,
    progress: Progress | None,
    sink: Sink,
) -> None:
    rulesets: list[Ruleset] = []
    which: dict[int, int] = {}
    items: list[tuple[int, str, str, int]] = []
    for index, (path, display, ruleset) in enumerate(tasks):
        reason = skipped_reason(path)
        if reason is not None:  # not to be read: reported here, not sent to a worker
            sink(index, unreadable(display, reason, ruleset))
            if progress is not None:
                progress(1)
            continue
        if caches is not None:
            hit = _cached(path, display, caches.for_ruleset(ruleset))
            if hit is not None:
                sink(index, hit)
                if progress is not None:
                    progress(1)
                continue
        if id(ruleset) not in which:
            which[id(ruleset)] = len(rulesets)
            rulesets.append(ruleset)
        items.append((index, str(path), display, which[id(ruleset)]))

    def accept(results: list[_Result]) -> None:
        for index, seen, found in results:
            sink(index, found)
            _path, display, ruleset = tasks[index]
            if caches is not None and seen is not None and cacheable(found):
                digest, key, state = seen
                caches.for_ruleset(ruleset).put(display, digest, found, key, state)
        if progress is not None:
            progress(len(results))

    stat_files = caches is not None
    workers = workers_for(jobs, len(items))
    if not workers:  # most files came from the cache: the rest is quicker linted here
        for index, file, shown, number in items:
            seen, found = lint_one(Path(file), shown, rulesets[number], debug, None, stat_files)
            accept([(index, seen, found)])
        return
    # Loaded here, before the workers are forked, so that each starts with the parser and
    # the primitives (imported when they first run otherwise, in every worker):
    load_parser()

    for ruleset in rulesets:
        for rule in ruleset.rules:
            resolve(rule.check)

    # Some 24 chunks a worker: the run ends when the last chunk does, and with small chunks
    # no worker is left with much to do while the others wait (a chunk costs one message
    # each way: 2-3 % quicker on 1,000 real post-mortems than 8 chunks a worker).
    size = max(1, min(MAX_CHUNK, -(-len(items) // (workers * CHUNKS_PER_WORKER))))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    lost = _run_chunks(chunks, rulesets, debug, workers, accept, stat_files)
    if lost:
        print(
            f"pmlint: warning: a worker process died (killed, or out of memory); "
            f"linting its {len(lost)} file(s) again one by one",
            file=sys.stderr,
        )
        _relint(lost, rulesets, debug, accept)


def _cached(path: Path, display: str, cache: ResultCache) -> Sequence[Finding] | None:
    state = file_state(path)
    hit = _unchanged(path, display, state, cache)
    if hit is not None:
        return hit[1]
    try:
        source = read_source(path, display, max_bytes())
    except ReadError:
        return None  # linted (and reported) by a worker like any other miss
    return cache.get(display, source.digest, cache_key(display, source.digest), state)


def _run_chunks(
    chunks: list[list[tuple[int, str, str, int]]],
    rulesets: list[Ruleset],
    debug: bool,
    jobs: int,
    accept: Callable[[list[_Result]], None],
    stat_files: bool = False,
) -> list[tuple[int, str, str, int]]:
    """Run the chunks on a pool; return the items of chunks whose worker died."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    if not chunks:
        return []
    lost: list[tuple[int, str, str, int]] = []
    # Forked workers share this process's memory until they write to it; the collector
    # writing to every object it tracks would copy it all. Frozen objects are not tracked.
    gc.freeze()
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(chunks)),
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(rulesets, debug, current_corpus(), limits(), stat_files),
    )
    try:
        futures: dict[Future[list[_Result]], list[tuple[int, str, str, int]]] = {
            pool.submit(_lint_chunk, chunk): chunk for chunk in chunks
        }
        for future in as_completed(futures):
            stop.check()
            try:
                results = future.result()
            except Exception:  # BrokenProcessPool above all: the worker died
                lost.extend(futures[future])
                continue
            accept(results)
    except BaseException:  # SIGTERM, Ctrl-C: stop the workers now, not when they finish
        _stop(pool)
        gc.unfreeze()
        raise
    pool.shutdown(wait=True)
    gc.unfreeze()
    lost.sort()
    return lost


def _stop(pool: Any) -> None:
    """End a pool's workers at once (a worker may be blocked writing to the pipe)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, AttributeError):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, AttributeError, AssertionError):
            process.join(1)


def _relint(
    items: list[tuple[int, str, str, int]],
    rulesets: list[Ruleset],
    debug: bool,
    accept: Callable[[list[_Result]], None],
) -> None:
    """Lint the files of dead workers one by one in one fresh process. A file that kills
    that process too is reported as PM003 and the rest go on in the next process: one
    process per file that kills it, not one per file."""
    from concurrent.futures import ProcessPoolExecutor  # lazy for start-up time: --jobs only

    remaining = list(items)
    while remaining:
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(rulesets, debug, current_corpus(), limits()),
        )
        done = 0
        try:
            futures = [pool.submit(_lint_chunk, [item]) for item in remaining]
            for future in futures:  # one worker: in order, the first failure is the killer
                stop.check()
                try:
                    results = future.result()
                except Exception:
                    break
                accept(results)
                done += 1
        except BaseException:
            _stop(pool)
            raise
        _stop(pool)
        if done == len(remaining):
            return
        index, _path, display, _which = remaining[done]
        message = (
            "internal error: the worker process linting this file died "
            "(a crash or the memory limit); run with --jobs 1 --debug to investigate"
        )
        finding = Finding(display, 1, 1, INTERNAL_ERROR, message, "error", "internal-error", 1, 1)
        accept([(index, None, [finding])])
        remaining = remaining[done + 1 :]
