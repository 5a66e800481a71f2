"""The pipeline for a set of paths: discover -> read -> parse -> rules -> findings.

Each file is linted with the configuration nearest to it; command-line overrides
apply on top. Files are independent, so a bad one never stops the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmlint.catalog import Catalog, Profile, Rule, build_rules, load_catalog
from pmlint.config import Config, config_for
from pmlint.discover import discover, is_excluded
from pmlint.engine import lint_document
from pmlint.model import Finding
from pmlint.parse import parse_document
from pmlint.read import ReadError, decode, read_source
from pmlint.suppress import apply_suppressions


@dataclass(slots=True, frozen=True)
class Overrides:
    """Command-line choices that win over configuration files."""

    config_path: Path | None = None
    profile: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    debug: bool = False


@dataclass(slots=True)
class Ruleset:
    """What one configuration resolves to: the profile (for sections) and the rules."""

    catalog: Catalog
    profile: Profile
    rules: list[Rule]
    config: Config


@dataclass(slots=True)
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rulesets: list[Ruleset] = field(default_factory=list)


_RULESETS: dict[tuple[Any, ...], Ruleset] = {}


def ruleset_for(config: Config, overrides: Overrides) -> Ruleset:
    """Resolve (and memoise) the rules for one configuration plus the overrides."""
    key = (config.path, overrides)
    cached = _RULESETS.get(key)
    if cached is not None:
        return cached
    settings = config.settings
    catalog = load_catalog(config.rule_dirs)
    profile = catalog.profile(overrides.profile or settings.profile)
    select = list(overrides.select) if overrides.select is not None else settings.select
    rules = build_rules(
        catalog,
        profile,
        select=select,
        ignore=[*settings.ignore, *overrides.ignore],
        extend_select=[*settings.extend_select, *overrides.extend_select],
        severity=settings.severity,
        options=settings.rules,
    )
    ruleset = Ruleset(catalog, profile, rules, config)
    _RULESETS[key] = ruleset
    return ruleset


def lint_source_text(
    text: str, display: str, ruleset: Ruleset, debug: bool = False
) -> list[Finding]:
    """Lint one decoded document with a resolved rule set."""
    doc = parse_document(text, display, ruleset.profile.matcher)
    findings = lint_document(doc, ruleset.rules, debug=debug)
    return apply_suppressions(doc, findings, ruleset)


def unreadable(display: str, reason: str, ruleset: Ruleset) -> list[Finding]:
    rule = next((r for r in ruleset.rules if r.code == "PM001"), None)
    if rule is None:
        return []
    message = rule.spec.message.replace("{reason}", reason)
    return [Finding(display, 1, 1, "PM001", message, rule.severity, rule.name, 1, 1)]


def lint_file(path: Path, display: str, ruleset: Ruleset, debug: bool = False) -> list[Finding]:
    try:
        source = read_source(path, display)
    except ReadError as error:
        return unreadable(display, str(error), ruleset)
    return lint_source_text(source.text, display, ruleset, debug)


def lint_bytes(data: bytes, display: str, ruleset: Ruleset, debug: bool = False) -> list[Finding]:
    try:
        source = decode(data, display)
    except ReadError as error:
        return unreadable(display, str(error), ruleset)
    return lint_source_text(source.text, display, ruleset, debug)


def display_path(path: Path) -> str:
    """Paths relative to the working directory when below it, as users typed them."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def plan(paths: Sequence[Path], overrides: Overrides) -> list[tuple[Path, Ruleset]]:
    """Every file to lint with the rule set that applies to it."""
    planned: list[tuple[Path, Ruleset]] = []
    for path in paths:
        anchor = path / "_" if path.is_dir() else path
        include = config_for(anchor, overrides.config_path).settings.include
        for file in discover([path], include):
            config = config_for(file, overrides.config_path)
            if is_excluded(file, config.root, config.settings.exclude):
                continue
            planned.append((file, ruleset_for(config, overrides)))
    return planned


def run(paths: Sequence[Path], overrides: Overrides) -> RunResult:
    result = RunResult()
    seen: dict[int, Ruleset] = {}
    for file, ruleset in plan(paths, overrides):
        display = display_path(file)
        result.files.append(display)
        result.findings.extend(lint_file(file, display, ruleset, overrides.debug))
        seen[id(ruleset)] = ruleset
    result.rulesets = list(seen.values())
    result.findings.sort()
    return result
