"""A pull request must not be able to hang, crash, fool or turn pmlint against the repository.

One test per attack in docs/security.md, each scaled to run in seconds: it asserts the time
is bounded (scaling tests double the input three times and check the time grows no faster
than linearly, with a generous factor for a busy machine), the finding or message, and that
nothing outside the test's repository changed (`outside`, checked after every test).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import pmlint.run.parallel
import pmlint.run.skipped
from pmlint.api import lint_text
from pmlint.cli import main
from pmlint.run import budget
from pmlint.run.cache import PACK_NAME, SCHEMA
from pmlint.run.pipeline import run
from pmlint.run.runner import Overrides, clear_caches

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "examples" / "good"
BAD = ROOT / "examples" / "bad"
needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork start")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")


def _tree(folder: Path) -> dict[str, str]:
    """Every path under `folder` (not following symlinks) with its kind and content hash."""
    state: dict[str, str] = {}
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current, name)
            if path.is_symlink():
                state[str(path)] = "link:" + os.readlink(path)
            elif path.is_file():
                state[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                state[str(path)] = "dir"
    return state


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A repository to lint (`tmp_path/repo`, with `.git`), and beside it a folder holding
    a secret and a home folder: neither may change during the test."""
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    outside = tmp_path / "outside"
    (outside / "keep" / "v1").mkdir(parents=True)
    (outside / "0123456789abcdef0123").mkdir()
    (outside / "secret.md").write_text("TOKEN-4f1c9e secret\n", encoding="utf-8")
    (outside / "notes.txt").write_text("mine\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))
    monkeypatch.chdir(repository)
    clear_caches()
    before = _tree(outside)
    yield repository
    assert _tree(outside) == before, "something outside the repository changed"
    budget.set_limits(budget.DEFAULT_MAX_BYTES, budget.DEFAULT_SECONDS)
    pmlint.run.skipped.SKIPPED.clear()


def cli(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`pmlint ARGS` in this process (through click's runner and pmlint's own outermost
    layer), in the working directory; no exception may escape, no traceback be printed."""
    saved = {name: os.environ.get(name) for name in env or {}}
    previous = signal.getsignal(signal.SIGTERM)
    os.environ.update(env or {})
    clear_caches()
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        budget.set_limits(budget.DEFAULT_MAX_BYTES, budget.DEFAULT_SECONDS)
        clear_caches()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.stderr, result.stderr
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def cli_process(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`pmlint ARGS` as a fresh process, in the working directory; no traceback allowed."""
    done = subprocess.run(
        [sys.executable, "-m", "pmlint", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=timeout,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def in_process(*args: str) -> tuple[int, str, str]:
    """`pmlint ARGS` through click's runner: (status, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def lint_time(text: str, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        lint_text(text, "doc.md")
        best = min(best, time.perf_counter() - started)
    return best


def assert_linear(
    make: Callable[[int], str], size: int, measure: Callable[[str], float] = lint_time
) -> list[float]:
    """Time `make(size)`, doubled three times: 8x the input may take at most 3 x 8 times as
    long (a quadratic reader takes 64 times), plus a little for timer noise."""
    times = [measure(make(size * 2**step)) for step in range(4)]
    assert times[3] <= 24 * times[0] + 0.3, f"not linear: {times}"
    return times


# -- hangs from ordinary-looking Markdown ---------------------------------------------------


def test_a_long_run_of_digits_in_the_impact_section_is_linear(repo: Path) -> None:
    times = assert_linear(lambda n: "# Outage\n\n## Impact\n\nLost " + "1" * n + "\n", 2000)
    assert times[3] < 5
    findings = lint_text("# Outage\n\n## Impact\n\nLost " + "1," * 16000 + "\n", "doc.md")
    assert "PM003" not in {f.code for f in findings}


def test_an_action_item_of_repeated_links_is_linear(repo: Path) -> None:
    head = "# Outage\n\n## Action Items\n\n- "
    times = assert_linear(lambda n: head + "https://" * (n // 8) + "\n", 16000)
    assert times[3] < 5


def test_unclosed_comment_openers_are_linear(repo: Path) -> None:
    times = assert_linear(lambda n: "# Outage\n\n## Impact\n\n" + "<!--\n" * (n // 5), 20000)
    assert times[3] < 5


def test_a_table_with_thousands_of_columns_is_linear_and_small(repo: Path) -> None:
    def table(rows: int) -> str:
        width = 10_000
        head = "|" + "a|" * width + "\n|" + "-|" * width + "\n"
        return "# Outage\n\n## Action Items\n\n" + head + ("|" + "b|" * width + "\n") * rows

    times = assert_linear(table, 2)
    assert times[3] < 5


def builtin_patterns() -> Iterator[tuple[str, str, int]]:
    """(module.name, pattern, flags) of every pattern pmlint's modules define at top level."""
    import importlib
    import pkgutil

    import pmlint
    from pmlint.util.lazyre import LazyPattern

    for module_info in pkgutil.walk_packages(pmlint.__path__, "pmlint."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, (re.Pattern, LazyPattern)) and isinstance(value.pattern, str):
                yield f"{module_info.name}.{name}", value.pattern, value.flags


def test_the_built_in_patterns_have_no_catastrophic_backtracking() -> None:
    """A ReDoS analyser over every module-level pattern, searched (not anchored)."""
    analyser = pytest.importorskip("regexploit.ast.sre")
    from regexploit.redos import find

    flagged = []
    for where, pattern, flags in builtin_patterns():
        parsed = analyser.SreOpParser().parse_sre("(?s:.)*(?:" + pattern + ")", flags)
        if any(redos.starriness > 2 for redos in find(parsed)):
            flagged.append(where)
    assert not flagged


@pytest.mark.parametrize(
    ("where", "unit", "searched"),
    [
        ("pmlint.checks.durations._MONEY", "1", True),
        ("pmlint.checks.durations._COUNT", "1,", True),
        ("pmlint.checks.actions._TIER_VALUE", "!", False),  # matched at the cell's start
        ("pmlint.checks.actions._AND_THEN", " ", False),  # matched after a verb
        ("pmlint.views.factors._CELL_SPLIT", "\t", True),
    ],
)
def test_the_patterns_that_backtracked_are_linear(where: str, unit: str, searched: bool) -> None:
    module, name = where.rsplit(".", 1)
    pattern = getattr(__import__(module, fromlist=[name]), name)
    compiled = pattern.compiled() if hasattr(pattern, "compiled") else pattern

    def measure(subject: str) -> float:
        started = time.perf_counter()
        for _ in range(3):
            compiled.match(subject)
            if searched:
                list(compiled.finditer(subject))
        return time.perf_counter() - started

    assert_linear(lambda n: unit * n + "x", 1000, measure)


def test_a_file_over_the_size_limit_is_a_finding_not_parsed(repo: Path) -> None:
    (repo / "big.md").write_bytes(b"# Big\n\n" + b"word " * 1_300_000)  # 6.5 MB
    started = time.monotonic()
    done = cli("check", "--no-cache", "big.md")
    assert time.monotonic() - started < 30
    assert done.returncode == 1
    assert (
        "big.md:1:1: error PM001 file cannot be linted: too large (6,500,007 bytes" in done.stdout
    )


def test_standard_input_over_the_size_limit_is_a_finding(repo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pmlint", "check", "--max-file-size", "1KB", "-"],
        input=b"# Title\n\n" + b"x" * 5000,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 1
    assert b"PM001 file cannot be linted: too large" in done.stdout


def test_a_rule_that_runs_long_gets_a_finding_and_the_run_goes_on(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmlint.checks.structure as structure

    original = structure.section_required

    def stuck(doc, options):  # type: ignore[no-untyped-def]
        if "stuck" in doc.path:
            re.search(r"(a+)+$", "a" * 64 + "!")  # backtracks for hours; interrupted
        return original(doc, options)

    for check in __import__("pmlint.checks", fromlist=["CHECKS"]).CHECKS.values():
        if check.name == "section_required":
            monkeypatch.setattr(check, "function", stuck)
    (repo / "a-stuck.md").write_text("# Stuck\n", encoding="utf-8")
    (repo / "b-fine.md").write_text("# Fine\n", encoding="utf-8")
    budget.set_limits(seconds=1.0)
    started = time.monotonic()
    findings = run([repo], Overrides()).findings
    assert time.monotonic() - started < 20
    overtime = [f for f in findings if f.code == "PM003"]
    assert len(overtime) == 1 and overtime[0].path.endswith("a-stuck.md")
    assert "ran past this file's time budget of 1 s" in overtime[0].message
    assert re.search(r"rule PM1\d\d \(missing-", overtime[0].message)
    assert any(f.path.endswith("b-fine.md") and f.code == "PM111" for f in findings)


# -- the pull request's configuration ---------------------------------------------------------


def _custom_rule(repo: Path, options: str) -> None:
    (repo / "lint-rules").mkdir()
    (repo / "lint-rules" / "ACME900.toml").write_text(
        'code = "ACME900"\nname = "house-rule"\nseverity = "error"\nsummary = "x"\n'
        'message = "bad: {phrase}"\ncheck = "phrase_forbidden"\n\n[options]\n'
        + options
        + '\n\n[docs]\nwhat = "x"\nwhy = "x"\nbad = "x"\ngood = "y"\n',
        encoding="utf-8",
    )
    (repo / "pmlint.toml").write_text(
        'rule-paths = ["lint-rules"]\nextend-select = ["ACME"]\n', encoding="utf-8"
    )


def test_a_custom_pattern_that_backtracks_is_stopped(repo: Path) -> None:
    _custom_rule(repo, 'patterns = ["(a|a)+$"]')
    (repo / "doc.md").write_text("# Title\n\n" + "a" * 41 + "!\n", encoding="utf-8")
    started = time.monotonic()
    done = cli("check", "--no-cache", "doc.md")
    assert time.monotonic() - started < 30
    assert done.returncode == 2
    assert (
        "PM003 rule ACME900 (house-rule) crashed: PatternTimeout: pattern '(a|a)+$' ran past"
        in done.stdout
    )


def test_a_custom_pattern_finds_what_re_finds(repo: Path) -> None:
    _custom_rule(repo, r'patterns = ["\\bblame(?:d|s)?\\b"]')
    (repo / "doc.md").write_text("# Title\n\nWe blamed the café.\n", encoding="utf-8")
    done = cli("check", "--no-cache", "--select", "ACME", "doc.md")
    assert "doc.md:3:4: error ACME900 bad: blamed" in done.stdout


def test_preparing_a_long_phrase_list_is_linear() -> None:
    from pmlint.checks.language import _plan

    def measure(count: str) -> float:
        phrases = tuple(f"phrase{i} word{i * 7919 % 100003}" for i in range(int(count)))
        started = time.perf_counter()
        _plan(phrases, False, ())
        return time.perf_counter() - started

    assert_linear(str, 5000, measure)


def test_a_phrase_list_over_the_cap_is_a_configuration_error(repo: Path) -> None:
    phrases = ", ".join(f'"w{i}"' for i in range(5001))
    _custom_rule(repo, f"phrases = [{phrases}]")
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    done = cli("check", "--no-cache", "doc.md")
    assert done.returncode == 2
    assert "at most 5000 phrases" in done.stderr


@needs_fifo
@pytest.mark.parametrize("kind", ["device", "fifo"])
@pytest.mark.parametrize("which", ["rule", "config", "baseline"])
def test_configuration_files_are_read_only_as_bounded_regular_files(
    repo: Path, kind: str, which: str
) -> None:
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    args = ["check", "--no-cache", "doc.md"]
    if which == "rule":
        (repo / "lint-rules").mkdir()
        target = repo / "lint-rules" / "ACME1.toml"
        (repo / "pmlint.toml").write_text('rule-paths = ["lint-rules"]\n', encoding="utf-8")
    elif which == "config":
        target = repo / "pmlint.toml"
    else:
        target = repo / "baseline.json"
        args += ["--baseline", "baseline.json"]
    if kind == "device":
        target.symlink_to("/dev/zero")
    else:
        os.mkfifo(target)
    started = time.monotonic()
    done = cli(*args, timeout=30)
    assert time.monotonic() - started < 30
    assert done.returncode == 2
    assert "not a regular file" in done.stderr and target.name in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@needs_fork
def test_sigterm_stops_the_workers_promptly(repo: Path) -> None:
    text = (BAD / sorted(os.listdir(BAD))[0]).read_text(encoding="utf-8") * 20
    for number in range(200):  # long enough to be running when the signal comes
        (repo / f"doc{number:03}.md").write_text(text, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "pmlint", "check", "--no-cache", "--jobs", "2", "."],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if children.exists():
            workers = [int(pid) for pid in children.read_text().split()]
    assert process.poll() is None, "the run ended before the signal"
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    _out, err = process.communicate(timeout=30)  # returns once every holder of stdout is gone
    took = time.monotonic() - started
    assert took < 10, (took, err)
    assert process.returncode == 143, (process.returncode, err)
    assert b"Traceback" not in err
    for pid in workers:  # the workers are gone too (or at most zombies being reaped)
        state = Path(f"/proc/{pid}/stat")
        alive = state.exists() and state.read_text().split()[2] != "Z"
        assert not alive, (pid, state.read_text() if state.exists() else "")


# -- findings lost, crashes -------------------------------------------------------------------


def test_an_unreadable_folder_is_a_finding(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "locked").mkdir()
    (repo / "locked" / "doc.md").write_text("# Title\n", encoding="utf-8")
    (repo / "open.md").write_text("# Title\n", encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    findings = run([Path(".")], Overrides()).findings
    locked = [f for f in findings if f.path == "locked"]
    assert [f.code for f in locked] == ["PM001"]
    assert "folder cannot be read (permission denied)" in locked[0].message


def test_symlinked_folders_are_followed_inside_the_repository_only(repo: Path) -> None:
    (repo / "docs").mkdir()
    (repo / "shared").mkdir()
    (repo / "shared" / "inside.md").write_text("# Inside\n", encoding="utf-8")
    (repo / "docs" / "shared").symlink_to("../shared")
    (repo / "docs" / "away").symlink_to(repo.parent / "outside")
    (repo / "docs" / "loop").symlink_to("..")
    findings = run([Path("docs")], Overrides()).findings
    paths = {f.path for f in findings}
    assert "shared/inside.md" in paths  # shown by its real folder
    away = [f for f in findings if f.path == "docs/away"]
    assert "symlink to a folder outside the repository: not followed" in away[0].message


def test_a_linked_file_outside_the_repository_is_not_read(repo: Path) -> None:
    (repo / "docs").mkdir()
    (repo / "docs" / "leak.md").symlink_to(repo.parent / "outside" / "secret.md")
    done = cli("check", "--no-cache", "--format", "junit", "docs")
    assert "TOKEN-4f1c9e" not in done.stdout
    assert "symlink to a file outside the repository: not read" in done.stdout
    named = cli("check", "--no-cache", "--format", "junit", "docs/leak.md")
    assert "TOKEN-4f1c9e" in named.stdout  # named on the command line: the user asked


def test_a_file_name_that_is_not_utf8_under_sarif(repo: Path) -> None:
    name = os.fsdecode(b"bad\xff.md")
    (repo / name).write_text("# Title\n", encoding="utf-8")
    done = cli("check", "--no-cache", "--format", "sarif", ".")
    assert done.returncode == 1
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(done.stdout)["runs"][0]["results"]
    ]
    assert "bad%FF.md" in uris


@pytest.mark.parametrize("which", ["config", "rule", "profile"])
def test_a_bad_byte_in_a_configuration_file_is_one_line(repo: Path, which: str) -> None:
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    if which == "config":
        target = repo / "pmlint.toml"
    else:
        (repo / "lint-rules" / "profiles").mkdir(parents=True)
        (repo / "pmlint.toml").write_text('rule-paths = ["lint-rules"]\n', encoding="utf-8")
        folder = repo / "lint-rules" / ("profiles" if which == "profile" else "")
        target = folder / "x.toml"
    target.write_bytes(b'# \xff\nprofile = "default"\n')
    done = cli("check", "--no-cache", "doc.md")
    assert done.returncode == 2
    assert (
        f"{target.name}: not valid TOML: not UTF-8 text: invalid byte 0xff at offset 2"
        in done.stderr
    )
    assert len(done.stderr.strip().splitlines()) == 1


def test_toml_nested_too_deeply_and_a_long_extends_chain(repo: Path) -> None:
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    (repo / "pmlint.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    done = cli("check", "--no-cache", "doc.md")
    assert done.returncode == 2
    assert "pmlint.toml: not valid TOML: arrays or tables nested too deeply" in done.stderr
    profiles = repo / "lint-rules" / "profiles"
    profiles.mkdir(parents=True)
    for number in range(2000):
        extends = f'extends = "p{number + 1}"\n' if number < 1999 else ""
        (profiles / f"p{number}.toml").write_text(
            f'name = "p{number}"\n{extends}', encoding="utf-8"
        )
    (repo / "pmlint.toml").write_text(
        'rule-paths = ["lint-rules"]\nprofile = "p0"\n', encoding="utf-8"
    )
    done = cli("check", "--no-cache", "doc.md", timeout=120)
    assert done.returncode == 2
    assert "profile 'p0': its `extends` chain is longer than 32 profiles" in done.stderr


def test_a_full_or_closed_standard_output(repo: Path) -> None:
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pmlint", "check", "--no-cache", "doc.md"]
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                command, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60
            )
        assert done.returncode == 2
        assert (
            done.stderr.strip()
            == "pmlint: error: cannot write the report to standard output: No space left on device"
        )
    done = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "pmlint: error: standard output is closed: the report was not written"
    )
    # A reader that goes away (`pmlint check | head`): status 2, nothing on standard error.
    text = (BAD / sorted(os.listdir(BAD))[0]).read_text(encoding="utf-8")
    for number in range(150):
        (repo / f"copy{number:03}.md").write_text(text, encoding="utf-8")
    process = subprocess.Popen(
        [*command[:-1], "."], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    assert process.wait(timeout=60) == 2
    assert process.stderr.read() == b""
    process.stderr.close()


def test_an_internal_error_is_one_line_and_status_2(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pmlint.cli.check

    def broken(*_args: object, **_kwargs: object) -> object:
        raise TypeError("something internal")

    monkeypatch.setattr(pmlint.cli.check, "_execute", broken)
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main.main(["check", "doc.md"], prog_name="pmlint")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err == (
        "pmlint: error: internal error: TypeError: something internal "
        "(please report it; --debug shows where)\n"
    )


def test_a_front_matter_value_of_the_wrong_type_is_a_finding_on_its_line(repo: Path) -> None:
    text = "---\nseverity: !!bool maybe\ndate: !!timestamp garbage\n---\n# Title\n"
    findings = lint_text(text, "doc.md")
    pm004 = [(f.line, f.message) for f in findings if f.code == "PM004"]
    assert pm004 == [
        (2, "front matter value 'maybe' is not a valid bool"),
        (3, "front matter value 'garbage' is not a valid timestamp"),
    ]
    assert "PM003" not in {f.code for f in findings}
    assert "PM111" in {f.code for f in findings}  # the other findings stay


def _dies_in_worker(marker: str) -> Callable[..., object]:
    original = pmlint.run.parallel.lint_one
    parent = os.getpid()

    def lint_one(path: Path, *args: object, **kwargs: object) -> object:
        if marker in path.name and os.getpid() != parent:
            os._exit(9)
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    return lint_one


@needs_fork
def test_a_lost_worker_is_reported_and_recovered_without_a_pool_per_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for number in range(60):
        (repo / f"doc{number:02}.md").write_text("# Title\n", encoding="utf-8")
    (repo / "doc00-killer.md").write_text("# Title\n", encoding="utf-8")
    pools = []
    real = pmlint.run.parallel._context

    def counting() -> object:
        pools.append(1)
        return real()

    monkeypatch.setattr(pmlint.run.parallel, "_context", counting)
    monkeypatch.setattr(pmlint.run.parallel, "lint_one", _dies_in_worker("killer"))
    monkeypatch.setattr(pmlint.run.parallel, "MIN_FILES_PER_JOB", 1)  # workers for few files
    monkeypatch.setattr(pmlint.run.parallel, "usable_cpus", lambda: 2)
    findings = run([repo], Overrides(), jobs=2).findings
    assert "a worker process died" in capsys.readouterr().err
    crashed = [f.path for f in findings if f.code == "PM003"]
    assert crashed == ["doc00-killer.md"]
    assert len({f.path for f in findings}) == 61
    assert len(pools) <= 3  # the run's pool, one to re-lint, one after the killer


# -- turned against the repository ------------------------------------------------------------


def test_a_cache_folder_that_is_a_symlink_is_not_followed(repo: Path) -> None:
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    (repo / ".pmlint_cache").symlink_to(repo.parent / "outside")
    done = cli("check", "doc.md")
    assert done.returncode == 1
    assert "PM102" in done.stdout
    assert (
        ".pmlint_cache is a symlink: not following it; running without the result cache"
        in done.stderr
    )


def test_a_symlink_inside_the_cache_folder_is_not_followed(repo: Path) -> None:
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    (repo / ".pmlint_cache").mkdir()
    (repo / ".pmlint_cache" / f"v{SCHEMA}").symlink_to(repo.parent / "outside")
    (repo / ".pmlint_cache" / ".gitignore").symlink_to(repo.parent / "outside" / "notes.txt")
    (repo / ".pmlint_cache" / "CACHEDIR.TAG").symlink_to(repo.parent / "outside" / "tag")
    done = cli("check", "doc.md")
    assert done.returncode == 1
    assert f"v{SCHEMA} is a symlink" in done.stderr


def test_a_cache_entry_made_elsewhere_is_not_believed(repo: Path, tmp_path: Path) -> None:
    (repo / "doc.md").write_text("# Title\n", encoding="utf-8")
    first = cli("check", "doc.md")
    assert "PM102" in first.stdout
    entries = list((repo / ".pmlint_cache").rglob(PACK_NAME))
    assert len(entries) == 1
    mac, _, body = entries[0].read_bytes().partition(b"\n")
    line, _, columns = body.partition(b"\n")
    data = json.loads(line)
    for entry in data["files"].values():
        entry[3] = entry[4]  # the forged entry: "this file is clean"
    forged = json.dumps(data, separators=(",", ":")).encode() + b"\n" + columns
    entries[0].write_bytes(mac + b"\n" + forged)
    assert "PM102" in cli("check", "doc.md").stdout
    entries[0].write_bytes(b"\xff\xfe not a signature\n" + forged)
    assert "PM102" in cli("check", "doc.md").stdout
    # A genuine entry, but signed with another user's key (a shared image): not believed.
    other = {"XDG_CACHE_HOME": str(tmp_path / "other-home")}
    cli("check", "--no-cache", "doc.md", env=other)
    entries[0].write_bytes(mac + b"\n" + body)
    assert "PM102" in cli("check", "doc.md", env=other).stdout


def test_text_output_never_starts_a_line_with_a_workflow_command(repo: Path) -> None:
    (repo / "::warning file=README.md,line=1::x.md").write_text("# T\n\x1b[31m\n", encoding="utf-8")
    for fmt in ("text", "github", "junit", "json", "gitlab", "sarif"):
        done = cli("check", "--no-cache", "--format", fmt, ".")
        assert done.returncode == 1
        assert not [
            line
            for line in done.stdout.splitlines()
            if line.lstrip().startswith("::") and fmt != "github"
        ]
        assert "\x1b" not in done.stdout
    text = cli("check", "--no-cache", ".").stdout
    assert text.startswith("./::warning file=README.md,line=1::x.md:1:1: ")
