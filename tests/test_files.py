"""Which files a run lints: .gitignore, include patterns, globs, excludes, per-file-ignores,
`extend`; and what `pmlint check` with no path means in a docs repository."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from conftest import cli_in

from pmlint.run.runner import clear_caches

FINDING = re.compile(r"^(\S+?):\d+:\d+: (?:error|warning|info) ([A-Z]+[0-9]+) ", re.MULTILINE)
DOC = "# Checkout outage\n\n## Action Items\n\n- Update the runbook\n"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


def write(path: Path, text: str = DOC) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(cwd: Path, *args: str) -> Result:
    return cli_in(cwd, ["check", "--no-cache", *args])


def linted(result: Result) -> set[str]:
    return {m.group(1) for m in FINDING.finditer(result.stdout)}


def codes_of(result: Result, path: str) -> set[str]:
    return {m.group(2) for m in FINDING.finditer(result.stdout) if m.group(1) == path}


def docs_repository(root: Path) -> Path:
    """A docs repository as teams have them: a README, post-mortems in a folder, build
    output and generated copies that .gitignore leaves out, a changelog and a template."""
    write(root / "README.md", "# Our docs\n\nSee postmortems/.\n")
    write(root / "CHANGELOG.md", "# Changelog\n")
    write(root / ".gitignore", "build/\n/generated\n*.tmp.md\n")
    for name in ("2026-01-10-dns.md", "2026-02-02-checkout.md", "2026-03-15-queue.md"):
        write(root / "postmortems" / name)
    write(root / "postmortems" / "template.md")
    write(root / "postmortems" / "scratch.tmp.md")
    write(root / "build" / "site" / "postmortems" / "2026-01-10-dns.md")
    write(root / "generated" / "2026-01-10-dns.md")
    write(root / "node_modules" / "pkg" / "README.md")
    return root


POST_MORTEMS = {
    "postmortems/2026-01-10-dns.md",
    "postmortems/2026-02-02-checkout.md",
    "postmortems/2026-03-15-queue.md",
}


def test_check_with_no_path_lints_only_the_post_mortems(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    result = check(repo)
    assert result.exit_code == 1, result.output
    assert linted(result) == POST_MORTEMS
    assert "in 3 of 3 files." in result.stdout


def test_gitignore_applies_inside_a_git_repository_from_a_subfolder(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    (repo / ".git").mkdir()
    write(repo / "postmortems" / ".gitignore", "2026-03-*.md\n!2026-03-15-queue.md\n")
    write(repo / "postmortems" / "2026-03-01-drafted.md")
    result = check(repo / "postmortems")
    assert linted(result) == {p.removeprefix("postmortems/") for p in POST_MORTEMS}


def test_respect_gitignore_can_be_switched_off(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    write(repo / "pmlint.toml", "respect-gitignore = false\n")
    assert "generated/2026-01-10-dns.md" in linted(check(repo))


def test_a_named_file_is_linted_even_when_gitignored(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    assert linted(check(repo, "generated/2026-01-10-dns.md")) == {"generated/2026-01-10-dns.md"}


def test_a_named_file_that_is_excluded_says_so(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    result = check(repo, "README.md")
    assert result.exit_code == 0 and result.stdout == "No files checked.\n"
    assert "README.md is left out by the exclude pattern 'README.md'" in result.stderr
    assert linted(check(repo, "--exclude", "", "README.md")) == {"README.md"}


def test_include_with_a_folder_and_globs_on_the_command_line(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    write(repo / "docs" / "how-to.md")
    write(repo / "pmlint.toml", 'include = ["postmortems/**/*.md"]\n')
    assert linted(check(repo)) == POST_MORTEMS
    globbed = check(repo, "postmortems/2026-0[12]*.md")
    assert linted(globbed) == POST_MORTEMS - {"postmortems/2026-03-15-queue.md"}
    missing = check(repo, "postmortems/1999-*.md")
    assert missing.exit_code == 2 and "matches no file" in missing.output
    absent = check(repo, "nowhere.md")
    assert absent.exit_code == 2 and "does not exist" in absent.output


def test_exclude_and_extend_exclude(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    write(repo / "pmlint.toml", 'extend-exclude = ["2026-01-*"]\n')
    assert linted(check(repo)) == POST_MORTEMS - {"postmortems/2026-01-10-dns.md"}
    more = check(repo, "--extend-exclude", "2026-02-*")
    assert linted(more) == {"postmortems/2026-03-15-queue.md"}
    # --exclude replaces the list, defaults included: the README and template come back
    replaced = check(repo, "--exclude", "2026-0*")
    assert linted(replaced) == {"README.md", "CHANGELOG.md", "postmortems/template.md"}


def test_per_file_ignores(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    write(
        repo / "pmlint.toml",
        '[per-file-ignores]\n"2026-01-*.md" = ["PM4", "PM501"]\n'
        '"postmortems/2026-02-*" = ["PM1"]\n',
    )
    result = check(repo)
    dns = codes_of(result, "postmortems/2026-01-10-dns.md")
    checkout = codes_of(result, "postmortems/2026-02-02-checkout.md")
    queue = codes_of(result, "postmortems/2026-03-15-queue.md")
    assert dns and not any(c.startswith("PM4") or c == "PM501" for c in dns)
    assert checkout and not any(c.startswith("PM1") for c in checkout)
    assert "PM501" in queue and any(c.startswith("PM1") for c in queue)


def test_per_file_ignores_names_are_checked(tmp_path: Path) -> None:
    repo = docs_repository(tmp_path)
    write(repo / "pmlint.toml", '[per-file-ignores]\n"*.md" = ["PM4O2"]\n')
    result = check(repo)
    assert result.exit_code == 2 and "per-file-ignores.*.md" in result.output
    assert "did you mean 'PM402'" in result.output


def test_extend_a_shared_configuration(tmp_path: Path) -> None:
    org = tmp_path / "org"
    write(org / "house" / "XY100.toml", HOUSE_RULE)
    write(
        org / "pmlint.toml",
        'profile = "generic"\nrule-paths = ["house"]\nextend-select = ["XY100"]\n'
        'fail-on = "warning"\n',
    )
    repo = docs_repository(tmp_path / "repo")
    write(repo / "pmlint.toml", 'extend = "../org/pmlint.toml"\nfail-on = "error"\n')
    result = check(repo, "--show-settings")
    assert result.exit_code == 0, result.output
    assert 'profile = "generic"' in result.stdout and 'fail-on = "error"' in result.stdout
    assert "XY100" in result.stdout
    run = check(repo)
    assert "XY100" in codes_of(run, "postmortems/2026-01-10-dns.md")


def test_extend_errors_name_the_file(tmp_path: Path) -> None:
    write(tmp_path / "a.md")
    write(tmp_path / "pmlint.toml", 'extend = "missing.toml"\n')
    result = check(tmp_path, "a.md")
    assert result.exit_code == 2 and "key 'extend'" in result.output
    write(tmp_path / "pmlint.toml", 'extend = "other.toml"\n')
    write(tmp_path / "other.toml", 'extend = "pmlint.toml"\n')
    result = check(tmp_path, "a.md")
    assert result.exit_code == 2 and "circle" in result.output


HOUSE_RULE = """code = "XY100"
name = "needs-glossary"
severity = "warning"
summary = "No glossary"
message = "no glossary section"
check = "section_required"
options = { kind = "glossary", synonyms = ["Glossary"] }

[docs]
why = "Readers outside the team need the terms."
bad = "# T\\n"
good = "# T\\n\\n## Glossary\\n\\nSLO: a target.\\n"
"""


GITIGNORE_TREE = {
    ".gitignore": "build/\n/generated\n*.draft.md\n!keep.draft.md\ndocs/**/old-*.md\n",
    "postmortems/.gitignore": "private/\n2019-*.md\n!2019-keep.md\n",
    "postmortems/a.md": DOC,
    "postmortems/2019-gone.md": DOC,
    "postmortems/2019-keep.md": DOC,
    "postmortems/x.draft.md": DOC,
    "postmortems/keep.draft.md": DOC,
    "postmortems/private/secret.md": DOC,
    "postmortems/generated/kept.md": DOC,  # `/generated` is anchored to the root
    "generated/gone.md": DOC,
    "build/gone.md": DOC,
    "sub/build/gone.md": DOC,  # `build/` matches at any depth
    "docs/2020/old-notes.md": DOC,
    "docs/2020/new-notes.md": DOC,
}


def test_gitignore_agrees_with_git(tmp_path: Path) -> None:
    """The files a walk keeps are the Markdown files git does not ignore."""
    import shutil
    import subprocess

    from pmlint.config.settings import Config, default_settings
    from pmlint.run.walk import walk

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for name, text in GITIGNORE_TREE.items():
        write(tmp_path / name, text)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    by_git = {name for name in listed if name.endswith(".md")}
    config = Config(default_settings(), None, tmp_path.resolve(), "defaults")
    walked = {p.relative_to(tmp_path).as_posix() for p in walk(tmp_path, config, None)}
    assert walked == by_git
    assert "postmortems/2019-keep.md" in walked and "postmortems/2019-gone.md" not in walked


@pytest.mark.parametrize("inside", [True, False])
def test_a_walk_leaves_out_what_excluded_by_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: bool
) -> None:
    """A walked folder's files are checked against the exclude patterns with the folder's
    part worked out once; the answer must be `excluded_by`'s for every file, inside the
    configuration's folder and outside it (where paths are matched as given)."""
    from pmlint.config.settings import config_for
    from pmlint.run.files import excluded_by, files_to_lint
    from pmlint.run.runner import Overrides

    root = tmp_path / "repo"
    names = [
        "a.md", "README.md", "drafts/b.md", "drafts/deep/c.md", "team/drafts.md",
        "team/template.md", "x/y/z/notes.md", "build/out.md", "x/build/in.md", "d.txt",
    ]  # fmt: skip
    for name in names:
        write(root / name)
    patterns = ["drafts/", "*template*", "x/y", "build", "tmp*/**/c.md"]
    overrides = Overrides(extend_exclude=patterns)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(root if inside else elsewhere)
    start = Path(".") if inside else root
    linted = {file for file, _config, _ignored in files_to_lint([start], overrides)}
    everything = [p for p in start.rglob("*.md")]
    expected = {p for p in everything if excluded_by(p, config_for(p, None), overrides) is None}
    assert {os.path.normpath(p) for p in linted} == {os.path.normpath(p) for p in expected}
    assert len(expected) < len(everything)  # some were left out
