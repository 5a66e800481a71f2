"""Reading one post-mortem: bytes -> text (`read`), front matter split off (`frontmatter`),
markdown-it tokens -> the `Document` model (`parse`, `inline`, `pseudo`, `headings`,
`metadata`), and the times and dates people write (`timeparse`, `dates`). `model` holds the
plain dataclasses every later stage reads; only this package knows about tokens.
"""
