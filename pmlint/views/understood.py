"""What pmlint understood of a document, as plain data (for `inspect` and tests)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pmlint.document.model import Document, Section
from pmlint.views import registry


def _section(section: Section) -> dict[str, Any]:
    return {
        "title": section.title,
        "level": section.level,
        "kind": section.own_kind,
        "also": list(section.also_kinds),
        "inherited_kind": section.kind if section.own_kind is None else None,
        "line": section.line,
        "end_line": section.end_line,
        "pseudo": section.pseudo,
        "children": [_section(child) for child in section.children],
    }


def describe(doc: Document) -> dict[str, Any]:
    meta = doc.metadata
    data: dict[str, Any] = {
        "path": doc.path,
        "metadata": {
            "title": meta.title,
            "date": meta.date,
            "severity": meta.severity,
            "status": meta.status,
            "duration": meta.duration,
        },
        "problems": [asdict(p) for p in doc.problems],
        "sections": [_section(child) for child in doc.root.children],
    }
    for name, build in registry().items():
        data[name] = [_plain(asdict(item)) for item in build(doc)]
    return data


def _plain(value: Any) -> Any:
    """Dataclass dicts with nested specs made JSON-friendly (tuples to lists, drop None)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v not in (None, {}, [])}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def describe_text(data: dict[str, Any]) -> str:
    lines = [f"{data['path']}", ""]
    lines.append("metadata:")
    for key, value in data["metadata"].items():
        lines.append(f"  {key}: {value if value is not None else '-'}")
    for problem in data["problems"]:
        lines.append(f"  problem at line {problem['line']}: {problem['message']}")
    lines += ["", "sections:"]

    def walk(sections: list[dict[str, Any]], depth: int) -> None:
        for section in sections:
            kind = section["kind"] or (
                f"({section['inherited_kind']})" if section["inherited_kind"] else "-"
            )
            if section.get("also"):
                kind = "+".join([kind, *section["also"]])
            marker = "#" * section["level"] if not section["pseudo"] else "**"
            lines.append(
                f"  {'  ' * depth}{marker} {section['title']}  [{kind}]  "
                f"lines {section['line']}-{section['end_line']}"
            )
            walk(section["children"], depth + 1)

    walk(data["sections"], 0)
    for name in registry():
        items = data.get(name, [])
        lines += ["", f"{name.replace('_', ' ')}: {len(items)}"]
        for item in items:
            fields = ", ".join(
                f"{k}={_short(_readable(k, v))}" for k, v in item.items() if k not in _INTERNAL
            )
            lines.append(f"  line {item.get('line', '?')}: {fields}")
    return "\n".join(lines) + "\n"


# Keys the JSON form keeps for tools but the text form leaves out as noise.
_INTERNAL = frozenset({"line", "fields", "lines", "raw", "raw_tags", "layer_hints", "timeline"})


def _clock(minutes: Any) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}" if isinstance(minutes, int) else "?"


def _readable(key: str, value: Any) -> Any:
    """Times as clock readings and tags as their names, for people reading `inspect`."""
    if key == "time" and isinstance(value, dict):
        kind = value.get("kind")
        if kind == "range":
            text = f"{_clock(value.get('start'))}–{_clock(value.get('end'))}"
        elif kind == "bound":
            text = f"{value.get('bound', '')} {_clock(value.get('start'))}"
        elif kind == "date":
            text = str(value.get("date", ""))
        else:
            text = _clock(value.get("start"))
        if value.get("date") and kind != "date":
            text = f"{value['date']} {text}"
        return f"{kind} {text}"
    if key == "tags" and isinstance(value, list):
        return " ".join(
            f"{{{t['name']}}}" + (f" ({t['source']})" if t.get("source") else "")
            if isinstance(t, dict)
            else str(t)
            for t in value
        )
    return value


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 70 else text[:69] + "…"
