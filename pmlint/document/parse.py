"""Markdown text -> `Document`: markdown-it-py tokens folded into a section tree.

markdown-it-py gives a flat token stream; rules want sections (a heading and what
follows it) holding typed blocks. This module is the only place that knows about
tokens. It builds the tree in one pass, with no validation in the hot path.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from pmlint.document.dates import day_first
from pmlint.document.frontmatter import split_front_matter
from pmlint.document.headings import SectionMatcher, normalise_heading
from pmlint.document.inline import read_inline
from pmlint.document.mdparser import _block_parser, markdown_parser
from pmlint.document.metadata import extract_metadata
from pmlint.document.model import (
    Block,
    Code,
    Comment,
    Document,
    Html,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Problem,
    Quote,
    Row,
    Section,
    Table,
)
from pmlint.document.pseudo import (
    action_table_section,
    field_sections,
    item_label,
    labelled_items,
    names_a_time,
    pseudo_heading,
)
from pmlint.util.recache import compiled

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Sections whose lists may hold labelled parts: none, or a summary of facts.
__all__ = ["_block_parser", "markdown_parser", "parse_document"]

_FACT_LISTS = (None, "summary", "background")
# A setext "heading" made of `**Key:** value` facts is the metadata line, not a section.
_META_HEADING = compiled(r"\*\*[^*\n]{1,40}?:\*\*|\*\*[^*\n]{1,40}\*\*:")


def parse_document(text: str, path: str, matcher: SectionMatcher) -> Document:
    """Build the document model of one post-mortem."""
    front = split_front_matter(text)
    body = text
    if front.end_line:
        # Blank the front matter out so every token keeps its real line number.
        rest = text.split("\n", front.end_line)
        body = "\n" * front.end_line + (rest[front.end_line] if len(rest) > front.end_line else "")
    lines = text.split("\n")
    parser = _block_parser()
    env: dict[str, Any] = {}
    tokens = parser.parse(body, env)
    titled = isinstance(front.data.get("title"), str) and bool(front.data["title"].strip())
    builder = _Builder(tokens, matcher, len(lines), lines, parser, env, titled)
    root = builder.build()
    problems: list[Problem] = []
    if front.error:
        problems.append(Problem("PM004", 1, front.error))
    problems += [Problem("PM004", line, message) for line, message in front.field_errors]
    order = day_first(f"{text}\n{PurePath(path).name}")
    metadata = extract_metadata(root, front, path, lines, order)
    return Document(
        path=path,
        text=text,
        lines=lines,
        root=root,
        metadata=metadata,
        comments=builder.comments,
        problems=problems,
        title_line=builder.title_line,
        day_first=order,
    )


class _Builder:
    """One pass over the token stream; `pos` is the index of the next token."""

    def __init__(
        self,
        tokens: list[Token],
        matcher: SectionMatcher,
        line_count: int,
        lines: list[str] | None = None,
        parser: MarkdownIt | None = None,
        env: dict[str, Any] | None = None,
        titled_elsewhere: bool = False,
    ) -> None:
        self.tokens = tokens
        self.parser = parser or _block_parser()
        self.env = env if env is not None else {}
        self.lines = lines or []
        self.matcher = matcher
        self.line_count = max(line_count, 1)
        self.pos = 0
        self.comments: list[Comment] = []
        self.title_line: int | None = None
        self.first_heading = True
        self.titled_elsewhere = titled_elsewhere  # front matter gives the title
        # A labelled item with nothing under it ("- **Review actions**:") takes the block
        # that follows the list, if nothing else comes first.
        self.pending: Section | None = None

    # -- sections ---------------------------------------------------------------------

    def build(self) -> Section:
        root = Section(title="", norm="", level=0, line=1, end_line=self.line_count)
        stack: list[Section] = [root]
        tokens = self.tokens
        while self.pos < len(tokens):
            token = tokens[self.pos]
            if token.type == "heading_open":
                self.pending = None
                heading = self._heading(token)
                if isinstance(heading, Section):
                    self._push(stack, heading)
                else:
                    stack[-1].blocks.append(heading)
                continue
            block = self._block()
            if block is None:
                continue
            if isinstance(block, Paragraph) and block.line == block.end_line:
                pseudo = pseudo_heading(block, stack, self.matcher, self.line_count)
                if pseudo is not None:
                    self._push(stack, pseudo)
                    continue
            if isinstance(block, Table) and stack[-1].kind is None and not stack[-1].norm:
                # only where no heading names the part: the preamble, an empty "##"
                actions = action_table_section(block, stack)
                if actions is not None and "action_items" in self.matcher.kinds:
                    stack[-1].children.append(actions)
                    continue
            if isinstance(block, Paragraph) and (
                stack[-1].kind is None or self._bold_start(block.line)
            ):
                fields = field_sections(block, stack, self.matcher, self._source)
                if fields is not None:
                    self.pending = None
                    paragraphs, sections = fields
                    stack[-1].blocks.extend(paragraphs)
                    stack[-1].children.extend(sections)
                    last = sections[-1]
                    if last.end_line == block.end_line and not last.blocks:
                        self.pending = last  # "**Impact**:" with its list below
                    continue
            pending = self.pending
            if (
                pending is not None
                and pending.parent is stack[-1]
                and not (isinstance(block, ListBlock) and self._has_label(block))
            ):
                pending.blocks.append(block)
                pending.end_line = block.end_line
                self.pending = None
                continue
            self.pending = None
            if isinstance(block, ListBlock) and stack[-1].kind in _FACT_LISTS:
                block = self._labelled_items(block, stack)
                if block is None:
                    continue
            stack[-1].blocks.append(block)
        return root

    def _labelled_items(self, block: ListBlock, stack: list[Section]) -> ListBlock | None:
        kept, pending = labelled_items(block, stack, self.matcher, self._source)
        if pending is not None:
            self.pending = pending
        return kept

    def _has_label(self, block: ListBlock) -> bool:
        return any(item_label(self._source(item.line), self.matcher) for item in block.items)

    def _bold_start(self, line: int) -> bool:
        """Whether a paragraph opens with bold text ("**Root cause**: …")."""
        return self._source(line).lstrip().startswith(("**", "__"))

    def _source(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def _push(self, stack: list[Section], section: Section) -> None:
        while len(stack) > 1 and stack[-1].level >= section.level:
            stack.pop().end_line = section.line - 1
        parent = stack[-1]
        section.parent = parent
        if section.own_kind is not None and parent.kind not in (None, section.own_kind):
            # Under a section of another kind, a long heading that merely mentions a word
            # ("How could we have detected this earlier?" in a detection-gap section) is
            # part of its parent, not a new section.
            _, covered = self.matcher.match_words(section.norm)
            words = section.norm.count(" ") + 1
            leads = self.matcher.match_words(" ".join(section.norm.split()[:covered]))[0]
            if words > 3 and covered * 2 < words and leads != section.own_kind:
                section.own_kind, section.also_kinds = None, ()
        section.kind = section.own_kind or parent.kind
        if (
            section.kind is None
            and parent.children
            and parent.children[-1].kind == "timeline"
            and names_a_time(section.title)
        ):
            # "## Timeline" then "## May 12", "## May 13": the day headings carry on the
            # timeline even though they sit at its level.
            section.kind = "timeline"
        parent.children.append(section)
        stack.append(section)

    def _heading(self, token: Token) -> Section | Paragraph:
        inline_token = self.tokens[self.pos + 1]
        self.pos += 3  # heading_open, inline, heading_close
        line = token.map[0] + 1 if token.map else 1
        inline = self._inline(inline_token, line)
        if token.markup in ("-", "=") and _META_HEADING.search(inline_token.content):
            # "**Date:** … | **Severity:** …" followed by `---`: metadata, not a heading.
            end = token.map[1] - 1 if token.map else line
            return Paragraph(line, max(line, end - 1), inline)
        level = int(token.tag[1]) if token.tag[1:].isdigit() else 1
        title = inline.text.replace("\n", " ").strip()
        norm = normalise_heading(title)
        kinds = self.matcher.match_all(norm)
        if level == 1 and self.title_line is None:
            # The first heading, at level 1, is the title unless it is nothing but a
            # section's name ("# Timeline") or front matter gives the title: some write
            # every section as an H1.
            if self.first_heading and not self.titled_elsewhere and not self.matcher.is_exact(norm):
                kinds = ()
            if not kinds:
                self.title_line = line
        self.first_heading = False
        return Section(
            title=title,
            norm=norm,
            level=level,
            line=line,
            end_line=self.line_count,
            own_kind=kinds[0] if kinds else None,
            also_kinds=kinds[1:],
        )

    # -- blocks -----------------------------------------------------------------------

    def _block(self) -> Block | None:
        """Consume one block starting at `pos`; None for tokens that carry no content."""
        token = self.tokens[self.pos]
        kind = token.type
        if kind == "paragraph_open":
            return self._paragraph()
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self._list()
        if kind == "table_open":
            return self._table()
        if kind == "blockquote_open":
            return self._quote()
        if kind in ("fence", "code_block"):
            self.pos += 1
            first, last = _span(token)
            return Code(first, last, token.info.strip(), token.content)
        if kind == "html_block":
            self.pos += 1
            first, last = _span(token)
            self._collect_comments(token.content, first)
            return Html(first, last, token.content)
        if kind == "heading_open":  # a heading nested in a list or quote: read as text
            inline_token = self.tokens[self.pos + 1]
            self.pos += 3
            first, last = _span(token)
            return Paragraph(first, last, self._inline(inline_token, first))
        self.pos += 1
        return None

    def _paragraph(self) -> Paragraph:
        open_token = self.tokens[self.pos]
        inline_token = self.tokens[self.pos + 1]
        self.pos += 3
        first, last = _span(open_token)
        return Paragraph(first, last, self._inline(inline_token, first))

    def _blocks_until(self, close_type: str) -> list[Block]:
        blocks: list[Block] = []
        tokens = self.tokens
        while self.pos < len(tokens) and tokens[self.pos].type != close_type:
            block = self._block()
            if block is not None:
                blocks.append(block)
        self.pos += 1  # the closing token
        return blocks

    def _list(self) -> ListBlock:
        open_token = self.tokens[self.pos]
        close_type = open_token.type.replace("_open", "_close")
        first, last = _span(open_token)
        result = ListBlock(first, last, ordered=open_token.type == "ordered_list_open")
        self.pos += 1
        tokens = self.tokens
        while self.pos < len(tokens) and tokens[self.pos].type != close_type:
            token = tokens[self.pos]
            if token.type != "list_item_open":
                self.pos += 1
                continue
            self.pos += 1
            item_first, item_last = _span(token)
            blocks = self._blocks_until("list_item_close")
            text = prose = ""
            if blocks and isinstance(blocks[0], Paragraph) and blocks[0].line == item_first:
                head = blocks.pop(0)
                assert isinstance(head, Paragraph)
                text, prose = head.inline.text, head.inline.prose
            checked = token.meta.get("checked") if token.meta else None
            result.items.append(
                ListItem(item_first, item_last, text, prose, checked, blocks, token.markup)
            )
        self.pos += 1
        return result

    def _table(self) -> Table:
        open_token = self.tokens[self.pos]
        first, last = _span(open_token)
        table = Table(first, last, header=[])
        tokens = self.tokens
        self.pos += 1
        row_line = first
        cells: list[str] = []
        proses: list[str] = []
        in_head = False
        while self.pos < len(tokens) and tokens[self.pos].type != "table_close":
            token = tokens[self.pos]
            kind = token.type
            if kind == "thead_open":
                in_head = True
            elif kind == "tbody_open":
                in_head = False
            elif kind == "tr_open":
                row_line = token.map[0] + 1 if token.map else row_line + 1
                cells, proses = [], []
            elif kind == "inline":
                inline = self._inline(token, row_line)
                cell = inline.text.strip()
                cells.append(cell)
                proses.append(cell if inline.prose is inline.text else inline.prose.strip())
            elif kind == "tr_close":
                if in_head:
                    table.header = cells
                else:
                    table.rows.append(Row(row_line, cells, proses))
            self.pos += 1
        self.pos += 1
        return table

    def _quote(self) -> Quote:
        open_token = self.tokens[self.pos]
        first, last = _span(open_token)
        self.pos += 1
        return Quote(first, last, self._blocks_until("blockquote_close"))

    # -- inline -----------------------------------------------------------------------

    def _inline(self, token: Token, line: int) -> Inline:
        # Hot path: called for every paragraph, list item, heading and table cell.
        return read_inline(token.content, line, self.parser, self.env, self._collect_comments)

    def _collect_comments(self, content: str, line: int) -> None:
        if "<!--" not in content:
            return
        # A scan, not `<!--(.*?)-->`: an unclosed `<!--` made the regex look to the end of
        # the text from every later `<!--` (quadratic); lines are counted incrementally.
        start = content.find("<!--")
        counted, at = 0, line
        while start >= 0:
            end = content.find("-->", start + 4)
            if end < 0:
                return  # no comment closes after this one: none after it can either
            at += content.count("\n", counted, start)
            counted = start
            self.comments.append(Comment(at, content[start + 4 : end].strip()))
            start = content.find("<!--", end + 3)


def _span(token: Token) -> tuple[int, int]:
    """1-based first and last line of a block token (markdown-it maps are [first, last))."""
    if token.map:
        first, end = token.map
        return first + 1, max(first + 1, end)
    return 1, 1
