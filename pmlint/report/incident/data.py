"""The data of `pmlint report`: figures across the incident index and the run's findings.

`report_data` returns plain JSON-ready data (`--format json`); the HTML and Markdown forms
are made from it and nothing else, so the three always agree. Its shape is versioned
(`schema`) and documented in docs/report.md.
"""

from __future__ import annotations

import datetime
import itertools
import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from pmlint.document.model import Finding
from pmlint.index import INDEX_SCHEMA
from pmlint.index.corpus import Corpus
from pmlint.index.entry import IndexEntry

REPORT_SCHEMA = 1
TOP_RULES = 15
_SEVERITY_ORDER = ["SEV0", "SEV1", "SEV2", "SEV3", "SEV4", "SEV5"]


def report_data(
    corpus: Corpus,
    findings: Sequence[Finding],
    window_days: int = 30,
    scope: Sequence[str] = (),
) -> dict[str, Any]:
    """Every figure the report shows, from the corpus and the findings of a check run."""
    entries = corpus.entries
    today = corpus.today
    overdue = _overdue(entries, today)
    by_tier = _actions_by_tier(entries, today)
    return {
        "schema": REPORT_SCHEMA,
        "index_schema": INDEX_SCHEMA,
        "today": today.isoformat(),
        "window_days": window_days,
        "scope": list(scope),
        "summary": _summary(entries, findings, overdue),
        "severities": _severities(entries),
        "per_month": _per_month(entries),
        "times": _times(entries),
        "times_by_month": _times_by_month(entries),
        "actions_by_tier": by_tier,
        "overdue": overdue,
        "recurring_services": _recurring(corpus, window_days),
        "tier3_only": _tier3_only(entries),
        "findings_per_document": _findings_per_document(findings),
        "top_rules": _top_rules(findings),
        "incidents": [_incident(e) for e in entries],
    }


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _summary(
    entries: list[IndexEntry], findings: Sequence[Finding], overdue: list[dict[str, Any]]
) -> dict[str, Any]:
    actions = [a for e in entries for a in e.actions]
    ttd = [e.time_to_detect for e in entries if e.time_to_detect is not None]
    ttm = [e.time_to_mitigate for e in entries if e.time_to_mitigate is not None]
    ttr = [e.time_to_resolve for e in entries if e.time_to_resolve is not None]
    return {
        "incidents": len(entries),
        "dated": sum(1 for e in entries if e.date),
        "median_time_to_detect": _median(ttd),
        "median_time_to_mitigate": _median(ttm),
        "median_time_to_resolve": _median(ttr),
        "with_time_to_detect": len(ttd),
        "with_time_to_mitigate": len(ttm),
        "with_time_to_resolve": len(ttr),
        "action_items": len(actions),
        "open_action_items": sum(1 for a in actions if not a.done),
        "done_action_items": sum(1 for a in actions if a.done),
        "overdue_action_items": len(overdue),
        "findings": len(findings),
        "documents_with_findings": len({f.path for f in findings}),
    }


def _severities(entries: list[IndexEntry]) -> list[str]:
    found = {e.severity_label for e in entries if e.date}
    known = [s for s in _SEVERITY_ORDER if s in found]
    rest = sorted(found - set(known) - {"unknown"})
    return known + rest + (["unknown"] if "unknown" in found else [])


def _months(entries: list[IndexEntry]) -> list[str]:
    """Every month from the first dated incident to the last (empty months included)."""
    dated = sorted(e.date[:7] for e in entries if e.date)
    if not dated:
        return []
    year, month = int(dated[0][:4]), int(dated[0][5:7])
    out: list[str] = []
    while (label := f"{year:04d}-{month:02d}") <= dated[-1]:
        out.append(label)
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def _per_month(entries: list[IndexEntry]) -> list[dict[str, Any]]:
    counts: dict[str, Counter[str]] = {m: Counter() for m in _months(entries)}
    for entry in entries:
        if entry.date:
            counts[entry.date[:7]][entry.severity_label] += 1
    return [
        {"month": month, "total": sum(c.values()), "by_severity": dict(sorted(c.items()))}
        for month, c in counts.items()
    ]


def _times(entries: list[IndexEntry]) -> list[dict[str, Any]]:
    return [
        {
            "path": e.path,
            "date": e.date,
            "time_to_detect": e.time_to_detect,
            "time_to_mitigate": e.time_to_mitigate,
            "time_to_resolve": e.time_to_resolve,
        }
        for e in entries
        if e.date
        and any(v is not None for v in (e.time_to_detect, e.time_to_mitigate, e.time_to_resolve))
    ]


def _times_by_month(entries: list[IndexEntry]) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, list[int]]] = {}
    for e in entries:
        if not e.date:
            continue
        slot = grouped.setdefault(e.date[:7], {"ttd": [], "ttm": [], "ttr": []})
        for key, value in (
            ("ttd", e.time_to_detect),
            ("ttm", e.time_to_mitigate),
            ("ttr", e.time_to_resolve),
        ):
            if value is not None:
                slot[key].append(value)
    return [
        {
            "month": month,
            "median_time_to_detect": _median(slot["ttd"]),
            "median_time_to_mitigate": _median(slot["ttm"]),
            "median_time_to_resolve": _median(slot["ttr"]),
            "incidents_with_times": max(len(slot["ttd"]), len(slot["ttm"]), len(slot["ttr"])),
        }
        for month, slot in sorted(grouped.items())
        if slot["ttd"] or slot["ttm"] or slot["ttr"]
    ]


def _is_overdue(due: str | None, done: bool, today: datetime.date) -> bool:
    return not done and due is not None and datetime.date.fromisoformat(due) < today


def _overdue(entries: list[IndexEntry], today: datetime.date) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in entries:
        for a in e.actions:
            if _is_overdue(a.due, a.done, today):
                assert a.due is not None
                out.append(
                    {
                        "path": e.path,
                        "line": a.line,
                        "incident": e.title,
                        "action": a.action,
                        "tier": a.tier,
                        "owner": a.owner,
                        "due": a.due,
                        "days_overdue": (today - datetime.date.fromisoformat(a.due)).days,
                        "tracking": a.tracking,
                    }
                )
    out.sort(key=lambda row: (-int(row["days_overdue"]), str(row["path"]), int(row["line"])))
    return out


def _actions_by_tier(entries: list[IndexEntry], today: datetime.date) -> list[dict[str, Any]]:
    rows: dict[str, Counter[str]] = {}
    for e in entries:
        for a in e.actions:
            tier = f"Tier {a.tier}" if a.tier is not None else "no tier"
            status = (
                "done" if a.done else "overdue" if _is_overdue(a.due, a.done, today) else "open"
            )
            rows.setdefault(tier, Counter())[status] += 1
    order = sorted(rows, key=lambda t: (t == "no tier", t))
    return [
        {
            "tier": tier,
            "done": rows[tier]["done"],
            "open": rows[tier]["open"],
            "overdue": rows[tier]["overdue"],
            "total": sum(rows[tier].values()),
        }
        for tier in order
    ]


def _recurring(corpus: Corpus, window_days: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for service, group in corpus.by_service.items():
        dated = sorted((e for e in group if e.date), key=lambda e: e.date or "")
        if len(group) < 2:
            continue
        within = 0
        for before, after in itertools.pairwise(dated):
            assert before.date and after.date
            gap = datetime.date.fromisoformat(after.date) - datetime.date.fromisoformat(before.date)
            if gap.days <= window_days:
                within += 1
        out.append(
            {
                "service": service,
                "incidents": len(group),
                "within_window": within,
                "open_tier_1_2": sum(
                    1 for e in group for a in e.actions if not a.done and a.tier in (1, 2)
                ),
                "documents": [{"path": e.path, "date": e.date, "title": e.title} for e in dated],
            }
        )
    out.sort(
        key=lambda row: (-int(row["within_window"]), -int(row["incidents"]), str(row["service"]))
    )
    return out


def _tier3_only(entries: list[IndexEntry]) -> list[dict[str, Any]]:
    return [
        {"path": e.path, "title": e.title, "date": e.date, "action_items": len(e.actions)}
        for e in entries
        if e.actions and all(a.tier == 3 for a in e.actions)
    ]


def _findings_per_document(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    per: dict[str, Counter[str]] = {}
    for f in findings:
        per.setdefault(f.path, Counter())[f.severity] += 1
    rows: list[dict[str, Any]] = [
        {
            "path": path,
            "findings": sum(c.values()),
            "errors": c["error"],
            "warnings": c["warning"],
            "info": c["info"],
        }
        for path, c in per.items()
    ]
    rows.sort(key=lambda row: (-int(row["findings"]), str(row["path"])))
    return rows


def _top_rules(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    documents: dict[str, set[str]] = {}
    for f in findings:
        documents.setdefault(f.code, set()).add(f.path)
    return [
        {"code": code, "name": names[code], "findings": n, "documents": len(documents[code])}
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RULES]
    ]


def _incident(e: IndexEntry) -> dict[str, Any]:
    return {
        "path": e.path,
        "name": PurePath(e.path).name,
        "id": e.id,
        "title": e.title,
        "date": e.date,
        "severity": e.severity_label,
        "status": e.status,
        "services": e.services,
        "time_to_detect": e.time_to_detect,
        "time_to_mitigate": e.time_to_mitigate,
        "time_to_resolve": e.time_to_resolve,
        "action_items": len(e.actions),
        "open_action_items": sum(1 for a in e.actions if not a.done),
    }
