"""`pmlint init`: adopt pmlint in a repository that already holds post-mortems.

It finds the post-mortems `pmlint check` would lint, lints them under every profile,
shows how each fares and suggests the best fit (`pmlint.run.profilefit`), then writes
`pmlint.toml` for it; with `--baseline` a baseline of today's findings (named in the
configuration, so `pmlint check` reports only new ones), with `--hooks` a pre-commit
configuration and a GitHub Actions workflow. It asks no questions and overwrites nothing
unless told to.
"""

from __future__ import annotations

from pathlib import Path

import click

from pmlint.catalog.catalog import CatalogError
from pmlint.catalog.skeleton import starter_config
from pmlint.catalog.urls import REPOSITORY
from pmlint.cli.common import fail, load_config_and_catalog
from pmlint.config.settings import ConfigError
from pmlint.run.pipeline import run
from pmlint.run.profilefit import FIT, ProfileFit, common_folder, compare, post_mortems, suggest
from pmlint.run.runner import Overrides, clear_caches

CONFIG_NAME = "pmlint.toml"
BASELINE_NAME = ".pmlint-baseline.json"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW = Path(".github") / "workflows" / "pmlint.yml"


@click.command("init")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--profile", help="Use this profile instead of the suggested one.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="The repository: where to look for post-mortems and write the files (default: here).",
)
@click.option("--baseline", is_flag=True, help=f"Record today's findings in {BASELINE_NAME}.")
@click.option(
    "--hooks",
    is_flag=True,
    help=f"Write {PRE_COMMIT} and {WORKFLOW.as_posix()} (or print them if they exist).",
)
@click.option("--dry-run", is_flag=True, help="Only compare the profiles; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite an existing pmlint.toml and baseline.")
def init_command(
    paths: tuple[Path, ...],
    profile: str | None,
    directory: Path,
    baseline: bool,
    hooks: bool,
    dry_run: bool,
    force: bool,
) -> None:
    """Suggest a profile for the post-mortems here and write a pmlint.toml for it.

    PATHS are where the post-mortems are (default: the whole --dir, as `pmlint check`
    would search it). Each profile is tried on them; the suggestion is the strictest
    profile that leaves at most two findings per post-mortem, else the one that leaves
    the fewest.

    \b
    Examples:
      pmlint init --dry-run                    # only compare the profiles
      pmlint init --baseline --hooks           # config, baseline, pre-commit and CI
      pmlint init --profile google-sre
    """
    _config, catalog = load_config_and_catalog(None, directory.resolve())
    if profile is not None and profile not in catalog.profiles:
        fail(f"unknown profile '{profile}': choose one of {', '.join(sorted(catalog.profiles))}")
    target = directory / CONFIG_NAME
    if target.exists() and not force and not dry_run:
        fail(f"{target} already exists (use --force to overwrite it)")
    try:
        files = post_mortems(list(paths) or [directory])
        names = [profile] if profile else _profile_order(list(catalog.profiles))
        results = compare(files, names, directory) if files else []
    except (CatalogError, ConfigError) as error:
        fail(str(error))
    if files and profile is None:
        _table(results, len(files))
    best = suggest(results) if profile is None else None
    chosen = profile or (best.profile if best is not None else "default")
    if best is not None:
        click.echo(f"\nSuggested profile: {chosen} ({_why(best)})")
    elif not files:
        click.echo("No post-mortems found; the default profile checks the reference format.")
    if dry_run:
        return
    folder = common_folder(files, directory) if files else None
    _write_config(target, chosen, folder, baseline)
    if baseline:
        _write_baseline(directory, list(paths), force)
    if hooks:
        _write_hooks(directory, folder)
    click.echo("Next: `pmlint check` lints the post-mortems; `pmlint rules` shows what it checks.")


def _profile_order(names: list[str]) -> list[str]:
    """Shipped profiles first, the loosest first; then the others by name."""
    known = ["generic", "google-sre", "pagerduty", "default"]
    return [n for n in known if n in names] + sorted(n for n in names if n not in known)


def _table(results: list[ProfileFit], documents: int) -> None:
    click.echo(f"Linted {documents} post-mortem{'s' if documents != 1 else ''} under each profile:")
    click.echo("")
    width = max(len(r.profile) for r in results)
    click.echo(f"{'profile':<{width}}  rules  findings  per doc  commonest rules")
    for r in results:
        common = ", ".join(f"{code} ×{n}" for code, n in r.commonest()) or "-"
        click.echo(
            f"{r.profile:<{width}}  {r.rules:>5}  {len(r.findings):>8}  "
            f"{r.per_document:>7.1f}  {common}"
        )


def _why(best: ProfileFit) -> str:
    per = f"{best.per_document:.1f} findings per post-mortem"
    if best.per_document <= FIT:
        return f"the strictest leaving at most {FIT:g} per post-mortem: {per}, {best.rules} rules"
    return f"the fewest findings: {per}; fix them or record a baseline"


def _write_config(target: Path, profile: str, folder: str | None, baseline: bool) -> None:
    text = starter_config(profile)
    extra = []
    if folder is not None:
        extra += [
            "",
            "# Where the post-mortems are: `pmlint check` with no path lints these.",
            f'include = ["{folder}/**/*.md", "{folder}/**/*.markdown"]',
        ]
    if baseline:
        extra += [
            "",
            "# Findings recorded when pmlint was adopted: `pmlint check` reports only new ones.",
            "# Rewrite it with `pmlint check --write-baseline " + BASELINE_NAME + "`.",
            f'baseline = "{BASELINE_NAME}"',
        ]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + "\n".join(extra) + ("\n" if extra else ""), encoding="utf-8")
    click.echo(f"wrote {target} (profile: {profile})")


def _write_baseline(directory: Path, paths: list[Path], force: bool) -> None:
    from pmlint.run.baseline import BaselineError, write  # lazy for start-up time: pydantic

    target = directory / BASELINE_NAME
    if target.exists() and not force:
        fail(f"{target} already exists (use --force to overwrite it)")
    clear_caches()  # the configuration just written
    try:
        result = run(paths or [directory], Overrides())
        count = write(result.findings, target)
    except (CatalogError, ConfigError, BaselineError) as error:
        fail(str(error))
    click.echo(f"wrote {target} ({count} findings recorded)")


def pre_commit_config(folder: str | None) -> str:
    files = f"\n        files: ^{folder}/" if folder else ""
    return f"""# pre-commit: lint the post-mortems a commit touches.
# This local hook runs the pmlint installed in your environment (pip install pmlint, or
# from a clone: pip install ./pmlint). To let pre-commit install it instead, use
#   - repo: {REPOSITORY}
#     rev: <a commit sha>        # no release tags are published yet
#     hooks:
#       - id: pmlint
repos:
  - repo: local
    hooks:
      - id: pmlint
        name: pmlint
        entry: pmlint check
        language: system
        types: [markdown]{files}
"""


def workflow(folder: str | None) -> str:
    paths = f'\n    paths: ["{folder}/**", "pmlint.toml"]' if folder else ""
    return f"""# GitHub Actions: lint the post-mortems on every pull request.
name: post-mortems
on:
  pull_request:{paths}
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  pmlint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # Until pmlint is on PyPI, install it from its repository (put a commit sha in
      # place of `main` to pin it).
      - run: pip install "git+{REPOSITORY}@main"
      - run: pmlint check --format github
"""


def _write_hooks(directory: Path, folder: str | None) -> None:
    for relative, text in (
        (Path(PRE_COMMIT), pre_commit_config(folder)),
        (WORKFLOW, workflow(folder)),
    ):
        target = directory / relative
        if target.exists():
            click.echo(f"{target} exists; add this to it:\n\n{text}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"wrote {target}")
