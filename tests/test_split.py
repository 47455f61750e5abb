"""Structure-aware splitting on the tiny corpus: sections, services, furniture, verbatim spans."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.split import split_document
from kb.catalog import Catalog
from kb.records import Chunk, SourceDoc

from .conftest import DATA
from .pdfgen import wrap, write_pdf

CATALOG = Catalog.load(DATA / "services.yaml")


def _split(name: str, lang: str, structure: str = "hipaa-whitepaper", **kw: int) -> tuple[SourceDoc, list[Chunk]]:
    doc = load_document(DATA / "corpus" / name, doc_id=name.split(".")[0], lang=lang)
    limits = {"max_chars": 900, "min_chars": 200, **kw}
    return doc, split_document(doc, CATALOG, structure=structure, **limits).chunks


@pytest.mark.parametrize("name,lang", [("mini-ko.md", "ko"), ("mini-zh.txt", "zh")])
def test_sections_map_to_catalog_entries_in_both_heading_styles(name: str, lang: str) -> None:
    doc, chunks = _split(name, lang)
    tagged = [(c.service_id, c.section_id) for c in chunks if c.section_id]
    assert tagged == [
        ("general", "introduction"),
        ("elasticache-redis", "elasticache-redis"),
        ("elasticache-redis", "elasticache-redis-encryption-at-rest"),
        ("elasticache-redis", "elasticache-redis-encryption-in-transit"),
        ("elasticache-redis", "elasticache-redis-authentication"),
        ("elasticache-redis", "elasticache-redis-service-updates"),
        ("rds-postgresql", "rds-postgresql"),
        ("s3", "s3"),
    ]


def test_chunks_are_verbatim_slices_with_line_numbers() -> None:
    for name, lang in [("mini-ko.md", "ko"), ("mini-zh.txt", "zh")]:
        doc, chunks = _split(name, lang)
        lines = doc.text.splitlines()
        for c in chunks:
            assert c.text == doc.text[c.start:c.end]
            assert c.text.splitlines()[0] in lines[c.line_start - 1]
            assert c.text.splitlines()[-1] in lines[c.line_end - 1]
            assert c.chunk_id == f"{doc.doc_id}:{c.start}"


def test_subsection_section_path_and_lines() -> None:
    doc, chunks = _split("mini-zh.txt", "zh")
    transit = next(c for c in chunks if c.section_id == "elasticache-redis-encryption-in-transit")
    assert transit.section == "Amazon ElastiCache 的雷迪斯 > 傳輸加密"
    assert (transit.line_start, transit.line_end) == (51, 51)
    assert transit.text.startswith("Amazon ElastiCache 版 Redis 使用 TLS 來加密傳輸中的數據。")


def test_furniture_never_reaches_a_chunk() -> None:
    for name, lang in [("mini-ko.md", "ko"), ("mini-zh.txt", "zh")]:
        _, chunks = _split(name, lang)
        for c in chunks:
            assert "This paper has been archived" not in c.text
            assert "](#)\n- [" not in c.text  # topic lists
            assert "|--|" not in c.text and ".....\t" not in c.text  # tables of contents


def test_a_heading_text_under_another_parent_is_not_that_subsection(tmp_path: Path) -> None:
    # "유휴 데이터 암호화" is an ElastiCache subsection; under RDS for PostgreSQL it is not.
    path = tmp_path / "doc.md"
    path.write_text("## Amazon RDS for PostgreSQL\n\nRDS text here.\n\n## 유휴 데이터 암호화\n\n저장 데이터 암호화.\n",
                    encoding="utf-8")
    doc = load_document(path, lang="ko")
    chunks = split_document(doc, CATALOG, max_chars=900, min_chars=10, structure="hipaa-whitepaper").chunks
    assert [(c.section, c.section_id) for c in chunks] == [
        ("Amazon RDS for PostgreSQL", "rds-postgresql"),
        ("Amazon RDS for PostgreSQL > 유휴 데이터 암호화", "rds-postgresql"),
    ]


def test_long_paragraphs_split_at_sentence_ends_within_limit() -> None:
    doc, chunks = _split("mini-ko.md", "ko", max_chars=200, min_chars=50)
    assert max(len(c.text) for c in chunks) <= 250
    redis = [c for c in chunks if c.section_id == "elasticache-redis"]
    assert len(redis) > 2
    for c in redis:
        # Each chunk ends where a paragraph or a sentence ends, never mid-sentence.
        assert doc.text[c.end:c.end + 1] in ("\n", "") or c.text.endswith((".", "。"))
        assert c.text == doc.text[c.start:c.end]


def test_generic_document_headings_name_services(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Storage notes\n\nIntro text about storage.\n\n## S3 버킷 정책\n\n"
                    "버킷 정책으로 HTTPS만 허용합니다.\n\n"
                    "### 예제\n\naws:SecureTransport 조건.\n\n## Memcached\n\n캐시 노트.\n", encoding="utf-8")
    doc = load_document(path)
    chunks = split_document(doc, CATALOG, max_chars=900, min_chars=1).chunks
    assert [(c.section, c.service_id) for c in chunks] == [
        ("Storage notes", "general"),
        ("Storage notes > S3 버킷 정책", "s3"),
        ("Storage notes > S3 버킷 정책 > 예제", "s3"),
        ("Storage notes > Memcached", "elasticache-memcached"),
    ]


def test_default_service_applies_where_headings_name_none(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("# 데이터 보호\n\n보호 내용.\n\n## 유휴 데이터 암호화\n\nKMS 키.\n", encoding="utf-8")
    doc = load_document(path)
    chunks = split_document(doc, CATALOG, max_chars=900, min_chars=1, default_service="rds-postgresql").chunks
    assert {c.service_id for c in chunks} == {"rds-postgresql"}


def test_pdf_chunks_carry_pages_not_lines(tmp_path: Path) -> None:
    toc = ["Contents", "Overview 2", "Shared Responsibility 2", "Managing Keys 2",
           "Protecting Data at Rest on Amazon S3 3", "Conclusion 3"]
    body = wrap("Customers protect their data at rest in Amazon S3 with server-side encryption and manage the keys "
                "themselves. Versioning keeps earlier copies of every object.")
    pdf = write_pdf(tmp_path / "paper.pdf", [toc, ["Overview", *wrap("This paper is about security. " * 5)],
                                             ["Protecting Data at Rest on Amazon S3", "", *body]])
    doc = load_document(pdf, doc_id="sbp")
    chunks = split_document(doc, CATALOG, max_chars=900, min_chars=200).chunks
    assert chunks and all(c.line_start is None and c.page is not None for c in chunks)
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
        assert doc.page_starts[c.page - 1] <= c.start
    s3 = next(c for c in chunks if "Protecting Data at Rest on Amazon S3" in c.section)
    assert s3.page == 3 and s3.service_id == "s3"


def test_banners_cut_from_lines_are_the_32_most_repeated() -> None:
    """Banner text inside a line is left out of quotes for the BANNER_MAX most repeated banners only
    (real documents have 0-3): searching every line for thousands of them made splitting quadratic."""
    from ingest.clean import BANNER_MAX

    parts = []
    for i in range(40):
        parts += [f"Running head {i:02d}\n\n"] * (4 + i)
        parts.append(f"Encrypt PHI data Running head {i:02d} with AWS KMS keys.\n\n")
    doc = SourceDoc(doc_id="d", title="t", lang="en", path="d.md", kind="md", text="".join(parts), sha256="")
    quotes = [s.quote for s in split_document(doc, CATALOG, max_chars=900, min_chars=200).spans]
    assert BANNER_MAX == 32
    assert quotes == [f"Encrypt PHI data Running head {i:02d} with AWS KMS keys." for i in range(8)] + \
        ["Encrypt PHI data with AWS KMS keys."] * 32
