"""The `pmlint` command line: a click group whose commands live in sibling modules."""

from __future__ import annotations

import gc
import importlib
from typing import Any

from pmlint.util.version import __version__

# Start-up makes long-lived objects only (modules, click's commands, the catalogue): the
# cycle collector would walk them again and again and free nothing. It is paused from here
# until a command runs (`LazyGroup.invoke`), and while a command's module is imported
# (`LazyGroup.get_command`); what was made meanwhile is then frozen, so that later
# collections need not walk it.
_PAUSED = [gc.isenabled()]
gc.disable()

import click  # noqa: E402 - after the collector is paused

# Command name -> (module, attribute). Each module is imported only when its command runs,
# so `pmlint check` does not pay for the imports of `inspect`, `new` or `explain`.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("pmlint.cli.check", "check_command"),
    "inspect": ("pmlint.cli.inspect", "inspect_command"),
    "rules": ("pmlint.cli.catalog_cmds", "rules_command"),
    "explain": ("pmlint.cli.catalog_cmds", "explain_command"),
    "profiles": ("pmlint.cli.authoring", "profiles_command"),
    "init": ("pmlint.cli.adopt", "init_command"),
    "new": ("pmlint.cli.authoring", "new_command"),
    "report": ("pmlint.cli.report_cmd", "report_command"),
    "server": ("pmlint.cli.server_cmd", "server_command"),
}


class LazyGroup(click.Group):
    """A group that imports a command's module the first time the command is asked for.

    Every run ends with a meaningful status: an internal error is one line on standard
    error and status 2 (never a traceback, never 1, which CI reads as findings), a standard
    output that cannot be written ends the run quietly with 2 (a one-line reason unless the
    reader went away), SIGINT and SIGTERM end it with 130 and 143."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        from pmlint.cli.guard import guarded  # lazy for start-up time: tiny, but only here

        return guarded(lambda: super(LazyGroup, self).main(*args, **kwargs))

    def invoke(self, ctx: click.Context) -> Any:
        if _PAUSED and _PAUSED.pop():  # once: whether the collector was on before
            gc.freeze()
            gc.enable()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # before click turns it into "Aborted!" and status 1
            raise SystemExit(130) from None
        except BrokenPipeError as error:  # before click turns it into status 1
            from pmlint.cli.guard import output_failed  # lazy for start-up time: rare

            output_failed(error)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            # Imports make long-lived objects only: the collector would find nothing.
            enabled = gc.isenabled()
            gc.disable()
            try:
                command = getattr(importlib.import_module(module), attribute)
            finally:
                if enabled:
                    gc.freeze()
                    gc.enable()
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="pmlint")
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
