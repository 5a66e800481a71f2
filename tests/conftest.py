"""Shared fixtures: paths to the project's examples and to the shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pmlint.document.model import Finding

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_25843b25e7ecbb94.txt"


def cli_in(
    cwd: Path, args: list[str], *, env: dict[str, str] | None = None, catch: bool = True
) -> Result:
    """pmlint's command line through click's runner, run from `cwd` as a user would (the
    working folder is where configuration and relative paths are looked up)."""
    from pmlint.cli import main

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner(env=env).invoke(main, args, catch_exceptions=catch)
    finally:
        os.chdir(old)


def reference_example() -> str:
    """The reference post-mortem, cut out of the seed file exactly as the format shows it."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.startswith("# ") and "POST-MORTEM" in line
    )
    end = next(i for i, line in enumerate(lines) if line.startswith("Let me know if you want"))
    return "\n".join(lines[start:end]) + "\n"


def _is_item(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("- ", "* ")) or stripped.split(" ", 1)[0].rstrip(".").isdigit()


def respaced(text: str) -> str:
    """The same document as a person would space it: a blank line between blocks."""
    out: list[str] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        out.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not following:
            continue
        same_table = line.startswith("|") and following.startswith("|")
        same_list = _is_item(line) and _is_item(following)
        if not (same_table or same_list):
            out.append("")
    return "\n".join(out) + "\n"


@pytest.fixture
def needs_shared() -> Path:
    if not SEED.is_file():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


TABLE_EXAMPLE = ROOT / "examples" / "good" / "2026-03-09-search-index-stall.md"
LIST_EXAMPLE = ROOT / "examples" / "good" / "2026-06-02-dns-resolver-saturation.md"


def lint_selected(text: str, codes: list[str], path: str = "doc.md") -> list[Finding]:
    """Lint `text` under the default profile with only the rules `codes` selected."""
    from pmlint.catalog.catalog import build_rules
    from pmlint.catalog.load import load_catalog
    from pmlint.document.parse import parse_document
    from pmlint.run.engine import lint_document

    catalog = load_catalog()
    profile = catalog.profile("default")
    rules = build_rules(catalog, profile, select=codes)
    return lint_document(parse_document(text, path, profile.matcher), rules)


def change_once(text: str, old: str, new: str) -> tuple[str, int]:
    """`text` with its one occurrence of `old` replaced; returns the text and that line."""
    assert text.count(old) == 1, old
    line = text[: text.index(old)].count("\n") + 1
    return text.replace(old, new), line
