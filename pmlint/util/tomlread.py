"""TOML reading, with the parser imported on first use: most runs read no TOML at all
(the rule catalogue comes from its cache), and start-up time matters to hooks and editors."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


def toml_module() -> ModuleType:
    """`tomllib`, or `tomli` on Python 3.10."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # pragma: no cover

    return tomli  # pragma: no cover


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raises `TomlError` (the parser's decode error) on bad input."""
    result: dict[str, Any] = toml_module().loads(text)
    return result


def load_file(path: Any) -> dict[str, Any]:
    """Parse a TOML file; OSError and `TomlError` pass through to the caller."""
    with open(path, "rb") as handle:
        result: dict[str, Any] = toml_module().load(handle)
        return result


def is_toml_error(error: BaseException) -> bool:
    return isinstance(error, toml_module().TOMLDecodeError)
