"""TOML reading, with the parser imported on first use: most runs read no TOML at all
(the rule catalogue comes from its cache), and start-up time matters to hooks and editors."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from pmlint.util.safefile import CONFIG_LIMIT, read_bounded


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


class TomlFileError(ValueError):
    """A file that is not TOML pmlint will read: not UTF-8, or nested too deeply."""


def load_file(path: Any) -> dict[str, Any]:
    """Parse a TOML file; OSError and `TomlError` pass through to the caller.

    Read as configuration is read (`pmlint.util.safefile`): a regular file of at most
    `CONFIG_LIMIT` bytes, never a device or FIFO; bad UTF-8 and nesting too deep for the
    parser are `TomlFileError`s (counted by `is_toml_error`)."""
    data = read_bounded(path, CONFIG_LIMIT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TomlFileError(
            f"not UTF-8 text: invalid byte 0x{data[error.start]:02x} at offset {error.start} "
            f"(line {line})"
        ) from None
    try:
        return loads(text)
    except RecursionError:
        raise TomlFileError("arrays or tables nested too deeply") from None


def is_toml_error(error: BaseException) -> bool:
    return isinstance(error, (TomlFileError, toml_module().TOMLDecodeError))
