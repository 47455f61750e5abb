"""LangChain retriever over the hybrid search; Documents exist only at this boundary."""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from kb.records import Chunk, Hit
from kb.search import Searcher


def hit_to_document(hit: Hit) -> Document:
    meta = hit.chunk.to_json()
    text = meta.pop("text")
    meta.update(score=hit.score, rank=hit.rank, dense_rank=hit.dense_rank, keyword_rank=hit.keyword_rank,
                dense_score=hit.dense_score)
    return Document(page_content=text, metadata=meta, id=hit.chunk.chunk_id)


def document_to_hit(doc: Document) -> Hit:
    meta = dict(doc.metadata)
    extra = {k: meta.pop(k) for k in ("score", "rank", "dense_rank", "keyword_rank", "dense_score")}
    return Hit(chunk=Chunk(text=doc.page_content, **meta), **extra)


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval fused by RRF, optionally restricted to catalog services."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Searcher
    k: int = 6
    service_ids: list[str] = []

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs: Any) -> list[Document]:
        catalog = self.searcher.catalog
        services = [s for sid in self.service_ids if (s := catalog.get(sid)) is not None]
        hits = self.searcher.search(query, k=kwargs.get("k", self.k), services=services)
        return [hit_to_document(h) for h in hits]
