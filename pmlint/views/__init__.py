"""Views: typed readings of one kind of section (timeline entries, action items, …).

Each view is built once per document on first use (see `common.cached_view`) and
shared by every rule that reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmlint.model import Document


def registry() -> dict[str, Callable[[Document], list[Any]]]:
    """Every view by name, in the order `inspect` shows them."""
    from pmlint.views.actions import action_items
    from pmlint.views.timeline import timeline_entries

    return {"timeline": timeline_entries, "action_items": action_items}
