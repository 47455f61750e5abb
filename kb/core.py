"""KnowledgeBase: the one API the CLI and the front ends call (index, catalog and models loaded once)."""
from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from kb.analysis import Analyzer
from kb.catalog import Catalog, Service
from kb.chain import AnswerChain, Thresholds
from kb.config import Settings
from kb.embeddings import ArrayEmbeddings, embedder_name, get_embedder
from kb.generate import ExtractiveGenerator
from kb.index import Index
from kb.records import Answer, Hit
from kb.retriever import HybridRetriever
from kb.search import Searcher

if TYPE_CHECKING:
    from kb.llm.generator import LLMGenerator


class KnowledgeBase:
    """Lazily opens what each call needs: listing services never loads the index or a model."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog.load(self.settings.catalog_path)

    @cached_property
    def embedder(self) -> ArrayEmbeddings:
        return get_embedder(self.settings.embedder, self.settings.embed_batch_size)

    @cached_property
    def index(self) -> Index:
        # The manifest check only needs the embedder's name; loading the model can wait.
        return Index.load(self.settings.index_dir, embedder={"name": embedder_name(self.settings.embedder)},
                          chunking=self.settings.chunking())

    @cached_property
    def searcher(self) -> Searcher:
        return Searcher(self.index, self.embedder, self.catalog, rrf_k=self.settings.rrf_k,
                        candidates=self.settings.search_candidates)

    @cached_property
    def analyzer(self) -> Analyzer:
        return Analyzer.load(self.catalog, self.settings.data_dir)

    @cached_property
    def chain(self) -> AnswerChain:
        docs = {d["doc_id"]: d for d in self.index.docs}
        generator = ExtractiveGenerator(self.analyzer, self.index, self.searcher.query_vector)
        thresholds = Thresholds(min_dense=self.settings.min_score, min_keyword=self.settings.min_keyword,
                                min_closest=self.settings.closest_score)
        return AnswerChain(self.searcher, self.analyzer, generator, docs, thresholds)

    def ask(self, question: str, services: list[str] | None = None, prefer_lang: str | None = None) -> Answer:
        """A cited answer, or a refusal when the corpus does not cover the question. `services`
        apply when the question names none; `prefer_lang` ("ko"/"zh") picks the edition quoted."""
        return self.chain.ask(question, [self.resolve_service(s) for s in services or []], prefer_lang)

    def services(self, kind: str | None = None) -> list[Service]:
        return [s for s in self.catalog if kind is None or s.kind == kind]

    def resolve_service(self, name: str) -> Service:
        return self.catalog.require(name)

    def retriever(self, k: int = 6, services: list[str] | None = None, lang: str = "en") -> HybridRetriever:
        """A LangChain BaseRetriever over this knowledge base's hybrid search, for users' own chains.
        `services` are catalog ids, names or aliases (CatalogError for an unknown one)."""
        ids = [self.resolve_service(s).id for s in services or []]
        return HybridRetriever(searcher=self.searcher, k=k, service_ids=ids, lang=lang)

    @cached_property
    def llm(self) -> LLMGenerator | None:
        """The generated-answer writer HIPAA_GUIDE_LLM configures (None for `none`), built on first
        use; raises ConfigError when the setting or the provider's package or credentials are wrong."""
        from kb.llm.models import parse_spec

        if parse_spec(self.settings.llm) is None:
            return None
        from kb.llm.generator import LLMGenerator

        return LLMGenerator.from_settings(self.settings, lambda: self.embedder)

    def search(self, query: str, k: int = 5, service: str | None = None) -> list[Hit]:
        services = [self.resolve_service(service)] if service else []
        return self.searcher.search(query, k=k, services=services)
