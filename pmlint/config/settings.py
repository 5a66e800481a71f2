"""Configuration: found like ruff's, validated with pydantic, merged with CLI flags.

`[tool.pmlint]` in `pyproject.toml`, or `pmlint.toml` / `.pmlint.toml`, searched from
each linted file's directory upwards; the nearest wins. `--config PATH` names one.
Every problem is a `ConfigError` whose message names the file and the key, and for a
near miss the closest valid spelling, so a typo never silently changes what is checked.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pmlint.catalog.optionmemo import known_options, remember_options
from pmlint.catalog.specs import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, FailOn
from pmlint.checks import load_builtin_checks
from pmlint.store import memo
from pmlint.util import tomlread
from pmlint.util.hints import closest
from pmlint.util.record import record
from pmlint.util.safefile import CONFIG_LIMIT, FileRefused, read_bounded

if TYPE_CHECKING:
    from pydantic import ValidationError

    from pmlint.catalog.catalog import Catalog


CONFIG_NAMES = ("pmlint.toml", ".pmlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


@record
class Settings:
    """Every key a configuration file may set (kebab-case in TOML), validated.

    A plain dataclass, so that a run without a configuration file needs no pydantic.
    Made by a program (`Settings(select=["PM4"])`), it is validated like a file's settings
    (pydantic's ValidationError for a bad value); made by pmlint from values already
    validated (`Settings.trusted`), it is not validated again. The field list must match
    `pmlint.catalog.schemas.SettingsModel`, which validates it.
    """

    profile: str = "default"
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    respect_gitignore: bool = True
    rule_paths: list[str] = field(default_factory=list)
    baseline: str | None = None
    fail_on: FailOn = "error"
    today: str | None = None  # the date cross-document rules count from (YYYY-MM-DD)
    index_paths: list[str] = field(default_factory=list)  # folders the incident index reads
    services: dict[str, str] = field(default_factory=dict)  # path glob -> service

    def __post_init__(self) -> None:
        from pmlint.catalog.schemas import SettingsModel  # lazy for start-up time: pydantic

        values = SettingsModel.model_validate(dataclasses.asdict(self)).values()
        for name, value in values.items():
            setattr(self, name, value)

    @classmethod
    def trusted(cls, values: Mapping[str, Any] | None = None) -> Settings:
        """Settings from values known to be valid (defaults for the rest), not validated."""
        given = values or {}
        self = cls.__new__(cls)
        for spec in dataclasses.fields(cls):
            if spec.name in given:
                value = given[spec.name]
            elif spec.default_factory is not dataclasses.MISSING:
                value = spec.default_factory()
            else:
                value = spec.default
            setattr(self, spec.name, value)
        return self


def default_settings() -> Settings:
    """`Settings()`, built without validating: the defaults are valid by construction."""
    return Settings.trusted()


def settings_json(settings: Settings) -> str:
    """A stable text of the settings, for fingerprints (result cache keys)."""
    return json.dumps(dataclasses.asdict(settings), sort_keys=True, default=repr)


@record(slots=True)
class Config:
    """Settings with where they came from: relative paths and messages need the file."""

    settings: Settings
    path: Path | None = None  # the file it came from; None for built-in defaults
    root: Path = field(default_factory=Path.cwd)  # folder of that file: globs are relative to it
    where: str = "configuration"  # how error messages name it ("pyproject.toml [tool.pmlint]")

    @property
    def rule_dirs(self) -> tuple[str, ...]:
        return tuple(str((self.root / p).resolve()) for p in self.settings.rule_paths)


def field_names(python: bool = False) -> list[str]:
    """The keys a configuration may use, as written in TOML (or as Python names)."""
    return [spec.name if python else _kebab(spec.name) for spec in dataclasses.fields(Settings)]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: ValidationError, valid_keys: list[str], noun: str = "key") -> list[str]:
    problems = []
    for item in error.errors():
        loc = [str(p) for p in item["loc"]]
        key = ".".join(loc) or "(top level)"
        if item["type"] == "extra_forbidden":
            hint = closest(loc[-1], valid_keys) if len(loc) == 1 else ""
            problems.append(f"unknown {noun} '{key}'{hint}")
        else:
            problems.append(f"{noun} '{key}': {item['msg']} (got {_shown(item.get('input'))})")
    return problems


def parse_settings(data: Mapping[str, Any], where: str, *, files: bool = True) -> Settings:
    """Validate raw settings; in files only kebab-case keys are accepted (`fail-on`)."""
    if files:
        names = field_names()
        for key in data:
            if "_" in key and _kebab(key) in names:
                raise ConfigError(f"{where}: unknown key '{key}' (did you mean '{_kebab(key)}'?)")
    memo_key = memo.key_of("settings", "", dict(data))
    known = memo.recall(memo_key)
    if isinstance(known, dict) and known.keys() == set(field_names(python=True)):
        return Settings.trusted(known)  # validated on an earlier run

    from pydantic import ValidationError  # lazy for start-up time: pydantic

    from pmlint.catalog.schemas import SettingsModel  # lazy for start-up time: pydantic

    try:
        values = SettingsModel.model_validate(dict(data)).values()
    except ValidationError as error:
        problems = _describe(error, field_names())
        raise ConfigError(f"{where}: " + "; ".join(problems)) from None
    if memo.key_of("settings", "", values) is not None:  # JSON carries them exactly
        memo.remember(memo_key, values)
    return Settings.trusted(values)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomlread.load_file(path)
    except OSError as error:
        raise ConfigError(f"{_display(path)}: cannot be read: {error.strerror or error}") from None
    except ValueError as error:  # the TOML parser's decode error
        if not tomlread.is_toml_error(error):
            raise
        raise ConfigError(f"{_display(path)}: not valid TOML: {error}") from None


def _pmlint_table(data: dict[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("pmlint") if isinstance(tool, dict) else None


def _display(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _table_of(path: Path) -> tuple[Any, str]:
    """The settings table of one file (None for a pyproject.toml without one) and its name."""
    data: Any = _read(path)
    if path.name == "pyproject.toml":
        return _pmlint_table(data), f"{_display(path)} [tool.pmlint]"
    return data, _display(path)


def _extended(data: dict[str, Any], path: Path, where: str, seen: tuple[Path, ...]) -> dict:
    """`extend = "../pmlint.toml"`: the named file's settings under this file's own (keys
    set here win; the other file's `rule-paths` stay relative to that file)."""
    target = data.get("extend")
    if target is None:
        return data
    if not isinstance(target, str) or not target.strip():
        raise ConfigError(f"{where}: key 'extend': expected the path of a configuration file")
    base_path = (path.parent / target).resolve()
    if base_path in seen:
        raise ConfigError(f"{where}: key 'extend': '{target}' extends itself in a circle")
    if not base_path.is_file():
        raise ConfigError(f"{where}: key 'extend': file '{target}' does not exist")
    base, base_where = _table_of(base_path)
    if base is None:
        raise ConfigError(f"{where}: key 'extend': {base_where} has no [tool.pmlint] table")
    if not isinstance(base, dict):
        raise ConfigError(f"{base_where}: expected a table of settings")
    base = _extended(base, base_path, base_where, (*seen, base_path))
    parse_settings({k: v for k, v in base.items() if k != "extend"}, base_where)
    own = {k: v for k, v in data.items() if k != "extend"}
    merged = {**base, **own}
    merged.pop("extend", None)
    if "rule-paths" in base and "rule-paths" not in own and isinstance(base["rule-paths"], list):
        merged["rule-paths"] = [
            str((base_path.parent / str(folder)).resolve()) for folder in base["rule-paths"]
        ]
    return merged


def load_config_file(path: Path) -> Config:
    """Read and validate one configuration file (defaults for a pyproject without a table)."""
    data, where = _table_of(path)
    if data is None:
        return Config(default_settings(), None, path.parent.resolve(), "defaults")
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    data = _extended(data, path, where, (path.resolve(),))
    config = Config(parse_settings(data, where), path, path.parent.resolve(), where)
    for folder, written in zip(config.rule_dirs, config.settings.rule_paths, strict=True):
        if not Path(folder).is_dir():
            raise ConfigError(
                f"{where}: key 'rule-paths': folder '{written}' does not exist "
                f"(relative to {config.root})"
            )
    return config


def config_from(value: Any, where: str = "configuration") -> Config:
    """A configuration given in Python: a Settings object or a dict of settings."""
    if isinstance(value, Config):
        return value
    if isinstance(value, Settings):
        return Config(value, None, Path.cwd(), where)
    if isinstance(value, Mapping):
        return Config(parse_settings(value, where, files=False), None, Path.cwd(), where)
    raise ConfigError(f"{where}: expected a path, a Settings object or a dict, got {_shown(value)}")


def has_settings(path: Path) -> bool:
    """pyproject.toml counts only when it has a [tool.pmlint] table."""
    if path.name == "pyproject.toml" and not path.is_file():
        return False
    if path.name != "pyproject.toml":
        # A FIFO, device or dangling symlink by that name counts too: loading reports it.
        return os.path.lexists(path) and not path.is_dir()
    try:
        text = read_bounded(path, CONFIG_LIMIT).decode("utf-8", errors="replace")
    except FileRefused:
        return True  # let loading report it, naming the file
    except OSError:
        return False
    if "pmlint" not in text:
        return False
    try:
        return _pmlint_table(tomlread.loads(text)) is not None
    except ValueError as error:
        if not tomlread.is_toml_error(error):
            raise
        return "[tool.pmlint" in text  # let loading report the syntax error
    except RecursionError:
        return True  # let loading report it


@lru_cache(maxsize=1024)
def find_config_file(directory: Path) -> Path | None:
    """The nearest configuration file at or above `directory`."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if has_settings(candidate):
                return candidate
    return None


@lru_cache(maxsize=256)
def _load_cached(path: Path) -> Config:
    return load_config_file(path)


def real_folder(file_path: Path) -> Path:
    """The folder a file really is in (a symlinked file: its target's), each folder resolved
    once: a thousand files of one folder cost one resolution, not a thousand."""
    if os.path.islink(file_path):
        return file_path.resolve().parent
    return _resolved_folder(os.fspath(file_path.parent))


_resolved_folder = lru_cache(maxsize=4096)(lambda folder: Path(folder).resolve())


def clear_caches() -> None:
    """Forget discovered and loaded files (a long-running caller whose files change)."""
    _resolved_folder.cache_clear()
    find_config_file.cache_clear()
    _load_cached.cache_clear()
    _defaults.cache_clear()


def config_for(file_path: Path, explicit: Path | None = None) -> Config:
    """The configuration that applies to one linted file."""
    if explicit is not None:
        config = _load_cached(explicit.resolve())
        if config.path is None:
            raise ConfigError(f"{explicit}: has no [tool.pmlint] table")
        return config
    found = find_config_file(real_folder(file_path))
    if found is None:
        return _defaults(Path.cwd())
    return _load_cached(found)


@lru_cache(maxsize=16)
def _defaults(cwd: Path) -> Config:
    """The built-in configuration, built once: every file without a config file shares it."""
    return Config(default_settings(), None, cwd, "defaults")


# --- validation against the rule catalogue -------------------------------------------


def check_selectors(catalog: Catalog, selectors: Iterable[str], where: str) -> set[str]:
    """Codes named by selectors; an unknown one is an error naming `where`."""
    codes: set[str] = set()
    for raw in selectors:
        matched = catalog.match(raw)
        if not matched and raw.strip():
            selector = raw.strip()
            hint = closest(selector.upper(), list(catalog.specs)) or closest(
                selector.lower(), list(catalog.by_name())
            )
            raise ConfigError(f"{where}: unknown rule code or prefix '{selector}'{hint}")
        codes |= matched
    return codes


def validate_settings(config: Config, catalog: Catalog) -> None:
    """Check that every profile, rule code and rule option the settings name exists."""
    settings, where = config.settings, config.where
    if settings.profile not in catalog.profiles:
        hint = closest(settings.profile, catalog.profiles)
        raise ConfigError(f"{where}: key 'profile': unknown profile '{settings.profile}'{hint}")
    for key, values in (
        ("select", settings.select or []),
        ("ignore", settings.ignore),
        ("extend-select", settings.extend_select),
        ("severity", list(settings.severity)),
        ("rules", list(settings.rules)),
        *(
            (f"per-file-ignores.{pattern}", selectors)
            for pattern, selectors in settings.per_file_ignores.items()
        ),
    ):
        check_selectors(catalog, values, f"{where}: key '{key}'")
    _validate_rule_options(catalog, settings.rules, where)


def _validate_rule_options(
    catalog: Catalog, options: Mapping[str, Mapping[str, Any]], where: str
) -> None:
    if not options:
        return
    for selector, values in options.items():
        for code in sorted(check_selectors(catalog, [selector], f"{where}: key 'rules'")):
            spec = catalog.specs[code]
            merged = {**spec.options, **values}
            if known_options(catalog, spec.check, merged) is None:  # not validated before
                _validate_options(catalog, code, selector, merged, bool(values), where)


def _validate_options(
    catalog: Catalog, code: str, selector: str, merged: dict[str, Any], given: bool, where: str
) -> None:
    """Validate one rule's options from a configuration; remember them when they pass."""
    from pydantic import ValidationError  # lazy for start-up time: pydantic

    from pmlint.checks.options import to_values  # lazy for start-up time: pydantic

    spec = catalog.specs[code]
    model = load_builtin_checks()[spec.check].options
    valid = [info.alias or name for name, info in model.model_fields.items()]
    key = f"rules.{selector}" + (f"' ({code})" if code != selector else "'")
    if not valid and given:
        raise ConfigError(f"{where}: key '{key}: rule {code} takes no options")
    try:
        validated = model.model_validate(merged)
    except ValidationError as error:
        problems = _describe(error, valid, noun="option")
        fixed = [_with_hint(p, valid) for p in problems]
        raise ConfigError(f"{where}: key '{key}: " + "; ".join(fixed)) from None
    remember_options(catalog, spec.check, merged, to_values(validated))


def _with_hint(problem: str, valid: list[str]) -> str:
    """Nested unknown options get a hint too, and the list of valid ones."""
    if problem.startswith("unknown option") and "did you mean" not in problem:
        return problem + f" (valid: {', '.join(valid)})"
    return problem
