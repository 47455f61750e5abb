"""The main text of an HTML page, with its headings as Markdown headings, in time linear in its size.

The page is parsed by lxml (libxml2) through beautifulsoup4 and walked once, without changing the
tree. Python's own html.parser (3.11.7 here) is quadratic on unclosed tags and comments (`<a<a<a…`,
`<!--<!--…`: 80 KB took 4.4 s), and editing a tree of many siblings is too (bs4 looks each node up in
its parent's list: a 1.6 MB page took 70 s). The walk gives the text the previous version gave by
editing the tree: headings replaced by `# text` lines (a heading inside a heading of a higher level
is part of its text), "- " before each list item, a blank line after each block.
"""
from __future__ import annotations

import re
from typing import Any

# Elements that are page chrome, never content.
DROP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template",
                  "svg", "iframe", "button"})
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo"})
_BLOCKS = frozenset({"p", "div", "section", "tr", "br", "pre", "table", "ul", "ol"})
_HEADINGS = {f"h{level}": level for level in range(1, 7)}


def html_text(html: str) -> tuple[str, str | None]:
    """(text, title) of an HTML page: the main content (<main>, <article>, role=main, else <body>),
    without page chrome; title from <title> or the first `# ` heading, else None."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    root = _root(soup)
    raw = "".join(_strings(root))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    if not title:
        h1 = re.search(r"^# (.+)$", text, re.M)
        title = h1.group(1) if h1 else None
    return text, title


def _dropped(tag: Any) -> bool:
    role = tag.get("role")
    return tag.name in DROP or (isinstance(role, str) and role in _DROP_ROLES) or tag.get("aria-hidden") == "true"


def _tags(root: Any) -> Any:
    """The tags under `root` in document order, leaving out dropped ones and what they hold."""
    from bs4 import Tag

    stack = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag) and not _dropped(node):
            yield node
            stack.extend(reversed(node.contents))


def _root(soup: Any) -> Any:
    """The first <main>, else <article>, else role=main, else <body>, else the whole page."""
    first: dict[str, Any] = {}
    for tag in _tags(soup):
        for key in ("main", "article", "body"):
            if tag.name == key:
                first.setdefault(key, tag)
        if tag.get("role") == "main":
            first.setdefault("role", tag)
        if "main" in first:
            break
    return first.get("main") or first.get("article") or first.get("role") or first.get("body") or soup


def _strings(root: Any) -> Any:
    """The text pieces of `root`'s content in order, with the heading, list and block marks."""
    from bs4 import NavigableString, Tag

    kinds = root.interesting_string_types or Tag.MAIN_CONTENT_STRING_TYPES
    stack: list[Any] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            yield node  # a mark pushed below
        elif isinstance(node, NavigableString):
            if type(node) in kinds:
                yield str(node)
        elif isinstance(node, Tag) and not _dropped(node):
            level = _HEADINGS.get(node.name)
            if level is not None:
                yield _heading(node, level)
                continue
            if node.name == "li":
                yield "\n- "
            if node.name in _BLOCKS:
                stack.append("\n\n")
            stack.extend(reversed(node.contents))


def _heading(tag: Any, level: int) -> str:
    """A heading as its Markdown line; inside it, headings of a higher level (a smaller number) are
    their own Markdown line, others plain text (`get_text(" ", strip=True)` of the edited tree)."""
    from bs4 import NavigableString, Tag

    kinds = tag.interesting_string_types or Tag.MAIN_CONTENT_STRING_TYPES
    words: list[str] = []
    stack: list[Any] = list(reversed(tag.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            if type(node) in kinds and node.strip():
                words.append(node.strip())
        elif isinstance(node, Tag) and not _dropped(node):
            inner = _HEADINGS.get(node.name)
            if inner is not None and inner < level:
                words.append(_heading(node, inner).strip())
            else:
                stack.extend(reversed(node.contents))
    return f"\n\n{'#' * level} {' '.join(words)}\n\n"
