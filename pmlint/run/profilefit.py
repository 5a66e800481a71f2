"""Which profile fits a team's existing post-mortems: lint them under every profile and
compare (for `pmlint init`).

A profile fits when the documents mostly pass it: what is left is worth fixing, not a wall
of findings about a format the team never used. Among the profiles that leave at most
`FIT` findings per document, the one that checks the most wins (it asks more of the
documents and they already give it); when none does, the one with the fewest findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path

from pmlint.config.settings import Config, default_settings
from pmlint.document.model import Finding
from pmlint.run.files import files_to_lint
from pmlint.run.runner import Overrides, display_path, lint_file, ruleset_for
from pmlint.util.record import record

FIT = 2.0  # findings per document a fitting profile leaves at most


@record(slots=True)
class ProfileFit:
    """One profile's result on the documents."""

    profile: str
    rules: int  # how many rules it runs
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0

    @property
    def per_document(self) -> float:
        return len(self.findings) / self.documents if self.documents else 0.0

    @property
    def files_with_findings(self) -> int:
        return len({f.path for f in self.findings})

    def commonest(self, n: int = 3) -> list[tuple[str, int]]:
        """The rules with the most findings, most first (ties by code)."""
        counts = Counter(f.code for f in self.findings)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]


def post_mortems(paths: Sequence[Path]) -> list[Path]:
    """The files `pmlint check` would lint under `paths`, with the default settings (the
    configuration being written does not exist yet)."""
    return [file for file, _config, _ignored in files_to_lint(paths, Overrides())]


def compare(files: Sequence[Path], profiles: Sequence[str], root: Path) -> list[ProfileFit]:
    """Lint `files` under each profile, with no other settings."""
    config = Config(default_settings(), None, root.resolve(), "defaults")
    results = []
    for name in profiles:
        ruleset = ruleset_for(config, Overrides(profile=name))
        fit = ProfileFit(name, len(ruleset.rules), documents=len(files))
        for file in files:
            fit.findings.extend(lint_file(file, display_path(file), ruleset))
        results.append(fit)
    return results


def suggest(results: Sequence[ProfileFit]) -> ProfileFit | None:
    """The best fit (see the module's docstring); None without documents."""
    if not results or not results[0].documents:
        return None
    fitting = [r for r in results if r.per_document <= FIT]
    if fitting:
        return max(fitting, key=lambda r: (r.rules, -len(r.findings)))
    return min(results, key=lambda r: (len(r.findings), -r.rules))


def common_folder(files: Sequence[Path], root: Path) -> str | None:
    """The one folder below `root` holding every file (`postmortems`), if there is one."""
    tops = set()
    for file in files:
        try:
            parts = file.resolve().relative_to(root.resolve()).parts
        except ValueError:
            return None
        if len(parts) < 2:
            return None
        tops.add(parts[0])
    return tops.pop() if len(tops) == 1 else None
