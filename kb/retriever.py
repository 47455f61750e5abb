"""LangChain retriever over the hybrid search; LangChain Documents exist only at this boundary.

    retriever = KnowledgeBase().retriever(k=4, services=["S3"])
    docs = retriever.invoke("버킷 암호화")             # list[langchain_core.documents.Document]

Each Document's page_content is the chunk's verbatim text; its metadata (METADATA_KEYS) carries the
catalog and citation facts: chunk_id, doc_id, title, lang, section, service_id, service_name,
section_id, start/end (character span in the source text), line_start/line_end, page/page_end, and
the ranking: rank, score (fusion), dense_rank, keyword_rank, dense_score (cosine).
"""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from kb.records import Chunk, Hit
from kb.search import Searcher

_RANKING = ("score", "rank", "dense_rank", "keyword_rank", "dense_score")
_CHUNK_FIELDS = tuple(f for f in Chunk.__dataclass_fields__ if f != "text")
METADATA_KEYS = (*_CHUNK_FIELDS, "service_name", *_RANKING)


def hit_to_document(hit: Hit, service_name: str | None = None) -> Document:
    """A search hit as a Document: verbatim text, chunk facts, catalog name and ranking as metadata."""
    meta = hit.chunk.to_json()
    text = meta.pop("text")
    meta.update(service_name=service_name, score=hit.score, rank=hit.rank, dense_rank=hit.dense_rank,
                keyword_rank=hit.keyword_rank, dense_score=hit.dense_score)
    return Document(page_content=text, metadata=meta, id=hit.chunk.chunk_id)


def document_to_hit(doc: Document) -> Hit:
    """Back from a Document this retriever returned (other metadata keys are ignored)."""
    meta = doc.metadata
    chunk = Chunk(text=doc.page_content, **{k: meta[k] for k in _CHUNK_FIELDS})
    return Hit(chunk=chunk, **{k: meta.get(k) for k in _RANKING})


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval fused by RRF (kb/search.py), optionally restricted to catalog services.

    k            Documents returned (a per-call `k=` keyword overrides it)
    service_ids  catalog ids to restrict to (their subsections included); empty: the whole index
    lang         the language service names are given in ("en", "ko", "zh")
    Raises QueryError for an empty or over-long query (from kb/search.py).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Searcher
    k: int = 6
    service_ids: list[str] = []
    lang: str = "en"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs: Any) -> list[Document]:
        catalog = self.searcher.catalog
        services = [s for sid in self.service_ids if (s := catalog.get(sid)) is not None]
        hits = self.searcher.search(query, k=kwargs.get("k", self.k), services=services)
        return [hit_to_document(h, self._name(h.chunk)) for h in hits]

    def _name(self, chunk: Chunk) -> str | None:
        entry = self.searcher.catalog.get(chunk.section_id or chunk.service_id)
        return entry.name(self.lang) if entry is not None else None
