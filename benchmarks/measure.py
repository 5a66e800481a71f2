"""Timing and memory probes for the benchmark: in-process runs, fresh processes, peak RSS.

Every probe returns seconds (or KiB) for one repetition; `run.py` interleaves them and keeps
medians, so a burst of load on the machine hits all measurements alike.
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pmlint.document.parse import markdown_parser  # noqa: E402
from pmlint.run.cache import CacheSet  # noqa: E402
from pmlint.run.pipeline import run  # noqa: E402
from pmlint.run.runner import Overrides, RunResult  # noqa: E402

# Bytecode for child processes, kept apart from the source tree: an installed pmlint runs
# from compiled .pyc files, so a start-up measured while every module is compiled from
# source (PYTHONDONTWRITEBYTECODE set, or a read-only checkout) would measure the compiler.
PYCACHE = Path(tempfile.gettempdir()) / "pmlint-bench-pycache"


def environment() -> dict[str, str]:
    """The environment for child processes: this checkout's pmlint first on the path,
    bytecode written to and read from PYCACHE."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("PMLINT_CACHE_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


CPU_TIMES: list[float] = []  # CPU seconds of each `timed` call, in order (for cross-checks)


def say(text: str = "") -> None:
    """A line of the report, shown at once (runs are long)."""
    print(text, flush=True)


def load_average() -> str:
    """The machine's load averages, printed beside the figures they may inflate."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def timed(action: Callable[[], object]) -> float:
    """Wall seconds one call takes (its CPU seconds go to CPU_TIMES), with the garbage of
    earlier probes collected first. CPU time of this process only: workers not included."""
    gc.collect()
    cpu = time.process_time()
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    CPU_TIMES.append(time.process_time() - cpu)
    return elapsed


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- in-process probes ----------------------------------------------------------------------


def parse_floor(folder: Path) -> None:
    """The floor: list, read and parse every file with pmlint's markdown-it settings."""
    parser = markdown_parser()
    for path in sorted(folder.glob("*.md")):
        parser.parse(path.read_text(encoding="utf-8"))


def check(folder: Path, jobs: int = 1, caches: CacheSet | None = None) -> RunResult:
    """`pmlint check` in this process: the runner over the folder, as the CLI calls it."""
    return run([folder], Overrides(), jobs=jobs, caches=caches)


def cache_pair(folder: Path, cache_dir: Path) -> tuple[float, float]:
    """A cold run (empty cache, entries written) and the warm re-run after it."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    cold_caches = CacheSet(cache_dir, debug=False)
    cold = timed(lambda: check(folder, caches=cold_caches))
    warm_caches = CacheSet(cache_dir, debug=False)
    warm = timed(lambda: check(folder, caches=warm_caches))
    if warm_caches.misses:
        raise RuntimeError(f"warm run missed the cache {warm_caches.misses} times")
    return cold, warm


# -- fresh processes ------------------------------------------------------------------------

BARE_IMPORTS = "import markdown_it, click, pydantic"


def process_time(argv: list[str], cwd: Path) -> float:
    """Wall time of one fresh process (output discarded); its CPU time goes to CPU_TIMES."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        argv,
        cwd=cwd,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_TIMES.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return elapsed


def bare_imports_argv() -> list[str]:
    return [sys.executable, "-c", BARE_IMPORTS]


def check_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "pmlint", "check", *args]


_RSS_PROBE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(peak // 1024 if sys.platform == "darwin" else peak)
"""


# Lints every file of a folder and keeps only a count: the pipeline's own memory, without
# the findings and the report, which grow with the number of findings by nature.
PIPELINE = """
import sys
from pathlib import Path
from pmlint.run.runner import Overrides, plan, lint_file
count = 0
for path, ruleset in plan([Path(sys.argv[1])], Overrides()):
    count += len(lint_file(path, str(path), ruleset))
print(count)
"""


def pipeline_argv(folder: Path) -> list[str]:
    return [sys.executable, "-c", PIPELINE, str(folder)]


def peak_rss_kib(argv: list[str], cwd: Path) -> int:
    """Peak resident memory of one process, read by its parent from children's rusage."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, *argv],
        cwd=cwd,
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


# -- other linters --------------------------------------------------------------------------


def other_linters(folder: Path) -> list[tuple[str, list[str]]]:
    """Markdown linters installed here (never installed by the benchmark) and their command."""
    found: list[tuple[str, list[str]]] = []
    cli2 = shutil.which("markdownlint-cli2")
    if cli2:
        found.append(("markdownlint-cli2", [cli2, f"{folder}/*.md"]))
    pymarkdown = shutil.which("pymarkdown")
    if pymarkdown:
        found.append(("pymarkdown scan", [pymarkdown, "scan", str(folder)]))
    return found
