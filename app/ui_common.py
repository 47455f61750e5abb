"""Helpers shared by the Streamlit pages: labels, citation references and highlighted passages."""
from __future__ import annotations

import html
import re
from typing import Any

from kb.catalog import Service
from kb.core import KnowledgeBase
from kb.records import Chunk, Citation

LANG_NAMES = {"ko": "한국어", "zh": "中文", "en": "English"}
# Browsers pick Han glyph shapes by the lang attribute; the Chinese editions are Traditional.
HTML_LANG = {"ko": "ko", "zh": "zh-Hant", "en": "en"}

_PASSAGE_STYLE = ("white-space:pre-wrap;line-height:1.65;padding:0.6rem 0.85rem;margin:0.2rem 0 0.6rem 0;"
                  "border-left:3px solid #9aa5b1;background:#f6f8fa;border-radius:4px;font-size:0.95rem;"
                  "color:#1f2328;max-height:{height};overflow-y:auto")
_MARK_STYLE = "background:#ffe58a;color:#1f2328;padding:0 2px;border-radius:2px"


def service_label(service: Service) -> str:
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

    def add(entry: Service, prefix: str) -> None:
        out[entry.id] = prefix + service_label(entry)
        for child in kb.catalog.children(entry.id):
            if child.covered and child.id not in out:
                add(child, f"{prefix}{entry.name('en')} › ")

    for entry in kb.catalog.whitepaper_services():
        add(entry, "")
    for entry in kb.catalog:
        if entry.covered and entry.id not in out:
            add(entry, "General › " if entry.kind == "general" else "")
    return out


def lang_name(lang: str) -> str:
    return LANG_NAMES.get(lang, lang)


def doc_meta(kb: KnowledgeBase, doc_id: str) -> dict[str, Any]:
    """The sources.yaml facts of an indexed document (edition, archived, priority...)."""
    for doc in kb.index.docs:
        if doc["doc_id"] == doc_id:
            return doc.get("meta") or {}
    return {}


def edition(kb: KnowledgeBase, doc_id: str, lang: str) -> str:
    return doc_meta(kb, doc_id).get("edition") or f"{lang_name(lang)} edition"


def location(page: int | None, line_start: int | None, line_end: int | None) -> str:
    if page:
        return f"p. {page}"
    if line_start is None:
        return ""
    return f"line {line_start}" if line_start == line_end else f"lines {line_start}–{line_end}"


def citation_from_json(data: dict[str, Any]) -> Citation:
    return Citation(**data)


def chunk_reference(kb: KnowledgeBase, chunk: Chunk) -> str:
    """The same one-line reference an answer's citation gives, for a whole chunk (Browse page)."""
    archived = bool(doc_meta(kb, chunk.doc_id).get("archived"))
    cite = Citation(n=0, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, title=chunk.title, lang=chunk.lang,
                    section=chunk.section, service_id=chunk.service_id, quote="", page=chunk.page,
                    line_start=chunk.line_start, line_end=chunk.line_end, section_id=chunk.section_id,
                    archived=archived)
    return cite.reference()


def chunk_of(kb: KnowledgeBase, chunk_id: str) -> Chunk | None:
    position = kb.index.position.get(chunk_id)
    return None if position is None else kb.index.chunks[position]


def passage_html(text: str, lang: str, quote: str = "", height: str = "none") -> str:
    """The passage as escaped HTML, the quote (if found in it) wrapped in <mark>."""
    start = text.find(quote) if quote else -1
    if start < 0:
        body = html.escape(text)
    else:
        end = start + len(quote)
        body = (html.escape(text[:start]) + f'<mark style="{_MARK_STYLE}">' + html.escape(text[start:end])
                + "</mark>" + html.escape(text[end:]))
    style = _PASSAGE_STYLE.format(height=height)
    return f'<div lang="{HTML_LANG.get(lang, lang)}" style="{style}">{body.strip()}</div>'


def whitepaper_docs(kb: KnowledgeBase) -> dict[str, str]:
    """lang -> doc_id of the most authoritative whitepaper edition split by the service catalog."""
    best: dict[str, tuple[int, str]] = {}
    for doc in kb.index.docs:
        meta = doc.get("meta") or {}
        if meta.get("structure") != "hipaa-whitepaper" or meta.get("archived"):
            continue
        key = (int(meta.get("priority") or 2), doc["doc_id"])
        if doc["lang"] not in best or key < best[doc["lang"]]:
            best[doc["lang"]] = key
    return {lang: doc_id for lang, (_, doc_id) in best.items()}


def section_chunks(kb: KnowledgeBase, doc_id: str, *, service_id: str | None = None,
                   section_id: str | None = None) -> list[Chunk]:
    """The chunks of one document under a service (with its subsections) or one exact section."""
    out = [c for c in kb.index.chunks if c.doc_id == doc_id
           and (service_id is None or c.service_id == service_id)
           and (section_id is None or c.section_id == section_id)]
    return sorted(out, key=lambda c: c.start)


def md_text(text: str) -> str:
    """Markdown from the knowledge base with `$` escaped: Streamlit would read `$...$` as LaTeX."""
    return text.replace("$", "\\$")


def answer_html(text: str) -> str:
    """An answer's Markdown made safe to render with unsafe_allow_html: HTML escaped, `**bold**` as
    <strong> (CommonMark leaves "**S3(S3)**에" unbolded: a closing `**` after punctuation needs a space
    or punctuation next), and the corpus's dead `[text](#)` links as plain text."""
    text = html.escape(text, quote=False)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return md_text(_DEAD_LINK.sub(r"\1", text))


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_DEAD_LINK = re.compile(r"\[([^\]\n]+)\]\(#\)")
