"""`pmlint report`: figures across every post-mortem of a folder, as HTML, Markdown or JSON."""

from __future__ import annotations

import time
from pathlib import Path

import click

from pmlint.catalog.catalog import CatalogError
from pmlint.cli.common import config_option, fail, today_option
from pmlint.config.settings import ConfigError, config_for
from pmlint.index.corpus import use_corpus
from pmlint.report.incident.data import report_data
from pmlint.report.incident.render import linker, render_html, render_json, render_markdown
from pmlint.run.cache import CacheSet
from pmlint.run.indexing import corpus_for
from pmlint.run.pipeline import run
from pmlint.run.runner import Overrides

FORMATS = ("html", "markdown", "json")


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (default: standard output).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="html (default, or from the output file's suffix), markdown or json.",
)
@today_option
@click.option(
    "--window-days",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Incidents on one service this close count as a recurrence.",
)
@click.option(
    "--link-base",
    metavar="URL",
    help="Link documents under this URL (e.g. https://github.com/org/repo/blob/main) "
    "instead of relative to the report file.",
)
@click.option("--profile", help="Profile to lint against (see `pmlint profiles`).")
@config_option
@click.option("--no-cache", is_flag=True, help="Read and lint every file again.")
@click.option(
    "-j", "--jobs", default=1, type=click.IntRange(min=0), help="Lint with this many processes."
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print where the report was written.")
def report_command(
    paths: tuple[Path, ...],
    output: Path | None,
    output_format: str | None,
    today: str | None,
    window_days: int,
    link_base: str | None,
    profile: str | None,
    config_path: Path | None,
    no_cache: bool,
    jobs: int,
    quiet: bool,
) -> None:
    """Report on every post-mortem under PATHS (default: the configured `index-paths`, or
    the current folder): incidents per month by severity, times to detect and resolve,
    action items by tier and status, overdue items, recurring services, Tier-3-only
    incidents, and the findings of a check run (with the cross-document rules PM9xx).

    \b
    Examples:
      pmlint report docs/postmortems -o report.html
      pmlint report docs/postmortems --format markdown > report.md
      pmlint report --format json --today 2026-06-30 docs/postmortems
    """
    fmt = output_format or _format_for(output)
    targets = list(paths) or _default_targets(config_path)
    overrides = Overrides(
        config_path=config_path, profile=profile, extend_select=("PM9",), today=today
    )
    started = time.perf_counter()
    caches = None
    if not no_cache:
        caches = CacheSet(None, False)
    try:
        corpus = corpus_for(targets, overrides, today, None, not no_cache)
        with use_corpus(corpus):
            result = run(targets, overrides, jobs=jobs, caches=caches)
    except (CatalogError, ConfigError) as error:
        fail(str(error))
    except ValueError as error:  # a `today` setting that is not a date
        fail(f"today: {error}")
    data = report_data(corpus, result.findings, window_days, [str(p) for p in targets])
    link = linker(output, link_base)
    if fmt == "json":
        text = render_json(data)
    elif fmt == "markdown":
        text = render_markdown(data, link)
    else:
        text = render_html(data, link)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")
    if not quiet:
        elapsed = time.perf_counter() - started
        click.echo(
            f"pmlint: wrote {output} ({len(corpus.entries)} incidents, "
            f"{len(text.encode()) / 1024:.0f} KB, {elapsed:.1f} s)",
            err=True,
        )


def _default_targets(config_path: Path | None) -> list[Path]:
    """The configured `index-paths`, or the current folder."""
    try:
        config = config_for(Path.cwd() / "_", config_path)
    except ConfigError as error:
        fail(str(error))
    configured = [config.root / p for p in config.settings.index_paths]
    return [p for p in configured if p.exists()] or [Path(".")]


def _format_for(output: Path | None) -> str:
    if output is not None and output.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    if output is not None and output.suffix.lower() == ".json":
        return "json"
    return "html"
