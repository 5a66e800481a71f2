"""`pmlint report` on the repository of `incident_repo.py`: its figures, the Markdown form read
back by markdown-it-py, and the HTML page in a real headless Chromium (driven by Playwright
with the system's Chromium; skipped where neither is installed)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from incident_repo import DOCS, write_repo
from markdown_it import MarkdownIt

from pmlint.cli import main
from pmlint.run.runner import clear_caches

A, B, C, D, E, F = sorted(DOCS, key=lambda name: name.split("-", 3)[3])
SCREENSHOT_DIR = (
    Path(os.environ.get("PMLINT_SCREENSHOT_DIR", ""))
    if os.environ.get("PMLINT_SCREENSHOT_DIR")
    else None
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clear_caches()
    monkeypatch.chdir(tmp_path)
    write_repo(tmp_path, config='today = "2026-06-01"\n')
    return tmp_path


def _report(*args: str) -> str:
    result = CliRunner().invoke(main, ["report", "postmortems", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_figures(repo: Path) -> None:
    data = json.loads(_report("--format", "json"))
    assert data["schema"] == 1 and data["today"] == "2026-06-01"
    summary = data["summary"]
    assert summary["incidents"] == 6
    assert summary["action_items"] == 5 and summary["open_action_items"] == 2
    assert summary["overdue_action_items"] == 1
    # A: 10:00 → 10:30 → 11:00; B: 14:03 → 14:29 → 14:50
    assert summary["median_time_to_mitigate"] == 28.0
    assert summary["median_time_to_resolve"] == 53.5
    assert summary["median_time_to_detect"] is None
    assert [row["month"] for row in data["per_month"]] == ["2026-03", "2026-04", "2026-05"]
    assert data["per_month"][1]["by_severity"] == {"SEV2": 1, "SEV3": 2}
    assert data["actions_by_tier"] == [
        {"tier": "Tier 1", "done": 1, "open": 0, "overdue": 1, "total": 2},
        {"tier": "Tier 2", "done": 1, "open": 0, "overdue": 0, "total": 1},
        {"tier": "Tier 3", "done": 1, "open": 1, "overdue": 0, "total": 2},
    ]
    (overdue,) = data["overdue"]
    assert (Path(overdue["path"]).name, overdue["line"]) == (A, 14)
    assert (overdue["owner"], overdue["due"], overdue["days_overdue"]) == (
        "DB owner",
        "2026-03-20",
        73,
    )
    checkout = data["recurring_services"][0]
    assert (checkout["service"], checkout["incidents"], checkout["within_window"]) == (
        "checkout",
        5,
        3,
    )
    assert checkout["open_tier_1_2"] == 1
    assert [Path(r["path"]).name for r in data["tier3_only"]] == [C]
    rules = {row["code"]: row["findings"] for row in data["top_rules"]}
    assert rules["PM904"] == 2 and rules["PM903"] == 1  # the report runs the PM9 rules


def test_markdown_tables_parse(repo: Path) -> None:
    text = _report("--format", "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables = [t for t in tokens if t.type == "table_open"]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Incident report"
    assert "Overdue action items (1)" in headings
    assert len(tables) >= 8
    rows = sum(1 for t in tokens if t.type == "tr_open")
    assert rows > 30
    assert f"[postmortems/{A}:14](postmortems/{A}#L14)" in text
    assert "| checkout | 5 | 3 | 1 |" in text


def test_markdown_escapes_pipes_in_document_text(repo: Path) -> None:
    target = repo / "postmortems" / A
    target.write_text(
        target.read_text().replace("Automate the database failover", "Fail over a\\|b"),
        encoding="utf-8",
    )
    text = _report("--format", "markdown")
    assert "Fail over a\\|b" in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    cells = [t for t in tokens if t.type == "inline" and "Fail over" in t.content]
    assert cells and cells[0].content == "Fail over a|b"  # one cell, pipe kept


def test_html_is_self_contained_and_escapes_titles(repo: Path) -> None:
    target = repo / "postmortems" / D
    target.write_text(
        target.read_text().replace(
            "id: INC-103", 'id: INC-103\ntitle: "<script>alert(1)</script>"'
        ),
        encoding="utf-8",
    )
    html = _report("--format", "html")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<script" not in html  # no JavaScript at all
    for needle in ("http://", "https://", "src=", "@import", "url("):
        assert needle not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert html.count('<svg class="chart"') == 4
    assert html.count("<table") >= 8


def test_link_base_and_output_file(repo: Path) -> None:
    out = repo / "site" / "report.html"
    result = CliRunner().invoke(
        main,
        ["report", "postmortems", "-o", str(out), "--link-base", "https://git.example/r/blob/main"],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert f'href="https://git.example/r/blob/main/postmortems/{A}#L14"' in html
    relative = CliRunner().invoke(main, ["report", "postmortems", "-o", str(out)])
    assert relative.exit_code == 0
    assert f'href="../postmortems/{A}#L14"' in out.read_text(encoding="utf-8")
    assert "wrote" in relative.stderr


def _chromium() -> str:
    """The system's Chromium; CI (`.ci/run`, PMLINT_REQUIRE_BROWSER=1) fails without it."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    required = os.environ.get("PMLINT_REQUIRE_BROWSER") == "1"
    if path is None:
        if required:
            pytest.fail("Chromium is not installed")
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    if required:
        import playwright.sync_api  # noqa: F401  (an ImportError fails the test)
    else:
        pytest.importorskip("playwright.sync_api")
    return path


def test_html_in_headless_chromium(repo: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "postmortems", "-o", str(out)])
    assert result.exit_code == 0, result.output
    console: list[str] = []
    requests: list[str] = []
    errors: list[str] = []
    shot = (SCREENSHOT_DIR or tmp_path) / "report.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(out.as_uri(), wait_until="load")
            charts = page.evaluate(
                """() => Array.from(document.querySelectorAll('svg.chart')).map(svg => {
                    const box = svg.getBoundingClientRect();
                    const marks = Array.from(svg.querySelectorAll('.mark'))
                        .filter(m => m.getBBox().width > 0 && m.getBBox().height > 0);
                    return {id: svg.id, width: box.width, height: box.height, marks: marks.length,
                            title: svg.querySelector('title').textContent,
                            labelled: svg.getAttribute('aria-labelledby')};
                })"""
            )
            tables = page.evaluate("() => document.querySelectorAll('table').length")
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert console == [] and errors == []
    assert requests == [out.as_uri()]  # the page itself, nothing else
    assert [c["id"] for c in charts] == [
        "chart-months",
        "chart-times",
        "chart-tiers",
        "chart-rules",
    ]
    for chart in charts:
        assert chart["width"] > 300 and chart["height"] > 50, chart
        assert chart["marks"] > 0, chart
        assert chart["title"] and chart["labelled"], chart
    assert tables >= 8
    assert shot.stat().st_size > 10_000  # a screenshot for a person to look at


def test_without_paths_the_report_reads_the_configured_index_paths(repo: Path) -> None:
    (repo / "README.md").write_text("# Not a post-mortem\n", encoding="utf-8")
    (repo / "pmlint.toml").write_text(
        'today = "2026-06-01"\nindex-paths = ["postmortems"]\n', encoding="utf-8"
    )
    clear_caches()
    result = CliRunner().invoke(main, ["report", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["incidents"] == len(DOCS)
    assert all(row["path"].startswith("postmortems/") for row in data["findings_per_document"])
