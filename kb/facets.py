"""Facets: a question read as catalog sections x asked topics, each answered by requirement records
or stated as not covered (with where the documents do speak of the topic)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kb.analysis import Analysis, Analyzer
from kb.catalog import Catalog, Service
from kb.keyword import tokenize
from kb.relevance import Relevance
from kb.requirements import Requirement, RequirementCatalog

ELIGIBILITY = "eligibility"
MAX_PER_FACET = 5  # records listed for one facet (the must ones of a topic are never dropped before these)
RELATIVE = 0.6  # without a topic, a record is listed when it scores at least this share of the best one
MIN_SCORE = 0.25  # ... and at least this (meaning and shared words; see kb/relevance.py)
STRENGTH_BONUS = {"must": 0.15, "should": 0.1, "may": 0.0, "fact": 0.0}


@dataclass
class Facet:
    """One section x topic of the question. topic None = the question as a whole for the section."""

    section: Service
    topic: str | None
    records: list[Requirement] = field(default_factory=list)
    pointers: list[tuple[Service, Requirement]] = field(default_factory=list)  # when not covered

    @property
    def covered(self) -> bool:
        return bool(self.records)


@dataclass
class Query:
    """The question as the planner scores it: its vector (None without an embedder) and tokens."""

    text: str
    lang: str
    vector: np.ndarray | None
    tokens: set[str]

    @classmethod
    def of(cls, text: str, lang: str, vector: np.ndarray | None) -> Query:
        return cls(text, lang, vector, set(tokenize(text)))


class Planner:
    """Chooses the records of each facet. Read-only: shared across threads."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog, relevance: Relevance) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records
        self.relevance = relevance

    def rank(self, query: Query, candidates: list[Requirement]) -> list[tuple[float, Requirement]]:
        """Candidates by relevance to the question, best first (a small bonus for must/should)."""
        scored = [(self.relevance.record(query.vector, query.tokens, r, query.lang).score + STRENGTH_BONUS[r.strength],
                   r) for r in candidates]
        return sorted(scored, key=lambda x: -x[0])

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

    def plan(self, analysis: Analysis, sections: list[Service], query: Query) -> list[Facet]:
        topics = [t for t in analysis.topics if t not in (ELIGIBILITY, "other")]
        facets: list[Facet] = []
        for section in sections:
            candidates = self.records.of(self.catalog.descendants(section.id))
            if analysis.eligibility:
                facets.append(Facet(section, ELIGIBILITY, [r for r in candidates if r.topic == ELIGIBILITY]))
            for topic in topics:
                facets.append(self._topic_facet(section, topic, candidates, query))
            if not topics:
                rest = [r for r in candidates if not (analysis.eligibility and r.topic == ELIGIBILITY)]
                facets.append(Facet(section, None, self._overview(query, rest, analysis.eligibility)))
        return facets

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
        mine = [r for _, r in self.rank(query, [r for r in candidates if r.topic == topic])]
        if mine:
            must = [r for r in mine if r.strength == "must"]
            keep = must + [r for r in mine if r not in must]
            chosen = keep[:max(MAX_PER_FACET, len(must))]
            return Facet(section, topic, sorted(chosen, key=mine.index))
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
