"""`pmlint server`: the Language Server Protocol over stdio, for editors.

`linting` holds what does not depend on the protocol library (configuration per document,
re-read when a configuration file changes; broken input turned into messages; findings
with their fixes); `protocol` is the server itself, on pygls, imported only by
`pmlint server` (pygls is the optional extra `pmlint[server]`), never by the other commands.
"""
