"""Answer generators. The default is extractive: chosen sentences of the retrieved passages, quoted."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from kb.analysis import Analysis, Analyzer
from kb.catalog import Service
from kb.index import Index
from kb.keyword import tokenize
from kb.phrases import phrase
from kb.records import Chunk, Citation, Hit

_REQUIREMENT = re.compile(r"must|should|required|해야|하십시오|마십시오|필요|必須|必须|應|应|需要|請勿|请勿|務必|务必")
_LIST_AFTER = re.compile(r"[ \t]*\n[ \t]*\n?[ \t]*(?:[-*•]|\d+[.)])[ \t]")
_LIST_ITEM = re.compile(r"\n[ \t]*(?:[-*•]|\d+[.)])[ \t]+[^\n]+")
_REFERENCE = re.compile(r"자세한 내용은|참조하십시오|참고하십시오|請參閱|请参阅|如需|詳細資訊|"
                        r"for more information|see the", re.I)


@dataclass
class Evidence:
    """The passages retrieved for one service the question is about (or for the question as a whole)."""

    service: Service | None
    hits: list[Hit]
    limit: int | None = None  # most sentences to quote from it (None: the generator decides)


@dataclass(frozen=True)
class Sentence:
    chunk: Chunk
    start: int  # offsets inside chunk.text
    end: int
    topic: str
    score: float

    @property
    def text(self) -> str:
        return self.chunk.text[self.start:self.end]


class Generator(Protocol):
    """Turns evidence into answer text with [n] markers and the citations those markers point at."""

    def generate(self, question: str, analysis: Analysis, evidence: list[Evidence]) -> tuple[str, list[Citation]]:
        ...


def _statement(quote: str, n: int) -> str:
    """A Markdown bullet for a quote; a quoted list keeps its items as nested bullets."""
    first, *items = [line.strip() for line in quote.splitlines() if line.strip()]
    nested = "".join(f"\n  {item}" for item in items)
    return f"- {' '.join(first.split())}{nested} [{n}]"


def with_list(s: Sentence) -> Sentence:
    """A sentence that introduces a list (it ends with a colon, or ends the paragraph the list
    follows) is quoted together with the list items after it."""
    text = s.chunk.text
    lead_in = text[s.start:s.end].rstrip().endswith((":", "：")) or _LIST_AFTER.match(text, s.end)
    if not lead_in:
        return s
    end = s.end
    for m in _LIST_ITEM.finditer(text, s.end):
        if text[end:m.start()].strip():
            break
        end = m.end()
    return replace(s, end=end)


class ExtractiveGenerator:
    """Selects the guidance sentences that best answer the question, grouped by topic; no language model."""

    # Cosine similarities of e5 vectors crowd into 0.75-0.92; only the part above the floor informs.
    SEMANTIC_FLOOR = 0.78
    SEMANTIC_WEIGHT = 6.0

    def __init__(self, analyzer: Analyzer, index: Index, query_vector: Callable[[str], np.ndarray],
                 per_service: int = 5) -> None:
        self.analyzer = analyzer
        self.index = index
        self.docs = {d["doc_id"]: d for d in index.docs}
        self.query_vector = query_vector
        self.per_service = per_service

    def score(self, question_tokens: set[str], topics: list[str], chunk: Chunk, rank: int,
              start: int, end: int, similarity: float | None, section_fits: bool) -> Sentence:
        text = chunk.text[start:end]
        tokens = set(tokenize(text))
        overlap = len(question_tokens & tokens) / max(1, len(question_tokens))
        sentence_topics = self.analyzer.topics_of(text)
        topic = sentence_topics[0] if sentence_topics else "other"
        score = overlap
        if similarity is not None:
            # Cross-lingual questions share few words with the passage; meaning still matches.
            score += max(0.0, similarity - self.SEMANTIC_FLOOR) * self.SEMANTIC_WEIGHT
        if topics and set(topics) & set(sentence_topics):
            score += 0.6 if topics[0] in sentence_topics else 0.4
        if section_fits:
            score += 0.3  # the subsection devoted to what is asked ("Encryption in transit", "Audit")
        if _REQUIREMENT.search(text):
            score += 0.25
        if _REFERENCE.search(text):
            score -= 0.4
        score /= 1.0 + 0.15 * rank
        return Sentence(chunk, start, end, topic, score)

    def select(self, question: str, analysis: Analysis, hits: list[Hit], limit: int) -> list[Sentence]:
        qtokens = set(tokenize(question))
        qvec = self.query_vector(question).reshape(-1)
        scored = []
        for rank, h in enumerate(hits):
            rows, vectors = self.index.chunk_sentences(self.index.position[h.chunk.chunk_id])
            sims = None if vectors is None else vectors.astype(np.float32) @ qvec
            fits = bool(set(analysis.topics) & set(self._section_topics(h.chunk.section_id)))
            for k, (_, s, e) in enumerate(rows):
                if self.analyzer.catalog.resolve(h.chunk.text[s:e]) is not None:
                    continue  # a bare service name (a heading-like line) says nothing
                similarity = None if sims is None else float(sims[k])
                scored.append(self.score(qtokens, analysis.topics, h.chunk, rank, int(s), int(e), similarity, fits))
        if not scored:
            return []
        ranked = sorted(scored, key=lambda s: -s.score)
        chosen = [with_list(s) for s in ranked[:limit] if s.score >= 0.15] or [with_list(ranked[0])]
        # A list quoted with its lead-in also covers its own items, which need no second citation.
        covered = [(s.chunk.chunk_id, s.start, s.end) for s in chosen]
        chosen = [s for s in chosen if not any(c == s.chunk.chunk_id and a <= s.start and s.end <= b and (a, b) !=
                                               (s.start, s.end) for c, a, b in covered)]
        # Topic groups in order of their best sentence, so the answer opens with what fits best.
        best: dict[str, float] = {}
        for s in chosen:
            best[s.topic] = max(best.get(s.topic, s.score), s.score)
        return sorted(chosen, key=lambda s: (-best[s.topic], s.topic, s.chunk.start + s.start))

    def _section_topics(self, section_id: str | None) -> list[str]:
        entry = self.analyzer.catalog.get(section_id) if section_id else None
        if entry is None or entry.kind != "subsection":
            return []
        return self.analyzer.topics_of(entry.name("en"))

    def generate(self, question: str, analysis: Analysis, evidence: list[Evidence]) -> tuple[str, list[Citation]]:
        lang = analysis.lang
        limit = self.per_service if len(evidence) == 1 else max(2, self.per_service - 1)
        blocks: list[str] = []
        citations: list[Citation] = []
        seen: dict[tuple[str, int, int], int] = {}
        archived: dict[str, str] = {}
        for ev in evidence:
            chosen = self.select(question, analysis, ev.hits, ev.limit or limit)
            if not chosen:
                continue
            doc = self.docs.get(chosen[0].chunk.doc_id, {})
            name = self._service_name(ev.service, lang) if ev.service else chosen[0].chunk.section
            edition = str(doc.get("meta", {}).get("edition") or chosen[0].chunk.lang)
            source = phrase(lang, "source_edition", title=chosen[0].chunk.title, edition=edition)
            lines = [phrase(lang, "intro", service=name, source=source)]
            current_topic = None
            for s in chosen:
                if s.topic != current_topic:
                    current_topic = s.topic
                    lines.append(f"\n**{self.analyzer.topic(s.topic).label(lang)}**")
                key = (s.chunk.chunk_id, s.start, s.end)
                if key not in seen:
                    seen[key] = len(citations) + 1
                    citations.append(self.cite(seen[key], s))
                    if citations[-1].archived:
                        archived[s.chunk.title] = str(doc.get("meta", {}).get("published", ""))[:4]
                lines.append(_statement(s.text, seen[key]))
            blocks.append("\n".join(lines))
        notes = [phrase(lang, "archived", title=t, year=y or "?") for t, y in archived.items()]
        if lang == "en" and any(c.lang != "en" for c in citations):
            notes.append(phrase(lang, "quoted_from"))
        return "\n\n".join(blocks + notes), citations

    def _service_name(self, service: Service, lang: str) -> str:
        parent = self.analyzer.catalog.get(service.parent) if service.parent else None
        return f"{parent.name(lang)} > {service.name(lang)}" if parent else service.name(lang)

    def cite(self, n: int, s: Sentence) -> Citation:
        chunk = s.chunk
        meta = self.docs.get(chunk.doc_id, {}).get("meta", {})
        line_start = line_end = None
        if chunk.line_start is not None:
            line_start = chunk.line_start + chunk.text.count("\n", 0, s.start)
            line_end = chunk.line_start + chunk.text.count("\n", 0, s.end)
        archived = bool(meta.get("archived"))
        note = f"archived {meta.get('published')} paper; may be out of date" if archived else None
        return Citation(n=n, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, title=chunk.title, lang=chunk.lang,
                        section=chunk.section, service_id=chunk.service_id, quote=s.text,
                        page=chunk.page, line_start=line_start, line_end=line_end, section_id=chunk.section_id,
                        archived=archived, note=note)
