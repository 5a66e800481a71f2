"""Options models of the check primitives: what a rule file's `[options]` may say.

One module per primitive module of `pmlint.checks`, with the same name. They are pydantic
models, so a misspelt option or a broken regular expression is an error naming the file
and the key; they are kept apart from the primitives because pydantic's model machinery
is costly to import and to build, and a start-up that reads the catalogue from its cache
(`pmlint.store.snapshot`) has nothing to validate. A primitive names its model by reference
(`@check("name", "pmlint.checks.options.generic:PhraseRequiredOptions")`) and receives the
validated values as an `OptionValues` (`to_values`), so it must read options only by
attribute: no methods or properties of the model are available at run time.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict

from pmlint.checks.values import OptionValues


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Options(BaseModel):
    """Base of every primitive's options: kebab-case keys in TOML, unknown keys rejected."""

    # defer_build: a model's validator is built when first used, not when its module is
    # imported.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=_kebab,
        populate_by_name=True,
        defer_build=True,
    )


def check_patterns(values: list[str]) -> list[str]:
    """Options validation: every pattern compiles (a broken one fails at load time)."""
    for value in values:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"{value!r} is not a valid regular expression: {error}") from None
        except (RecursionError, OverflowError, MemoryError):
            raise ValueError(f"{value[:60]!r}... is too large or too deeply nested") from None
    return values


def _check_pattern(value: str) -> str:
    return check_patterns([value])[0]


# Words and phrases of one option become one regular expression; compiling one of 50,000
# alternatives takes many seconds. No rule needs that many.
MAX_PHRASES = 5000


def _not_blank(what: str) -> AfterValidator:
    def check(values: list[str]) -> list[str]:
        if any(not value.strip() for value in values):
            raise ValueError(f"a {what} must not be empty")
        if len(values) > MAX_PHRASES:
            raise ValueError(f"at most {MAX_PHRASES} {what}s, not {len(values)}")
        return values

    return AfterValidator(check)


# Option types shared by the models: a broken pattern or a blank phrase is an error at load
# time, naming the rule file and the key.
Pattern = Annotated[str, AfterValidator(_check_pattern)]
Patterns = Annotated[list[str], AfterValidator(check_patterns)]
Words = Annotated[list[str], _not_blank("word")]
Phrases = Annotated[list[str], _not_blank("phrase")]


def to_values(value: Any) -> Any:
    """A validated model as the `OptionValues` primitives receive (nested models too)."""
    if isinstance(value, BaseModel):
        names = type(value).model_fields
        return OptionValues(**{name: to_values(getattr(value, name)) for name in names})
    if isinstance(value, dict):
        return {k: to_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_values(v) for v in value]
    if isinstance(value, tuple):
        return tuple(to_values(v) for v in value)
    return value
