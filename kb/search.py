"""Hybrid search: dense (FAISS) and keyword (BM25) rankings fused by reciprocal rank fusion."""
from __future__ import annotations

import numpy as np

from kb.catalog import Catalog, Section
from kb.embeddings import ArrayEmbeddings
from kb.errors import QueryError
from kb.index import Index
from kb.records import Hit

MAX_QUERY_CHARS = 4000


def check_query(query: str) -> str:
    query = (query or "").strip()
    if not query:
        raise QueryError("The question is empty: type what you want to know, e.g. \"S3 버킷 암호화\".")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"The question is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
                         "Ask about one thing at a time, or use `kb review` for whole documents.")
    return query


class Searcher:
    """Ranks an index's chunks for a query, optionally restricted to catalog services."""

    def __init__(self, index: Index, embedder: ArrayEmbeddings, catalog: Catalog, *,
                 rrf_k: int = 60, candidates: int = 50) -> None:
        self.index = index
        self.embedder = embedder
        self.catalog = catalog
        self.rrf_k = rrf_k
        self.candidates = candidates
        self._last_query: tuple[str, np.ndarray] | None = None

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding; one question searched per service is embedded once."""
        if self._last_query is None or self._last_query[0] != query:
            self._last_query = (query, self.embedder.embed_query_array(query).reshape(1, -1))
        return self._last_query[1]

    def mask(self, services: list[Section]) -> np.ndarray | None:
        """Boolean mask of the chunks belonging to any of `services` (None: no restriction)."""
        if not services:
            return None
        ids: set[str] = set()
        for s in services:
            ids |= self.catalog.descendants(s.id)
        return np.array([c.section_id in ids or c.service_id in ids for c in self.index.chunks], dtype=bool)

    def dense_ranking(self, query: str, mask: np.ndarray | None, n: int) -> list[tuple[int, float]]:
        import faiss

        if len(self.index.chunks) == 0:
            return []
        q = self.query_vector(query)
        params = None
        if mask is not None:
            allowed = np.flatnonzero(mask).astype(np.int64)
            if not len(allowed):
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed))
        scores, ids = self.index.faiss.search(q, min(n, len(self.index.chunks)), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def keyword_ranking(self, query: str, mask: np.ndarray | None, n: int) -> list[tuple[int, float]]:
        assert self.index.keyword is not None
        scores = self.index.keyword.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:n]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def named_services(self, query: str) -> list[Section]:
        """Catalog services the query names by id, name or alias (longest match wins)."""
        seen: dict[str, Section] = {}
        for entry, _, _ in self.catalog.mentions(query):
            seen.setdefault(entry.id, entry)
        return list(seen.values())

    def search(self, query: str, k: int = 5, services: list[Section] | None = None) -> list[Hit]:
        """Top-k chunks. With `services`, only their chunks; otherwise chunks of services the query
        names get a third ranking in the fusion, so "S3 버킷 암호화" prefers the S3 section over
        other sections that merely mention S3."""
        query = check_query(query)
        if k <= 0:
            raise QueryError("--k must be a positive number of results.")
        mask = self.mask(services or [])
        n = max(self.candidates, k)
        rankings = [self.dense_ranking(query, mask, n), self.keyword_ranking(query, mask, n)]
        if not services:
            named = self.mask(self.named_services(query))
            if named is not None and named.any():
                rankings.append(self.dense_ranking(query, named, n))
        return fuse(self.index, rankings, k, self.rrf_k)


def fuse(index: Index, rankings: list[list[tuple[int, float]]], k: int, rrf_k: int) -> list[Hit]:
    """Reciprocal rank fusion: score = sum over rankings of 1 / (rrf_k + rank)."""
    scores: dict[int, float] = {}
    ranks = [{i: r for r, (i, _) in enumerate(ranking, 1)} for ranking in rankings]
    dense_rank, keyword_rank = ranks[0], ranks[1]
    cosine = dict(rankings[0])
    for table in ranks:
        for i, r in table.items():
            scores[i] = scores.get(i, 0.0) + 1.0 / (rrf_k + r)
    ordered = sorted(scores, key=lambda i: (-scores[i], dense_rank.get(i, 10**9)))[:k]
    return [Hit(rank=r, score=scores[i], chunk=index.chunks[i], dense_rank=dense_rank.get(i),
                keyword_rank=keyword_rank.get(i), dense_score=cosine.get(i)) for r, i in enumerate(ordered, 1)]
