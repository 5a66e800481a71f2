"""A new team adopting pmlint on a docs repository: `pmlint check` with no path lints only
the post-mortems, and `pmlint init` suggests a profile and writes a configuration, a
baseline and hook snippets that pass on the next run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pmlint.config.settings import load_config_file

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FINDING = re.compile(r"^(\S+?):\d+:\d+: (?:error|warning|info) [A-Z]+[0-9]+ ", re.MULTILINE)


def pmlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        [sys.executable, "-m", "pmlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """README, changelog, a .gitignore'd build folder and generated copies, and post-mortems
    in a folder: some in the reference format, some not."""
    root = tmp_path / "docs-repo"
    (root / "postmortems").mkdir(parents=True)
    (root / "README.md").write_text("# Incident reviews\n\nOne file per incident.\n")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n- added the March review\n")
    (root / ".gitignore").write_text("build/\ngenerated/\n")
    sources = sorted((ROOT / "examples" / "good").glob("*.md"))
    sources += sorted((ROOT / "examples" / "bad").glob("*.md"))[:4]
    for source in sources:
        shutil.copy(source, root / "postmortems" / source.name)
    for copy in ("build/html", "generated"):
        (root / copy).mkdir(parents=True)
        shutil.copy(sources[-1], root / copy / sources[-1].name)
    return root


def test_check_with_no_path_lints_only_the_post_mortems(repo: Path) -> None:
    result = pmlint(repo, "check")
    assert result.returncode == 1, result.stderr
    linted = {m.group(1) for m in FINDING.finditer(result.stdout)}
    assert linted and all(path.startswith("postmortems/") for path in linted)
    count = len(list((repo / "postmortems").glob("*.md")))
    assert f"of {count} files." in result.stdout.splitlines()[-1]


def test_init_suggests_a_profile_and_its_files_pass_the_next_run(repo: Path) -> None:
    first = pmlint(repo, "init", "--baseline", "--hooks")
    assert first.returncode == 0, first.stderr
    out = first.stdout
    for profile in ("default", "generic", "google-sre", "pagerduty"):
        assert re.search(rf"^{profile} +\d+ +\d+ +\d+\.\d", out, re.MULTILINE), out
    suggested = re.search(r"^Suggested profile: ([a-z-]+) \(", out, re.MULTILINE)
    assert suggested is not None, out
    config = load_config_file(repo / "pmlint.toml")
    assert config.settings.profile == suggested.group(1)
    assert config.settings.include == ["postmortems/**/*.md", "postmortems/**/*.markdown"]
    assert config.settings.baseline == ".pmlint-baseline.json"
    assert (repo / ".pmlint-baseline.json").is_file()

    second = pmlint(repo, "check")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "hidden by the baseline" in second.stdout

    # The pre-commit hook, as pre-commit would call it on every Markdown file of a commit.
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())
    (hook,) = hooks["repos"][0]["hooks"]
    files = [
        p.relative_to(repo).as_posix()
        for p in sorted(repo.rglob("*.md"))
        if re.search(hook.get("files", ""), p.relative_to(repo).as_posix())
    ]
    assert files and all(f.startswith("postmortems/") for f in files)
    entry = hook["entry"].split()
    assert entry[0] == "pmlint"
    hook_run = pmlint(repo, *entry[1:], *hook.get("args", []), *files)
    assert hook_run.returncode == 0, hook_run.stdout + hook_run.stderr

    # The workflow's pmlint steps.
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "pmlint.yml").read_text())
    steps = [s["run"] for s in workflow["jobs"]["pmlint"]["steps"] if "run" in s]
    commands = [s for s in steps if s.startswith("pmlint ")]
    assert commands
    for command in commands:
        done = pmlint(repo, *command.split()[1:])
        assert done.returncode == 0, (command, done.stdout, done.stderr)

    # A new post-mortem with problems fails, with only its own findings.
    shutil.copy(ROOT / "examples" / "bad" / "no-detection-gap.md", repo / "postmortems" / "new.md")
    third = pmlint(repo, "check")
    assert third.returncode == 1
    assert {m.group(1) for m in FINDING.finditer(third.stdout)} == {"postmortems/new.md"}

    again = pmlint(repo, "init")
    assert again.returncode == 2 and "--force" in again.stderr


def test_the_pre_commit_hook_runs_under_pre_commit(repo: Path, tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("pre-commit", path=str(BIN)) is None:
        pytest.skip("git or pre-commit is not installed")
    assert pmlint(repo, "init", "--baseline", "--hooks").returncode == 0
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    done = subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pmlint" in done.stdout and "Passed" in done.stdout


def test_init_dry_run_writes_nothing_and_an_empty_folder_gets_the_default(tmp_path: Path) -> None:
    (tmp_path / "postmortems").mkdir()
    shutil.copy(
        ROOT / "examples" / "good" / sorted(os.listdir(ROOT / "examples" / "good"))[0],
        tmp_path / "postmortems" / "a.md",
    )
    dry = pmlint(tmp_path, "init", "--dry-run")
    assert dry.returncode == 0 and "Suggested profile: default" in dry.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["postmortems"]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = pmlint(empty, "init")
    assert result.returncode == 0 and "No post-mortems found" in result.stdout
    assert load_config_file(empty / "pmlint.toml").settings.profile == "default"
