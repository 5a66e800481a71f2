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
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pmlint.document.model import Document

if TYPE_CHECKING:
    from pmlint.checks.options import Options


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


class OptionValues(SimpleNamespace):
    """A primitive's validated options, read by attribute (`options.kind`); read-only.

    Built from a validated model (`pmlint.checks.options.to_values`) or, on a warm start, from
    the catalogue cache without pydantic. Equal when the values are; nested models (a
    layer, a part) are `OptionValues` too.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"options are read-only: cannot set '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"options are read-only: cannot delete '{name}'")


_VALUES_TAG = "$values"


def encode_values(value: Any) -> Any:
    """Option values as JSON-ready data (`OptionValues` become `{"$values": {...}}`)."""
    if isinstance(value, OptionValues):
        return {_VALUES_TAG: {k: encode_values(v) for k, v in vars(value).items()}}
    if isinstance(value, dict):
        return {k: encode_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_values(v) for v in value]
    return value


def decode_values(value: Any) -> Any:
    """The inverse of `encode_values` for data read back from JSON."""
    if isinstance(value, dict):
        inner = value.get(_VALUES_TAG)
        if len(value) == 1 and isinstance(inner, dict):
            return OptionValues(**{k: decode_values(v) for k, v in inner.items()})
        return {k: decode_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_values(v) for v in value]
    return value


def options_json(values: Any) -> str:
    """A stable text of option values, for fingerprints (result cache keys)."""
    return json.dumps(encode_values(values), sort_keys=True, default=repr)


OptionsT = TypeVar("OptionsT", bound="Options")
CheckFunction = Callable[[Document, Any], Iterable[Hit]]


@dataclass(slots=True)
class CheckDef(Generic[OptionsT]):
    """A registered primitive; `options` is its options model, imported on first use."""

    name: str
    function: CheckFunction
    options_ref: str | type[OptionsT]  # "module:Class", or the class itself
    doc: str

    @property
    def options(self) -> type[OptionsT]:
        ref = self.options_ref
        if isinstance(ref, str):
            module, _, attribute = ref.partition(":")
            ref = self.options_ref = getattr(importlib.import_module(module), attribute)
        return ref


CHECKS: dict[str, CheckDef[Any]] = {}


def check(name: str, options: str | type[Options]) -> Callable[[CheckFunction], CheckFunction]:
    """Register a primitive under `name` with its options model (a class, or a lazy
    `"module:Class"` reference so that the model's module is imported only when needed)."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = CheckDef(name, function, options, (function.__doc__ or "").strip())
        return function

    return register
