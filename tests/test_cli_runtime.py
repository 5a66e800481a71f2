"""Running pmlint: worker processes, dying workers, crashing rules, stdin, progress, quiet."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import pmlint.run.parallel
from pmlint.checks import CHECKS, Hit, Options, check
from pmlint.cli import main
from pmlint.document.model import Document
from pmlint.run.pipeline import run
from pmlint.run.progress import ProgressBar, wanted
from pmlint.run.runner import Overrides, clear_caches

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
needs_fork = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers are forked only on Linux"
)


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twenty-odd post-mortems (the examples, some twice) in a folder without config."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for source in sorted((EXAMPLES / "bad").glob("*.md")) + sorted(
        (EXAMPLES / "good").glob("*.md")
    ):
        shutil.copy(source, folder / source.name)
        shutil.copy(source, folder / f"copy-{source.name}")
    monkeypatch.chdir(tmp_path)
    clear_caches()
    return folder


# -- --jobs ------------------------------------------------------------------------------


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes even for the few files of these tests and on a one-CPU machine."""
    monkeypatch.setattr(pmlint.run.parallel, "MIN_FILES_PER_JOB", 1)
    monkeypatch.setattr(pmlint.run.parallel, "usable_cpus", lambda: 4)


def test_jobs_choose_one_process_when_workers_would_not_pay_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pmlint.run.parallel import MIN_FILES_PER_JOB, workers_for

    monkeypatch.setattr(pmlint.run.parallel, "usable_cpus", lambda: 2)
    assert workers_for(2, 2 * MIN_FILES_PER_JOB) == 2
    assert workers_for(2, 2 * MIN_FILES_PER_JOB - 1) == 0  # one worker's worth: lint here
    assert workers_for(8, 100 * MIN_FILES_PER_JOB) == 2  # no more processes than CPUs
    assert workers_for(0, 100 * MIN_FILES_PER_JOB) == 2
    assert workers_for(1, 100 * MIN_FILES_PER_JOB) == 0
    monkeypatch.setattr(pmlint.run.parallel, "usable_cpus", lambda: 1)
    assert workers_for(4, 100 * MIN_FILES_PER_JOB) == 0


@pytest.mark.usefixtures("workers")
def test_jobs_output_is_identical_to_one_process(docs: Path) -> None:
    one = run([docs], Overrides())
    two = run([docs], Overrides(), jobs=2)
    every_cpu = run([docs], Overrides(), jobs=0)
    assert one.findings and one.findings == sorted(one.findings)
    assert two.findings == one.findings == every_cpu.findings
    assert [f.source_line for f in two.findings] == [f.source_line for f in one.findings]
    assert two.files == one.files


def test_jobs_cli_output_is_byte_identical(docs: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outputs = []
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "pmlint", "check", "--no-cache", "--jobs", jobs, "docs"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


def _dies_on(marker: str, once_flag: Path | None = None) -> object:
    """A stand-in for `lint_one` that kills its worker process on files named `marker`."""
    original = pmlint.run.parallel.lint_one
    parent = os.getpid()

    def lint_one(path: Path, *args: object, **kwargs: object) -> object:
        in_worker = marker in path.name and os.getpid() != parent
        if in_worker and (once_flag is None or not once_flag.exists()):
            if once_flag is not None:
                once_flag.write_text("died once")
            os._exit(13)
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    return lint_one


@needs_fork
@pytest.mark.usefixtures("workers")
def test_a_dying_worker_loses_no_other_findings(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run([docs], Overrides()).findings
    monkeypatch.setattr(pmlint.run.parallel, "lint_one", _dies_on("copy-tier-3-only"))
    result = run([docs], Overrides(), jobs=2)
    crashed = [f for f in result.findings if f.code == "PM003"]
    assert len(crashed) == 1
    assert crashed[0].path.endswith("copy-tier-3-only.md")
    assert "worker process" in crashed[0].message
    others = [f for f in expected if not f.path.endswith("copy-tier-3-only.md")]
    assert [f for f in result.findings if f.code != "PM003"] == others


@needs_fork
@pytest.mark.usefixtures("workers")
def test_a_worker_that_dies_once_is_retried(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run([docs], Overrides()).findings
    flag = tmp_path / "died"
    monkeypatch.setattr(pmlint.run.parallel, "lint_one", _dies_on("no-detection-gap", flag))
    result = run([docs], Overrides(), jobs=2)
    assert flag.exists(), "the stand-in never killed a worker"
    assert result.findings == expected


# -- a crashing rule ---------------------------------------------------------------------

CRASH_RULE = """
code = "XT901"
name = "crashing-rule"
severity = "warning"
summary = "A rule whose primitive always fails"
message = "never shown"
check = "test_always_crashes"

[docs]
why = "Exercises the engine's isolation of failing rules."
bad = "# x"
good = "# x"
"""


@pytest.fixture
def crashing_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project whose `rule-paths` add a rule backed by a primitive that raises."""

    @check("test_always_crashes", Options)
    def always_crashes(doc: Document, options: Options) -> Iterator[Hit]:
        raise ZeroDivisionError("the test primitive divides by zero")
        yield  # pragma: no cover

    project = tmp_path / "project"
    (project / "myrules").mkdir(parents=True)
    (project / "myrules" / "XT901.toml").write_text(CRASH_RULE)
    (project / "pmlint.toml").write_text('rule-paths = ["myrules"]\n')
    shutil.copy(EXAMPLES / "bad" / "tier-3-only.md", project / "pm.md")
    monkeypatch.chdir(project)
    clear_caches()
    yield project
    CHECKS.pop("test_always_crashes", None)
    clear_caches()


def test_a_crashing_rule_becomes_pm003_and_keeps_other_findings(crashing_rule: Path) -> None:
    result = CliRunner().invoke(main, ["check", "pm.md"])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    crash = [line for line in lines if " PM003 " in line]
    assert len(crash) == 1
    assert "XT901" in crash[0] and "crashing-rule" in crash[0]
    assert "ZeroDivisionError" in crash[0]
    assert "Traceback" not in result.output
    assert any(" PM408 " in line for line in lines), "other rules' findings were lost"


def test_debug_shows_the_traceback_of_a_crashing_rule(crashing_rule: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--debug", "pm.md"])
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.output
    assert "always_crashes" in result.output


def test_a_crashing_rule_is_not_cached(crashing_rule: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["check", "pm.md"])
    second = runner.invoke(main, ["check", "pm.md"])
    assert second.exit_code == 2 and "PM003" in second.output


def test_a_parser_crash_becomes_pm003(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmlint.run.runner

    def broken(*args: object) -> None:
        raise RecursionError("simulated parser failure")

    monkeypatch.setattr(pmlint.run.runner, "parse_document", broken)
    result = CliRunner().invoke(main, ["check", "--no-cache", "docs/tier-3-only.md"])
    assert result.exit_code == 2
    assert "PM003" in result.output and "simulated parser failure" in result.output


# -- standard input ----------------------------------------------------------------------


def test_stdin_is_linted_under_the_given_name(docs: Path) -> None:
    text = (EXAMPLES / "bad" / "tier-3-only.md").read_bytes()
    piped = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "docs/new.md"], input=text)
    on_disk = CliRunner().invoke(main, ["check", "--no-cache", "docs/tier-3-only.md"])
    assert piped.exit_code == on_disk.exit_code == 1
    assert piped.output.replace("docs/new.md", "X") == on_disk.output.replace(
        "docs/tier-3-only.md", "X"
    )


def test_stdin_without_a_name_is_shown_as_dash(docs: Path) -> None:
    result = CliRunner().invoke(main, ["check", "-"], input=b"# Only a title\n")
    assert result.exit_code == 1
    assert all(line.startswith("-:") for line in result.output.splitlines()[:3])


def test_stdin_filename_finds_the_config(docs: Path) -> None:
    project = docs.parent / "project"
    project.mkdir()
    (project / "pmlint.toml").write_text('select = ["PM101"]\n')
    result = CliRunner().invoke(
        main, ["check", "-", "--stdin-filename", "project/draft.md"], input=b"No title here.\n"
    )
    assert result.exit_code == 1
    assert {line.split()[2] for line in result.output.splitlines() if " PM" in line} == {"PM101"}


def test_stdin_bytes_are_decoded_like_files(docs: Path) -> None:
    result = CliRunner().invoke(main, ["check", "-"], input=b"# T\n\xc3\x28 bad\n")
    assert result.exit_code == 1 and "PM001" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "-", "docs"], "cannot be combined"),
        (["check", "--stdin-filename", "x.md", "docs"], "needs `-`"),
    ],
)
def test_stdin_misuse_is_a_usage_error(docs: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args, input=b"")
    assert result.exit_code == 2
    assert message in result.output


# -- progress and quiet ------------------------------------------------------------------


def test_progress_bar_draws_and_erases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pmlint.run.progress.DELAY", 0.0)
    monkeypatch.setattr("pmlint.run.progress.INTERVAL", 0.0)
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar.start(40)
    for _ in range(40):
        bar.advance()
    bar.close()
    text = stream.getvalue()
    assert "40/40 files" in text and "100%" in text
    assert text.endswith("\r\x1b[K")


def test_progress_bar_stays_silent_for_few_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pmlint.run.progress.DELAY", 0.0)
    stream = io.StringIO()
    with ProgressBar(stream) as bar:
        bar.start(3)
        bar.advance(3)
    assert stream.getvalue() == ""


def test_progress_only_for_text_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert wanted("text", quiet=False)
    assert not wanted("json", quiet=False)
    assert not wanted("sarif", quiet=False)
    assert not wanted("text", quiet=True)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert not wanted("text", quiet=False)


def test_no_progress_output_when_not_a_terminal(docs: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pmlint", "check", "--no-cache", "docs"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert "\r" not in done.stderr and "\r" not in done.stdout
    assert "files" not in done.stderr


def test_quiet_prints_only_findings(docs: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--quiet", "--no-cache", "docs"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines and all(" PM" in line for line in lines)
    good = sorted(f"docs/{p.name}" for p in (EXAMPLES / "good").glob("*.md"))
    clean = CliRunner().invoke(main, ["check", "--quiet", "--no-cache", *good])
    assert clean.exit_code == 0
    assert clean.output == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_without_markdown_it_the_run_stops_with_what_to_install(tmp_path: Path, jobs: str) -> None:
    """markdown-it-py is imported only when a file must be read; without it no file can be,
    so the run ends with one line naming the package, not a finding per file."""
    for index in range(2 if jobs == "1" else 220):
        shutil.copyfile(
            EXAMPLES / "good" / "2026-03-09-search-index-stall.md", tmp_path / f"doc-{index:03d}.md"
        )
    script = (
        "import sys\n"
        "sys.modules['markdown_it'] = None  # as if it were not installed\n"
        "from pmlint.cli import main\n"
        f"main(['check', '--no-cache', '--jobs', '{jobs}', sys.argv[1]])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(
        "pmlint: error: cannot read Markdown: No module named 'markdown_it"
    )
    assert "install pmlint" in done.stderr and "Traceback" not in done.stderr
