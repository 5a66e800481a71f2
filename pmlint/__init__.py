"""pmlint: a rule-based linter for incident post-mortems written in Markdown.

`import pmlint` stays cheap (a pre-commit hook starts it for every commit): the public
API below is imported on first use, through the module `__getattr__`.

    import pmlint
    for finding in pmlint.lint_paths(["postmortems"]):
        print(finding.path, finding.line, finding.code, finding.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmlint.api import ConfigError, Finding, Settings, clear_caches, lint_paths, lint_text
    from pmlint.util.version import __version__

__all__ = [
    "ConfigError",
    "Finding",
    "Settings",
    "__version__",
    "clear_caches",
    "lint_paths",
    "lint_text",
]

_LAZY = frozenset({"ConfigError", "Finding", "Settings", "clear_caches", "lint_paths", "lint_text"})


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from pmlint.util.version import __version__  # lazy for start-up time, like the API

        globals()[name] = __version__
        return __version__
    if name in _LAZY:
        from pmlint import api  # lazy for start-up time: `import pmlint` stays cheap

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pmlint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})
