"""`pmlint check`: lint files and folders, report findings, exit by severity."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pmlint.catalog.catalog import CatalogError
from pmlint.cli.common import fail
from pmlint.config.settings import ConfigError
from pmlint.document.model import Finding
from pmlint.run.budget import max_bytes, set_limits
from pmlint.run.engine import INTERNAL_ERROR
from pmlint.run.pipeline import run
from pmlint.run.runner import Overrides, RunResult, run_stdin
from pmlint.util.version import __version__

if TYPE_CHECKING:
    from pmlint.catalog.catalog import Catalog
    from pmlint.report import RuleInfo

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
FAIL_ON_RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}


def split_codes(values: Sequence[str]) -> tuple[str, ...]:
    """`--select PM2,PM4 --select PM501` -> ("PM2", "PM4", "PM501")."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def status_for(severities: Iterable[str], crashed: bool, fail_on: str) -> int:
    """2 when a rule crashed, 1 when a severity reaches `fail_on`, else 0."""
    if crashed:
        return 2
    threshold = FAIL_ON_RANK[fail_on]
    return 1 if any(SEVERITY_RANK.get(severity, 2) >= threshold for severity in severities) else 0


_SIZE_UNITS = {"": 1, "B": 1, "KB": 1024, "K": 1024, "MB": 1024**2, "M": 1024**2, "GB": 1024**3}


def parse_size(text: str) -> int:
    """`5MB`, `512KB`, `1000000` -> bytes; a usage error (exit 2) otherwise."""
    value = text.strip().upper()
    number = value.rstrip("KMGB ")
    unit = value[len(number) :].strip()
    try:
        amount = float(number)
    except ValueError:
        amount = -1.0
    if unit not in _SIZE_UNITS or amount < 0 or amount != amount:
        fail(f"--max-file-size: expected a size such as 5MB, 512KB or 0, not {text!r}")
    return int(amount * _SIZE_UNITS[unit])


def exit_status(findings: Sequence[Finding], fail_on: str) -> int:
    crashed = any(f.code == INTERNAL_ERROR for f in findings)
    return status_for((f.severity for f in findings), crashed, fail_on)


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "sarif", "github", "junit", "gitlab"]),
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules (codes, prefixes such as PM4, or names; comma-separated).",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@click.option(
    "--extend-select", multiple=True, metavar="CODES", help="Add rules to the profile's selection."
)
@click.option("--profile", help="Profile to lint against (see `pmlint profiles`).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this configuration file instead of searching.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    help="Lowest severity that makes the exit status 1 (default: error).",
)
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record today's findings in this file (then --baseline hides them) and exit 0.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output (default: on a terminal, unless NO_COLOR is set).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of rules that crash.")
@click.option(
    "-j",
    "--jobs",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Lint with this many processes (0: one per CPU).",
)
@click.option(
    "--max-file-size",
    default="5MB",
    show_default=True,
    metavar="SIZE",
    help="Larger files are reported (PM001) instead of linted: bytes, or with KB/MB; 0: no limit.",
)
@click.option(
    "--time-budget",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Time for one file's parse and rules, then it is reported (PM003); 0: no limit.",
)
@click.option("--no-cache", is_flag=True, help="Lint every file, ignoring cached results.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache folder (default: .pmlint_cache next to the config file, or here).",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="With `-`: the path to report for standard input, and to find the config from.",
)
def check_command(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    profile: str | None,
    config_path: Path | None,
    fail_on: str | None,
    statistics: bool,
    baseline_path: Path | None,
    write_baseline_path: Path | None,
    quiet: bool,
    color: bool | None,
    debug: bool,
    jobs: int,
    max_file_size: str,
    time_budget: float,
    no_cache: bool,
    cache_dir: Path | None,
    stdin_filename: str | None,
) -> None:
    """Lint post-mortems and report what they are missing.

    PATHS are files or folders (folders are searched for *.md and *.markdown,
    skipping hidden and vendored folders); the default is the current folder.
    Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error.

    \b
    Examples:
      pmlint check docs/postmortems
      pmlint check --select PM4 --format json 2026-04-17-checkout.md
      pmlint check --format github --fail-on warning .
      pmlint check --jobs 0 docs/            # one process per CPU
      cat draft.md | pmlint check - --stdin-filename docs/draft.md
    """
    set_limits(parse_size(max_file_size), time_budget)
    overrides = Overrides(
        config_path=config_path,
        profile=profile,
        select=split_codes(select) if select else None,
        ignore=split_codes(ignore),
        extend_select=split_codes(extend_select),
        debug=debug,
    )
    use_color = _use_color(color, output)
    streamed = None
    if _can_stream(paths, output_format, output, baseline_path, write_baseline_path, quiet):
        streamed = _Streamed(output_format, use_color, statistics, quiet)
    try:
        result = _execute(
            paths,
            overrides,
            jobs,
            no_cache,
            cache_dir,
            stdin_filename,
            output_format,
            quiet,
            streamed,
        )
    except (CatalogError, ConfigError) as error:
        fail(str(error))
        return
    if streamed is not None:
        streamed.finish(result.files)
        sys.exit(streamed.exit_status(fail_on or _fail_on_from(result)))
    if write_baseline_path is not None:
        _write_baseline(result, write_baseline_path, quiet)
        return
    if baseline_path is not None:
        from pmlint.run.baseline import (  # lazy for start-up time: pydantic
            BaselineError,
            filter_new,
        )

        try:
            result.findings = filter_new(result.findings, baseline_path)
        except BaselineError as error:
            fail(str(error))
    settings_fail_on = _fail_on_from(result)
    effective_fail_on = fail_on or settings_fail_on
    report = render_report(result, output_format, use_color, statistics, quiet)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(report, encoding="utf-8")
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror or error}")
    elif report:
        click.echo(report, nl=False, color=use_color)  # click strips colour off a terminal
    sys.exit(exit_status(result.findings, effective_fail_on))


def _execute(
    paths: tuple[Path, ...],
    overrides: Overrides,
    jobs: int,
    no_cache: bool,
    cache_dir: Path | None,
    stdin_filename: str | None,
    output_format: str,
    quiet: bool,
    streamed: _Streamed | None = None,
) -> RunResult:
    """Standard input (`-`), or the paths with the cache, worker processes and progress bar."""
    if any(str(path) == "-" for path in paths):
        if len(paths) > 1:
            fail("`-` (standard input) cannot be combined with other paths")
        limit = max_bytes()
        data = sys.stdin.buffer.read() if limit is None else sys.stdin.buffer.read(limit + 1)
        return run_stdin(data, stdin_filename, overrides)
    if stdin_filename is not None:
        fail("--stdin-filename needs `-` as the path to read standard input")
    caches = None
    if not no_cache:
        from pmlint.run.cache import CacheSet  # lazy for start-up time: only with a cache

        caches = CacheSet(cache_dir, overrides.debug)
    bar = None
    from pmlint.run import progress  # lazy for start-up time: only on a terminal

    if progress.wanted(output_format, quiet):
        bar = progress.ProgressBar()
    try:
        sink = streamed.file if streamed is not None else None
        targets = list(paths) or [Path(".")]
        return run(targets, overrides, jobs=jobs, caches=caches, progress=bar, sink=sink)
    finally:
        if bar is not None:
            bar.close()


def _write_baseline(result: RunResult, target: Path, quiet: bool) -> None:
    """Record every current finding, say so on stderr, and exit 0."""
    from pmlint.run.baseline import BaselineError, write  # lazy for start-up time: pydantic

    try:
        count = write(result.findings, target)
    except BaselineError as error:
        fail(str(error))
    if not quiet:
        click.echo(f"pmlint: wrote {target} ({count} findings recorded)", err=True)
    sys.exit(0)


def _fail_on_from(result: RunResult) -> str:
    levels = [rs.config.settings.fail_on for rs in result.rulesets]
    if not levels:
        return "error"
    return min(levels, key=lambda level: FAIL_ON_RANK[level])


def _use_color(flag: bool | None, output: Path | None) -> bool:
    if flag is not None:
        return flag
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def rule_infos(catalogs: Iterable[Catalog]) -> dict[str, RuleInfo]:
    """Every rule of these catalogues as reports describe them (SARIF's rule list)."""
    from pmlint.catalog.ruledocs import rule_markdown  # lazy for start-up time: SARIF only
    from pmlint.report import RuleInfo  # lazy for start-up time: formats load when used

    infos: dict[str, RuleInfo] = {}
    for catalog in catalogs:
        for code, spec in catalog.specs.items():
            if code not in infos:
                infos[code] = RuleInfo(
                    code, spec.name, spec.severity, spec.summary, help_markdown=rule_markdown(spec)
                )
    return infos


def render_report(result: RunResult, fmt: str, color: bool, statistics: bool, quiet: bool) -> str:
    from pmlint.report import ReportContext, render  # lazy for start-up time

    rules = {}
    if fmt == "sarif":
        rules = rule_infos([rs.catalog for rs in result.rulesets])
    context = ReportContext(
        findings=result.findings,
        files=result.files,
        rules=rules,
        root=".",
        color=color,
        statistics=statistics,
        quiet=quiet,
        version=__version__,
    )
    return render(fmt, context)


def _can_stream(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    baseline: Path | None,
    write_baseline: Path | None,
    quiet: bool,
) -> bool:
    """Line-based formats to standard output are written file by file, so memory does not
    grow with the findings; a baseline, an output file, standard input or a progress bar
    (which shares the terminal) keep the whole report to the end."""
    from pmlint.report import STREAMED  # lazy for start-up time
    from pmlint.run import progress  # lazy for start-up time: only on a terminal

    if fmt not in STREAMED or output is not None or baseline is not None:
        return False
    if write_baseline is not None or any(str(path) == "-" for path in paths):
        return False
    return not progress.wanted(fmt, quiet)


class _Streamed:
    """The report of a streamed run: written to standard output in pieces of a few tens of
    kilobytes as files finish, with the counts the exit status is made from."""

    FLUSH_AT = 1 << 16  # characters

    def __init__(self, fmt: str, color: bool, statistics: bool, quiet: bool) -> None:
        from pmlint.report import ReportContext, open_stream  # lazy for start-up time

        self.color = color
        self.pending: list[str] = []
        self.size = 0
        context = ReportContext(
            findings=[],
            files=[],
            root=".",
            color=color,
            statistics=statistics,
            quiet=quiet,
            version=__version__,
        )
        self.stream = open_stream(fmt, context, self._write)

    def _write(self, text: str) -> None:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= self.FLUSH_AT:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            click.echo("".join(self.pending), nl=False, color=self.color)
        self.pending = []
        self.size = 0

    def file(self, _display: str, findings: list[Finding]) -> None:
        self.stream.file(findings)

    def finish(self, files: list[str]) -> None:
        self.stream.finish(files)
        self._flush()

    def exit_status(self, fail_on: str) -> int:
        tally = self.stream.tally
        return status_for(tally.raw_severities, bool(tally.codes.get(INTERNAL_ERROR)), fail_on)
