"""The incident index and the cross-document rules PM901-PM905 on a repository written for
them (`incident_repo.py`: who should fire where, and why)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from incident_repo import DOCS, TODAY, write_repo

from pmlint.cli import main
from pmlint.run.indexing import build_index
from pmlint.run.runner import Overrides, clear_caches

A, B, C, D, E, F = sorted(DOCS, key=lambda name: name.split("-", 3)[3])

# (file, code, line) of every finding over the whole folder, today 2026-06-01.
EXPECTED = {
    (A, "PM901", 14),  # Tier 1 due 2026-03-20, open
    (A, "PM902", 23),  # 90-day review 2026-05-30, not held
    (B, "PM903", 3),  # INC-100 19 days earlier, not named; at the service line
    (B, "PM905", 3),  # INC-100's Tier 1 item still open
    (C, "PM904", 2),  # INC-102 also claimed by the search post-mortem
    (E, "PM904", 2),
}


def _check(root: Path, *args: str) -> tuple[int, set[tuple[str, str, int]], str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    found = {(Path(f["path"]).name, f["code"], f["line"]) for f in data["findings"]}
    return result.exit_code, found, result.stdout


@pytest.fixture(autouse=True)
def _fresh_configuration() -> None:
    clear_caches()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_repo(tmp_path)


def test_each_rule_fires_where_it_should_and_nowhere_else(repo: Path) -> None:
    status, found, _ = _check(repo, "postmortems")
    assert found == EXPECTED
    assert status == 1  # PM904 is an error


def test_one_file_sees_its_neighbours_but_reports_only_itself(repo: Path) -> None:
    _, found, out = _check(repo, f"postmortems/{B}")
    assert found == {f for f in EXPECTED if f[0] == B}
    assert A in out  # the message names the earlier post-mortem
    _, found, _ = _check(repo, f"postmortems/{C}")
    assert found == {(C, "PM904", 2)}
    _, found, _ = _check(repo, f"postmortems/{D}", f"postmortems/{F}")
    assert found == set()


def test_messages_name_dates_owners_and_the_earlier_incident(repo: Path) -> None:
    _, _, out = _check(repo, "postmortems")
    messages = {f["code"]: f["message"] for f in json.loads(out)["findings"]}
    assert "due 2026-03-20, 73 days before 2026-06-01" in messages["PM901"]
    assert "DB owner" in messages["PM901"]
    assert "30-day" not in messages["PM902"] and "2026-05-30" in messages["PM902"]
    assert "'checkout' had another incident 19 days earlier" in messages["PM903"]
    assert "INC-100" in messages["PM903"]
    assert "Automate the database failover" in messages["PM905"]
    assert "INC-102" in messages["PM904"]


def test_today_moves_what_is_overdue(repo: Path) -> None:
    _, found, _ = _check(repo, "--today", "2026-03-10", "postmortems")
    assert {code for _, code, _ in found} == {"PM903", "PM905", "PM904"}
    _, found, _ = _check(repo, "--today", "2026-07-02", "postmortems")
    codes = [code for name, code, _ in found if name == A]
    assert codes.count("PM901") == 2  # the Tier 3 item (due 07-01) is now late too
    result = CliRunner().invoke(main, ["check", "--today", "2026-13-01", "postmortems"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_window_option_and_grace_days(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "pmlint.toml").write_text(
        f'select = ["PM9"]\ntoday = "{TODAY}"\n'
        "[rules.PM903]\nwindow-days = 10\n[rules.PM901]\ngrace-days = 100\n",
        encoding="utf-8",
    )
    _, found, _ = _check(repo, "postmortems")
    assert {code for _, code, _ in found} == {"PM902", "PM905", "PM904"}


def test_linking_the_predecessor_silences_pm903_even_through_the_cache(repo: Path) -> None:
    runner = CliRunner()
    args = ["check", "--format", "json", f"postmortems/{B}"]
    first = json.loads(runner.invoke(main, args).stdout)["findings"]
    assert {f["code"] for f in first} == {"PM903", "PM905"}
    again = json.loads(runner.invoke(main, args).stdout)["findings"]
    assert again == first  # from the cache
    target = repo / B
    target.write_text(target.read_text() + "\nAfter INC-100.\n", encoding="utf-8")
    now = {f["code"] for f in json.loads(runner.invoke(main, args).stdout)["findings"]}
    assert now == {"PM905"}
    # Marking the earlier incident's Tier 1 item done changes B's result though B is unchanged.
    earlier = repo / A
    earlier.write_text(
        earlier.read_text().replace("| 2026-03-20 | Open |", "| 2026-03-20 | Done |")
    )
    assert json.loads(runner.invoke(main, args).stdout)["findings"] == []


def test_a_suppression_hides_a_cross_document_finding(repo: Path) -> None:
    target = repo / B
    text = (
        target.read_text().replace("service: checkout", "service: checkout", 1)
        + "\n<!-- pmlint-disable-file PM903 -- the earlier incident was unrelated -->\n"
    )
    target.write_text(text, encoding="utf-8")
    _, found, _ = _check(repo, f"postmortems/{B}")
    assert found == {(B, "PM905", 3)}  # and no PM002: the suppression was used


def test_several_processes_give_the_same_findings(repo: Path) -> None:
    _, one, _ = _check(repo, "postmortems")
    _, two, _ = _check(repo, "--jobs", "2", "postmortems")
    assert one == two == EXPECTED


def test_rules_are_off_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_repo(tmp_path, config="")
    result = CliRunner().invoke(main, ["check", "--format", "json", "postmortems"])
    assert not [f for f in json.loads(result.stdout)["findings"] if f["code"].startswith("PM9")]
    extended = 'extend-select = ["PM9"]\ntoday = "2026-06-01"\n'
    (tmp_path / "pmlint.toml").write_text(extended, encoding="utf-8")
    clear_caches()  # configuration files are read once per process
    result = CliRunner().invoke(main, ["check", "--format", "json", "postmortems"])
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert {"PM901", "PM902", "PM903", "PM904", "PM905"} <= codes


def test_index_paths_setting_points_single_files_at_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = write_repo(tmp_path, config="")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / B).write_text(DOCS[B], encoding="utf-8")
    (folder / B).unlink()
    (tmp_path / "pmlint.toml").write_text(
        f'select = ["PM9"]\ntoday = "{TODAY}"\nindex-paths = ["postmortems"]\n', encoding="utf-8"
    )
    _, found, _ = _check(tmp_path, f"drafts/{B}")
    assert found == {(B, "PM903", 3), (B, "PM905", 3)}


def test_services_from_a_path_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "postmortems" / "checkout"
    folder.mkdir(parents=True)
    for name in (A, B):
        text = DOCS[name].replace("service: checkout\n", "")
        (folder / name).write_text(text, encoding="utf-8")
    (tmp_path / "pmlint.toml").write_text(
        f'select = ["PM903"]\ntoday = "{TODAY}"\n[services]\n"postmortems/checkout/*" = '
        '"checkout"\n',
        encoding="utf-8",
    )
    _, found, _ = _check(tmp_path, "postmortems")
    assert {(name, code) for name, code, _ in found} == {(B, "PM903")}


# -- the index ---------------------------------------------------------------------------


def test_index_entries(repo: Path) -> None:
    built = build_index([repo], Overrides())
    by_name = {Path(e.path).name: e for e in built.entries}
    a = by_name[A]
    assert (a.id, a.date, a.severity_label, a.services) == (
        "INC-100",
        "2026-03-01",
        "SEV1",
        ["checkout"],
    )
    assert (a.time_to_mitigate, a.time_to_resolve, a.time_to_detect) == (30, 60, None)
    assert [(x.tier, x.done, x.due) for x in a.actions] == [
        (1, False, "2026-03-20"),
        (2, True, "2026-03-25"),
        (3, False, "2026-07-01"),
    ]
    assert [(c.label, c.date, c.done) for c in a.checkpoints] == [
        ("30-day review", "2026-03-31", True),
        ("90-day review", "2026-05-30", False),
    ]
    assert by_name[E].id == by_name[C].id == "INC-102"


def test_index_is_cached_and_rereads_only_changed_documents(repo: Path) -> None:
    first = build_index([repo], Overrides())
    assert first.parsed == len(DOCS)
    again = build_index([repo], Overrides())
    assert again.parsed == 0 and again.entries == first.entries
    (repo / D).write_text(DOCS[D].replace("SEV-3", "SEV-1"), encoding="utf-8")
    third = build_index([repo], Overrides())
    assert third.parsed == 1
    assert {Path(e.path).name: e.severity_label for e in third.entries}[D] == "SEV1"


def test_inspect_index_json_shape(repo: Path) -> None:
    result = CliRunner().invoke(main, ["inspect", "--index", "postmortems", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == 1 and len(data["incidents"]) == len(DOCS)
    incident = data["incidents"][0]
    for key in ("path", "id", "title", "date", "severity", "severity_label", "status", "services"):
        assert key in incident
    for key in ("detected", "mitigated", "resolved", "time_to_detect", "time_to_resolve"):
        assert key in incident
    assert set(incident["actions"][0]) == {
        "line",
        "action",
        "tier",
        "owner",
        "due",
        "due_text",
        "done",
        "tracking",
    }
    text = CliRunner().invoke(main, ["inspect", "--index", "postmortems"]).stdout
    assert "INC-100 SEV1 [checkout]" in text


def test_times_from_the_timeline_when_the_header_has_none(tmp_path: Path) -> None:
    from pmlint.catalog.load import load_catalog
    from pmlint.document.parse import parse_document
    from pmlint.index.entry import entry_from_document

    text = """# Queue outage

**Date:** 2026-02-03

## Timeline

- 09:50 Error rate began rising on the queue
- 10:05 Alert fired for queue depth
- 10:40 Rolled back the consumer release
- 11:20 Queue fully recovered
"""
    doc = parse_document(text, "q.md", load_catalog().profile("default").matcher)
    entry = entry_from_document(doc, "")
    assert (entry.time_to_detect, entry.time_to_mitigate, entry.time_to_resolve) == (15, 35, 75)
    assert entry.detected == "2026-02-03T10:05"


def test_timeline_times_skip_failed_mitigations_and_keep_chronology() -> None:
    """Cases met in real post-mortems: an attempt that did not work is not the mitigation, a
    row listed out of order is read by its time, the last resolution ends the incident."""
    from pmlint.catalog.load import load_catalog
    from pmlint.document.parse import parse_document
    from pmlint.index.entry import entry_from_document

    text = """# Build cluster outage

## Timeline

| Time | Event |
| --- | --- |
| 2026-07-02 14:21 | The upstream mirror was restored |
| 2026-07-02 07:40 | The build queue stalled |
| 2026-07-02 07:48 | CI outage reported by a contributor |
| 2026-07-02 08:53 | Mitigation attempt 1: mirror the artifacts. Unsuccessful |
| 2026-07-02 09:10 | Restarted the ingress; does not seem to mitigate the problem |
| 2026-07-03 05:46 | Mitigation: pinned the old artifacts, jobs pass again |
| 2026-07-04 10:00 | All jobs recovered |
"""
    doc = parse_document(text, "b.md", load_catalog().profile("default").matcher)
    entry = entry_from_document(doc, "")
    assert entry.started == "2026-07-02T07:40" and entry.detected == "2026-07-02T07:48"
    assert entry.mitigated == "2026-07-03T05:46" and entry.resolved == "2026-07-04T10:00"
    assert (entry.time_to_detect, entry.time_to_mitigate) == (8, 21 * 60 + 58)
    assert entry.time_to_resolve == 2 * 24 * 60 + 2 * 60 + 12


def test_a_cold_run_parses_each_document_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index keeps the documents it parsed for the lint that follows."""
    import pmlint.run.indexing
    import pmlint.run.runner
    from pmlint.document.parse import parse_document

    calls: list[str] = []

    def counting(text: str, path: str, matcher: object) -> object:
        calls.append(path)
        return parse_document(text, path, matcher)  # type: ignore[arg-type]

    monkeypatch.setattr(pmlint.run.indexing, "parse_document", counting)
    monkeypatch.setattr(pmlint.run.runner, "parse_document", counting)
    _, found, _ = _check(repo, "postmortems")
    assert found == EXPECTED
    assert sorted(calls) == sorted(f"postmortems/{name}" for name in DOCS)


def test_standard_input_is_judged_beside_its_folder(repo: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["check", "--format", "json", "-", "--stdin-filename", f"postmortems/{B}"],
        input=DOCS[B],
    )
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert codes == {"PM903", "PM905"}
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--format",
            "json",
            "--today",
            "2026-03-10",
            "-",
            "--stdin-filename",
            f"postmortems/{A}",
        ],
        input=DOCS[A],
    )
    assert json.loads(result.stdout)["findings"] == []  # nothing overdue on 2026-03-10
