"""The report as HTML (one self-contained file) and as Markdown (for a wiki or PR comment).

Both are made from `report_data` only. The HTML has no script and loads nothing: its
styles are inline and its charts are inline SVG (`svg.py`), each followed by its data
table. The template is rendered by Jinja2 with autoescaping on, so titles and action
texts taken from the documents cannot inject markup.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pmlint.report.incident import svg
from pmlint.report.incident.svg import duration_text
from pmlint.util.version import __version__

STATUS_COLORS = {"done": "#1a9850", "open": "#91bfdb", "overdue": "#d73027"}
MARKDOWN_ROWS = 25  # rows per Markdown table before "… and N more"


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def linker(output: Path | None, link_base: str | None) -> Callable[[str, int], str]:
    """How the report links a document line: under `link_base` (a repository's web view,
    `…/blob/main`) as `path#L12`, or else relative to where the report is written."""
    here = Path.cwd()
    folder = (output.parent if output is not None else here).resolve()

    targets: dict[str, str] = {}

    def link(path: str, line: int) -> str:
        anchor = f"#L{line}" if line and line > 1 else ""
        if link_base:
            return f"{link_base.rstrip('/')}/{quote(path)}{anchor}"
        target = targets.get(path)
        if target is None:
            try:
                relative = os.path.relpath((here / path).resolve(), folder)
            except ValueError:  # another drive (Windows)
                relative = str((here / path).resolve())
            target = targets[path] = quote(Path(relative).as_posix())
        return target + anchor

    return link


def charts(data: dict[str, Any]) -> dict[str, str]:
    """The SVG of every chart the report shows."""
    out: dict[str, str] = {}
    months = [row["month"] for row in data["per_month"]]
    severities = data["severities"]
    series = [
        (
            name,
            svg.color_for(i) if name != "unknown" else "#bbbbbb",
            [row["by_severity"].get(name, 0) for row in data["per_month"]],
        )
        for i, name in enumerate(severities)
    ]
    total = sum(row["total"] for row in data["per_month"])
    busiest = max(data["per_month"], key=lambda r: r["total"], default=None)
    out["months"] = svg.stacked_columns(
        "chart-months",
        "Incidents per month, by severity",
        f"{total} dated incidents over {len(months)} months"
        + (
            f"; the busiest month is {busiest['month']} with {busiest['total']}."
            if busiest
            else "."
        ),
        months,
        series,
    )
    by_month = data["times_by_month"]
    out["times"] = svg.log_lines(
        "chart-times",
        "Median time to detect, mitigate and resolve per month (log scale)",
        "Monthly medians in minutes on a logarithmic scale; "
        f"overall medians: detect {duration_text(data['summary']['median_time_to_detect'])}, "
        f"resolve {duration_text(data['summary']['median_time_to_resolve'])}.",
        [row["month"] for row in by_month],
        [
            ("detect", "#2166ac", [row["median_time_to_detect"] for row in by_month]),
            ("mitigate", "#ef8a62", [row["median_time_to_mitigate"] for row in by_month]),
            ("resolve", "#b2182b", [row["median_time_to_resolve"] for row in by_month]),
        ],
    )
    tiers = data["actions_by_tier"]
    out["tiers"] = svg.stacked_bars(
        "chart-tiers",
        "Action items by tier and status",
        "; ".join(
            f"{r['tier']}: {r['done']} done, {r['open']} open, {r['overdue']} overdue"
            for r in tiers
        )
        or "No action items.",
        [row["tier"] for row in tiers],
        [
            (status, STATUS_COLORS[status], [row[status] for row in tiers])
            for status in STATUS_COLORS
        ],
    )
    rules = data["top_rules"]
    out["rules"] = svg.stacked_bars(
        "chart-rules",
        "Most frequent rules",
        "; ".join(f"{r['code']} {r['name']}: {r['findings']}" for r in rules) or "No findings.",
        [f"{row['code']} {row['name']}" for row in rules],
        [("findings", "#4575b4", [row["findings"] for row in rules])],
        label_width=300,
    )
    return out


def render_html(data: dict[str, Any], link: Callable[[str, int], str]) -> str:
    # Jinja2 only when HTML is asked for: start-up time of the other forms.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        data=data, charts=charts(data), dur=duration_text, link=link, version=__version__
    )


# -- Markdown -------------------------------------------------------------------------------


def _cell(value: object) -> str:
    text = "—" if value is None or value == "" else str(value)
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _link(text: str, href: str) -> str:
    """A Markdown link whose text cannot close it early."""
    label = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"[{label}]({href.replace(' ', '%20').replace(')', '%29')})"


def _table(header: list[str], rows: list[list[object]], limit: int = MARKDOWN_ROWS) -> list[str]:
    if not rows:
        return ["None.", ""]
    numeric = [
        all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) and bool(rows)
        for i in range(len(header))
    ]
    out = ["| " + " | ".join(_cell(h) for h in header) + " |"]
    out.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
    for row in rows[:limit]:
        out.append("| " + " | ".join(_cell(v) for v in row) + " |")
    if len(rows) > limit:
        out += ["", f"… and {len(rows) - limit} more (the HTML and JSON forms list them all)."]
    return [*out, ""]


def render_markdown(data: dict[str, Any], link: Callable[[str, int], str]) -> str:
    s = data["summary"]
    out = [
        "# Incident report",
        "",
        f"{s['incidents']} post-mortems, as of {data['today']} "
        f"(recurrence window {data['window_days']} days).",
        "",
        "## Summary",
        "",
    ]
    out += _table(
        ["Figure", "Value"],
        [
            ["Incidents", f"{s['incidents']} ({s['dated']} dated)"],
            [
                "Median time to detect",
                f"{duration_text(s['median_time_to_detect'])} (of {s['with_time_to_detect']})",
            ],
            [
                "Median time to mitigate",
                f"{duration_text(s['median_time_to_mitigate'])} (of {s['with_time_to_mitigate']})",
            ],
            [
                "Median time to resolve",
                f"{duration_text(s['median_time_to_resolve'])} (of {s['with_time_to_resolve']})",
            ],
            ["Open action items", f"{s['open_action_items']} of {s['action_items']}"],
            ["Overdue action items", str(s["overdue_action_items"])],
            ["Findings", f"{s['findings']} in {s['documents_with_findings']} documents"],
        ],
    )
    out += ["## Incidents per month, by severity", ""]
    severities = data["severities"]
    out += _table(
        ["Month", *severities, "Total"],
        [
            [row["month"], *(row["by_severity"].get(v, 0) for v in severities), row["total"]]
            for row in data["per_month"]
        ],
        limit=120,
    )
    out += ["## Time to detect and resolve over time (monthly medians)", ""]
    out += _table(
        ["Month", "Detect", "Mitigate", "Resolve", "Incidents with times"],
        [
            [
                row["month"],
                duration_text(row["median_time_to_detect"]),
                duration_text(row["median_time_to_mitigate"]),
                duration_text(row["median_time_to_resolve"]),
                row["incidents_with_times"],
            ]
            for row in data["times_by_month"]
        ],
        limit=120,
    )
    out += ["## Action items by tier and status", ""]
    out += _table(
        ["Tier", "Done", "Open", "Overdue", "Total"],
        [
            [r["tier"], r["done"], r["open"], r["overdue"], r["total"]]
            for r in data["actions_by_tier"]
        ],
    )
    out += [f"## Overdue action items ({len(data['overdue'])})", ""]
    out += _table(
        ["Action", "Owner", "Due", "Days over", "Where"],
        [
            [
                r["action"],
                r["owner"],
                r["due"],
                r["days_overdue"],
                _link(f"{r['path']}:{r['line']}", link(r["path"], r["line"])),
            ]
            for r in data["overdue"]
        ],
    )
    out += ["## Services with recurring incidents", ""]
    out += _table(
        ["Service", "Incidents", f"Within {data['window_days']} days", "Open Tier 1/2 items"],
        [
            [r["service"], r["incidents"], r["within_window"], r["open_tier_1_2"]]
            for r in data["recurring_services"]
        ],
    )
    out += [f"## Incidents whose action items are Tier 3 only ({len(data['tier3_only'])})", ""]
    out += _table(
        ["Incident", "Date", "Action items"],
        [
            [_link(r["title"], link(r["path"], 1)), r["date"], r["action_items"]]
            for r in data["tier3_only"]
        ],
    )
    out += ["## Most frequent rules", ""]
    out += _table(
        ["Rule", "Findings", "Documents"],
        [[f"{r['code']} {r['name']}", r["findings"], r["documents"]] for r in data["top_rules"]],
    )
    out += ["## Findings per document", ""]
    out += _table(
        ["Document", "Findings", "Errors", "Warnings", "Info"],
        [
            [r["path"], r["findings"], r["errors"], r["warnings"], r["info"]]
            for r in data["findings_per_document"]
        ],
    )
    return "\n".join(out).rstrip("\n") + "\n"
