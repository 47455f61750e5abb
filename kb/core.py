"""KnowledgeBase: the one API the CLI and the front ends call (index, catalog and models loaded once)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb.analysis import Analyzer
from kb.catalog import Catalog, Service
from kb.chain import AnswerChain, Thresholds
from kb.citation_format import DocumentInfo
from kb.compose import Composer
from kb.config import Settings
from kb.embeddings import ArrayEmbeddings, embedder_name, get_embedder
from kb.facets import Planner
from kb.index import Index
from kb.lazy import once
from kb.records import Answer, Chunk, Context, Hit
from kb.relevance import Relevance
from kb.requirements import RequirementCatalog
from kb.retriever import HybridRetriever
from kb.search import Searcher
from kb.wording import Wording

if TYPE_CHECKING:
    from kb.llm.generator import LLMGenerator


class KnowledgeBase:
    """Lazily opens what each call needs: listing services never loads the index or a model.

    Thread safety: one KnowledgeBase serves every thread of a process (the Streamlit sessions share one
    through st.cache_resource, the Slack bot's workers share one). Each part (catalog, index, embedder,
    requirement records, answer chain, generator) is built once, under a lock, by the first call that
    needs it (kb/lazy.py) and is read-only afterwards; ask, ask_stream, search, cite and review keep
    their state in local variables. The embedder and the index's FAISS search are called concurrently,
    which both support for reads. tests/test_threads.py asks from many threads at once.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()

    @once
    def catalog(self) -> Catalog:
        return Catalog.load(self.settings.catalog_path)

    @once
    def embedder(self) -> ArrayEmbeddings:
        return get_embedder(self.settings.embedder, self.settings.embed_batch_size)

    @once
    def index(self) -> Index:
        # The manifest check only needs the embedder's name; loading the model can wait.
        return Index.load(self.settings.index_dir, embedder={"name": embedder_name(self.settings.embedder)},
                          chunking=self.settings.chunking())

    @once
    def searcher(self) -> Searcher:
        return Searcher(self.index, self.embedder, self.catalog, rrf_k=self.settings.rrf_k,
                        candidates=self.settings.search_candidates)

    @once
    def analyzer(self) -> Analyzer:
        return Analyzer.load(self.catalog, self.settings)

    @once
    def requirements(self) -> RequirementCatalog:
        """The requirement records (data/requirements/), sections checked against the catalog."""
        folder = self.settings.requirements_dir
        if not folder.is_dir():
            return RequirementCatalog([])
        return RequirementCatalog.load(folder, sections={s.id for s in self.catalog})

    @once
    def wording(self) -> Wording:
        return Wording.load(self.settings.data_file("guidance.yaml"))

    @once
    def chain(self) -> AnswerChain:
        thresholds = Thresholds(min_dense=self.settings.min_score, min_keyword=self.settings.min_keyword,
                                min_closest=self.settings.closest_score,
                                min_unanchored=self.settings.unanchored_score)
        relevance = Relevance(self.index)
        planner = Planner(self.catalog, self.analyzer, self.requirements, relevance, self.wording)
        composer = Composer(self.catalog, self.analyzer, self.index, self.wording, relevance)
        return AnswerChain(self.searcher, self.analyzer, planner, composer, self.wording, thresholds,
                           english_edition=self.settings.english_edition)

    def ask(self, question: str, services: list[str] | None = None, prefer_lang: str | None = None,
            context: Context | None = None, generate: bool | None = None) -> Answer:
        """A cited answer, or a refusal when the corpus does not cover the question. `services`
        apply when the question names none (a UI filter); `prefer_lang` ("ko"/"zh") picks the edition
        quoted; `context` (`Context.after(previous answer)`) makes a follow-up keep the conversation's
        services, edition and, for a question with no words of its own language ("KMS?"), language.
        `generate`: write the answer with the chat model of HIPAA_GUIDE_LLM, every sentence verified
        against its quotes (default: when one is configured); False: the deterministic answer.
        Thread-safe: one KnowledgeBase serves every Streamlit session and Slack worker."""
        answer = self._deterministic(question, services, prefer_lang, context)
        if generate is False or (generate is None and self.settings.llm == "none"):
            return answer
        from kb.llm.answer import generated_answer

        return generated_answer(question, answer, self.llm, statements=self._statements(answer))

    def ask_stream(self, question: str, services: list[str] | None = None, prefer_lang: str | None = None,
                   context: Context | None = None) -> Iterator[str | Answer]:
        """As `ask`, streamed: the draft's tokens as the chat model writes them (none without a model),
        then the final Answer (verified, or the deterministic one with a note on why)."""
        answer = self._deterministic(question, services, prefer_lang, context)
        if self.settings.llm == "none" or answer.abstained:
            yield answer
            return
        from kb.llm.answer import stream_generated_answer

        yield from stream_generated_answer(question, answer, self.llm, statements=self._statements(answer))

    def _deterministic(self, question: str, services: list[str] | None, prefer_lang: str | None,
                       context: Context | None) -> Answer:
        context = context or Context()
        names = list(services or []) or list(context.services)
        return self.chain.ask(question, [self.resolve_service(s) for s in names], prefer_lang or context.edition,
                              context.lang)

    def _statements(self, answer: Answer) -> dict[int, str]:
        """Citation number -> the team's statement its quote is evidence of, in the answer's language
        (what the chat model is told the quote supports)."""
        out = {}
        for c in answer.citations:
            records = [r for rid in c.records if (r := self.requirements.get(rid)) is not None]
            if records:
                out[c.n] = " / ".join(r.says(answer.lang) for r in records)
        return out

    def services(self, kind: str | None = None) -> list[Service]:
        return [s for s in self.catalog if kind is None or s.kind == kind]

    def resolve_service(self, name: str) -> Service:
        return self.catalog.require(name)

    def retriever(self, k: int = 6, services: list[str] | None = None, lang: str = "en") -> HybridRetriever:
        """A LangChain BaseRetriever over this knowledge base's hybrid search, for users' own chains.
        `services` are catalog ids, names or aliases (CatalogError for an unknown one)."""
        ids = [self.resolve_service(s).id for s in services or []]
        return HybridRetriever(searcher=self.searcher, k=k, service_ids=ids, lang=lang)

    @once
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

    # -- what front ends show around an answer (read-only views of the index) ---------------------------

    @once
    def _documents(self) -> dict[str, DocumentInfo]:
        return {d["doc_id"]: DocumentInfo.from_index(d) for d in self.index.docs}

    def document(self, doc_id: str) -> DocumentInfo | None:
        """Title (per language), edition, date, official URL of an indexed document; None if unknown."""
        return self._documents.get(doc_id)

    def documents(self) -> list[DocumentInfo]:
        """Every indexed document, in index order."""
        return list(self._documents.values())

    def chunk(self, chunk_id: str) -> Chunk | None:
        """The passage a citation points into (its whole text, for highlighting the quote); None if unknown."""
        position = self.index.position.get(chunk_id)
        return None if position is None else self.index.chunks[position]

    def chunks(self, doc_id: str, *, service_id: str | None = None, section_id: str | None = None) -> list[Chunk]:
        """One document's passages in reading order, optionally only a service's (with its subsections)
        or one exact catalog section's."""
        out = [c for c in self.index.chunks if c.doc_id == doc_id
               and (service_id is None or c.service_id == service_id)
               and (section_id is None or c.section_id == section_id)]
        return sorted(out, key=lambda c: c.start)
