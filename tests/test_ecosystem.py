"""The real corpus under every profile: the findings snapshot, and precision as judged.

A reader change shows its effect on real write-ups here: when the findings move, the test
fails with the diff. Review it, judge new findings by reading the documents (add rows to
tests/ecosystem/judged.tsv), then `python scripts/ecosystem.py --update`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("ecosystem", ROOT / "scripts" / "ecosystem.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ecosystem"] = module
    spec.loader.exec_module(module)
    return module


ECO = _script()
needs_corpus = pytest.mark.skipif(not ECO.corpus_files(), reason=f"corpus not at {ECO.CORPUS}")
# The profiles whose findings are judged, and the share a reviewer must agree with.
JUDGED_PROFILES = {"generic": 0.90, "google-sre": 0.90}
RULE_FLOOR = 0.80


@needs_corpus
@pytest.mark.parametrize("profile", ECO.PROFILES)
def test_findings_on_the_real_corpus_match_the_snapshot(profile: str) -> None:
    delta = ECO.diff(profile, ECO.read_snapshot(profile), ECO.snapshot_lines(profile))
    assert not delta, "findings changed; review, then `python scripts/ecosystem.py --update`:\n" + (
        "\n".join(delta[:200])
    )


def test_judgements_are_well_formed() -> None:
    judged = ECO.read_judged()
    assert len(judged) > 1000
    assert all(key[1] >= 1 and key[2].startswith("PM") for key in judged)


@needs_corpus
@pytest.mark.parametrize("profile", sorted(JUDGED_PROFILES))
def test_a_reviewer_agrees_with_the_findings(profile: str) -> None:
    result = ECO.precision(ECO.read_snapshot(profile), ECO.read_judged())
    print("\n" + ECO.format_precision(profile, result))
    assert not result.unjudged, f"judge these first: {dict(result.unjudged)}"
    share = result.share()
    assert share is not None and share >= JUDGED_PROFILES[profile]
    low = {code: result.share(code) for code in result.true.keys() | result.false.keys()}
    assert all(value is None or value >= RULE_FLOOR for value in low.values()), low


def test_precision_counts_true_false_and_unjudged() -> None:
    judged = {
        ("a.md", 3, "PM110"): ECO.Judgement(True, ""),
        ("a.md", 4, "PM110"): ECO.Judgement(False, ""),
    }
    lines = ["a.md:3:1: PM110 x", "a.md:4:1: PM110 y", "a.md:9:1: PM111 z"]
    result = ECO.precision(lines, judged)
    assert (result.true["PM110"], result.false["PM110"], result.unjudged["PM111"]) == (1, 1, 1)
    assert result.share() == 0.5
