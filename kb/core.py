"""KnowledgeBase: the one API the CLI and the front ends call (index, catalog and models loaded once).

It offers everything a front end needs: build the index (`ingest`), answer (`ask`, `ask_stream`), search,
the catalog and the documents to browse, cited requirement records (`cite`) and the design review
(`review`). The web app and the Slack bot (app/) import this module (`Section` and `MAX_QUERY_CHARS` are
exported here for them), the core's records and text helpers and kb.review's report writers, nothing else
of kb (the contracts in pyproject.toml, [tool.importlinter]).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.analysis import Analyzer
from kb.calibration import Calibration, effective
from kb.catalog import Catalog, Section
from kb.chain import AnswerChain, Thresholds
from kb.citation_format import DocumentInfo
from kb.compose import Composer
from kb.config import DATA_DIR, Settings
from kb.details import Details
from kb.embeddings import ArrayEmbeddings, embedder_name, get_embedder, limit_blas_threads
from kb.equivalents import Equivalents
from kb.errors import QueryError
from kb.facets import Planner
from kb.index import Index, tokenizer_version
from kb.lang import detect_lang
from kb.lazy import SHARED, files_digest, once
from kb.phrases import phrase
from kb.records import Answer, Chunk, Context, Hit
from kb.relevance import Relevance
from kb.requirements import RequirementCatalog
from kb.search import MAX_QUERY_CHARS, Searcher
from kb.wording import Wording

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport
    from kb.analysis import Analysis
    from kb.cite import CiteResult, Guidance
    from kb.llm.generator import LLMGenerator
    from kb.retriever import HybridRetriever
    from kb.review import Report, Reviewer

__all__ = ["MAX_QUERY_CHARS", "KnowledgeBase", "Section"]

# What reads the index: dropped after an ingest that wrote a new one, so the next call opens it.
_INDEX_VIEWS = ("_index_key", "index", "searcher", "chain", "_documents", "guidance", "reviewer")


class KnowledgeBase:
    """Lazily opens what each call needs: listing services never loads the index or a model.

    Thread safety: one KnowledgeBase serves every thread of a process (the Streamlit sessions share one
    through st.cache_resource, the Slack bot's workers share one). Each part (catalog, index, embedder,
    requirement records, answer chain, generator) is built once, under a lock, by the first call that
    needs it (kb/lazy.py) and is read-only afterwards; knowledge bases of one process opened on the same data
    files and index share their catalog, analyzer, requirement records, index and answer chain (kb/lazy.py
    SHARED: built once per process, about 4 s); ask, ask_stream, search, cite and review keep
    their state in local variables. The embedder and the index's FAISS search are called concurrently,
    which both support for reads. tests/test_threads.py asks from many threads at once. `ingest` is the
    exception: it swaps the index under the other threads' feet, so run it from one thread with no asks
    in flight (the CLI and the app's "rebuild" do).
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()

    @once
    def _data_key(self) -> tuple[str, str]:
        """What the parts read from data files are shared by (kb/lazy.py SHARED): the digest of the data folder
        and of the shipped one (Settings.data_file falls back to it)."""
        return ("data", files_digest(*dict.fromkeys((self.settings.data_dir, DATA_DIR))))

    @once
    def _index_key(self) -> tuple[Any, ...]:
        """What the parts read from the index are shared by: the settings, the data files and the index's manifest
        (a new generation each time an index is written)."""
        manifest = self.settings.index_dir / "manifest.json"
        if not manifest.is_file():  # (none yet, or a swap to finish: Index.load reports or restores; shared by none)
            return ("index", object())
        return ("index", self.settings, self._data_key, files_digest(manifest))

    def _shared(self, key: tuple[Any, ...], name: str, build: Callable[[], Any]) -> Any:
        return SHARED.get((*key, name), build)

    @once
    def catalog(self) -> Catalog:
        return self._shared(self._data_key, "catalog", lambda: Catalog.load(self.settings.catalog_path))

    @once
    def embedder(self) -> ArrayEmbeddings:
        return get_embedder(self.settings.embedder, self.settings.embed_batch_size)

    @once
    def index(self) -> Index:
        return self._shared(self._index_key, "index", self._load_index)

    def _load_index(self) -> Index:
        # The manifest check only needs the embedder's name; loading the model can wait.
        index = Index.load(self.settings.index_dir, embedder={"name": embedder_name(self.settings.embedder)},
                           chunking=self.settings.chunking())
        limit_blas_threads(self.settings.blas_threads)  # numpy and faiss are loaded by now
        return index

    @once
    def searcher(self) -> Searcher:
        return self._shared(self._index_key, "searcher", lambda: Searcher(
            self.index, self.embedder, self.catalog, rrf_k=self.settings.rrf_k,
            candidates=self.settings.search_candidates))

    @once
    def analyzer(self) -> Analyzer:
        return self._shared(self._data_key, "analyzer", lambda: Analyzer.load(self.catalog, self.settings))

    @once
    def requirements(self) -> RequirementCatalog:
        """The requirement records (data/requirements/), sections checked against the catalog."""
        folder = self.settings.requirements_dir
        if not folder.is_dir():
            return RequirementCatalog([])
        return self._shared(self._data_key, "requirements", lambda: RequirementCatalog.load(
            folder, sections={s.id for s in self.catalog}))

    @once
    def wording(self) -> Wording:
        return self._shared(self._data_key, "wording", lambda: Wording.load(self.settings.data_file("guidance.yaml")))

    @once
    def calibration(self) -> Calibration:
        """The refusal thresholds in force: the index's stored calibration for its embedder, each
        HIPAA_GUIDE_* threshold setting overriding it (kb/calibration.py)."""
        s = self.settings
        return effective(self.index.manifest, {"min_score": s.min_score, "min_keyword": s.min_keyword,
                                               "unanchored_score": s.unanchored_score,
                                               "closest_score": s.closest_score})

    @once
    def chain(self) -> AnswerChain:
        return self._shared(self._index_key, "chain", self._build_chain)

    def _build_chain(self) -> AnswerChain:
        c = self.calibration
        thresholds = Thresholds(min_dense=c.min_score, min_keyword=c.min_keyword, min_closest=c.closest_score,
                                min_unanchored=c.unanchored_score)
        relevance = Relevance(self.index, Equivalents.load(self.settings.data_file("equivalents.yaml")))
        planner = Planner(self.catalog, self.analyzer, self.requirements, relevance, self.wording)
        composer = Composer(self.catalog, self.analyzer, self.index, self.wording, relevance, self.requirements)
        return AnswerChain(self.searcher, self.analyzer, planner, composer, self.wording, thresholds,
                           english_edition=self.settings.english_edition,
                           details=Details.load(self.settings.data_file("details.yaml"), tuple(
                               w for s in self.catalog if s.kind == "service"
                               for label in s.names.values() for w in label.split()  # not aliases: KMS's
                               # "GenerateDataKey" routes a question to KMS, and is an API name
                               if re.fullmatch(r"[A-Za-z][a-z]+[A-Z]\w*", w))))  # "CloudTrail", not "Edition"

    def ask(self, question: str, services: list[str] | None = None, prefer_lang: str | None = None,
            context: Context | None = None, generate: bool | None = None) -> Answer:
        """A cited answer, or a refusal when the corpus does not cover the question. `services`
        apply when the question names none (a UI filter; a family name such as "rds" stands for its
        members); `prefer_lang` ("ko"/"zh") picks the edition quoted; `context`
        (`Context.after(previous answer)`) makes a follow-up keep the conversation's services, edition
        and, for a question with no words of its own language ("KMS?"), language.
        `generate`: write the answer with the chat model of HIPAA_GUIDE_LLM, every sentence verified
        against its quotes (default: when one is configured); False: the deterministic answer.
        Thread-safe: one KnowledgeBase serves every Streamlit session and Slack worker."""
        answer = self._deterministic(question, services, prefer_lang, context)
        if generate is False or (generate is None and self.settings.llm == "none"):
            return answer
        from kb.llm.answer import generated_answer

        return generated_answer(answer.restated or question, answer, self.llm, statements=self._statements(answer))

    def ask_stream(self, question: str, services: list[str] | None = None, prefer_lang: str | None = None,
                   context: Context | None = None) -> Iterator[str | Answer]:
        """As `ask`, streamed: the draft's tokens as the chat model writes them (none without a model),
        then the final Answer (verified, or the deterministic one with a note on why)."""
        answer = self._deterministic(question, services, prefer_lang, context)
        if self.settings.llm == "none" or answer.abstained:
            yield answer
            return
        from kb.llm.answer import stream_generated_answer

        yield from stream_generated_answer(answer.restated or question, answer, self.llm,
                                           statements=self._statements(answer))  # ("why?": the question asked again)

    def _deterministic(self, question: str, services: list[str] | None, prefer_lang: str | None,
                       context: Context | None) -> Answer:
        context = context or Context()
        names = list(services or []) or list(context.services)
        sections = [m for s in names for m in (self.catalog.family_members(s) or [self.resolve_service(s)])]
        again = self.analyzer.restates(question, detect_lang(question)) if context.question else None
        if again is not None:  # "why?", "중국어 문서에서는?": the conversation's last question, asked again (in the
            # edition asked for), and said so; what it answered is what the next follow-up asks again
            edition = again if again in ("ko", "zh") else None
            answer = self.chain.ask(context.question, sections, prefer_lang or edition or context.edition,
                                    context.lang, context.topics, context.ask, context.responsibility, context.does)
            lang = context.lang or answer.lang
            note = phrase(lang, "restated_edition" if edition else f"restated_{again}", question=context.question,
                          language=phrase(lang, f"lang_{edition}") if edition else "")
            answer.question, answer.restated, answer.lang = question, context.question, lang
            answer.answer = f"{answer.answer}\n\n{note}"
            return answer
        return self.chain.ask(question, sections, prefer_lang or context.edition, context.lang, context.topics,
                              context.ask, context.responsibility, context.does, context.question, context.records)

    def _statements(self, answer: Answer) -> dict[int, str]:
        """Citation number -> the team's statement its quote is evidence of, in the answer's language
        (what the chat model is told the quote supports)."""
        out = {}
        for c in answer.citations:
            records = [r for rid in c.records if (r := self.requirements.get(rid)) is not None]
            if records:
                out[c.n] = " / ".join(r.says(answer.lang) for r in records)
        return out

    # -- the index ------------------------------------------------------------------------------------

    def has_index(self) -> bool:
        """Whether an index exists in the configured folder (it may still be one built with other settings)."""
        return (self.settings.index_dir / "manifest.json").is_file()

    def status(self) -> dict[str, Any]:
        """What the index holds and the thresholds in force: {"index": folder, "created", "embedder",
        "documents", "chunks", "spans", "statements", "tokenizer", "splitter", "calibration": {min_score,
        min_keyword, unanchored_score, closest_score, tuned, source}}. Raises what `open` raises."""
        m = self.index.manifest
        return {"index": str(self.settings.index_dir), "created": m.get("created"),
                "embedder": (m.get("embedder") or {}).get("name"),
                **{k: m.get(k) for k in ("documents", "chunks", "spans", "statements")},
                "tokenizer": tokenizer_version(m),
                "splitter": (m.get("chunking") or {}).get("splitter"),
                "calibration": asdict(self.calibration)}

    def open(self) -> KnowledgeBase:
        """Load the catalog and the index now, so that a missing, broken or mismatched index is reported
        here (IndexMissingError, IndexCorruptError, IndexMismatchError) rather than in the middle of an answer."""
        self.catalog  # noqa: B018
        self.index  # noqa: B018
        return self

    def ingest(self, paths: Sequence[Path] = (), *, rebuild: bool = False, log: Callable[[str], None] = print,
               on_progress: Callable[[int, int], None] | None = None, wait: bool = True) -> IngestReport:
        """Build or update the index from the corpus, the documents ingested before and `paths` (`kb ingest`;
        see ingest.pipeline.ingest; `wait`: False refuses while another ingest writes the index instead of
        waiting for it). When a new index is written, the next call of this object opens it:
        do not ingest while other threads ask through the same object."""
        from ingest.pipeline import ingest

        report = ingest(self.settings, list(paths), rebuild=rebuild, log=log, on_progress=on_progress, wait=wait)
        if report.written:
            with self.__dict__.setdefault("_build_lock", threading.RLock()):
                for name in _INDEX_VIEWS:
                    self.__dict__.pop(name, None)
        return report

    # -- the catalog ----------------------------------------------------------------------------------

    def services(self, kind: str | None = None) -> list[Section]:
        """Every catalog entry (service, subsection, general section, uncovered service), in catalog order,
        or only those of one kind."""
        return [s for s in self.catalog if kind is None or s.kind == kind]

    def whitepaper_services(self) -> list[Section]:
        """The services with a section of their own in the HIPAA whitepaper, in the paper's order."""
        return self.catalog.whitepaper_services()

    def service(self, service_id: str) -> Section | None:
        """The catalog entry with this id; None if there is none (`resolve_service` also takes names)."""
        return self.catalog.get(service_id)

    def subsections(self, service_id: str) -> list[Section]:
        """The catalog entries directly under one (ElastiCache's encryption and authentication...)."""
        return self.catalog.children(service_id)

    def resolve_service(self, name: str) -> Section:
        """The catalog entry of an id, a name in any of the three languages or an alias; CatalogError
        (with suggestions) if none."""
        return self.catalog.require(name)

    def analyze(self, question: str) -> Analysis:
        """How a question reads before it is answered: its language, the catalog sections it names (covered
        or not), other clouds, topics and how it asks (the chat uses it to carry a follow-up's services)."""
        return self.analyzer.analyze(question)

    def topic_labels(self, lang: str = "en") -> dict[str, str]:
        """Topic id -> its label in `lang` (en, ko or zh; English where a topic has none), in topic order."""
        return {t.id: t.label(lang) for t in self.analyzer.topics}

    # -- cited requirement records and the design review --------------------------------------------------

    @once
    def guidance(self) -> Guidance:
        """Per catalog section: its requirement records with their verbatim quotes, and the review rules that
        enforce each record (`kb cite`)."""
        from kb.cite import Guidance
        from kb.review.rules import RuleSet

        rules = RuleSet.load(self.settings.data_file("review_rules.yaml")).enforcing()
        return Guidance(self, review_rules=rules)

    def cite(self, service: str, topic: str | None = None, lang: str = "en", edition: str = "all") -> CiteResult:
        """A catalog section's requirement records (and its subsections'), each quoted verbatim with stable
        span ids: statements in `lang` (en, ko, zh), quotes from `edition` (ko, zh or all). CatalogError for
        an unknown section, QueryError for an unknown topic."""
        if topic is not None and topic not in self.guidance.topic_order:
            raise QueryError(f"Unknown topic {topic!r}; use one of: {', '.join(self.guidance.topic_order)}.")
        return self.guidance.cite(service, topic=topic, lang=lang, edition=edition)

    @once
    def reviewer(self) -> Reviewer:
        """The design review: resource map, rules and passages read once, for any number of inputs."""
        from kb.review import Reviewer

        return Reviewer(self)

    def review(self, path: Path, lang: str = "auto", label: str | None = None, confine: bool = False) -> Report:
        """Review a CloudFormation/SAM/Serverless/Terraform file, a folder mixing them or a design document
        (`kb review`), quoting edition `lang` (auto, ko, zh, all). `confine`: follow no reference out of
        `path` (uploads). ReviewInputError for input that cannot be reviewed."""
        return self.reviewer.review(path, lang=lang, label=label, confine=confine)

    def retriever(self, k: int = 6, services: list[str] | None = None, lang: str = "en") -> HybridRetriever:
        """A LangChain BaseRetriever over this knowledge base's hybrid search, for users' own chains.
        `services` are catalog ids, names or aliases (CatalogError for an unknown one)."""
        from kb.retriever import HybridRetriever  # (late: LangChain's retriever module loads in about 1 s, which an
        # answer does not need)

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
