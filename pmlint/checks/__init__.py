"""Check primitives: small, general functions over the document model.

A rule file names one primitive (`check = "section_required"`) and gives it options;
each primitive declares an options model, so a misspelt option is a load-time error.
A primitive yields `Hit`s; the engine turns them into findings with the rule's message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from pmlint.model import Document


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Options(BaseModel):
    """Base of every primitive's options: kebab-case keys in TOML, unknown keys rejected."""

    # defer_build: a model's validator is built when first used, not when its module is
    # imported; start-up (one file from an editor or a hook) pays only for what it runs.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=_kebab,
        populate_by_name=True,
        defer_build=True,
    )


@dataclass(slots=True)
class Hit:
    """Where a rule fired, and the values its message template needs.

    `needle` is text to look for on the line to place the column (and the end column);
    without it the finding points at the first non-blank character of the line.
    """

    line: int
    args: dict[str, Any] = field(default_factory=dict)
    needle: str | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


OptionsT = TypeVar("OptionsT", bound=Options)
CheckFunction = Callable[[Document, Any], Iterable[Hit]]


@dataclass(slots=True)
class CheckDef(Generic[OptionsT]):
    name: str
    function: CheckFunction
    options: type[OptionsT]
    doc: str


CHECKS: dict[str, CheckDef[Any]] = {}


def check(name: str, options: type[OptionsT]) -> Callable[[CheckFunction], CheckFunction]:
    """Register a primitive under `name` with its options model."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = CheckDef(name, function, options, (function.__doc__ or "").strip())
        return function

    return register


_LOADED: list[bool] = []


def load_checks(modules: Iterable[str]) -> dict[str, CheckDef[Any]]:
    """Import only these primitive modules of this package (names as `__module__` gives
    them): a start-up whose rules need a few primitives need not import every module.
    Other names are ignored; callers check that the primitives they need are registered."""
    import importlib

    prefix = f"{__name__}."
    for module in sorted(set(modules)):
        if module.startswith(prefix) and "." not in module[len(prefix) :]:
            importlib.import_module(module)
    return CHECKS


def load_builtin_checks() -> dict[str, CheckDef[Any]]:
    """Import every primitive module of this package once (each registers itself)."""
    if not _LOADED:
        import importlib
        import pkgutil

        for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
            importlib.import_module(f"{__name__}.{module}")
        _LOADED.append(True)
    return CHECKS
