"""Cited guidance for one catalog entry: its requirement records, each with its verbatim quotes.

`kb cite SERVICE` prints the records of a section and its subsections: the team's statement (in
English, Korean or Chinese) and the source's own words from either whitepaper edition or both side by
side, each quote with its stable span id and reference. The review and the Browse page read the same.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from kb.catalog import Catalog, Section, norm
from kb.citation_format import whitepaper_docs
from kb.records import Citation
from kb.requirements import TOPICS, Requirement, RequirementCatalog
from kb.spans import Span

if TYPE_CHECKING:
    from kb.analysis import Analyzer
    from kb.config import Settings
    from kb.index import Index
    from kb.wording import Wording


class KnowledgeSource(Protocol):
    """What the guidance and the design review read from a knowledge base. The facade
    (kb.core.KnowledgeBase) provides it and hands itself in: it sits above this layer, which never imports it."""

    @property
    def settings(self) -> Settings: ...

    @property
    def catalog(self) -> Catalog: ...

    @property
    def index(self) -> Index: ...

    @property
    def analyzer(self) -> Analyzer: ...

    @property
    def wording(self) -> Wording: ...

    @property
    def requirements(self) -> RequirementCatalog: ...


EDITIONS = ("ko", "zh")  # the whitepaper editions
NOT_COVERED = "not covered by the HIPAA whitepaper"


@dataclass(frozen=True)
class CitedSpan:
    """One quotable span of a source (kb.spans.Span) as `kb cite` and the review show it: with its kind
    (requirement | statement | reference), topics and citation."""

    id: str  # "<doc_id>:<start>-<end>", character offsets in the document: stable across re-chunking
    kind: str
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
class CitedRecord:
    """A requirement record with its quotes in the editions asked for."""

    record: Requirement
    quotes: list[CitedSpan]
    review_rules: tuple[str, ...] = ()

    def to_json(self, lang: str) -> dict[str, Any]:
        r = self.record
        return {"id": r.id, "section": r.section, "topic": r.topic, "strength": r.strength,
                "statement": r.says(lang), "statements": r.statement, "scope": r.scope,
                "config_rules": list(r.config_rules), "review_rules": list(self.review_rules),
                "quotes": [p.to_json() for p in self.quotes]}


@dataclass
class CiteResult:
    """What `kb cite` prints: the entry asked for, its records, or why there are none."""

    query: str
    lang: str  # language of the statements: en | ko | zh
    edition: str  # quoted editions: ko | zh | all
    topic: str | None
    service: Section | None
    records: list[CitedRecord] = field(default_factory=list)
    message: str | None = None
    suggestions: list[Section] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        # Like grep: 1 when there is nothing to cite (uncovered service, no record on the topic).
        return 0 if self.records else 1

    def groups(self) -> list[tuple[str, list[CitedRecord]]]:
        """Records by topic, in the catalog's topic order."""
        out: dict[str, list[CitedRecord]] = {}
        for c in self.records:
            out.setdefault(c.record.topic, []).append(c)
        return sorted(out.items(), key=lambda kv: TOPICS.index(kv[0]))

    def to_json(self, labels: dict[str, str]) -> dict[str, Any]:
        s = self.service
        return {
            "schema": "hipaa-guide/cite/v2", "query": self.query, "lang": self.lang, "edition": self.edition,
            "topic": self.topic,
            "service": None if s is None else {"id": s.id, "kind": s.kind, "parent": s.parent,
                                               "covered": s.covered, "names": s.names},
            "message": self.message,
            "suggestions": [{"id": x.id, "name": x.name("en"), "covered": x.covered} for x in self.suggestions],
            "count": len(self.records),
            "topics": [{"id": t, "label": labels.get(t, t), "records": [c.to_json(self.lang) for c in cs]}
                       for t, cs in self.groups()],
        }


class Guidance:
    """The guidance of the knowledge base's documents per catalog section: records and their cited spans."""

    def __init__(self, kb: KnowledgeSource, review_rules: dict[str, tuple[str, ...]] | None = None) -> None:
        self.kb = kb
        self.review_rules = review_rules or {}  # record id -> ids of the kb review rules enforcing it

    @cached_property
    def docs(self) -> dict[str, dict[str, Any]]:
        return {d["doc_id"]: d for d in self.kb.index.docs}

    @cached_property
    def editions(self) -> dict[str, str]:
        """Edition language -> doc_id of the HIPAA whitepaper editions in the index."""
        return {self.docs[doc_id]["lang"]: doc_id for doc_id in whitepaper_docs(self.kb.index.docs)}

    @property
    def topic_order(self) -> list[str]:
        return [t.id for t in self.kb.analyzer.topics]

    def topic_labels(self, lang: str) -> dict[str, str]:
        return {t.id: t.label(lang if lang in ("ko", "zh") else "en") for t in self.kb.analyzer.topics}

    def cited_span(self, span: Span) -> CitedSpan:
        doc = self.docs.get(span.doc_id, {})
        found = self.kb.analyzer.topics_of(span.quote)
        entry = self.kb.catalog.get(span.section_id) if span.section_id else None
        if not found and entry is not None and entry.kind == "subsection":
            found = self.kb.analyzer.topics_of(entry.name("en"))
        return CitedSpan(id=span.id, kind=self.kb.wording.kind(span.quote, span.lang), topics=tuple(found or ["other"]),
                         citation=Citation.of(0, span, doc),
                         edition=str((doc.get("meta") or {}).get("edition") or span.lang))

    def section_spans(self, section_id: str, lang: str = "all") -> list[CitedSpan]:
        """Every span of the whitepaper editions under the entry (its subsections included)."""
        ids = self.kb.catalog.descendants(section_id)
        docs = [d for lg, d in self.editions.items() if lang in ("all", lg)]
        return [self.cited_span(s) for s in self.kb.index.spans if s.doc_id in docs and s.section_id in ids]

    def find(self, section_id: str, lang: str, keywords: list[str]) -> CitedSpan | None:
        """The first span of `section_id` in edition `lang` containing every keyword (case-folded)."""
        keys = [norm(k) for k in keywords]
        return next((p for p in self.section_spans(section_id, lang) if all(k in norm(p.quote) for k in keys)), None)

    def span(self, span_id: str) -> CitedSpan | None:
        """The span `span_id` ("<doc_id>:<start>-<end>") names, in any document; None if unknown."""
        span = self.kb.index.span(span_id)
        return None if span is None else self.cited_span(span)

    def quotes(self, record: Requirement, edition: str = "all", pointers: bool = True) -> list[CitedSpan]:
        """A record's evidence as passages, in the editions asked for (the Korean-only documents'
        evidence always: it has no other edition); without `pointers`, a "see X" sentence is left out
        when the record has other evidence in that edition."""
        wanted = {d for lg, d in self.editions.items() if edition in ("all", lg)}
        out = []
        for e in record.evidence:
            span = self.kb.index.span(e.span)
            if span is not None and (span.doc_id in wanted or span.doc_id not in self.editions.values()):
                out.append(self.cited_span(span))
        if not pointers:
            for doc_id in {p.citation.doc_id for p in out}:
                mine = [p for p in out if p.citation.doc_id == doc_id]
                if any(p.kind != "reference" for p in mine):
                    out = [p for p in out if p.citation.doc_id != doc_id or p.kind != "reference"]
        return out

    def cite(self, name: str, topic: str | None = None, lang: str = "en", edition: str = "all") -> CiteResult:
        """The records of `name` (raises CatalogError with suggestions when the name is unknown)."""
        entry = self.kb.catalog.require(name)
        result = CiteResult(query=name, lang=lang, edition=edition, topic=topic, service=entry)
        if not entry.covered:
            result.suggestions = [s for s in map(self.kb.catalog.get, entry.see_also) if s and s.covered]
            near = ", ".join(f"{display_name(self.kb.catalog, s)} (`{s.id}`)" for s in result.suggestions)
            result.message = (f"{entry.name('en')} is {NOT_COVERED}: confirm eligibility before storing PHI."
                              + (f" Nearest covered entries: {near}." if near else ""))
            return result
        every = self.kb.requirements.of(self.kb.catalog.descendants(entry.id))
        chosen = [r for r in every if topic is None or r.topic == topic]
        result.records = [CitedRecord(r, self.quotes(r, edition), self.review_rules.get(r.id, ())) for r in chosen]
        result.records = [c for c in result.records if c.quotes]
        if not every:
            result.message = (f"{entry.name('en')} has no requirement records of its own; "
                              f"ask about it instead: python -m kb ask \"{entry.name('en')}\".")
        elif not result.records:
            result.message = f"No requirement of {entry.name('en')} is about {topic}; {len(every)} on other topics."
        return result


def display_name(catalog: Catalog, entry: Section, lang: str = "en") -> str:
    """The entry's name, under its parent's for a subsection ("Amazon Comprehend > Multi-tenancy")."""
    parent = catalog.get(entry.parent) if entry.parent else None
    return f"{display_name(catalog, parent, lang)} > {entry.name(lang)}" if parent else entry.name(lang)


def render_markdown(result: CiteResult, guidance: Guidance) -> str:
    """The `kb cite` report: statements under topic headings, each with its quotes and references."""
    s = result.service
    if s is None:
        return result.message or ""
    names = " · ".join(dict.fromkeys(s.names.get(k) or s.name("en") for k in ("en", "ko", "zh")))
    lines = [f"## {display_name(guidance.kb.catalog, s, result.lang)} — HIPAA requirements", "",
             f"`{s.id}` · {names}", "",
             "Statements are HIPAA Guide's summaries; the quotes under them are the sources' own words."]
    if result.message:
        lines += ["", result.message]
    labels = guidance.topic_labels(result.lang)
    for topic, cited in result.groups():
        lines += ["", f"### {labels.get(topic, topic)}", ""]
        for c in cited:
            lines.append(record_item(c, result.lang))
    return "\n".join(lines).rstrip() + "\n"


def record_item(c: CitedRecord, lang: str) -> str:
    """A Markdown bullet: strength, statement and id, then each quote with its id and reference."""
    r = c.record
    scope = f" _(scope: {r.scope.get(lang) or r.scope['en']})_" if r.scope else ""
    out = [f"- **{r.strength.upper()}** {r.says(lang)}{scope} `{r.id}`"]
    for p in c.quotes:
        note = f" ({p.citation.note})" if p.citation.note else ""
        out.append(f"  - {p.citation.lang}: “{' '.join(p.quote.split())}”  \n"
                   f"    — `{p.id}` {p.citation.reference()}{note}")
    checks = [f"AWS Config: {', '.join(r.config_rules)}"] if r.config_rules else []
    checks += [f"kb review: {', '.join(c.review_rules)}"] if c.review_rules else []
    if checks:
        out.append(f"  - checked by {' · '.join(checks)}")
    return "\n".join(out)
