"""The `pmlint` command line: a click group whose commands live in sibling modules."""

from __future__ import annotations

import click

from pmlint import __version__
from pmlint.cli.authoring import init_command, new_command, profiles_command
from pmlint.cli.catalog_cmds import explain_command, rules_command
from pmlint.cli.check import check_command
from pmlint.cli.inspect import inspect_command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="pmlint")
def main() -> None:
    """Lint incident post-mortems written in Markdown.

    pmlint reads each post-mortem into sections (impact, timeline, causal analysis,
    action items, detection gap, follow-up…) and checks them against a profile of
    rules, reporting findings as path:line:col: CODE message.

    \b
    Examples:
      pmlint check postmortems/
      pmlint check --format sarif --output pmlint.sarif docs/incidents
      pmlint explain PM201
    """


main.add_command(check_command)
main.add_command(inspect_command)
main.add_command(rules_command)
main.add_command(explain_command)
main.add_command(profiles_command)
main.add_command(init_command)
main.add_command(new_command)
