"""The rule catalogue: every rule and profile, resolved into runnable rules.

A `Catalog` holds the validated rule and profile files (loaded by `pmlint.catalog.load`);
this module applies a profile and the user's selection to produce the list of `Rule`s the
engine runs, validating rule options once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.catalog.optionmemo import known_options, options_key, remember_options
from pmlint.catalog.specs import ProfileSpec, RuleSpec, describe_validation_error
from pmlint.checks import (
    CHECKS,
    CheckDef,
    OptionValues,
    decode_values,
    deferred,
    encode_values,
    load_builtin_checks,
    own_module,
    resolve,
)
from pmlint.document.headings import SectionMatcher
from pmlint.store.memo import same
from pmlint.util.hints import closest
from pmlint.util.record import record
from pmlint.util.saferegex import distrust

if TYPE_CHECKING:
    from pmlint.checks.options import Options


class CatalogError(Exception):
    """A rule file, profile or selection that cannot be used; the message names the file."""


@record(slots=True)
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


@record(slots=True)
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


@record(slots=True)
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
    # Synonym phrase -> how the profiles' section matchers read it (from the cache): a
    # matcher is built from these without reading every phrase again.
    readings: dict[str, Any] = field(default_factory=dict, compare=False)

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


MAX_EXTENDS = 32  # profiles in one `extends` chain


def _resolve_profile(
    catalog: Catalog, name: str, seen: tuple[str, ...], *, matched: bool = True
) -> Profile:
    """The profile `name` merged with its `extends` chain. Only the profile asked for gets
    a section matcher of its own (`matched`): those of the chain would be built unused."""
    spec = catalog.profiles.get(name)
    if spec is None:
        hint = closest(name, catalog.profiles)
        raise CatalogError(f"unknown profile '{name}'{hint}")
    if name in seen:
        raise CatalogError(f"profile '{name}' extends itself through {' -> '.join(seen)}")
    if len(seen) >= MAX_EXTENDS:
        raise CatalogError(
            f"profile '{seen[0]}': its `extends` chain is longer than {MAX_EXTENDS} profiles"
        )
    if spec.extends:
        base = _resolve_profile(catalog, spec.extends, (*seen, name), matched=False)
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
        matcher=SectionMatcher(sections, catalog.readings) if matched else base.matcher,
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
    checks: dict[str, CheckDef[Any]] = dict(CHECKS)
    for name in needed - checks.keys():  # pmlint's own primitives: imported when first run
        module = catalog.modules.get(name, "")
        if own_module(module):
            checks[name] = deferred(name, module)
    if not needed <= checks.keys():  # a primitive the catalogue does not place
        checks = {**load_builtin_checks(), **checks}
    rules: list[Rule] = []
    for code in sorted(chosen):
        chosen_level = levels.get(code)
        if chosen_level == "off":
            continue
        spec = catalog.specs[code]
        definition = checks[spec.check]
        values = {**spec.options, **merged.get(code, {})}
        # Options from outside pmlint (a profile's, the settings', a repository's rule file)
        # may hold patterns: they search with a time limit.
        distrust(merged.get(code, {}))
        if not _shipped(catalog.sources.get(code)):
            distrust(spec.options)
        known = catalog.constructed.get(options_key(spec.check, values))
        if known is None:  # not a profile's own options: validated by the primitive's model
            validated = _options(catalog, code, resolve(definition), values)
        else:
            validated = decode_values(known)
        rules.append(Rule(spec, definition, validated, chosen_level or spec.severity))
    return rules


_PACKAGE = Path(__file__).resolve().parents[1]
_SHIPPED_FOLDERS = (_PACKAGE / "rules", _PACKAGE.parent / "rules")
# Rule folders as resolved: resolving stats every part of a path, and a catalogue's rules
# come from a few folders.
_RESOLVED: dict[Path, Path] = {}


def _shipped(source: Path | None) -> bool:
    """Whether a rule file is one of pmlint's own (in the wheel or the source tree)."""
    if source is None:
        return False
    if source.is_symlink():  # a link is shipped if it points into pmlint's own folder
        return source.resolve().parent in _SHIPPED_FOLDERS
    folder = _RESOLVED.get(source.parent)
    if folder is None:
        folder = _RESOLVED[source.parent] = source.parent.resolve()
    return folder in _SHIPPED_FOLDERS


def forget_folders() -> None:
    """Resolve rule folders afresh (a long-lived process whose folders may be re-linked)."""
    _RESOLVED.clear()


def _options(
    catalog: Catalog, code: str, definition: CheckDef[Any], values: dict[str, Any]
) -> OptionValues:
    """Options validated on an earlier run (`pmlint.store.memo`), or validated now."""
    known = known_options(catalog, definition.name, values)
    if known is not None:
        return decode_values(known)
    from pydantic import ValidationError  # lazy for start-up time: pydantic

    from pmlint.checks.options import to_values  # lazy for start-up time: pydantic

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
    from pydantic import ValidationError  # lazy for start-up time: pydantic

    from pmlint.checks.options import to_values  # lazy for start-up time: pydantic

    try:
        validated = to_values(model.model_validate(values))
        entry = json.loads(json.dumps(encode_values(validated)))
    except (ValidationError, TypeError, ValueError, RecursionError):
        return None
    return entry if same(decode_values(entry), validated) else None
