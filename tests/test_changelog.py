"""CHANGELOG.md keeps the Keep a Changelog form: an Unreleased section, then one dated
section per version, newest first, each with the standard kinds of change."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from pmlint.util.version import __version__

CHANGELOG = Path(__file__).resolve().parents[1] / "CHANGELOG.md"
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
VERSION = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$")


def test_changelog_form() -> None:
    lines = CHANGELOG.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Changelog"
    sections = [line for line in lines if line.startswith("## ")]
    assert sections[0] == "## [Unreleased]"
    versions = []
    for heading in sections[1:]:
        match = VERSION.match(heading)
        assert match, f"not '## [x.y.z] - YYYY-MM-DD': {heading}"
        datetime.date.fromisoformat(match.group(2))
        versions.append(tuple(int(part) for part in match.group(1).split(".")))
    assert versions == sorted(versions, reverse=True) and versions
    current = tuple(int(part) for part in __version__.split("."))
    assert current in versions, f"no section for the current version {__version__}"
    for line in lines:
        if line.startswith("### "):
            assert line[4:] in KINDS, line
