"""`pmlint new` and `pmlint profiles`: help people start writing.

`new` writes a post-mortem skeleton for a profile, named `YYYY-MM-DD-slug.md`;
`profiles` lists the profiles to choose from (`init`, which suggests one for existing
post-mortems, is `pmlint.cli.adopt`). Neither asks questions, and `new` never
overwrites a file.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import click

from pmlint.catalog.catalog import Catalog, CatalogError
from pmlint.cli.common import config_option, fail, load_config_and_catalog, text_or_json_option


def _catalog(config_path: Path | None, near: Path) -> tuple[Catalog, str]:
    """The catalogue (with the user's rule folders) and the configured profile name."""
    config, catalog = load_config_and_catalog(config_path, near)
    return catalog, config.settings.profile


@click.command("profiles")
@text_or_json_option
@config_option
def profiles_command(output_format: str, config_path: Path | None) -> None:
    """List the profiles: name, the profile it extends, and what it checks.

    \b
    Examples:
      pmlint profiles
      pmlint profiles --format json
    """
    catalog, _ = _catalog(config_path, Path.cwd())
    rows = []
    for name in sorted(catalog.profiles, key=lambda n: (n != "default", n)):
        spec = catalog.profiles[name]
        try:
            summary = catalog.profile(name).summary
        except CatalogError as error:
            fail(str(error))
        rows.append({"name": name, "extends": spec.extends, "summary": summary})
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    width = max((len(row["name"] or "") for row in rows), default=8)
    base_width = max((len(row["extends"] or "-") for row in rows), default=7)
    for row in rows:
        click.echo(
            f"{row['name']:<{width}}  {row['extends'] or '-':<{base_width}}  {row['summary']}"
        )


def _parse_date(value: str | None) -> datetime.date:
    if value is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


@click.command("new")
@click.argument("title")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Incident date (default: today).")
@click.option("--profile", help="Profile whose sections to write (default: the configured one).")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Folder to write the post-mortem in (default: here).",
)
@config_option
def new_command(
    title: str,
    date_text: str | None,
    profile: str | None,
    directory: Path,
    config_path: Path | None,
) -> None:
    """Write a post-mortem skeleton named YYYY-MM-DD-slug.md.

    Every section the profile requires is there, with placeholder rows marked
    {UNKNOWN}; `pmlint check` on it then lists what is still to write.

    \b
    Examples:
      pmlint new "Checkout outage"
      pmlint new "DNS resolver saturation" --date 2026-06-02 --profile google-sre --dir incidents
    """
    from pmlint.catalog.skeleton import render_skeleton, skeleton_name  # lazy: start-up time

    date = _parse_date(date_text)
    if not title.strip():
        raise click.BadParameter("the title must not be empty", param_hint="TITLE")
    catalog, configured = _catalog(config_path, directory.resolve())
    name = profile or configured
    try:
        resolved = catalog.profile(name)
        text = render_skeleton(catalog, resolved, title, date)
    except CatalogError as error:
        fail(str(error))
    target = directory / skeleton_name(title, date)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:  # never overwrite
            handle.write(text)
    except FileExistsError:
        fail(f"{target} already exists: pick another title or date, or edit that file")
    click.echo(f"wrote {target} (profile: {name})")
