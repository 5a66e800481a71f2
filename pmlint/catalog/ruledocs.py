"""A rule's documentation, rendered from its rule file (for `explain`, SARIF and docs)."""

from __future__ import annotations

import json
from typing import Any

from pmlint.catalog.specs import RuleSpec
from pmlint.checks import load_builtin_checks

DOCS_URL = "https://pypi.org/project/pmlint/"
_FIX_LINES = {
    "safe": "Fix: **safe**, applied by `pmlint check --fix` (and offered in editors).",
    "unsafe": "Fix: **unsafe**, applied only with `pmlint check --fix --unsafe-fixes` "
    "(and offered in editors): review what it writes.",
}


def option_defaults(spec: RuleSpec) -> dict[str, Any]:
    """Every option of the rule's primitive with the value this rule file gives it."""
    definition = load_builtin_checks()[spec.check]
    values: dict[str, Any] = {}
    for name, info in definition.options.model_fields.items():
        key = info.alias or name
        if key in spec.options:
            values[key] = spec.options[key]
        elif not info.is_required():
            values[key] = info.get_default(call_default_factory=True)
    return values


def rule_markdown(spec: RuleSpec) -> str:
    """ruff-style docs: What it does / Why is this bad? / Example / Use instead / Options."""
    parts = [f"# {spec.code} {spec.name}", "", f"Default severity: **{spec.severity}**.", ""]
    if spec.fix:
        parts += [_FIX_LINES[spec.fix], ""]
    parts += ["## What it does", "", spec.docs.what or spec.summary + ".", ""]
    parts += ["## Why is this bad?", "", spec.docs.why.strip(), ""]
    if spec.docs.bad.strip():
        parts += ["## Example", "", "```markdown", spec.docs.bad.strip("\n"), "```", ""]
    for name, text in spec.docs.others.items():
        parts += [f"Another post-mortem in the same folder, `{name}`:", ""]
        parts += ["```markdown", text.strip("\n"), "```", ""]
    if spec.docs.good.strip():
        parts += ["## Use instead", ""]
        if spec.docs.fix:
            parts += [spec.docs.fix.strip(), ""]
        parts += ["```markdown", spec.docs.good.strip("\n"), "```", ""]
    options = {k: v for k, v in option_defaults(spec).items()}
    if options:
        parts += ["## Options", ""]
        for key, value in options.items():
            parts.append(f"- `{key}` (default: `{json.dumps(value, ensure_ascii=False)}`)")
        parts.append("")
        parts.append(
            f"Set them in configuration under `[tool.pmlint.rules.{spec.code}]` "
            f"(or `[rules.{spec.code}]` in pmlint.toml)."
        )
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
