"""Where each shipped rule's documentation page lives (`docs/rules/CODE.md`).

Every output format links a finding to its rule's page; rules from a team's own
`rule-paths` have no page there, so they get no link.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pmlint.catalog.catalog import Catalog
from pmlint.catalog.load import rules_dir

# Where pmlint's repository is published; the generated rule pages
# (`python scripts/rule_docs.py`) are its docs/rules/.
REPOSITORY = "https://github.com/pmlint/pmlint"
RULES_URL = REPOSITORY + "/blob/main/docs/rules/{code}.md"


def rule_url(code: str) -> str:
    """The documentation page of a shipped rule."""
    return RULES_URL.format(code=code)


def doc_urls(catalog: Catalog) -> dict[str, str]:
    """Code -> documentation page, for the shipped rules of a catalogue."""
    shipped = rules_dir().resolve()
    urls: dict[str, str] = {}
    for code, source in catalog.sources.items():
        try:
            if source.resolve().parent == shipped:
                urls[code] = rule_url(code)
        except OSError:
            continue
    return urls


class ShippedUrls(Mapping[str, str]):
    """Code -> documentation page for every shipped rule, looked up as codes are asked
    for (a report needs the few codes it found, not the catalogue)."""

    def __init__(self) -> None:
        self._known: dict[str, str | None] = {}
        self._folder = rules_dir()

    def _lookup(self, code: str) -> str | None:
        if code not in self._known:
            shipped = code.isalnum() and (self._folder / f"{code}.toml").is_file()
            self._known[code] = rule_url(code) if shipped else None
        return self._known[code]

    def __getitem__(self, code: str) -> str:
        url = self._lookup(code)
        if url is None:
            raise KeyError(code)
        return url

    def __iter__(self) -> Iterator[str]:
        return (p.stem for p in sorted(self._folder.glob("*.toml")))

    def __len__(self) -> int:
        return sum(1 for _ in self)
