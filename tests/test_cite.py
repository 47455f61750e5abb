"""`kb cite`: every catalog service by every name, stable citation ids, topics, editions, unknown/uncovered."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.cite import Guidance
from kb.config import Settings
from kb.core import KnowledgeBase
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def guidance(full_kb: KnowledgeBase) -> Guidance:
    return Guidance(full_kb)


def _names(service) -> list[str]:
    return list(dict.fromkeys([*service.names.values(), *service.aliases]))


def test_every_whitepaper_service_by_every_name_and_alias(full_kb: KnowledgeBase, guidance: Guidance) -> None:
    services = full_kb.catalog.whitepaper_services()
    assert len(services) == 119
    for service in services:
        for name in _names(service):
            result = guidance.cite(name)
            assert result.service is not None and result.service.id == service.id, name
            assert result.exit_code == 0 and result.message is None, name
            assert {p.citation.lang for p in result.passages} == {"ko", "zh"}, name


def test_cli_cite_every_service_in_all_three_languages(cli_kb: KnowledgeBase,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    for service in cli_kb.catalog.whitepaper_services():
        for lang in ("en", "ko", "zh"):
            name = service.names[lang]
            code, out, err = run_cli(capsys, "cite", name, "--format", "json")
            data = json.loads(out)
            assert code == 0 and err == "", (name, err)
            assert data["service"]["id"] == service.id, name
            assert data["count"] > 0 and all(p["id"] for t in data["topics"] for p in t["passages"])
        code, out, _ = run_cli(capsys, "cite", service.id, "--lang", "ko")
        assert code == 0 and f"`{service.id}`" in out and "`hipaa-ko:" in out and "hipaa-zh:" not in out


def test_citation_ids_are_document_offsets_of_verbatim_quotes(full_kb: KnowledgeBase, guidance: Guidance) -> None:
    texts = full_kb.index.texts
    chunks = {c.chunk_id: c for c in full_kb.index.chunks}
    for sid in ("s3", "elasticache-redis", "rds-sqlserver", "kms", "sqs"):
        for p in guidance.passages(sid):
            doc_id, span = p.id.rsplit(":", 1)
            start, end = map(int, span.split("-"))
            assert doc_id == p.citation.doc_id and texts[doc_id][start:end] == p.quote
            assert p.quote in chunks[p.citation.chunk_id].text
            assert p.quote == p.quote.strip() and not p.quote.startswith("- ")
            # Lines count from the document's first line, like the index's chunk lines.
            assert texts[doc_id].count("\n", 0, start) + 1 == p.citation.line_start


def test_citation_ids_are_stable_and_resolve(full_kb: KnowledgeBase, guidance: Guidance) -> None:
    first = [p.id for p in guidance.cite("Amazon S3").passages]
    again = [p.id for p in Guidance(full_kb).cite("s3").passages]
    assert first == again and len(set(first)) == len(first)
    for pid in first:
        resolved = guidance.passage(pid)
        assert resolved is not None and resolved.id == pid
    assert guidance.passage("hipaa-ko:1-2") is None


def test_lang_selects_one_edition(guidance: Guidance) -> None:
    for lang in ("ko", "zh"):
        result = guidance.cite("레디스", lang=lang)
        assert result.passages and {p.citation.lang for p in result.passages} == {lang}
        assert {p.citation.doc_id for p in result.passages} == {f"hipaa-{lang}"}


def test_topic_filter_and_grouping(guidance: Guidance) -> None:
    result = guidance.cite("Postgres", topic="encryption-in-transit")
    assert result.passages and all("encryption-in-transit" in p.topics for p in result.passages)
    quotes = [p.quote for p in result.passages]
    assert "PHI를 포함하는 PostgreSQL용 RDS에 대한 연결은 전송 암호화를 사용해야 합니다." in quotes
    assert "與包含 PHI 的 RDS 連線必須使用傳輸加密。" in quotes
    assert [t for t, _ in result.groups(guidance.topic_order)] == ["encryption-in-transit"]
    full = guidance.cite("Postgres")
    order = [t for t, _ in full.groups(guidance.topic_order)]
    assert order == sorted(order, key=guidance.topic_order.index)
    assert order[:2] == ["encryption-at-rest", "encryption-in-transit"]


def test_requirements_are_told_apart_from_statements_and_references(guidance: Guidance) -> None:
    kinds = {p.quote: p.kind for p in guidance.passages("s3")}
    s3_https = "PHI를 포함하는 Amazon S3에 연결하려면 암호화된 전송 (HTTPS) 을 허용하는 엔드포인트를 사용해야 합니다."
    assert kinds[s3_https] == "requirement"
    assert kinds["與包含 PHI 的 Amazon S3 連線必須使用接受加密傳輸 (HTTPS) 的端點。"] == "requirement"
    assert kinds["자세한 내용은 암호화를 사용한 데이터 [보호](#)를 참조하십시오."] == "reference"
    # "應用" (application) is not "應" (should).
    zh = {p.quote: p.kind for p in guidance.passages("ecs", "zh")}
    application = ("透過簡單的 API 呼叫，客戶可以啟動和停止啟用 Docker 的應用程式、查詢叢集的完整狀態，"
                   "以及存取許多熟悉的功能，例如安全群組、Elastic Load Balancing、EBS 磁碟區和 IAM 角色。")
    assert zh[application] == "statement"


def test_short_list_is_quoted_with_its_lead_in(guidance: Guidance) -> None:
    auth = [p for p in guidance.passages("elasticache-redis-authentication", "ko") if "강력한 토큰" in p.quote]
    assert len(auth) == 1 and "16자 이상, 128자 이하여야 합니다." in auth[0].quote
    # Long list items (SQS's three requirements) stay separate passages.
    sqs = [p.quote for p in guidance.passages("sqs", "ko")]
    assert any(q.startswith("쿼리 요청을 통한 Amazon SQS 대기열과의 통신은 HTTPS로 암호화되어야 합니다.") for q in sqs)
    assert not any("다음 주요 암호화 요구 사항" in q and "HTTPS" in q for q in sqs)


def test_subsection_cites_only_its_own_passages(guidance: Guidance) -> None:
    result = guidance.cite("elasticache-redis-encryption-in-transit")
    assert result.passages
    assert {p.citation.section_id for p in result.passages} == {"elasticache-redis-encryption-in-transit"}


def test_cli_markdown_lists_topics_with_ids_and_references(cli_kb: KnowledgeBase,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cite", "S3 버킷")
    assert code == 0
    assert out.index("### Encryption at rest") < out.index("### Encryption in transit")
    assert "**PHI를 포함하는 Amazon S3에 연결하려면 암호화된 전송 (HTTPS) 을 허용하는 엔드포인트를 사용해야 합니다.**" \
        in out
    assert "— `hipaa-ko:" in out and "(ko edition), § Amazon Simple Storage Service(S3), line 939" in out
    assert "### Pointers to other AWS documentation" in out
    code, out, _ = run_cli(capsys, "cite", "雷迪斯", "--lang", "zh", "--topic", "encryption-in-transit")
    assert code == 0 and "### 傳輸加密" in out and "hipaa-ko:" not in out


def test_cli_json_schema(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cite", "Kafka", "--format", "json", "--lang", "ko")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"schema", "query", "lang", "topic", "service", "message", "suggestions", "count", "topics"}
    assert data["schema"] == "hipaa-guide/cite/v1" and data["service"]["id"] == "msk"
    passage = data["topics"][0]["passages"][0]
    assert set(passage) == {"id", "kind", "topics", "quote", "doc_id", "title", "lang", "edition", "section",
                            "section_id", "service_id", "chunk_id", "line_start", "line_end", "page", "archived",
                            "reference"}
    assert data["count"] == sum(len(t["passages"]) for t in data["topics"])


def test_unknown_service_exits_2_with_suggestions(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "cite", "Elasticahce Redis")
    assert code == 2 and out == ""
    assert "Unknown service 'Elasticahce Redis'" in err and "Did you mean" in err and "elasticache-redis" in err


def test_uncovered_service_says_so_and_names_neighbours(cli_kb: KnowledgeBase,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cite", "MemoryDB")
    assert code == 1
    assert "Amazon MemoryDB is not covered by the HIPAA whitepaper: confirm eligibility before storing PHI." in out
    assert "Amazon ElastiCache for Redis (`elasticache-redis`)" in out
    code, out, _ = run_cli(capsys, "cite", "Memcached", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["service"]["covered"] is False and data["count"] == 0
    assert "elasticache-redis" in [s["id"] for s in data["suggestions"]]
    assert "not covered by the HIPAA whitepaper" in data["message"]


def test_entry_without_a_section_and_empty_topic(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cite", "baa")
    assert code == 1 and "has no section of its own" in out
    code, out, _ = run_cli(capsys, "cite", "eks", "--topic", "backup")
    assert code == 1 and "No passage of Amazon Elastic Kubernetes Service (Amazon EKS) is about backup" in out
    code, _, err = run_cli(capsys, "cite", "s3", "--topic", "encryption")
    assert code == 2 and "Unknown topic 'encryption'" in err


def test_cite_without_index_says_how_to_build_it(env: Settings, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPAA_GUIDE_INDEX_DIR", str(tmp_path / "nowhere"))
    code, _, err = run_cli(capsys, "cite", "s3")
    assert code == 2 and "python -m kb ingest" in err
