"""`pmlint rules` and `pmlint explain`: the rule catalogue, from the rule files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pmlint.catalog.catalog import Catalog
from pmlint.cli.common import config_option, fail, load_config_and_catalog, text_or_json_option


def _catalog(config_path: Path | None) -> Catalog:
    return load_config_and_catalog(config_path, Path.cwd())[1]


@click.command("rules")
@text_or_json_option
@config_option
def rules_command(output_format: str, config_path: Path | None) -> None:
    """List every rule: code, name, default severity, fix (safe or unsafe) and summary.

    \b
    Examples:
      pmlint rules
      pmlint rules --format json
    """
    catalog = _catalog(config_path)
    specs = [catalog.specs[code] for code in sorted(catalog.specs)]
    if output_format == "json":
        rows = [
            {
                "code": s.code,
                "name": s.name,
                "severity": s.severity,
                "summary": s.summary,
                "check": s.check,
                "fix": s.fix,
            }
            for s in specs
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max((len(s.name) for s in specs), default=10)
    for spec in specs:
        fix = spec.fix or ""
        name, severity = f"{spec.name:<{width}}", f"{spec.severity:<7}"
        click.echo(f"{spec.code}  {name}  {severity}  {fix:<6}  {spec.summary}")


@click.command("explain")
@click.argument("rule")
@config_option
def explain_command(rule: str, config_path: Path | None) -> None:
    """Explain a rule: what it does, why it matters, a bad and a good example, options.

    RULE is a code (PM201) or a name (untagged-timeline-evidence).

    \b
    Example:
      pmlint explain PM408
    """
    from pmlint.catalog.ruledocs import rule_markdown  # lazy for start-up time: explain only

    catalog = _catalog(config_path)
    spec = catalog.find(rule)
    if spec is None:
        import difflib

        choices = list(catalog.specs) + list(catalog.by_name())
        near = difflib.get_close_matches(rule, choices, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        fail(f"unknown rule '{rule}'{hint}")
    click.echo(rule_markdown(spec), nl=False)
