"""Shared pieces of the LLM tests: sources with English quotes, a hash embedder, an Answer to rewrite."""
from __future__ import annotations

import numpy as np

from kb.llm.sources import Source
from kb.records import Answer, Citation, SectionRef
from tests.conftest import FakeEmbeddings

QUOTES = {
    1: "Connections to Amazon S3 containing PHI must use endpoints that accept encrypted transport (HTTPS).",
    2: "Connections to Amazon RDS for PostgreSQL must be encrypted with TLS 1.2 on port 5432.",
    3: "Amazon Redshift uses a four-tier, key-based hierarchy for encryption.",
}
SOURCES = [Source(n, "passage", "en", f"Section {n}", q, title="Whitepaper") for n, q in QUOTES.items()]


def hash_embed(texts: list[str]) -> np.ndarray:
    """Token-hash vectors (tests/conftest.py's FakeEmbeddings), L2-normalised: a sentence that reuses
    most words of a quote scores above the 0.85 floor, an unrelated one far below it."""
    return FakeEmbeddings().embed_passages(texts)


def citation(n: int, quote: str, lang: str = "en", archived: bool = False) -> Citation:
    return Citation(n=n, chunk_id=f"doc:{n}", doc_id="doc", title="Whitepaper", lang=lang, section=f"Section {n}",
                    service_id="s3", quote=quote, page=None, line_start=n, line_end=n, archived=archived,
                    note="archived 2016-08 paper; may be out of date" if archived else None)


def extractive_answer(question: str = "How do I protect S3, RDS and Redshift?") -> Answer:
    """A deterministic answer over QUOTES, as AnswerChain would return it."""
    cits = [citation(n, q) for n, q in QUOTES.items()]
    text = "\n".join(f"- {q} [{n}]" for n, q in QUOTES.items())
    return Answer(question=question, lang="en", abstained=False, answer=text,
                  services=[SectionRef("s3", "Amazon S3")], citations=cits, topics=["encryption-in-transit"],
                  latency_ms=12.0)
