"""SHA-256 for the digests pmlint takes on every run, without loading OpenSSL.

`hashlib` loads the OpenSSL library on import, ~2.5 ms of a one-file start-up, for the
handful of digests a run takes (the document's content, cache file names and checksums).
CPython's own SHA-256 gives the same digests and loads in a fraction of that; where it is
not built (some distributions leave it out), `hashlib`'s is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["sha256"]

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha256 import sha256  # CPython up to 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12 and later
        except ImportError:
            from hashlib import sha256
