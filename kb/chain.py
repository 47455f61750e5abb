"""The answer chain: analyse the question, refuse what the corpus does not cover, retrieve, generate."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from kb.analysis import Analysis, Analyzer
from kb.catalog import Catalog, Service
from kb.generate import Evidence, Generator
from kb.phrases import phrase
from kb.records import Answer, Hit, ServiceRef
from kb.search import Searcher, check_query


@dataclass(frozen=True)
class Thresholds:
    """Refusal thresholds for questions that name no catalog service (from settings; see evals tune)."""

    min_dense: float  # cosine of question and best passage below which nothing is relevant
    min_keyword: float  # best BM25 score below which no passage shares the question's words
    min_closest: float  # cosine above which a refused question still names nearby services


class AnswerChain:
    """question -> Answer, over a Searcher and a Generator (extractive by default)."""

    DOC_MARGIN = 0.03  # cosine lead a lower-priority document needs over the preferred one

    def __init__(self, searcher: Searcher, analyzer: Analyzer, generator: Generator,
                 docs: dict[str, dict[str, Any]], thresholds: Thresholds, *, k_per_service: int = 4,
                 max_services: int = 3) -> None:
        self.searcher = searcher
        self.analyzer = analyzer
        self.generator = generator
        self.docs = docs
        self.k = k_per_service
        self.max_services = max_services
        self.thresholds = thresholds

    @property
    def catalog(self) -> Catalog:
        return self.searcher.catalog

    def ask(self, question: str, services: list[Service] | None = None, prefer_lang: str | None = None) -> Answer:
        """Answer `question`. `services` (a UI filter, a follow-up's context) stand in for services the
        question does not name, but only for a question about the guidance: one that names another
        cloud or an uncovered service is still refused, and one without a topic of the guidance
        ("a kimchi stew recipe?") must pass the same relevance check as any other. `prefer_lang`
        picks the whitepaper edition quoted when both cover the service (default: the question's)."""
        started = time.perf_counter()
        question = check_query(question)
        analysis = self.analyzer.analyze(question)
        context = [s for s in services or [] if s.covered]
        if context and not (analysis.services or analysis.uncovered or analysis.clouds):
            if analysis.topics or self._relevant(question, self.searcher.search(question, k=1)):
                analysis.services = context
        answer = self._answer(question, analysis, prefer_lang or analysis.lang)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _relevant(self, question: str, hits: list[Hit]) -> bool:
        """Is any passage close to the question both in meaning and in words?"""
        best = hits[0].dense_score if hits and hits[0].dense_score is not None else 0.0
        words = self.searcher.keyword_ranking(question, None, 1)
        return best >= self.thresholds.min_dense and bool(words) and words[0][1] >= self.thresholds.min_keyword

    def _answer(self, question: str, a: Analysis, edition: str) -> Answer:
        if a.refuse_outright():
            closest = self._see_also(a.uncovered) + [s for s in a.services if s.kind == "service"]
            return self._refuse(question, a, list({s.id: s for s in closest}.values()))
        if not a.services:
            hits = self.searcher.search(question, k=2 * self.k)
            if not self._relevant(question, hits):
                best = hits[0].dense_score or 0.0 if hits else 0.0
                closest = self._hit_services(hits) if best >= self.thresholds.min_closest else []
                return self._refuse(question, a, closest, reason="low-confidence")
            implied = self._implied(hits)
            evidence = [self._evidence(question, edition, implied, hits)]
        else:
            evidence = [self._evidence(question, edition, s, None) for s in a.services[: self.max_services]]
            # The service whose passages fit the question best leads the answer.
            evidence.sort(key=lambda e: -max((h.dense_score or 0.0 for h in e.hits), default=0.0))
            evidence += self._topic_evidence(question, a, edition,
                                             {e.service.id for e in evidence if e.service})
        evidence = [e for e in evidence if e.hits]
        text, citations = self.generator.generate(question, a, evidence)
        if not citations:
            return self._refuse(question, a, [], reason="no-passage")
        notes = []
        if a.uncovered:
            names = phrase(a.lang, "sep").join(s.name(a.lang) for s in a.uncovered)
            notes.append(phrase(a.lang, "not_covered_also", names=names))
        refs = [ServiceRef(e.service.id, e.service.name(a.lang)) for e in evidence if e.service is not None]
        return Answer(question=question, lang=a.lang, abstained=False, answer="\n\n".join([text, *notes]),
                      services=refs, citations=citations, topics=a.topics,
                      not_covered=[ServiceRef(s.id, s.name(a.lang)) for s in a.uncovered])

    def _evidence(self, question: str, edition: str, service: Service | None, hits: list[Hit] | None) -> Evidence:
        """The passages for one service, from the one document edition that should be quoted."""
        if service is not None:
            hits = self.searcher.search(question, k=4 * self.k, services=[service]) or hits
            if not hits:  # a general topic with no section of its own: search everything
                hits = self.searcher.search(question, k=2 * self.k)
        hits = hits or []
        doc_id = self._pick_document(question, edition, hits)
        return Evidence(service, [h for h in hits if h.chunk.doc_id == doc_id][: self.k])

    def _topic_evidence(self, question: str, a: Analysis, edition: str, taken: set[str]) -> list[Evidence]:
        """General sections a topic of the question always needs (eligibility: the BAA's rule)."""
        out = []
        for topic_id in a.topics:
            for sid in self.analyzer.topic(topic_id).evidence_sections:
                section = self.catalog.get(sid)
                if section is not None and sid not in taken:
                    taken.add(sid)
                    hits = self.searcher.search(question, k=self.k, services=[section])
                    doc_id = self._pick_document(question, edition, hits)
                    out.append(Evidence(section, [h for h in hits if h.chunk.doc_id == doc_id][:2], limit=2))
        return out

    def _pick_document(self, question: str, lang: str, hits: list[Hit]) -> str | None:
        """Prefer a document the question names, then authority (sources priority), then the
        edition in the question's language, then retrieval rank."""
        lowered = question.casefold()
        best: tuple[Any, ...] | None = None
        chosen = None
        for rank, h in enumerate(hits):
            meta = self.docs.get(h.chunk.doc_id, {}).get("meta", {})
            named = any(alias.casefold() in lowered for alias in meta.get("aliases") or ())
            key = (not named, meta.get("priority", 2), lang != "en" and h.chunk.lang != lang, rank)
            if best is None or key < best:
                best, chosen = key, h.chunk.doc_id
        top_priority = self.docs.get(hits[0].chunk.doc_id, {}).get("meta", {}).get("priority", 2) if hits else 0
        if hits and best is not None and best[0] and top_priority > best[1]:
            # A less authoritative document wins only when it fits the question clearly better.
            top = hits[0].dense_score or 0.0
            mine = max((h.dense_score or 0.0) for h in hits if h.chunk.doc_id == chosen)
            if top - mine >= self.DOC_MARGIN:
                return hits[0].chunk.doc_id
        return chosen

    def _implied(self, hits: list[Hit]) -> Service | None:
        """The service a question implies without naming it: the top passage's, if it has one."""
        for h in hits[:1]:
            sid = h.chunk.section_id if h.chunk.service_id == "general" else h.chunk.service_id
            return self.catalog.get(sid) if sid else None
        return None

    def _hit_services(self, hits: list[Hit], limit: int = 3) -> list[Service]:
        out: list[Service] = []
        for h in hits:
            s = self.catalog.get(h.chunk.service_id)
            if s is not None and s.kind == "service" and s not in out:
                out.append(s)
        return out[:limit]

    def _see_also(self, uncovered: list[Service]) -> list[Service]:
        out: list[Service] = []
        for s in uncovered:
            for sid in s.see_also:
                near = self.catalog.get(sid)
                if near is not None and near.covered and near not in out:
                    out.append(near)
        return out

    def _refuse(self, question: str, a: Analysis, closest: list[Service], reason: str | None = None) -> Answer:
        sep = phrase(a.lang, "sep")
        why = ""
        if a.uncovered:
            why = phrase(a.lang, "refuse_uncovered", names=sep.join(s.name(a.lang) for s in a.uncovered))
            reason = reason or "uncovered-service"
        elif a.clouds:
            why = phrase(a.lang, "refuse_cloud", names=sep.join(a.clouds))
            reason = reason or "other-cloud"
        text = phrase(a.lang, "refuse", why=why)
        if closest:
            text += " " + phrase(a.lang, "closest", names=sep.join(s.name(a.lang) for s in closest))
        return Answer(question=question, lang=a.lang, abstained=True, answer=text, services=[], citations=[],
                      topics=a.topics, not_covered=[ServiceRef(s.id, s.name(a.lang)) for s in a.uncovered],
                      reason=reason)
