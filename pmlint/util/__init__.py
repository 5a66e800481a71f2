"""The bottom layer: small helpers every stage may use, importing nothing else of pmlint."""
