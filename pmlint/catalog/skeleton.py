"""Starting points for writers: a post-mortem skeleton for a profile, and a starter config.

A skeleton has every section the profile asks for, in the profile's order, with
placeholder rows marked `{UNKNOWN}`. It passes the structure rules, so what the linter
reports on a fresh skeleton is exactly the content still to write (owners, dates,
times): the linter guides the writer from the first save.

The form of each section follows the profile's rules: an evidence-tagged timeline
table when the profile checks evidence tags, tiered action items when it checks tiers,
whys in three layers when it checks causal layers, dated 30/90-day reviews when it
checks the follow-up cadence; plain lists otherwise.
"""

from __future__ import annotations

import datetime
import unicodedata

from pmlint.catalog.catalog import Catalog, Profile, build_rules
from pmlint.document.headings import normalise_heading
from pmlint.util.recache import compiled
from pmlint.util.record import record

U = "{UNKNOWN}"
SLUG_MAX = 60
_SLUG_DROP = compiled(r"[^a-z0-9]+")
_HEADING = compiled(r"^(#{1,6})\s+(.*)$")
_CANONICAL_ORDER = (
    "summary",
    "impact",
    "timeline",
    "detection",
    "trigger",
    "causal_analysis",
    "contributing_factors",
    "resolution",
    "what_went_well",
    "what_went_wrong",
    "where_we_got_lucky",
    "lessons",
    "action_items",
    "detection_gap",
    "follow_up",
)
_TITLES = {
    "summary": "Summary",
    "impact": "Impact",
    "timeline": "Timeline",
    "detection": "Detection",
    "trigger": "Trigger",
    "causal_analysis": "Root Cause",
    "contributing_factors": "Contributing Factors",
    "resolution": "Resolution",
    "what_went_well": "What Went Well",
    "what_went_wrong": "What Went Wrong",
    "where_we_got_lucky": "Where We Got Lucky",
    "lessons": "Lessons Learned",
    "action_items": "Action Items",
    "detection_gap": "Detection Gap",
    "follow_up": "Follow-Up",
    "responders": "Responders",
}


@record(slots=True, frozen=True)
class Style:
    """Which forms the profile's rules expect."""

    evidence: bool = False  # timeline rows carry {OBSERVED}/{INFERRED}/{UNKNOWN}
    tiers: bool = False  # action items ranked Tier 1/2/3 with owner, due, exit criteria
    layers: bool = False  # five whys in surface / systemic / cultural layers
    factor_tags: bool = False  # contributing factors tagged {DETECTION} …
    reviews: bool = False  # dated 30-day and 90-day reviews
    gap_parts: bool = False  # the two detection-gap questions
    tracking: bool = False  # every action item links a ticket


def style_for(catalog: Catalog, profile: Profile) -> Style:
    rules = build_rules(catalog, profile)
    checks = {rule.check.name for rule in rules}
    return Style(
        evidence="timeline_evidence_tag" in checks,
        tiers="action_item_tier" in checks,
        layers="causal_layers" in checks or "whys_min" in checks,
        factor_tags="factor_tag_required" in checks,
        reviews="follow_up_reviews" in checks,
        gap_parts="section_parts" in checks,
        tracking=any(
            rule.check.name == "action_item_field"
            and getattr(rule.options, "field", "") == "tracking"
            for rule in rules
        ),
    )


def slugify(title: str) -> str:
    """`Checkout outage: EU!` -> `checkout-outage-eu` (ASCII, at most SLUG_MAX characters)."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _SLUG_DROP.sub("-", folded.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    return slug or "incident"


def skeleton_name(title: str, date: datetime.date) -> str:
    return f"{date.isoformat()}-{slugify(title)}.md"


def skeleton_headings(profile: Profile) -> list[tuple[int, str]]:
    """(level, heading text) of the profile's skeleton; derived from its kinds if unset."""
    out: list[tuple[int, str]] = []
    for entry in profile.skeleton:
        found = _HEADING.match(entry.strip())
        if found:
            out.append((len(found.group(1)), found.group(2).strip()))
        elif entry.strip():
            out.append((2, entry.strip()))
    if out:
        return out
    kinds = {kind for kind, _ in profile.sections}
    return [(2, _TITLES[k]) for k in _CANONICAL_ORDER if k in kinds]


def render_skeleton(catalog: Catalog, profile: Profile, title: str, date: datetime.date) -> str:
    """The Markdown text of a new post-mortem for `profile`."""
    style = style_for(catalog, profile)
    headings = skeleton_headings(profile)
    parts = [
        f"# Post-mortem: {title.strip() or 'Incident'}",
        f"**Date:** {date.isoformat()} | **Severity:** {U} | **Status:** Draft",
        f"**Authors:** {U} | **Duration:** {U}",
    ]
    seen: set[str] = set()
    for index, (level, text) in enumerate(headings):
        has_children = index + 1 < len(headings) and headings[index + 1][0] > level
        kind = profile.matcher.match(_norm(text))
        parts.append(f"{'#' * level} {text}")
        if kind in seen and kind in _AGAIN:  # "Overview" then "What Happened": both summary
            parts.append(f"{U}: {_AGAIN[kind]}")
            continue
        seen.add(kind or "")
        body = "" if has_children else _body(kind, style, date)
        if body:
            parts.append(body)
    return "\n\n".join(parts) + "\n"


def _norm(text: str) -> str:
    return normalise_heading(text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _body(kind: str | None, style: Style, date: datetime.date) -> str:
    """Placeholder content for one section."""
    if kind == "timeline":
        return _timeline(style)
    if kind == "action_items":
        return _actions(style)
    if kind == "causal_analysis":
        return _causes(style)
    if kind == "contributing_factors":
        if style.factor_tags:
            rows = [[f"`{{{tag}}}`", f"{U}"] for tag in ("DETECTION", "DIAGNOSIS", "MITIGATION")]
            return _table(["Tag", "Factor"], rows)
        return f"- {U}: a condition that made the failure possible or worse"
    if kind == "impact":
        rows = [
            ["Duration", U],
            ["Users affected", U],
            ["Requests, orders or revenue lost", U],
        ]
        return _table(["Dimension", "Value"], rows)
    if kind == "detection_gap":
        return (
            f"### How could we have detected this 10 minutes earlier?\n\n{U}\n\n"
            f"### What similar failure modes exist that we haven't seen yet?\n\n{U}"
        )
    if kind == "follow_up":
        rows = [
            ["30-day review", (date + datetime.timedelta(days=30)).isoformat(), "Action items"],
            ["90-day review", (date + datetime.timedelta(days=90)).isoformat(), "Recurrence"],
        ]
        return _table(["Checkpoint", "Date", "Focus"], rows)
    if kind == "responders":
        return f"- Incident commander: {U}\n- Scribe: {U}\n- Also involved: {U}"
    return f"{U}: {_PROMPTS.get(kind or '', _PROMPTS[''])}"


_AGAIN = {
    "summary": "the story of the incident: what failed, how it showed, how it was handled.",
    "lessons": "what the team will do differently.",
}
_PROMPTS = {
    "summary": "what happened, who was affected and for how long, and what fixed it.",
    "detection": "who or what noticed the problem, and how long after it began.",
    "trigger": "the change or event that set the failure off.",
    "resolution": "what stopped the impact and what restored service.",
    "what_went_well": "the practices and tools that limited the damage.",
    "what_went_wrong": "what made the incident longer or worse.",
    "where_we_got_lucky": "what limited the damage by chance rather than by design.",
    "lessons": "what the team will do differently.",
    "background": "the service and its users, as much as a reader needs.",
    "messaging": "what was said to whom, and when.",
    "open_questions": "what is still not known.",
    "": "write this section.",
}


def _timeline(style: Style) -> str:
    events = ("First sign of the failure", "The team is alerted", "Service is restored")
    if style.evidence:
        rows = [[U, event, f"`{U}` — where this is recorded"] for event in events]
        return _table(["Time", "Event", "Evidence"], rows)
    return "\n".join(f"- {U} — {event}" for event in events)


def _actions(style: Style) -> str:
    if style.tiers:
        rows = [
            ["1", f"{U}: a systemic fix that removes the failure class", "", "", ""],
            ["2", f"{U}: a patch that contains this failure", "", "", ""],
            ["3", f"{U}: a process change", "", "", ""],
        ]
        return _table(["Tier", "Action", "Owner", "Due", "Exit Criteria"], rows)
    if style.tracking:
        rows = [
            [f"{U}: what stops this from happening again", "prevent", "", ""],
            [f"{U}: what makes it smaller or shorter next time", "mitigate", "", ""],
        ]
        return _table(["Action Item", "Type", "Owner", "Ticket"], rows)
    return (
        f"- {U}: what stops this from happening again\n"
        f"- {U}: what makes it smaller or shorter next time"
    )


def _causes(style: Style) -> str:
    if not style.layers:
        return f"{U}: the conditions that made the failure possible, and why they existed."
    return "\n\n".join(
        [
            "### Surface Layer — What broke",
            f"- **Why 1:** {U}\n- **Why 2:** {U}",
            "### Systemic Layer — Why the system allowed it",
            f"- **Why 3:** {U}\n- **Why 4:** {U}",
            "### Cultural/Process Layer — Why the gap persisted",
            f"- **Why 5:** {U}",
        ]
    )


def starter_config(profile: str) -> str:
    """A commented `pmlint.toml` choosing `profile`."""
    return f"""# pmlint configuration: found by pmlint from any file below this folder.
# `pmlint profiles` lists the profiles; `pmlint rules` the rules; `pmlint explain CODE`
# explains one.

profile = "{profile}"

# Rules to add to the profile's selection, or to leave out (codes, prefixes or names).
# extend-select = ["PM602"]
# ignore = ["PM409"]

# Per-rule severity: "error", "warning", "info" or "off".
# [severity]
# PM701 = "warning"

# Your own rule files, in folders relative to this file (see docs/custom-rules.md).
# rule-paths = ["pmlint-rules"]

# The least severe finding that fails the run: "error", "warning", "info" or "never".
fail-on = "error"
"""
