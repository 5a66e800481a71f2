"""Find and read YAML (`---`) or TOML (`+++`) front matter at the top of a post-mortem.

Rules only need a handful of flat fields (title, date, severity, authors), so this keeps
top-level scalars and lists of scalars as strings and drops everything else. Front matter is
untrusted input: it is size-bounded, nesting-bounded, and YAML aliases are refused outright,
so a "billion laughs" document costs a millisecond and can never be expanded later by JSON
output or `inspect`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml
else:

    class _FirstUse:
        """PyYAML, imported when first used: it costs ~15 ms to import, and most
        post-mortems have no YAML front matter (start-up time matters for editors and
        pre-commit hooks). The first attribute read puts the module itself in its place."""

        def __getattr__(self, name: str) -> Any:
            import yaml as module  # lazy for start-up time: only for YAML front matter

            globals()["yaml"] = module
            return getattr(module, name)

    yaml = _FirstUse()

from pmlint.util import tomlread
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.record import record

__all__ = ["MAX_BYTES", "MAX_DEPTH", "FrontMatter", "split_front_matter"]

MAX_BYTES = 64 * 1024
MAX_DEPTH = 64  # real front matter nests two or three levels; libyaml crashes near 30 000

_Loader: Any = None  # resolved on first use: libyaml's CSafeLoader when it is there


def _loader_class() -> Any:
    global _Loader
    if _Loader is None:
        _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _Loader


_YAML_OPEN = lazy(r"---[ \t\r]*(?:\n|\Z)")
_TOML_OPEN = compiled(r"\+\+\+[ \t\r]*(?:\n|\Z)")
_YAML_CLOSE = compiled(r"^(?:---|\.\.\.)[ \t\r]*$", re.M)
_TOML_CLOSE = compiled(r"^\+\+\+[ \t\r]*$", re.M)
# "key: value" or "key:" (optionally as a list item), the sign that a block is meant as YAML.
_YAML_KEY_LINE = lazy(
    r"""^[ \t]*(?:-[ \t]+)?(?:[A-Za-z_][\w.-]*(?:[ \t]+[\w.-]+){0,3}|"[^"\n]*"|'[^'\n]*')"""
    r"""[ \t]*:(?:[ \t]|$)""",
    re.M,
)
_YAML_MEANINGFUL = compiled(r"^[ \t]*[^\s#]", re.M)
_FLOW_BRACKET = compiled(r"[\[\]{}]")
_COMPACT_NESTING = compiled(rf"(?:[-?][ \t]+){{{MAX_DEPTH},}}")
_TOML_KEY = compiled(r"""^[ \t]*([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=""")
_TOML_POSITION = lazy(r"\(at line (\d+), column (\d+)\)")

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@record(slots=True)
class FrontMatter:
    """What the top of a file declared; `end_line` tells the parser where the body starts."""

    data: dict[str, str] = field(default_factory=dict)  # lower-cased keys, string values
    lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line of the key
    end_line: int = 0  # line of the closing fence; 0 when there is no front matter
    error: str | None = None  # one-line message when malformed (data is then {})
    kind: str | None = None  # "yaml" | "toml" | None
    # (1-based line, message) of values that are not of the type their tag names
    # (`!!bool maybe`): kept as written, each reported on its line (PM004).
    field_errors: list[tuple[int, str]] = field(default_factory=list)


class _Reject(Exception):
    """Internal: the block is malformed or unsafe; the message goes into FrontMatter.error."""


def _key(raw: str) -> str:
    return raw.strip().lower()


def _scalar(value: object) -> str | None:
    """Render a parsed scalar the way rules compare values; None for anything not scalar."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)):
        return str(value)
    return None


def _join(items: list[str]) -> str:
    return ", ".join(item for item in items if item)


# --------------------------------------------------------------------------- YAML


def _check_nesting(block: str) -> None:
    """Refuse deep nesting before libyaml sees it: its flow parsing is quadratic in depth."""
    depth = 0
    for match in _FLOW_BRACKET.finditer(block):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _Reject(f"front matter is nested more than {MAX_DEPTH} levels deep")
        elif depth:
            depth -= 1
    if _COMPACT_NESTING.search(block):
        raise _Reject(f"front matter is nested more than {MAX_DEPTH} levels deep")


def _yaml_value(
    loader: Any, event: yaml.ScalarEvent, bad: list[tuple[int, str]] | None = None
) -> str:
    """Resolve a scalar like the composer would, keeping the author's spelling of numbers.

    Numbers stay as written: YAML 1.1 would turn `14:05` into 845 and `1.10` into 1.1.
    """
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _NULL:
        return ""
    if tag in (_BOOL, _TIMESTAMP):
        node = yaml.ScalarNode(tag, event.value)
        try:
            constructed = loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):  # 2024-02-30 and the like: keep as written
            return event.value.strip()
        except Exception:  # `!!bool maybe`, `!!timestamp garbage`: the tag is wrong
            if bad is not None:
                line = event.start_mark.line + 2 if event.start_mark else 1
                kind = tag.rsplit(":", 1)[-1]
                bad.append((line, f"front matter value {event.value!r} is not a valid {kind}"))
            return event.value.strip()
        return _scalar(constructed) or ""
    return event.value.strip()


def _yaml_mapping(
    block: str,
) -> tuple[dict[str, str], dict[str, int], list[tuple[int, str]]]:
    """Walk the event stream once: refuse aliases and deep nesting, keep top-level scalars.

    Working on events (not a composed tree) means nothing is ever built for the parts we drop,
    and libyaml's recursive composer (which crashes on very deep input) is never used.
    """
    data: dict[str, str] = {}
    lines: dict[str, int] = {}
    bad: list[tuple[int, str]] = []
    loader = _loader_class()(block)
    try:
        depth = 0
        documents = 0
        expect_key = True
        key: str | None = None
        items: list[str] | None = None  # the top-level list being collected, if any
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                where = f" (line {event.start_mark.line + 2})" if event.start_mark else ""
                raise _Reject(
                    f"YAML front matter uses aliases (*name), which are not allowed{where}"
                )
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Reject("YAML front matter holds more than one document")
                continue
            starts = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                if depth == 1 and items is not None:
                    if key is not None:
                        data[key] = _join(items)
                    items = None
                continue
            if not starts and not isinstance(event, yaml.ScalarEvent):
                continue  # stream and document boundaries
            if depth == 0:
                if isinstance(event, yaml.SequenceStartEvent):
                    raise _Reject("YAML front matter is a list, not a mapping of keys to values")
                if isinstance(event, yaml.ScalarEvent):
                    if _yaml_value(loader, event, bad) == "" and event.style is None:
                        continue  # only comments: empty front matter
                    raise _Reject("YAML front matter is a single value, not a mapping of keys")
            elif depth == 1:
                if expect_key:
                    key = _key(event.value) if isinstance(event, yaml.ScalarEvent) else None
                    if key is not None and event.start_mark is not None:
                        lines[key] = event.start_mark.line + 2
                elif key is not None:
                    data.pop(key, None)
                    if isinstance(event, yaml.ScalarEvent):
                        data[key] = _yaml_value(loader, event, bad)
                    elif isinstance(event, yaml.SequenceStartEvent):
                        items = []
                expect_key = not expect_key
            elif depth == 2 and items is not None:
                if isinstance(event, yaml.ScalarEvent):
                    items.append(_yaml_value(loader, event, bad))
                else:
                    items = None  # a list holding mappings or lists: not a flat field
                    if key is not None:
                        data.pop(key, None)
            if starts:
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Reject(f"front matter is nested more than {MAX_DEPTH} levels deep")
    finally:
        loader.dispose()
    return data, {k: v for k, v in lines.items() if k in data}, bad


def _yaml_error(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        where = f" (line {exc.problem_mark.line + 2})" if exc.problem_mark else ""
        return f"YAML front matter does not parse: {exc.problem}{where}"
    first = str(exc).strip().splitlines()
    return "YAML front matter does not parse: " + (first[0] if first else type(exc).__name__)


def _read_yaml(block: str, end_line: int) -> FrontMatter:
    if not _YAML_MEANINGFUL.search(block):
        return FrontMatter(end_line=end_line, kind="yaml")  # empty or comments only
    try:
        _check_nesting(block)
        data, lines, bad = _yaml_mapping(block)
    except _Reject as exc:
        return FrontMatter(end_line=end_line, error=str(exc), kind="yaml")
    except yaml.YAMLError as exc:
        return FrontMatter(end_line=end_line, error=_yaml_error(exc), kind="yaml")
    except (ValueError, RecursionError, MemoryError) as exc:
        message = f"YAML front matter could not be read: {type(exc).__name__}"
        return FrontMatter(end_line=end_line, error=message, kind="yaml")
    return FrontMatter(data=data, lines=lines, end_line=end_line, kind="yaml", field_errors=bad)


# --------------------------------------------------------------------------- TOML


def _toml_lines(block: str) -> dict[str, int]:
    """Best-effort key lines: TOML parsers do not report positions."""
    lines: dict[str, int] = {}
    for number, line in enumerate(block.split("\n"), start=2):
        if line.lstrip().startswith("["):
            break  # past the top-level table
        match = _TOML_KEY.match(line)
        if match:
            lines.setdefault(_key(match.group(1).strip("\"'")), number)
    return lines


def _read_toml(block: str, end_line: int) -> FrontMatter:
    try:
        table = tomlread.loads(block)
    except (ValueError, RecursionError, MemoryError) as exc:
        if not tomlread.is_toml_error(exc):
            message = f"TOML front matter could not be read: {type(exc).__name__}"
            return FrontMatter(end_line=end_line, error=message, kind="toml")
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if found:  # positions are relative to the block; report file lines
            line, column = int(found.group(1)) + 1, found.group(2)
            message = message[: found.start()] + f"(line {line}, column {column})"
        one_line = " ".join(message.split())
        return FrontMatter(
            end_line=end_line, error=f"TOML front matter does not parse: {one_line}", kind="toml"
        )
    data: dict[str, str] = {}
    for raw_key, value in table.items():
        if isinstance(value, list):
            rendered = [_scalar(item) for item in value]
            if all(item is not None for item in rendered):
                data[_key(raw_key)] = _join([item for item in rendered if item is not None])
            continue
        text = _scalar(value)
        if text is not None:
            data[_key(raw_key)] = text
    lines = {k: v for k, v in _toml_lines(block).items() if k in data}
    return FrontMatter(data=data, lines=lines, end_line=end_line, kind="toml")


# --------------------------------------------------------------------------- entry point


def split_front_matter(text: str) -> FrontMatter:
    """Read the front matter at line 1 of `text`, if there is any.

    A `---` block is only front matter when it is closed and looks like YAML (has a `key:`
    line or is empty); otherwise it is left to Markdown as thematic breaks.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if text.startswith("---"):
        opening, closing, kind = _YAML_OPEN.match(text), _YAML_CLOSE, "yaml"
    elif text.startswith("+++"):
        opening, closing, kind = _TOML_OPEN.match(text), _TOML_CLOSE, "toml"
    else:
        return FrontMatter()
    if opening is None:
        return FrontMatter()
    start = opening.end()
    fence = closing.search(text, start)
    if fence is None or not opening.group().endswith("\n"):
        return FrontMatter()
    block = text[start : fence.start()]
    end_line = text.count("\n", 0, fence.start()) + 1
    if kind == "yaml" and _YAML_MEANINGFUL.search(block) and not _YAML_KEY_LINE.search(block):
        return FrontMatter()  # Markdown between two thematic breaks, not YAML
    if len(block) > MAX_BYTES or len(block.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return FrontMatter(
            end_line=end_line,
            error="front matter is larger than 64 KiB; it was not read",
            kind=kind,
        )
    if kind == "yaml":
        return _read_yaml(block, end_line)
    return _read_toml(block, end_line)
