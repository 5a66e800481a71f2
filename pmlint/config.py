"""Configuration: found like ruff's, validated with pydantic, merged with CLI flags.

`[tool.pmlint]` in `pyproject.toml`, or `pmlint.toml` / `.pmlint.toml`, searched from
each linted file's directory upwards; the nearest wins. `--config PATH` names one.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = ("pmlint.toml", ".pmlint.toml", "pyproject.toml")
FailOn = Literal["error", "warning", "info", "never"]


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Settings(BaseModel):
    """Every key a configuration file may set (kebab-case in TOML)."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    profile: str = "default"
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    extend_select: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    include: list[str] = Field(default_factory=lambda: ["*.md", "*.markdown"])
    exclude: list[str] = Field(default_factory=list)
    rule_paths: list[str] = Field(default_factory=list)
    fail_on: FailOn = "error"


@dataclass(slots=True)
class Config:
    settings: Settings
    path: Path | None = None  # the file it came from; None for built-in defaults
    root: Path = field(default_factory=Path.cwd)  # folder of that file: globs are relative to it

    @property
    def rule_dirs(self) -> tuple[str, ...]:
        return tuple(str((self.root / p).resolve()) for p in self.settings.rule_paths)


def _field_names() -> list[str]:
    return [_kebab(name) for name in Settings.model_fields]


def parse_settings(data: dict[str, Any], where: str) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            loc = [str(p) for p in item["loc"]]
            key = ".".join(loc) or "(top level)"
            if item["type"] == "extra_forbidden":
                near = difflib.get_close_matches(loc[-1], _field_names(), n=1, cutoff=0.6)
                hint = f" (did you mean '{near[0]}'?)" if near and len(loc) == 1 else ""
                problems.append(f"unknown key '{key}'{hint}")
            else:
                problems.append(f"'{key}': {item['msg']}")
        raise ConfigError(f"{where}: " + "; ".join(problems)) from None


def load_config_file(path: Path) -> Config:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("pmlint")
        if section is None:
            return Config(Settings(), None, path.parent.resolve())
        data = section
        where = f"{path} [tool.pmlint]"
    else:
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    return Config(parse_settings(data, where), path, path.parent.resolve())


def has_settings(path: Path) -> bool:
    """pyproject.toml counts only when it has a [tool.pmlint] table."""
    if path.name != "pyproject.toml":
        return path.is_file()
    try:
        return "[tool.pmlint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


@lru_cache(maxsize=1024)
def find_config_file(directory: Path) -> Path | None:
    """The nearest configuration file at or above `directory`."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and has_settings(candidate):
                return candidate
    return None


@lru_cache(maxsize=256)
def _load_cached(path: Path) -> Config:
    return load_config_file(path)


def config_for(file_path: Path, explicit: Path | None = None) -> Config:
    """The configuration that applies to one linted file."""
    if explicit is not None:
        return _load_cached(explicit.resolve())
    found = find_config_file(file_path.resolve().parent)
    if found is None:
        return Config(Settings(), None, Path.cwd())
    return _load_cached(found)
