"""The shipped corpus splits correctly: verbatim chunks, every whitepaper service in both editions."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from ingest.loaders import load_document
from ingest.sources import default_sources
from ingest.split import split_document
from kb.catalog import Catalog
from kb.config import Settings
from kb.records import Chunk, SourceDoc

SETTINGS = Settings.from_env({})


@lru_cache(maxsize=1)
def corpus() -> tuple[Catalog, list[tuple[SourceDoc, list[Chunk]]]]:
    catalog = Catalog.load(SETTINGS.catalog_path)
    out = []
    for spec in default_sources(SETTINGS.sources_path, SETTINGS.corpus_dir):
        doc = load_document(spec.path, doc_id=spec.doc_id, title=spec.title, lang=spec.lang)
        chunks = split_document(doc, catalog, max_chars=SETTINGS.chunk_max_chars, min_chars=SETTINGS.chunk_min_chars,
                                structure=spec.structure, default_service=spec.service).chunks
        out.append((doc, chunks))
    return catalog, out


def _chunks(doc_id: str) -> list[Chunk]:
    return next(chunks for doc, chunks in corpus()[1] if doc.doc_id == doc_id)


def test_every_chunk_is_the_source_slice_at_its_span() -> None:
    total = 0
    for doc, chunks in corpus()[1]:
        source = SETTINGS.corpus_dir.joinpath(doc.path.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
        assert doc.text == source
        for c in chunks:
            assert c.text == source[c.start:c.end], c.chunk_id
            assert c.text.strip() == c.text and c.text
            assert source.count("\n", 0, c.start) + 1 == c.line_start
            total += 1
    assert total > 500


@pytest.mark.parametrize("doc_id", ["hipaa-ko", "hipaa-zh"])
def test_every_whitepaper_service_has_chunks_in_both_editions(doc_id: str) -> None:
    catalog = corpus()[0]
    services = catalog.whitepaper_services()
    assert len(services) == 119
    tagged = {c.service_id for c in _chunks(doc_id)}
    missing = [s.id for s in services if s.id not in tagged]
    assert missing == []


@pytest.mark.parametrize("doc_id", ["hipaa-ko", "hipaa-zh"])
def test_every_covered_subsection_has_chunks(doc_id: str) -> None:
    catalog = corpus()[0]
    lang = doc_id.split("-")[1]
    wanted = {s.id for s in catalog if s.kind == "subsection" and s.headings.get(lang)}
    found = {c.section_id for c in _chunks(doc_id)}
    assert sorted(wanted - found) == []


@pytest.mark.parametrize("doc_id", ["hipaa-ko", "hipaa-zh"])
def test_service_sections_appear_in_topic_list_order(doc_id: str) -> None:
    catalog = corpus()[0]
    order = {s.id: s.order for s in catalog.whitepaper_services()}
    seen: list[str] = []
    for c in _chunks(doc_id):
        if c.service_id in order and (not seen or seen[-1] != c.service_id):
            seen.append(c.service_id)
    assert seen == sorted(order, key=lambda sid: order[sid])


def test_page_furniture_is_not_in_chunks() -> None:
    catalog = corpus()[0]
    for doc, chunks in corpus()[1]:
        # The table of contents links every section heading ("- [Amazon S3](#)"); a body's own reading
        # lists link other pages ("- [Amazon API Gateway FAQ: ...](#)"), never a heading of this edition.
        headings = {h.strip() for s in catalog for h in s.headings.get(doc.lang, [])}
        for c in chunks:
            lines = [line.strip() for line in c.text.splitlines()]
            assert "This paper has been archived" not in lines, c.chunk_id
            toc = [line for line in lines if line.startswith("- [") and line.endswith("](#)")
                   and line[3:-4].strip() in headings]
            assert not toc, (c.chunk_id, toc[:3])
            # Tables of contents: "title .....<tab>page" lines and "| title | page |" rows.
            assert not any(re.search(r"\.{3,}\t\S+$", line) for line in lines), c.chunk_id
            assert not any(re.fullmatch(r"\|.*\|\s*(\d+|[ivxl]+)\s*\|", line) for line in lines), c.chunk_id


def test_general_sections_and_documents_are_keyed() -> None:
    ko = _chunks("hipaa-ko")
    assert {c.section_id for c in ko if c.service_id == "general"} >= {"introduction", "auditing-backups-dr"}
    # The IAM and data-protection sections sit inside the Comprehend part and are about Comprehend.
    assert {c.section_id for c in ko if c.service_id == "comprehend"} >= {"iam", "iam-administration",
                                                                           "data-protection-pii"}
    forecast = _chunks("forecast-data-protection-ko")
    assert {c.service_id for c in forecast} == {"forecast"}
    notes = _chunks("study-notes-ko")
    assert {"kms", "s3"} <= {c.service_id for c in notes}
