"""What pmlint remembers between runs, in the user's cache folder: atomic JSON files with a
stamp and a checksum (`files`), the validated rule catalogue (`snapshot`) and remembered
validations (`memo`). Plain JSON only: this layer knows nothing of rules, checks or
configuration, so everything above may use it. (The per-file result cache keys on a resolved
rule set and belongs to the run stage: `pmlint.run.cache`.)
"""
