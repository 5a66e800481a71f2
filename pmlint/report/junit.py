"""JUnit XML output: one test suite per checked file, one failing test case per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from pmlint.util.recache import compiled

from ._common import all_files, doc_url, rule_name

if TYPE_CHECKING:
    from pmlint.document.model import Finding

    from . import ReportContext

# Characters XML 1.0 does not allow anywhere, not even as character references.
_ILLEGAL = compiled("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _ILLEGAL.sub("", text)


def render(ctx: ReportContext) -> str:
    """Files without findings get one passing case, so CI lists every file it checked."""
    by_path: dict[str, list[Finding]] = {path: [] for path in all_files(ctx)}
    for finding in ctx.findings:
        by_path[finding.path].append(finding)

    root = ET.Element("testsuites", name="pmlint")
    total_tests = total_failures = 0
    for path, findings in by_path.items():
        name = xml_safe(path)
        tests = max(1, len(findings))
        suite = ET.SubElement(
            root,
            "testsuite",
            name=name,
            tests=str(tests),
            failures=str(len(findings)),
            errors="0",
            skipped="0",
        )
        if not findings:
            ET.SubElement(suite, "testcase", classname=name, name="no problems", file=name)
        for finding in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=name,
                name=f"{xml_safe(finding.code)} {finding.line}:{finding.column}",
                file=name,
                line=str(finding.line),
            )
            failure = ET.SubElement(
                case, "failure", message=xml_safe(finding.message), type=xml_safe(finding.code)
            )
            failure.text = xml_safe(_details(finding, ctx))
        total_tests += tests
        total_failures += len(findings)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")

    ET.indent(root)
    # ASCII with character references: the bytes mean the same under any decoder.
    body = ET.tostring(root, encoding="us-ascii").decode("ascii")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


SOURCE_SHOWN = 200  # characters of the offending line shown with a failure


def _details(finding: Finding, ctx: ReportContext) -> str:
    """The text-format line, the rule name and severity, and the offending source line."""
    name = rule_name(finding, ctx)
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}",
        f"rule: {finding.code} {name}".rstrip() + f" ({finding.severity})",
    ]
    source = finding.source_line.rstrip()
    if source.strip():
        if len(source) > SOURCE_SHOWN:  # one finding's context, not a whole minified line
            source = source[:SOURCE_SHOWN] + "…"
        lines.append(f"source: {source}")
    url = doc_url(finding.code, ctx)
    if url:
        lines.append(f"docs: {url}")
    return "\n".join(lines)
