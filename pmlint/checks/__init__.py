"""Check primitives: small, general functions over the document model.

A rule file names one primitive (`check = "section_required"`) and gives it options;
each primitive declares an options model, so a misspelt option is a load-time error.
A primitive yields `Hit`s; the engine turns them into findings with the rule's message.

The options models live in `pmlint.checks.options` and are named here by reference
(`"pmlint.checks.options.structure:TitleOptions"`): pydantic is needed only when something is
validated, and a start-up whose options come from the catalogue cache never validates.
At run time a primitive receives an `OptionValues`: the validated values, read by
attribute, the same whether they were validated now or rebuilt from the cache.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pmlint.checks.values import (
    OptionValues,
    decode_values,
    encode_values,
    options_json,
)
from pmlint.document.model import Document
from pmlint.util.record import record

if TYPE_CHECKING:
    from pmlint.checks.options import Options


@record(slots=True)
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


OptionsT = TypeVar("OptionsT", bound="Options")
CheckFunction = Callable[[Document, Any], Iterable[Hit]]


@record(slots=True)
class CheckDef(Generic[OptionsT]):
    """A registered primitive; `options` is its options model, imported on first use."""

    name: str
    function: CheckFunction
    options_ref: str | type[OptionsT]  # "module:Class", or the class itself
    doc: str

    @property
    def options(self) -> type[OptionsT]:
        ref = resolve(self).options_ref
        if isinstance(ref, str):
            module, _, attribute = ref.partition(":")
            ref = self.options_ref = getattr(importlib.import_module(module), attribute)
        return ref


CHECKS: dict[str, CheckDef[Any]] = {}
__all__ = [
    "CHECKS",
    "CheckDef",
    "Hit",
    "OptionValues",
    "Options",
    "check",
    "decode_values",
    "encode_values",
    "load_builtin_checks",
    "options_json",
]


def check(name: str, options: str | type[Options]) -> Callable[[CheckFunction], CheckFunction]:
    """Register a primitive under `name` with its options model (a class, or a lazy
    `"module:Class"` reference so that the model's module is imported only when needed)."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = CheckDef(name, function, options, (function.__doc__ or "").strip())
        return function

    return register


def __getattr__(name: str) -> Any:
    """`pmlint.checks.Options`, the options base class, imported only when asked for."""
    if name == "Options":
        from pmlint.checks.options import Options  # lazy for start-up time: pydantic

        return Options
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_NOT_PRIMITIVES = frozenset({"values"})  # modules that register no primitives
_LOADED: list[bool] = []


def own_module(module: str) -> bool:
    """Whether `module` is one of pmlint's own primitive modules (`pmlint.checks.NAME`)."""
    prefix = f"{__name__}."
    return module.startswith(prefix) and "." not in module[len(prefix) :]


def deferred(name: str, module: str) -> CheckDef[Any]:
    """The primitive `name` of pmlint's own `module`, which is imported when the primitive
    first runs (or its options model or text is asked for): a run the result cache answers
    imports no primitive, nor the views they read (about 8 ms of a warm start).

    Until then its function is a stand-in that loads the module, puts the real function,
    options model and text in this definition's place, and runs it."""

    def first_run(doc: Document, options: Any) -> Iterable[Hit]:
        resolve(definition)
        return definition.function(doc, options)

    first_run.__module__ = module  # what the result cache keys a built-in primitive on
    definition: CheckDef[Any] = CheckDef(name, first_run, _DEFERRED + module, "")
    return definition


_DEFERRED = "deferred:"  # an `options_ref` prefix: the module is not imported yet


def resolve(definition: CheckDef[Any]) -> CheckDef[Any]:
    """A `deferred` definition made whole from its module (others are returned as they
    are); the module must register the primitive."""
    ref = definition.options_ref
    if isinstance(ref, str) and ref.startswith(_DEFERRED):
        module = ref[len(_DEFERRED) :]
        importlib.import_module(module)
        loaded = CHECKS.get(definition.name)
        if loaded is None:
            raise LookupError(f"{module} does not register the primitive {definition.name!r}")
        definition.function = loaded.function
        definition.options_ref = loaded.options_ref
        definition.doc = loaded.doc
    return definition


def load_builtin_checks() -> dict[str, CheckDef[Any]]:
    """Import every primitive module of this package once (each registers itself)."""
    if not _LOADED:
        import pkgutil

        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if not info.ispkg and info.name not in _NOT_PRIMITIVES:  # options/ holds models
                importlib.import_module(f"{__name__}.{info.name}")
        _LOADED.append(True)
    return CHECKS
