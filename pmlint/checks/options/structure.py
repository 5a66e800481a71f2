"""Options of the structure primitives (`pmlint.checks.structure`)."""

from __future__ import annotations

from pmlint.checks.options import Options, Patterns


class SectionRequiredOptions(Options):
    kind: str
    label: str = ""  # how the message names the section; defaults to the kind
    # Headings that also count, in the profile's synonym syntax ("customer comms",
    # "=comms" for an exact match): a team's own name for the section.
    synonyms: list[str] = []
    alternatives: list[str] = []  # other kinds that satisfy the rule ("contributing_factors")
    # An alternative counts only when its sections hold at least this many words (a root
    # cause written at length names its trigger; a one-line one does not).
    alternative_words: int = 0
    # A lead paragraph of at least this many words before the first section counts too
    # (blog-style write-ups open with their summary); 0 turns this off.
    preamble_words: int = 0
    # Sentences that cover the section without a heading of its own ("The root cause was
    # …", "There was no user impact"): regular expressions searched in the text, case
    # ignored. A clearly labelled paragraph is enough; when unsure, pmlint says nothing.
    mentions: Patterns = []
    # Front-matter or header keys whose value covers the section (`summary:`).
    keys: list[str] = []
    # Only a heading (or field line) counts: a format that wants the section itself.
    headings_only: bool = False


class TitleOptions(Options):
    keys: list[str] = ["title"]  # front-matter or header keys that give the title
    # A first heading of another level that names the incident, not a section
    # ("## hub.example.com outage"), is a title too.
    any_heading: bool = False


class MetadataOptions(Options):
    fields: list[str] = ["date", "severity"]
    title_date: bool = True  # a full date in the title ("Incident on 2024-01-22") counts
    file_name_date: bool = False  # a YYYY-MM-DD in the file name counts as the date
    headings: bool = True  # a "### Date" heading with the value below it counts


class NotEmptyOptions(Options):
    kinds: list[str] = []  # canonical kinds to check; empty means every kind
    placeholders: list[str] = ["tbd", "todo", "to do", "tba", "wip", "coming soon", "...", "…"]
