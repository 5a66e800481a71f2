"""The language server's latency: from a change to the published diagnostics.

    python benchmarks/server.py               # 60 changes per document
    python benchmarks/server.py --changes 20  # a quick look

Starts `python -m pmlint server` and drives it over stdio with a real LSP client (the one
the tests use), debounce off. For a 10 KB post-mortem and for the largest document of the
shared corpus (`shared/corpus/real` and `real2`), it opens the document and sends whole-text
changes, each a one-word edit, waiting for the diagnostics of each. It reports:

- server-side, elapsed: the time the server measured from receiving the change to writing
  the diagnostics (its own `pmlint/timings` request), the figure the target is set on;
- server-side, CPU: the processor time the server spent on it (less sensitive to other
  load on the machine);
- round trip: the same seen by the client, with the pipe and JSON both ways added.

Exit status 0 when the 10 KB document's server-side median is at most 30 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp.client import make_test_lsp_client

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARGET_MS = 30.0
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS


def ten_kb_document() -> str:
    """The table-form good example, its What Went Well list grown to 10 KB."""
    text = (ROOT / "examples/good/2026-03-09-search-index-stall.md").read_text(encoding="utf-8")
    head, marker, tail = text.partition("## 5. What Went Well\n\n")
    extra = []
    number = 0
    while len((head + marker + "".join(extra) + tail).encode()) < 10_240:
        number += 1
        extra.append(f"- The runbook's step {number} was current and the on-call followed it.\n")
    return head + marker + "".join(extra) + tail


def largest_corpus_document() -> Path | None:
    files = [p for folder in ("real", "real2") for p in (SHARED / "corpus" / folder).glob("*.md")]
    return max(files, key=lambda p: p.stat().st_size) if files else None


def _edit(text: str, index: int) -> str:
    """A one-word edit that keeps the document's shape: a word in the last line toggled."""
    stripped = text.rstrip("\n")
    cut = stripped.rfind("\n") + 1
    last = stripped[cut:]
    word = f" edit{index % 2}"
    return (
        stripped[:cut]
        + (last[: -len(word)] if last.endswith(" edit0") or last.endswith(" edit1") else last)
        + word
        + "\n"
    )


async def measure(name: str, path: Path, text: str, changes: int, client) -> dict[str, object]:  # type: ignore[no-untyped-def]
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    await client.wait_for_notification(PUBLISH)
    await client.protocol.send_request_async("pmlint/timings", None)
    round_trips = []
    for index in range(changes):
        text = _edit(text, index)
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=index + 2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        await client.wait_for_notification(PUBLISH)
        round_trips.append(time.perf_counter() - started)
    reply = await client.protocol.send_request_async("pmlint/timings", None)
    seconds = reply["seconds"] if isinstance(reply, dict) else reply.seconds
    cpu = reply["cpu"] if isinstance(reply, dict) else reply.cpu
    findings = len(client.diagnostics.get(uri, []))
    return {
        "name": name,
        "size": len(text.encode()),
        "findings": findings,
        "server": [s * 1000 for s in seconds],
        "cpu": [s * 1000 for s in cpu],
        "round": [s * 1000 for s in round_trips],
    }


def _summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"{statistics.median(values):.1f} ms (p90 {p90:.1f}, min {ordered[0]:.1f})"


async def main(changes: int) -> int:
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "pmlint", "server")
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=ROOT.as_uri(),
            initialization_options={"debounce": 0},
        )
    )
    document = ten_kb_document()
    untagged = document.replace("`{OBSERVED}` — ", "").replace("`{INFERRED}` — ", "")
    results = [
        await measure("10 KB post-mortem", ROOT / "bench-10kb.md", document, changes, client),
        await measure(
            "10 KB post-mortem, evidence tags removed",
            ROOT / "bench-10kb-untagged.md",
            untagged,
            changes,
            client,
        ),
    ]
    largest = largest_corpus_document()
    if largest is not None:
        text = largest.read_text(encoding="utf-8")
        results.append(
            await measure(
                f"largest corpus document ({largest.name})",
                ROOT / "bench-largest.md",
                text,
                changes,
                client,
            )
        )
    await client.shutdown_session()
    print(f"{changes} changes per document, debounce off; medians (p90, min)\n")
    print("| Document | Size | Findings | Server-side, elapsed | Server-side, CPU | Round trip |")
    print("|---|---:|---:|---|---|---|")
    for result in results:
        size = int(result["size"]) / 1024  # type: ignore[call-overload]
        server, cpu, round_trip = (_summary(result[k]) for k in ("server", "cpu", "round"))  # type: ignore[arg-type]
        figures = f"{server} | {cpu} | {round_trip}"
        print(f"| {result['name']} | {size:.1f} KB | {result['findings']} | {figures} |")
    median = statistics.median(results[0]["server"])  # type: ignore[arg-type]
    ok = median <= TARGET_MS
    print(
        f"\n10 KB server-side median {median:.1f} ms: {'met' if ok else 'MISSED'}"
        f" (target ≤ {TARGET_MS:.0f} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=60)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.changes)))
