"""Every rule file's docs examples run as tests (pycodestyle-style).

The bad example must raise the rule; the good example must not. Each example is
linted with that rule alone, so a fragment is judged only on what it illustrates. A
cross-document rule's examples are linted beside the other post-mortems its docs give
(`[docs.others]`), dated 2026-12-01 so that the results do not change with the calendar.
"""

from __future__ import annotations

import datetime

import pytest

from pmlint.catalog.catalog import build_rules
from pmlint.catalog.load import load_catalog
from pmlint.document.parse import parse_document
from pmlint.index.corpus import Corpus, use_corpus
from pmlint.index.entry import entry_from_document
from pmlint.run.engine import lint_document

CATALOG = load_catalog()
ENGINE_RULES = {"PM001", "PM002", "PM003"}  # raised outside a document scan; tested elsewhere
DOCUMENT_RULES = sorted(code for code in CATALOG.specs if code not in ENGINE_RULES)


def _codes(code: str, text: str) -> list[str]:
    profile = CATALOG.profile("default")
    rules = build_rules(CATALOG, profile, select=[code])
    doc = parse_document(text, "example.md", profile.matcher)
    others = [
        entry_from_document(parse_document(body, name, profile.matcher), name)
        for name, body in CATALOG.specs[code].docs.others.items()
    ]
    with use_corpus(Corpus(others, datetime.date(2026, 12, 1))):
        return [f.code for f in lint_document(doc, rules)]


@pytest.mark.parametrize("code", DOCUMENT_RULES)
def test_bad_example_raises_the_rule(code: str) -> None:
    spec = CATALOG.specs[code]
    assert spec.docs.bad.strip(), f"{code} has no bad example"
    assert code in _codes(code, spec.docs.bad), f"{code}: bad example does not raise it"


@pytest.mark.parametrize("code", sorted(CATALOG.specs))
def test_good_example_is_clean(code: str) -> None:
    spec = CATALOG.specs[code]
    assert spec.docs.good.strip(), f"{code} has no good example"
    assert _codes(code, spec.docs.good) == [], f"{code}: good example raises it"


def test_every_rule_has_docs() -> None:
    for code, spec in CATALOG.specs.items():
        assert len(spec.docs.why) > 40, code
        assert spec.summary and spec.message, code
