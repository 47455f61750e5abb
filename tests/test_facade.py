"""What the front ends get from the KnowledgeBase facade besides answers: the index's life cycle, the catalog to
browse, question analysis, topic labels, cited records and the design review."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.config import Settings
from kb.core import MAX_QUERY_CHARS, KnowledgeBase, Section
from kb.errors import IndexMissingError, QueryError
from kb.search import MAX_QUERY_CHARS as SEARCH_LIMIT

TEMPLATES = Path(__file__).parent / "data" / "templates"


def test_ingest_builds_the_index_and_the_next_call_opens_it(settings: Settings, tmp_path: Path) -> None:
    kb = KnowledgeBase(settings)
    assert not kb.has_index()
    with pytest.raises(IndexMissingError):
        kb.open()
    report = kb.ingest(log=lambda _: None)
    assert report.written and kb.has_index() and kb.open() is kb
    assert {d.doc_id for d in kb.documents()} == {"mini-ko", "mini-zh"}
    extra = tmp_path / "runbook.md"
    extra.write_text("# Runbook\n\nRotate the KMS keys of the S3 buckets every year and record who did it.\n",
                     encoding="utf-8")
    kb.ingest([extra], log=lambda _: None)
    assert len(kb.documents()) == 3  # the new index, not the one loaded before


def test_catalog_views(settings: Settings) -> None:
    kb = KnowledgeBase(settings)
    assert [s.id for s in kb.whitepaper_services()] == ["elasticache-redis", "rds-postgresql", "s3"]
    assert [s.id for s in kb.subsections("elasticache-redis")][:2] == [
        "elasticache-redis-encryption-at-rest", "elasticache-redis-encryption-in-transit"]
    assert isinstance(kb.service("s3"), Section) and kb.service("no-such-section") is None
    assert [s.id for s in kb.services("general")] == ["introduction"]
    assert MAX_QUERY_CHARS == SEARCH_LIMIT


def test_analysis_and_topic_labels(settings: Settings) -> None:
    kb = KnowledgeBase(settings)
    analysis = kb.analyze("레디스 전송 중 암호화는?")
    assert analysis.lang == "ko" and [s.id for s in analysis.services] == ["elasticache-redis"]
    assert list(kb.topic_labels("ko")) == list(kb.topic_labels("en")) and kb.topic_labels("zh")


def test_cite_refuses_an_unknown_topic(settings: Settings) -> None:
    with pytest.raises(QueryError, match="Unknown topic 'colour'; use one of: "):
        KnowledgeBase(settings).cite("s3", topic="colour")


def test_review_through_the_facade(full_kb: KnowledgeBase) -> None:
    report = full_kb.review(TEMPLATES / "cfn" / "small-stack.json")
    assert report.resources and full_kb.reviewer is full_kb.reviewer
    assert full_kb.cite("s3").records
