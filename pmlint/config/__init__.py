"""Configuration: the nearest `pmlint.toml` / `.pmlint.toml` / `pyproject.toml [tool.pmlint]`
for each linted file, validated, and checked against the rule catalogue (`settings`)."""
