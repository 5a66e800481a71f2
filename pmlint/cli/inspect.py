"""`pmlint inspect`: show what pmlint understood of a post-mortem."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pmlint.catalog.catalog import CatalogError
from pmlint.cli.common import config_option, fail, text_or_json_option
from pmlint.config.settings import ConfigError, config_for
from pmlint.document.parse import parse_document
from pmlint.document.read import ReadError, read_source
from pmlint.run.runner import Overrides, ruleset_for
from pmlint.views.understood import describe, describe_text


@click.command("inspect")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@text_or_json_option
@click.option("--profile", help="Profile whose heading synonyms are used.")
@config_option
@click.option(
    "--index",
    "index_dir",
    type=click.Path(exists=True, path_type=Path),
    help="Show the incident index of this folder instead of one document.",
)
def inspect_command(
    file: Path | None,
    output_format: str,
    profile: str | None,
    config_path: Path | None,
    index_dir: Path | None,
) -> None:
    """Print the section model pmlint builds from FILE.

    Sections with their canonical kinds and lines, incident metadata, timeline entries,
    action items, whys and contributing factors: use it to see why a rule fires.

    \b
    Examples:
      pmlint inspect 2026-04-17-checkout.md
      pmlint inspect --format json 2026-04-17-checkout.md
      pmlint inspect --index docs/postmortems --format json
    """
    if index_dir is not None:
        from pmlint.cli.index_view import show_index  # only for --index: start-up time

        show_index(index_dir, output_format, profile, config_path)
        return
    if file is None:
        fail("inspect needs a FILE, or --index DIR")
    try:
        ruleset = ruleset_for(config_for(file, config_path), Overrides(profile=profile))
        source = read_source(file)
    except (CatalogError, ConfigError, ReadError) as error:
        fail(str(error))
    doc = parse_document(source.text, str(file), ruleset.profile.matcher)
    summary = describe(doc)
    if output_format == "json":
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        click.echo(describe_text(summary), nl=False)
