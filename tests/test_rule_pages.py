"""docs/rules/ is generated from the rule files: a page per shipped rule and an index, and
the pages say what the rule files say (regenerate with `python scripts/rule_docs.py`)."""

from __future__ import annotations

from pathlib import Path

from pmlint.catalog.load import load_catalog
from pmlint.catalog.rulepages import rule_pages
from pmlint.catalog.urls import rule_url

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "rules"


def test_rule_pages_are_up_to_date() -> None:
    expected = rule_pages(load_catalog())
    found = {p.name: p.read_text(encoding="utf-8") for p in PAGES.glob("*.md")}
    stale = sorted(name for name in expected if found.get(name) != expected[name])
    extra = sorted(set(found) - set(expected))
    assert not stale and not extra, (
        f"stale: {stale}, not generated: {extra}; run `python scripts/rule_docs.py`"
    )


def test_every_shipped_rule_has_a_page_named_by_its_url() -> None:
    catalog = load_catalog()
    for code in catalog.specs:
        assert (PAGES / f"{code}.md").is_file(), code
        assert rule_url(code).endswith(f"/docs/rules/{code}.md")
    index = (PAGES / "README.md").read_text(encoding="utf-8")
    assert all(f"[{code}]({code}.md)" in index for code in catalog.specs)
