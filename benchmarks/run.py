"""pmlint's benchmark: how far above the markdown-it floor a check runs, and its targets.

    python benchmarks/run.py                  # 2,000 files, 3 interleaved rounds (~5 min)
    python benchmarks/run.py --rule-costs     # also: time per view and per rule
    python benchmarks/run.py --files 300 --repeat 1 --startup-runs 3   # a quick look

It writes a synthetic corpus (benchmarks/corpus.py, fixed seed) to a temporary folder and
measures, in one run, each figure a few times in interleaved rounds, keeping the median:

  (a) the floor: markdown-it-py parsing every file (listing and reading included) with
      `pmlint.document.parse.markdown_parser()`, in this process;
  (b) `pmlint check` over the folder in this process: the runner the CLI calls, with the
      result cache off (start-up is measured on its own in (e));
  (c) the same with `--jobs 2` (worker processes forked by the runner);
  (d) a cold run that fills an empty result cache, then the warm re-run;
  (e) `python -m pmlint check --no-cache ONE.md` as a fresh process, against a fresh
      `python -c "import markdown_it, click, pydantic"`;
  (f) peak RSS of `python -m pmlint check --no-cache` over all files and over 500 of them,
      read by a parent process from getrusage(RUSAGE_CHILDREN);
  (g) linting one document made 10 times longer, against the original.

Exit status 0 when every target passes, 1 otherwise. Ratios are only comparable within one
run on one machine; the targets were set for a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import corpus
import measure
from measure import load_average as _load
from measure import median, timed
from measure import say as _say

from pmlint import __version__
from pmlint.config.settings import config_for
from pmlint.run.runner import Overrides, lint_source_text, ruleset_for


@dataclass
class Target:
    name: str
    figure: str
    value: float
    limit: float
    higher_is_better: bool = False

    @property
    def passed(self) -> bool:
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def line(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        verdict = "PASS" if self.passed else "FAIL"
        return f"  {verdict}  {self.name:<44} {self.figure:<34} target {sign} {self.limit:g}"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--small", type=int, default=500, help="smaller corpus for RSS growth")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--startup-runs", type=int, default=15, help="fresh processes each")
    parser.add_argument("--seed", type=int, default=20260417, help="corpus seed")
    parser.add_argument("--jobs", type=int, default=2, help="processes for (c) (default 2)")
    parser.add_argument("--rule-costs", action="store_true", help="time each view and rule")
    parser.add_argument(
        "--rule-costs-only", action="store_true", help="only the table of views and rules"
    )
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument(
        "--only",
        choices=["startup", "memory"],
        help="only figure (e), start-up, or (f), peak memory, and its targets",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="pmlint-bench-") as scratch:
        work = args.keep or Path(scratch)
        return _benchmark(args, work.resolve())


def _benchmark(args: argparse.Namespace, work: Path) -> int:
    folder, small, single = work / "corpus", work / "small", work / "single"
    for path in (folder, small, single):
        shutil.rmtree(path, ignore_errors=True)
    paths = corpus.build(folder, args.files, args.seed)
    if args.rule_costs_only:
        _rule_costs(folder)
        return 0
    small.mkdir(parents=True)
    for path in paths[: args.small]:
        shutil.copyfile(path, small / path.name)
    size = sum(p.stat().st_size for p in paths)
    _say(f"pmlint {__version__} benchmark — Python {platform.python_version()}, ")
    _say(f"  {os.cpu_count()} CPUs, load average {_load()} (1/5/15 min) at start")
    _say(f"  corpus: {len(paths)} files, {size / len(paths) / 1000:.1f} KB each on average, seed")
    _say(f"  {args.seed}; {args.repeat} interleaved rounds, medians reported")
    _say()

    if args.only:
        return _only(args, work, folder, small, paths[0])

    # Warm-up: imports, catalogue, compiled regexes, page cache.
    warm = measure.check(folder)
    measure.parse_floor(folder)
    findings = len(warm.findings)
    small_findings = len(measure.check(small).findings)
    if measure.check(folder, jobs=args.jobs).findings != warm.findings:
        raise SystemExit("--jobs output differs from one process: a bug")

    floor: list[float] = []
    single_process: list[float] = []
    floor_cpu: list[float] = []
    single_cpu: list[float] = []
    multi: list[float] = []
    cold: list[float] = []
    warm_runs: list[float] = []
    cache_dir = work / "cache"
    for round_number in range(args.repeat):
        floor.append(timed(lambda: measure.parse_floor(folder)))
        floor_cpu.append(measure.CPU_TIMES[-1])
        single_process.append(timed(lambda: measure.check(folder)))
        single_cpu.append(measure.CPU_TIMES[-1])
        multi.append(timed(lambda: measure.check(folder, jobs=args.jobs)))
        pair = measure.cache_pair(folder, cache_dir)
        cold.append(pair[0])
        warm_runs.append(pair[1])
        _say(
            f"  round {round_number + 1}: floor {floor[-1]:.2f}s  check {single_process[-1]:.2f}s"
            f"  --jobs {args.jobs} {multi[-1]:.2f}s  cache cold {cold[-1]:.2f}s"
            f" warm {warm_runs[-1]:.2f}s"
        )

    one = paths[0]
    bare_times: list[float] = []
    start_times: list[float] = []
    bare_cpu: list[float] = []
    start_cpu: list[float] = []
    measure.process_time(measure.check_argv("--no-cache", str(one)), work)  # write .pyc files
    for _ in range(args.startup_runs):
        bare_times.append(measure.process_time(measure.bare_imports_argv(), work))
        bare_cpu.append(measure.CPU_TIMES[-1])
        start_times.append(measure.process_time(measure.check_argv("--no-cache", str(one)), work))
        start_cpu.append(measure.CPU_TIMES[-1])

    rss_all = measure.peak_rss_kib(measure.check_argv("--no-cache", "-q", str(folder)), work)
    rss_small = measure.peak_rss_kib(measure.check_argv("--no-cache", "-q", str(small)), work)
    pipe_all = measure.peak_rss_kib(measure.pipeline_argv(folder), work)
    pipe_small = measure.peak_rss_kib(measure.pipeline_argv(small), work)

    scale_rows = _scaling(single)

    others = []
    for name, argv in measure.other_linters(folder):
        others.append((name, median([measure.process_time(argv, work) for _ in range(2)])))

    a, b, c = median(floor), median(single_process), median(multi)
    a_cpu, b_cpu = median(floor_cpu), median(single_cpu)
    d_cold, d_warm = median(cold), median(warm_runs)
    e_bare, e_one = median(bare_times), median(start_times)
    e_bare_cpu, e_one_cpu = median(bare_cpu), median(start_cpu)
    worst_scale = max(ratio for _, _, _, ratio in scale_rows)
    n = len(paths)

    _say()
    _say("Figures (medians; wall clock, with CPU time of the process in brackets)")
    for label, wall, cpu in (
        (f"(a) parse-only floor, {n} files", a, a_cpu),
        ("(b) pmlint check, 1 process", b, b_cpu),
    ):
        _say(f"  {label:<34} {wall:6.2f} s ({cpu:6.2f} s)  {wall / n * 1000:5.2f} ms/file")
    _say(f"      findings: {findings}")
    _say(f"  (c) pmlint check --jobs {args.jobs}           {c:6.2f} s")
    _say(f"  (d) cache: cold run {d_cold:.2f} s, warm re-run {d_warm:.3f} s")
    _say(
        f"  (e) one file, fresh process: pmlint {e_one * 1000:.0f} ms ({e_one_cpu * 1000:.0f} ms),"
        f" bare imports {e_bare * 1000:.0f} ms ({e_bare_cpu * 1000:.0f} ms)"
    )
    _say(f'      bare imports: `python -c "{measure.BARE_IMPORTS}"`')
    _say(
        f"  (f) peak RSS: {rss_all / 1024:.1f} MiB ({n} files),"
        f" {rss_small / 1024:.1f} MiB ({args.small} files): the CLI, findings and report included"
    )
    per_finding = (rss_all - rss_small) * 1024 / max(1, findings - small_findings)
    _say(
        f"      growth {per_finding / 1024:.2f} KiB per extra finding (findings kept, report text)"
    )
    _say(
        f"      pipeline alone (findings counted, not kept): {pipe_all / 1024:.1f} MiB ({n} files),"
        f" {pipe_small / 1024:.1f} MiB ({args.small} files)"
    )
    for label, base, large, ratio in scale_rows:
        _say(
            f"  (g) {label}: {base * 1000:.1f} ms, 10× larger {large * 1000:.1f} ms (×{ratio:.2f})"
        )
    for name, seconds in others:
        _say(f"  other: {name} over the same folder: {seconds:.2f} s (installed here)")
    if not others:
        _say("  other linters: markdownlint-cli2 and pymarkdown are not installed here")
    _say(f"  load average at end {_load()}")

    targets = [
        Target("check / parse-only floor (CPU time)", f"{b_cpu / a_cpu:.2f}", b_cpu / a_cpu, 1.25),
        Target(
            f"--jobs {args.jobs} speed-up over one process (wall)",
            f"{b / c:.2f}×",
            b / c,
            1.7,
            higher_is_better=True,
        ),
        Target(
            "warm re-run speed-up over cold (wall)",
            f"{d_cold / d_warm:.1f}×",
            d_cold / d_warm,
            10,
            True,
        ),
        Target(
            "one-file start / bare imports (CPU time)",
            f"{e_one_cpu / e_bare_cpu:.2f}",
            e_one_cpu / e_bare_cpu,
            1.3,
        ),
        Target(f"peak RSS over {n} files (MiB)", f"{rss_all / 1024:.1f} MiB", rss_all / 1024, 80),
        Target(
            f"peak RSS {n} / {args.small} files (CLI)",
            f"{rss_all / rss_small:.2f}",
            rss_all / rss_small,
            1.1,
        ),
        Target(
            f"peak RSS {n} / {args.small} files (pipeline)",
            f"{pipe_all / pipe_small:.2f}",
            pipe_all / pipe_small,
            1.1,
        ),
        Target("10× larger document / original (worst)", f"×{worst_scale:.2f}", worst_scale, 12),
    ]
    _say()
    _say("Wall-clock ratios, for comparison (inflated by other load on the machine):")
    _say(f"  check / floor {b / a:.2f}; one-file start / bare imports {e_one / e_bare:.2f}")
    _say()
    _say("Targets")
    for target in targets:
        _say(target.line())
    if args.rule_costs:
        _rule_costs(folder)
    return 0 if all(t.passed for t in targets) else 1


def _startup(runs: int, one: Path, work: Path) -> tuple[float, float, float, float]:
    """Medians of (e): pmlint wall, bare imports wall, pmlint CPU, bare imports CPU."""
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    measure.process_time(measure.check_argv("--no-cache", str(one)), work)  # write .pyc files
    measure.process_time(measure.bare_imports_argv(), work)
    for _ in range(runs):
        for which, argv in enumerate(
            (measure.check_argv("--no-cache", str(one)), measure.bare_imports_argv())
        ):
            walls[which].append(measure.process_time(argv, work))
            cpus[which].append(measure.CPU_TIMES[-1])
    return median(walls[0]), median(walls[1]), median(cpus[0]), median(cpus[1])


def _only(args: argparse.Namespace, work: Path, folder: Path, small: Path, one: Path) -> int:
    """`--only startup` or `--only memory`: one figure and its targets, in seconds."""
    targets = []
    if args.only == "startup":
        e_one, e_bare, e_one_cpu, e_bare_cpu = _startup(args.startup_runs, one, work)
        _say(
            f"(e) one file, fresh process: pmlint {e_one * 1000:.0f} ms ({e_one_cpu * 1000:.0f}"
            f" ms CPU), bare imports {e_bare * 1000:.0f} ms ({e_bare_cpu * 1000:.0f} ms CPU),"
            f" medians of {args.startup_runs}; wall ratio {e_one / e_bare:.2f}"
        )
        ratio = e_one_cpu / e_bare_cpu
        targets.append(
            Target("one-file start / bare imports (CPU time)", f"{ratio:.2f}", ratio, 1.3)
        )
    else:
        measure.process_time(measure.check_argv("--no-cache", str(one)), work)  # write .pyc
        rss_all = measure.peak_rss_kib(measure.check_argv("--no-cache", "-q", str(folder)), work)
        rss_small = measure.peak_rss_kib(measure.check_argv("--no-cache", "-q", str(small)), work)
        _say(
            f"(f) peak RSS: {rss_all / 1024:.1f} MiB ({args.files} files),"
            f" {rss_small / 1024:.1f} MiB ({args.small} files)"
        )
        ratio = rss_all / rss_small
        targets.append(
            Target(
                f"peak RSS over {args.files} files (MiB)",
                f"{rss_all / 1024:.1f} MiB",
                rss_all / 1024,
                80,
            )
        )
        targets.append(
            Target(f"peak RSS {args.files} / {args.small} files (CLI)", f"{ratio:.2f}", ratio, 1.1)
        )
    for target in targets:
        _say(target.line())
    return 0 if all(t.passed for t in targets) else 1


def _scaling(folder: Path) -> list[tuple[str, float, float, float]]:
    """(shape, time of original, time of 10× larger, ratio) for one document of each shape."""
    folder.mkdir(parents=True, exist_ok=True)
    ruleset = ruleset_for(config_for(folder / "x.md"), Overrides())
    rows = []
    for label, index in (("reference shape", 0), ("list shape", 1), ("real-world shape", 8)):
        text = corpus.document(7, index)
        large = corpus.scaled(text, 10)
        lint_source_text(text, "x.md", ruleset)  # warm-up
        base_runs, large_runs = [], []

        def base_once(text: str = text) -> None:
            for _ in range(4):
                lint_source_text(text, "x.md", ruleset)

        def large_once(large: str = large) -> None:
            lint_source_text(large, "x.md", ruleset)

        for _ in range(5):
            base_runs.append(timed(base_once) / 4)
            large_runs.append(timed(large_once))
        base, big = median(base_runs), median(large_runs)
        rows.append((label, base, big, big / base))
    return rows


def _rule_costs(folder: Path) -> None:
    from rulecost import rule_costs

    _say()
    _say("Cost per document (ms): stages, then views and rules' own work, costliest first")
    for label, milliseconds in rule_costs(folder):
        _say(f"  {milliseconds:8.3f}  {label}")


if __name__ == "__main__":
    started = time.perf_counter()
    status = main()
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    sys.exit(status)
