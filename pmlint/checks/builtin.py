"""Rules the engine itself raises (unreadable file, front matter, suppressions, crashes).

They have rule files like every other rule, so they can be listed, explained,
selected and ignored; their primitive finds nothing in a document on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.document.model import Document

if TYPE_CHECKING:
    from pmlint.checks.options import Options


@check("builtin", "pmlint.checks.options:Options")
def builtin(doc: Document, options: Options) -> Iterator[Hit]:
    """Raised by the engine, the reader or the suppression pass, not by a document scan."""
    return iter(())
