"""The language server and the fixes stay out of `pmlint check`'s start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WRAPPER = """
import json, sys
if sys.argv[1] == "--no-pygls":
    sys.modules["pygls"] = None  # as if the `server` extra were not installed
del sys.argv[1]
from pmlint.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol")
    or m.startswith(("pmlint.server", "pmlint.fix")))
print("\\n@@" + json.dumps({"exit": code, "modules": loaded}))
"""


def _run(*args: str) -> tuple[str, int, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    output, _, report = done.stdout.rpartition("\n@@")
    data = json.loads(report)
    return output + done.stderr, data["exit"], data["modules"]


def test_check_imports_neither_server_nor_fixes() -> None:
    output, status, modules = _run("x", "check", "--no-cache", "examples/good")
    assert status == 0, output
    assert modules == []


def test_fix_imports_fixes_but_not_the_server() -> None:
    output, status, modules = _run("x", "check", "--no-cache", "--diff", "examples/good")
    assert status == 0, output
    assert "pmlint.fix.engine" in modules
    assert not [m for m in modules if m.startswith(("pygls", "lsprotocol", "pmlint.server"))]


def test_server_without_its_extra_says_how_to_install_it() -> None:
    output, status, _modules = _run("--no-pygls", "server")
    assert status == 2
    assert "pip install 'pmlint[server]'" in output
