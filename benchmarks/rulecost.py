"""Where the time of a check goes: parsing stages, each view, each rule's own work.

`python benchmarks/run.py --rule-costs` prints this table. Views are built once per document
and cached on it, so they are timed on their own over freshly parsed documents; each rule is
then timed over documents whose views are already built, which leaves its own work. Views
that are not in the registry are whatever remains of "all rules" after the two.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from measure import ROOT  # noqa: F401 - puts this checkout on sys.path

from pmlint.config.settings import config_for
from pmlint.document.model import Document
from pmlint.document.parse import _block_parser, markdown_parser, parse_document
from pmlint.document.read import read_source
from pmlint.run.engine import lint_document
from pmlint.run.runner import Overrides, ruleset_for
from pmlint.run.suppress import apply_suppressions
from pmlint.views import registry


def _timed(action: Callable[[], object], repeat: int = 3) -> float:
    """Best of `repeat` runs: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def _views() -> dict[str, Callable[[Document], object]]:
    """The registry's views, and the text views the phrase rules share (when present)."""
    found: dict[str, Callable[[Document], object]] = dict(registry())
    try:
        from pmlint.checks import language
    except ImportError:  # pragma: no cover - the module was renamed
        return found
    for name in ("text_lines", "text_lower"):
        view = getattr(language, name, None)
        if callable(view):
            found[name] = view
    return found


def rule_costs(folder: Path, sample: int = 300) -> list[tuple[str, float]]:
    """(label, milliseconds per document): stages first, then views and rules, costliest
    first."""
    files = sorted(folder.glob("*.md"))[:sample]
    ruleset = ruleset_for(config_for(files[0]), Overrides())
    texts = [read_source(path).text for path in files]
    matcher = ruleset.profile.matcher
    parser = markdown_parser()
    block_parser = _block_parser()

    def parse_only() -> None:
        for text in texts:
            parser.parse(text)

    def block_only() -> None:
        for text in texts:
            block_parser.parse(text)

    def fresh() -> list[Document]:
        return [parse_document(text, str(i), matcher) for i, text in enumerate(texts)]

    def build() -> None:
        for i, text in enumerate(texts):
            parse_document(text, str(i), matcher)

    rows: list[tuple[str, float]] = [
        ("stage: markdown-it parse, complete (the floor's work)", _timed(parse_only)),
        ("stage: markdown-it block pass only", _timed(block_only)),
        ("stage: parse_document (block pass, inline runs, model)", _timed(build)),
    ]
    all_rules = 0.0
    for _ in range(3):
        docs = fresh()
        all_rules = min(
            all_rules or float("inf"),
            _timed(lambda: [lint_document(d, ruleset.rules) for d in docs], 1),  # noqa: B023
        )
    rows.append(("stage: all rules, views included", all_rules))
    found = [lint_document(d, ruleset.rules) for d in docs]
    pairs = list(zip(docs, found, strict=True))
    rows.append(
        (
            "stage: suppressions",
            _timed(lambda: [apply_suppressions(d, f, ruleset) for d, f in pairs]),
        )
    )
    views = 0.0
    for name, view in _views().items():
        cost = float("inf")
        for _ in range(3):
            docs = fresh()
            cost = min(cost, _timed(lambda: [view(d) for d in docs], 1))  # noqa: B023
        views += cost
        rows.append((f"view: {name}", cost))
    docs = fresh()
    for doc in docs:
        lint_document(doc, ruleset.rules)  # every cached view is built now
    own = 0.0
    for rule in ruleset.rules:
        function, options = rule.check.function, rule.options

        def apply() -> None:
            for doc in docs:
                for _hit in function(doc, options):  # noqa: B023
                    pass

        cost = _timed(apply)
        own += cost
        rows.append((f"rule: {rule.code} {rule.name} ({rule.check.name})", cost))
    rows.append(("engine, other views (the rest)", max(0.0, all_rules - views - own)))
    per_doc = [(label, seconds * 1000 / len(texts)) for label, seconds in rows]
    stages = [row for row in per_doc if row[0].startswith("stage")]
    others = sorted((row for row in per_doc if not row[0].startswith("stage")), key=lambda r: -r[1])
    return stages + others
