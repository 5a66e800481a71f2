"""`pmlint inspect --index DIR`: the incident index of a folder, as text or versioned JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pmlint.catalog.catalog import CatalogError
from pmlint.cli.common import fail
from pmlint.config.settings import ConfigError
from pmlint.index import INDEX_SCHEMA
from pmlint.run.indexing import build_index
from pmlint.run.runner import Overrides


def show_index(
    folder: Path, output_format: str, profile: str | None, config_path: Path | None
) -> None:
    try:
        built = build_index([folder], Overrides(config_path=config_path, profile=profile))
    except (CatalogError, ConfigError) as error:
        fail(str(error))
    if output_format == "json":
        data = {
            "schema": INDEX_SCHEMA,
            "incidents": [entry.to_dict() for entry in built.entries],
            "unreadable": built.unreadable,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for entry in built.entries:
        times = " ".join(
            f"{label} {value} min"
            for label, value in (
                ("detect", entry.time_to_detect),
                ("mitigate", entry.time_to_mitigate),
                ("resolve", entry.time_to_resolve),
            )
            if value is not None
        )
        open_items = sum(1 for a in entry.actions if not a.done)
        click.echo(
            f"{entry.path}: {entry.date or 'undated'} {entry.id or '-'} {entry.severity_label} "
            f"[{', '.join(entry.services) or 'no service'}] {entry.title}"
        )
        click.echo(
            f"    {len(entry.actions)} action items ({open_items} open), "
            f"{len(entry.checkpoints)} checkpoints{'; ' + times if times else ''}"
        )
    for path in built.unreadable:
        click.echo(f"{path}: unreadable")
