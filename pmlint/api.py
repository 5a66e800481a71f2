"""The Python API: lint text or paths from a program, get `Finding` objects back.

The same pipeline as `pmlint check`, without the command line: configuration is
discovered from the linted file as usual, or given as a file path, a `Settings`
object or a dict of settings (keys as in the TOML file, `fail-on` or `fail_on`).
Problems with the configuration or the rules raise `ConfigError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Union

from pmlint.catalog.catalog import CatalogError
from pmlint.config.settings import Config, ConfigError, Settings, config_for, config_from
from pmlint.document.model import Finding
from pmlint.run.files import excluded_by, ignored_rules
from pmlint.run.pipeline import run
from pmlint.run.runner import (
    Overrides,
    Ruleset,
    display_path,
    lint_file,
    lint_source_text,
    ruleset_for,
)
from pmlint.run.runner import clear_caches as _clear_runner_caches
from pmlint.run.walk import walk

ConfigArg = Union[str, "os.PathLike[str]", Settings, Mapping[str, Any], None]

__all__ = [
    "ConfigArg",
    "ConfigError",
    "Finding",
    "Settings",
    "clear_caches",
    "lint_paths",
    "lint_text",
]


def lint_text(text: str, path: str = "<text>", config: ConfigArg = None) -> list[Finding]:
    """Lint one post-mortem held in memory; `path` is used in findings and for discovery."""
    try:
        if _is_path(config):
            resolved = config_for(Path(path), Path(os.fspath(config)))  # type: ignore[arg-type]
        elif config is None:
            resolved = config_for(Path(path) if path != "<text>" else Path.cwd() / "_")
        else:
            resolved = config_from(config)
        ruleset = ruleset_for(resolved, Overrides())
        return lint_source_text(text, path, ruleset)
    except CatalogError as error:
        raise ConfigError(str(error)) from None


def lint_paths(paths: Iterable[str | os.PathLike[str]], config: ConfigArg = None) -> list[Finding]:
    """Lint files and folders (searched like `pmlint check` does); findings sorted."""
    targets = [Path(os.fspath(p)) for p in paths]
    for target in targets:
        if not target.exists():
            raise FileNotFoundError(f"no such file or folder: {target}")
    try:
        if config is None or _is_path(config):
            explicit = Path(os.fspath(config)) if config is not None else None  # type: ignore[arg-type]
            if explicit is not None and not explicit.is_file():
                raise ConfigError(f"{explicit}: configuration file not found")
            return run(targets, Overrides(config_path=explicit)).findings
        return _lint_with(targets, config_from(config))
    except CatalogError as error:
        raise ConfigError(str(error)) from None


def _lint_with(targets: list[Path], config: Config) -> list[Finding]:
    """Every file under `targets` linted with one in-memory configuration."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for target in targets:
        for file in walk(target, config, None) if target.is_dir() else [target]:
            if str(file) in seen or excluded_by(file, config, None) is not None:
                continue
            seen.add(str(file))
            ruleset: Ruleset = ruleset_for(config, Overrides(), ignored_rules(file, config))
            findings.extend(lint_file(file, display_path(file), ruleset))
    findings.sort()
    return findings


def clear_caches() -> None:
    """Re-read configuration files on the next call (they are cached per process)."""
    _clear_runner_caches()


def _is_path(value: object) -> bool:
    return isinstance(value, (str, os.PathLike))
