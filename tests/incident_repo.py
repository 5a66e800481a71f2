"""A small repository of post-mortems written for the cross-document rules and the report.

Today is 2026-06-01 (`pmlint.toml`). Five incidents on `checkout`, one on `search`:

- a-checkout-db (03-01, INC-100): Tier 1 open, due 03-20 (overdue); Tier 2 done; Tier 3
  open, due 07-01 (on time); 30-day review held; 90-day review 05-30 not held (overdue).
- b-checkout-deploy (03-20, INC-101): 19 days after INC-100 and names nothing (PM903);
  INC-100's Tier 1 item is still open (PM905).
- c-checkout-links (04-10, INC-102): 21 days after INC-101 and links it (no PM903); INC-101's
  items are done (no PM905); INC-100 is 40 days back, beyond the window.
- d-checkout-late (05-25, INC-103): 35 days after the last one, beyond the window: quiet.
- e-search (04-12, INC-102): another service, but the same id as c (PM904 on both).
- f-checkout-named (04-20, INC-104): 10 days after c and names it by id only (no PM903).
"""

from __future__ import annotations

from pathlib import Path

TODAY = "2026-06-01"

ACTIONS_HEADER = "| Tier | Action | Owner | Due | Status |\n| --- | --- | --- | --- | --- |\n"

DOCS: dict[str, str] = {
    "2026-03-01-a-checkout-db.md": f"""---
id: INC-100
service: checkout
---
# Checkout database failover stalled

**Date:** 2026-03-01 | **Duration:** 10:00 detect → 10:30 mitigate → 11:00 recover
**Severity:** SEV-1

## Action Items

{ACTIONS_HEADER}| 1 | Automate the database failover | DB owner | 2026-03-20 | Open |
| 2 | Alert on replication lag | SRE lead | 2026-03-25 | Done |
| 3 | Update the failover runbook | On-call lead | 2026-07-01 | Open |

## Follow-Up Cadence

| Checkpoint | Date | Focus | Status |
| --- | --- | --- | --- |
| **30-day review** | 2026-03-31 | Tier 1 items | Held |
| **90-day review** | 2026-05-30 | Recurrence? | |
""",
    "2026-03-20-b-checkout-deploy.md": f"""---
id: INC-101
service: checkout
---
# Checkout errors after a deploy

**Date:** 2026-03-20 | **Duration:** 14:03 detect → 14:29 mitigate → 14:50 recover
**Severity:** SEV-2

## Action Items

{ACTIONS_HEADER}| 1 | Canary checkout deploys | Release lead | 2026-04-15 | Done |
""",
    "2026-04-10-c-checkout-links.md": f"""---
id: INC-102
service: checkout
---
# Checkout latency from the cache

**Date:** 2026-04-10 | **Severity:** SEV-3

The second checkout incident in three weeks, after
[the deploy incident](2026-03-20-b-checkout-deploy.md).

## Action Items

{ACTIONS_HEADER}| 3 | Document the cache settings | Platform lead | 2026-04-30 | Done |
""",
    "2026-05-25-d-checkout-late.md": """---
id: INC-103
service: checkout
---
# Checkout slow checkout page

**Date:** 2026-05-25 | **Severity:** SEV-3
""",
    "2026-04-12-e-search.md": """---
id: INC-102
service: search
---
# Search index rebuild

**Date:** 2026-04-12 | **Severity:** SEV-3
""",
    "2026-04-20-f-checkout-named.md": """---
id: INC-104
service: checkout
---
# Checkout coupon errors

**Date:** 2026-04-20 | **Severity:** SEV-2

Related to INC-102 ten days earlier.
""",
}

CONFIG = f'select = ["PM9"]\ntoday = "{TODAY}"\n'


def write_repo(root: Path, config: str = CONFIG) -> Path:
    """The repository under `root`: `pmlint.toml` and `postmortems/`; returns the folder."""
    folder = root / "postmortems"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (root / "pmlint.toml").write_text(config, encoding="utf-8")
    return folder
