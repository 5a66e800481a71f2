"""Fixes: edits a rule can make to the text it reported on, and applying them to files.

A fix is a list of edits (a range of the decoded text and the text to put there),
computed after linting by the fixer registered for the rule's check primitive
(`pmlint.fix.fixers`). Rules declare in their file whether their fix is `"safe"` (applied
by `pmlint check --fix`) or `"unsafe"` (only with `--unsafe-fixes`). Applying keeps every
byte outside the edits: the encoding, a byte-order mark and the line endings of the file
(`pmlint.fix.edits`); files are written atomically with their mode kept
(`pmlint.fix.files`).

Nothing here is imported by `pmlint check` unless a fixing flag is given.
"""
