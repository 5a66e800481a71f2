"""`pmlint check`: lint files and folders, report findings, exit by severity."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from pmlint.catalog.catalog import CatalogError
from pmlint.cli.common import fail, parse_size, today_option
from pmlint.cli.output import FAIL_ON_RANK, Looks, Streamed, render_report, status_for
from pmlint.config.settings import ConfigError, config_for
from pmlint.document.model import Finding
from pmlint.run.budget import max_bytes, set_limits
from pmlint.run.engine import INTERNAL_ERROR
from pmlint.run.files import PathError, expand_arguments, left_out
from pmlint.run.pipeline import run, run_stdin
from pmlint.run.runner import Overrides, RunResult


def split_codes(values: Sequence[str]) -> tuple[str, ...]:
    """`--select PM2,PM4 --select PM501` -> ("PM2", "PM4", "PM501")."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def exit_status(findings: Sequence[Finding], fail_on: str) -> int:
    crashed = any(f.code == INTERNAL_ERROR for f in findings)
    return status_for((f.severity for f in findings), crashed, fail_on)


@click.command("check")
@click.argument("arguments", nargs=-1, metavar="[PATHS]...")
@click.option(
    "--format",
    "--output-format",
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
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of the findings.")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (usage and internal errors still exit 2).",
)
@click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Text: show each finding's source line and docs link (default: on a terminal).",
)
@click.option("--show-url", is_flag=True, help="Text: show the rule's documentation link.")
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERNS",
    help="Leave out these paths (globs; replaces the configured `exclude`).",
)
@click.option(
    "--extend-exclude",
    multiple=True,
    metavar="PATTERNS",
    help="Leave out these paths too (globs, added to `exclude`).",
)
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the configuration that applies to the first path (or here), and exit.",
)
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
@today_option
@click.option("--fix", is_flag=True, help="Apply the safe fixes of findings to the files.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix, --fix-only or --diff: unsafe fixes too."
)
@click.option(
    "--fix-only", is_flag=True, help="Apply fixes and report nothing (exit 0 unless an error)."
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print the fixes as a unified diff and write nothing (exit 1 when there are any).",
)
@click.option(
    "--add-suppressions",
    is_flag=True,
    help="Write a pmlint-disable comment for every finding (to adopt pmlint), then exit 0.",
)
def check_command(
    arguments: tuple[str, ...],
    output_format: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    profile: str | None,
    config_path: Path | None,
    fail_on: str | None,
    statistics: bool,
    exit_zero: bool,
    show_source: bool | None,
    show_url: bool,
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    show_settings: bool,
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
    today: str | None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    fix_only: bool = False,
    show_diff: bool = False,
    add_suppressions: bool = False,
) -> None:
    """Lint post-mortems and report what they are missing.

    PATHS are files, folders or globs (`postmortems/**/*.md`); the default is the
    current folder. Folders are searched for the configured `include` (*.md,
    *.markdown), skipping hidden, vendored and .gitignored folders and the `exclude`
    patterns (by default READMEs, changelogs, templates and build output).
    Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error.

    \b
    Examples:
      pmlint check
      pmlint check docs/postmortems
      pmlint check --select PM4 --format json 2026-04-17-checkout.md
      pmlint check --format github --fail-on warning .
      pmlint check --jobs 0 docs/            # one process per CPU
      cat draft.md | pmlint check - --stdin-filename docs/draft.md
      pmlint check --fix docs/postmortems    # apply safe fixes, report the rest
      pmlint check --diff --unsafe-fixes x.md # show every fix as a diff, write nothing
    """
    set_limits(parse_size(max_file_size), time_budget)
    try:
        paths = tuple(expand_arguments(arguments))
    except PathError as error:
        fail(str(error))
    overrides = Overrides(
        config_path=config_path,
        profile=profile,
        select=split_codes(select) if select else None,
        ignore=split_codes(ignore),
        extend_select=split_codes(extend_select),
        debug=debug,
        today=today,
        exclude=split_codes(exclude) if exclude else None,
        extend_exclude=split_codes(extend_exclude),
    )
    if show_settings:
        from pmlint.cli.settings_view import show  # lazy for start-up time: --show-settings

        show(paths, overrides)
        return
    if fix or fix_only or show_diff or add_suppressions:
        from pmlint.cli.fixing import run_fixes  # lazy for start-up time: fixing flags only

        report_after = run_fixes(
            paths, overrides, fix, fix_only, show_diff, add_suppressions, unsafe_fixes, quiet
        )
        if not report_after:
            return
    use_color = _use_color(color, output)
    if show_source is None:
        show_source = output is None and output_format == "text" and sys.stdout.isatty()
    looks = Looks(use_color, statistics, quiet, show_source, show_url)
    if baseline_path is None and write_baseline_path is None:
        baseline_path = _configured_baseline(paths, overrides)
    streamed = None
    if _can_stream(paths, output_format, output, baseline_path, write_baseline_path, quiet):
        streamed = Streamed(output_format, looks)
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
    if not result.files and not quiet:
        for note in left_out(paths, overrides):  # why "No files checked."
            click.echo(f"pmlint: {note}", err=True)
    if streamed is not None:
        streamed.finish(result.files)
        status = streamed.exit_status(fail_on or _fail_on_from(result))
        sys.exit(0 if exit_zero and status == 1 else status)
    if write_baseline_path is not None:
        _write_baseline(result, write_baseline_path, quiet)
        return
    if baseline_path is not None:
        from pmlint.run.baseline import (  # lazy for start-up time: pydantic
            BaselineError,
            filter_new,
        )

        try:
            before = len(result.findings)
            result.findings = filter_new(result.findings, baseline_path)
            hidden = before - len(result.findings)
        except BaselineError as error:
            fail(str(error))
    else:
        hidden = None
    settings_fail_on = _fail_on_from(result)
    effective_fail_on = fail_on or settings_fail_on
    report = render_report(result, output_format, looks, hidden)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(report, encoding="utf-8")
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror or error}")
    elif report:
        click.echo(report, nl=False, color=use_color)  # click strips colour off a terminal
    status = exit_status(result.findings, effective_fail_on)
    sys.exit(0 if exit_zero and status == 1 else status)


def _execute(
    paths: tuple[Path, ...],
    overrides: Overrides,
    jobs: int,
    no_cache: bool,
    cache_dir: Path | None,
    stdin_filename: str | None,
    output_format: str,
    quiet: bool,
    streamed: Streamed | None = None,
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


def _configured_baseline(paths: tuple[Path, ...], overrides: Overrides) -> Path | None:
    """The `baseline` key of the configuration for the first path (or here), as a path."""
    if any(str(path) == "-" for path in paths):
        return None
    anchor = paths[0] if paths else Path(".")
    anchor = anchor / "_" if anchor.is_dir() else anchor
    try:
        config = config_for(anchor, overrides.config_path)
    except (CatalogError, ConfigError) as error:
        fail(str(error))
    if config.settings.baseline is None:
        return None
    return config.root / config.settings.baseline


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
