"""Pydantic models for the files users and the project write: rule files and profiles.

These guard the boundary (a typo in a rule file is a clear error naming the key), and
are used once at load time, never in the per-document hot path.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
CODE_PATTERN = r"^[A-Z]{1,8}[0-9]{1,4}$"
NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class _Strict(BaseModel):
    # defer_build: validators are built on first use; a start-up that reads the catalogue
    # from its cache (pmlint.cache) never validates and never pays for them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RuleDocs(_Strict):
    """A rule's documentation; `bad` and `good` are run as tests."""

    what: str = ""
    why: str
    bad: str
    good: str
    fix: str = ""


class RuleSpec(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(pattern=NAME_PATTERN)
    severity: Severity = "error"
    summary: str = Field(min_length=1)
    message: str = Field(min_length=1)
    check: str = Field(min_length=1)
    options: dict[str, Any] = Field(default_factory=dict)
    docs: RuleDocs


class SectionSynonyms(_Strict):
    kind: str = Field(pattern=r"^[a-z_]+$")
    synonyms: list[str] = Field(min_length=1)


class ProfileSpec(_Strict):
    name: str = Field(pattern=NAME_PATTERN)
    summary: str = ""
    extends: str | None = None
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    sections: list[SectionSynonyms] = Field(default_factory=list)
    skeleton: list[str] = Field(default_factory=list)


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
