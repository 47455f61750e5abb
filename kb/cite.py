"""Cited guidance for one catalog entry: its whitepaper passages with stable ids, grouped by topic."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.catalog import Catalog, Service, norm
from kb.config import ROOT, Settings
from kb.errors import ConfigError
from kb.records import Chunk, Citation

if TYPE_CHECKING:
    from kb.core import KnowledgeBase

LANGS = ("ko", "zh")  # the whitepaper editions
_BULLET = re.compile(r"(?:[-*•]|\d+[.)])[ \t]+")  # used with .match(text, pos): anchored there
_LIST_ITEM = re.compile(r"\n[ \t]*(?:[-*•]|\d+[.)])[ \t]+[^\n]+")
_LIST_AFTER = re.compile(r"[ \t]*\n[ \t]*\n?[ \t]*(?:[-*•]|\d+[.)])[ \t]")
_INTRODUCES = re.compile(r"다음|아래|下列|以下|following|below", re.I)
SHORT_ITEM = 160  # list items up to this long are quoted with their lead-in; longer ones stand alone
NOT_COVERED = "not covered by the HIPAA whitepaper"


@dataclass(frozen=True)
class Passage:
    """One quotable sentence (or a lead-in with its short list) of a whitepaper section."""

    id: str  # "<doc_id>:<start>-<end>", character offsets in the document: stable across re-chunking
    kind: str  # requirement | statement | reference
    topics: tuple[str, ...]
    citation: Citation
    edition: str

    @property
    def topic(self) -> str:
        return self.topics[0]

    @property
    def quote(self) -> str:
        return self.citation.quote

    def to_json(self) -> dict[str, Any]:
        c = self.citation
        return {"id": self.id, "kind": self.kind, "topics": list(self.topics), "quote": c.quote,
                "doc_id": c.doc_id, "title": c.title, "lang": c.lang, "edition": self.edition,
                "section": c.section, "section_id": c.section_id, "service_id": c.service_id,
                "chunk_id": c.chunk_id, "line_start": c.line_start, "line_end": c.line_end, "page": c.page,
                "archived": c.archived, "reference": c.reference()}


@dataclass
class CiteResult:
    """What `kb cite` prints: the entry asked for, its passages, or why there are none."""

    query: str
    lang: str
    topic: str | None
    service: Service | None
    passages: list[Passage] = field(default_factory=list)
    message: str | None = None
    suggestions: list[Service] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        # Like grep: 1 when there is nothing to cite (uncovered service, no passage on the topic).
        return 0 if self.passages else 1

    def groups(self, order: list[str]) -> list[tuple[str, list[Passage]]]:
        """Passages by topic in the lexicon's order; with --topic, everything under that topic."""
        out: dict[str, list[Passage]] = {}
        for p in self.passages:
            out.setdefault(self.topic or p.topic, []).append(p)
        return sorted(out.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))

    def to_json(self, order: list[str], labels: dict[str, str]) -> dict[str, Any]:
        s = self.service
        return {
            "schema": "hipaa-guide/cite/v1", "query": self.query, "lang": self.lang, "topic": self.topic,
            "service": None if s is None else {"id": s.id, "kind": s.kind, "parent": s.parent,
                                               "covered": s.covered, "names": s.names},
            "message": self.message,
            "suggestions": [{"id": x.id, "name": x.name("en"), "covered": x.covered} for x in self.suggestions],
            "count": len(self.passages),
            "topics": [{"id": t, "label": labels.get(t, t), "passages": [p.to_json() for p in ps]}
                       for t, ps in self.groups(order)],
        }


def data_file(settings: Settings, name: str) -> Path:
    """`name` in the configured data folder, else the project's own (a custom HIPAA_GUIDE_DATA_DIR with
    its own corpus and catalog still gets the shipped guidance, resource map and review rules)."""
    own = settings.data_dir / name
    return own if own.exists() else ROOT / "data" / name


class Guidance:
    """The whitepaper editions' passages per catalog entry, read from the index once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        import yaml

        self.kb = kb
        path = data_file(kb.settings, "guidance.yaml")
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            self._requirement = {k: re.compile(v, re.I) for k, v in raw["requirement"].items()}
            self._reference = {k: re.compile(v, re.I) for k, v in raw["reference"].items()}
        except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, re.error) as exc:
            raise ConfigError(f"{path}: cannot read the sentence patterns ({exc}); "
                              "restore data/guidance.yaml.") from exc
        self._cache: dict[str, list[Passage]] = {}

    @cached_property
    def editions(self) -> dict[str, dict[str, Any]]:
        """doc_id -> document, for the HIPAA whitepaper editions in the index."""
        return {d["doc_id"]: d for d in self.kb.index.docs if d.get("meta", {}).get("structure") == "hipaa-whitepaper"}

    @cached_property
    def _by_section(self) -> dict[str, list[Chunk]]:
        table: dict[str, list[Chunk]] = {}
        for c in self.kb.index.chunks:
            if c.doc_id in self.editions and c.section_id:
                table.setdefault(c.section_id, []).append(c)
        return table

    @property
    def topic_order(self) -> list[str]:
        return [t.id for t in self.kb.analyzer.topics]

    def topic_labels(self, lang: str) -> dict[str, str]:
        return {t.id: t.label(lang if lang in ("ko", "zh") else "en") for t in self.kb.analyzer.topics}

    def passages(self, service_id: str, lang: str = "all") -> list[Passage]:
        """Every passage of the entry's sections (its subsections included), in document order."""
        if service_id not in self._cache:
            chunks = [c for sid in self.kb.catalog.descendants(service_id) for c in self._by_section.get(sid, [])]
            chunks.sort(key=lambda c: (c.doc_id, c.start))
            self._cache[service_id] = [p for c in chunks for p in self._chunk_passages(c)]
        return [p for p in self._cache[service_id] if lang == "all" or p.citation.lang == lang]

    def find(self, section_id: str, lang: str, keywords: list[str]) -> Passage | None:
        """The first passage of `section_id` in edition `lang` containing every keyword (case-folded)."""
        keys = [norm(k) for k in keywords]
        for p in self.passages(section_id, lang):
            text = norm(p.quote)
            if all(k in text for k in keys):
                return p
        return None

    def passage(self, passage_id: str) -> Passage | None:
        """The passage a citation id names (ids are document offsets, so any entry may hold it)."""
        doc_id = passage_id.rsplit(":", 1)[0]
        for c in self.kb.index.chunks:
            if c.doc_id == doc_id and c.doc_id in self.editions:
                for p in self._chunk_passages(c):
                    if p.id == passage_id:
                        return p
        return None

    def cite(self, name: str, topic: str | None = None, lang: str = "all") -> CiteResult:
        """The guidance for `name` (raises CatalogError with suggestions when the name is unknown)."""
        entry = self.kb.catalog.require(name)
        result = CiteResult(query=name, lang=lang, topic=topic, service=entry)
        if not entry.covered:
            result.suggestions = [s for s in map(self.kb.catalog.get, entry.see_also) if s and s.covered]
            near = ", ".join(f"{display_name(self.kb.catalog, s)} (`{s.id}`)" for s in result.suggestions)
            result.message = (f"{entry.name('en')} is {NOT_COVERED}: confirm eligibility before storing PHI."
                              + (f" Nearest covered entries: {near}." if near else ""))
            return result
        every = self.passages(entry.id, lang)
        result.passages = [p for p in every if topic is None or topic in p.topics]
        if not every:
            result.message = (f"{entry.name('en')} has no section of its own in the whitepaper; "
                              f"ask about it instead: python -m kb ask \"{entry.name('en')}\".")
        elif not result.passages:
            result.message = (f"No passage of {entry.name('en')} is about {topic}; "
                              f"{len(every)} passages on other topics.")
        return result

    def _chunk_passages(self, chunk: Chunk) -> list[Passage]:
        text = chunk.text
        rows, _ = self.kb.index.chunk_sentences(self.kb.index.position[chunk.chunk_id])
        out: list[Passage] = []
        covered_to = -1
        for _, s, e in rows.tolist():
            if s < covered_to:
                continue  # already quoted as an item of a list with its lead-in
            m = _BULLET.match(text, s)
            s = m.end() if m else s
            e = _with_short_list(text, s, e)
            covered_to = e
            out.append(self._passage(chunk, s, e))
        return out

    def _passage(self, chunk: Chunk, s: int, e: int) -> Passage:
        quote = chunk.text[s:e]
        doc = self.editions[chunk.doc_id]
        meta = doc.get("meta", {})
        lines = (None, None)
        if chunk.line_start is not None:
            lines = (chunk.line_start + chunk.text.count("\n", 0, s), chunk.line_start + chunk.text.count("\n", 0, e))
        archived = bool(meta.get("archived"))
        citation = Citation(n=0, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, title=chunk.title, lang=chunk.lang,
                            section=chunk.section, service_id=chunk.service_id, quote=quote, page=chunk.page,
                            line_start=lines[0], line_end=lines[1], section_id=chunk.section_id, archived=archived,
                            note=f"archived {meta.get('published')} paper; may be out of date" if archived else None)
        return Passage(id=f"{chunk.doc_id}:{chunk.start + s}-{chunk.start + e}", kind=self._kind(quote, chunk.lang),
                       topics=tuple(self._topics(quote, chunk.section_id)), citation=citation,
                       edition=str(meta.get("edition") or chunk.lang))

    def _kind(self, quote: str, lang: str) -> str:
        requirement = self._requirement.get(lang, self._requirement["en"])
        reference = self._reference.get(lang, self._reference["en"])
        if requirement.search(quote):
            return "requirement"
        return "reference" if reference.search(quote) else "statement"

    def _topics(self, quote: str, section_id: str | None) -> list[str]:
        found = self.kb.analyzer.topics_of(quote)
        if found:
            return found
        # A sentence under "Encryption in transit" or "Auditing" is about that even without the words.
        entry = self.kb.catalog.get(section_id) if section_id else None
        if entry is not None and entry.kind == "subsection":
            found = self.kb.analyzer.topics_of(entry.name("en"))
        return found or ["other"]


def display_name(catalog: Catalog, entry: Service, lang: str = "en") -> str:
    """The entry's name, under its parent's for a subsection ("Amazon Comprehend > Multi-tenancy")."""
    parent = catalog.get(entry.parent) if entry.parent else None
    return f"{display_name(catalog, parent, lang)} > {entry.name(lang)}" if parent else entry.name(lang)


def _with_short_list(text: str, s: int, e: int) -> int:
    """End of the sentence at s..e, extended over the list it introduces when every item is short."""
    sentence = text[s:e].rstrip()
    # A colon introduces a list; so does a sentence saying "the following" right before one.
    lead_in = sentence.endswith((":", "：")) or (_LIST_AFTER.match(text, e) and _INTRODUCES.search(sentence))
    if not lead_in:
        return e
    end = e
    for m in _LIST_ITEM.finditer(text, e):
        if text[end:m.start()].strip():
            break
        if len(m.group(0).strip()) > SHORT_ITEM:
            return e
        end = m.end()
    return end


def render_markdown(result: CiteResult, guidance: Guidance) -> str:
    """The `kb cite` report: quotes under topic headings, each with its id and reference."""
    s = result.service
    if s is None:
        return result.message or ""
    label_lang = result.lang if result.lang in ("ko", "zh") else "en"
    names = " · ".join(dict.fromkeys(s.names.get(k) or s.name("en") for k in ("en", "ko", "zh")))
    lines = [f"## {s.name(label_lang)} — HIPAA whitepaper guidance", "", f"`{s.id}` · {names}"]
    if result.message:
        lines += ["", result.message]
    labels = guidance.topic_labels(label_lang)
    for topic, passages in result.groups(guidance.topic_order):
        shown = [p for p in passages if p.kind != "reference"]
        if shown:
            lines += ["", f"### {labels.get(topic, topic)}", ""]
            lines += [quote_item(p) for p in shown]
    # Pointers to other AWS documentation ("for more information, see ...") close the page, out of the way.
    references = [p for p in result.passages if p.kind == "reference"]
    if references:
        lines += ["", "### Pointers to other AWS documentation", ""]
        lines += [quote_item(p) for p in references]
    return "\n".join(lines).rstrip() + "\n"


def quote_item(p: Passage, prefix: str = "- ") -> str:
    """A Markdown bullet: the quote (requirements in bold), then its citation id and reference."""
    body = " ".join(p.quote.split())
    body = f"**{body}**" if p.kind == "requirement" else body
    note = f" ({p.citation.note})" if p.citation.note else ""
    return f"{prefix}“{body}”  \n  — `{p.id}` {p.citation.reference()}{note}"
