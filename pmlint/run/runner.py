"""Rule sets and single files: each file is linted with the configuration nearest to it,
command-line overrides on top; one document goes read -> parse -> rules -> suppressions.

`plan` pairs every file under the given paths with its rule set; `pmlint.run.pipeline`
lints a plan, in this process or in worker processes (`pmlint.run.parallel`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from pmlint.catalog.catalog import Catalog, Profile, Rule, build_rules, forget_folders
from pmlint.catalog.load import load_catalog
from pmlint.config.settings import (
    Config,
    ConfigError,
    check_selectors,
    config_for,
    validate_settings,
)
from pmlint.config.settings import clear_caches as clear_config_caches
from pmlint.document.headings import SectionMatcher
from pmlint.document.model import Document, Finding
from pmlint.document.read import ReadError, decode, read_source, too_large
from pmlint.run import parsed
from pmlint.run.budget import Overtime, budget, max_bytes
from pmlint.run.engine import lint_document, overtime
from pmlint.run.files import clear_caches as clear_file_caches
from pmlint.run.files import files_to_lint, resolved_folder
from pmlint.run.skipped import SKIPPED
from pmlint.run.suppress import apply_suppressions
from pmlint.util.hints import closest
from pmlint.util.missing import MissingDependency, missing_dependency
from pmlint.util.record import record


@record(slots=True, frozen=True)
class Overrides:
    """Command-line choices that win over configuration files."""

    config_path: Path | None = None
    profile: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    debug: bool = False
    today: str | None = None  # YYYY-MM-DD: the date cross-document rules count from
    exclude: tuple[str, ...] | None = None  # replaces the configured `exclude`
    extend_exclude: tuple[str, ...] = ()


@record(slots=True)
class Ruleset:
    """What one configuration resolves to: the profile (for sections) and the rules."""

    catalog: Catalog
    profile: Profile
    rules: list[Rule]
    config: Config


@record(slots=True)
class RunResult:
    """Everything a run found, the files it linted and the rule sets it used."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rulesets: list[Ruleset] = field(default_factory=list)


_RULESETS: dict[tuple[Any, ...], Ruleset] = {}


def ruleset_for(config: Config, overrides: Overrides, ignored: tuple[str, ...] = ()) -> Ruleset:
    """Resolve (and memoise) the rules for one configuration plus the overrides, without
    the rules `ignored` names (a file's `per-file-ignores`)."""
    # Settings given in Python have no file: their content is part of the key.
    content = repr(config.settings) if config.path is None else ""
    key = (config.path, content, config.rule_dirs, overrides, ignored)
    cached = _RULESETS.get(key)
    if cached is None:
        # The catalogue, the primitives' modules and the rules live as long as the process:
        # collecting while they are made finds nothing and costs start-up time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            cached = _RULESETS[key] = _resolve(config, overrides, ignored)
        finally:
            if enabled:
                gc.enable()
    return cached


def _resolve(config: Config, overrides: Overrides, ignored: tuple[str, ...] = ()) -> Ruleset:
    settings = config.settings
    catalog = load_catalog(config.rule_dirs)
    validate_settings(config, catalog)
    validate_overrides(catalog, overrides)
    profile = catalog.profile(overrides.profile or settings.profile)
    if overrides.select is not None:
        # Like ruff: a selection on the command line starts afresh, the file's
        # select/ignore/extend-select do not apply (its severities and options do).
        select: list[str] | None = list(overrides.select)
        ignore, extend_select = list(overrides.ignore), list(overrides.extend_select)
    else:
        select = settings.select
        ignore = [*settings.ignore, *overrides.ignore]
        extend_select = [*settings.extend_select, *overrides.extend_select]
    ignore += ignored
    rules = build_rules(
        catalog,
        profile,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        severity=settings.severity,
        options=settings.rules,
    )
    return Ruleset(catalog, profile, rules, config)


def validate_overrides(catalog: Catalog, overrides: Overrides) -> None:
    """Command-line rule codes and profile exist; errors name the flag."""
    if overrides.profile is not None and overrides.profile not in catalog.profiles:
        hint = closest(overrides.profile, catalog.profiles)
        raise ConfigError(f"--profile: unknown profile '{overrides.profile}'{hint}")
    check_selectors(catalog, overrides.select or (), "--select")
    check_selectors(catalog, overrides.ignore, "--ignore")
    check_selectors(catalog, overrides.extend_select, "--extend-select")


def clear_caches() -> None:
    """Forget resolved rule sets and loaded configuration files."""
    _RULESETS.clear()
    forget_folders()
    clear_config_caches()
    clear_file_caches()


def load_parser() -> Callable[[str, str, SectionMatcher], Document]:
    """`pmlint.document.parse.parse_document`, loaded on first use: a run the result cache
    answers whole never loads the parser (nor markdown-it). Without markdown-it-py it
    raises `MissingDependency`, which stops the run."""
    try:
        from pmlint.document.parse import parse_document as parse  # lazy for start-up time
    except ImportError as error:
        raise missing_dependency(error, "read Markdown") from None
    return parse


def parse_document(text: str, display: str, matcher: SectionMatcher) -> Document:
    """The document model of one post-mortem (the parser loaded on first use)."""
    return load_parser()(text, display, matcher)


def lint_source_text(
    text: str, display: str, ruleset: Ruleset, debug: bool = False
) -> list[Finding]:
    """Lint one decoded document with a resolved rule set, within the time budget."""
    try:
        with budget() as clock:
            try:
                matcher = ruleset.profile.matcher
                doc = parsed.take(display, text, matcher) or parse_document(text, display, matcher)
            except MissingDependency:  # no file can be read: the run stops
                raise
            except Exception as error:  # a parser bug must not stop the run: report it, go on
                return [parse_crash(display, error, debug)]
            clock.check()
            findings = lint_document(doc, ruleset.rules, debug=debug, clock=clock)
    except Overtime:  # while parsing (a rule's overtime is the engine's finding)
        return [overtime(display, "reading the document", clock)]
    return apply_suppressions(doc, findings, ruleset)


def parse_crash(display: str, error: Exception, debug: bool) -> Finding:
    """The internal-error finding for a document the parser itself failed on."""
    detail = f"{type(error).__name__}: {error}"
    if debug:
        import traceback

        detail += "\n" + "".join(traceback.format_exception(error))
    message = f"internal error while parsing this document: {detail}"
    return Finding(display, 1, 1, "PM003", message, "error", "internal-error", 1, 1)


def unreadable(display: str, reason: str, ruleset: Ruleset) -> list[Finding]:
    rule = next((r for r in ruleset.rules if r.code == "PM001"), None)
    if rule is None:
        return []
    message = rule.spec.message.replace("{reason}", reason)
    return [Finding(display, 1, 1, "PM001", message, rule.severity, rule.name, 1, 1)]


def lint_file(path: Path, display: str, ruleset: Ruleset, debug: bool = False) -> list[Finding]:
    try:
        source = read_source(path, display, max_bytes())
    except ReadError as error:
        return unreadable(display, str(error), ruleset)
    return lint_source_text(source.text, display, ruleset, debug)


def lint_bytes(data: bytes, display: str, ruleset: Ruleset, debug: bool = False) -> list[Finding]:
    limit = max_bytes()
    if limit is not None and len(data) > limit:
        return unreadable(display, too_large(len(data), limit), ruleset)
    try:
        source = decode(data, display)
    except ReadError as error:
        return unreadable(display, str(error), ruleset)
    return lint_source_text(source.text, display, ruleset, debug)


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Paths relative to the working directory when below it, as users typed them.

    Only the folder is resolved: a symlinked file keeps its own name (a broken or looping
    link is reported under the name the user sees)."""
    try:
        where = resolved_folder(path.parent) / path.name
        return where.relative_to(cwd or Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (3.10-3.12)
        return str(path)


def display_paths(files: Iterable[Path], cwd: Path | None) -> list[str]:
    """`display_path` of each file, with the part for its folder worked out once per
    folder (a plain `folder/name`; anything else is left to `display_path`)."""
    folders: dict[str, str | None] = {}
    out = []
    for path in files:
        folder, _slash, name = os.fspath(path).rpartition(os.sep)
        if cwd is None or not folder or not name or name in (".", ".."):
            out.append(display_path(path, cwd))
            continue
        if folder in folders:
            shown = folders[folder]
        else:
            try:
                relative = resolved_folder(Path(folder)).relative_to(cwd).as_posix()
                shown = "" if relative == "." else f"{relative}/"
            except (ValueError, OSError, RuntimeError):  # as in `display_path`
                shown = None
            folders[folder] = shown
        out.append(str(path) if shown is None else f"{shown}{name}")
    return out


def plan(paths: Sequence[Path], overrides: Overrides) -> list[tuple[Path, Ruleset]]:
    """Every file to lint with the rule set that applies to it."""
    SKIPPED.clear()  # what the walk of an earlier run skipped
    # Most files share a few configurations: their rule sets are looked up once each here
    # (`ruleset_for`'s key can cost a repr of the settings). The configuration is kept in
    # the value, so its id cannot be reused while the plan is made.
    known: dict[tuple[int, tuple[str, ...]], tuple[Config, Ruleset]] = {}
    out = []
    for file, config, ignored in files_to_lint(paths, overrides):
        hit = known.get((id(config), ignored))
        if hit is None:
            hit = known[id(config), ignored] = (config, ruleset_for(config, overrides, ignored))
        out.append((file, hit[1]))
    return out


def run_stdin(data: bytes, display: str | None, overrides: Overrides) -> RunResult:
    """Lint a document read from standard input; `display` names it and locates the config."""
    shown = display or "-"
    anchor = Path(display) if display else Path.cwd() / "-"
    ruleset = ruleset_for(config_for(anchor, overrides.config_path), overrides)
    findings = lint_bytes(data, shown, ruleset, overrides.debug)
    findings.sort()
    return RunResult(findings=findings, files=[shown], rulesets=[ruleset])
