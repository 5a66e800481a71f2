"""pmlint's positions, findings and edits as the protocol's types.

pmlint counts lines and columns from 1, in code points; a client counts from 0, in the
units it negotiated (UTF-16 code units unless it asked for another): `Units` converts the
text before a column into the client's units.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from lsprotocol import types

from pmlint.document.model import Finding
from pmlint.fix.edits import Edit
from pmlint.server.linting import Notice

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


class Units(Protocol):
    """pygls's position codec, as far as these functions need it."""

    def client_num_units(self, string: str) -> int: ...


def position(units: Units, lines: list[str], line: int, column: int) -> types.Position:
    """A pmlint position (1-based, code points) as the client counts (0-based, its units)."""
    row = min(max(line, 1), max(len(lines), 1)) - 1
    text = lines[row] if row < len(lines) else ""
    column = min(max(column, 1), len(text) + 1)
    return types.Position(line=row, character=units.client_num_units(text[: column - 1]))


def finding_range(units: Units, lines: list[str], finding: Finding) -> types.Range:
    """A finding's range; one without an end runs to the end of its line."""
    end_line = finding.end_line or finding.line
    end_column = finding.end_column or finding.column
    if (end_line, end_column) <= (finding.line, finding.column):
        text = lines[finding.line - 1] if 1 <= finding.line <= len(lines) else ""
        end_line, end_column = finding.line, len(text) + 1
    return types.Range(
        start=position(units, lines, finding.line, finding.column),
        end=position(units, lines, end_line, end_column),
    )


def diagnostic(units: Units, lines: list[str], finding: Finding, docs: str) -> types.Diagnostic:
    """A finding as a diagnostic; `docs` is the link template (`{code}`, `{name}`)."""
    href = docs.replace("{code}", finding.code).replace("{name}", finding.name)
    return types.Diagnostic(
        range=finding_range(units, lines, finding),
        message=finding.message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Error),
        code=finding.code,
        code_description=types.CodeDescription(href=href),
        source="pmlint",
        data={"name": finding.name},
    )


def notice_diagnostic(notice: Notice) -> types.Diagnostic:
    """A notice (broken input, a bad configuration) as a diagnostic at the start of its line."""
    row = max(notice.line, 1) - 1
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=row, character=0),
            end=types.Position(line=row, character=0),
        ),
        message=notice.message,
        severity=SEVERITY.get(notice.severity, types.DiagnosticSeverity.Error),
        source="pmlint",
    )


def workspace_edit(
    units: Units,
    lines: list[str],
    uri: str,
    version: int | None,
    source: str,
    edits: Sequence[Edit],
) -> types.WorkspaceEdit:
    """Edits as a workspace edit on one version of the document; inserted line breaks are
    the ones the editor's text uses (`source`)."""
    line_break = "\r\n" if "\r\n" in source else "\r" if "\r" in source else "\n"
    changes = []
    for edit in edits:
        text = edit.text if line_break == "\n" else edit.text.replace("\n", line_break)
        start = _edit_position(units, lines, edit.line, edit.column)
        end = _edit_position(units, lines, edit.end_line, edit.end_column)
        changes.append(types.TextEdit(range=types.Range(start=start, end=end), new_text=text))
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return types.WorkspaceEdit(
        document_changes=[types.TextDocumentEdit(text_document=document, edits=changes)]
    )


def _edit_position(units: Units, lines: list[str], line: int, column: int) -> types.Position:
    if line > len(lines):  # past the last line: the end of the document
        last = lines[-1] if lines else ""
        return types.Position(line=max(len(lines) - 1, 0), character=units.client_num_units(last))
    return position(units, lines, line, column)
