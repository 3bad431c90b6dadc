"""An article's Markdown as the HTML a page may insert as it is.

CommonMark with raw HTML off: a `<script>` the business typed is text, not a tag. markdown-it
already refuses javascript:, vbscript:, file: and data: links. Images are off too (a file
belongs in the article's attachments, and an image from anywhere else would tell a third party
who reads the article). Headings start at h2: the article's title is the page's h1. A link
that leaves the portal opens nothing of it to the other site (rel=noopener noreferrer).
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first render: most requests of the tickets app render nothing
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_renderer: "MarkdownIt | None" = None


def _heading(self: Any, tokens: Sequence["Token"], at: int, options: Any, env: Any) -> str:
    """A heading's opening or closing tag, one level down."""
    token = tokens[at]
    token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
    return str(self.renderToken(tokens, at, options, env))


def _link_open(self: Any, tokens: Sequence["Token"], at: int, options: Any, env: Any) -> str:
    token = tokens[at]
    href = str(token.attrGet("href") or "")
    inside = href.startswith("#") or (href.startswith("/") and not href.startswith("//"))
    if not inside:
        token.attrSet("rel", "noopener noreferrer")
    return str(self.renderToken(tokens, at, options, env))


def _markdown() -> "MarkdownIt":
    global _renderer
    if _renderer is None:
        from markdown_it import MarkdownIt

        renderer = MarkdownIt("commonmark", {"html": False}).disable("image")
        renderer.add_render_rule("heading_open", _heading)
        renderer.add_render_rule("heading_close", _heading)
        renderer.add_render_rule("link_open", _link_open)
        _renderer = renderer
    return _renderer


def to_html(markdown: str) -> str:
    return str(_markdown().render(markdown))


def _seen(token: "Token") -> str:
    """What one inline token shows: its text, a space for a line break, nothing for a mark."""
    if token.type in ("text", "code_inline"):
        return token.content
    return " " if token.type in ("softbreak", "hardbreak") else ""


def to_text(markdown: str) -> str:
    """The words a reader sees, without Markdown's marks: for excerpts and the search."""
    blocks = [
        "".join(_seen(child) for child in token.children)
        for token in _markdown().parse(markdown)
        if token.type == "inline" and token.children
    ]
    return " ".join(" ".join(blocks).split())
