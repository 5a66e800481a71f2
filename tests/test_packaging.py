"""The rule catalogue ships inside the wheel and is found from an editable install too."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

import pmlint
from pmlint.catalog.load import load_catalog, rules_dir


def test_source_checkout_finds_top_level_rules() -> None:
    if Path(pmlint.__file__).resolve().parent != ROOT / "pmlint":
        pytest.skip("pmlint is not imported from this source tree")
    assert rules_dir() == ROOT / "rules"
    assert "PM201" in load_catalog().specs


def test_wheel_carries_rules_and_runs_from_site_packages(tmp_path: Path) -> None:
    pip = [sys.executable, "-m", "pip"]
    build = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("pmlint-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "pmlint/rules/PM201.toml" in names
    assert "pmlint/rules/profiles/default.toml" in names
    target = tmp_path / "site"
    install = subprocess.run(
        [*pip, "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pmlint, pmlint.catalog.load as c; print(pmlint.__file__); print(c.rules_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    module_file, folder = probe.stdout.split()
    assert module_file.startswith(str(target)) and folder == str(target / "pmlint" / "rules")
    check = subprocess.run(
        [sys.executable, "-m", "pmlint", "check", str(ROOT / "examples" / "good")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
