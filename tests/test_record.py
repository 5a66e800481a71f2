"""`@record` must make what the standard dataclass decorator makes: the same signature,
equality, ordering, hashing, repr, frozen-ness, slots, pickling and field records, for the
sample classes here and for every record class pmlint defines."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pickle
import pkgutil
from typing import Any, Generic, TypeVar

import pytest

import pmlint
from pmlint.util import record as record_module
from pmlint.util.record import record

T = TypeVar("T")

OPTIONS = [
    {},
    {"slots": True},
    {"frozen": True},
    {"frozen": True, "slots": True},
    {"frozen": True, "kw_only": True},
    {"slots": True, "order": True},
    {"frozen": True, "slots": True, "order": True},
]


def _body() -> dict[str, Any]:
    """A class body using every kind of field pmlint's records use."""
    return {
        "__annotations__": {
            "name": "str",
            "line": "int",
            "tags": "list[str]",
            "note": "str",
            "hidden": "int | None",
            "counted": "int",
        },
        "__doc__": "A sample.",
        "__module__": __name__,
        "line": 1,
        "tags": dataclasses.field(default_factory=list),
        "note": dataclasses.field(default="", compare=False),
        "hidden": dataclasses.field(default=None, repr=False),
        "counted": dataclasses.field(default=0, init=False),
    }


def _pair(options: dict[str, Any]) -> tuple[type, type]:
    made = record(**options)(type("Sample", (), _body()))
    standard = dataclasses.dataclass(**options)(type("Sample", (), _body()))
    return made, standard


def _same_shape(made: type, standard: type) -> None:
    assert str(inspect.signature(made)) == str(inspect.signature(standard))
    assert made.__init__.__annotations__ == standard.__init__.__annotations__
    assert dataclasses.is_dataclass(made)
    mine = [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.kw_only)
            for f in dataclasses.fields(made)]  # fmt: skip
    theirs = [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.kw_only)
              for f in dataclasses.fields(standard)]  # fmt: skip
    assert mine == theirs
    for name in ("__slots__", "__match_args__", "__doc__"):
        assert getattr(made, name, None) == getattr(standard, name, None), name
    assert (made.__hash__ is None) == (standard.__hash__ is None)
    assert made.__dataclass_params__.__repr__() == standard.__dataclass_params__.__repr__()  # type: ignore[attr-defined]
    for name in ("__lt__", "__le__", "__gt__", "__ge__", "__getstate__", "__setstate__"):
        assert (name in vars(made)) == (name in vars(standard)), name


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_a_record_behaves_as_a_dataclass(options: dict[str, Any]) -> None:
    made, standard = _pair(options)
    _same_shape(made, standard)
    kw = options.get("kw_only", False)

    def both(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
        if kw:
            kwargs |= dict(zip(("name", "line", "tags", "note", "hidden"), args, strict=False))
            args = ()
        return made(*args, **kwargs), standard(*args, **kwargs)

    a, b = both("x", 2, ["t"], "n", 5)
    assert repr(a) == repr(b) == "Sample(name='x', line=2, tags=['t'], note='n', counted=0)"
    a2, b2 = both("x", 2, ["t"], "other", 6)
    assert (a == a2) == (b == b2)
    assert a != b  # different classes never compare equal
    assert dataclasses.asdict(a) == dataclasses.asdict(b)
    assert repr(dataclasses.replace(a, line=3)) == repr(dataclasses.replace(b, line=3))
    assert both("y")[0].tags == [] and both("y")[0].tags is not both("y")[0].tags
    if options.get("order"):
        c, d = both("x", 1)
        assert (a < c, a <= c, a > c, a >= c) == (b < d, b <= d, b > d, b >= d)
    if options.get("frozen"):
        with pytest.raises(TypeError, match="unhashable"):
            hash(a)  # its list field, as for the dataclass
        e, f = both("x", 2, ("t",), "n", 5)
        assert hash(e) == hash(f)
        for instance in (a, b):
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign"):
                instance.line = 9
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete"):
                del instance.line
    else:
        a.line = b.line = 9
        with pytest.raises(TypeError):
            hash(a)
    if options.get("slots"):
        with pytest.raises(AttributeError):
            a.other = 1
    if not options.get("slots"):
        assert made.line == standard.line == 1  # type: ignore[attr-defined]
        assert "name" not in vars(made) and "tags" not in vars(made)


def test_post_init_and_generic_bases() -> None:
    calls = []

    @record(slots=True)
    class Box(Generic[T]):
        """A sample."""

        item: T
        size: int = 0

        def __post_init__(self) -> None:
            calls.append(self.item)

    box = Box[str]("a")
    assert calls == ["a"] and box.size == 0 and Box.__parameters__ == (T,)


def test_unusual_classes_go_to_the_standard_decorator() -> None:
    @record
    class Own:
        """A sample with its own repr."""

        value: int

        def __repr__(self) -> str:
            return "own"

    assert repr(Own(1)) == "own" and Own(1) == Own(1)
    with pytest.raises(TypeError):

        @record
        class Wrong:
            """Required after optional."""

            a: int = 0
            b: int  # type: ignore[misc]

    with pytest.raises(ValueError, match="mutable default"):

        @record
        class Mutable:
            """A shared list default."""

            items: list[int] = []  # type: ignore[misc]


def test_frozen_slotted_records_pickle() -> None:
    made, _ = _pair({"frozen": True, "slots": True})
    globals()["Sample"] = made  # pickle finds classes by module and name
    try:
        instance = made("x", 2)
        assert pickle.loads(pickle.dumps(instance)) == instance
    finally:
        del globals()["Sample"]


def _pmlint_records() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(pmlint.__path__, "pmlint."):
        if info.name.startswith("pmlint.server"):
            continue  # needs the optional server dependencies
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == info.name
                and "__dataclass_fields__" in vars(value)
            ):
                found.append(value)
    return found


def test_every_pmlint_record_matches_its_dataclass() -> None:
    """Rebuild each record class of pmlint with the standard decorator from its own field
    records, and compare the two."""
    assert record_module._USABLE
    records = _pmlint_records()
    assert len(records) > 40
    for made in records:
        params = made.__dataclass_params__  # type: ignore[attr-defined]
        fields = dataclasses.fields(made)
        body: dict[str, Any] = {"__annotations__": {f.name: f.type for f in fields}}
        for f in fields:
            body[f.name] = dataclasses.field(
                default=f.default,
                default_factory=f.default_factory,  # type: ignore[arg-type]
                init=f.init,
                repr=f.repr,
                compare=f.compare,
                hash=f.hash,
            )
        body["__module__"] = made.__module__
        body["__doc__"] = made.__doc__
        if hasattr(made, "__post_init__"):
            body["__post_init__"] = made.__post_init__
        slots = "__slots__" in vars(made)
        kw_only = any(f.kw_only for f in fields)
        standard = dataclasses.dataclass(
            type(made.__name__, (), body),
            order=params.order,
            frozen=params.frozen,
            slots=slots,
            kw_only=kw_only,
        )
        _same_shape(made, standard)


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_init_is_compiled_when_first_looked_up(options: dict[str, Any]) -> None:
    """Until a record's `__init__` is first looked up it is a stand-in (nothing compiled);
    making an instance compiles it and puts the method itself on the class, and a plain
    subclass reaching it through `super()` gets the same."""
    made, standard = _pair(options)
    assert not inspect.isfunction(made.__dict__["__init__"])
    first = made(name="a", line=2) if options.get("kw_only") else made("a", 2)
    assert inspect.isfunction(made.__dict__["__init__"])
    assert first == made(name="a", line=2)
    assert repr(first) == repr(standard(name="a", line=2))

    later, _ = _pair(options)

    class Child(later):  # type: ignore[misc, valid-type]
        def __init__(self, name: str) -> None:
            super().__init__(name=name, line=7)

    child = Child("b")
    assert (child.name, child.line, child.tags) == ("b", 7, [])
    assert inspect.isfunction(later.__dict__["__init__"])


def test_a_finding_pickles_as_its_values() -> None:
    """Findings cross from worker processes as their field values in order: every field,
    `source_line` (not compared) too, comes back in its place."""
    from pmlint.document.model import Finding

    finding = Finding("a.md", 3, 4, "PM201", "message", "warning", "name", 5, 6, "line")
    again = pickle.loads(pickle.dumps(finding, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == finding
    assert dataclasses.astuple(again) == dataclasses.astuple(finding)
    assert again.source_line == "line"
