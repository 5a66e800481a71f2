"""pmlint as users run it: whole `pmlint check` processes on real post-mortems.

    python benchmarks/whole.py                    # 1,000 real files, 3 interleaved rounds
    python benchmarks/whole.py --rounds 5 --files 1000 --rss-files 2000
    python benchmarks/whole.py --corpus DIR ...   # another folder of real write-ups

`run.py` measures the pipeline inside one process on generated documents; this measures
what a user waits for, start-up and report included, on the real post-mortems of the shared
corpus (`../shared/corpus/real` and `real2`), cycled to `--files` files under distinct names:

  (R1) the floor: a fresh `python` that imports markdown-it-py, lists, reads and parses every
       file with pmlint's parser settings (`pmlint.document.parse.markdown_parser()`);
  (R2) `pmlint check --no-cache --format json DIR` as a fresh process;
  (R3) the same with `--format text`;
  (R4) result cache: a cold process that fills an empty cache, then the warm re-run, both
       with `--format json` as whole processes, and the pipeline alone in this process;
  (R5) `--jobs 2` against one process, (R2) (whole processes, `--format json`, cache off),
       with the CPU time of all its processes (what the workers cost on top of the work);
  (R6) start-up: `pmlint check --no-cache ONE.md` against `python -c "import markdown_it,
       click"`, fresh processes;
  (R7) peak RSS of `pmlint check --no-cache --format json` over `--rss-files` files.

Every figure is measured in interleaved rounds and the median kept. Ratios of work done by
one process, (R2)/(R1), (R3)/(R1), (R4) and (R6), are taken on CPU time (user + system),
which other processes on a shared machine inflate much less than wall-clock time (wall
clock is printed beside it); the `--jobs` speed-up is wall-clock by nature, so it is only
meaningful on a machine whose CPUs are otherwise idle. Exit status 0 when every target
passes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import measure
from measure import load_average as _load
from measure import median
from measure import say as _say
from run import Target

from pmlint import __version__
from pmlint.run.cache import CacheSet
from pmlint.run.pipeline import run
from pmlint.run.runner import Overrides, clear_caches

SHARED = measure.ROOT.parent / "shared" / "corpus"
BARE_IMPORTS = "import markdown_it, click"

FLOOR = """
import sys
from pathlib import Path
from pmlint.document.parse import markdown_parser
parser = markdown_parser()
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    parser.parse(path.read_text(encoding="utf-8"))
"""


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="files, cycled (default 1000)")
    parser.add_argument("--rss-files", type=int, default=2000, help="files for (R7)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--startup-runs", type=int, default=11, help="fresh processes each")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="folder of real post-mortems (default: the shared corpus's real and real2)",
    )
    return parser.parse_args(argv)


def cycled(sources: list[Path], folder: Path, count: int) -> list[Path]:
    """`count` files copied from `sources` in turn, named so they sort in that order."""
    folder.mkdir(parents=True)
    out = []
    for index in range(count):
        source = sources[index % len(sources)]
        target = folder / f"{index:05d}-{source.name}"
        shutil.copyfile(source, target)
        out.append(target)
    return out


def _real_sources(folders: list[Path] | None) -> list[Path]:
    folders = folders or [SHARED / "real", SHARED / "real2"]
    sources = sorted(p for folder in folders for p in folder.glob("*.md"))
    if not sources:
        raise SystemExit(f"no post-mortems found in {', '.join(map(str, folders))}")
    return sources


def _cpu(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process."""
    wall = measure.process_time(argv, cwd)
    return wall, measure.CPU_TIMES[-1]


def _in_process_cache(folder: Path, cache_dir: Path) -> tuple[float, float]:
    """The pipeline alone, in this process: CPU seconds of a cold run filling the cache,
    then of the warm one."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    clear_caches()
    started = time.process_time()
    run([folder], Overrides(), caches=CacheSet(cache_dir, debug=False))
    cold = time.process_time() - started
    caches = CacheSet(cache_dir, debug=False)
    started = time.process_time()
    run([folder], Overrides(), caches=caches)
    warm = time.process_time() - started
    if caches.misses:
        raise RuntimeError(f"warm run missed the cache {caches.misses} times")
    return cold, warm


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="pmlint-whole-") as scratch:
        return _benchmark(args, Path(scratch).resolve())


def _benchmark(args: argparse.Namespace, work: Path) -> int:
    sources = _real_sources(args.corpus)
    folder, big, cache_dir = work / "real", work / "real-rss", work / "cache"
    paths = cycled(sources, folder, args.files)
    cycled(sources, big, args.rss_files)
    one = paths[0]
    size = sum(p.stat().st_size for p in paths)
    python = sys.executable
    floor_argv = [python, "-c", FLOOR, str(folder)]
    json_argv = measure.check_argv("--no-cache", "--format", "json", str(folder))
    text_argv = measure.check_argv("--no-cache", "--format", "text", str(folder))
    jobs_argv = measure.check_argv("--no-cache", "--format", "json", "--jobs", "2", str(folder))
    cached_argv = measure.check_argv("--format", "json", "--cache-dir", str(cache_dir), str(folder))
    one_argv = measure.check_argv("--no-cache", str(one))
    bare_argv = [python, "-c", BARE_IMPORTS]

    _say(f"pmlint {__version__}, whole processes on real post-mortems — Python")
    _say(f"  {platform.python_version()}, {os.cpu_count()} CPUs, load {_load()} (1/5/15 min)")
    _say(f"  corpus: {len(sources)} real post-mortems cycled to {len(paths)} files,")
    _say(f"  {size / len(paths) / 1000:.1f} KB each on average; {args.rounds} interleaved rounds")
    _say()

    # Warm-up: .pyc files for the children, the catalogue snapshot, the page cache.
    for argv in (floor_argv, json_argv, one_argv, bare_argv):
        measure.process_time(argv, work)

    series: dict[str, list[float]] = {}

    def keep(name: str, value: float) -> None:
        series.setdefault(name, []).append(value)

    for round_number in range(args.rounds):
        for name, argv in (("floor", floor_argv), ("json", json_argv), ("text", text_argv)):
            wall, cpu = _cpu(argv, work)
            keep(f"{name} wall", wall)
            keep(f"{name} cpu", cpu)
        wall, cpu = _cpu(jobs_argv, work)
        keep("jobs2 wall", wall)
        keep("jobs2 cpu", cpu)  # the parent and its workers
        shutil.rmtree(cache_dir, ignore_errors=True)
        for name in ("cold", "warm"):
            wall, cpu = _cpu(cached_argv, work)
            keep(f"{name} wall", wall)
            keep(f"{name} cpu", cpu)
        cold, warm = _in_process_cache(folder, work / "cache-in")
        keep("cold pipeline", cold)
        keep("warm pipeline", warm)
        _say(
            f"  round {round_number + 1}: floor {series['floor cpu'][-1]:.2f}s"
            f"  json {series['json cpu'][-1]:.2f}s  text {series['text cpu'][-1]:.2f}s (CPU);"
            f"  jobs 1/2 {series['json wall'][-1]:.2f}/{series['jobs2 wall'][-1]:.2f}s;"
            f"  cache cold/warm {series['cold wall'][-1]:.2f}/{series['warm wall'][-1]:.2f}s"
        )

    for _ in range(args.startup_runs):
        for name, argv in (("one", one_argv), ("bare", bare_argv)):
            wall, cpu = _cpu(argv, work)
            keep(f"{name} wall", wall)
            keep(f"{name} cpu", cpu)

    rss = measure.peak_rss_kib(measure.check_argv("--no-cache", "--format", "json", str(big)), work)

    m = {name: median(values) for name, values in series.items()}
    n = len(paths)
    _say()
    _say("Figures (medians; CPU time of the process, wall clock in brackets)")
    for label, key in (
        (f"(R1) parse floor, {n} files", "floor"),
        ("(R2) pmlint check --format json", "json"),
        ("(R3) pmlint check --format text", "text"),
    ):
        cpu, wall = m[f"{key} cpu"], m[f"{key} wall"]
        _say(f"  {label:<36} {cpu:6.2f} s ({wall:6.2f} s)  {cpu / n * 1000:5.2f} ms/file")
    _say(
        f"  (R4) cache, whole processes: cold {m['cold cpu']:.2f} s ({m['cold wall']:.2f} s),"
        f" warm {m['warm cpu']:.3f} s ({m['warm wall']:.3f} s);"
        f" pipeline alone: cold {m['cold pipeline']:.2f} s, warm {m['warm pipeline']:.3f} s"
    )
    _say(
        f"  (R5) --jobs 2 {m['jobs2 wall']:.2f} s against one process {m['json wall']:.2f} s;"
        f" CPU of all its processes {m['jobs2 cpu']:.2f} s against {m['json cpu']:.2f} s"
    )
    _say(
        f"  (R6) one file: pmlint {m['one cpu'] * 1000:.0f} ms ({m['one wall'] * 1000:.0f} ms),"
        f' `python -c "{BARE_IMPORTS}"` {m["bare cpu"] * 1000:.0f} ms'
        f" ({m['bare wall'] * 1000:.0f} ms)"
    )
    _say(f"  (R7) peak RSS, --format json over {args.rss_files} files: {rss / 1024:.1f} MiB")
    _say(f"  load average at end {_load()}")

    targets = [
        Target("json / parse floor, whole processes (CPU)", f"{m['json cpu'] / m['floor cpu']:.2f}",
               m["json cpu"] / m["floor cpu"], 1.25),
        Target("text / parse floor, whole processes (CPU)", f"{m['text cpu'] / m['floor cpu']:.2f}",
               m["text cpu"] / m["floor cpu"], 1.25),
        Target("one-file start / import markdown_it, click (CPU)",
               f"{m['one cpu'] / m['bare cpu']:.2f}", m["one cpu"] / m["bare cpu"], 1.5),
        Target("warm re-run speed-up, whole processes (CPU)",
               f"{m['cold cpu'] / m['warm cpu']:.1f}×", m["cold cpu"] / m["warm cpu"], 15,
               True),
        Target("warm re-run speed-up, pipeline alone (CPU)",
               f"{m['cold pipeline'] / m['warm pipeline']:.1f}×",
               m["cold pipeline"] / m["warm pipeline"], 15, True),
        Target("--jobs 2 speed-up, whole processes (wall)",
               f"{m['json wall'] / m['jobs2 wall']:.2f}×", m["json wall"] / m["jobs2 wall"],
               1.6, True),
        Target(f"peak RSS, json, {args.rss_files} files (MiB)", f"{rss / 1024:.1f} MiB",
               rss / 1024, 60),
    ]  # fmt: skip
    _say()
    _say("Targets")
    for target in targets:
        _say(target.line())
    return 0 if all(t.passed for t in targets) else 1


if __name__ == "__main__":
    started = time.perf_counter()
    status = main()
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    sys.exit(status)
