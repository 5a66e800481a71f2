"""Write the rule reference in docs/rules/ from the rule files.

python scripts/rule_docs.py           # rewrite docs/rules/
python scripts/rule_docs.py --check   # exit 1 when a page is stale (what the test does)
"""

from __future__ import annotations

import sys
from pathlib import Path

from pmlint.catalog.load import load_catalog
from pmlint.catalog.rulepages import rule_pages

OUT = Path(__file__).resolve().parents[1] / "docs" / "rules"


def main(argv: list[str]) -> int:
    pages = rule_pages(load_catalog())
    stale = sorted(
        name
        for name, text in pages.items()
        if not (OUT / name).is_file() or (OUT / name).read_text(encoding="utf-8") != text
    )
    extra = sorted(p.name for p in OUT.glob("*.md") if p.name not in pages) if OUT.is_dir() else []
    if "--check" in argv:
        for name in stale + extra:
            print(f"docs/rules/{name} is stale: run python scripts/rule_docs.py")
        return 1 if stale or extra else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (OUT / name).write_text(pages[name], encoding="utf-8")
    for name in extra:
        (OUT / name).unlink()
    print(f"docs/rules: {len(stale)} written, {len(extra)} removed, {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
