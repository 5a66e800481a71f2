"""Score what pmlint reads in real post-mortems against readings made by hand.

`tests/gold/*.toml` hold, per document, what a person recorded after reading it without
running pmlint: title, incident date, the kinds of section present, the number of timeline
entries, open and done action items, and the owners named. Each of those is one reading
(each section kind in either set is one reading). A count is right when it is within a
tenth of the person's count (rounded down, so exact below ten).

The documents of the sources named in `tests/gold/HELDOUT` were set aside before the
readers were reworked: their figure says how well the reading generalises.

    python tests/gold_readings.py          # accuracy, then every reading that disagrees
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = frozenset(
    [
        "summary",
        "impact",
        "timeline",
        "causal_analysis",
        "contributing_factors",
        "trigger",
        "detection",
        "detection_gap",
        "resolution",
        "action_items",
        "lessons",
        "what_went_well",
        "what_went_wrong",
        "where_we_got_lucky",
        "follow_up",
        "background",
        "open_questions",
        "responders",
    ]
)


def heldout_sources() -> frozenset[str]:
    return frozenset((GOLD / "HELDOUT").read_text(encoding="utf-8").split())


def source_of(file: str) -> str:
    return Path(file).name.split("__", 1)[0]


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(what)

    def merge(self, other: Score) -> None:
        self.right += other.right
        self.total += other.total
        self.misses += other.misses

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def _norm_title(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[*_`#\[\]]", " ", text)
    text = "".join(ch for ch in text if ch.isalnum() or ch.isspace() or ch in "-:.,/'")
    return " ".join(text.lower().split()).strip(" -:.,")


def _norm_owner(text: str) -> str:
    return " ".join(text.lower().lstrip("@").split())


def _close(got: int, want: int) -> bool:
    return abs(got - want) <= want // 10


def _kinds(sections: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for section in sections:
        if section.get("kind") in KINDS:
            found.add(section["kind"])
        found |= KINDS.intersection(section.get("also", ()))
        found |= _kinds(section.get("children", []))
    return found


def reading_of(path: Path) -> dict[str, Any]:
    """What pmlint understood of one document, under the default profile."""
    import json

    from click.testing import CliRunner

    from pmlint.cli import main

    result = CliRunner().invoke(main, ["inspect", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def score_document(gold: dict[str, Any], seen: dict[str, Any]) -> Score:
    name = gold["file"]
    score = Score()
    meta = seen["metadata"]
    title_ok = _norm_title(meta.get("title")) == _norm_title(gold["title"])
    score.add(title_ok, f"{name}: title {meta.get('title')!r}, person read {gold['title']!r}")
    date = meta.get("date") or ""
    score.add(
        date == gold["incident_date"],
        f"{name}: date {date!r}, person read {gold['incident_date']!r}",
    )
    kinds = _kinds(seen["sections"])
    wanted = set(gold["sections"])
    for kind in sorted(kinds | wanted):
        score.add(
            kind in kinds and kind in wanted,
            f"{name}: section {kind} {'missed' if kind in wanted else 'not there'}",
        )
    entries = len(seen.get("timeline", []))
    score.add(
        _close(entries, gold["timeline_entries"]),
        f"{name}: {entries} timeline entries, person counted {gold['timeline_entries']}",
    )
    items = seen.get("action_items", [])
    done = sum(1 for item in items if item.get("done"))
    score.add(
        _close(len(items) - done, gold["action_items_open"]),
        f"{name}: {len(items) - done} open action items, person counted "
        f"{gold['action_items_open']}",
    )
    score.add(
        _close(done, gold["action_items_done"]),
        f"{name}: {done} done action items, person counted {gold['action_items_done']}",
    )
    owners = {
        _norm_owner(name)
        for item in items
        if item.get("owner")
        for name in re.split(r"\s*(?:,|&|/)\s*|\s+and\s+", item["owner"])
        if name.strip()
    }
    want_owners = {_norm_owner(o) for o in gold["owners"]}
    score.add(
        owners == want_owners, f"{name}: owners {sorted(owners)}, person read {sorted(want_owners)}"
    )
    return score


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.toml"))


def score_all() -> tuple[Score, Score]:
    """(score on the sources readers were designed on, score on the set-aside sources)."""
    held = heldout_sources()
    design, heldout = Score(), Score()
    for gold_file in gold_files():
        gold = tomllib.loads(gold_file.read_text(encoding="utf-8"))
        path = CORPUS / gold["file"]
        seen = reading_of(path)
        (heldout if source_of(gold["file"]) in held else design).merge(score_document(gold, seen))
    return design, heldout


def report(design: Score, heldout: Score) -> str:
    both = Score(design.right + heldout.right, design.total + heldout.total)
    return (
        f"gold readings: {both.accuracy:.1%} right ({both.right}/{both.total}); "
        f"design sources {design.accuracy:.1%} ({design.right}/{design.total}), "
        f"set-aside sources {heldout.accuracy:.1%} ({heldout.right}/{heldout.total})"
    )


if __name__ == "__main__":
    design_score, heldout_score = score_all()
    show_heldout = "--heldout" in sys.argv
    for miss in design_score.misses + (heldout_score.misses if show_heldout else []):
        print(miss)
    print(report(design_score, heldout_score))
