"""How a citation is written, for every front end (chat, Slack, CLI, review): the document's title in the
reader's language, its edition and date, section, line or page, the official URL, and the quote.

A citation is read from either a `kb.records.Citation` or its JSON (`Citation.to_json()`, what answers
carry to the front ends); the document's facts come from `DocumentInfo` (`KnowledgeBase.document(id)`,
built from the `data/sources.yaml` entry the index stored). Fields this module does not know are ignored,
so records may grow.

Formats:
- `reference(cite, doc, lang)`: one line, "Title (edition, date), § Section, line 939".
- `copy_text(cite, doc, lang)`: the plain "copy citation" for a review document: the reference, the
  URL and the quote, "Title (edition, date), § Section, line 939, https://...: “quote”".
- `markdown(cite, doc, lang)`: the same as a Markdown list item with a link, the quote as a blockquote.

All functions are pure; `DocumentInfo` is immutable and may be shared across threads.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

LANGS = ("en", "ko", "zh")

# Where in a document, per reader language.
_LOCATOR = {
    "en": {"line": "line {a}", "lines": "lines {a}–{b}", "page": "p. {a}", "pages": "pp. {a}–{b}"},
    "ko": {"line": "{a}행", "lines": "{a}–{b}행", "page": "{a}쪽", "pages": "{a}–{b}쪽"},
    "zh": {"line": "第 {a} 行", "lines": "第 {a}–{b} 行", "page": "第 {a} 頁", "pages": "第 {a}–{b} 頁"},
}
# "<language> edition", by the edition's language (rows) and the reader's (columns).
_EDITION = {
    "en": {"ko": "Korean edition", "zh": "Chinese edition", "en": "English edition"},
    "ko": {"ko": "한국어판", "zh": "중국어판", "en": "영어판"},
    "zh": {"ko": "韓文版", "zh": "中文版", "en": "英文版"},
}
_ARCHIVED = {"en": "archived", "ko": "보관된 문서", "zh": "已封存"}
WHITEPAPER = "hipaa-whitepaper"  # the `structure` of the documents split by the service catalog: the whitepaper's
# editions
UNOFFICIAL = 3  # the sources.yaml priority of a document that is no AWS publication (the study notes)


def whitepaper_docs(docs: Iterable[Mapping[str, Any]]) -> list[str]:
    """Ids of the index's documents (rows `{"doc_id", "meta": {...}}`) split by the whitepaper's catalog: its language
    editions, in index order."""
    return [d["doc_id"] for d in docs if (d.get("meta") or {}).get("structure") == WHITEPAPER]


def priorities(docs: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """doc id -> sources.yaml priority of the index's documents (1 authoritative AWS guidance, 2 dated or secondary
    and the default, UNOFFICIAL no AWS publication), as `DocumentInfo.priority` reads it."""
    return {d["doc_id"]: int((d.get("meta") or {}).get("priority") or 2) for d in docs}


@dataclass(frozen=True)
class DocumentInfo:
    """What a citation says about its document. `titles` maps a language to the title in it (the
    document's own title under its own language, plus sources.yaml's `title_en`, `title_ko`, `title_zh`)."""

    doc_id: str
    title: str
    lang: str
    titles: dict[str, str] = field(default_factory=dict)
    edition: str | None = None  # sources.yaml's `edition`, e.g. "Korean edition of the AWS whitepaper"
    published: str | None = None  # ISO date or month, e.g. "2022-09-28"
    url: str | None = None  # the official source
    archived: bool = False
    structure: str = "generic"  # WHITEPAPER when split by the service catalog's headings
    priority: int = 2  # 1 = authoritative AWS guidance ... 3 = not an AWS publication (sources.yaml)

    def title_in(self, lang: str) -> str:
        """The title in `lang`, else in English, else the document's own."""
        return self.titles.get(lang) or self.titles.get("en") or self.title

    @classmethod
    def from_index(cls, doc: Mapping[str, Any]) -> DocumentInfo:
        """From one row of the index's document list (`{"doc_id", "title", "lang", "meta": {...}}`)."""
        meta = doc.get("meta") or {}
        titles = {doc["lang"]: doc["title"]}
        for lang in LANGS:
            if meta.get(f"title_{lang}"):
                titles.setdefault(lang, str(meta[f"title_{lang}"]))
        published = meta.get("published")
        return cls(doc_id=doc["doc_id"], title=doc["title"], lang=doc["lang"], titles=titles,
                   edition=meta.get("edition"), published=str(published) if published else None,
                   url=meta.get("url") or None, archived=bool(meta.get("archived")),
                   structure=meta.get("structure") or "generic", priority=int(meta.get("priority") or 2))


def locator(page: int | None, line_start: int | None, line_end: int | None, lang: str = "en",
            page_end: int | None = None) -> str:
    """ "line 939", "lines 939–945", "p. 3" (one line or page is never written as a range); "" when unknown."""
    words = _LOCATOR.get(lang, _LOCATOR["en"])
    if page:
        if page_end and page_end != page:
            return words["pages"].format(a=page, b=page_end)
        return words["page"].format(a=page)
    if line_start is None:
        return ""
    if line_end is None or line_end == line_start:
        return words["line"].format(a=line_start)
    return words["lines"].format(a=line_start, b=line_end)


def edition_label(edition_lang: str, lang: str = "en") -> str:
    """ "Korean edition" / "한국어판" / "韓文版": the edition's language, in the reader's."""
    table = _EDITION.get(lang, _EDITION["en"])
    return table.get(edition_lang, edition_lang)


def _fields(cite: Any) -> dict[str, Any]:
    return dict(cite) if isinstance(cite, Mapping) else cite.to_json()


def title(cite: Any, doc: DocumentInfo | None, lang: str = "en") -> str:
    return doc.title_in(lang) if doc else _fields(cite)["title"]


def reference(cite: Any, doc: DocumentInfo | None, lang: str = "en") -> str:
    """ "Title (edition, archived, date), § Section, line 939": one line, no URL, no quote."""
    c = _fields(cite)
    return title(c, doc, lang) + _tail(c, doc, lang)


def _tail(c: dict[str, Any], doc: DocumentInfo | None, lang: str) -> str:
    about = [doc.edition if doc and doc.edition and lang == "en" else edition_label(c["lang"], lang)]
    if c.get("archived") or (doc and doc.archived):
        about.append(_ARCHIVED.get(lang, _ARCHIVED["en"]))
    if doc and doc.published:
        about.append(doc.published)
    parts = [f" ({', '.join(about)})"]
    if c.get("section"):
        parts.append(f"§ {c['section']}")
    where = locator(c.get("page"), c.get("line_start"), c.get("line_end"), lang, c.get("page_end"))
    if where:
        parts.append(where)
    return ", ".join(parts)


def copy_text(cite: Any, doc: DocumentInfo | None, lang: str = "en") -> str:
    """The plain "copy citation" text: reference, official URL (when there is one) and the quote."""
    c = _fields(cite)
    text = reference(c, doc, lang)
    if doc and doc.url:
        text += f", {doc.url}"
    quote = " ".join(str(c.get("quote") or "").split())
    return f"{text}: “{quote}”" if quote else text


def markdown(cite: Any, doc: DocumentInfo | None, lang: str = "en") -> str:
    """`- [n] [Title](url) (edition, date), § Section, line 939` and the quote as a blockquote below it."""
    c = _fields(cite)
    name = _md_escape(title(c, doc, lang))
    line = f"- [{c['n']}] " + (f"[{name}]({doc.url})" if doc and doc.url else name) + _tail(c, doc, lang)
    quote = " ".join(str(c.get("quote") or "").split())
    return f"{line}\n\n  > {quote}" if quote else line


def _md_escape(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
