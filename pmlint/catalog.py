"""The rule catalogue: rule files and profiles from `rules/`, resolved into runnable rules.

Rule files are data; this module finds them (inside the wheel, or next to the package
in a source checkout), validates them once, and applies a profile and the user's
selection to produce the list of `Rule`s the engine runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint import tomlread
from pmlint.checks import (
    CHECKS,
    CheckDef,
    OptionValues,
    decode_values,
    encode_values,
    load_builtin_checks,
    load_checks,
)
from pmlint.headings import SectionMatcher
from pmlint.specs import ProfileSpec, RuleSpec, describe_validation_error

if TYPE_CHECKING:
    from pmlint.options import Options


class CatalogError(Exception):
    """A rule file, profile or selection that cannot be used; the message names the file."""


@dataclass(slots=True)
class Rule:
    """A rule ready to run: its spec, the primitive it calls and validated options."""

    spec: RuleSpec
    check: CheckDef[Any]
    options: OptionValues
    severity: str

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(slots=True)
class Profile:
    """A profile with its `extends` chain merged."""

    name: str
    summary: str
    select: list[str]
    ignore: list[str]
    severity: dict[str, str]
    options: dict[str, dict[str, Any]]
    sections: list[tuple[str, list[str]]]
    skeleton: list[str]
    matcher: SectionMatcher = field(repr=False)


def rules_dir() -> Path:
    """The shipped `rules/` folder: in the wheel (pmlint/rules) or the source tree."""
    packaged = Path(__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


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
    from pydantic import ValidationError

    from pmlint.schemas import validate_rule

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


@dataclass(slots=True)
class Catalog:
    """Every known rule and profile, validated, with where each rule came from."""

    specs: dict[str, RuleSpec]
    sources: dict[str, Path]
    profiles: dict[str, ProfileSpec]
    # Options known to validate, by `options_key`: the validated values as `encode_values`
    # writes them, rebuilt without validating; filled from the catalogue cache, so a
    # start-up never imports pydantic's models for the shipped options.
    constructed: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    # Primitive -> the module that registers it (from the cache): `build_rules` imports
    # only the modules of the rules it selects.
    modules: dict[str, str] = field(default_factory=dict, compare=False)

    def by_name(self) -> dict[str, str]:
        return {spec.name: code for code, spec in self.specs.items()}

    def find(self, code_or_name: str) -> RuleSpec | None:
        key = code_or_name.strip()
        spec = self.specs.get(key.upper())
        if spec is None:
            code = self.by_name().get(key.lower())
            spec = self.specs.get(code) if code else None
        return spec

    def match(self, selector: str) -> set[str]:
        """Codes one selector names: `ALL`, a rule name, a code or a code prefix (`PM4`);
        empty when it names nothing."""
        selector = selector.strip()
        if not selector:
            return set()
        if selector.upper() == "ALL":
            return set(self.specs)
        code = self.by_name().get(selector.lower())
        if code is not None:
            return {code}
        prefix = selector.upper()
        return {code for code in self.specs if code.startswith(prefix)}

    def expand(self, selectors: Iterable[str], where: str = "selection") -> set[str]:
        """Codes named by selectors (see `match`); an unknown one is an error naming `where`."""
        codes: set[str] = set()
        for raw in selectors:
            matched = self.match(raw)
            if not matched and raw.strip():
                hint = closest(raw.strip(), list(self.specs) + list(self.by_name()))
                raise CatalogError(f"{where}: unknown rule or prefix '{raw.strip()}'{hint}")
            codes |= matched
        return codes

    def profile(self, name: str) -> Profile:
        return _resolve_profile(self, name, ())

    def rule_paths_key(self) -> tuple[str, ...]:
        return tuple(sorted(str(p) for p in self.sources.values()))


@lru_cache(maxsize=8)
def load_catalog(extra_dirs: tuple[str, ...] = ()) -> Catalog:
    """Every shipped rule and profile, plus the user's rule folders (`rule-paths`)."""
    from pmlint.cache import cached_catalog, store_catalog

    specs: dict[str, RuleSpec] = {}
    sources: dict[str, Path] = {}
    profiles: dict[str, ProfileSpec] = {}
    folders = [rules_dir(), *(Path(d) for d in extra_dirs)]
    if all(folder.is_dir() for folder in folders):
        cached = cached_catalog(folders)  # validated on an earlier run, files unchanged
        if cached is not None:
            return cached
    # Cold: read and validate every file (pydantic is imported only here).
    from pydantic import ValidationError

    from pmlint.schemas import validate_profile

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


def _resolve_profile(catalog: Catalog, name: str, seen: tuple[str, ...]) -> Profile:
    spec = catalog.profiles.get(name)
    if spec is None:
        hint = closest(name, catalog.profiles)
        raise CatalogError(f"unknown profile '{name}'{hint}")
    if name in seen:
        raise CatalogError(f"profile '{name}' extends itself through {' -> '.join(seen)}")
    if spec.extends:
        base = _resolve_profile(catalog, spec.extends, (*seen, name))
    else:
        base = Profile(name, "", ["ALL"], [], {}, {}, [], [], SectionMatcher([]))
    own_kinds = {s.kind for s in spec.sections}
    sections = [(s.kind, list(s.synonyms)) for s in spec.sections]
    sections += [entry for entry in base.sections if entry[0] not in own_kinds]
    options = {code: dict(values) for code, values in base.options.items()}
    for code, values in spec.options.items():
        options.setdefault(code, {}).update(values)
    return Profile(
        name=name,
        summary=spec.summary or base.summary,
        select=list(spec.select) if spec.select is not None else base.select,
        ignore=[*base.ignore, *spec.ignore] if spec.select is None else list(spec.ignore),
        severity={**base.severity, **spec.severity},
        options=options,
        sections=sections,
        skeleton=list(spec.skeleton) or base.skeleton,
        matcher=SectionMatcher(sections),
    )


def build_rules(
    catalog: Catalog,
    profile: Profile,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    severity: Mapping[str, str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Rule]:
    """Apply profile, then user selection, severities and options; validate options."""
    chosen = catalog.expand(profile.select, f"profile {profile.name}: select")
    chosen -= catalog.expand(profile.ignore, f"profile {profile.name}: ignore")
    if select is not None:
        chosen = catalog.expand(select, "select")
    chosen |= catalog.expand(extend_select, "extend-select")
    chosen -= catalog.expand(ignore, "ignore")
    levels: dict[str, str] = {}
    for level_source, where in (
        (profile.severity, f"profile {profile.name}"),
        (severity or {}, "severity"),
    ):
        for selector, level in level_source.items():
            for code in catalog.expand([selector], f"{where}: severity"):
                levels[code] = level
    merged = option_overrides(catalog, profile, options)
    needed = {catalog.specs[code].check for code in chosen}
    checks = load_checks(catalog.modules.get(name, "") for name in needed - CHECKS.keys())
    if not needed <= checks.keys():
        checks = load_builtin_checks()
    rules: list[Rule] = []
    for code in sorted(chosen):
        chosen_level = levels.get(code)
        if chosen_level == "off":
            continue
        spec = catalog.specs[code]
        definition = checks[spec.check]
        values = {**spec.options, **merged.get(code, {})}
        known = catalog.constructed.get(options_key(spec.check, values))
        if known is None:  # not a profile's own options
            validated = _options(catalog, code, definition, values)
        else:
            validated = decode_values(known)
        rules.append(Rule(spec, definition, validated, chosen_level or spec.severity))
    return rules


def _options(
    catalog: Catalog, code: str, definition: CheckDef[Any], values: dict[str, Any]
) -> OptionValues:
    """Options validated on an earlier run (`pmlint.memo`), or validated now."""
    from pmlint.memo import known_options, remember_options

    known = known_options(catalog, definition.name, values)
    if known is not None:
        return decode_values(known)
    from pydantic import ValidationError

    from pmlint.options import to_values

    try:
        validated: OptionValues = to_values(definition.options.model_validate(values))
    except ValidationError as error:
        origin = catalog.sources.get(code, code)
        raise CatalogError(
            f"{origin}: options for {code}: {describe_validation_error(error)}"
        ) from None
    remember_options(catalog, definition.name, values, validated)
    return validated


def option_overrides(
    catalog: Catalog, profile: Profile, options: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, dict[str, Any]]:
    """Option values per code set by the profile, then by the user, over the rule files'."""
    merged: dict[str, dict[str, Any]] = {}
    for option_source, where in (
        (profile.options, f"profile {profile.name}"),
        (options or {}, "rules"),
    ):
        for selector, values in option_source.items():
            for code in catalog.expand([selector], f"{where}: options"):
                merged.setdefault(code, {}).update(values)
    return merged


def options_key(check_name: str, values: Mapping[str, Any]) -> str:
    """The key of `Catalog.constructed`: the primitive and its option values as JSON."""
    try:
        return f"{check_name}\n{json.dumps(values, sort_keys=True)}"
    except (TypeError, ValueError):  # values JSON cannot hold (TOML dates): never known
        return ""


def constructible_options(catalog: Catalog) -> dict[str, Any]:
    """`Catalog.constructed` for every profile's options: each validated once, and kept
    only when its values survive JSON and decode to exactly the validated values."""
    checks = load_builtin_checks()
    out: dict[str, Any] = {}
    for name in catalog.profiles:
        try:
            profile = catalog.profile(name)
            merged = option_overrides(catalog, profile)
        except CatalogError:
            continue
        for code, spec in catalog.specs.items():
            values = {**spec.options, **merged.get(code, {})}
            key = options_key(spec.check, values)
            if not key or key in out:
                continue
            entry = _construct_entry(checks[spec.check].options, values)
            if entry is not None:
                out[key] = entry
    return out


def _construct_entry(model: type[Options], values: dict[str, Any]) -> Any:
    """The validated values as JSON data, or None when JSON cannot carry them exactly."""
    from pydantic import ValidationError

    from pmlint.memo import same
    from pmlint.options import to_values

    try:
        validated = to_values(model.model_validate(values))
        entry = json.loads(json.dumps(encode_values(validated)))
    except (ValidationError, TypeError, ValueError, RecursionError):
        return None
    return entry if same(decode_values(entry), validated) else None


def closest(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for a near miss, else ""."""
    import difflib  # only for a hint, after an error

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
