"""The per-user key that authenticates result-cache entries.

A repository can commit files under `.pmlint_cache/`, and a shared image or a restored
folder can carry entries from elsewhere: an entry is believed only when it carries an HMAC
made with this key. The key lives in the user's cache folder (`$XDG_CACHE_HOME/pmlint`,
default `~/.cache/pmlint`), outside any repository, readable by its owner only, and is made
on first use. Where it cannot be read or made, there is no key and no result cache.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

from pmlint.util.safefile import read_bounded, write_new

__all__ = ["cache_key", "sign", "verify"]

KEY_NAME = "result-cache.key"


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pmlint"


@lru_cache(maxsize=4)
def _key_at(folder: Path) -> bytes | None:
    path = folder / KEY_NAME
    for _attempt in range(2):
        try:
            data = read_bounded(path, 1024, follow=False)
            return data if len(data) >= 32 else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_new(path, os.urandom(32).hex().encode(), mode=0o600)
        except FileExistsError:
            continue  # another run made it first: read theirs
        except OSError:
            return None
    return None


def cache_key() -> bytes | None:
    """This user's key, made if needed; None when it cannot be had."""
    return _key_at(_folder())


def sign(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def verify(key: bytes, payload: bytes, mac: bytes) -> bool:
    """Whether `mac` (as stored: any bytes) is the HMAC of `payload` under `key`."""
    return hmac.compare_digest(sign(key, payload).encode("ascii"), mac)
