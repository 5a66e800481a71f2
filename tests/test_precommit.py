"""The pre-commit hook, run by the real pre-commit on a scratch repository.

pre-commit installs the hook from a git repository, so the project is copied to a
temporary folder and committed there (the working tree may hold uncommitted work).
pre-commit then builds a virtualenv and pip-installs pmlint into it, which needs the
package index and takes a while; the environment is built once for the module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", ".pre-commit-hooks.yaml")
PROJECT_DIRS = ("pmlint", "rules")
CACHES = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache", ".ruff_cache", "*.egg-info"
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "pmlint tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "pmlint tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def test_hook_definition() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and [h["id"] for h in hooks] == ["pmlint", "pmlint-fix"]
    hook = hooks[0]
    assert hook["id"] == "pmlint" and hook["name"] == "pmlint"
    assert hook["entry"] == "pmlint check"
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]
    assert hook["require_serial"] is False
    fixer = hooks[1]
    assert fixer["entry"] == "pmlint check --fix-only"
    assert fixer["language"] == "python" and fixer["types"] == ["markdown"]


def _git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _copy_project(target: Path) -> None:
    target.mkdir()
    for name in PROJECT_FILES:
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, target / name, ignore=CACHES)
    if not (target / "README.md").is_file():  # the build backend needs the readme
        (target / "README.md").write_text("# pmlint\n", encoding="utf-8")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("precommit")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(base / "cache")}
    env.pop("PYTHONPATH", None)  # the hook must run the pmlint pre-commit installed
    hooks_repo = base / "pmlint-copy"
    _copy_project(hooks_repo)
    _git(hooks_repo, "init", "-q", env=env)
    _git(hooks_repo, "add", "-A", env=env)
    _git(hooks_repo, "commit", "-q", "-m", "snapshot for the hook test", env=env)

    docs = base / "docs-repo"
    docs.mkdir()
    good = next(iter(sorted((ROOT / "examples" / "good").glob("*.md"))))
    shutil.copy2(good, docs / "good.md")
    shutil.copy2(ROOT / "examples" / "bad" / "tier-3-only.md", docs / "bad.md")
    shutil.copy2(ROOT / "examples" / "bad" / "bad-dates-and-order.md", docs / "fixable.md")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=hooks_repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    config = {
        "repos": [
            {"repo": str(hooks_repo), "rev": rev, "hooks": [{"id": "pmlint"}, {"id": "pmlint-fix"}]}
        ]
    }
    (docs / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(docs, "init", "-q", env=env)
    _git(docs, "add", "-A", env=env)
    _git(docs, "commit", "-q", "-m", "post-mortems", env=env)
    return hooks_repo, docs, env


def _try_repo(
    scratch: tuple[Path, Path, dict[str, str]], name: str, hook: str = "pmlint"
) -> tuple[int, str]:
    _hooks_repo, docs, env = scratch
    # `run` with a configuration naming the copy at its commit: the hook's environment is
    # built once in PRE_COMMIT_HOME and reused (`try-repo` builds it anew every time).
    command = [sys.executable, "-m", "pre_commit", "run", hook]
    started = time.monotonic()
    done = subprocess.run(
        [*command, "--files", name, "--color", "never", "--verbose"],
        cwd=docs,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    elapsed = time.monotonic() - started
    print(f"pre-commit run {hook} --files {name}: {elapsed:.1f}s, exit {done.returncode}")
    return done.returncode, done.stdout + done.stderr


def test_hook_fails_on_a_bad_post_mortem(scratch: tuple[Path, Path, dict[str, str]]) -> None:
    status, output = _try_repo(scratch, "bad.md")
    assert status == 1, output
    assert "pmlint" in output and "Failed" in output, output
    assert "bad.md:" in output and "PM408" in output, output


def test_hook_passes_a_good_post_mortem(scratch: tuple[Path, Path, dict[str, str]]) -> None:
    status, output = _try_repo(scratch, "good.md")
    assert status == 0, output
    assert "Passed" in output, output
    assert "good.md:" not in output, output


def test_hook_sees_the_other_post_mortems_of_a_committed_file(
    scratch: tuple[Path, Path, dict[str, str]],
) -> None:
    """The hook passes only the changed file; PM903/PM905 still compare it with the rest."""
    from incident_repo import DOCS, write_repo

    _hooks, docs, env = scratch
    write_repo(docs / "incidents")
    _git(docs, "add", "-A", env=env)
    _git(docs, "commit", "-q", "-m", "incidents", env=env)
    later, earlier = sorted(DOCS)[1], sorted(DOCS)[0]
    status, output = _try_repo(scratch, f"incidents/postmortems/{later}")
    assert status == 0, output  # warnings only
    assert "PM903" in output and "PM905" in output and earlier in output, output
    assert f"{earlier}:" not in output, output  # reported on the given file only


def test_fix_hook_fixes_then_passes(scratch: tuple[Path, Path, dict[str, str]]) -> None:
    _hooks_repo, docs, _env = scratch
    before = (docs / "fixable.md").read_text(encoding="utf-8")
    assert "| **30-day review** | 2026-02-28 |" in before
    status, output = _try_repo(scratch, "fixable.md", "pmlint-fix")
    assert status == 1, output
    assert "files were modified by this hook" in output, output
    after = (docs / "fixable.md").read_text(encoding="utf-8")
    assert "| **30-day review** | 2026-02-13 |" in after
    assert after == before.replace("| 2026-02-28 |", "| 2026-02-13 |")
    # Fixed: the hook now passes and changes nothing.
    status, output = _try_repo(scratch, "fixable.md", "pmlint-fix")
    assert status == 0 and "Passed" in output, output
    assert (docs / "fixable.md").read_text(encoding="utf-8") == after
