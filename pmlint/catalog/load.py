"""Loading the catalogue: the shipped rule and profile files, and the user's rule folders.

Rule files are data; this module finds them (inside the wheel, or next to the package in a
source checkout) and validates them once. A validated catalogue is kept between runs
(`pmlint.store.snapshot`) and rebuilt from it, without pydantic, while the files are
unchanged.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path
from typing import Any

from pmlint.catalog.catalog import Catalog, CatalogError, constructible_options
from pmlint.catalog.specs import (
    ProfileSpec,
    RuleSpec,
    describe_validation_error,
    profile_spec_from,
    rule_spec_from,
)
from pmlint.checks import CHECKS, load_builtin_checks
from pmlint.store.snapshot import (
    discard_snapshot,
    prune_snapshots,
    read_snapshot,
    write_snapshot,
)
from pmlint.util import tomlread
from pmlint.util.hints import closest


def rules_dir() -> Path:
    """The shipped `rules/` folder: in the wheel (pmlint/rules) or the source tree."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "rules"
    if packaged.is_dir():
        return packaged
    return package.parent / "rules"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomlread.load_file(path)
    except OSError as error:
        raise CatalogError(f"{path}: cannot be read: {error.strerror or error}") from None
    except ValueError as error:  # the TOML parser's decode error
        if not tomlread.is_toml_error(error):
            raise
        raise CatalogError(f"{path}: not valid TOML: {error}") from None


def load_rule_file(path: Path) -> RuleSpec:
    from pydantic import ValidationError  # lazy for start-up time: pydantic

    from pmlint.catalog.schemas import validate_rule  # lazy for start-up time: pydantic

    data = _read_toml(path)
    try:
        spec = validate_rule(data)
    except ValidationError as error:
        raise CatalogError(f"{path}: {describe_validation_error(error)}") from None
    checks = load_builtin_checks()
    if spec.check not in checks:
        hint = closest(spec.check, checks)
        raise CatalogError(f"{path}: check: unknown check primitive '{spec.check}'{hint}")
    try:  # a bad option or regular expression is a load-time error, named by file and key
        checks[spec.check].options.model_validate(spec.options)
    except ValidationError as error:
        raise CatalogError(f"{path}: options: {describe_validation_error(error)}") from None
    return spec


@lru_cache(maxsize=8)
def load_catalog(extra_dirs: tuple[str, ...] = ()) -> Catalog:
    """Every shipped rule and profile, plus the user's rule folders (`rule-paths`)."""
    specs: dict[str, RuleSpec] = {}
    sources: dict[str, Path] = {}
    profiles: dict[str, ProfileSpec] = {}
    folders = [rules_dir(), *(Path(d) for d in extra_dirs)]
    if all(folder.is_dir() for folder in folders):
        cached = cached_catalog(folders)  # validated on an earlier run, files unchanged
        if cached is not None:
            return cached
    # Cold: read and validate every file (pydantic is imported only here).
    from pydantic import ValidationError  # lazy for start-up time: pydantic

    from pmlint.catalog.schemas import validate_profile  # lazy for start-up time: pydantic

    for folder in folders:
        if not folder.is_dir():
            raise CatalogError(f"{folder}: rule folder does not exist")
        for path in sorted(folder.glob("*.toml")):
            spec = load_rule_file(path)
            if spec.code in specs:
                raise CatalogError(
                    f"{path}: code {spec.code} is already used by {sources[spec.code]}"
                )
            specs[spec.code] = spec
            sources[spec.code] = path
        for path in sorted((folder / "profiles").glob("*.toml")):
            data = _read_toml(path)
            data.setdefault("name", path.stem)
            try:
                profiles[path.stem] = validate_profile(data)
            except ValidationError as error:
                raise CatalogError(f"{path}: {describe_validation_error(error)}") from None
    names: dict[str, str] = {}
    for code, spec in specs.items():
        if spec.name in names:
            raise CatalogError(f"{sources[code]}: name '{spec.name}' is already used")
        names[spec.name] = code
    catalog = Catalog(specs, sources, profiles)
    store_catalog(folders, catalog)
    return catalog


def cached_catalog(folders: list[Path]) -> Catalog | None:
    """The catalogue stored for exactly these rule files, or None (then load and store)."""
    payload = read_snapshot(folders)
    if payload is None:
        return None
    try:
        modules: dict[str, str] = dict(payload["modules"])
        specs = {}
        for code, raw in payload["specs"].items():
            specs[code] = rule_spec_from(raw)
            if specs[code].check not in CHECKS and specs[code].check not in modules:
                return None  # a primitive registered at run time, now gone
        profiles = {name: profile_spec_from(raw) for name, raw in payload["profiles"].items()}
        sources = {code: Path(path) for code, path in payload["sources"].items()}
        readings = dict(payload["readings"])
        return Catalog(specs, sources, profiles, dict(payload["options"]), modules, readings)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def profile_readings(catalog: Catalog) -> dict[str, list[str]]:
    """The section matchers' readings of the profiles' synonym phrases, one entry per phrase
    that every profile using it reads alike (a phrase's words are in its own profile's
    vocabulary, so none is read as a typo: the profiles share the entries)."""
    readings: dict[str, list[str]] = {}
    differ: set[str] = set()
    for name in catalog.profiles:
        try:
            matcher = catalog.profile(name).matcher
        except CatalogError:  # a broken `extends` chain: reported when the profile is used
            continue
        for phrase, reading in matcher.readings().items():
            if readings.setdefault(phrase, reading) != reading:
                differ.add(phrase)
    return {phrase: reading for phrase, reading in readings.items() if phrase not in differ}


def store_catalog(folders: list[Path], catalog: Catalog) -> None:
    """Keep a validated catalogue, if it can be rebuilt from JSON exactly as it is."""
    specs = catalog.specs.values()
    payload: dict[str, Any] = {
        "specs": {code: dataclasses.asdict(spec) for code, spec in catalog.specs.items()},
        "profiles": {name: dataclasses.asdict(spec) for name, spec in catalog.profiles.items()},
        "sources": {code: str(path) for code, path in catalog.sources.items()},
        "options": constructible_options(catalog),
        "modules": {spec.check: CHECKS[spec.check].function.__module__ for spec in specs},
        "readings": profile_readings(catalog),
    }
    target = write_snapshot(folders, payload)
    if target is None:
        return
    rebuilt = cached_catalog(folders)
    # The models changed shape, or a reading did not survive JSON: do not trust it.
    if rebuilt is None or rebuilt != catalog or rebuilt.readings != payload["readings"]:
        discard_snapshot(target)
        return
    prune_snapshots(target.parent)
