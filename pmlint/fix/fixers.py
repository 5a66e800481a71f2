"""Fixers: for a finding of a rule, the edits that resolve it, or None when it takes judgement.

One fixer per check primitive, registered by the primitive's name: every rule that runs the
primitive and declares `fix = "safe"` or `"unsafe"` in its file gets it. A fixer reads the
document model and the finding's position, never changes the readers: it re-reads what it
needs and returns `None` whenever the fix is not certain (an ambiguous tag, no incident date,
items whose tier cannot be read), so that a fix never guesses.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pmlint.catalog import skeleton
from pmlint.checks.actions import tier_of
from pmlint.checks.followup import review_regex
from pmlint.document.dates import parse_date
from pmlint.document.frontmatter import split_front_matter
from pmlint.document.model import Document, Finding, ListBlock, Table
from pmlint.fix.edits import Edit, Fix
from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.actions import action_items

if TYPE_CHECKING:
    from pmlint.catalog.catalog import Rule
    from pmlint.run.runner import Ruleset

UNKNOWN = "{UNKNOWN}"


@record(slots=True)
class FixContext:
    """What a fixer may read: the parsed document and the rules it was linted with."""

    doc: Document
    ruleset: Ruleset


Fixer = Callable[[FixContext, "Rule", Finding], "Fix | None"]
FIXERS: dict[str, Fixer] = {}


def fixer(check: str) -> Callable[[Fixer], Fixer]:
    """Register the fixer of the check primitive `check`."""

    def register(function: Fixer) -> Fixer:
        FIXERS[check] = function
        return function

    return register


def fix_for(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    """The fix of a finding, with the safety its rule declares; None when there is none."""
    safety = rule.spec.fix
    function = FIXERS.get(rule.check.name)
    if safety is None or function is None:
        return None
    found = function(ctx, rule, finding)
    if found is None or not found.edits:
        return None
    return Fix(found.title, found.edits, safety)


def _span(doc: Document, finding: Finding) -> str:
    """The text a one-line finding points at (its needle)."""
    if finding.end_line not in (None, finding.line) or finding.end_column is None:
        return ""
    return doc.line_text(finding.line)[finding.column - 1 : finding.end_column - 1]


def _replace(finding: Finding, text: str) -> Edit:
    assert finding.end_column is not None
    return Edit(finding.line, finding.column, finding.line, finding.end_column, text)


def _insert_lines_after(doc: Document, line: int, lines: list[str]) -> Edit:
    """Insert whole lines after `line` (1-based), also at the end of a file with no final
    line break."""
    if line < len(doc.lines):
        return Edit.insert(line + 1, 1, "".join(f"{text}\n" for text in lines))
    last = len(doc.lines)
    return Edit.insert(last, len(doc.line_text(last)) + 1, "".join(f"\n{t}" for t in lines))


def _insert_lines_before(line: int, lines: list[str]) -> Edit:
    return Edit.insert(line, 1, "".join(f"{text}\n" for text in lines))


# -- tags ----------------------------------------------------------------------------------

_BRACED = compiled(r"^`?\{\s*([A-Za-z][A-Za-z0-9 _/-]{0,30}?)\s*\}`?$")


def near_spelling(name: str, allowed: list[str]) -> str | None:
    """The one allowed tag `name` is a spelling of (case, spaces, a typo), or None when no
    tag or more than one is that near."""
    folded = "_".join(name.replace("-", " ").replace("_", " ").upper().split())
    by_upper = {tag.upper(): tag for tag in allowed}
    if folded in by_upper:
        return by_upper[folded]
    near = [
        tag for tag in allowed if difflib.SequenceMatcher(None, folded, tag.upper()).ratio() >= 0.75
    ]
    return near[0] if len(near) == 1 else None


@fixer("tag_known")
def _tag_known(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    written = _span(ctx.doc, finding)
    found = _BRACED.match(written)
    if found is None:
        return None
    target = near_spelling(found.group(1), list(rule.options.tags))
    if target is None:
        return None
    braced = "{" + target + "}"
    inner = written.strip("`")
    new = written.replace(inner, braced)
    if new == written:
        return None
    return Fix(f"Replace {inner} with {braced}", (_replace(finding, new),))


@fixer("timeline_evidence_tag")
def _evidence_tag(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    """A tag written without braces (`OBSERVED — pager log`, `[Observed]`, `(INFERRED)`):
    braces around it, when the line names exactly one allowed tag that way."""
    text = ctx.doc.line_text(finding.line)
    names = "|".join(re.escape(tag) for tag in rule.options.tags)
    pattern = compiled(
        rf"(?<![\w{{$])(?:\[(?i:({names}))\]|\((?i:({names}))\)|({names}))(?![\w}}])"
    )
    found = list(pattern.finditer(text))
    if len(found) != 1:
        return None
    match = found[0]
    written = match.group(1) or match.group(2) or match.group(3)
    target = near_spelling(written, list(rule.options.tags))
    if target is None:
        return None
    braced = "{" + target + "}"
    edit = Edit(finding.line, match.start() + 1, finding.line, match.end() + 1, braced)
    return Fix(f"Write the evidence tag as {braced}", (edit,))


_ITEM_START = compiled(r"^(\s*(?:[-*+]|[0-9]{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)(.*\S)\s*$")


@fixer("factor_tag_required")
def _factor_tag_first(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    """A factor listed with its category tag at the end (`- Slow paging `{DETECTION}``):
    the tag moved to the start, where it is read, when it is the only tag on the line."""
    text = ctx.doc.line_text(finding.line)
    if text.count("{") != 1:
        return None
    names = "|".join(re.escape(tag) for tag in rule.options.tags)
    ending = compiled(rf"\s*(`?)\{{({names})\}}\1\s*[.;]?$", re.IGNORECASE)
    item = _ITEM_START.match(text)
    moved: tuple[str, str] | None = None
    if item is not None:
        tail = ending.search(item.group(2))
        target = near_spelling(tail.group(2), list(rule.options.tags)) if tail else None
        if tail is None or tail.start() == 0 or target is None:
            return None
        body = item.group(2)[: tail.start()].rstrip(" —–-:")
        moved = (f"{item.group(1)}`{{{target}}}` {body}", target)
    elif text.lstrip().startswith("|") and "\\|" not in text:
        moved = _tag_into_its_cell(ctx.doc, finding.line, text, ending, list(rule.options.tags))
    if moved is None:
        return None
    new, target = moved
    edit = Edit(finding.line, 1, finding.line, len(text) + 1, new)
    return Fix(f"Move `{{{target}}}` to where the factor's tag is read", (edit,))


_TAG_HEADERS = ("tag", "tags", "category", "categories", "type", "kind", "class")


def _tag_into_its_cell(
    doc: Document, line: int, text: str, ending: re.Pattern[str], tags: list[str]
) -> tuple[str, str] | None:
    """A table row whose Tag cell is empty and another cell ends with the tag: the tag
    moved into the Tag cell."""
    table = next(
        (
            block
            for section in doc.sections_in("contributing_factors")
            for block in section.blocks
            if isinstance(block, Table) and any(row.line == line for row in block.rows)
        ),
        None,
    )
    if table is None:
        return None
    header = [" ".join(c.replace("*", "").lower().split()).rstrip(":") for c in table.header]
    column = next((i for i, name in enumerate(header) if name in _TAG_HEADERS), None)
    parts = text.split("|")
    first = 1 if not parts[0].strip() else 0  # the cells between the outer pipes
    if column is None or first + column >= len(parts) or parts[first + column].strip():
        return None
    for index in range(first, len(parts)):
        tail = ending.search(parts[index])
        target = near_spelling(tail.group(2), tags) if tail else None
        if tail is None or target is None or index == first + column:
            continue
        body = parts[index][: tail.start()].rstrip(" —–-:")
        if not body.strip():
            return None
        parts[index] = body + " "
        parts[first + column] = f" `{{{target}}}` "
        return "|".join(parts), target
    return None


# -- follow-up reviews ---------------------------------------------------------------------


def _incident_date(doc: Document) -> datetime.date | None:
    return parse_date(doc.metadata.date) if doc.metadata.date else None


@fixer("follow_up_dates")
def _review_date(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    incident = _incident_date(ctx.doc)
    written = _span(ctx.doc, finding)
    if incident is None or not written or parse_date(written) is None:
        return None
    line = ctx.doc.line_text(finding.line)
    for days in rule.options.days:
        if review_regex(days).search(line):
            expected = (incident + datetime.timedelta(days=days)).isoformat()
            return Fix(f"Date the {days}-day review {expected}", (_replace(finding, expected),))
    return None


_DATE_HEADER = compiled(r"\b(?:date|when|due|scheduled|on)\b", re.IGNORECASE)


@fixer("follow_up_reviews")
def _missing_review(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    """Every missing review, dated from the incident, after the section's table or list."""
    doc = ctx.doc
    incident = _incident_date(doc)
    sections = doc.sections_of(rule.options.kind)
    if incident is None or not sections:
        return None
    missing = [int(hit.args["days"]) for hit in rule.check.function(doc, rule.options)]
    if not missing:
        return None
    section = sections[0]
    dates = {d: (incident + datetime.timedelta(days=d)).isoformat() for d in missing}
    table = next((b for b in reversed(section.blocks) if isinstance(b, Table)), None)
    listed = next((b for b in reversed(section.blocks) if isinstance(b, ListBlock)), None)
    if table is not None and any(_DATE_HEADER.search(cell) for cell in table.header):
        rows = [_review_row(table.header, d, dates[d]) for d in missing]
        edit = _insert_lines_after(doc, _last_row_line(doc, table), rows)
    elif listed is not None:
        marker = listed.items[0].marker if listed.items else "-"
        indent = _indent(doc.line_text(listed.line))
        items = [f"{indent}{marker} **{d}-day review** — {dates[d]}" for d in missing]
        edit = _insert_lines_after(doc, _last_content_line(doc, listed.end_line), items)
    else:
        items = [f"- **{d}-day review** — {dates[d]}" for d in missing]
        edit = _insert_lines_after(doc, section.line, ["", *items])
    names = " and ".join(f"{d}-day" for d in missing)
    return Fix(f"Add the {names} review dated from the incident", (edit,))


def _review_row(header: list[str], days: int, when: str) -> str:
    cells = []
    for index, name in enumerate(header):
        if index == 0:
            cells.append(f"**{days}-day review**")
        elif _DATE_HEADER.search(name):
            cells.append(when)
        else:
            cells.append("Action item status" if days <= 30 else "Recurrence check")
    return "| " + " | ".join(cells) + " |"


def _last_row_line(doc: Document, table: Table) -> int:
    line = table.rows[-1].line if table.rows else table.line + 1
    return _last_content_line(doc, max(line, table.end_line))


def _last_content_line(doc: Document, line: int) -> int:
    while line > 1 and not doc.line_text(line).strip():
        line -= 1
    return line


def _indent(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


# -- action items --------------------------------------------------------------------------


@fixer("action_items_ranked")
def _rank_items(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    """The rows of the table, or the items of the list, holding the misplaced item, sorted
    by tier (stable); nothing when an item in it has no tier that can be read."""
    doc = ctx.doc
    rank = {tier: index for index, tier in enumerate(rule.options.tiers)}
    tiers: dict[int, int] = {}
    for item in action_items(doc):
        tier = tier_of(item, rule.options)  # type: ignore[arg-type]
        if tier is not None and tier in rank:
            tiers[item.line] = rank[tier]
    for section in doc.sections_in("action_items"):
        for block in section.blocks:
            chunks = _chunks(doc, block, finding.line)
            if chunks is None:
                continue
            if any(start not in tiers for start, _ in chunks):
                return None
            order = sorted(chunks, key=lambda chunk: tiers[chunk[0]])
            if order == chunks:
                return None
            first, last = chunks[0][0], chunks[-1][1]
            lines = [doc.line_text(n) for start, end in order for n in range(start, end + 1)]
            edit = Edit(first, 1, last, len(doc.line_text(last)) + 1, "\n".join(lines))
            return Fix("Sort the action items by tier", (edit,))
    return None


def _chunks(doc: Document, block: Any, line: int) -> list[tuple[int, int]] | None:
    """(first, last line) of each row or item of `block`, when it holds `line`."""
    if isinstance(block, Table) and block.rows:
        rows = [row.line for row in block.rows]
        if line not in rows:
            return None
        return [(n, n) for n in rows]
    if isinstance(block, ListBlock) and block.items:
        starts = [item.line for item in block.items]
        if not starts[0] <= line <= block.end_line:
            return None
        ends = [_last_content_line(doc, n - 1) for n in starts[1:]]
        ends.append(_last_content_line(doc, block.items[-1].end_line))
        if any(end < start for start, end in zip(starts, ends, strict=True)):
            return None
        gaps = {start - end for start, end in zip(starts[1:], ends[:-1], strict=True)}
        if len(gaps) > 1:  # items separated unevenly: a blank line would move with them
            return None
        return list(zip(starts, ends, strict=True))
    return None


# -- structure -----------------------------------------------------------------------------


@fixer("section_required")
def _missing_section(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    """A skeleton of the section, placeholders `{UNKNOWN}`, at the profile's position."""
    doc, profile = ctx.doc, ctx.ruleset.profile
    kind = rule.options.kind
    headings = skeleton.skeleton_headings(profile)
    kinds = [profile.matcher.match(skeleton._norm(text)) for _level, text in headings]
    level, title = next(
        ((lv, t) for (lv, t), k in zip(headings, kinds, strict=True) if k == kind),
        (2, skeleton._TITLES.get(kind, kind.replace("_", " ").title())),
    )
    style = skeleton.style_for(ctx.ruleset.catalog, profile)
    body = skeleton._body(kind, style, _incident_date(doc) or datetime.date.today())
    block = [f"{'#' * level} {title}", "", *body.split("\n"), ""]
    position = kinds.index(kind) if kind in kinds else len(kinds)
    for later in kinds[position + 1 :]:
        found = doc.outermost_of(later) if later else []
        if found:
            edit = _insert_lines_before(found[0].line, block)
            break
    else:
        last = _last_content_line(doc, len(doc.lines))
        edit = _insert_lines_after(doc, last, ["", *block[:-1]])
    return Fix(f"Add a '{title}' section to fill in", (edit,))


_LABELS = {"date": "Date", "severity": "Severity", "status": "Status", "duration": "Duration"}


@fixer("metadata_required")
def _missing_metadata(ctx: FixContext, rule: Rule, finding: Finding) -> Fix | None:
    """Every missing incident fact as `**Field:** {UNKNOWN}` on the last header line (or a
    new header line under the title). The rule itself says which facts are missing, so a
    fact given in any form it accepts is never added again."""
    doc = ctx.doc
    missing = [
        str(hit.args["field"])
        for hit in rule.check.function(doc, rule.options)
        if str(hit.args.get("problem", "")).startswith("no incident")
    ]
    if not missing:
        return None
    facts = " | ".join(f"**{_LABELS.get(f, f.capitalize())}:** {UNKNOWN}" for f in missing)
    header = [
        line
        for line in doc.metadata.lines.values()
        if _HEADER_FACT.match(doc.line_text(line)) and line > (doc.title_line or 0)
    ]
    body = split_front_matter(doc.text).end_line + 1
    first = doc.root.children[0] if doc.root.children else None
    leading = [doc.line_text(n).strip() for n in range(body, first.line)] if first else []
    if header:
        line = max(header)
        edit = Edit.insert(line, len(doc.line_text(line)) + 1, f" | {facts}")
    elif first is not None and first.level == 1 and not any(leading):
        edit = _insert_lines_after(doc, first.line, ["", facts])  # header lines: under the H1
    else:  # the preamble: after any front matter, before the first heading
        edit = _insert_lines_before(body, [facts, ""])
    return Fix(f"Add {', '.join(missing)} as {UNKNOWN} to fill in", (edit,))


_HEADER_FACT = compiled(r"^\s*\*\*[^*\n]{1,40}?:?\*\*")
