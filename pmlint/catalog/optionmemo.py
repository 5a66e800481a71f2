"""Rule options validated once: the key they are known by, and remembering them.

Options a profile sets are validated when the catalogue is built and kept with it
(`Catalog.constructed`); options from a configuration are remembered between runs
(`pmlint.store.memo`) once they validated, so a warm start validates nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pmlint.checks import CHECKS, OptionValues, decode_values, encode_values
from pmlint.store.memo import key_of, recall, remember, same

if TYPE_CHECKING:
    from pmlint.catalog.catalog import Catalog


def options_key(check_name: str, values: Mapping[str, Any]) -> str:
    """The key of `Catalog.constructed`: the primitive and its option values as JSON."""
    try:
        return f"{check_name}\n{json.dumps(values, sort_keys=True)}"
    except (TypeError, ValueError):  # values JSON cannot hold (TOML dates): never known
        return ""


def _options_key(catalog: Catalog, check_name: str, values: Mapping[str, Any]) -> str | None:
    """The key of validating these options; None for a primitive not of pmlint's own."""
    definition = CHECKS.get(check_name)
    module = definition.function.__module__ if definition else catalog.modules.get(check_name)
    if not (module or "").startswith("pmlint.checks."):
        return None
    return key_of("options", check_name, dict(values))


def known_options(catalog: Catalog, check_name: str, values: Mapping[str, Any]) -> Any:
    """These options' validated values (`encode_values` data) when the catalogue cache or
    an earlier run validated them (then they need no validation), else None."""
    known = catalog.constructed.get(options_key(check_name, values))
    if known is None:
        known = recall(_options_key(catalog, check_name, values))
    return known


def remember_options(
    catalog: Catalog, check_name: str, values: Mapping[str, Any], validated: OptionValues
) -> None:
    """Keep options that validated for later runs, if JSON carries their values exactly."""
    key = _options_key(catalog, check_name, values)
    if key is None:
        return
    try:
        entry = json.loads(json.dumps(encode_values(validated)))
    except (TypeError, ValueError, RecursionError):
        return
    if same(decode_values(entry), validated):
        remember(key, entry)
