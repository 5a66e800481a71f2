"""`pmlint server` end to end: a real LSP client drives the server over stdio.

Each test starts `python -m pmlint server` as a subprocess (pytest-lsp), so what is tested
is what an editor sees: initialize, open, diagnostics, edits, hover, code actions, broken
input and configuration changes, shutdown.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "examples" / "good" / "2026-03-09-search-index-stall.md"
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


# One server for the module (its start-up is most of a test's time); each test works in its
# own folder, so their documents and configurations do not meet.
@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "pmlint", "server"], server_env=ENV
    ),
)
async def client(  # type: ignore[no-untyped-def]
    lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory
):
    tmp_path = tmp_path_factory.mktemp("workspace")

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        lsp_client.registrations = [r.method for r in params.registrations]  # type: ignore[attr-defined]

    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            )
        )
    )
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=tmp_path.as_uri(),
            initialization_options={"debounce": 0.05, "maxBytes": 2_000_000},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)  # type: ignore[attr-defined]
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    return await _next(client, uri)


async def _next(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics published for `uri` (those of other documents may come first)."""
    for _ in range(20):
        await client.wait_for_notification(PUBLISH)
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
    raise AssertionError(f"no diagnostics for {uri}")


async def _replace(
    client: LanguageClient, path: Path, text: str, version: int
) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)  # type: ignore[attr-defined]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await _next(client, uri)


async def _until(client: LanguageClient, uri: str, check: object, tries: int = 10) -> None:
    """Wait for diagnostics of `uri` that pass `check` (other documents may come first)."""
    for _ in range(tries):
        await client.wait_for_notification(PUBLISH)
        if uri in client.diagnostics and check(list(client.diagnostics[uri])):  # type: ignore[operator]
            return
    raise AssertionError(f"no such diagnostics for {uri}: {client.diagnostics.get(uri)}")


def _apply(text: str, edit: types.WorkspaceEdit) -> str:
    """Apply a workspace edit's text edits to `text`, as an editor would."""
    assert edit.document_changes
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character

    changes = []
    for document_edit in edit.document_changes:
        assert isinstance(document_edit, types.TextDocumentEdit)
        for change in document_edit.edits:
            assert isinstance(change, types.TextEdit)
            changes.append((offset(change.range.start), offset(change.range.end), change.new_text))
    for start, end, new in sorted(changes, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_hover_and_code_actions(client: LanguageClient, tmp_path: Path) -> None:
    good = GOOD.read_text(encoding="utf-8")
    path = tmp_path / "2026-03-09-incident.md"
    assert await _open(client, path, good) == []

    # An edit: a misspelt evidence tag appears as a diagnostic, with its code and link.
    bad = good.replace("`{OBSERVED}` — indexer logs", "`{OBSERVD}` — indexer logs", 1)
    diagnostics = await _replace(client, path, bad, 2)
    assert [d.code for d in diagnostics] == ["PM202"]
    found = diagnostics[0]
    line = bad.split("\n")[found.range.start.line]
    assert line[found.range.start.character : found.range.end.character] == "{OBSERVD}"
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.code_description is not None and "PM202" in found.code_description.href
    assert found.source == "pmlint"

    # Hover on it: the rule's explanation.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            position=types.Position(
                line=found.range.start.line, character=found.range.start.character + 2
            ),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "PM202 unknown-evidence-tag" in hover.contents.value
    assert "## Why is this bad?" in hover.contents.value

    # Code actions: the rule's fix (preferred) and a suppression for the line.
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=found.range,
            context=types.CodeActionContext(diagnostics=[found]),
        )
    )
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    assert titles == ["Replace {OBSERVD} with {OBSERVED} (PM202)", "Disable PM202 for this line"]
    fix, disable = (a for a in actions if isinstance(a, types.CodeAction))
    assert fix.is_preferred and fix.edit is not None and disable.edit is not None

    # "Fix all" (fix-on-save) asks for source.fixAll: every safe fix as one edit.
    everything = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
            ),
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    assert everything is not None and len(everything) == 1
    fix_all = everything[0]
    assert isinstance(fix_all, types.CodeAction) and fix_all.edit is not None
    assert fix_all.title == "Fix all safe pmlint problems (1)"
    assert _apply(bad, fix_all.edit) == good

    suppressed = _apply(bad, disable.edit)
    assert "<!-- pmlint-disable-line PM202 -->" in suppressed
    assert await _replace(client, path, suppressed, 3) == []

    fixed = _apply(bad, fix.edit)
    assert fixed == good
    assert await _replace(client, path, fixed, 4) == []

    # Save lints at once; close clears the document's diagnostics.
    client.diagnostics.pop(path.as_uri(), None)  # type: ignore[attr-defined]
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri())
        )
    )
    assert await _next(client, path.as_uri()) == []
    client.diagnostics.pop(path.as_uri(), None)  # type: ignore[attr-defined]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri())
        )
    )
    assert await _next(client, path.as_uri()) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_broken_input_gives_messages_not_a_crash(
    client: LanguageClient, tmp_path: Path
) -> None:
    good = GOOD.read_text(encoding="utf-8")
    # Invalid UTF-8 decoded by an editor reaches the server as lone surrogates.
    broken = good.replace("Search Index", "Search \udcff Index", 1)
    diagnostics = await _open(client, tmp_path / "broken.md", broken)
    assert any("not valid UTF-8" in d.message for d in diagnostics)

    huge = good + ("- filler line for a very long document\n" * 130_000)
    assert len(huge.encode()) > 5_000_000
    diagnostics = await _open(client, tmp_path / "huge.md", huge)
    assert len(diagnostics) == 1 and "too large" in diagnostics[0].message

    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "pmlint.toml").write_text('profile = "no-such-profile"\n', encoding="utf-8")
    diagnostics = await _open(client, folder / "doc.md", good)
    assert len(diagnostics) == 1 and "configuration error" in diagnostics[0].message
    assert "no-such-profile" in diagnostics[0].message
    assert any("configuration error" in m.message for m in client.messages)

    # The configuration is fixed: a save of it (or the watched-files notice) re-lints.
    (folder / "pmlint.toml").write_text('profile = "default"\nignore = ["PM2"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(folder / "pmlint.toml").as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    await _until(client, (folder / "doc.md").as_uri(), lambda found: found == [])

    # Still serving.
    bad = good.replace("`{OBSERVED}` — indexer logs", "`{OBSERVD}` — indexer logs", 1)
    diagnostics = await _open(client, tmp_path / "after.md", bad)
    assert [d.code for d in diagnostics] == ["PM202"]


@pytest.mark.asyncio(loop_scope="module")
async def test_configuration_file_edits_apply_on_the_next_lint(
    client: LanguageClient, tmp_path: Path
) -> None:
    good = GOOD.read_text(encoding="utf-8")
    bad = good.replace("`{OBSERVED}` — indexer logs", "`{OBSERVD}` — indexer logs", 1)
    path = tmp_path / "doc.md"
    assert [d.code for d in await _open(client, path, bad)] == ["PM202"]
    # No notice from the client this time: the file's size and time tell the server.
    (tmp_path / "pmlint.toml").write_text('ignore = ["PM202"]\n', encoding="utf-8")
    assert await _replace(client, path, bad + "\n", 2) == []


def test_bytes_that_are_not_utf8_on_the_wire(tmp_path: Path) -> None:
    """An editor that sends a document's raw bytes: the message cannot be read, the user is
    told, and the server answers the next request."""
    import json
    import subprocess

    server = subprocess.Popen(
        [sys.executable, "-m", "pmlint", "server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert server.stdin is not None and server.stdout is not None

    def send(body: bytes) -> None:
        assert server.stdin is not None
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def receive() -> dict[str, object]:
        assert server.stdout is not None
        length = 0
        while (line := server.stdout.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(server.stdout.read(length))  # type: ignore[no-any-return]

    def request(number: int, method: str, params: object) -> bytes:
        return json.dumps(
            {"jsonrpc": "2.0", "id": number, "method": method, "params": params}
        ).encode()

    try:
        send(request(1, "initialize", {"capabilities": {}}))
        assert receive()["id"] == 1
        uri = (tmp_path / "raw.md").as_uri()
        item = {"uri": uri, "languageId": "markdown", "version": 1, "text": "@@"}
        opened = json.dumps(
            {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}}
        ).encode()
        send(opened.replace(b"@@", b"# Title\\n\\nbad \xff byte\\n"))
        shown = receive()
        assert shown["method"] == "window/showMessage"
        assert "not valid UTF-8" in str(shown["params"])
        send(request(2, "shutdown", None))
        assert receive()["id"] == 2
        send(json.dumps({"jsonrpc": "2.0", "method": "exit"}).encode())
        assert server.wait(timeout=10) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


@pytest.mark.asyncio(loop_scope="module")
async def test_only_fixes_that_work_are_offered(client: LanguageClient, tmp_path: Path) -> None:
    good = GOOD.read_text(encoding="utf-8")
    start = good.index("## 8. Follow-Up")
    without = good[:start]
    path = tmp_path / "doc.md"
    diagnostics = await _open(client, path, without)
    assert [d.code for d in diagnostics] == ["PM116"]

    async def titles(text: str, version: int) -> list[str]:
        found = await _replace(client, path, text, version)
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                range=found[0].range,
                context=types.CodeActionContext(diagnostics=found),
            )
        )
        return [a.title for a in actions or [] if isinstance(a, types.CodeAction)]

    assert await titles(without, 2) == [
        "Add a 'Follow-Up Cadence' section to fill in (PM116, unsafe)",
        "Disable PM116 for this line",
    ]
    # After a code fence left open, the section would be code: no fix is offered.
    fenced = without + "```\nlog excerpt, fence never closed\n"
    assert await titles(fenced, 3) == ["Disable PM116 for this line"]


def test_positions_count_in_the_clients_units() -> None:
    from pygls.workspace.position_codec import PositionCodec

    from pmlint.document.model import Finding
    from pmlint.server.convert import finding_range, position

    lines = ["# 🔬 POST-MORTEM: {OBSERVD} here", ""]
    utf16 = PositionCodec(types.PositionEncodingKind.Utf16)
    utf32 = PositionCodec(types.PositionEncodingKind.Utf32)
    column = lines[0].index("{") + 1  # pmlint: code points, from 1
    assert position(utf32, lines, 1, column) == types.Position(line=0, character=column - 1)
    assert position(utf16, lines, 1, column) == types.Position(line=0, character=column)
    finding = Finding("d.md", 1, column, "PM202", "m", end_line=1, end_column=column + 9)
    span = finding_range(utf16, lines, finding)
    assert (span.start.character, span.end.character) == (column, column + 9)
    # A finding without an end runs to the end of its line; positions past the text clamp.
    whole = finding_range(utf16, lines, Finding("d.md", 1, 1, "PM101", "m"))
    assert whole.end.character == len(lines[0]) + 1
    assert position(utf16, lines, 99, 99) == types.Position(line=1, character=0)
