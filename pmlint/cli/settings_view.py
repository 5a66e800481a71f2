"""`pmlint check --show-settings`: the configuration that applies to a file, resolved.

Like ruff's `--show-settings`: which file was read (and what it extends), every key with
its value after defaults and command-line flags, and the rules that run with their
severities, so "why is this rule (not) running here?" has an answer.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from pmlint.catalog.catalog import CatalogError
from pmlint.cli.common import fail
from pmlint.config.settings import ConfigError, config_for
from pmlint.run.files import exclude_patterns
from pmlint.run.runner import Overrides, ruleset_for


def show(paths: tuple[Path, ...], overrides: Overrides) -> None:
    """Print the resolved settings for the first path (or the current folder)."""
    target = paths[0] if paths and str(paths[0]) != "-" else Path(".")
    anchor = target / "_" if target.is_dir() else target
    try:
        config = config_for(anchor, overrides.config_path)
        ruleset = ruleset_for(config, overrides)
    except (CatalogError, ConfigError) as error:
        fail(str(error))
    lines = [
        f"# settings for {target.as_posix()}",
        f"# configuration: {config.where if config.path is not None else 'none (defaults)'}",
        f"# root (patterns are relative to it): {config.root}",
    ]
    values = dataclasses.asdict(config.settings)
    values["profile"] = ruleset.profile.name
    values["exclude"] = exclude_patterns(config, overrides)
    values.pop("extend_exclude")
    for name, value in values.items():
        key = name.replace("_", "-")
        if value is None:
            lines.append(f"# {key}: not set")
        else:
            lines.append(f"{key} = {_toml(value)}")
    lines.append("")
    lines.append(f"# rules that run ({len(ruleset.rules)}):")
    width = max((len(rule.name) for rule in ruleset.rules), default=0)
    for rule in ruleset.rules:
        lines.append(f"#   {rule.code}  {rule.name:<{width}}  {rule.severity}")
    click.echo("\n".join(lines))


def _toml(value: object) -> str:
    """A value as TOML would write it (inline tables for the nested ones)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(str(k))} = {_toml(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)
