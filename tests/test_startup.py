"""Start-up shortcuts must not change what runs: options rebuilt from the catalogue cache
without validation equal validated ones, and only the primitives' modules needed load."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pmlint.catalog.catalog import Catalog, Rule, build_rules, option_overrides
from pmlint.catalog.load import load_catalog
from pmlint.checks import load_builtin_checks, options_json
from pmlint.checks.options import to_values
from pmlint.document.headings import SectionMatcher, normalise_heading

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("PMLINT_NO_CATALOG_CACHE", raising=False)
    load_catalog.cache_clear()
    yield tmp_path
    load_catalog.cache_clear()


def test_constructed_options_equal_validated(fresh_cache: Path) -> None:
    cold = load_catalog()  # validates every file, stores the catalogue
    load_catalog.cache_clear()
    warm = load_catalog()  # from the cache, with constructible options
    assert warm.constructed, "the shipped options should be constructible"
    assert warm == cold
    checks = load_builtin_checks()
    for name in warm.profiles:
        profile = warm.profile(name)
        rules = build_rules(warm, profile, select=["ALL"])
        for rule in rules:
            model = checks[rule.spec.check].options
            validated = model.model_validate(rule.spec.options | _profile_values(warm, name, rule))
            expected = to_values(validated)
            assert rule.options == expected, rule.code
            assert options_json(rule.options) == options_json(expected), rule.code
            for field in type(validated).model_fields:  # every option, as the model has it
                assert getattr(rule.options, field) == to_values(getattr(validated, field))


def _profile_values(catalog: Catalog, name: str, rule: Rule) -> dict[str, Any]:
    return option_overrides(catalog, catalog.profile(name)).get(rule.code, {})


def test_user_options_are_still_validated(fresh_cache: Path) -> None:
    load_catalog()
    load_catalog.cache_clear()
    catalog = load_catalog()
    profile = catalog.profile("default")
    code = next(c for c, s in catalog.specs.items() if s.options)
    spec = catalog.specs[code]
    from pmlint.catalog.catalog import CatalogError

    with pytest.raises(CatalogError, match=code):
        build_rules(catalog, profile, select=[code], options={code: {"no-such-option": 1}})
    assert spec.options


def test_one_file_start_imports_only_needed_primitives(fresh_cache: Path) -> None:
    """A warm start selecting one rule imports that rule's primitive module, not all."""
    env = {"XDG_CACHE_HOME": str(fresh_cache / "xdg"), "PYTHONPATH": str(ROOT)}
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pmlint.run.pipeline import run\nfrom pmlint.run.runner import Overrides\n"
        f"run([Path({str(ROOT / 'examples' / 'good')!r})], Overrides(select=('PM001',)))\n"
        "print(sorted(m for m in sys.modules if m.startswith('pmlint.checks.')))\n"
    )
    for _ in range(2):  # the first run fills the catalogue cache
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
    loaded = eval(out.stdout)  # a list of module names
    assert len(loaded) < 4, loaded


def test_every_dataclass_has_a_docstring() -> None:
    """A dataclass without a docstring gets one made from `inspect.signature` at import,
    which costs start-up time (and a record would differ from it there); and every model
    class deserves a line saying what it is."""
    import ast

    missing = []
    for path in sorted((ROOT / "pmlint").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ClassDef)
                and any(
                    word in ast.unparse(d)
                    for d in node.decorator_list
                    for word in ("dataclass", "record")
                )
                and ast.get_docstring(node) is None
            ):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []


def test_plain_specs_and_settings_match_the_models_that_validate_them() -> None:
    """`specs.py` and `config.Settings` mirror `schemas.py` field for field (the plain
    classes serve a warm start, the models validate): a field added to one side only would
    be dropped or refused silently."""
    import dataclasses

    from pmlint.catalog import schemas, specs
    from pmlint.config.settings import Settings

    pairs = [
        (Settings, schemas.SettingsModel),
        (specs.RuleSpec, schemas.RuleModel),
        (specs.RuleDocs, schemas.RuleDocsModel),
        (specs.SectionSynonyms, schemas.SectionSynonymsModel),
        (specs.ProfileSpec, schemas.ProfileModel),
    ]
    for plain, model in pairs:
        plain_fields = {f.name: f for f in dataclasses.fields(plain)}
        assert list(plain_fields) == list(model.model_fields), plain.__name__
        for name, info in model.model_fields.items():
            default = plain_fields[name].default
            factory = plain_fields[name].default_factory
            plain_default = factory() if factory is not dataclasses.MISSING else default
            model_default = info.get_default(call_default_factory=True)
            if plain_default is dataclasses.MISSING:
                assert info.is_required(), f"{plain.__name__}.{name}"
            else:
                assert plain_default == model_default, f"{plain.__name__}.{name}"


def _matcher_state(matcher: SectionMatcher) -> dict[str, Any]:
    state = {k: v for k, v in vars(matcher).items() if k not in ("_memo", "_all_memo")}
    state["_gapped"] = [(kind, p.pattern, n) for kind, p, n in state["_gapped"]]
    return state


def test_section_matchers_from_kept_readings_equal_fresh_ones(fresh_cache: Path) -> None:
    """A warm catalogue's profiles build their section matchers from the readings kept
    with it; each must be the matcher read from the synonyms themselves."""
    load_catalog()
    load_catalog.cache_clear()
    warm = load_catalog()
    assert warm.readings, "the synonyms' readings should be kept with the catalogue"
    for name in warm.profiles:
        sections = warm.profile(name).sections
        kept = warm.profile(name).matcher
        assert _matcher_state(kept) == _matcher_state(SectionMatcher(sections)), name
        for heading in ("1. Impact Summary", "Timline", "What went well and where we got lucky"):
            norm = normalise_heading(heading)
            assert kept.match_all(norm) == SectionMatcher(sections).match_all(norm)


def test_a_damaged_reading_is_read_again() -> None:
    sections = [("impact", ["Impact summary", "=impact"]), ("timeline", ["Timeline"])]
    fresh = SectionMatcher(sections)
    damaged = {"Impact summary": ["impact", 3], "=impact": "impact", "Timeline": None}
    assert _matcher_state(SectionMatcher(sections, damaged)) == _matcher_state(fresh)
    assert _matcher_state(SectionMatcher(sections, fresh.readings())) == _matcher_state(fresh)


def test_a_plain_document_imports_no_yaml_nor_heap(fresh_cache: Path) -> None:
    """PyYAML (and the machinery to import it lazily) and the heap of suppression ranges
    are imported only for documents with YAML front matter or suppression comments."""
    env = {"XDG_CACHE_HOME": str(fresh_cache / "xdg"), "PYTHONPATH": str(ROOT)}
    watched = ("yaml", "importlib.util", "heapq")
    script = (
        "import sys\n"
        "from pmlint.cli import main\n"
        "try:\n"
        "    main(['check', '--no-cache', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print([m for m in {watched!r} if m in sys.modules])\n"
    )
    plain = fresh_cache / "plain.md"
    plain.write_text("# Outage\n\n## Impact\n\nSearch was down.\n", encoding="utf-8")
    front = fresh_cache / "front.md"
    front.write_text(
        "---\ntitle: Outage\n---\n# Outage\n\n<!-- pmlint-disable PM101 -->\n"
        "## Impact\n\nSearch was down.\n<!-- pmlint-enable PM101 -->\n",
        encoding="utf-8",
    )

    def last_line(path: Path) -> str:
        out = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=fresh_cache,
        )
        return out.stdout.strip().splitlines()[-1]

    last_line(plain)  # the first run fills the catalogue cache
    assert last_line(plain) == "[]"
    printed = last_line(front)
    loaded = eval(printed)  # a list of module names
    assert "yaml" in loaded and "heapq" in loaded, printed


@pytest.mark.parametrize("collecting", [True, False])
def test_the_collector_is_paused_for_start_up_only(fresh_cache: Path, collecting: bool) -> None:
    """Importing the command line pauses the cycle collector; running a command turns it
    back on, unless the program had turned it off before (then it stays off)."""
    env = {"XDG_CACHE_HOME": str(fresh_cache / "xdg"), "PYTHONPATH": str(ROOT)}
    script = (
        "import gc\n"
        f"{'' if collecting else 'gc.disable()'}\n"
        "from pmlint.cli import main\n"
        "during = gc.isenabled()\n"
        "try:\n"
        "    main(['profiles'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(during, gc.isenabled())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=fresh_cache,
    )
    assert out.stdout.splitlines()[-1] == f"False {collecting}"


def test_the_catalogue_snapshot_is_named_after_its_rule_files(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot's name changes with a rule or profile file's size or time, a file
    added or removed, and pmlint's own source; not with other files of the folder."""
    import os

    from pmlint.store import files
    from pmlint.store.snapshot import snapshot_file

    rules = fresh_cache / "rules"
    (rules / "profiles").mkdir(parents=True)
    (rules / "PM900.toml").write_text("a = 1\n", encoding="utf-8")
    (rules / "profiles" / "team.toml").write_text("name = 'team'\n", encoding="utf-8")
    first = snapshot_file([rules])
    assert first is not None and snapshot_file([rules]) == first

    (rules / "notes.txt").write_text("not a rule\n", encoding="utf-8")
    assert snapshot_file([rules]) == first
    os.utime(rules / "PM900.toml", ns=(1, 1))
    touched = snapshot_file([rules])
    assert touched != first
    (rules / "profiles" / "more.toml").write_text("name = 'more'\n", encoding="utf-8")
    assert snapshot_file([rules]) not in (first, touched)

    # pmlint's own source: every module in every folder, and nothing in __pycache__
    package = fresh_cache / "package"
    for module in ("__init__.py", "a/b/deep.py", "a/__pycache__/deep.py"):
        (package / module).parent.mkdir(parents=True, exist_ok=True)
        (package / module).write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(files, "PACKAGE", package)
    before = files._source_fingerprint()
    os.utime(package / "a" / "__pycache__" / "deep.py", ns=(1, 1))
    assert files._source_fingerprint() == before
    os.utime(package / "a" / "b" / "deep.py", ns=(1, 1))
    assert files._source_fingerprint() != before
