"""`pmlint rules` and `pmlint explain`: the rule catalogue, from the rule files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pmlint.catalog.catalog import Catalog, CatalogError
from pmlint.cli.common import config_option, fail, load_config_and_catalog, text_or_json_option
from pmlint.config.settings import ConfigError
from pmlint.run.runner import Overrides, ruleset_for


def _catalog(config_path: Path | None) -> Catalog:
    return load_config_and_catalog(config_path, Path.cwd())[1]


@click.command("rules")
@text_or_json_option
@config_option
@click.option("--profile", help="Show severities under this profile instead of the configured one.")
def rules_command(output_format: str, config_path: Path | None, profile: str | None) -> None:
    """List every rule: code, name, severity here, fix (safe or unsafe) and summary.

    The severity is the one the configuration found from the current folder (its
    profile, `select`, `ignore` and `[severity]`) gives the rule: `off` when it does
    not run. The rule file's own default is shown in brackets where it differs.

    \b
    Examples:
      pmlint rules
      pmlint rules --profile generic
      pmlint rules --format json
    """
    config, catalog = load_config_and_catalog(config_path, Path.cwd())
    try:
        ruleset = ruleset_for(config, Overrides(config_path=config_path, profile=profile))
    except (CatalogError, ConfigError) as error:
        fail(str(error))
    effective = {rule.code: rule.severity for rule in ruleset.rules}
    specs = [catalog.specs[code] for code in sorted(catalog.specs)]
    if output_format == "json":
        rows = [
            {
                "code": s.code,
                "name": s.name,
                "severity": effective.get(s.code, "off"),
                "default_severity": s.severity,
                "selected": s.code in effective,
                "summary": s.summary,
                "check": s.check,
                "fix": s.fix,
            }
            for s in specs
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max((len(s.name) for s in specs), default=10)
    click.echo(f"# profile: {ruleset.profile.name}; configuration: {config.where}")
    for spec in specs:
        level = effective.get(spec.code, "off")
        shown = level if level == spec.severity else f"{level} [{spec.severity}]"
        fix = spec.fix or ""
        click.echo(f"{spec.code}  {spec.name:<{width}}  {shown:<17}  {fix:<6}  {spec.summary}")


@click.command("explain")
@click.argument("rule")
@config_option
def explain_command(rule: str, config_path: Path | None) -> None:
    """Explain a rule: what it does, why it matters, a bad and a good example, options.

    RULE is a code (PM201), a name (untagged-timeline-evidence) or a prefix (PM4:
    every action-item rule, one after another).

    \b
    Examples:
      pmlint explain PM408
      pmlint explain PM4
    """
    from pmlint.catalog.ruledocs import rule_markdown  # lazy for start-up time: explain only

    catalog = _catalog(config_path)
    spec = catalog.find(rule)
    family = sorted(catalog.match(rule)) if spec is None and rule.strip().upper() != "ALL" else []
    if family:
        pages = [rule_markdown(catalog.specs[code]) for code in family]
        click.echo("\n---\n\n".join(pages), nl=False)
        return
    if spec is None:
        import difflib

        choices = list(catalog.specs) + list(catalog.by_name())
        near = difflib.get_close_matches(rule, choices, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        fail(f"unknown rule '{rule}'{hint}")
    click.echo(rule_markdown(spec), nl=False)
