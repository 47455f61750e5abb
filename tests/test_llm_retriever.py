"""KnowledgeBase.retriever(): a LangChain BaseRetriever over the hybrid search, catalog metadata on Documents."""
from __future__ import annotations

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda

from ingest.pipeline import ingest
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.errors import CatalogError, QueryError
from kb.retriever import METADATA_KEYS, document_to_hit, hit_to_document


@pytest.fixture
def kb(settings: Settings) -> KnowledgeBase:
    ingest(settings, log=lambda _: None)
    return KnowledgeBase(settings)


def test_retriever_returns_documents_with_catalog_metadata_in_search_order(kb: KnowledgeBase) -> None:
    retriever = kb.retriever(k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("Redis 전송 암호화")
    hits = kb.search("Redis 전송 암호화", k=3)
    assert [d.id for d in docs] == [h.chunk.chunk_id for h in hits]
    for doc, hit in zip(docs, hits, strict=True):
        assert isinstance(doc, Document) and set(doc.metadata) == set(METADATA_KEYS)
        assert doc.page_content == hit.chunk.text == kb.index.texts[hit.chunk.doc_id][hit.chunk.start:hit.chunk.end]
        m = doc.metadata
        assert (m["chunk_id"], m["doc_id"], m["lang"], m["section"], m["service_id"], m["section_id"],
                m["line_start"], m["line_end"], m["page"], m["title"], m["rank"]) == (
            hit.chunk.chunk_id, hit.chunk.doc_id, hit.chunk.lang, hit.chunk.section, hit.chunk.service_id,
            hit.chunk.section_id, hit.chunk.line_start, hit.chunk.line_end, hit.chunk.page, hit.chunk.title, hit.rank)
        entry = kb.catalog.get(hit.chunk.section_id or hit.chunk.service_id)
        assert m["service_name"] == (entry.name("en") if entry else None)


def test_retriever_restricted_to_a_service_named_in_any_language(kb: KnowledgeBase) -> None:
    docs = kb.retriever(k=10, services=["레디스"], lang="ko").invoke("암호화")
    assert docs and {d.metadata["service_id"] for d in docs} == {"elasticache-redis"}
    assert all(d.metadata["service_name"] for d in docs)
    assert len(kb.retriever(k=2).invoke("암호화", k=1)) == 1  # per-call k


def test_document_converts_back_to_the_same_hit(kb: KnowledgeBase) -> None:
    for hit in kb.search("S3 HTTPS", k=4):
        assert document_to_hit(hit_to_document(hit, "Amazon S3")) == hit


def test_retriever_composes_in_a_langchain_chain(kb: KnowledgeBase) -> None:
    chain = kb.retriever(k=2) | RunnableLambda(lambda docs: [d.metadata["chunk_id"] for d in docs])
    assert chain.invoke("S3 HTTPS") == [h.chunk.chunk_id for h in kb.search("S3 HTTPS", k=2)]


def test_retriever_errors(kb: KnowledgeBase) -> None:
    with pytest.raises(CatalogError):
        kb.retriever(services=["no such service"])
    with pytest.raises(QueryError):
        kb.retriever().invoke("  ")
