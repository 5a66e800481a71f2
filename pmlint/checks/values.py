"""The validated option values a primitive receives, and their JSON form.

Kept apart from the registry (`pmlint.checks`) so that the options models
(`pmlint.checks.options`) can build values without importing the registry, which in turn
looks up the models lazily: neither imports the other.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any


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
