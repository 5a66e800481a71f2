"""Whether an action item is finished, and an owner written before the work.

Teams mark finished work in many ways: a ticked box, a check mark, DONE, struck-out
text, "(done)", a Status cell, a heading such as "Short-term (completed)" or "Actions
taken", or a sentence reporting the work ("We enabled branch protection"). Rules that
ask for owners, dates and tickets skip finished items, so this reading decides much of
what they say.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pmlint.util.lazyre import lazy
from pmlint.util.wordalt import may_contain

if TYPE_CHECKING:
    from pmlint.views.actionitem import ActionItem

DONE_WORDS = {"done", "completed", "complete", "fixed", "resolved", "closed", "shipped", "merged"}


def is_done_heading(title: str) -> bool:
    """A heading over work already finished: "Short-term (completed)", "Actions taken"."""
    return bool(_DONE_HEADING.search(title))


# A heading over work already finished: "Short-term (completed)", "Actions taken".
_DONE_HEADING = lazy(r"\b(?:completed|done|finished|taken)\b", re.IGNORECASE)
# A proposal the team decided against is closed, not open work.
_DECLINED = lazy(
    r"\b(?:decided\s+(?:not\s+to|against)|voted\s+(?:down|against)|was\s+rejected"
    r"|won['’]t\s+do)\b",
    re.IGNORECASE,
)
# The look-ahead holds every character a mark starts with: other positions of the line are
# passed over after one set test instead of trying each alternative.
_DONE_MARK = lazy(
    r"(?=[✅✔☑(DdCcWw])(?:✅|✔|☑|\bDONE\b|\((?i:already\s+)?(?i:done|completed|fixed)\b[^)]*\)"
    r"|(?i:\b(?:done|completed)\s+(?:in|via|with|by)\s|\bwe\s+already\s+do\b))"
)
_OPEN_WORDS = {
    "failed",
    "in progress",
    "open",
    "todo",
    "to do",
    "pending",
    "blocked",
    "wip",
    "not started",
    "planned",
    "ongoing",
    "tbd",
    "in review",
    "backlog",
}
# A word each of `_DECLINED` and `_PAST_WORK` needs: a line without one is not searched.
_DECLINED_KEYS = ("decided", "voted", "rejected", "won")
_PAST_WORK_KEYS = ("we", "has", "have", "was")
# "We enabled branch protection", "has been disabled and removed": work reported as done.
_PAST_WORK = lazy(
    r"^\W*(?:we\s+(?:have\s+|had\s+)?"
    r"(?:(?:already|also|now|since|for|several|many|years?|months?|recently|then)\s+)*"
    r"(?!need)[a-z]+ed\b"
    r"|[\w\s,'’-]{0,60}?\b(?:has|have)\s+(?:already\s+)?been\s+[a-z]+(?:ed|en)\b"
    r"|(?:(?!\b(?:that|which|who|when|if)\b)[\w\s'’-]){0,80}?\b(?:was|were)\s+"
    r"(?:also\s+)?(?!to\b)[a-z]+(?:ed|en)\b)",
    re.IGNORECASE,
)
_DONE_VERB = lazy(r"^\W*[A-Z][a-z]*(?:-[a-z]+)?ed\s+(?:the|a|an|our|all|some|its|their|\w+)\b")
# Words ending in -ed that open a planned item as adjectives ("Automated tests for …").
_ED_ADJECTIVES = {
    "automated",
    "improved",
    "increased",
    "dedicated",
    "detailed",
    "advanced",
    "centralized",
    "centralised",
    "extended",
    "enhanced",
    "expanded",
    "unified",
    "shared",
    "managed",
    "distributed",
    "required",
    "needed",
    "proposed",
    "suggested",
    "planned",
    "related",
    "based",
    "limited",
    "isolated",
    "structured",
    "updated",
    "scheduled",
    "simplified",
    "standardized",
    "standardised",
    "versioned",
    "signed",
    "pinned",
    "rate-limited",
}
_DONE_TITLE = lazy(r"^\W*(?:\d+\W+)?(?:[\w'’-]+\s+){1,4}(?!need)[a-z]+ed\W*$")
# "Ed to write docs", "Ed and Caroline to add a ticket", "@nova to rotate": the owner first.
_NAME = (
    r"(?:@[\w.-]+|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}"
    r"|[A-Z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2}\s+team)"
)
_LEAD_OWNER = lazy(
    rf"^\W*({_NAME}(?:(?:\s*,\s*|\s+(?:and|&)\s+){_NAME}){{0,3}})"
    r"\s+(?:to|will|should|shall|is\s+to|are\s+to)\s+[a-z]"
)
# "[Hypha] Add …", "ICL: Add …", "Hypha + ICL: Add …": the owner as a tag before the work.
_OWNER_TAG = lazy(
    r"^\W*(?:\[([A-Z][\w .&+/-]{0,30})\]|((?:[A-Z][\w.-]*)(?:\s*[+&/,]\s*[A-Z][\w.-]*){0,3}):)"
    r"\s+\S"
)
# Capitalised labels that open an item but name no one.
_NOT_TAGS = {
    "action",
    "actions",
    "note",
    "status",
    "done",
    "todo",
    "fix",
    "update",
    "tbd",
    "p0",
    "p1",
    "p2",
    "p3",
    "high",
    "medium",
    "low",
    "tier",
    "owner",
    "due",
    "bug",
}
# Words that open an item with "X to do something" without naming anyone.
_NOT_LEAD_OWNERS = {
    "need",
    "needs",
    "plan",
    "plans",
    "try",
    "going",
    "make",
    "continue",
    "want",
    "have",
    "ability",
    "time",
    "how",
    "way",
    "ways",
    "add",
    "move",
    "switch",
    "migrate",
    "upgrade",
    "set",
    "write",
    "update",
    "document",
    "allow",
    "begin",
    "start",
    "remember",
    "ensure",
    "decide",
    "return",
    "change",
    "changes",
    "work",
    "look",
    "reach",
    "go",
    "get",
    "able",
    "proposal",
    "option",
    "options",
    "consider",
    "investigate",
    "process",
    "script",
    "scripts",
    "tool",
    "tooling",
    "alert",
    "alerts",
    "alerting",
    "monitoring",
    "tests",
    "test",
    "docs",
    "documentation",
    "automation",
    "access",
    "ask",
    "agree",
    "due",
    "next",
    "also",
    "then",
    "in",
    "on",
    "it",
    "this",
    "that",
    "we",
    "they",
    "i",
    "you",
    "is",
    "and",
    "or",
    "the",
    "a",
}


def read_state(item: ActionItem, lines: list[str], done_heading: bool) -> None:
    """Done or open from the markers people use, and an owner written first ("Ed to …")."""
    status = " ".join((item.fields.get("status") or "").lower().replace("*", "").split())
    if item.done is None and status:
        if status.split(" ")[0].strip(".:;!") in DONE_WORDS:
            item.done = True
        elif status in _OPEN_WORDS or status.split(" ")[0] in ("failed", "open", "todo"):
            item.done = False
    if item.done is None:
        raw = lines[item.line - 1] if 0 < item.line <= len(lines) else ""
        body = raw.lstrip(" \t>-*+0123456789.)[]xX|")
        struck = body.startswith("~~") and body.rstrip(" |").endswith("~~")
        low = item.action.lower()
        if not struck and may_contain(low, _DECLINED_KEYS):
            struck = bool(_DECLINED.search(item.action))
        if (
            _DONE_MARK.search(raw)
            or struck
            or done_heading
            or (may_contain(low, _PAST_WORK_KEYS) and _PAST_WORK.match(item.action))
        ):
            item.done = True
        elif _DONE_VERB.match(item.action) and item.action.split()[0].lower() not in _ED_ADJECTIVES:
            item.done = True  # "Re-enabled alerting", "Migrated the node": reported as done
        elif item.form == "heading" and _DONE_TITLE.match(item.action):
            item.done = True  # "Alerts configured": a heading reporting the work done
    if item.owner is None:
        tag = _OWNER_TAG.match(item.action)
        named = (tag.group(1) or tag.group(2) or "").strip() if tag else ""
        if named and named.split()[0].lower() not in _NOT_LEAD_OWNERS | _NOT_TAGS:
            item.owner = item.fields["owner"] = named
            item.lines["owner"] = item.line
            return
        lead = _LEAD_OWNER.match(item.action)
        if lead and lead.group(1).split()[0].lower().strip("@") not in _NOT_LEAD_OWNERS:
            item.owner = item.fields["owner"] = lead.group(1)
            item.lines["owner"] = item.line
