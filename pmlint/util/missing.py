"""A package pmlint needs is not installed.

pmlint imports markdown-it-py only when a file must be read (a run the result cache answers
never needs it). Without the package no file can be linted, so the run stops with one line
that says what to install, rather than an internal-error finding for every file.
"""

from __future__ import annotations

__all__ = ["MissingDependency", "missing_dependency"]


class MissingDependency(Exception):
    """A dependency could not be imported; `str()` is the line shown to the user."""


def missing_dependency(error: ImportError, needed_for: str) -> Exception:
    """The error to raise for `error`: a `MissingDependency` when the module that could not
    be found is not pmlint's own (an ImportError inside pmlint is a bug, kept as it is)."""
    name = error.name or ""
    if not isinstance(error, ModuleNotFoundError) or not name or name.split(".")[0] == "pmlint":
        return error
    return MissingDependency(
        f"cannot {needed_for}: {error}. It is one of pmlint's dependencies: install pmlint "
        "with them (for example `pip install pmlint`, or `pip install -e .` in a checkout)"
    )
