"""The language server: diagnostics, hover, code actions, over stdio (pygls).

- Diagnostics on open and save at once, on change after a pause in typing (`debounce`,
  seconds), each with the rule's code, severity, range and a `codeDescription` link.
- Hover on a finding: the rule's documentation, as `pmlint explain` prints it.
- Code actions on a finding: the rule's fix (safe ones preferred), and "disable for this
  line" (a `pmlint-disable-next-line` comment, as `--add-suppressions` writes it).
- Configuration: the nearest `pmlint.toml` / `pyproject.toml` to each document, re-read when
  it changes (watched files, a save of it, or its size or time on the next lint).
- Broken input (text that is not valid UTF-8, a huge document, a bad configuration) becomes
  a diagnostic and a message; a bug in a handler is logged, and the server goes on.

Initialization options (all optional): `debounce` (seconds, default 0.15), `maxBytes`
(largest document linted as typed, default 2 MB), `docsUrl` (a link template with `{code}`
for `codeDescription`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from pmlint.document.model import Finding
from pmlint.fix.edits import SAFE, Edit, Fix, Source
from pmlint.fix.engine import fix_of, fix_source
from pmlint.fix.fixers import FixContext
from pmlint.fix.suppressions import NOT_SUPPRESSIBLE, suppression_edits
from pmlint.server.convert import (
    diagnostic,
    finding_range,
    notice_diagnostic,
    workspace_edit,
)
from pmlint.server.linting import MAX_BYTES, Linted, Linter, Notice, path_of, removes_finding
from pmlint.util.version import __version__

log = logging.getLogger("pmlint.server")

DEBOUNCE = 0.15
DOCS_URL = "https://pypi.org/project/pmlint/#{code}"
TIMINGS = "pmlint/timings"  # a request of this server's own, for the benchmark
CONFIG_GLOB = "**/{pmlint.toml,.pmlint.toml,pyproject.toml}"
_MESSAGE_TYPE = {
    "error": types.MessageType.Error,
    "warning": types.MessageType.Warning,
    "info": types.MessageType.Info,
}

F = TypeVar("F", bound=Callable[..., Any])


class PmlintServer(LanguageServer):
    """The server's state: the linter, the last result per document, pending lints."""

    def __init__(self) -> None:
        super().__init__("pmlint", __version__, text_document_sync_kind=_sync_kind())
        self.linter = Linter()
        self.results: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.debounce = DEBOUNCE
        self.docs_url = DOCS_URL
        # Seconds from a change to its published diagnostics: elapsed, and the CPU time the
        # server spent on it (the lint and the message; not the debounce wait).
        self.timings: list[tuple[float, float]] = []

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors outside any handler (a message that is not JSON, or not UTF-8) are shown in
        pmlint's words; the server reads on."""
        if isinstance(error, UnicodeDecodeError):
            message = (
                "pmlint: a message from the editor was not valid UTF-8 and was ignored "
                f"({error.reason} at byte {error.start}); save the file as UTF-8"
            )
        else:
            message = f"pmlint: could not handle a message from the editor: {error}"
        log.error("%s", message)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=message)
        )


def _sync_kind() -> types.TextDocumentSyncKind:
    return types.TextDocumentSyncKind.Incremental


server = PmlintServer()


def guarded(function: F) -> F:
    """A handler whose bug is logged and shown, never the end of the server."""

    def run(ls: PmlintServer, params: Any) -> Any:
        try:
            return function(ls, params)
        except Exception as error:  # the server must outlive any bug in a handler
            log.exception("pmlint: %s failed", function.__name__)
            _show(ls, f"pmlint: internal error in {function.__name__}: {error}", "error")
            return None

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    return run  # type: ignore[return-value]


def _show(ls: PmlintServer, message: str, level: str) -> None:
    kind = _MESSAGE_TYPE.get(level, types.MessageType.Info)
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))
    ls.window_log_message(types.LogMessageParams(type=kind, message=message))


# -- lifecycle -----------------------------------------------------------------------------


@server.feature(types.INITIALIZE)
@guarded
def initialize(ls: PmlintServer, params: types.InitializeParams) -> None:
    options = params.initialization_options or {}
    if isinstance(options, dict):
        if isinstance(options.get("debounce"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce"]))
        if isinstance(options.get("maxBytes"), int):
            ls.linter.max_bytes = options["maxBytes"]
        if isinstance(options.get("docsUrl"), str):
            ls.docs_url = options["docsUrl"]
    folders = params.workspace_folders or []
    root = path_of(folders[0].uri) if folders else None
    if root is None and params.root_uri:
        root = path_of(params.root_uri)
    ls.linter.root = root


@server.feature(types.INITIALIZED)
@guarded
def initialized(ls: PmlintServer, params: types.InitializedParams) -> None:
    capabilities = ls.client_capabilities.workspace
    watched = capabilities.did_change_watched_files if capabilities else None
    if watched is not None and watched.dynamic_registration:
        watcher = types.FileSystemWatcher(glob_pattern=CONFIG_GLOB)
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=[watcher])
        registration = types.Registration(
            id="pmlint-config",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        ls.client_register_capability(types.RegistrationParams(registrations=[registration]))


# -- diagnostics ---------------------------------------------------------------------------


def lint_and_publish(ls: PmlintServer, uri: str, started: float | None = None) -> None:
    started = time.perf_counter() if started is None else started
    cpu = time.process_time()
    ls.pending.pop(uri, None)
    try:
        document = ls.workspace.get_text_document(uri)
        linted = ls.linter.lint(uri, document.source)
    except Exception as error:  # a bug in pmlint: say so, keep serving
        log.exception("pmlint: linting %s failed", uri)
        linted = Linted("", notices=[Notice(f"pmlint: internal error: {error}")])
    before = ls.results.get(uri)
    told = {n.message for n in before.notices} if before is not None else set()
    ls.results[uri] = linted
    units = ls.workspace.position_codec
    diagnostics = [diagnostic(units, linted.lines, f, ls.docs_url) for f in linted.findings]
    diagnostics += [notice_diagnostic(n) for n in linted.notices]
    for notice in linted.notices:  # before the diagnostics: a client reads them in order
        if notice.message not in told:  # once, not on every keystroke
            _show(ls, notice.message, notice.severity)
    version = ls.workspace.get_text_document(uri).version
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
    )
    ls.timings.append((time.perf_counter() - started, time.process_time() - cpu))
    del ls.timings[:-1000]


def _schedule(ls: PmlintServer, uri: str) -> None:
    started = time.perf_counter()
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    if ls.debounce <= 0:
        lint_and_publish(ls, uri, started)
        return
    loop = asyncio.get_running_loop()
    ls.pending[uri] = loop.call_later(ls.debounce, _safe_lint, ls, uri, started)


def _safe_lint(ls: PmlintServer, uri: str, started: float) -> None:
    try:
        lint_and_publish(ls, uri, started)
    except Exception as error:
        log.exception("pmlint: publishing %s failed", uri)
        _show(ls, f"pmlint: internal error: {error}", "error")


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded
def did_open(ls: PmlintServer, params: types.DidOpenTextDocumentParams) -> None:
    lint_and_publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded
def did_change(ls: PmlintServer, params: types.DidChangeTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@guarded
def did_save(ls: PmlintServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.rsplit("/", 1)[-1] in ("pmlint.toml", ".pmlint.toml", "pyproject.toml"):
        _config_changed(ls)
        return
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    if uri in ls.workspace.text_documents:
        lint_and_publish(ls, uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded
def did_close(ls: PmlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.results.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded
def did_change_watched_files(ls: PmlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    _config_changed(ls)


def _config_changed(ls: PmlintServer) -> None:
    """A configuration file changed: read configuration afresh, lint every open document."""
    ls.linter.config_changed()
    for uri in list(ls.results):
        if uri in ls.workspace.text_documents:
            lint_and_publish(ls, uri)


@server.feature(TIMINGS)
def timings(ls: PmlintServer, params: Any) -> dict[str, list[float]]:
    """Seconds from each change (or open, or save) to its published diagnostics, oldest
    first, then forgotten: what `benchmarks/server.py` reports."""
    found, ls.timings = ls.timings, []
    return {"seconds": [wall for wall, _cpu in found], "cpu": [cpu for _wall, cpu in found]}


# -- hover and code actions ----------------------------------------------------------------


def _at(ls: PmlintServer, uri: str, where: types.Range) -> list[tuple[Finding, Fix | None]]:
    """Findings whose range meets `where` (a point or a selection)."""
    linted = ls.results.get(uri)
    if linted is None:
        return []
    lines = linted.lines
    out = []
    for finding, fix in zip(linted.findings, linted.fixes, strict=True):
        span = finding_range(ls.workspace.position_codec, lines, finding)
        start = (span.start.line, span.start.character)
        end = (span.end.line, span.end.character)
        low = (where.start.line, where.start.character)
        high = (where.end.line, where.end.character)
        if start <= high and low <= end:
            out.append((finding, fix))
    return out


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded
def hover(ls: PmlintServer, params: types.HoverParams) -> types.Hover | None:
    point = types.Range(start=params.position, end=params.position)
    found = _at(ls, params.text_document.uri, point)
    linted = ls.results.get(params.text_document.uri)
    if not found or linted is None or linted.ruleset is None:
        return None
    from pmlint.catalog.ruledocs import rule_markdown  # lazy for start-up time: pydantic

    parts: list[str] = []
    seen: set[str] = set()
    for finding, _fix in found:
        spec = linted.ruleset.catalog.specs.get(finding.code)
        if spec is not None and finding.code not in seen:
            seen.add(finding.code)
            parts.append(rule_markdown(spec))
    if not parts:
        return None
    content = types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n\n".join(parts))
    return types.Hover(contents=content)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    ),
)
@guarded
def code_action(ls: PmlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    linted = ls.results.get(uri)
    if linted is None:
        return []
    actions: list[types.CodeAction] = []
    context = FixContext(linted.doc, linted.ruleset) if linted.doc and linted.ruleset else None
    for finding, _none in _at(ls, uri, params.range):
        found = diagnostic(ls.workspace.position_codec, linted.lines, finding, ls.docs_url)
        fix = fix_of(context, finding) if context is not None else None
        if fix is not None and not removes_finding(linted, finding, fix):
            fix = None
        if fix is not None:
            title = f"{fix.title} ({finding.code}{'' if fix.safety == SAFE else ', unsafe'})"
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[found],
                    is_preferred=fix.safety == SAFE,
                    edit=_edit(ls, uri, linted, fix.edits),
                )
            )
        if finding.code not in NOT_SUPPRESSIBLE and linted.doc is not None:
            edits = suppression_edits(linted.doc, [finding])
            actions.append(
                types.CodeAction(
                    title=f"Disable {finding.code} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[found],
                    edit=_edit(ls, uri, linted, edits),
                )
            )
    only = [str(getattr(kind, "value", kind)) for kind in params.context.only or []]
    if any(kind in ("source", FIX_ALL) for kind in only):
        everything = _fix_all(ls, uri, linted)
        if everything is not None:
            actions.append(everything)
    return actions


FIX_ALL = "source.fixAll"


def _fix_all(ls: PmlintServer, uri: str, linted: Linted) -> types.CodeAction | None:
    """Every safe fix of the document as one edit (for "fix all" and fix-on-save)."""
    if linted.ruleset is None or linted.doc is None:
        return None
    document = ls.workspace.get_text_document(uri)
    source = Source.from_text(document.source)
    result = fix_source(source, linted.doc.path, linted.ruleset, unsafe=False)
    if not result.applied or source.text == document.source:
        return None
    lines = linted.lines
    units = ls.workspace.position_codec
    end = types.Position(line=len(lines) - 1, character=units.client_num_units(lines[-1]))
    change = types.TextEdit(
        range=types.Range(start=types.Position(line=0, character=0), end=end),
        new_text=source.text,
    )
    identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=document.version)
    return types.CodeAction(
        title=f"Fix all safe pmlint problems ({result.applied})",
        kind=types.CodeActionKind.SourceFixAll,
        edit=types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=identifier, edits=[change])]
        ),
    )


def _edit(ls: PmlintServer, uri: str, linted: Linted, edits: Sequence[Edit]) -> types.WorkspaceEdit:
    document = ls.workspace.get_text_document(uri)
    units = ls.workspace.position_codec
    return workspace_edit(units, linted.lines, uri, document.version, document.source, edits)


def start(stdio: bool = True) -> None:
    """Serve over standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="pmlint server: %(message)s")
    server.debounce = DEBOUNCE
    server.linter.max_bytes = MAX_BYTES
    # A long-lived process making many short-lived objects per lint: as in `pmlint check`,
    # collect the young generation less often, and never scan what start-up loaded.
    gc.collect()
    gc.freeze()
    gc.set_threshold(max(gc.get_threshold()[0], 10_000), *gc.get_threshold()[1:])
    server.start_io()
