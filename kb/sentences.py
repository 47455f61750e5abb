"""Whole sentences no requirement record states: what an answer quotes for a topic a section's records do
not cover (or for a section no record covers, a user's own document), and a section's own pointer to other
documentation ("see the EMR encryption options")."""
from __future__ import annotations

from kb.analysis import Analyzer
from kb.catalog import Catalog, Section
from kb.quotes import table_header
from kb.relevance import Query, Relevance
from kb.requirements import RequirementCatalog
from kb.spans import Span
from kb.wording import REFERENCE, Wording

QUOTES_PER_FACET = 2  # whole sentences quoted for a topic no record of the section states
MIN_QUOTE_SCORE = 0.3  # ... each scoring at least this (kb/relevance.py span scores)


class Sentences:
    """The index's quotable spans by catalog section. Read-only after construction: shared across threads."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog, relevance: Relevance,
                 wording: Wording) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records
        self.relevance = relevance
        self.wording = wording
        self._by_section: dict[str, list[Span]] = {}
        for span in relevance.index.spans:
            if span.section_id:
                self._by_section.setdefault(span.section_id, []).append(span)

    def in_section(self, section_id: str) -> list[Span]:
        """The quotable spans of one section (not its subsections'), in index order."""
        return self._by_section.get(section_id, [])

    def any_in(self, section_ids: list[str] | set[str], docs: list[str]) -> bool:
        """Has any of `docs` a sentence in one of `section_ids`?"""
        return any(s.doc_id in docs for sid in section_ids for s in self._by_section.get(sid, []))

    def of_section(self, section: Section, query: Query, docs: list[str], topic: str | None = None) -> list[Span]:
        """Whole sentences of a section (its subsections included) that no record states: about
        `topic` when given, best first, from the first of `docs` that has any; a list item comes with
        its lead-in."""
        ids = self.catalog.descendants(section.id)
        pointers_too = not self.records.of(ids)  # a section with no records may only point elsewhere (EKS)
        pool = _distinct([s for sid in ids for s in self._by_section.get(sid, []) if s.id not in self.records.by_span
                          and (pointers_too or self.wording.kind(s.quote, s.lang) != REFERENCE)
                          and (topic is None or self._about(s, topic))])
        for doc_id in [*docs, *sorted({s.doc_id for s in pool} - set(docs))]:
            mine = [s for s in pool if s.doc_id == doc_id]
            if not mine:
                continue
            scored = sorted(((self.relevance.span(query, s).score, s) for s in mine),
                            key=lambda x: -x[0])
            chosen: list[Span] = []
            for score, s in scored[:QUOTES_PER_FACET]:
                if score < MIN_QUOTE_SCORE and chosen:
                    break
                lead = self.relevance.index.span(s.lead_in) if s.lead_in else None
                chosen += [x for x in ([lead] if lead else []) + [s] if x not in chosen]
            return sorted(chosen, key=lambda s: s.start)
        return []

    def references(self, section: Section, docs: list[str], topic: str) -> list[Span]:
        """The section's own pointer to other documentation on `topic` ("Amazon EMR을 사용한 암호화에 대한
        자세한 내용은 암호화 옵션을 참조하십시오."), from the first of `docs` that has one: at most one."""
        ids = self.catalog.descendants(section.id)
        pool = [s for sid in ids for s in self._by_section.get(sid, [])
                if self.wording.kind(s.quote, s.lang) == REFERENCE and self._about(s, topic)]
        for doc_id in docs:
            mine = [s for s in pool if s.doc_id == doc_id]
            if mine:
                return mine[:1]
        return []

    def of_documents(self, docs: list[str], query: Query, topic: str) -> list[Span]:
        """The whole sentences of `docs` (anywhere in them) about `topic` that fit the question best:
        at most QUOTES_PER_FACET, each scoring at least MIN_QUOTE_SCORE, in reading order."""
        pool = _distinct([s for s in self.relevance.index.spans if s.doc_id in docs and s.id not in self.records.by_span
                          and self.wording.kind(s.quote, s.lang) != REFERENCE and self._about(s, topic)])
        scored = sorted(((self.relevance.span(query, s).score, s) for s in pool), key=lambda x: -x[0])
        chosen = [s for score, s in scored[:QUOTES_PER_FACET] if score >= MIN_QUOTE_SCORE]
        return sorted(chosen, key=lambda s: s.start)

    def _about(self, span: Span, topic: str) -> bool:
        if topic in self.analyzer.topics_of(span.quote):
            return True
        entry = self.catalog.get(span.section_id) if span.section_id else None
        return entry is not None and entry.kind == "subsection" and topic in self.analyzer.topics_of(entry.name("en"))


def _distinct(spans: list[Span]) -> list[Span]:
    """`spans` without a table's header row (it says nothing; the rows under it do) and without a sentence that
    repeats an earlier one word for word (the 2016 paper repeats "Amazon EMR 트래픽 유형 | 설명 | ..." over each
    half of its table)."""
    seen: set[str] = set()
    out = []
    for s in spans:
        text = " ".join(s.quote.split())
        if not table_header(text) and text not in seen:
            seen.add(text)
            out.append(s)
    return out
