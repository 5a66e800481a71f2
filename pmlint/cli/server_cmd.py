"""`pmlint server`: start the language server (the optional extra `pmlint[server]`)."""

from __future__ import annotations

import click

from pmlint.cli.common import fail


@click.command("server")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default).")
def server_command(stdio: bool) -> None:
    """Start the language server for editors (LSP over standard input and output).

    Diagnostics as you type, the rule's documentation on hover, and code actions that
    apply a rule's fix or disable it for a line. Needs `pip install 'pmlint[server]'`.
    Editor setup: docs/editors.md.
    """
    try:
        from pmlint.server.protocol import start  # lazy for start-up time: pygls, an extra
    except ImportError as error:
        fail(
            f"the language server needs pygls ({error}): install it with "
            "pip install 'pmlint[server]'"
        )
    start()
