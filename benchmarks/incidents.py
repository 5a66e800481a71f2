"""A generated repository of post-mortems for the incident index and `pmlint report`.

Documents in the reference format with what the index reads: front matter with an id and a
service, a header with date, severity and the detect → mitigate → recover chain, a tagged
timeline, tiered action items with owners, due dates and a status, and a follow-up table.
Incidents recur on a few services, some documents link their predecessor, a few ids are
duplicated. Deterministic for a seed.

    python benchmarks/incidents.py --count 2000          # time `pmlint report` cold and warm
    python benchmarks/incidents.py --count 120 --out DIR # just write the documents
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVICES = ["checkout", "payments", "search", "auth", "notifications", "inventory", "api-gateway"]
SEVERITIES = ["SEV-1", "SEV-2", "SEV-2", "SEV-3", "SEV-3", "SEV-3", "SEV-4"]
OWNERS = ["Platform lead", "Payments on-call", "SRE team lead", "Release engineering", "DB owner"]
ACTIONS = [
    "Add a synthetic probe that exercises the {s} path end to end",
    "Gate deploys of {s} on the error budget burn rate",
    "Put a circuit breaker between {s} and its database",
    "Alert on {s} saturation before the queue backs up",
    "Make the {s} config rollback a single command",
    "Update the {s} runbook with the failover steps",
    "Review {s} dashboards with the on-call rotation",
]


def _clock(minutes: int) -> str:
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


def document(rng: random.Random, index: int, day: dt.date, service: str, links: str | None) -> str:
    ident = f"INC-{1000 + index}" if rng.random() > 0.01 else f"INC-{1000 + index - 1}"
    severity = rng.choice(SEVERITIES)
    start = rng.randrange(0, 20 * 60)
    detect = start + rng.randrange(1, 40)
    mitigate = detect + rng.randrange(5, 120)
    recover = mitigate + rng.randrange(5, 180)
    lines = [
        "---",
        f"id: {ident}",
        f"service: {service}",
        "---",
        f"# Post-mortem: {service} incident {index}",
        f"**Date:** {day.isoformat()} | **Duration:** {_clock(detect)} detect → "
        f"{_clock(mitigate)} mitigate → {_clock(recover)} recover ({recover - detect} min total)",
        f"**Severity:** {severity} | **Blameless:** ✓",
        "",
        "## Impact Summary",
        "",
        f"Users of {service} saw errors for {recover - detect} minutes.",
        "",
    ]
    if links:
        lines += [f"This follows the [previous {service} incident]({links}).", ""]
    lines += [
        "## Timeline",
        "",
        "| Time | Event | Evidence |",
        "| --- | --- | --- |",
        f"| {_clock(start)} | Error rate starts rising on {service} | `{{OBSERVED}}` — metrics |",
        f"| {_clock(detect)} | Alert fires on {service} error rate | `{{OBSERVED}}` — pager |",
        f"| {_clock(mitigate)} | Rollback of the last deploy | `{{OBSERVED}}` — deploy log |",
        f"| {_clock(recover)} | Error rate back to normal | `{{OBSERVED}}` — metrics |",
        "",
        "## Action Items",
        "",
        "| Tier | Action | Owner | Due | Exit Criteria | Status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    tiers = [3] if rng.random() < 0.1 else sorted(rng.sample([1, 2, 3, 3], rng.randrange(1, 4)))
    for tier in tiers:
        due = day + dt.timedelta(days=rng.randrange(7, 60))
        status = "Done" if rng.random() < 0.55 else "Open"
        action = rng.choice(ACTIONS).format(s=service)
        lines.append(
            f"| {tier} | {action} | {rng.choice(OWNERS)} | {due.isoformat()} | "
            f"Verified in a staged drill | {status} |"
        )
    review = day + dt.timedelta(days=30)
    held = "Held" if rng.random() < 0.5 else ""
    lines += [
        "",
        "## Follow-Up Cadence",
        "",
        "| Checkpoint | Date | Focus | Status |",
        "| --- | --- | --- | --- |",
        f"| **30-day review** | {review.isoformat()} | Tier 1 items in progress | {held} |",
        f"| **90-day review** | {(day + dt.timedelta(days=90)).isoformat()} | Recurrence? | |",
        "",
    ]
    filler = (
        "The team reconstructed the sequence from the deploy log and the metrics; "
        "the alert threshold and the rollback path are discussed in the action items. "
    )
    lines += ["## Notes", "", filler * rng.randrange(4, 14), ""]
    return "\n".join(lines)


def build(folder: Path, count: int, seed: int = 20261206) -> list[Path]:
    """`count` post-mortems over about two years, written to `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    first = dt.date(2025, 1, 1)
    span = 700
    last_of: dict[str, str] = {}
    paths = []
    for index in range(count):
        day = first + dt.timedelta(days=int(span * index / max(count, 1)) + rng.randrange(0, 3))
        service = rng.choice(SERVICES)
        name = f"{day.isoformat()}-{service}-{index:04d}.md"
        previous = last_of.get(service) if rng.random() < 0.4 else None
        path = folder / name
        path.write_text(document(rng, index, day, service, previous), encoding="utf-8")
        last_of[service] = name
        paths.append(path)
    return paths


def _time(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--out", type=Path, help="write the documents here and stop")
    parser.add_argument("--today", default="2026-12-06")
    args = parser.parse_args()
    if args.out is not None:
        build(args.out, args.count)
        return
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        docs = root / "postmortems"
        paths = build(docs, args.count)
        size = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} documents, {size / 1024 / 1024:.1f} MiB")
        pmlint = [sys.executable, "-m", "pmlint", "report", "postmortems", "--today", args.today]
        for fmt, suffix in (("html", "html"), ("markdown", "md"), ("json", "json")):
            out = root / f"report.{suffix}"
            wall, cpu = _time([*pmlint, "--no-cache", "--format", fmt, "-o", str(out)], root)
            size = os.path.getsize(out) / 1e6
            print(f"{fmt:8} cold (no cache): {wall:5.2f} s wall, {cpu:5.2f} s CPU, {size:5.2f} MB")
        _time([*pmlint, "-o", str(root / "warm.html")], root)  # fill the caches
        wall, cpu = _time([*pmlint, "-o", str(root / "warm.html")], root)
        print(f"html     warm (cached):  {wall:5.2f} s wall, {cpu:5.2f} s CPU")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
