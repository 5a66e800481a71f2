"""The document model: plain typed data that every later stage reads.

Built once per file by `pmlint.document.parse`; never validated in the hot path. Lines and
columns are 1-based everywhere.
"""

from __future__ import annotations

from dataclasses import field, fields
from operator import attrgetter
from typing import Any

from pmlint.util.record import record


@record(slots=True)
class Inline:
    """Text of one block of inline content, in the two forms rules need.

    `text` is the plain text with code-span contents kept (evidence tags are often
    written as `` `{OBSERVED}` ``); `prose` drops code spans, so a quoted phrase is
    not read as the author's own words. `lines` holds the source line of each
    soft-broken line of the block, so a match can be placed on the right line.
    """

    text: str
    prose: str
    line: int
    end_line: int
    strong: bool = False  # the whole block is one bold/strong run ("**Timeline**")


@record(slots=True)
class Paragraph:
    """A paragraph, or any block read as running text."""

    line: int
    end_line: int
    inline: Inline

    @property
    def text(self) -> str:
        return self.inline.text


@record(slots=True)
class ListItem:
    """One item of a list: its first paragraph as text, nested blocks kept."""

    line: int
    end_line: int
    text: str  # plain text of the item's first paragraph ("" when it has none)
    prose: str
    checked: bool | None  # None: not a task item; True/False: `- [x]` / `- [ ]`
    blocks: list[Block] = field(default_factory=list)  # everything after the first paragraph
    marker: str = "-"

    @property
    def children(self) -> list[ListItem]:
        """Items of lists nested directly in this item."""
        out: list[ListItem] = []
        for block in self.blocks:
            if isinstance(block, ListBlock):
                out.extend(block.items)
        return out


@record(slots=True)
class ListBlock:
    """A bullet or numbered list."""

    line: int
    end_line: int
    ordered: bool
    items: list[ListItem] = field(default_factory=list)


@record(slots=True)
class Row:
    """One body row of a table, with the line it starts on."""

    line: int
    cells: list[str]  # plain text of each cell (code spans kept)
    prose: list[str]  # the same cells without code spans


@record(slots=True)
class Table:
    """A pipe table: header cells and body rows as plain text."""

    line: int
    end_line: int
    header: list[str]
    rows: list[Row] = field(default_factory=list)

    def column(self, *names: str) -> int | None:
        """Index of the first header cell whose normalised text is one of `names`."""
        wanted = {n.lower() for n in names}
        for i, cell in enumerate(self.header):
            if _norm_cell(cell) in wanted:
                return i
        return None


@record(slots=True)
class Quote:
    """A block quote and the blocks inside it."""

    line: int
    end_line: int
    blocks: list[Block] = field(default_factory=list)


@record(slots=True)
class Code:
    """A fenced or indented code block: kept for positions, never read as content."""

    line: int
    end_line: int
    info: str
    text: str


@record(slots=True)
class Html:
    """Raw HTML: never read as content, but comments in it are collected."""

    line: int
    end_line: int
    text: str


Block = Paragraph | ListBlock | Table | Quote | Code | Html


@record(slots=True)
class Section:
    """A heading and everything up to the next heading of the same or higher level."""

    title: str  # heading text as written (plain)
    norm: str  # normalised for matching: no numbering, emoji, punctuation; lower case
    level: int  # 1-6; 0 for the document's preamble
    line: int
    end_line: int
    own_kind: str | None = None  # canonical kind matched by this heading itself
    also_kinds: tuple[str, ...] = ()  # more kinds a joined heading names ("X and Y")
    kind: str | None = None  # own_kind, or the nearest ancestor's
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)
    pseudo: bool = False  # a bold line standing alone, read as a heading

    def walk(self) -> list[Section]:
        """This section and all its descendants, in document order."""
        out: list[Section] = []
        stack = [self]
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.children))
        return out

    def all_blocks(self) -> list[Block]:
        """Blocks of this section and its descendants, in document order."""
        out = list(self.blocks)
        for child in self.children:
            out.extend(child.all_blocks())
        return out

    def has_content(self) -> bool:
        return any(not isinstance(b, Html) for b in self.blocks) or any(
            c.has_content() for c in self.children
        )


class SectionIndex:
    """A document's sections in order, and by kind: built on first use, then read only.

    Most rules read one kind of section; looking it up here costs nothing, where a walk
    of the tree per rule cost as much as the rule's own work.
    """

    __slots__ = ("by_kind", "by_own_kind", "sections")

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        self.by_own_kind: dict[str, list[Section]] = {}
        self.by_kind: dict[str, list[Section]] = {}
        for section in sections:
            if section.own_kind is not None:
                self.by_own_kind.setdefault(section.own_kind, []).append(section)
            if section.kind is not None:
                self.by_kind.setdefault(section.kind, []).append(section)
            for kind in section.also_kinds:
                self.by_own_kind.setdefault(kind, []).append(section)
                self.by_kind.setdefault(kind, []).append(section)


@record(slots=True)
class Metadata:
    """Incident facts from front matter, `**Key:** value` header lines or the file name."""

    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD when it could be read
    severity: str | None = None
    status: str | None = None
    duration: str | None = None
    line: int = 1  # where the header facts were found
    fields: dict[str, str] = field(default_factory=dict)  # every scalar key, lower-cased
    lines: dict[str, int] = field(default_factory=dict)  # key -> source line


@record(slots=True)
class Comment:
    """An HTML comment, kept for inline suppressions."""

    line: int
    text: str


@record(slots=True)
class Problem:
    """Something wrong with the file itself (front matter that does not parse, …)."""

    code: str
    line: int
    message: str


@record(slots=True)
class Document:
    """One parsed post-mortem: the section tree, metadata and what rules read from it."""

    path: str
    text: str
    lines: list[str]
    root: Section  # level-0 section: preamble blocks; children are the top headings
    metadata: Metadata
    comments: list[Comment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title_line: int | None = None  # line of the H1, if any
    day_first: bool = False  # the file writes numeric dates day first (`29-09-2025`)
    _views: dict[str, object] = field(default_factory=dict, repr=False)
    _index: SectionIndex | None = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> SectionIndex:
        """The sections listed once per document; every rule reads them, so none re-walks."""
        if self._index is None:
            self._index = SectionIndex(self.root.walk()[1:])
        return self._index

    @property
    def sections(self) -> list[Section]:
        """Every section but the preamble, in document order (shared: do not modify)."""
        return self.index.sections

    def sections_of(self, kind: str) -> list[Section]:
        """Sections whose heading itself names `kind` (outermost first)."""
        return list(self.index.by_own_kind.get(kind, ()))

    def has_kind(self, kind: str) -> bool:
        """Whether a heading names `kind`: the cheap test before reading a section."""
        return kind in self.index.by_own_kind

    def outermost_of(self, kind: str) -> list[Section]:
        """Sections naming `kind` that are not nested in a section of that kind."""
        return [
            s
            for s in self.index.by_own_kind.get(kind, ())
            if s.parent is None or s.parent.kind != kind
        ]

    def sections_in(self, kind: str) -> list[Section]:
        """Sections that belong to `kind`, by their own heading or an enclosing one."""
        return list(self.index.by_kind.get(kind, ()))

    def blocks_of(self, kind: str) -> list[Block]:
        """All blocks that belong to `kind` (a sub-section of another kind excluded)."""
        out: list[Block] = []
        for section in self.index.by_kind.get(kind, ()):
            out.extend(section.blocks)
        return out

    def line_text(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""


@record(slots=True, order=True)
class Finding:
    """One problem at one place; what every reporter prints."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"  # error | warning | info
    name: str = ""
    end_line: int | None = None
    end_column: int | None = None
    source_line: str = field(default="", compare=False)  # for baselines and context

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        """Pickled as its field values in order: findings cross from worker processes to
        the parent by the tens of thousands, and this takes half the time of the default
        for a class with slots, both ways."""
        return Finding, _FINDING_VALUES(self)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column if self.end_column is not None else self.column,
            "message": self.message,
        }


_FINDING_VALUES = attrgetter(*(spec.name for spec in fields(Finding)))


def _norm_cell(text: str) -> str:
    return " ".join(text.replace("*", "").replace("_", " ").strip().lower().split())
