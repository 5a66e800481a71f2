"""A deterministic synthetic corpus of post-mortems for the benchmark.

The text is generated from small word lists, so the corpus is reproducible from a seed and
owes nothing to any real document. Three shapes are mixed, because they stress different
parts of the parser: the reference format (tables, no blank lines between blocks),
list-form write-ups (bullets, blank lines, YAML front matter) and the looser shapes found
in real repositories (bold lines as headings, one heading per timeline entry, checklists,
TOML front matter, prose timelines, CRLF line endings).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

SERVICES = [
    "checkout", "billing", "search", "ingest", "auth", "gateway", "scheduler", "storage",
    "notifications", "ledger", "catalog", "export", "identity", "metrics", "queue", "cdn",
]  # fmt: skip
NOUNS = [
    "replica", "cache", "pool", "certificate", "migration", "feature flag", "config map",
    "load balancer", "worker", "index", "cron job", "resolver", "disk", "quota", "token",
    "deployment", "shard", "dashboard", "runbook", "alert", "retry budget", "connection",
]  # fmt: skip
VERBS = [
    "exhausted", "rotated", "restarted", "rolled back", "drained", "throttled", "paged",
    "scaled out", "reverted", "saturated", "timed out", "expired", "stalled", "recovered",
    "misrouted", "dropped", "retried", "flapped", "leaked", "deadlocked",
]  # fmt: skip
ADJECTIVES = [
    "stale", "partial", "slow", "noisy", "missing", "unexpected", "shared", "regional",
    "manual", "silent", "intermittent", "upstream", "legacy", "primary", "secondary",
]  # fmt: skip
ROLES = [
    "On-call engineer", "Platform lead", "Storage team", "Release engineering", "SRE rotation",
    "Database owner", "Networking team", "Incident commander", "Support lead",
]  # fmt: skip
TAGS = ["OBSERVED", "INFERRED", "UNKNOWN"]
FACTOR_TAGS = ["DETECTION", "DIAGNOSIS", "MITIGATION", "CONTEXT"]
SOURCES = ["deploy log", "pager record", "error-rate graph", "chat transcript", "audit trail"]


class Writer:
    """Sentences and facts drawn from one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, words: list[str]) -> str:
        return self.rng.choice(words)

    def sentence(self, words: int = 14) -> str:
        r = self.rng
        parts = [
            f"the {self.pick(ADJECTIVES)} {self.pick(NOUNS)} in {self.pick(SERVICES)}",
            self.pick(VERBS),
        ]
        while sum(len(p.split()) for p in parts) < words:
            parts.append(
                r.choice(
                    [
                        f"after the {self.pick(NOUNS)} was {self.pick(VERBS)}",
                        f"while {self.pick(SERVICES)} kept serving {r.randint(2, 99)}% of calls",
                        f"because a {self.pick(ADJECTIVES)} {self.pick(NOUNS)} was left behind",
                        f"so the {self.pick(NOUNS)} {self.pick(VERBS)} in {r.randint(1, 40)} min",
                        f"and `{self.pick(SERVICES)}-{r.randint(1, 9)}` said {self.pick(VERBS)}",
                        f"which **{self.pick(ROLES).lower()}** noticed only later",
                    ]
                )
            )
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int = 3) -> str:
        return " ".join(self.sentence(self.rng.randint(10, 22)) for _ in range(sentences))

    def clock(self, minute: int) -> str:
        return f"{(9 + minute // 60) % 24:02d}:{minute % 60:02d}"

    def day(self) -> dt.date:
        return dt.date(2021, 1, 1) + dt.timedelta(days=self.rng.randint(0, 5 * 365))

    @staticmethod
    def after(day: dt.date, days: int) -> str:
        return (day + dt.timedelta(days=days)).isoformat()


def _reference(w: Writer, index: int) -> str:
    """The reference format: tables and bullets with no blank lines between blocks."""
    r = w.rng
    service = w.pick(SERVICES)
    day = w.day()
    out = [
        f"# 🔬 POST-MORTEM: {service.title()} {w.pick(NOUNS)} {w.pick(VERBS)} ({index})",
        f"**Date:** {day} | **Duration:** 10:03 detect → 10:29 mitigate → 10:50 recover "
        "(47 min total)",
        f"**Severity:** SEV-{r.randint(1, 3)} | **Blameless:** ✓",
        "---",
        "## 1. Impact Summary",
        "| Dimension | Value |",
        "| :--- | :--- |",
    ]
    for label in ("Total Duration", "Time to Mitigation", "Users Affected", "Revenue Impact"):
        out.append(f"| **{label}** | {r.randint(3, 900)} — {w.sentence(8)} |")
    out += ["---", "## 2. Timeline", "| Time | Event | Evidence |", "| :--- | :--- | :--- |"]
    minute = 3
    for _ in range(r.randint(10, 16)):
        tag = r.choice(TAGS)
        out.append(
            f"| **{w.clock(minute)}** | {w.sentence(12)} | `{{{tag}}}` — {w.pick(SOURCES)} |"
        )
        minute += r.randint(1, 9)
    out += [f"> ⚠️ **Evidence note:** {w.paragraph(2)}", "---", "## 3. Causal Analysis"]
    layers = ("Surface Layer", "Systemic Layer", "Cultural/Process Layer")
    for number, layer in enumerate(layers):
        out.append(f"### {layer} — {w.sentence(4).rstrip('.')}")
        for why in range(number * 2 + 1, number * 2 + 3):
            out.append(f"- **Why {why} ({w.pick(ADJECTIVES)}):** {w.paragraph(2)}")
    out += ["---", "## 4. Contributing Factors", "| Tag | Factor |", "| :--- | :--- |"]
    for _ in range(r.randint(4, 7)):
        out.append(f"| `{{{r.choice(FACTOR_TAGS)}}}` | {w.sentence(18)} |")
    out += ["---", "## 5. What Went Well"]
    for number in range(1, r.randint(3, 5)):
        out.append(f"{number}. **{w.sentence(5)}** {w.sentence(14)}")
    out += [
        "---",
        "## 6. Action Items",
        "| Tier | Action | Owner | Due | Exit Criteria |",
        "| :--- | :--- | :--- | :--- | :--- |",
    ]
    for tier in sorted(r.choice([1, 2, 3]) for _ in range(r.randint(4, 7))):
        out.append(
            f"| **{tier}** | {w.sentence(16)} | {w.pick(ROLES)} | {w.after(day, r.randint(3, 45))} "
            f"| {w.sentence(10)} |"
        )
    out += [
        "---",
        "## 7. Detection Gap + Follow-Up",
        "### A. How could we have detected this 10 minutes earlier?",
        w.paragraph(2),
        f"- **{w.pick(NOUNS).title()} probe:** {w.paragraph(2)}",
        "### B. What similar failure modes exist that we haven't seen yet?",
        f"- **{w.sentence(10)}** → {w.sentence(6)}",
        f"- **{w.sentence(10)}** → {w.sentence(6)}",
        "### Follow-Up Cadence",
        "| Checkpoint | Date | Focus |",
        "| :--- | :--- | :--- |",
        f"| **30-day review** | {w.after(day, 30)} | {w.sentence(10)} |",
        f"| **90-day review** | {w.after(day, 90)} | {w.sentence(10)} |",
        f"**The most important finding** {w.paragraph(3)}",
    ]
    return "\n".join(out) + "\n"


def _list_form(w: Writer, index: int) -> str:
    """Bullets everywhere, blank lines between blocks, YAML front matter."""
    r = w.rng
    service = w.pick(SERVICES)
    day = w.day()
    out = [
        "---",
        f"title: {service} {w.pick(NOUNS)} incident {index}",
        f"date: {day}",
        f"severity: SEV{r.randint(1, 4)}",
        "status: draft",
        f"authors: [{w.pick(ROLES).split()[0].lower()}, {w.pick(ROLES).split()[0].lower()}]",
        "---",
        "",
        f"# {service.title()} outage: {w.pick(NOUNS)} {w.pick(VERBS)}",
        "",
        "**Duration:** 10:00 detect → 10:40 mitigate → 11:05 recover (65 min total)",
        "",
        "## Summary",
        "",
        w.paragraph(4),
        "",
        "## Impact",
        "",
        f"- About {r.randint(2, 90)}% of {service} requests failed for {r.randint(5, 60)} minutes.",
    ]
    out += [f"- {w.sentence(12)}" for _ in range(r.randint(2, 4))]
    out += ["", "## Timeline", "", "All times UTC.", ""]
    minute = 0
    for _ in range(r.randint(14, 22)):
        tag = r.choice(TAGS)
        out.append(f"- {w.clock(minute)} — {w.sentence(14)} `{{{tag}}}` — {w.pick(SOURCES)}")
        minute += r.randint(1, 12)
    out += ["", "## Root Cause Analysis", ""]
    why = 1
    for layer in ("Surface layer", "Systemic layer", "Cultural/process layer"):
        out += [f"### {layer}", ""]
        for _ in range(2 if why < 5 else 1):
            out.append(f"{why}. **Why?** {w.paragraph(2)}")
            why += 1
        out.append("")
    out += ["## Contributing Factors", ""]
    for _ in range(r.randint(3, 6)):
        out.append(f"- `{{{r.choice(FACTOR_TAGS)}}}` {w.sentence(16)}")
        if r.random() < 0.4:
            out.append(f"  - {w.sentence(10)}")
    out += ["", "## What Went Well", ""]
    out += [f"- {w.sentence(12)}" for _ in range(r.randint(2, 4))]
    out += ["", "## Lessons Learned", "", w.paragraph(3), "", "## Action Items", ""]
    for tier in sorted(r.randint(1, 3) for _ in range(r.randint(4, 8))):
        out.append(
            f"- [{r.choice(' x')}] Tier {tier}: {w.sentence(14)} "
            f"(owner: {w.pick(ROLES)}, due: {w.after(day, r.randint(3, 45))}, "
            f"done when: {w.sentence(6).rstrip('.')})"
        )
    out += [
        "",
        "## Detection Gap",
        "",
        "### How could we have detected this 10 minutes earlier?",
        "",
        w.paragraph(3),
        "",
        "### What similar failure modes exist that we haven't seen yet?",
        "",
        w.paragraph(2),
        "",
        "## Follow-up",
        "",
        f"- 30-day review on {w.after(day, 30)}",
        f"- 90-day review on {w.after(day, 90)}",
        "",
    ]
    return "\n".join(out)


def _real_world(w: Writer, index: int) -> str:
    """Looser shapes: bold headings, heading-per-entry timeline, prose, TOML, CRLF."""
    r = w.rng
    out: list[str] = []
    if r.random() < 0.5:
        out += ["+++", f'title = "Incident {index}"', f"date = {w.day()}", "+++", ""]
    out += [f"# Incident report {index}: {w.pick(SERVICES)}", ""]
    out += [f"**Status:** {r.choice(['Draft', 'Final', 'In review'])}", "", w.paragraph(5), ""]
    out += ["**Background**", "", w.paragraph(4), ""]
    out += ["## Timeline of events", "", "Times are in the Pacific time zone.", ""]
    minute = 0
    for _ in range(r.randint(6, 10)):
        out += [f"### {w.clock(minute)}", "", w.paragraph(r.randint(1, 3)), ""]
        minute += r.randint(2, 30)
    out += ["## What went wrong", ""]
    out += [f"* {w.paragraph(1)}" for _ in range(r.randint(3, 6))]
    out += ["", "**What went well**", "", w.paragraph(2), ""]
    out += ["## Corrective and preventative measures", ""]
    for _ in range(r.randint(3, 6)):
        out.append(f"- [ ] {w.sentence(14)}")
    out += ["", "<!-- pmlint-disable-next-line PM4 -->", f"- {w.sentence(8)}", ""]
    out += ["## Notes", "", "```", f"{w.pick(SERVICES)}: {w.sentence(8)}", "```", ""]
    out += [w.paragraph(4), ""]
    text = "\n".join(out)
    return text.replace("\n", "\r\n") if r.random() < 0.25 else text


# Most of a repository that adopted the format follows it; a few older write-ups do not.
_Shape = Callable[[Writer, int], str]
SHAPES: list[_Shape] = [*([_reference, _list_form] * 4), _real_world, _real_world]


def document(seed: int, index: int, target_bytes: int = 10_000) -> str:
    """One post-mortem of about `target_bytes` (appendix paragraphs top it up)."""
    w = Writer(random.Random(seed * 1_000_003 + index))
    text = SHAPES[index % len(SHAPES)](w, index)
    newline = "\r\n" if "\r\n" in text else "\n"
    extra: list[str] = []
    while len(text.encode()) + sum(len(e) + 2 for e in extra) < target_bytes:
        if not extra:
            extra += ["", "## Appendix", ""]
        extra += [w.paragraph(3), ""]
    if extra:
        text = text.rstrip("\r\n") + newline + newline.join(extra) + newline
    return text


def scaled(text: str, factor: int) -> str:
    """The same document `factor` times longer: its body sections repeated under new H2s."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("## ")), 0)
    body = "\n".join(lines[start:])
    copies = [text.rstrip("\n")]
    for n in range(1, factor):
        copies.append(body.replace("\n## ", f"\n## Part {n}: ").rstrip("\n"))
    return "\n".join(copies) + "\n"


def build(folder: Path, count: int, seed: int = 20260417) -> list[Path]:
    """Write `count` post-mortems into `folder`; return their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for index in range(count):
        path = folder / f"pm-{index:05d}.md"
        path.write_bytes(document(seed, index).encode("utf-8"))
        paths.append(path)
    return paths
