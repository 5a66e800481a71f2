"""Rule files and profiles as the rest of pmlint reads them: plain frozen dataclasses.

The files are validated by the pydantic models in `pmlint.catalog.schemas` (a typo in a rule
file is a clear error naming the key) once, when they are loaded; what comes out are
these objects, which the catalogue cache (`pmlint.store.snapshot`) rebuilds without pydantic.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from pmlint.util.record import record

if TYPE_CHECKING:
    from pydantic import ValidationError

Severity = Literal["error", "warning", "info"]
FailOn = Literal["error", "warning", "info", "never"]  # the lowest severity that fails a run
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
CODE_PATTERN = r"^[A-Z]{1,8}[0-9]{1,4}$"
NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# Markdown in a docs repository that is not a post-mortem, and generated copies: left out
# unless `exclude` is set (which replaces this list; `extend-exclude` adds to it).
DEFAULT_EXCLUDE = (
    "README.md",
    "readme.md",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "CODE_OF_CONDUCT.md",
    "LICENSE.md",
    "SECURITY.md",
    "SUPPORT.md",
    "PULL_REQUEST_TEMPLATE.md",
    "ISSUE_TEMPLATE",
    "template.md",
    "TEMPLATE.md",
    "_template.md",
    "*-template.md",
    "build",
    "dist",
    "site",
    "_site",
)
DEFAULT_INCLUDE = ("*.md", "*.markdown")


@record(frozen=True, kw_only=True)
class RuleDocs:
    """A rule's documentation; `bad` and `good` are run as tests."""

    what: str = ""
    why: str
    bad: str
    good: str
    fix: str = ""
    # Cross-document rules: the other post-mortems of the example's folder, by file name.
    others: dict[str, str] = field(default_factory=dict)


@record(frozen=True, kw_only=True)
class RuleSpec:
    """A rule file as data: code, name, message, the primitive it calls and its options."""

    code: str
    name: str
    severity: Severity = "error"
    summary: str
    message: str
    check: str
    options: dict[str, Any] = field(default_factory=dict)
    docs: RuleDocs
    fix: Literal["safe", "unsafe"] | None = None  # what `pmlint check --fix` may change


@record(frozen=True, kw_only=True)
class SectionSynonyms:
    """One canonical section kind and the headings that name it."""

    kind: str
    synonyms: list[str]


@record(frozen=True, kw_only=True)
class ProfileSpec:
    """A profile file as data: selection, severities, options and section synonyms."""

    name: str
    summary: str = ""
    extends: str | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: list[SectionSynonyms] = field(default_factory=list)
    skeleton: list[str] = field(default_factory=list)


def rule_spec_from(data: dict[str, Any]) -> RuleSpec:
    """A rule spec from trusted data (validated earlier, or read back from the cache)."""
    return RuleSpec(**{**data, "docs": RuleDocs(**data["docs"])})


def profile_spec_from(data: dict[str, Any]) -> ProfileSpec:
    """A profile spec from trusted data (validated earlier, or read back from the cache)."""
    sections = [SectionSynonyms(**s) for s in data.get("sections", [])]
    return ProfileSpec(**{**data, "sections": sections})


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem: `key.path: message` (pydantic's own text, compacted)."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        parts.append(f"{where}: {message}")
    return "; ".join(parts)
