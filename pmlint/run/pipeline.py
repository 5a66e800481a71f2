"""The pipeline for a set of paths: discover -> read -> parse -> rules -> findings.

Each file is linted with the configuration nearest to it (`pmlint.run.runner.plan`);
command-line overrides apply on top. Files are independent, so a bad one never stops the
others; they are linted here or in worker processes (`pmlint.run.parallel`), from the
result cache where it is still valid (`pmlint.run.cache`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.config.settings import config_for
from pmlint.document.model import Finding
from pmlint.document.rows import FindingRows
from pmlint.index.current import CORPUS_CHECKS, current_corpus, use_corpus
from pmlint.run import parsed, runner
from pmlint.run.engine import FINDING_ORDER
from pmlint.run.parallel import lint_tasks
from pmlint.run.runner import Overrides, Ruleset, RunResult, display_paths, plan

if TYPE_CHECKING:
    from pmlint.index.corpus import Corpus
    from pmlint.run.cache import CacheSet
    from pmlint.run.progress import ProgressBar


def run(
    paths: Sequence[Path],
    overrides: Overrides,
    *,
    jobs: int = 1,
    caches: CacheSet | None = None,
    progress: ProgressBar | None = None,
    sink: FileSink | None = None,
) -> RunResult:
    """Lint every file under `paths`: `jobs` processes (0: one per CPU), results from
    `caches` where they are still valid, `progress` told as files finish.

    With a `sink`, findings are not kept: each file's go to the sink, sorted, files in the
    order of their sorted findings (by displayed path), as soon as the file and every file
    before it are done, and `findings` of the result stays empty."""
    with _fewer_collections():
        return _run(paths, overrides, jobs, caches, progress, sink)


# Linting makes many short-lived objects (tokens, blocks, entries) and few cycles; the
# default generation-0 threshold (700) runs the cycle collector thousands of times per run
# for little gain. A higher threshold for the length of a run measured ~7 % faster at
# 10,000, and linting real post-mortems another ~10 % faster at 20,000 (no faster beyond;
# the peak memory of a 2,000-file run stayed about 33 MiB). What exists when the run
# starts (modules, the catalogue, compiled patterns) lives to its end: frozen, the full
# collections of a long run do not walk it each time.
_GC_THRESHOLD0 = 20_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], _GC_THRESHOLD0), *old[1:])
    gc.freeze()
    try:
        yield
    finally:
        # What the run made goes to the oldest generation with the rest, unexamined:
        # restoring the threshold would otherwise make the next allocation walk up to
        # 20,000 young objects (~1 ms), just before a command-line run exits.
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*old)


def _run(
    paths: Sequence[Path],
    overrides: Overrides,
    jobs: int,
    caches: CacheSet | None,
    progress: ProgressBar | None,
    sink: FileSink | None,
) -> RunResult:
    result = RunResult()
    seen: dict[int, Ruleset] = {}
    try:
        cwd: Path | None = Path.cwd().resolve()
    except OSError:
        cwd = None
    planned = plan(paths, overrides)
    result.files = display_paths([file for file, _ruleset in planned], cwd)
    tasks = []
    for (file, ruleset), display in zip(planned, result.files, strict=True):
        tasks.append((file, display, ruleset))
        seen[id(ruleset)] = ruleset
    result.rulesets = list(seen.values())
    with (
        use_corpus(_corpus(paths, overrides, result.rulesets, caches)),
        _forgetting(),
        _saving(caches),
    ):
        if progress is not None:
            progress.start(len(tasks))
        callback = progress.advance if progress is not None else None
        if sink is None:
            result.findings = lint_tasks(tasks, overrides.debug, jobs, caches, callback)
            result.findings.sort(key=FINDING_ORDER)
            return result
        tasks.sort(key=lambda task: task[1])  # stable: a file listed twice keeps its place
        ordered = _InOrder([display for _file, display, _ruleset in tasks], sink)
        lint_tasks(tasks, overrides.debug, jobs, caches, callback, ordered.accept)
        ordered.finish()
        return result


def _corpus(
    paths: Sequence[Path], overrides: Overrides, rulesets: list[Ruleset], caches: CacheSet | None
) -> Corpus | None:
    """The incident index the cross-document rules (PM9xx) read, when a rule set has one
    and the caller has not set a corpus already (`pmlint report`)."""
    if current_corpus() is not None:
        return None
    if not any(rule.check.name in CORPUS_CHECKS for rs in rulesets for rule in rs.rules):
        return None
    from pmlint.run.indexing import corpus_for  # lazy for start-up time: PM9xx rules only

    cache_dir = caches.cache_dir if caches is not None else None
    return corpus_for(list(paths), overrides, overrides.today, cache_dir, caches is not None)


def run_stdin(data: bytes, display: str | None, overrides: Overrides) -> RunResult:
    """`runner.run_stdin` (one document from standard input), judged beside the post-mortems
    of its folder when a cross-document rule is on (`--stdin-filename` names the folder)."""
    if current_corpus() is not None or display is None:
        return runner.run_stdin(data, display, overrides)
    anchor = Path(display)
    ruleset = runner.ruleset_for(config_for(anchor, overrides.config_path), overrides)
    if not any(rule.check.name in CORPUS_CHECKS for rule in ruleset.rules):
        return runner.run_stdin(data, display, overrides)
    from pmlint.run.indexing import corpus_for  # lazy for start-up time: PM9xx rules only

    corpus = corpus_for([anchor], overrides, overrides.today)
    with use_corpus(corpus), _forgetting():
        return runner.run_stdin(data, display, overrides)


@contextmanager
def _saving(caches: CacheSet | None) -> Iterator[None]:
    """The result cache is written once, when the files are done (or the run stopped)."""
    try:
        yield
    finally:
        if caches is not None:
            caches.save()


@contextmanager
def _forgetting() -> Iterator[None]:
    """Documents the index kept for this lint and the lint did not take are dropped."""
    try:
        yield
    finally:
        parsed.forget()


FileSink = Callable[[str, Sequence[Finding]], None]  # (displayed path, its findings, sorted)


class _InOrder:
    """Passes findings on in task order: results that arrive early (from worker processes)
    wait until those before them are in; tasks sharing a displayed path are merged. A
    file answered by the result cache alone is passed on as its stored rows, which are
    kept sorted (`pmlint.run.cachepack`)."""

    def __init__(self, displays: list[str], sink: FileSink) -> None:
        self.displays = displays
        self.sink = sink
        self.waiting: dict[int, Sequence[Finding]] = {}
        self.next = 0
        self.path: str | None = None
        self.group: list[Sequence[Finding]] = []

    def accept(self, index: int, findings: Sequence[Finding]) -> None:
        self.waiting[index] = findings
        while self.next in self.waiting:
            found = self.waiting.pop(self.next)
            display = self.displays[self.next]
            if display != self.path:
                self._flush()
                self.path = display
            self.group.append(found)
            self.next += 1

    def _flush(self) -> None:
        parts, self.group = self.group, []
        if len(parts) == 1 and type(parts[0]) is FindingRows:
            rows = parts[0]
            if rows:
                self.sink(rows.path, rows)
            return
        group = [finding for part in parts for finding in part]
        if group:
            group.sort(key=FINDING_ORDER)
            self.sink(group[0].path, group)

    def finish(self) -> None:
        self._flush()
