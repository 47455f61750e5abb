"""The saved index: one folder with FAISS vectors, BM25, chunks as JSON lines and manifest.json."""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kb.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from kb.index_swap import WriterLock, reading_folder, swap_in, sync_tree, tmp_prefix
from kb.keyword import TOKENIZER_VERSION, KeywordIndex, tokenize
from kb.records import Chunk
from kb.spans import Span

FORMAT = 2
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
DOCS = "documents.jsonl"
VECTORS = "vectors.faiss"
SPANS = "spans.jsonl"
SPAN_VECTORS = "span_vectors.npy"
STATEMENTS = "statements.json"
STATEMENT_VECTORS = "statement_vectors.npy"
KEYWORD = "bm25"
TEXTS = "texts"


def passage_text(chunk: Chunk) -> str:
    """What gets embedded and keyword-indexed: the section path gives the service context."""
    return f"{chunk.section}\n{chunk.text}"


def corpus_hash(docs: list[dict[str, Any]]) -> str:
    digest = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d["doc_id"]):
        digest.update(f"{doc['doc_id']}:{doc['sha256']}\n".encode())
    return digest.hexdigest()


@dataclass
class Index:
    """Chunks with their vectors and keyword index, plus the documents they came from."""

    chunks: list[Chunk]
    vectors: np.ndarray  # float32 (n, dim), L2-normalised rows, aligned with chunks
    docs: list[dict[str, Any]]  # SourceDoc.describe() of each document, in ingest order
    texts: dict[str, str]  # doc_id -> the text chunk spans refer to
    embedder: dict[str, Any]
    chunking: dict[str, int]
    keyword: KeywordIndex | None = None
    # The quotable spans of every document (in chunk order) and their float16 vectors.
    spans: list[Span] = field(default_factory=list)
    span_vectors: np.ndarray | None = None
    # The requirement records' statements (every language) and their float16 vectors.
    statements: list[str] = field(default_factory=list)
    statement_vectors: np.ndarray | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    # The refusal thresholds stored for this index's embedder (kb/calibration.py Calibration.to_json()),
    # or None when data/calibration.yaml has none: written into the manifest.
    calibration: dict[str, Any] | None = None
    _faiss: Any = None

    def __post_init__(self) -> None:
        if self.keyword is None:
            self.keyword = KeywordIndex.build([passage_text(c) for c in self.chunks])
        self.position = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.span_position = {s.id: i for i, s in enumerate(self.spans)}
        self.statement_position = {text: i for i, text in enumerate(self.statements)}
        self._by_chunk: dict[str, list[int]] = {}
        for i, s in enumerate(self.spans):
            self._by_chunk.setdefault(s.chunk_id, []).append(i)

    def chunk_spans(self, chunk_id: str) -> list[int]:
        """Positions (into `spans` and `span_vectors`) of the spans that start in this chunk."""
        return self._by_chunk.get(chunk_id, [])

    def span(self, span_id: str) -> Span | None:
        pos = self.span_position.get(span_id)
        return None if pos is None else self.spans[pos]

    @property
    def faiss(self) -> Any:
        if self._faiss is None:
            import faiss

            index = faiss.IndexFlatIP(self.vectors.shape[1])
            if len(self.vectors):
                index.add(self.vectors)
            self._faiss = index
        return self._faiss

    def save(self, folder: Path) -> None:
        """Write to a temporary sibling folder (flushed to disk, manifest.json last), then swap it in
        under the writer lock (kb/index_swap.py): a failed or killed run leaves the previous index."""
        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        with WriterLock(folder):  # re-entrant: an ingest holds it already
            tmp = Path(tempfile.mkdtemp(prefix=tmp_prefix(folder), dir=folder.parent))
            try:
                self._write(tmp)
                sync_tree(tmp)
                swap_in(tmp, folder)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise

    def _write(self, tmp: Path) -> None:
        import faiss

        faiss.write_index(self.faiss, str(tmp / VECTORS))
        assert self.keyword is not None
        (tmp / KEYWORD).mkdir()
        self.keyword.save(tmp / KEYWORD)
        _write_jsonl(tmp / CHUNKS, (c.to_json() for c in self.chunks))
        _write_jsonl(tmp / DOCS, self.docs)
        _write_jsonl(tmp / SPANS, (s.to_json() for s in self.spans))
        if self.span_vectors is not None:
            np.save(tmp / SPAN_VECTORS, self.span_vectors.astype(np.float16))
        (tmp / STATEMENTS).write_text(json.dumps(self.statements, ensure_ascii=False), encoding="utf-8")
        if self.statement_vectors is not None:
            np.save(tmp / STATEMENT_VECTORS, self.statement_vectors.astype(np.float16))
        (tmp / TEXTS).mkdir()
        for doc_id, text in self.texts.items():
            (tmp / TEXTS / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        self.manifest = {
            "format": FORMAT,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            # Tells one save from another (a load retries when the index was swapped under it).
            "generation": uuid.uuid4().hex,
            "embedder": self.embedder,
            "chunking": self.chunking,
            "keyword": {"analyzer": "latin-stems+cjk-bigrams", "version": TOKENIZER_VERSION,
                        "bm25": {"k1": 1.2, "b": 0.75}, "probe": tokenize("S3 버킷을 雷迪斯 靜態")},
            "corpus_hash": corpus_hash(self.docs),
            "documents": len(self.docs),
            "chunks": len(self.chunks),
            "spans": len(self.spans),
            "statements": len(self.statements),
        }
        if self.calibration is not None:
            self.manifest["calibration"] = self.calibration
        # Last: a folder with a manifest is complete (recover() relies on it).
        (tmp / MANIFEST).write_text(json.dumps(self.manifest, ensure_ascii=False, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, *, embedder: dict[str, Any] | None = None,
             chunking: dict[str, int] | None = None) -> Index:
        """Open a saved index; refuse one built with another embedder or chunking setting. An index
        swapped in by an ingest while this reads it is read again (up to 3 tries), so the files read
        always belong to one save."""
        folder = Path(folder)
        for attempt in range(3):
            where = reading_folder(folder)
            manifest = _manifest(where, folder)
            check_compatible(manifest, folder, embedder=embedder, chunking=chunking)
            try:
                index = cls._read(where, manifest)
            except IndexCorruptError:
                if attempt < 2 and _generation(folder) not in (None, manifest.get("generation")):
                    continue  # swapped under us: read the new one
                raise
            if attempt < 2 and _generation(folder) not in (None, manifest.get("generation")):
                continue
            return index
        raise AssertionError("unreachable")

    @classmethod
    def _read(cls, folder: Path, manifest: dict[str, Any]) -> Index:
        import faiss

        try:
            chunks = [Chunk.from_json(d) for d in _read_jsonl(folder / CHUNKS)]
            docs = list(_read_jsonl(folder / DOCS))
            texts = {d["doc_id"]: (folder / TEXTS / f"{d['doc_id']}.txt").read_text(encoding="utf-8") for d in docs}
            vec_index = faiss.read_index(str(folder / VECTORS))
            vectors = vec_index.reconstruct_n(0, vec_index.ntotal) if vec_index.ntotal else \
                np.zeros((0, vec_index.d), dtype=np.float32)
            keyword = KeywordIndex.load(folder / KEYWORD)
            spans = [Span.from_json(d) for d in _read_jsonl(folder / SPANS)]
            span_vectors = np.load(folder / SPAN_VECTORS) if (folder / SPAN_VECTORS).exists() else None
            statements = json.loads((folder / STATEMENTS).read_text(encoding="utf-8"))
            statement_vectors = np.load(folder / STATEMENT_VECTORS) if (folder / STATEMENT_VECTORS).exists() else None
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError) as exc:
            raise IndexCorruptError(f"Index at {folder} is damaged ({type(exc).__name__}: {exc}); "
                                    "rebuild it with `python -m kb ingest --rebuild`.") from exc
        if not (len(chunks) == len(vectors) == keyword.size) or (
                span_vectors is not None and len(span_vectors) != len(spans)) or (
                statement_vectors is not None and len(statement_vectors) != len(statements)):
            raise IndexCorruptError(f"Index at {folder} is inconsistent ({len(chunks)} chunks, "
                                    f"{len(vectors)} vectors); rebuild it with `python -m kb ingest --rebuild`.")
        return cls(chunks=chunks, vectors=np.asarray(vectors, dtype=np.float32), docs=docs, texts=texts,
                   embedder=manifest["embedder"], chunking=manifest["chunking"], keyword=keyword,
                   spans=spans, span_vectors=span_vectors, statements=statements,
                   statement_vectors=statement_vectors, manifest=manifest,
                   calibration=manifest.get("calibration"), _faiss=vec_index)


def stored_documents(folder: Path) -> list[tuple[dict[str, Any], str]]:
    """The documents a saved index holds (their describe() record and text), read without the
    vectors or any settings check: what an ingest keeps when it rebuilds, so that the documents a
    user added are never dropped. Raises IndexCorruptError when the list or a text is unreadable."""
    folder = reading_folder(Path(folder))
    try:
        docs = list(_read_jsonl(folder / DOCS))
        return [(d, (folder / TEXTS / f"{d['doc_id']}.txt").read_text(encoding="utf-8")) for d in docs]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"The documents of the index at {folder} are unreadable "
                                f"({type(exc).__name__}: {exc}).") from exc


def _manifest(where: Path, folder: Path) -> dict[str, Any]:
    manifest_path = where / MANIFEST
    if not manifest_path.exists():
        raise IndexMissingError(folder)
    try:
        return json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{manifest_path} is unreadable ({exc}); rebuild with "
                                "`python -m kb ingest --rebuild`.") from exc


def _generation(folder: Path) -> str | None:
    """The generation of the index now at `folder` (None when it cannot be read)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("generation")
    except (OSError, ValueError, AttributeError):
        return None


def tokenizer_version(manifest: dict[str, Any]) -> int:
    """The keyword tokenizer version an index was built with (1 for indexes from before versioning)."""
    return (manifest.get("keyword") or {}).get("version", 1)


def check_compatible(manifest: dict[str, Any], folder: Path, *, embedder: dict[str, Any] | None,
                     chunking: dict[str, int] | None) -> None:
    if manifest.get("format") != FORMAT:
        raise IndexMismatchError(f"Index at {folder} has format {manifest.get('format')!r}, this version "
                                 f"reads {FORMAT}. Re-run `python -m kb ingest --rebuild`.")
    built = manifest.get("embedder", {})
    if embedder is not None and built.get("name") != embedder.get("name"):
        raise IndexMismatchError(
            f"Index at {folder} was built with embedder {built.get('name')!r}, but the settings ask for "
            f"{embedder.get('name')!r}. Re-run `python -m kb ingest --rebuild` with the new embedder, "
            "or set HIPAA_GUIDE_EMBEDDER back.")
    if chunking is not None and manifest.get("chunking") != chunking:
        raise IndexMismatchError(
            f"Index at {folder} was built with chunking {manifest.get('chunking')}, but the settings ask for "
            f"{chunking}. Re-run `python -m kb ingest --rebuild`, or restore the chunk settings.")
    tokenizer = tokenizer_version(manifest)
    if tokenizer != TOKENIZER_VERSION:
        raise IndexMismatchError(
            f"Index at {folder} was built with keyword tokenizer version {tokenizer!r}, this version "
            f"uses {TOKENIZER_VERSION} (kb/keyword.py). Re-run `python -m kb ingest --rebuild`.")


def _write_jsonl(path: Path, rows: Any) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
