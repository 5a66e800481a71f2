"""Edits on a document's text, and applying them to the file's own bytes.

Positions are those of findings: 1-based lines and columns of the decoded text with
`\\n` line endings (what every stage reads). A file on disk may have CRLF or lone CR line
endings, a UTF-8 byte-order mark or a UTF-16/32 encoding; `Source` keeps all of that, maps
positions onto the text as written, and turns the `\\n` of inserted text into the line
ending the file uses, so everything outside an edit is kept byte for byte.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Sequence

from pmlint.util.recache import compiled
from pmlint.util.record import record

SAFE = "safe"
UNSAFE = "unsafe"


@record(frozen=True, slots=True, order=True)
class Edit:
    """Replace the text from (line, column) up to (end_line, end_column), exclusive.

    An insertion has an empty range; `text` uses `\\n` for line breaks."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str

    @staticmethod
    def insert(line: int, column: int, text: str) -> Edit:
        return Edit(line, column, line, column, text)


@record(frozen=True, slots=True)
class Fix:
    """What a rule offers for one finding: a title for editors and its edits."""

    title: str
    edits: tuple[Edit, ...]
    safety: str = SAFE  # "safe" | "unsafe", as the rule file declares

    def overlaps(self, other: Fix) -> bool:
        return any(_overlap(a, b) for a in self.edits for b in other.edits)


def _key(line: int, column: int) -> tuple[int, int]:
    return (line, column)


def _overlap(a: Edit, b: Edit) -> bool:
    a0, a1 = _key(a.line, a.column), _key(a.end_line, a.end_column)
    b0, b1 = _key(b.line, b.column), _key(b.end_line, b.end_column)
    if a0 == a1 and b0 == b1:
        return a0 == b0  # two insertions at one place: their order would be a guess
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


def choose(fixes: Iterable[Fix]) -> list[Fix]:
    """Fixes that can be applied together: duplicates dropped, and of fixes that overlap
    the first (in document order) kept; the others wait for the next round."""
    chosen: list[Fix] = []
    seen: set[tuple[Edit, ...]] = set()
    for fix in sorted(fixes, key=lambda f: min(f.edits) if f.edits else Edit(0, 0, 0, 0, "")):
        if not fix.edits or fix.edits in seen:
            continue
        if any(fix.overlaps(other) for other in chosen):
            continue
        seen.add(fix.edits)
        chosen.append(fix)
    return chosen


_BREAK = compiled(r"\r\n|\r|\n")
_WIDE: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class Source:
    """A file's text as written (line endings kept) with its encoding and byte-order mark.

    Raises `UnicodeDecodeError` for bytes that `pmlint.read` would not read either."""

    def __init__(self, data: bytes) -> None:
        self.bom = b""
        self.codec = "utf-8"
        for bom, codec in _WIDE:
            if data.startswith(bom):
                self.bom, self.codec = bom, codec
                break
        else:
            if data.startswith(codecs.BOM_UTF8):
                self.bom = codecs.BOM_UTF8
        self.text = data[len(self.bom) :].decode(self.codec)

    @classmethod
    def from_text(cls, text: str) -> Source:
        return cls(text.encode("utf-8"))

    def encode(self) -> bytes:
        return self.bom + self.text.encode(self.codec)

    @property
    def normalised(self) -> str:
        """The text as pmlint reads it: `\\n` line endings."""
        if "\r" not in self.text:
            return self.text
        return self.text.replace("\r\n", "\n").replace("\r", "\n")

    def apply(self, edits: Sequence[Edit]) -> None:
        """Apply non-overlapping edits (positions in the normalised text) in place."""
        if not edits:
            return
        starts, breaks = _line_table(self.text)
        default_break = next((b for b in breaks if b), "\n")
        pieces: list[str] = []
        cursor = 0
        for edit in sorted(edits):
            start = _offset(starts, breaks, edit.line, edit.column, len(self.text))
            end = _offset(starts, breaks, edit.end_line, edit.end_column, len(self.text))
            if start < cursor or end < start:
                raise ValueError(f"overlapping or reversed edit at line {edit.line}")
            line_break = breaks[min(edit.line, len(breaks)) - 1] or default_break
            text = edit.text if line_break == "\n" else edit.text.replace("\n", line_break)
            pieces += [self.text[cursor:start], text]
            cursor = end
        pieces.append(self.text[cursor:])
        self.text = "".join(pieces)


def _line_table(text: str) -> tuple[list[int], list[str]]:
    """Offset where each line starts, and the line break that ends it ("" for the last)."""
    starts = [0]
    breaks: list[str] = []
    for match in _BREAK.finditer(text):
        breaks.append(match.group(0))
        starts.append(match.end())
    breaks.append("")
    return starts, breaks


def _offset(starts: list[int], breaks: list[str], line: int, column: int, size: int) -> int:
    if line > len(starts):  # past the last line: the end of the text
        return size
    start = starts[max(line, 1) - 1]
    line_end = (starts[line] - len(breaks[line - 1])) if line < len(starts) else size
    return min(start + max(column, 1) - 1, line_end)


def apply_to_text(text: str, edits: Sequence[Edit]) -> str:
    """Apply edits to normalised text (what an editor's buffer holds)."""
    source = Source.from_text(text)
    source.apply(edits)
    return source.text
