"""The causal chain: whys, the layer each one sits in, and the root-cause statement.

Whys are written as labelled list items (`- **Why 1 (Immediate trigger):** …`),
labelled paragraph lines, questions (`1. Why did …? Because …`), rows of a table, or
plain items of a list under a "Five whys" heading. The layer of a why comes from a
`Layer:` label or a Layer column, the why's own parenthesis (`Why 3 (Systemic):`),
or the nearest sub-heading ("Surface layer — what broke") or bold line naming one. Rules with their
own layer names re-read the same hints, so the view keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field
from functools import lru_cache

from pmlint.document.headings import normalise_heading
from pmlint.document.model import (
    Block,
    Document,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Table,
)
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.common import cached_view, section_text

KIND = "causal_analysis"

# Default layers (name, phrases): the reference format's three, in chain order.
DEFAULT_LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "surface",
        (
            "surface",
            "what broke",
            "immediate cause",
            "immediate trigger",
            "proximate cause",
            "direct cause",
        ),
    ),
    ("systemic", ("systemic", "why the system allowed it", "system level", "structural")),
    (
        "cultural/process",
        (
            "cultural",
            "culture",
            "process",
            "organisational",
            "organizational",
            "why the gap persisted",
        ),
    ),
)

_LABEL = compiled(
    r"^\s*why\s*[#-]?\s*(\d{1,2})(?![\d])\s*(?:\(([^)]{0,80})\))?\s*(?:[:.)—–-]+\s*|$)",
    re.IGNORECASE,
)
_QUESTION = compiled(r"^\s*why\b[^?\n]{0,400}\?", re.IGNORECASE)
_ASKED = lazy(r"^\s*why\b(?:[^?\n]{0,400}\?|\s*[#-]?\s*\d{1,2}\b)", re.IGNORECASE | re.MULTILINE)
_LAYER_LABEL = compiled(r"\blayer\s*[:=]\s*([^;|,)\n]{1,60})", re.IGNORECASE)
_ROOT_LINE = lazy(
    r"^\s*(?:the\s+|primary\s+|underlying\s+)?root[\s-]+causes?"
    r"\s*(?:\([^)]{0,60}\))?\s*[:—–-]+\s*(\S.*)",
    re.IGNORECASE | re.DOTALL,
)

_ROOT_HEADING = compiled(r"^(?:the |primary |underlying )?root causes?$")
_WHYS_HEADING = compiled(r"\b(?:5|five)\s+whys?\b|\bwhys\b")
_NUMBER_HEADERS = ("#", "no", "no.", "n", "step", "level", "number", "why #", "why no")
_WHY_HEADERS = ("why", "whys", "question", "5 whys", "five whys", "why?")
_LAYER_HEADERS = ("layer", "causal layer", "level of cause")


@record(slots=True)
class Why:
    """One answer of a five-whys chain, with the causal layer it seems to name."""

    line: int
    number: int | None  # as written ("Why 3"), or its position in the chain
    text: str  # the answer (label removed), with an answer list below a question
    layer: str | None  # one of the default layers, read from `layer_hints`
    layer_hints: list[str] = field(default_factory=list)  # most specific first


@record(slots=True)
class RootCause:
    """The stated root cause line of a causal analysis."""

    line: int
    text: str


@record(slots=True)
class LayerHeading:
    """A sub-heading (or bold line) of the causal analysis: may name a layer."""

    line: int
    title: str
    has_content: bool


@record(slots=True)
class CausalAnalysis:
    """What the causal-analysis sections hold: whys, root cause, layer headings."""

    sections: list[Section]  # the outermost causal-analysis sections
    whys: list[Why] = field(default_factory=list)
    root_cause: RootCause | None = None
    headings: list[LayerHeading] = field(default_factory=list)


@lru_cache(maxsize=64)
def layer_matcher(
    layers: tuple[tuple[str, tuple[str, ...]], ...],
) -> re.Pattern[str]:
    """One regex finding any layer phrase as whole words in normalised text."""
    parts = []
    for index, (_, phrases) in enumerate(layers):
        words = sorted((normalise_heading(p) for p in phrases if normalise_heading(p)), key=len)
        alternation = "|".join(re.escape(w) for w in reversed(words)) or "(?!)"
        parts.append(f"(?P<l{index}>{alternation})")
    return compiled(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


def classify(
    text: str, layers: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_LAYERS
) -> str | None:
    """The layer `text` names: the one whose phrase comes first in it."""
    return _classify(layer_matcher(layers), layers, text)


def _classify(
    matcher: re.Pattern[str], layers: tuple[tuple[str, tuple[str, ...]], ...], text: str
) -> str | None:
    found = matcher.search(_normalised(text))
    if found is None or found.lastgroup is None:
        return None
    return layers[int(found.lastgroup[1:])][0]


@lru_cache(maxsize=1024)
def _normalised(text: str) -> str:
    """`normalise_heading`, remembered: the same titles are hints of many whys."""
    return normalise_heading(text)


def layer_of(
    why: Why, layers: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_LAYERS
) -> str | None:
    matcher = layer_matcher(layers)
    for hint in why.layer_hints:
        layer = _classify(matcher, layers, hint)
        if layer is not None:
            return layer
    return None


@cached_view("causal")
def causal_analysis(doc: Document) -> CausalAnalysis:
    roots = doc.outermost_of(KIND)
    result = CausalAnalysis(roots)
    for section in roots:
        _Collector(result).section(section, [], is_root=True)
    for why in result.whys:
        why.layer = layer_of(why)
    return result


def whys(doc: Document) -> list[Why]:
    return causal_analysis(doc).whys


def root_cause(doc: Document) -> list[RootCause]:
    """The root-cause statement, as a list (empty or one) for `inspect`."""
    found = causal_analysis(doc).root_cause
    return [found] if found else []


class _Collector:
    """Walks one causal-analysis section tree, appending to the shared result."""

    def __init__(self, result: CausalAnalysis) -> None:
        self.result = result
        self.count = 0

    def section(self, section: Section, hints: list[str], is_root: bool = False) -> None:
        if not is_root:
            hints = [section.title, *hints]
            self.result.headings.append(
                LayerHeading(section.line, section.title, section.has_content())
            )
        # Under a "Five whys" heading, plain items are whys, unless the whys are asked
        # as questions or labelled (then the plain items are the answers).
        whys_heading = bool(_WHYS_HEADING.search(section.norm)) and not _ASKED.search(
            section_text(section, deep=False)
        )
        if _ROOT_HEADING.match(section.norm) and self.result.root_cause is None:
            first = next((b for b in section.blocks if _block_line_text(b)), None)
            text = _block_line_text(first) if first is not None else ""
            if first is not None and not _starts_why(text):
                stated = _ROOT_LINE.match(text)
                self.result.root_cause = RootCause(
                    first.line, stated.group(1).strip() if stated else text
                )
        local = hints
        for index, block in enumerate(section.blocks):
            if isinstance(block, Paragraph) and block.inline.strong:
                title = block.inline.text.strip()
                if classify(title) is not None or _ROOT_HEADING.match(normalise_heading(title)):
                    self.result.headings.append(LayerHeading(block.line, title, True))
                    local = [title, *hints]
                    continue
            following = section.blocks[index + 1] if index + 1 < len(section.blocks) else None
            self.block(block, local, whys_heading, following)
        for child in section.children:
            if child.own_kind in (None, KIND):
                self.section(child, hints)

    def blocks(self, blocks: list[Block], hints: list[str]) -> None:
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            self.block(block, hints, False, following)

    def block(self, block: Block, hints: list[str], plain: bool, following: Block | None) -> None:
        if isinstance(block, ListBlock):
            for item in block.items:
                self.item(item, hints, plain)
        elif isinstance(block, Paragraph):
            self.paragraph(block, hints, following)
        elif isinstance(block, Table):
            self.table(block, hints, plain)
        elif isinstance(block, Quote):
            self.blocks(block.blocks, hints)

    def add(self, line: int, number: int | None, text: str, hints: list[str]) -> Why:
        self.count += 1
        why = Why(line, number if number is not None else self.count, text.strip(), None, hints)
        self.result.whys.append(why)
        return why

    def item(self, item: ListItem, hints: list[str], plain: bool) -> None:
        text = item.text.strip()
        why = self.labelled(item.line, text, hints)
        if why is None and plain and text:
            why = self.add(item.line, None, text, _with_label(text, hints))
        if why is None:
            self.root_line(item.line, text)
        extra: list[str] = []
        for index, inner in enumerate(item.blocks):
            if isinstance(inner, Paragraph):
                if why is not None and not _starts_why(inner.text):
                    extra.append(inner.text)
                    continue
                nxt = item.blocks[index + 1] if index + 1 < len(item.blocks) else None
                self.paragraph(inner, hints, nxt)
            elif isinstance(inner, ListBlock):
                for child in inner.items:
                    if why is not None and not _starts_why(child.text):
                        extra.append(child.text)
                        self.blocks(child.blocks, hints)  # whys nested under an answer
                    else:
                        self.item(child, hints, False)
            else:
                self.block(inner, hints, False, None)
        if why is not None and extra:
            why.text = "\n".join([why.text, *extra]).strip()
            label = _LAYER_LABEL.search("\n".join(extra))
            if label and label.group(1).strip() not in why.layer_hints:
                why.layer_hints.insert(0, label.group(1).strip())

    def paragraph(self, block: Paragraph, hints: list[str], following: Block | None) -> None:
        current: Why | None = None
        for offset, raw in enumerate(block.text.split("\n")):
            line = block.line + offset
            why = self.labelled(line, raw, hints)
            if why is not None:
                current = why
            elif current is not None and raw.strip():
                current.text = f"{current.text}\n{raw.strip()}"
            else:
                self.root_line(line, raw)
        if current is not None and isinstance(following, ListBlock):
            answers = [item.text for item in following.items if not _starts_why(item.text)]
            if answers:
                current.text = "\n".join([current.text, *answers]).strip()

    def table(self, table: Table, hints: list[str], plain: bool) -> None:
        header = [_norm(cell) for cell in table.header]
        why_col = _find(header, _WHY_HEADERS)
        number_col = _find(header, _NUMBER_HEADERS)
        layer_col = _find(header, _LAYER_HEADERS)
        labelled = any(row.cells and _LABEL.match(row.cells[0]) for row in table.rows)
        if why_col is None and not labelled and not plain:
            for row in table.rows:
                if row.cells:
                    self.root_line(row.line, " — ".join(row.cells[:2]))
            return
        for row in table.rows:
            cells = row.cells
            if not any(c.strip() for c in cells):
                continue
            number: int | None = None
            texts: list[str] = []
            for index, cell in enumerate(cells):
                found = _LABEL.match(cell)
                if found and number is None:
                    number = int(found.group(1))
                    rest = cell[found.end() :].strip()
                    if rest:
                        texts.append(rest)
                elif index == number_col and cell.strip().rstrip(".").isdigit():
                    number = int(cell.strip().rstrip("."))
                elif index != layer_col and cell.strip():
                    texts.append(cell.strip())
            if _ROOT_LINE.match(cells[0]) or _norm(cells[0]) in ("root cause", "root causes"):
                self.root_line(row.line, " — ".join(c for c in cells if c))
                continue
            row_hints = list(hints)
            if layer_col is not None and layer_col < len(cells) and cells[layer_col].strip():
                row_hints = [cells[layer_col].strip(), *hints]
            self.add(row.line, number, " — ".join(texts), row_hints)

    def labelled(self, line: int, text: str, hints: list[str]) -> Why | None:
        """A why from text that starts with a `Why N` label or asks a why question."""
        found = _LABEL.match(text)
        if found:
            own = [found.group(2)] if found.group(2) else []
            rest = text[found.end() :]
            hinted = _with_label(rest, hints)
            at = 1 if len(hinted) > len(hints) else 0  # after a `Layer:` label, if any
            return self.add(line, int(found.group(1)), rest, hinted[:at] + own + hinted[at:])
        if _QUESTION.match(text):
            return self.add(line, None, text, _with_label(text, hints))
        return None

    def root_line(self, line: int, text: str) -> None:
        if self.result.root_cause is not None:
            return
        found = _ROOT_LINE.match(text)
        if found:
            self.result.root_cause = RootCause(line, found.group(1).strip())


def _with_label(text: str, hints: list[str]) -> list[str]:
    found = _LAYER_LABEL.search(text)
    return [found.group(1).strip(), *hints] if found else list(hints)


def _starts_why(text: str) -> bool:
    return bool(_LABEL.match(text) or _QUESTION.match(text))


def _block_line_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text.strip()
    if isinstance(block, ListBlock) and block.items:
        return block.items[0].text.strip()
    return ""


def _norm(cell: str) -> str:
    return " ".join(cell.replace("*", "").replace("_", " ").strip().lower().split()).rstrip(":")


def _find(header: Sequence[str], names: Sequence[str]) -> int | None:
    for index, cell in enumerate(header):
        if cell in names:
            return index
    return None
