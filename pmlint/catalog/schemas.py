"""Pydantic models for the files users and the project write: rule files, profiles and
configuration settings.

These guard the boundary (a typo is a clear error naming the key) and are imported only
when a file is actually validated: a start-up that reads the catalogue from its cache and
has no configuration file never imports pydantic's model machinery. What they validate
is handed on as the plain objects of `pmlint.catalog.specs` and `pmlint.config.settings.Settings`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pmlint.catalog.specs import (
    CODE_PATTERN,
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    NAME_PATTERN,
    FailOn,
    ProfileSpec,
    RuleSpec,
    Severity,
    profile_spec_from,
    rule_spec_from,
)


class _Strict(BaseModel):
    # defer_build: validators are built on first use.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RuleDocsModel(_Strict):
    what: str = ""
    why: str
    bad: str
    good: str
    fix: str = ""
    others: dict[str, str] = Field(default_factory=dict)


class RuleModel(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(pattern=NAME_PATTERN)
    severity: Severity = "error"
    summary: str = Field(min_length=1)
    message: str = Field(min_length=1)
    check: str = Field(min_length=1)
    options: dict[str, Any] = Field(default_factory=dict)
    docs: RuleDocsModel
    fix: Literal["safe", "unsafe"] | None = None


class SectionSynonymsModel(_Strict):
    kind: str = Field(pattern=r"^[a-z_]+$")
    synonyms: list[str] = Field(min_length=1)


class ProfileModel(_Strict):
    name: str = Field(pattern=NAME_PATTERN)
    summary: str = ""
    extends: str | None = None
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    sections: list[SectionSynonymsModel] = Field(default_factory=list)
    skeleton: list[str] = Field(default_factory=list)


def validate_rule(data: Any) -> RuleSpec:
    """A rule file's table, validated (raises pydantic's ValidationError)."""
    return rule_spec_from(RuleModel.model_validate(data).model_dump())


def validate_profile(data: Any) -> ProfileSpec:
    """A profile file's table, validated (raises pydantic's ValidationError)."""
    return profile_spec_from(ProfileModel.model_validate(data).model_dump())


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class SettingsModel(BaseModel):
    """Every key a configuration file may set (kebab-case in TOML); see config.Settings."""

    model_config = ConfigDict(
        title="Settings",  # errors name the class users know
        extra="forbid",
        alias_generator=_kebab,
        populate_by_name=True,
        defer_build=True,
    )

    profile: str = "default"
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    extend_select: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    include: list[str] = Field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    respect_gitignore: bool = True
    rule_paths: list[str] = Field(default_factory=list)
    baseline: str | None = None
    fail_on: FailOn = "error"
    today: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    index_paths: list[str] = Field(default_factory=list)
    services: dict[str, str] = Field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """The validated values by field name (what `config.Settings` holds)."""
        return {name: getattr(self, name) for name in type(self).model_fields}
