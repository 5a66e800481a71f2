"""`pmlint init` and `pmlint new`: starter config and post-mortem skeletons per profile."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmlint.catalog.catalog import build_rules
from pmlint.catalog.load import load_catalog
from pmlint.catalog.skeleton import render_skeleton, skeleton_name, slugify
from pmlint.cli import main
from pmlint.config.settings import load_config_file
from pmlint.document.parse import parse_document
from pmlint.run.engine import lint_document

CATALOG = load_catalog()
PROFILES = ["default", "generic", "google-sre", "pagerduty"]
DATE = datetime.date(2026, 4, 17)
# What a fresh skeleton may still be told: content the writer has not given yet.
CONTENT_RULES = {"PM138", "PM139", "PM402", "PM403", "PM405"}


def lint_skeleton(name: str) -> tuple[str, list[str]]:
    profile = CATALOG.profile(name)
    text = render_skeleton(CATALOG, profile, "Checkout outage", DATE)
    doc = parse_document(text, "s.md", profile.matcher)
    return text, [f.code for f in lint_document(doc, build_rules(CATALOG, profile))]


@pytest.mark.parametrize("name", PROFILES)
def test_skeleton_passes_the_structure_rules(name: str) -> None:
    text, found = lint_skeleton(name)
    assert not [code for code in found if code.startswith("PM1") and code not in CONTENT_RULES]
    assert "PM003" not in found
    assert text.startswith("# Post-mortem: Checkout outage\n")


@pytest.mark.parametrize("name", PROFILES)
def test_skeleton_fails_only_where_content_is_missing(name: str) -> None:
    text, found = lint_skeleton(name)
    assert found, "a skeleton has owners and links still to fill in"
    assert set(found) <= CONTENT_RULES, found
    assert "{UNKNOWN}" in text


@pytest.mark.parametrize("name", PROFILES)
def test_skeleton_has_every_required_section(name: str) -> None:
    profile = CATALOG.profile(name)
    text = render_skeleton(CATALOG, profile, "Checkout outage", DATE)
    doc = parse_document(text, "s.md", profile.matcher)
    present = {s.own_kind for s in doc.sections}
    for rule in build_rules(CATALOG, profile):
        if rule.check.name == "section_required":
            kind = rule.options.kind  # type: ignore[attr-defined]
            wanted = {kind, *rule.options.alternatives}  # type: ignore[attr-defined]
            assert wanted & present, f"{name}: no {kind} section"


def test_default_skeleton_follows_the_reference_format() -> None:
    text, _ = lint_skeleton("default")
    assert "| Time | Event | Evidence |" in text
    assert "| Tier | Action | Owner | Due | Exit Criteria |" in text
    assert "**Why 5:**" in text
    assert "| 30-day review | 2026-05-17 |" in text
    assert "| 90-day review | 2026-07-16 |" in text


def test_slug_and_file_name() -> None:
    assert slugify("Checkout outage: EU (payments)!") == "checkout-outage-eu-payments"
    assert slugify("Ünïcödé façade") == "unicode-facade"
    assert slugify("???") == "incident"
    assert len(slugify("word " * 40)) <= 60
    assert skeleton_name("Checkout outage", DATE) == "2026-04-17-checkout-outage.md"


def test_new_writes_a_dated_file_and_never_overwrites(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["new", "Checkout outage", "--date", "2026-04-17", "--dir", str(tmp_path)]
    result = runner.invoke(main, [*args, "--profile", "generic"])
    assert result.exit_code == 0, result.output
    written = tmp_path / "2026-04-17-checkout-outage.md"
    assert written.is_file()
    written.write_text("# my edits\n", encoding="utf-8")
    again = runner.invoke(main, [*args, "--profile", "generic"])
    assert again.exit_code == 2
    assert "already exists" in again.output
    assert written.read_text(encoding="utf-8") == "# my edits\n"


@pytest.mark.parametrize("name", PROFILES)
def test_new_then_check_reports_only_content(tmp_path: Path, name: str) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "new",
            "DNS saturation",
            "--date",
            "2026-06-02",
            "--profile",
            name,
            "--dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "2026-06-02-dns-saturation.md"
    checked = runner.invoke(main, ["check", "--profile", name, "--format", "json", str(path)])
    assert checked.exit_code == 1, checked.output
    found = {finding["code"] for finding in json.loads(checked.output)["findings"]}
    assert found and found <= CONTENT_RULES, found


def test_new_uses_the_configured_profile(tmp_path: Path) -> None:
    (tmp_path / "pmlint.toml").write_text('profile = "pagerduty"\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["new", "Pager storm", "--date", "2026-01-05", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "profile: pagerduty" in result.output
    text = (tmp_path / "2026-01-05-pager-storm.md").read_text(encoding="utf-8")
    assert "## Responders" in text and "## Overview" in text


def test_new_rejects_a_bad_date_and_an_unknown_profile(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_date = runner.invoke(main, ["new", "X", "--date", "17/04/2026", "--dir", str(tmp_path)])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    bad_profile = runner.invoke(
        main, ["new", "X", "--profile", "gogle-sre", "--dir", str(tmp_path)]
    )
    assert bad_profile.exit_code == 2 and "google-sre" in bad_profile.output
    assert not list(tmp_path.iterdir())


def test_init_writes_a_loadable_config_and_refuses_to_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["init", "--profile", "google-sre", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    config = load_config_file(tmp_path / "pmlint.toml")
    assert config.settings.profile == "google-sre"
    again = runner.invoke(main, ["init", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "--force" in again.output
    assert load_config_file(tmp_path / "pmlint.toml").settings.profile == "google-sre"
    forced = runner.invoke(main, ["init", "--force", "--dir", str(tmp_path)])
    assert forced.exit_code == 0
    assert load_config_file(tmp_path / "pmlint.toml").settings.profile == "default"


def test_init_rejects_an_unknown_profile(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", "--profile", "nope", "--dir", str(tmp_path)])
    assert result.exit_code == 2 and "unknown profile" in result.output
    assert not (tmp_path / "pmlint.toml").exists()
