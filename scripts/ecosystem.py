"""Lint the real post-mortem corpus under every profile: a findings snapshot and precision.

Every change to how pmlint reads documents shows its effect on real write-ups here before
it lands. The corpus lives beside the project (`../shared/corpus/real` and `real2`); it is
read, never copied.

    python scripts/ecosystem.py            # compare with the snapshot, print precision
    python scripts/ecosystem.py --update   # rewrite the snapshot after reviewing the diff

Snapshot: `tests/ecosystem/<profile>.txt`, one finding per line, `file:line:col: CODE message`.
Judgements: `tests/ecosystem/judged.tsv`, one finding per row (`file`, `line`, `code`,
`verdict` true/false, `note`), made by reading the document. Precision per profile and per
rule is the share of judged findings judged true; findings nobody judged are counted apart.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SNAPSHOTS = ROOT / "tests" / "ecosystem"
JUDGED = SNAPSHOTS / "judged.tsv"
PROFILES = ("default", "generic", "google-sre", "pagerduty")
FOLDERS = ("real", "real2")

Key = tuple[str, int, str]  # file (relative to the corpus), line, code


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    """The real documents, in a stable order."""
    return sorted(p for folder in FOLDERS for p in (corpus / folder).glob("*.md"))


def snapshot_lines(profile: str, corpus: Path = CORPUS) -> list[str]:
    """Every finding of `profile` over the corpus, one line each, in file order."""
    from pmlint import lint_text

    lines: list[str] = []
    settings = {"profile": profile}
    for path in corpus_files(corpus):
        name = path.relative_to(corpus).as_posix()
        text = path.read_bytes().decode("utf-8-sig", errors="replace")  # as `pmlint check` reads
        for f in lint_text(text, name, settings):
            lines.append(f"{name}:{f.line}:{f.column}: {f.code} {f.message}")
    return lines


def snapshot_path(profile: str) -> Path:
    return SNAPSHOTS / f"{profile}.txt"


def read_snapshot(profile: str) -> list[str]:
    path = snapshot_path(profile)
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


def diff(profile: str, old: list[str], new: list[str]) -> list[str]:
    """A unified diff of two snapshots (empty when equal)."""
    return list(
        difflib.unified_diff(
            old, new, f"{profile} (snapshot)", f"{profile} (now)", n=0, lineterm=""
        )
    )


def key_of(line: str) -> Key:
    """The judgement key of one snapshot line."""
    location, _, rest = line.partition(": ")
    file, line_no, _column = location.rsplit(":", 2)
    return (file, int(line_no), rest.split(" ", 1)[0])


@dataclass
class Judgement:
    verdict: bool
    note: str


def read_judged(path: Path = JUDGED) -> dict[Key, Judgement]:
    """The findings judged by reading the document."""
    judged: dict[Key, Judgement] = {}
    if not path.is_file():
        return judged
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            verdict = row["verdict"].strip().lower()
            if verdict not in ("true", "false"):
                raise ValueError(f"{path}: verdict must be true or false, not {verdict!r}")
            key = (row["file"], int(row["line"]), row["code"])
            judged[key] = Judgement(verdict == "true", row.get("note", "") or "")
    return judged


@dataclass
class Precision:
    true: Counter[str]
    false: Counter[str]
    unjudged: Counter[str]

    def share(self, code: str | None = None) -> float | None:
        t = sum(self.true.values()) if code is None else self.true[code]
        f = sum(self.false.values()) if code is None else self.false[code]
        return t / (t + f) if t + f else None


def precision(lines: Iterable[str], judged: dict[Key, Judgement]) -> Precision:
    """True, false and unjudged findings per rule code."""
    result = Precision(Counter(), Counter(), Counter())
    for line in lines:
        key = key_of(line)
        judgement = judged.get(key)
        if judgement is None:
            result.unjudged[key[2]] += 1
        elif judgement.verdict:
            result.true[key[2]] += 1
        else:
            result.false[key[2]] += 1
    return result


def format_precision(profile: str, result: Precision) -> str:
    def pct(value: float | None) -> str:
        return "  n/a" if value is None else f"{value * 100:5.1f}%"

    codes = sorted(set(result.true) | set(result.false) | set(result.unjudged))
    total_judged = sum(result.true.values()) + sum(result.false.values())
    out = [
        f"{profile}: precision {pct(result.share())} over {total_judged} judged findings"
        f" ({sum(result.unjudged.values())} not judged)"
    ]
    for code in codes:
        out.append(
            f"  {code}  {pct(result.share(code))}  true {result.true[code]:4}"
            f"  false {result.false[code]:4}  not judged {result.unjudged[code]:4}"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the snapshots")
    parser.add_argument("--profile", action="append", choices=PROFILES, help="only these")
    args = parser.parse_args(argv)
    if not corpus_files():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    judged = read_judged()
    changed = False
    for profile in args.profile or PROFILES:
        now = snapshot_lines(profile)
        delta = diff(profile, read_snapshot(profile), now)
        if delta:
            changed = True
            print("\n".join(delta))
        if args.update:
            SNAPSHOTS.mkdir(parents=True, exist_ok=True)
            snapshot_path(profile).write_text("\n".join(now) + "\n", encoding="utf-8")
        print(format_precision(profile, precision(now, judged)))
    return 1 if changed and not args.update else 0


if __name__ == "__main__":
    sys.exit(main())
