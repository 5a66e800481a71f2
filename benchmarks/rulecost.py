"""Where the time of a check goes: parsing stages, each view, each rule.

`python benchmarks/run.py --rule-costs` prints this table. A rule's cost includes the views
it is the first to ask for (views are built once per document and cached on it), so each
rule is timed over freshly parsed documents; views are also timed on their own.
"""

from __future__ import annotations

import time
from pathlib import Path

from measure import ROOT  # noqa: F401 - puts this checkout on sys.path

from pmlint.config import config_for
from pmlint.engine import lint_document
from pmlint.parse import markdown_parser, parse_document
from pmlint.read import read_source
from pmlint.runner import Overrides, ruleset_for
from pmlint.suppress import apply_suppressions
from pmlint.views import registry


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def rule_costs(folder: Path, sample: int = 300) -> list[tuple[str, float]]:
    """(label, milliseconds per document) for stages, views and rules, costliest first."""
    files = sorted(folder.glob("*.md"))[:sample]
    ruleset = ruleset_for(config_for(files[0]), Overrides())
    texts = [read_source(path).text for path in files]
    matcher = ruleset.profile.matcher
    parser = markdown_parser()

    def fresh() -> list:  # type: ignore[type-arg]
        return [parse_document(text, str(i), matcher) for i, text in enumerate(texts)]

    rows: list[tuple[str, float]] = []
    rows.append(("stage: markdown-it parse", _timed(lambda: [parser.parse(t) for t in texts])))
    rows.append(("stage: parse_document (incl. markdown-it)", _timed(fresh)))
    docs = fresh()
    rows.append(
        ("stage: all rules", _timed(lambda: [lint_document(d, ruleset.rules) for d in docs]))
    )
    found = [lint_document(d, ruleset.rules) for d in docs]
    rows.append(
        (
            "stage: suppressions",
            _timed(
                lambda: [
                    apply_suppressions(d, f, ruleset) for d, f in zip(docs, found, strict=True)
                ]
            ),
        )
    )
    for name, view in registry().items():
        docs = fresh()
        rows.append((f"view: {name}", _timed(lambda: [view(d) for d in docs])))  # noqa: B023
    for rule in ruleset.rules:
        docs = fresh()
        function, options = rule.check.function, rule.options

        def apply() -> None:
            for doc in docs:  # noqa: B023
                for _hit in function(doc, options):  # noqa: B023
                    pass

        rows.append((f"rule: {rule.code} {rule.name} ({rule.check.name})", _timed(apply)))
    per_doc = [(label, seconds * 1000 / len(texts)) for label, seconds in rows]
    stages = [row for row in per_doc if row[0].startswith("stage")]
    others = sorted((row for row in per_doc if not row[0].startswith("stage")), key=lambda r: -r[1])
    return stages + others
