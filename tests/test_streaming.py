"""Streamed reports: text, JSON and GitHub output written file by file must be byte for byte the
report collected at the end (written with `-o`), with one process or several."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmlint.cli import main
from pmlint.document.model import Finding
from pmlint.run.pipeline import run
from pmlint.run.runner import Overrides, clear_caches

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The examples, each twice, under names that sort apart from the order of discovery."""
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    sources = sorted((EXAMPLES / "bad").glob("*.md")) + sorted((EXAMPLES / "good").glob("*.md"))
    for number, source in enumerate(sources):
        shutil.copy(source, folder / f"{number:02d}-{source.name}")
        shutil.copy(source, folder / "sub" / f"z{source.name}")
    monkeypatch.chdir(tmp_path)
    clear_caches()
    return folder


def _both(docs: Path, tmp_path: Path, *args: str) -> tuple[tuple[str, int], tuple[str, int]]:
    """(streamed stdout, exit code) and (collected -o file, exit code) for the same run."""
    runner = CliRunner()
    base = ["check", "--no-cache", *args]
    streamed = runner.invoke(main, [*base, "docs/sub", "docs"])
    target = tmp_path / "collected.txt"
    collected = runner.invoke(main, [*base, "-o", str(target), "docs/sub", "docs"])
    assert collected.output == ""
    return (streamed.output, streamed.exit_code), (
        target.read_text(encoding="utf-8"),
        collected.exit_code,
    )


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize(
    "extra",
    [
        (),
        ("--statistics",),
        ("-q",),
        ("-q", "--statistics"),
        ("--color",),
        ("--fail-on", "never"),
        ("--fail-on", "info"),
        ("--select", "PM1"),
    ],
)
def test_streamed_equals_collected(
    docs: Path, tmp_path: Path, fmt: str, extra: tuple[str, ...]
) -> None:
    streamed, collected = _both(docs, tmp_path, "--format", fmt, *extra)
    assert streamed == collected
    assert streamed[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux")
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_streamed_with_jobs_equals_one_process(
    docs: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmlint.run.parallel

    monkeypatch.setattr(pmlint.run.parallel, "MIN_FILES_PER_JOB", 1)  # workers for few files
    monkeypatch.setattr(pmlint.run.parallel, "usable_cpus", lambda: 4)
    one, collected = _both(docs, tmp_path, "--format", fmt, "--statistics")
    several, _ = _both(docs, tmp_path, "--format", fmt, "--statistics", "--jobs", "3")
    assert several == one == collected


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize("quiet", [[], ["-q"]])
@pytest.mark.parametrize("clean", [False, True])
def test_streamed_clean_and_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, quiet: list[str], clean: bool
) -> None:
    """No files, or only clean ones: the summary alone (or nothing with -q), as collected."""
    folder = tmp_path / "docs"
    folder.mkdir()
    if clean:
        shutil.copy(min((EXAMPLES / "good").glob("*.md")), folder)
    monkeypatch.chdir(tmp_path)
    clear_caches()
    runner = CliRunner()
    base = ["check", "--no-cache", "--format", fmt, *quiet]
    streamed = runner.invoke(main, [*base, "docs"])
    target = tmp_path / "out.txt"
    collected = runner.invoke(main, [*base, "-o", str(target), "docs"])
    assert (streamed.output, streamed.exit_code) == (target.read_text(), collected.exit_code)


def test_sink_gets_sorted_files_in_order(docs: Path) -> None:
    collected = run([docs / "sub", docs], Overrides())
    seen: list[tuple[str, int]] = []
    streamed: list[Finding] = []

    def sink(display: str, findings: list[Finding]) -> None:
        seen.append((display, len(findings)))
        streamed.extend(findings)

    result = run([docs / "sub", docs], Overrides(), sink=sink)
    assert result.findings == []
    assert streamed == collected.findings
    assert [display for display, _ in seen] == sorted({f.path for f in collected.findings})


def test_the_sort_key_is_the_order_of_findings() -> None:
    """Findings are sorted with `FINDING_ORDER`: it must name the compared fields in order."""
    from dataclasses import fields
    from random import Random

    from pmlint.run.engine import FINDING_ORDER

    compared = tuple(f.name for f in fields(Finding) if f.compare)
    sample = Finding("a.md", 3, 2, "PM1", "m", "info", "n", 4, 5, "src")
    assert FINDING_ORDER(sample) == tuple(getattr(sample, name) for name in compared)
    rng = Random(7)
    findings = [
        Finding(rng.choice("ab"), rng.randint(1, 3), rng.randint(1, 3), rng.choice(["PM1", "PM2"]),
                rng.choice("xy"), "error", rng.choice("nm"), 1, rng.randint(1, 2))
        for _ in range(300)
    ]  # fmt: skip
    assert sorted(findings, key=FINDING_ORDER) == sorted(findings)


def test_a_run_leaves_the_collector_as_it_found_it(docs: Path) -> None:
    """A run raises the collector's threshold and freezes what exists while it lints; at
    the end the threshold is the caller's again and nothing is left frozen (what the run
    made can be collected)."""
    import gc

    before = gc.get_threshold()
    gc.collect()
    frozen = gc.get_freeze_count()
    result = run([docs], Overrides())
    assert result.findings
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen
