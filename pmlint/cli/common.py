"""Pieces the commands share: option decorators, error exit, catalogue loading."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from pmlint.catalog.catalog import Catalog, CatalogError
from pmlint.catalog.load import load_catalog
from pmlint.config.settings import Config, ConfigError, config_for, load_config_file

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this configuration file instead of searching from the current folder.",
)

text_or_json_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


def fail(message: str) -> NoReturn:
    """A one-line error on standard error and exit status 2: never a traceback."""
    click.echo(f"pmlint: error: {message}", err=True)
    sys.exit(2)


def load_config_and_catalog(config_path: Path | None, near: Path) -> tuple[Config, Catalog]:
    """The configuration that applies at `near` and its catalogue (with user rule folders)."""
    try:
        config = load_config_file(config_path) if config_path else config_for(near / "_")
        return config, load_catalog(config.rule_dirs)
    except (CatalogError, ConfigError) as error:
        fail(str(error))


def _valid_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    import datetime

    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


today_option = click.option(
    "--today",
    metavar="YYYY-MM-DD",
    callback=_valid_today,
    help="The date cross-document rules (PM9xx) count from (default: the `today` setting, "
    "or the date of the run).",
)


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
