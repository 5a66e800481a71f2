"""pmlint: a rule-based linter for incident post-mortems written in Markdown."""

from __future__ import annotations

__version__ = "0.1.0"
