"""`pmlint check --add-suppressions`: a suppression comment for every current finding.

For adopting pmlint on a repository of old post-mortems (like ruff's `--add-noqa`): each
finding gets `<!-- pmlint-disable-next-line CODE -->` on its own line above it. Where a
line of its own would change how the Markdown reads (a table row, a list item, a line in
the middle of a paragraph) the comment goes at the end of the line as
`<!-- pmlint-disable-line CODE -->`, and so do findings about the whole document, which
are reported on the first line; a file that starts with front matter gets
`<!-- pmlint-disable-file CODE -->` after it for those.
"""

from __future__ import annotations

from pmlint.document.frontmatter import split_front_matter
from pmlint.document.model import Document, Finding
from pmlint.fix.edits import Edit
from pmlint.util.recache import compiled

# Findings about the file itself, which a comment in the file cannot hide.
NOT_SUPPRESSIBLE = {"PM001", "PM002", "PM003"}
_LIST_ITEM = compiled(r"^\s*(?:[-*+]|[0-9]{1,9}[.)])(?:\s|$)")
_ATX = compiled(r"^ {0,3}#{1,6}(?:\s|$)")


def suppression_edits(doc: Document, findings: list[Finding]) -> list[Edit]:
    """One edit per line with findings, naming every code found on it."""
    by_line: dict[int, list[str]] = {}
    for finding in findings:
        if finding.code in NOT_SUPPRESSIBLE:
            continue
        codes = by_line.setdefault(finding.line, [])
        if finding.code not in codes:
            codes.append(finding.code)
    front_end = _front_matter_end(doc)
    edits: list[Edit] = []
    for line, codes in sorted(by_line.items()):
        names = ", ".join(sorted(codes))
        text = doc.line_text(line)
        if front_end and line <= front_end:
            edits.append(_line_after(doc, front_end, f"<!-- pmlint-disable-file {names} -->"))
        elif line == 1:  # where findings about the whole document are reported
            edits.append(_at_end(line, text, f"<!-- pmlint-disable-line {names} -->"))
        elif _own_line_is_safe(doc, line):
            indent = text[: len(text) - len(text.lstrip())]
            comment = f"{indent}<!-- pmlint-disable-next-line {names} -->\n"
            edits.append(Edit.insert(line, 1, comment))
        else:
            edits.append(_at_end(line, text, f"<!-- pmlint-disable-line {names} -->"))
    return _merged(edits)


def _own_line_is_safe(doc: Document, line: int) -> bool:
    text = doc.line_text(line)
    stripped = text.strip()
    if stripped.startswith("|") or _LIST_ITEM.match(text):
        return False
    previous = doc.line_text(line - 1).strip() if line > 1 else ""
    if _ATX.match(text):
        return not previous.startswith("|") and not _LIST_ITEM.match(doc.line_text(line - 1))
    return not previous


def _at_end(line: int, text: str, comment: str) -> Edit:
    body = text.rstrip()
    if body.endswith("|") and body.lstrip().startswith("|") and len(body.strip()) > 1:
        # Inside the last cell, so the row keeps its cells.
        at = len(body) - 1
        return Edit.insert(
            line, at + 1, f"{comment} " if text[at - 1 : at] == " " else f" {comment} "
        )
    return Edit.insert(line, len(body) + 1, f" {comment}" if body.strip() else comment)


def _line_after(doc: Document, line: int, comment: str) -> Edit:
    return Edit.insert(line + 1, 1, f"{comment}\n")


def _merged(edits: list[Edit]) -> list[Edit]:
    """Insertions at one place (several lines of front matter) become one."""
    out: dict[tuple[int, int], Edit] = {}
    for edit in edits:
        key = (edit.line, edit.column)
        if key in out:
            if edit.text not in out[key].text:
                out[key] = Edit.insert(edit.line, edit.column, out[key].text + edit.text)
        else:
            out[key] = edit
    return [out[key] for key in sorted(out)]


def _front_matter_end(doc: Document) -> int:
    if doc.line_text(1).strip() not in ("---", "+++"):
        return 0
    return split_front_matter(doc.text).end_line
