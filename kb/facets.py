"""Facets: a question read as catalog sections x asked topics, each answered by requirement records
or stated as not covered (with where the documents do speak of the topic)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from kb.analysis import Analysis, Analyzer
from kb.catalog import Catalog, Service
from kb.keyword import tokenize
from kb.relevance import Relevance
from kb.requirements import Requirement, RequirementCatalog
from kb.spans import Span
from kb.wording import REFERENCE, Wording

ELIGIBILITY = "eligibility"
MAX_PER_FACET = 5  # records listed for one facet (the must ones of a topic are never dropped before these)
RELATIVE = 0.6  # a record is listed when it scores at least this share of the best one of its facet
MUST_SHARE = 0.4  # ... a must record already at this share (what the topic obliges is rarely noise)
MIN_SCORE = 0.25  # ... and at least this (meaning and shared words; see kb/relevance.py)
STRENGTH_BONUS = {"must": 0.15, "should": 0.1, "may": 0.0, "fact": 0.0}
RESPONSIBILITY_BONUS = 0.5  # "whose job is DR?" is answered by who is responsible, not by what AWS offers
_RESPONSIBLE = re.compile(r"responsib", re.I)
AUTHORITY_BONUS = 0.2  # ... so the whitepaper's CloudTrail section outranks a study note on CloudTrail
SECTION_SHARE = 0.5  # a section's overview stays when its best record reaches this share of the best one
QUOTES_PER_FACET = 2  # whole sentences quoted for a topic no record of the section states
MIN_QUOTE_SCORE = 0.3  # ... each scoring at least this


@dataclass
class Facet:
    """One section x topic of the question. topic None = the question as a whole for the section."""

    section: Service
    topic: str | None
    records: list[Requirement] = field(default_factory=list)
    pointers: list[tuple[Service, Requirement]] = field(default_factory=list)  # when not covered
    quotes: list[Span] = field(default_factory=list)  # whole sentences on the topic no record states

    @property
    def covered(self) -> bool:
        return bool(self.records or self.quotes)


@dataclass
class Query:
    """The question as the planner scores it: its vector (None without an embedder) and tokens."""

    text: str
    lang: str
    vector: np.ndarray | None
    tokens: set[str]
    responsibility: bool = False  # the question asks who is responsible

    @classmethod
    def of(cls, text: str, lang: str, vector: np.ndarray | None, responsibility: bool = False) -> Query:
        return cls(text, lang, vector, set(tokenize(text)), responsibility)


class Planner:
    """Chooses the records of each facet. Read-only: shared across threads."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog, relevance: Relevance,
                 wording: Wording) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records
        self.relevance = relevance
        self.wording = wording
        self._priority = {d["doc_id"]: (d.get("meta") or {}).get("priority", 2) for d in relevance.index.docs}
        self._by_section: dict[str, list[Span]] = {}
        for span in relevance.index.spans:
            if span.section_id:
                self._by_section.setdefault(span.section_id, []).append(span)

    def rank(self, query: Query, candidates: list[Requirement]) -> list[tuple[float, Requirement]]:
        """Candidates by relevance to the question, best first: a small bonus for must/should, for
        evidence in an authoritative document (sources.yaml priority 1: the whitepaper, AWS pages), and,
        for a question asking who is responsible, for records that assign a responsibility."""
        scored = [(self.relevance.record(query.vector, query.tokens, r, query.lang).score + STRENGTH_BONUS[r.strength]
                   + (AUTHORITY_BONUS if self._authoritative(r) else 0.0)
                   + (RESPONSIBILITY_BONUS if query.responsibility and _RESPONSIBLE.search(r.statement["en"]) else 0.0),
                   r) for r in candidates]
        return sorted(scored, key=lambda x: -x[0])

    def _authoritative(self, record: Requirement) -> bool:
        return any(self._priority.get(e.doc_id, 2) <= 1 for e in record.evidence)

    def best_sections(self, query: Query, limit: int = 2) -> list[Service]:
        """For a question naming no section: the sections of the best-fitting records of the whole
        catalog (a general question lands on the general documents' records)."""
        ranked = self.rank(query, list(self.records))
        if not ranked:
            return []
        best = ranked[0][0]
        out: list[Service] = []
        for score, r in ranked[:20]:
            entry = self.catalog.get(r.section)
            if entry is not None and entry not in out and score >= 0.85 * best:
                out.append(entry)
        return out[:limit]

    def plan(self, analysis: Analysis, sections: list[Service], query: Query, docs: list[str]) -> list[Facet]:
        """Facets of the question for `sections`; `docs`: the documents to quote sentences from when
        no record covers a topic, most wanted first (the answer's edition)."""
        topics = [t for t in analysis.topics if t not in (ELIGIBILITY, "other")]
        facets: list[Facet] = []
        for section in sections:
            candidates = self.records.of(self.catalog.descendants(section.id))
            if analysis.eligibility:
                facets.append(Facet(section, ELIGIBILITY, [r for r in candidates if r.topic == ELIGIBILITY]))
            for topic in topics:
                facet = self._topic_facet(section, topic, candidates, query)
                if not facet.records:
                    facet.quotes = self.sentences(section, query, docs, topic)
                    facet.pointers = [] if facet.quotes else facet.pointers
                facets.append(facet)
            if not topics:
                rest = [r for r in candidates if not (analysis.eligibility and r.topic == ELIGIBILITY)]
                facet = Facet(section, None, self._overview(query, rest, analysis.eligibility))
                if not candidates:  # a section no record covers (a user's own document)
                    facet.quotes = self.sentences(section, query, docs)
                facets.append(facet)
        return self._drop_weak_sections(facets, query)

    def _drop_weak_sections(self, facets: list[Facet], query: Query) -> list[Facet]:
        """Of several sections asked about without a topic, drop the overview of one whose best record
        fits far worse than another's ("EC2 key pairs" names EC2 and the key-pair guidance)."""
        overviews = [f for f in facets if f.topic is None and f.records]
        if len(overviews) < 2:
            return facets
        best = {id(f): self.rank(query, f.records)[0][0] for f in overviews}
        top = max(best.values())
        return [f for f in facets if id(f) not in best or best[id(f)] >= SECTION_SHARE * top]

    def sentences(self, section: Service, query: Query, docs: list[str], topic: str | None = None) -> list[Span]:
        """Whole sentences of a section (its subsections included) that no record states: about
        `topic` when given, best first, from the first of `docs` that has any; a list item comes with
        its lead-in."""
        ids = self.catalog.descendants(section.id)
        pool = [s for sid in ids for s in self._by_section.get(sid, []) if s.id not in self.records.by_span
                and self.wording.kind(s.quote, s.lang) != REFERENCE and (topic is None or self._about(s, topic))]
        for doc_id in [*docs, *sorted({s.doc_id for s in pool} - set(docs))]:
            mine = [s for s in pool if s.doc_id == doc_id]
            if not mine:
                continue
            scored = sorted(((self.relevance.span(query.vector, query.tokens, s).score, s) for s in mine),
                            key=lambda x: -x[0])
            chosen: list[Span] = []
            for score, s in scored[:QUOTES_PER_FACET]:
                if score < MIN_QUOTE_SCORE and chosen:
                    break
                lead = self.relevance.index.span(s.lead_in) if s.lead_in else None
                chosen += [x for x in ([lead] if lead else []) + [s] if x not in chosen]
            return sorted(chosen, key=lambda s: s.start)
        return []

    def _about(self, span: Span, topic: str) -> bool:
        if topic in self.analyzer.topics_of(span.quote):
            return True
        entry = self.catalog.get(span.section_id) if span.section_id else None
        return entry is not None and entry.kind == "subsection" and topic in self.analyzer.topics_of(entry.name("en"))

    def support(self, topic: str, query: Query, limit: int = 1) -> list[tuple[Service, Requirement]]:
        """Records of the sections that speak of `topic` for every service (topics.yaml pointers)."""
        pointers = self.analyzer.topic(topic).pointers
        out = []
        for section_id in pointers:
            entry = self.catalog.get(section_id)
            if entry is None:
                continue
            mine = [r for r in self.records.of(self.catalog.descendants(section_id)) if r.topic in (topic, "other")]
            for _, r in self.rank(query, mine)[:limit]:
                out.append((entry, r))
        return out

    def _topic_facet(self, section: Service, topic: str, candidates: list[Requirement], query: Query) -> Facet:
        """The records of `topic`: those that fit the question (a share of the best one's score), the
        must ones among them first to stay; nothing fits: where the documents speak of the topic."""
        ranked = self.rank(query, [r for r in candidates if r.topic == topic])
        if ranked:
            best = ranked[0][0]
            fits = [(s, r) for s, r in ranked if s >= max(MIN_SCORE, RELATIVE * best)]
            musts = [(s, r) for s, r in ranked if r.strength == "must" and s >= MUST_SHARE * best and (s, r) not in fits]
            chosen = sorted((fits + musts)[:MAX_PER_FACET], key=lambda x: -x[0]) or ranked[:1]
            return Facet(section, topic, [r for _, r in chosen])
        return Facet(section, topic, [], self.support(topic, query))

    def _overview(self, query: Query, candidates: list[Requirement], eligibility: bool) -> list[Requirement]:
        ranked = self.rank(query, candidates)
        if not ranked:
            return []
        best = ranked[0][0]
        limit = 4 if eligibility else MAX_PER_FACET
        chosen = [r for score, r in ranked if score >= max(MIN_SCORE, RELATIVE * best)]
        if eligibility:  # "may we use X?": what X requires is the rest of the answer
            chosen += [r for _, r in ranked if r.strength == "must" and r not in chosen]
        return (chosen or [ranked[0][1]])[:limit]
