"""Contributing factors and their category tags, from tables, lists and tagged lines.

A factor's category is its *leading* tag (or the Tag column of a table): a
`{UNKNOWN}` in the middle of a factor's prose is part of what it says, not what kind
of factor it is. Tags are read in the forms people write them: `{DETECTION}`,
`` `{DETECTION}` ``, `[DETECTION]`, `**DETECTION:**`, `Detection:`; a list item or
sub-heading holding only a tag gives it to the items below.
"""

from __future__ import annotations

from dataclasses import field

from pmlint.document.model import Document, ListItem, Paragraph, Quote, Section, Table
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.common import cached_view, iter_items

KIND = "contributing_factors"

_TAG_BODY = r"([A-Za-z][A-Za-z0-9 _/-]{0,30}?)"
_BRACED = compiled(rf"\{{\s*{_TAG_BODY}\s*\}}|\[\s*{_TAG_BODY}\s*\]")
_LEAD_BRACED = compiled(rf"[\s,/+&*`]*(?:\{{\s*{_TAG_BODY}\s*\}}|\[\s*{_TAG_BODY}\s*\])")
# "Detection: …", "DETECTION — …": a single word, so a sentence is not read as a tag.
_LEAD_LABEL = lazy(r"\s*([A-Za-z][A-Za-z_-]{1,24})\s*:(?:\s+|$)|\s*([A-Z][A-Z_]{2,24})\s+[—–-]\s+")
_LONE_WORD = lazy(r"\s*([A-Za-z][A-Za-z_-]{1,24})\s*:?\s*$")
_REST_TRIM = compiled(r"^[\s`*_:;,.|—–-]+")
_TAG_HEADERS = (
    "tag",
    "tags",
    "category",
    "categories",
    "type",
    "kind",
    "class",
    "classification",
    "label",
    "area",
    "factor type",
)
_TEXT_HEADERS = ("factor", "factors", "contributing factor", "description", "detail", "details")
# Separators only: `\s*` around them rescanned a run of blanks from each blank (the parts
# are stripped instead).
_CELL_SPLIT = lazy(r"[,/&+;]|\band\b")


@record(slots=True)
class Factor:
    """One contributing factor and its category tags."""

    line: int
    form: str  # "table" | "list" | "line"
    tags: list[str]  # category names, upper case with "_" for spaces: "DETECTION"
    text: str
    raw_tags: list[str] = field(default_factory=list)  # as written: "{DETECTION}", "Detection:"


def tag_name(raw: str) -> str:
    return "_".join(raw.replace("-", " ").replace("_", " ").upper().split())


def leading_tags(text: str, words: bool = True) -> tuple[list[str], list[str], str]:
    """(names, as written, rest) of the tags that open `text`.

    Braced and bracketed tags always count; with `words`, so does a one-word label
    ("Detection:", "DETECTION —") or a text that is a single word.
    """
    names: list[str] = []
    raws: list[str] = []
    pos = 0
    while True:
        found = _LEAD_BRACED.match(text, pos)
        if found is None:
            break
        names.append(tag_name(found.group(1) or found.group(2)))
        raws.append(found.group(0).strip(" ,/+&*`"))
        pos = found.end()
    if not names and words:
        found = _LEAD_LABEL.match(text) or _LONE_WORD.match(text)
        if found:
            word = found.group(1) or found.group(2)
            names.append(tag_name(word))
            raws.append(found.group(0).strip())
            pos = found.end()
    return names, raws, _REST_TRIM.sub("", text[pos:]).strip()


@cached_view("factors")
def contributing_factors(doc: Document) -> list[Factor]:
    out: list[Factor] = []
    for section in doc.outermost_of(KIND):
        _collect(section, out, [], is_root=True)
    return out


def _collect(section: Section, out: list[Factor], group: list[str], is_root: bool = False) -> None:
    if not is_root:
        names, _, rest = leading_tags(section.title)
        if names and not rest:
            group = names
    for block in section.blocks:
        if isinstance(block, Table):
            _table(block, out)
        elif isinstance(block, Paragraph):
            for offset, raw in enumerate(block.text.split("\n")):
                names, raws, rest = leading_tags(raw.strip(), words=False)
                if names and rest:
                    out.append(Factor(block.line + offset, "line", names, rest, raws))
        else:
            for item in iter_items([block] if not isinstance(block, Quote) else block.blocks):
                _item(item, out, group)
    for child in section.children:
        if child.own_kind in (None, KIND):
            _collect(child, out, group)


def _item(item: ListItem, out: list[Factor], group: list[str]) -> None:
    text = item.text.strip()
    names, raws, rest = leading_tags(text)
    children = item.children
    if children and names and not rest:  # "- **Detection**" with its factors nested below
        for child in children:
            _item(child, out, names)
        return
    if children and not names and text.endswith(":"):  # "- Found in the review:" + factors
        for child in children:
            _item(child, out, group)
        return
    if not text:
        return
    if names and not rest:  # a lone word with nothing nested is a factor, not a label
        names, raws, rest = [], [], text
    if not names and group:
        names = list(group)
    out.append(Factor(item.line, "list", names, rest if raws else text, raws))


def _table(table: Table, out: list[Factor]) -> None:
    header = [" ".join(c.replace("*", "").replace("_", " ").lower().split()) for c in table.header]
    tag_col = next((i for i, h in enumerate(header) if h.rstrip(":") in _TAG_HEADERS), None)
    text_col = next((i for i, h in enumerate(header) if h.rstrip(":") in _TEXT_HEADERS), None)
    for row in table.rows:
        cells = row.cells
        if not any(cell.strip() for cell in cells):
            continue
        names: list[str] = []
        raws: list[str] = []
        if tag_col is not None:
            cell = cells[tag_col].strip() if tag_col < len(cells) else ""
            names, raws = _tag_cell(cell)
            others = [c.strip() for i, c in enumerate(cells) if i != tag_col and c.strip()]
        else:
            others = [c.strip() for c in cells if c.strip()]
            for cell in cells:
                names, raws, _ = leading_tags(cell.strip(), words=False)
                if names:
                    break
            if not names:
                found = _BRACED.search(" ".join(cells))
                if found:
                    raws = [found.group(0)]
                    names = [tag_name(found.group(1) or found.group(2))]
        if text_col is not None and text_col < len(cells) and cells[text_col].strip():
            text = cells[text_col].strip()
        else:
            text = " | ".join(others)
        out.append(Factor(row.line, "table", names, text, raws))


def _tag_cell(cell: str) -> tuple[list[str], list[str]]:
    """Tags of a Tag-column cell: every braced tag, else the words it holds."""
    braced = list(_BRACED.finditer(cell))
    if braced:
        return [tag_name(m.group(1) or m.group(2)) for m in braced], [m.group(0) for m in braced]
    names: list[str] = []
    raws: list[str] = []
    for part in _CELL_SPLIT.split(cell.strip(" *`:")):
        part = part.strip().strip(" *`:")
        if part and len(part.split()) <= 3:
            names.append(tag_name(part))
            raws.append(part)
    return names, raws
