"""Helpers shared by the Streamlit pages: labels, answer and passage HTML, the whitepaper editions."""
from __future__ import annotations

import html
import re

from kb import citation_format as cf
from kb.core import KnowledgeBase, Section
from kb.phrases import language_name
from kb.records import Chunk

# Browsers pick Han glyph shapes by the lang attribute; the Chinese editions are Traditional.
HTML_LANG = {"ko": "ko", "zh": "zh-Hant", "en": "en"}


def service_label(service: Section) -> str:
    """The entry's names in English, Korean and Chinese (each once), so typing any of them finds it."""
    names: list[str] = []
    for lang in ("en", "ko", "zh"):
        name = service.names.get(lang)
        if name and name not in names:
            names.append(name)
    return " · ".join(names) or service.id


def filter_options(kb: KnowledgeBase) -> dict[str, str]:
    """id -> label of the covered catalog entries: each whitepaper service in the paper's order, then
    its subsections (named after their parent), then the general sections."""
    out: dict[str, str] = {}

    def add(entry: Section, prefix: str) -> None:
        out[entry.id] = prefix + service_label(entry)
        for child in kb.subsections(entry.id):
            if child.covered and child.id not in out:
                add(child, f"{prefix}{entry.name('en')} › ")

    for entry in kb.whitepaper_services():
        add(entry, "")
    for entry in kb.services():
        if entry.covered and entry.id not in out:
            add(entry, "General › " if entry.kind == "general" else "")
    return out


def lang_name(lang: str) -> str:
    """A language's own name ("한국어", "中文", "English"), for pickers."""
    return language_name(lang)


def chunk_reference(kb: KnowledgeBase, chunk: Chunk, lang: str = "en") -> str:
    """The same one-line reference an answer's citation gives, for a whole passage (Browse page)."""
    cite = {"n": 0, "lang": chunk.lang, "title": chunk.title, "section": chunk.section, "page": chunk.page,
            "page_end": chunk.page_end, "line_start": chunk.line_start, "line_end": chunk.line_end, "quote": ""}
    return cf.reference(cite, kb.document(chunk.doc_id), lang)


def passage_html(text: str, lang: str, quote: str = "", height: str = "none", anchor: str | None = None) -> str:
    """The passage as escaped HTML, the quote (if found in it) wrapped in <mark>; `anchor` is the id an
    answer's [n] link jumps to."""
    start = text.find(quote) if quote else -1
    if start < 0:
        body = html.escape(text)
    else:
        end = start + len(quote)
        body = (html.escape(text[:start]) + '<mark class="hg-quote">' + html.escape(text[start:end])
                + "</mark>" + html.escape(text[end:]))
    ident = f' id="{anchor}"' if anchor else ""
    return (f'<div{ident} class="hg-passage" lang="{HTML_LANG.get(lang, lang)}" style="max-height:{height}">'
            f"{body.strip()}</div>")


def whitepaper_docs(kb: KnowledgeBase) -> dict[str, str]:
    """lang -> doc_id of the most authoritative whitepaper edition split by the service catalog."""
    best: dict[str, tuple[int, str]] = {}
    for doc in kb.documents():
        if doc.structure != cf.WHITEPAPER or doc.archived:
            continue
        key = (doc.priority, doc.doc_id)
        if doc.lang not in best or key < best[doc.lang]:
            best[doc.lang] = key
    return {lang: doc_id for lang, (_, doc_id) in best.items()}


def md_text(text: str) -> str:
    """Markdown from the knowledge base with `$` escaped: Streamlit would read `$...$` as LaTeX."""
    return text.replace("$", "\\$")


def cite_anchor(message_id: int, n: int) -> str:
    """The id of citation [n] of one message on the page."""
    return f"hg-cite-{message_id}-{n}"


def answer_html(text: str, lang: str = "en", message_id: int | None = None, numbers: set[int] | None = None) -> str:
    """An answer's Markdown made safe to render with unsafe_allow_html: HTML escaped, `**bold**` as
    <strong> (CommonMark leaves "**S3(S3)**에" unbolded: a closing `**` after punctuation needs a space
    or punctuation next), the corpus's dead `[text](#)` links as plain text, and each [n] of `numbers` a
    link to its citation on the page. Wrapped in a block carrying the language (Korean breaks between words)."""
    text = html.escape(text, quote=False)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _DEAD_LINK.sub(r"\1", text)
    if message_id is not None and numbers:
        def link(m: re.Match[str]) -> str:
            n = int(m.group(1))
            if n not in numbers:
                return m.group(0)
            return f'<a class="hg-cite" href="#{cite_anchor(message_id, n)}" title="Open source [{n}]">[{n}]</a>'

        text = _MARKER.sub(link, text)
    return f'<div class="hg-answer" lang="{HTML_LANG.get(lang, lang)}">\n\n{md_text(text)}\n\n</div>'


def text_html(text: str, lang: str) -> str:
    """Plain text (a question) as escaped HTML that keeps its line breaks and carries its language."""
    return f'<div class="hg-question" lang="{HTML_LANG.get(lang, lang)}">{html.escape(text)}</div>'


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_DEAD_LINK = re.compile(r"\[([^\]\n]+)\]\(#\)")
_MARKER = re.compile(r"\[(\d{1,3})\](?!\()")


def web_markdown(markdown: str) -> str:
    """The report's Markdown as the page shows it: inside raw HTML lines (<details>, <summary>, <sub>)
    Markdown is not applied, so their `code` spans become escaped <code> elements instead of literal
    backticks (and a resource name from the template cannot inject HTML)."""
    def code(m: re.Match[str]) -> str:
        return f"<code>{html.escape(m.group(1))}</code>"

    lines = []
    for line in markdown.splitlines():
        lines.append(_CODE.sub(code, line) if line.lstrip().startswith("<") else line)
    return "\n".join(lines)


_CODE = re.compile(r"`([^`\n]+)`")
