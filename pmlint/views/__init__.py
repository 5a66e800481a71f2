"""Views: typed readings of one kind of section (timeline entries, action items, …).

Each view is built once per document on first use (see `common.cached_view`) and
shared by every rule that reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmlint.document.model import Document


def registry() -> dict[str, Callable[[Document], list[Any]]]:
    """Every view by name, in the order `inspect` shows them (imported here, not at the top:
    a rule imports only the views it reads)."""
    from pmlint.views.actions import action_items  # lazy for start-up time
    from pmlint.views.factors import contributing_factors  # lazy for start-up time
    from pmlint.views.timeline import timeline_entries  # lazy for start-up time
    from pmlint.views.whys import root_cause, whys  # lazy for start-up time

    return {
        "timeline": timeline_entries,
        "whys": whys,
        "root_cause": root_cause,
        "contributing_factors": contributing_factors,
        "action_items": action_items,
    }
