"""Check primitives: small, general functions over the document model.

A rule file names one primitive (`check = "section_required"`) and gives it options. Each
module of this package registers its primitives with `@check` (`registry.py`); their
pydantic options models live in `pmlint.checks.options`, one module per primitive module,
named by reference and imported only when something is validated.

This package's namespace is what primitives (ours, and a program's own) import: `check`,
`Hit`, `OptionValues`, `Options`, and the loaders below.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pmlint.checks.registry import (
    CHECKS,
    CheckDef,
    CheckFunction,
    Hit,
    OptionValues,
    check,
    decode_values,
    encode_values,
    options_json,
)

if TYPE_CHECKING:
    from pmlint.checks.options import Options

__all__ = [
    "CHECKS",
    "CheckDef",
    "CheckFunction",
    "Hit",
    "OptionValues",
    "Options",
    "check",
    "decode_values",
    "encode_values",
    "load_builtin_checks",
    "load_checks",
    "options_json",
]


def __getattr__(name: str) -> Any:
    """`pmlint.checks.Options`, the options base class, imported only when asked for."""
    if name == "Options":
        from pmlint.checks.options import Options  # lazy for start-up time: pydantic

        return Options
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Modules of this package that register no primitives.
_NOT_PRIMITIVES = frozenset({"registry"})
_LOADED: list[bool] = []


def load_checks(modules: Iterable[str]) -> dict[str, CheckDef[Any]]:
    """Import only these primitive modules of this package (names as `__module__` gives
    them): a start-up whose rules need a few primitives need not import every module.
    Other names are ignored; callers check that the primitives they need are registered."""
    prefix = f"{__name__}."
    for module in sorted(set(modules)):
        if module.startswith(prefix) and "." not in module[len(prefix) :]:
            importlib.import_module(module)
    return CHECKS


def load_builtin_checks() -> dict[str, CheckDef[Any]]:
    """Import every primitive module of this package once (each registers itself); the
    `options` subpackage holds models, not primitives, and is not imported."""
    if not _LOADED:
        import pkgutil  # lazy for start-up time: a warm start loads only the modules it needs

        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if not info.ispkg and info.name not in _NOT_PRIMITIVES:
                importlib.import_module(f"{__name__}.{info.name}")
        _LOADED.append(True)
    return CHECKS
