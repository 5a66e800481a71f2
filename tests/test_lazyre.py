"""LazyPattern: compiled once, on first use, and then behaves like the compiled pattern."""

from __future__ import annotations

import re

import pytest

from pmlint.util import lazyre
from pmlint.util.lazyre import LazyPattern, lazy

TEXT = "Alpha 12, beta 7 and GAMMA 300; alpha 4"


def _compile_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patterns compiled from now on (through the kept-code store, as lazy patterns are)."""
    calls: list[str] = []
    real = lazyre.kept_compiled

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        calls.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(lazyre, "kept_compiled", counting)
    return calls


def test_compiles_once_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _compile_calls(monkeypatch)
    regex = lazy(r"[a-z]+ (\d+)", re.IGNORECASE)
    assert calls == []
    assert regex.pattern == r"[a-z]+ (\d+)" and regex.flags == re.IGNORECASE
    assert calls == []  # reading the source does not compile it
    assert "not compiled" in repr(regex)
    assert regex.search(TEXT) is not None
    assert regex.findall(TEXT) == ["12", "7", "300", "4"]
    assert regex.sub("x", TEXT)
    assert calls == [r"[a-z]+ (\d+)"]
    assert "not compiled" not in repr(regex)


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_methods_match_the_compiled_pattern(flags: int) -> None:
    source = r"(?P<word>[a-z]+) (?P<number>\d+)"
    regex, real = LazyPattern(source, flags), re.compile(source, flags)

    def spans(found: re.Match[str] | None) -> tuple[int, int] | None:
        return None if found is None else found.span()

    assert spans(regex.search(TEXT)) == spans(real.search(TEXT))
    assert spans(regex.search(TEXT, 10, 30)) == spans(real.search(TEXT, 10, 30))
    assert spans(regex.match(TEXT)) == spans(real.match(TEXT))
    assert spans(regex.match(TEXT, 10)) == spans(real.match(TEXT, 10))
    assert spans(regex.fullmatch("beta 7")) == spans(real.fullmatch("beta 7"))
    assert [m.groupdict() for m in regex.finditer(TEXT)] == [
        m.groupdict() for m in real.finditer(TEXT)
    ]
    assert regex.findall(TEXT) == real.findall(TEXT)
    assert regex.sub(r"\g<number>", TEXT) == real.sub(r"\g<number>", TEXT)
    assert regex.sub(lambda m: m.group(0).upper(), TEXT, count=1) == real.sub(
        lambda m: m.group(0).upper(), TEXT, count=1
    )
    assert regex.subn("-", TEXT) == real.subn("-", TEXT)
    assert regex.split(TEXT, maxsplit=2) == real.split(TEXT, maxsplit=2)
    assert dict(regex.groupindex) == dict(real.groupindex)
    assert regex.compiled() is regex.compiled()
    assert regex.compiled().pattern == source


def test_groupindex_alone_compiles() -> None:
    regex = lazy(r"(?P<h>\d+):(?P<m>\d+)")
    assert dict(regex.groupindex) == {"h": 1, "m": 2}
    assert regex.match("12:30") is not None


def test_bad_pattern_raises_re_error_on_first_use() -> None:
    regex = lazy(r"(unclosed")  # defining it is fine: nothing is compiled yet
    with pytest.raises(re.error):
        regex.search("text")
    with pytest.raises(re.error):  # and again: a failed compile is not remembered
        regex.match("text")


def test_unknown_attribute_is_an_attribute_error() -> None:
    regex = lazy("a")
    with pytest.raises(AttributeError):
        regex.no_such_method  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(regex, "__deepcopy__")
    assert regex.search("a") is not None
