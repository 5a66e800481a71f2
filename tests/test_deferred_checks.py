"""pmlint's own primitives are named by the catalogue and imported when they first run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmlint.checks import CHECKS, OptionValues, deferred, load_builtin_checks, resolve
from pmlint.config.settings import config_for
from pmlint.document.parse import parse_document
from pmlint.run.runner import Overrides, Ruleset, ruleset_for


def _ruleset() -> Ruleset:
    return ruleset_for(config_for(Path("x.md")), Overrides())


def _options_of(code: str) -> OptionValues:
    return next(rule.options for rule in _ruleset().rules if rule.code == code)


def test_a_deferred_primitive_becomes_the_registered_one() -> None:
    load_builtin_checks()
    real = CHECKS["phrase_forbidden"]
    definition = deferred("phrase_forbidden", real.function.__module__)
    assert definition.function is not real.function  # a stand-in until it first runs
    assert definition.function.__module__ == real.function.__module__  # what the cache keys
    assert resolve(definition) is definition
    assert definition.function is real.function
    assert definition.options is real.options
    assert definition.doc == real.doc


def test_the_stand_in_runs_the_primitive_then_gives_way_to_it() -> None:
    load_builtin_checks()
    real = CHECKS["section_required"]
    definition = deferred("section_required", real.function.__module__)
    doc = parse_document("# Title\n\nNo sections here.\n", "x.md", _ruleset().profile.matcher)
    options = _options_of("PM110")
    expected = list(real.function(doc, options))
    assert expected  # the document has no impact section
    assert list(definition.function(doc, options)) == expected
    assert definition.function is real.function


def test_a_module_that_does_not_register_the_primitive_is_an_error() -> None:
    definition = deferred("no_such_primitive", "pmlint.checks.language")
    with pytest.raises(LookupError, match="no_such_primitive"):
        resolve(definition)
