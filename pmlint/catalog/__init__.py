"""The rule catalogue: rule and profile files as data, validated once, resolved into rules.

`specs` (plain dataclasses) and `schemas` (the pydantic models that validate rule files,
profiles and settings), `load` (finding, reading and keeping the catalogue), `catalog`
(`Catalog`, profiles, `build_rules`), `optionmemo` (rule options validated once),
`ruledocs` (a rule's documentation) and `skeleton` (starter files per profile).
"""
