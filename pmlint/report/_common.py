"""Helpers shared by the report formats: counts, rule names and repository-relative paths."""

from __future__ import annotations

import os
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, TypeVar

from pmlint.document.rows import CODE, NAME, SEVERITY, FindingRows
from pmlint.util.record import record

if TYPE_CHECKING:
    from pmlint.document.model import Finding

    from . import ReportContext

SEVERITIES = ("error", "warning", "info")
_K = TypeVar("_K")
_V = TypeVar("_V")


@record(slots=True)
class Summary:
    """Counts every format's summary is made from."""

    files: int
    files_with_findings: int
    errors: int
    warnings: int
    info: int
    by_code: dict[str, int] = field(default_factory=dict)  # sorted by code

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.info


def all_files(ctx: ReportContext) -> list[str]:
    """Checked files in order, then any path that has findings but was not listed."""
    seen = dict.fromkeys(ctx.files)
    for finding in ctx.findings:
        if finding.path not in seen:
            seen[finding.path] = None
    return list(seen)


class Tally:
    """Running counts over findings as they go past, so a streamed report can keep nothing
    else: the summary, the per-rule statistics and the exit status are made from these.

    Findings stored as columns (`FindingRows`) are counted when a count is first read,
    all together: counting a thousand files' columns at once costs a fraction of counting
    each file's."""

    __slots__ = ("_codes", "_names", "_paths", "_raw", "_rows", "_severities", "ctx")

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx
        self._severities: Counter[str] = Counter()  # unknown severities counted as errors
        self._raw: set[str] = set()  # as written, for the exit status
        self._codes: Counter[str] = Counter()
        self._names: dict[str, str] = {}  # code -> rule name of its first finding
        self._paths: set[str] = set()
        self._rows: list[FindingRows] = []  # not counted yet

    @property
    def severities(self) -> Counter[str]:
        self._settle()
        return self._severities

    @property
    def raw_severities(self) -> set[str]:
        self._settle()
        return self._raw

    @property
    def codes(self) -> Counter[str]:
        self._settle()
        return self._codes

    @property
    def names(self) -> dict[str, str]:
        self._settle()
        return self._names

    @property
    def paths(self) -> set[str]:
        self._settle()
        return self._paths

    def add(self, finding: Finding) -> None:
        if self._rows:
            self._settle()
        severity = finding.severity
        self._raw.add(severity)
        self._severities[severity if severity in SEVERITIES else "error"] += 1
        code = finding.code
        self._codes[code] += 1
        if code not in self._names:
            self._names[code] = rule_name(finding, self.ctx)
        self._paths.add(finding.path)

    def add_all(self, findings: Sequence[Finding]) -> None:
        """`add` for each finding, in a few calls over the list rather than a few per finding."""
        if not findings:
            return
        if type(findings) is FindingRows:
            self._rows.append(findings)
            return
        if self._rows:
            self._settle()
        severities = Counter(finding.severity for finding in findings)
        self._raw.update(severities)
        for severity, count in severities.items():
            self._severities[severity if severity in SEVERITIES else "error"] += count
        codes = [finding.code for finding in findings]
        self._codes.update(codes)
        names = self._names
        if not names.keys() >= set(codes):
            for finding in findings:
                if finding.code not in names:
                    names[finding.code] = rule_name(finding, self.ctx)
        self._paths.update({finding.path for finding in findings})

    def _settle(self) -> None:
        """Count the rows not counted yet, as `add` would have, in order."""
        pending, self._rows = self._rows, []
        start = 0
        while start < len(pending):
            table = pending[start].table
            end = start
            while end < len(pending) and pending[end].table is table:
                end += 1
            self._count(pending[start:end], table)
            start = end

    def _count(self, group: list[FindingRows], table: list[str]) -> None:
        """Count rows that index one table: over their columns joined, per distinct index."""
        severities, codes, names = (array("i") for _ in range(3))
        for rows in group:
            severities.extend(rows.column(SEVERITY))
            codes.extend(rows.column(CODE))
            names.extend(rows.column(NAME))
            self._paths.add(rows.path)
        for index, count in Counter(severities).items():
            severity = table[index]
            self._raw.add(severity)
            self._severities[severity if severity in SEVERITIES else "error"] += count
        known = self._names
        for index, count in Counter(codes).items():
            code = table[index]
            self._codes[code] += count
            if code not in known:  # named after its first finding, as `add` would
                known[code] = name_of(code, table[names[codes.index(index)]], self.ctx)

    def summary(self, files: list[str]) -> Summary:
        """Counts over `files` (every file checked) and any other path that had findings."""
        listed = dict.fromkeys(files)
        extra = sum(1 for path in self.paths if path not in listed)
        return Summary(
            files=len(listed) + extra,
            files_with_findings=len(self.paths),
            errors=self.severities["error"],
            warnings=self.severities["warning"],
            info=self.severities["info"],
            by_code=dict(sorted(self.codes.items())),
        )


class Memo(dict[_K, _V]):
    """Values made by `make` the first time their key is asked for (`memo[key]`): what a
    report writes for each distinct string of stored findings is made once per run."""

    def __init__(self, make: Callable[[_K], _V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self.make(key)
        return value


def doc_url(code: str, ctx: ReportContext) -> str | None:
    """The documentation page of a rule, when it has one."""
    url = ctx.urls.get(code)
    if url is None:
        rule = ctx.rules.get(code)
        url = rule.help_uri if rule is not None else None
    return url


def hidden_note(ctx: ReportContext, found: bool) -> str:
    """How many findings the baseline hid, to end a summary line: `; 12 more hidden by the
    baseline` after problems, ` (12 hidden by the baseline)` after none."""
    if ctx.hidden is None:
        return ""
    if found:
        return f"; {ctx.hidden} more hidden by the baseline" if ctx.hidden else ""
    return f" ({ctx.hidden} hidden by the baseline)"


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`; "info" is a mass noun and stays as it is."""
    if count == 1 or word == "info":
        return f"{count} {word}"
    return f"{count} {word}s"


def severity_counts(summary: Summary) -> str:
    return ", ".join(
        (
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.info, "info"),
        )
    )


def rule_name(finding: Finding, ctx: ReportContext) -> str:
    """The finding's own rule name, else the catalogue's, else ""."""
    return name_of(finding.code, finding.name, ctx)


def name_of(code: str, name: str, ctx: ReportContext) -> str:
    """`rule_name` of a finding with this code and name."""
    if name:
        return name
    rule = ctx.rules.get(code)
    return rule.name if rule is not None else ""


class RootPaths:
    """Maps displayed paths to paths relative to the repository root, with forward slashes.

    Displayed paths are relative to the working directory, which in CI is not always the
    repository root, so they are resolved first. A path outside the root stays absolute.
    Results are cached: one report asks about the same few paths many times.
    """

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self._cache: dict[str, tuple[str, bool]] = {}

    def resolve(self, path: str) -> tuple[str, bool]:
        """(path with forward slashes, True when it is relative to the root)."""
        hit = self._cache.get(path)
        if hit is not None:
            return hit
        absolute = os.path.abspath(path)
        try:
            rel = os.path.relpath(absolute, self.root)
        except ValueError:  # another drive on Windows
            rel = ""
        if not rel or rel == os.pardir or rel.startswith(os.pardir + os.sep):
            out = (absolute.replace(os.sep, "/"), False)
        else:
            out = (rel.replace(os.sep, "/"), True)
        self._cache[path] = out
        return out

    def relative(self, path: str) -> str:
        return self.resolve(path)[0]


def fingerprints(findings: list[Finding], paths: RootPaths, *, algo: str) -> list[str]:
    """One stable hash per finding: code, root-relative path, stripped source line, occurrence.

    Line numbers are left out so a finding keeps its identity when text above it moves;
    the occurrence index keeps identical findings in one file apart.
    """
    import hashlib  # lazy for start-up time: it loads OpenSSL; only SARIF and GitLab need it

    seen: Counter[tuple[str, str, str]] = Counter()
    out: list[str] = []
    for finding in findings:
        key = (finding.code, paths.relative(finding.path), finding.source_line.strip())
        index = seen[key]
        seen[key] += 1
        payload = "\0".join((*key, str(index))).encode("utf-8", "surrogatepass")
        out.append(hashlib.new(algo, payload, usedforsecurity=False).hexdigest())
    return out
