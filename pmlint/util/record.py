"""`@record`: the dataclasses of pmlint, made for a fraction of their start-up cost.

A one-file `pmlint check` defines some fifty dataclasses, and the standard decorator
compiles three to six methods from source for each (`__init__`, `__repr__`, `__eq__`, and
`__setattr__`, `__delattr__`, `__hash__` when frozen): close to a fifth of pmlint's own
start-up. `record` compiles only `__init__` (instances are made in hot loops, so it must be
as fast as the standard one) and shares one plain implementation of the other methods among
all classes, read through the class's field names.

What it makes is a dataclass in every respect pmlint and its tests rely on: the same
`__init__` signature, the same equality, ordering, hashing, `repr`, frozen-ness, slots and
pickling, and the standard `__dataclass_fields__`, so `dataclasses.fields`, `asdict`,
`replace` and `is_dataclass` work. Anything it does not cover (bases that are dataclasses,
class variables, hand-written special methods, a Python whose `dataclasses` internals
differ) is handed to the standard decorator, so the result is never merely close.
"""

from __future__ import annotations

import dataclasses
import inspect
import operator
import sys
from _thread import get_ident
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, overload

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10
    from typing_extensions import dataclass_transform

T = TypeVar("T")

# The markers `dataclasses` uses for its own bookkeeping; if this Python names them
# differently, every class goes to the standard decorator.
_FIELD = getattr(dataclasses, "_FIELD", None)
_PARAMS = getattr(dataclasses, "_DataclassParams", None)
_GETSTATE = getattr(dataclasses, "_dataclass_getstate", None)
_SETSTATE = getattr(dataclasses, "_dataclass_setstate", None)
_USABLE = None not in (_FIELD, _PARAMS, _GETSTATE, _SETSTATE) and sys.version_info < (3, 14)
# Python 3.12 added match_args, kw_only, slots and weakref_slot to the recorded parameters.
_PARAMS_COUNT = _PARAMS.__init__.__code__.co_argcount - 1 if _USABLE else 0  # type: ignore[misc]

# Special methods `record` writes; a class defining one itself goes to the standard decorator.
_OWN = frozenset(
    {"__init__", "__repr__", "__eq__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__",
     "__setattr__", "__delattr__", "__slots__", "__match_args__", "__getstate__",
     "__setstate__"}
)  # fmt: skip


class _Factory:
    """The default shown in `__init__`'s signature for a field with a default factory."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _Factory()


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(
    *,
    frozen: bool = False,
    order: bool = False,
    kw_only: bool = False,
    slots: bool = False,
) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def record(
    cls: type[T] | None = None,
    /,
    *,
    frozen: bool = False,
    order: bool = False,
    kw_only: bool = False,
    slots: bool = False,
) -> type[T] | Callable[[type[T]], type[T]]:
    """A dataclass with these options (`init`, `repr` and `eq` always on)."""

    def wrap(cls: type[T]) -> type[T]:
        made = _make(cls, frozen, order, kw_only, slots) if _USABLE else None
        if made is None:
            return dataclasses.dataclass(
                cls, frozen=frozen, order=order, kw_only=kw_only, slots=slots
            )
        return made

    return wrap if cls is None else wrap(cls)


def _fields(cls: type, kw_only: bool) -> list[dataclasses.Field[Any]] | None:
    """The class's fields in order, as the standard decorator records them, or None for a
    class it should handle itself."""
    found = []
    for name, kind in inspect.get_annotations(cls).items():
        # pmlint's modules all postpone annotations; anything else is unusual, and so are
        # ClassVar, InitVar and KW_ONLY (a type merely containing "Var" is sent along too).
        if not isinstance(kind, str) or "Var" in kind or "KW_ONLY" in kind:
            return None
        default = cls.__dict__.get(name, dataclasses.MISSING)
        spec: dataclasses.Field[Any] = (
            default
            if isinstance(default, dataclasses.Field)
            else dataclasses.field(default=default)
        )
        if spec.default is not dataclasses.MISSING and type(spec.default).__hash__ is None:
            raise ValueError(
                f"mutable default {type(spec.default)} for field {name} is not allowed:"
                " use default_factory"
            )
        spec.name = name
        spec.type = kind
        setattr(spec, "_field_type", _FIELD)  # noqa: B010 - the standard decorator's mark
        if spec.kw_only is dataclasses.MISSING:
            spec.kw_only = kw_only
        found.append(spec)
    return found


def _make(cls: type[T], frozen: bool, order: bool, kw_only: bool, slots: bool) -> type[T] | None:
    if _OWN & cls.__dict__.keys() or any(
        hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]
    ):
        return None
    fields = _fields(cls, kw_only)
    if fields is None or _PARAMS_COUNT not in (6, 10):
        return None
    positional = [f for f in fields if f.init and not f.kw_only]
    defaulted = [
        f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        for f in positional
    ]
    if defaulted != sorted(defaulted):
        return None  # a field without a default after one with: the standard error
    added: dict[str, Any] = {
        "__dataclass_params__": _PARAMS(  # type: ignore[misc]
            *(True, True, True, order, False, frozen, True, kw_only, slots, False)[:_PARAMS_COUNT]
        ),
        "__dataclass_fields__": {spec.name: spec for spec in fields},
        "__match_args__": tuple(f.name for f in positional),
    }
    if slots:
        namespace = dict(cls.__dict__) | added
        for spec in fields:
            namespace.pop(spec.name, None)
        namespace["__slots__"] = tuple(f.name for f in fields)
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        metaclass: Any = type(cls)
        made = metaclass(cls.__name__, cls.__bases__, namespace)
        made.__qualname__ = cls.__qualname__
    else:
        made = cls
        for name, value in added.items():
            setattr(made, name, value)
        for spec in fields:
            if spec.default is not dataclasses.MISSING:
                setattr(made, spec.name, spec.default)
            elif isinstance(made.__dict__.get(spec.name), dataclasses.Field):
                delattr(made, spec.name)
    _add_methods(made, fields, frozen, order)
    if slots and frozen:  # as the standard decorator does, so that pickling works
        setattr(made, "__getstate__", _GETSTATE)  # noqa: B010
        setattr(made, "__setstate__", _SETSTATE)  # noqa: B010
    return made


def _add_methods(
    cls: type, fields: list[dataclasses.Field[Any]], frozen: bool, order: bool
) -> None:
    """`__init__` compiled for this class; the other methods shared, read through getters."""
    methods: dict[str, Any] = {
        "__repr__": _repr(tuple(f.name for f in fields if f.repr)),
        "__hash__": None,
    }
    compared = _getter(tuple(f.name for f in fields if f.compare))
    for name in ("__eq__", "__lt__", "__le__", "__gt__", "__ge__") if order else ("__eq__",):
        methods[name] = _compare(compared, name, getattr(operator, name))
    if frozen:
        methods["__hash__"] = _hash(
            _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
        )
        methods.update(_frozen(cls, frozenset(f.name for f in fields)))
    for name, method in methods.items():
        if method is not None:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    cls.__init__ = _FirstInit(cls, fields, frozen)  # type: ignore[misc]


class _FirstInit:
    """A class's `__init__` until it is first looked up: then compiled and put in its place.

    Compiling is most of what a record costs at start-up, and a run makes instances of only
    some of the classes it defines (a third of them go unused in a one-file run, most in a
    run the result cache answers). Making an instance, `inspect.signature` and any other
    lookup of `__init__` go through `__get__`, so they all see the compiled method."""

    __slots__ = ("cls", "fields", "frozen")

    def __init__(self, cls: type, fields: list[dataclasses.Field[Any]], frozen: bool) -> None:
        self.cls = cls
        self.fields = fields
        self.frozen = frozen

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        made = _init(self.cls, self.fields, self.frozen)
        if self.cls.__dict__.get("__init__") is self:
            setattr(self.cls, "__init__", made)  # noqa: B010 - replaces this stand-in
        return made if instance is None else made.__get__(instance, owner)


def _init(cls: type, fields: list[dataclasses.Field[Any]], frozen: bool) -> Any:
    """The class's `__init__`, from the same kind of source the standard decorator writes."""
    scope: dict[str, Any] = {"__factory__": _HAS_FACTORY, "__object__": object}
    head: list[str] = []
    keywords: list[str] = []
    body: list[str] = []
    annotations: dict[str, Any] = {}
    for spec in fields:
        name = spec.name
        if spec.default_factory is not dataclasses.MISSING:
            scope[f"__make_{name}"] = spec.default_factory
            value = f"__make_{name}()"
            if spec.init:
                value = f"{value} if {name} is __factory__ else {name}"
                default = "=__factory__"
        elif spec.default is not dataclasses.MISSING:
            scope[f"__default_{name}"] = spec.default
            value = name if spec.init else f"__default_{name}"
            default = f"=__default_{name}"
        else:
            value, default = name, ""
            if not spec.init:
                continue
        if spec.init:
            (keywords if spec.kw_only else head).append(f"{name}{default}")
            annotations[name] = spec.type
        if frozen:
            body.append(f"  __object__.__setattr__(self,{name!r},{value})")
        else:
            body.append(f"  self.{name}={value}")
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    params = ["self", *head, *(["*", *keywords] if keywords else [])]
    source = f"def __init__({','.join(params)}):\n" + ("\n".join(body) or "  pass")
    exec(source, scope)  # the source is built above from field names only
    made = scope["__init__"]
    made.__annotations__ = annotations | {"return": None}
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving these attributes of an instance as a tuple (always a tuple)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        (name,) = names
        return lambda instance: (getattr(instance, name),)
    return lambda instance: ()


def _compare(
    values: Callable[[Any], tuple[Any, ...]], name: str, operator: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """A comparison of two instances of one class by their compared fields, in order."""

    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return operator(values(self), values(other))
        return NotImplemented

    compare.__name__ = name
    return compare


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    """`Class(field=value, ...)`, with `...` for an instance met again inside itself."""
    busy: set[tuple[int, int]] = set()

    def __repr__(self: Any) -> str:
        key = (id(self), get_ident())
        if key in busy:
            return "..."
        busy.add(key)
        try:
            inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        finally:
            busy.discard(key)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _hash(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    """The hash of a frozen instance: that of its hashed fields' values, in order."""

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _frozen(cls: Any, names: frozenset[str]) -> dict[str, Callable[..., None]]:
    """Assignment and deletion that raise `dataclasses.FrozenInstanceError` for fields."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}
