"""The fixing flags of `pmlint check`: `--fix`, `--fix-only`, `--diff`, `--add-suppressions`.

Imported only when one of them is given, so a plain `pmlint check` pays nothing for them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pmlint.catalog.catalog import CatalogError
from pmlint.cli.common import fail
from pmlint.config.settings import ConfigError
from pmlint.fix import files
from pmlint.run.runner import Overrides


def run_fixes(
    paths: tuple[Path, ...],
    overrides: Overrides,
    fix: bool,
    fix_only: bool,
    show_diff: bool,
    add_suppressions: bool,
    unsafe: bool,
    quiet: bool,
) -> bool:
    """Do what the flags ask; True when the usual report should follow (`--fix`)."""
    if any(str(path) == "-" for path in paths):
        fail("--fix, --fix-only, --diff and --add-suppressions work on files, not `-`")
    if add_suppressions and (fix or fix_only or show_diff):
        fail("--add-suppressions cannot be combined with --fix, --fix-only or --diff")
    targets = list(paths) or [Path(".")]
    try:
        if add_suppressions:
            outcome = files.add_suppressions(targets, overrides)
        else:
            write = not show_diff
            outcome = files.fix_paths(targets, overrides, unsafe=unsafe, write=write)
    except (CatalogError, ConfigError) as error:
        fail(str(error))
    for problem in [*outcome.skipped, *outcome.problems]:
        click.echo(f"pmlint: {problem}", err=True)
    if add_suppressions:
        if not quiet:
            count = outcome.fixes
            click.echo(
                f"pmlint: added {count} suppression comment{_s(count)} "
                f"in {len(outcome.changes)} file{_s(len(outcome.changes))}",
                err=True,
            )
        sys.exit(2 if outcome.problems else 0)
    if show_diff:
        for change in outcome.changes:
            click.echo(files.unified_diff(change), nl=False)
        if not quiet:
            _summary(outcome, "would fix", unsafe)
        sys.exit(2 if outcome.problems else 1 if outcome.changes else 0)
    if not quiet:
        _summary(outcome, "fixed", unsafe)
    if fix_only:
        sys.exit(2 if outcome.problems else 0)
    return True


def _summary(outcome: files.Outcome, verb: str, unsafe: bool) -> None:
    count, changed = outcome.fixes, len(outcome.changes)
    line = f"pmlint: {verb} {count} problem{_s(count)} in {changed} file{_s(changed)}"
    if outcome.unsafe_left and not unsafe:
        line += f" ({outcome.unsafe_left} more with --unsafe-fixes)"
    click.echo(line, err=True)


def _s(count: int) -> str:
    return "" if count == 1 else "s"
