"""examples/: good documents lint clean, bad ones raise exactly their recorded findings.

Each `examples/bad/NAME.md` has `NAME.expected` beside it: one `LINE CODE` per finding,
checked by hand when written. Regenerate after a deliberate change with
`python tests/test_examples.py --update` and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD = sorted((ROOT / "examples" / "bad").glob("*.md"))
GOOD = sorted((ROOT / "examples" / "good").glob("*.md"))


def findings_of(path: Path) -> list[str]:
    from pmlint.config.settings import Config, Settings
    from pmlint.run.runner import Overrides, lint_file, ruleset_for

    ruleset = ruleset_for(Config(Settings(), None, ROOT), Overrides())
    return [f"{f.line} {f.code}" for f in lint_file(path, path.name, ruleset)]


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_example_is_clean(path: Path) -> None:
    assert findings_of(path) == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_example_raises_its_expected_findings(path: Path) -> None:
    expected_file = path.with_suffix(".expected")
    assert expected_file.is_file(), f"{expected_file.name} is missing"
    expected = [line for line in expected_file.read_text().splitlines() if line.strip()]
    assert expected, "a bad example must raise something"
    assert findings_of(path) == expected


if __name__ == "__main__" and "--update" in sys.argv:
    for bad in BAD:
        found = findings_of(bad)
        bad.with_suffix(".expected").write_text("\n".join(found) + "\n")
        print(f"{bad.name}: {len(found)} findings")
