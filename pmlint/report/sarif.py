"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from . import RuleInfo
from ._common import RootPaths, doc_url, fingerprints, rule_name

if TYPE_CHECKING:
    from pmlint.document.model import Finding

    from . import ReportContext

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/pmlint/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "pmlint/v1"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(ctx: ReportContext) -> str:
    """One run: the whole rule catalogue, every checked file, every finding."""
    paths = RootPaths(ctx.root)
    rules = _rules(ctx)
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}

    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    for path in [*ctx.files, *(f.path for f in ctx.findings)]:
        if path not in artifact_index:
            artifact_index[path] = len(artifacts)
            artifacts.append({"location": _location(path, paths), "mimeType": "text/markdown"})

    results = []
    for finding, fingerprint in zip(
        ctx.findings, fingerprints(ctx.findings, paths, algo="sha256"), strict=True
    ):
        location = _location(finding.path, paths)
        location["index"] = artifact_index[finding.path]
        results.append(
            {
                "ruleId": finding.code,
                "ruleIndex": rule_index[finding.code],
                "level": _LEVELS.get(finding.severity, "error"),
                "message": {"text": finding.message or finding.code},
                "locations": [
                    {"physicalLocation": {"artifactLocation": location, "region": _region(finding)}}
                ],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            }
        )

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "pmlint",
                "version": ctx.version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(ctx.root)}},
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",  # columns count Python str characters
        "results": results,
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2) + "\n"


def _rules(ctx: ReportContext) -> list[dict[str, Any]]:
    """The catalogue sorted by code, plus any code a finding uses that it lacks."""
    catalogue = dict(ctx.rules)
    for finding in ctx.findings:
        if finding.code not in catalogue:
            catalogue[finding.code] = RuleInfo(
                code=finding.code,
                name=rule_name(finding, ctx),
                severity=finding.severity,
                summary=finding.name or finding.code,
            )
    for code, rule in catalogue.items():
        if rule.help_uri is None:
            rule.help_uri = doc_url(code, ctx)
    return [_rule(catalogue[code]) for code in sorted(catalogue)]


def _rule(rule: RuleInfo) -> dict[str, Any]:
    summary = rule.summary or rule.name or rule.code
    markdown = rule.help_markdown.strip() or summary
    text = markdown
    if rule.help_uri:
        # GitHub shows help.markdown but ignores helpUri, so the link goes in the text too.
        markdown += f"\n\n[{rule.code} documentation]({rule.help_uri})"
        text += f"\n\nSee {rule.help_uri}"
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name or rule.code,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rule.description or _first_paragraph(markdown) or summary},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVELS.get(rule.severity, "error")},
    }
    if rule.help_uri:
        out["helpUri"] = rule.help_uri
    return out


def _first_paragraph(markdown: str) -> str:
    """The first paragraph of the docs that is not a heading or the severity line, joined
    onto one line."""
    for chunk in markdown.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        lines = [
            line
            for line in lines
            if line and not line.startswith(("#", "Default severity:", "Severity:"))
        ]
        if lines and not lines[0].startswith(("```", "~~~")):
            return " ".join(lines)
    return ""


def _location(path: str, paths: RootPaths) -> dict[str, Any]:
    """A root-relative URI against %SRCROOT%, or an absolute file URI outside the root."""
    posix, relative = paths.resolve(path)
    if relative:
        # surrogateescape: a file name that is not UTF-8 keeps its own bytes, %-encoded
        return {"uri": quote(posix, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}
    return {"uri": Path(posix).as_uri()}


def _region(finding: Finding) -> dict[str, int]:
    """SARIF regions are 1-based with an exclusive end column, as pmlint's findings are."""
    line = max(1, finding.line)
    column = max(1, finding.column)
    region = {"startLine": line, "startColumn": column}
    end_line = max(line, finding.end_line) if finding.end_line is not None else line
    region["endLine"] = end_line
    if finding.end_column is not None:
        end_column = max(1, finding.end_column)
        if end_line > line or end_column >= column:
            region["endColumn"] = end_column
    return region


def _root_uri(root: str) -> str:
    uri = Path(os.path.abspath(root)).as_uri()
    return uri if uri.endswith("/") else uri + "/"
