"""The systems an eval run compares: ours and three baselines, all answering in the `ask` JSON shape."""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kb.core import KnowledgeBase
from kb.records import Chunk


class System(Protocol):
    name: str

    def answer(self, question: str, context: list[str] | None = None) -> dict[str, Any]: ...

    def retrieve(self, question: str, k: int = 10) -> list[tuple[str | None, str | None]]: ...


class FullSystem:
    """HIPAA Guide itself: requirement records per facet, whole sentences where none applies."""

    name = "full"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def answer(self, question: str, context: list[str] | None = None) -> dict[str, Any]:
        """`context`: the previous question's services, as the chat passes them to a follow-up."""
        return self.kb.ask(question, services=context or None, generate=False).to_json()

    def retrieve(self, question: str, k: int = 10) -> list[tuple[str | None, str | None]]:
        return [(h.chunk.service_id, h.chunk.section_id) for h in self.kb.search(question, k=k)]


class LLMSystem:
    """The full system's answer rewritten by the chat model HIPAA_GUIDE_LLM names, every sentence
    verified (kb/llm); a fallback answer is the full system's with a note. Same metrics as the others,
    plus the share of generated sentences the verifier dropped."""

    name = "llm"

    def __init__(self, kb: KnowledgeBase) -> None:
        from kb.errors import ConfigError

        self.kb = kb
        self.generator = kb.llm
        if self.generator is None:
            raise ConfigError("--systems llm needs a model: set HIPAA_GUIDE_LLM to bedrock:<model id> or "
                              "openai:<model> (see the README's Generated answers section).")

    def answer(self, question: str, context: list[str] | None = None) -> dict[str, Any]:
        return self.kb.ask(question, services=context or None, generate=True).to_json()

    def retrieve(self, question: str, k: int = 10) -> list[tuple[str | None, str | None]]:
        return [(h.chunk.service_id, h.chunk.section_id) for h in self.kb.search(question, k=k)]


def _top_chunks_answer(question: str, chunks: list[Chunk], started: float) -> dict[str, Any]:
    """A baseline's answer: the top chunks themselves, each quoted whole and cited; never refuses."""
    citations = [{"n": n, "chunk_id": c.chunk_id, "doc_id": c.doc_id, "title": c.title, "lang": c.lang,
                  "section": c.section, "service_id": c.service_id, "section_id": c.section_id, "quote": c.text,
                  "page": c.page, "line_start": c.line_start, "line_end": c.line_end}
                 for n, c in enumerate(chunks, 1)]
    text = "\n\n".join(f"{c['quote']} [{c['n']}]" for c in citations)
    return {"question": question, "abstained": not citations, "answer": text, "citations": citations,
            "latency_ms": (time.perf_counter() - started) * 1000}


class RankingBaseline:
    """Keyword-only or dense-only retrieval over our chunks, top-3 chunks as the answer."""

    def __init__(self, kb: KnowledgeBase, mode: str) -> None:
        self.kb = kb
        self.name = mode
        self._rank = kb.searcher.keyword_ranking if mode == "keyword" else kb.searcher.dense_ranking

    def _ids(self, question: str, k: int) -> list[int]:
        return [i for i, _ in self._rank(question, None, k)]

    def answer(self, question: str, context: list[str] | None = None) -> dict[str, Any]:
        started = time.perf_counter()
        chunks = [self.kb.index.chunks[i] for i in self._ids(question, 3)]
        return _top_chunks_answer(question, chunks, started)

    def retrieve(self, question: str, k: int = 10) -> list[tuple[str | None, str | None]]:
        chunks = [self.kb.index.chunks[i] for i in self._ids(question, k)]
        return [(c.service_id, c.section_id) for c in chunks]


class LangChainBaseline:
    """The plain recipe: RecursiveCharacterTextSplitter(1000, 200) over the raw documents, FAISS over
    the same embedder, top-3 chunks. Its chunks get the service of the section they start in."""

    name = "langchain"

    def __init__(self, kb: KnowledgeBase, cache_dir: Path) -> None:
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self.kb = kb
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
        self.chunks: list[Chunk] = []
        for doc in kb.index.docs:
            text = kb.index.texts[doc["doc_id"]]
            ours = sorted((c for c in kb.index.chunks if c.doc_id == doc["doc_id"]), key=lambda c: c.start)
            for piece in splitter.create_documents([text]):
                start = piece.metadata["start_index"]
                owner = next((c for c in reversed(ours) if c.start <= start), ours[0] if ours else None)
                self.chunks.append(Chunk(
                    chunk_id=f"lc:{doc['doc_id']}:{start}", doc_id=doc["doc_id"], title=doc["title"], lang=doc["lang"],
                    section=owner.section if owner else "", service_id=owner.service_id if owner else "general",
                    section_id=owner.section_id if owner else None, start=start, end=start + len(piece.page_content),
                    line_start=None, line_end=None, page=None, page_end=None, text=piece.page_content))
        embedder = re.sub(r"[^\w.-]+", "_", kb.embedder.name)
        cache = cache_dir / f"langchain-{kb.index.manifest.get('corpus_hash', 'x')[:12]}-{embedder}.npy"
        cache.parent.mkdir(parents=True, exist_ok=True)
        if cache.exists() and len(np.load(cache)) == len(self.chunks):
            vectors = np.load(cache)
        else:
            vectors = kb.embedder.embed_passages([c.text for c in self.chunks], progress=True)
            np.save(cache, vectors)
        self.faiss = faiss.IndexFlatIP(vectors.shape[1])
        self.faiss.add(vectors)

    def _top(self, question: str, k: int) -> list[Chunk]:
        q = self.kb.embedder.embed_query_array(question).reshape(1, -1)
        _, ids = self.faiss.search(q, k)
        return [self.chunks[i] for i in ids[0] if i >= 0]

    def answer(self, question: str, context: list[str] | None = None) -> dict[str, Any]:
        started = time.perf_counter()
        return _top_chunks_answer(question, self._top(question, 3), started)

    def retrieve(self, question: str, k: int = 10) -> list[tuple[str | None, str | None]]:
        return [(c.service_id, c.section_id) for c in self._top(question, k)]
