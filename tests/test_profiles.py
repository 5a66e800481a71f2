"""Profiles: the shipped ones resolve, select what they say, and judge documents fairly."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import SEED, reference_example

from pmlint.catalog.catalog import build_rules
from pmlint.catalog.load import load_catalog
from pmlint.cli import main
from pmlint.document.parse import parse_document
from pmlint.run.engine import lint_document

CATALOG = load_catalog()
PROFILES = ["default", "generic", "google-sre", "pagerduty"]


def codes(profile_name: str, text: str) -> list[str]:
    profile = CATALOG.profile(profile_name)
    doc = parse_document(text, "t.md", profile.matcher)
    return [f.code for f in lint_document(doc, build_rules(CATALOG, profile))]


GENERIC_GOOD = """# Post-mortem: Cache stampede

## Summary

The product cache expired at once for every key and the database saturated for 20 minutes.

## Timeline

- 10:00 Cache keys expire together
- 10:20 Expiry jitter deployed

## Root Cause

Every key was written with the same time to live during the nightly warm-up.

## Action Items

- Add jitter to every cache expiry (@cache-team)
- Alert on database CPU above 80% ([#88](https://github.com/acme/shop/issues/88))
"""


@pytest.mark.parametrize("name", PROFILES)
def test_every_profile_resolves_and_builds(name: str) -> None:
    profile = CATALOG.profile(name)
    rules = build_rules(CATALOG, profile)
    assert rules, name
    assert profile.summary
    assert profile.skeleton, f"{name} has no skeleton for `pmlint new`"


def test_default_ignores_the_other_templates_rules() -> None:
    selected = {rule.code for rule in build_rules(CATALOG, CATALOG.profile("default"))}
    assert not any(code.startswith("PM13") for code in selected)
    assert {"PM110", "PM201", "PM402", "PM501"} <= selected


def test_profiles_extend_default_and_keep_its_synonyms() -> None:
    for name in ("generic", "google-sre", "pagerduty"):
        assert CATALOG.profiles[name].extends == "default"
        assert CATALOG.profile(name).matcher.match("timeline of events") == "timeline"


def test_pagerduty_reads_overview_as_the_summary() -> None:
    assert CATALOG.profile("pagerduty").matcher.match("overview") == "summary"
    assert CATALOG.profile("default").matcher.match("overview") == "background"
    assert CATALOG.profile("pagerduty").matcher.match("how d we do") == "lessons"


def test_generic_passes_a_plain_complete_post_mortem() -> None:
    assert codes("generic", GENERIC_GOOD) == []


def test_generic_requires_summary_timeline_and_action_items() -> None:
    found = codes("generic", "# Post-mortem: Outage\n\n## Impact\n\nDown for an hour.\n")
    assert {"PM111", "PM115", "PM130"} <= set(found)


def test_a_lead_paragraph_is_the_summary_and_a_one_liner_is_not() -> None:
    # Reviewers read a lead paragraph under the title as the summary, whatever the
    # template; one short sentence is not one.
    lead = " ".join(["The cache expired for every key at once and the database saturated."] * 3)
    text = GENERIC_GOOD.replace("## Summary\n\n", "").replace("# Post-mortem: Cache stampede\n", "")
    body = text.split("\n", 2)[2]
    text = f"# Post-mortem: Cache stampede\n\n{lead}\n" + body
    assert "PM130" not in codes("generic", text)
    assert "PM130" not in codes("google-sre", text)
    short = "# Post-mortem: Cache stampede\n\nThe cache expired.\n" + body
    assert "PM130" in codes("google-sre", short)


def test_generic_owner_or_tracking_link_satisfies_and_reports_once() -> None:
    text = GENERIC_GOOD.replace(" (@cache-team)", "").replace(
        " ([#88](https://github.com/acme/shop/issues/88))", ""
    )
    found = codes("generic", text)
    assert found.count("PM139") == 1


def test_generic_accepts_contributing_factors_for_causes() -> None:
    start = GENERIC_GOOD.index("## Root Cause")
    without = GENERIC_GOOD[:start] + GENERIC_GOOD[GENERIC_GOOD.index("## Action Items") :]
    assert "PM112" in codes("generic", without)
    text = without + "\n## Contributing Factors\n\n- Expiry had no jitter\n"
    assert "PM112" not in codes("generic", text)


def test_generic_severities_are_warnings_beyond_the_required() -> None:
    rules = {r.code: r.severity for r in build_rules(CATALOG, CATALOG.profile("generic"))}
    assert {rules[c] for c in ("PM111", "PM115", "PM130", "PM139")} == {"error"}
    assert rules["PM203"] == "warning" and rules["PM112"] == "info"
    assert "PM201" not in rules and "PM402" not in rules


def test_google_sre_asks_for_its_template_sections() -> None:
    found = set(codes("google-sre", GENERIC_GOOD))
    assert {"PM110", "PM131", "PM132", "PM133", "PM136"} <= found
    assert "PM402" in found  # action items name owners


def test_lessons_parts_count_as_lessons() -> None:
    text = GENERIC_GOOD + "\n## What went well\n\n- The jitter patch was ready\n"
    assert "PM133" not in codes("google-sre", text)


def test_pagerduty_wants_tickets_and_responders() -> None:
    found = codes("pagerduty", GENERIC_GOOD)
    assert "PM137" in found and found.count("PM138") == 1


@pytest.mark.parametrize("name", PROFILES)
def test_the_reference_example_keeps_its_structure_under_every_profile(name: str) -> None:
    if not SEED.is_file():
        pytest.skip("shared data not found")
    found = codes(name, reference_example())
    if name == "default":
        assert found == []
    assert "PM003" not in found
    assert not {"PM111", "PM115", "PM120"} & set(found)


def test_profiles_command_lists_every_profile() -> None:
    result = CliRunner().invoke(main, ["profiles"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == ["default", "generic", "google-sre", "pagerduty"]
    assert lines[1].split()[1] == "default"


def test_profiles_command_json() -> None:
    result = CliRunner().invoke(main, ["profiles", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["name"] for row in rows} == set(PROFILES)
    assert all(set(row) == {"name", "extends", "summary"} for row in rows)
    assert next(r for r in rows if r["name"] == "default")["extends"] is None
