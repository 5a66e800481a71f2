"""Every shell, TOML, YAML, JSON and Python example in README.md and docs/ is run or
loaded, as a reader would paste it.

Each page gets a scratch repository (post-mortems in `postmortems/`, `docs/postmortems/`
and `docs/incidents/`, a copy of `examples/`, a git repository) and its examples are taken
in order, so a command may use a file an earlier example wrote:

- shell: each command runs in bash; a `pmlint` command may exit 1 (findings), never 2
  (a usage or configuration error); anything else must exit 0;
- TOML: a file named in its first comment (`# pmlint.toml`, `# rules/ACME101.toml`) is
  written there, others are settings; settings must be accepted by
  `pmlint check --show-settings`, rule files and profiles validate, and the page's
  rule folder must load (`pmlint rules`);
- YAML: pre-commit configurations name hooks that exist and no release tag; the `pmlint`
  commands of workflows and CI jobs run like shell commands;
- JSON parses; Python runs.

An example that cannot run here says why in a comment just above it:
`<!-- doc-test: skip REASON -->`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from pmlint.catalog.schemas import validate_profile, validate_rule
from pmlint.util import tomlread

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BIN = Path(sys.executable).parent
CHECKED = {"sh", "bash", "shell", "toml", "yaml", "yml", "json", "python"}
SKIP = re.compile(r"<!--\s*doc-test:\s*skip\b\s*(.*?)\s*-->")
FENCE = re.compile(r"^(```+|~~~+)\s*([\w-]*)[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
HOOK_IDS = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


@dataclass
class Example:
    page: Path
    line: int
    lang: str
    text: str
    skip: str | None  # the reason, when marked

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line} ({self.lang})"


def examples(page: Path) -> list[Example]:
    source = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(source):
        lang = match.group(2).lower()
        if lang not in CHECKED:
            continue
        before = source[: match.start()].rstrip().rsplit("\n", 1)[-1]
        marker = SKIP.search(before)
        line = source.count("\n", 0, match.start()) + 1
        found.append(Example(page, line, lang, match.group(3), marker.group(1) if marker else None))
    return found


def sandbox(base: Path) -> Path:
    """A docs repository with post-mortems where the documentation's commands look."""
    repo = base / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "examples", repo / "examples")
    sources = sorted((ROOT / "examples" / "good").glob("*.md"))
    sources += sorted((ROOT / "examples" / "bad").glob("*.md"))[:2]
    for folder in ("postmortems", "docs/postmortems", "docs/incidents"):
        (repo / folder).mkdir(parents=True)
        for source in sources:
            shutil.copy(source, repo / folder / source.name)
        shutil.copy(sources[0], repo / folder / "2026-04-17-checkout.md")
    for name in ("incident.md", "draft.md", "2026-04-17-checkout.md"):
        shutil.copy(sources[-1], repo / name)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=False, capture_output=True)
    return repo


def environment(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "NO_COLOR": "1",
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def commands(text: str) -> list[str]:
    """Shell lines with continuations joined and trailing `  # comments` dropped."""
    joined = re.sub(r"\\\n\s*", " ", text)
    out = []
    for raw in joined.splitlines():
        line = re.split(r"\s{2,}#\s", raw.strip(), maxsplit=1)[0].strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def run_command(command: str, repo: Path, env: dict[str, str], where: str) -> None:
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", command],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    allowed = {0, 1} if re.match(r"^(cat [^|]*\|\s*)?pmlint\b", command) else {0}
    assert done.returncode in allowed, (
        f"{where}: `{command}` exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    )


def header_name(text: str) -> str | None:
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    match = re.match(r"#\s*([\w./-]+\.toml)\s*$", first)
    return match.group(1) if match else None


def check_toml(example: Example, repo: Path, env: dict[str, str], scratch: Path) -> None:
    data = tomlread.loads(example.text)
    name = header_name(example.text)
    if "code" in data and "check" in data:  # a rule file
        validate_rule(data)
        target = repo / (name or f"rules/{data['code']}.toml")
    elif "sections" in data or ("name" in data and "extends" in data):  # a profile
        validate_profile(data)
        target = repo / (name or f"profiles/{data['name']}.toml")
    else:  # settings: on their own in a fresh folder, then kept for later examples
        settings_name = "pyproject.toml" if "tool" in data else "pmlint.toml"
        alone = scratch / f"settings-{example.line}"
        alone.mkdir()
        (alone / settings_name).write_text(example.text, encoding="utf-8")
        shown = subprocess.run(
            [str(BIN / "pmlint"), "check", "--show-settings"],
            cwd=alone,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        folders = data.get("rule-paths") or data.get("tool", {}).get("pmlint", {}).get("rule-paths")
        if folders:  # the folder comes from the page's rule files: checked at the end
            target = repo / (name or settings_name)
        else:
            assert shown.returncode == 0, f"{example}: {shown.stderr}"
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example.text, encoding="utf-8")


def check_yaml(example: Example, repo: Path, env: dict[str, str]) -> None:
    data: Any = yaml.safe_load(example.text)
    if isinstance(data, dict) and "repos" in data:  # a pre-commit configuration
        for entry in data["repos"]:
            rev = str(entry.get("rev", ""))
            assert not re.match(r"^v?\d+\.\d+", rev), f"{example}: rev {rev} is not a published tag"
            if entry["repo"] not in ("local", "meta"):
                assert {hook["id"] for hook in entry["hooks"]} <= HOOK_IDS, example
        return
    steps: list[Any] = []
    if isinstance(data, list):
        steps = data
    elif isinstance(data, dict):
        for job in data.get("jobs", {}).values():
            steps += job.get("steps", [])
        for job in data.values():
            if isinstance(job, dict) and "script" in job:
                steps += [{"run": line} for line in job["script"]]
    for step in steps:
        for command in commands(str(step.get("run", ""))) if isinstance(step, dict) else []:
            if command.startswith("pmlint "):
                run_command(command, repo, env, str(example))


def page_ids(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("page", [p for p in PAGES if examples(p)], ids=page_ids)
def test_examples_of_the_page_work(page: Path, tmp_path: Path) -> None:
    found = examples(page)
    repo = sandbox(tmp_path)
    env = environment(tmp_path)
    wrote_rules = False
    for example in found:
        if example.skip is not None:
            assert example.skip, f"{example}: a skipped example must say why"
            continue
        if example.lang in ("sh", "bash", "shell"):
            for command in commands(example.text):
                run_command(command, repo, env, str(example))
        elif example.lang == "toml":
            check_toml(example, repo, env, tmp_path)
            wrote_rules = wrote_rules or (
                "code" in tomlread.loads(example.text) or "rule-paths" in example.text
            )
        elif example.lang in ("yaml", "yml"):
            check_yaml(example, repo, env)
        elif example.lang == "json":
            json.loads(example.text)
        elif example.lang == "python":
            done = subprocess.run(
                [sys.executable, "-c", "import pmlint\n" + example.text],  # as on the page
                cwd=repo,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, f"{example}: {done.stderr}"
    if wrote_rules:  # the page's configuration with its rule files and profiles
        for config in [repo / "pmlint.toml", *sorted(repo.glob("*/pmlint.toml"))]:
            if config.is_file():
                listed = subprocess.run(
                    [str(BIN / "pmlint"), "rules", "--config", str(config)],
                    cwd=repo,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                assert listed.returncode == 0, f"{page}: {listed.stderr}"


def test_every_page_with_examples_is_covered() -> None:
    """The pages list is every Markdown file of README.md and docs/, and the skips say why."""
    assert ROOT / "README.md" in PAGES and ROOT / "docs" / "configuration.md" in PAGES
    total = sum(len(examples(page)) for page in PAGES)
    skipped = [str(e) for page in PAGES for e in examples(page) if e.skip is not None]
    assert total > 30
    assert len(skipped) < total / 3, skipped
