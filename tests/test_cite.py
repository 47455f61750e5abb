"""`kb cite`: a service's requirement records by any name, statements in three languages, quotes from
either edition or both with stable span ids and lines, topics, unknown and uncovered entries."""
from __future__ import annotations

import json
import re
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
        records = full_kb.requirements.of(full_kb.catalog.descendants(service.id))
        for name in _names(service):
            result = guidance.cite(name)
            assert result.service is not None and result.service.id == service.id, name
            assert [c.record.id for c in result.records] == [r.id for r in records], name
        if not records:  # a section that only points to the previous one (Comprehend Medical) has none
            assert result.exit_code == 1 and "has no requirement records of its own" in result.message
            continue
        assert result.exit_code == 0 and result.message is None, service.id
        for cited in result.records:  # a whitepaper record quotes both editions (a Korean-only paper's, its one)
            editions = {p.citation.doc_id for p in cited.quotes} & {"hipaa-ko", "hipaa-zh"}
            assert editions in (set(), {"hipaa-ko", "hipaa-zh"}) or cited.record.missing, cited.record.id


def test_quotes_are_the_verbatim_spans_of_the_evidence(full_kb: KnowledgeBase, guidance: Guidance) -> None:
    texts = full_kb.index.texts
    for sid in ("s3", "elasticache-redis", "rds-sqlserver", "kms", "sqs"):
        for cited in guidance.cite(sid).records:
            assert [p.id for p in cited.quotes] == [e.span for e in cited.record.evidence]
            for p, e in zip(cited.quotes, cited.record.evidence, strict=True):
                doc_id, start, end = p.citation.doc_id, *map(int, p.id.rsplit(":", 1)[1].split("-"))
                assert texts[doc_id][start:end] == e.quote
                assert texts[doc_id].count("\n", 0, start) + 1 == p.citation.line_start


def test_edition_selects_the_quotes_and_lang_the_statements(guidance: Guidance) -> None:
    for edition in ("ko", "zh"):
        result = guidance.cite("레디스", edition=edition, lang=edition)
        assert result.records and {p.citation.doc_id for c in result.records for p in c.quotes} == {f"hipaa-{edition}"}
        data = result.to_json({})
        assert [r["statement"] for t in data["topics"] for r in t["records"]] == \
            [c.record.statement[edition] for _, cs in result.groups() for c in cs]


def test_topic_filter_and_grouping(guidance: Guidance) -> None:
    result = guidance.cite("Postgres", topic="encryption-in-transit")
    assert result.records and {c.record.topic for c in result.records} == {"encryption-in-transit"}
    assert [t for t, _ in result.groups()] == ["encryption-in-transit"]
    order = [t for t, _ in guidance.cite("Postgres").groups()]
    assert order == sorted(order, key=guidance.topic_order.index)


def test_passages_tell_requirements_from_statements_and_references(guidance: Guidance) -> None:
    kinds = {p.quote: p.kind for p in guidance.section_spans("s3")}
    https = "PHI를 포함하는 Amazon S3에 연결하려면 암호화된 전송 (HTTPS) 을 허용하는 엔드포인트를 사용해야 합니다."
    assert kinds[https] == "requirement"
    assert kinds["與包含 PHI 的 Amazon S3 連線必須使用接受加密傳輸 (HTTPS) 的端點。"] == "requirement"
    assert kinds["자세한 내용은 암호화를 사용한 데이터 보호를 참조하십시오."] == "reference"
    # "應用" (application) is not "應" (should).
    zh = {p.quote: p.kind for p in guidance.section_spans("ecs", "zh")}
    application = ("透過簡單的 API 呼叫，客戶可以啟動和停止啟用 Docker 的應用程式、查詢叢集的完整狀態，"
                   "以及存取許多熟悉的功能，例如安全群組、Elastic Load Balancing、EBS 磁碟區和 IAM 角色。")
    assert zh[application] == "statement"
    assert guidance.span("hipaa-ko:1-2") is None


def test_cli_english_statements_with_both_editions_and_lines(cli_kb: KnowledgeBase,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cite", "s3", "--lang", "en")
    assert code == 0
    https = cli_kb.requirements.get("s3.transit-https")
    assert f"- **MUST** {https.says('en')} `s3.transit-https`" in out
    block = out[out.index("`s3.transit-https`"):].split("\n- **", 1)[0]
    assert "  - ko: “PHI를 포함하는 Amazon S3에 연결하려면" in block
    assert "  - zh: “與包含 PHI 的 Amazon S3 連線" in block
    assert re.search(r"`hipaa-ko:\d+-\d+` .*\(Korean edition\), § Amazon Simple Storage Service\(S3\), line 939", block)
    assert re.search(r"`hipaa-zh:\d+-\d+` .*\(Chinese edition\), § .*, line \d+", block)
    assert "checked by AWS Config: s3-bucket-ssl-requests-only" in block
    assert out.index("### Encryption at rest") < out.index("### Encryption in transit")
    code, out, _ = run_cli(capsys, "cite", "雷迪斯", "--lang", "zh", "--edition", "zh", "--topic",
                           "encryption-in-transit")
    assert code == 0 and "### 傳輸加密" in out and "hipaa-ko:" not in out


def test_cli_json_carries_record_ids(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cite", "Kafka", "--format", "json", "--lang", "ko")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"schema", "query", "lang", "edition", "topic", "service", "message", "suggestions", "count",
                         "topics"}
    assert data["schema"] == "hipaa-guide/cite/v2" and data["service"]["id"] == "msk"
    record = data["topics"][0]["records"][0]
    assert set(record) == {"id", "section", "topic", "strength", "statement", "statements", "scope", "config_rules",
                           "review_rules", "quotes"}
    assert cli_kb.requirements.get(record["id"]).statement["ko"] == record["statement"]
    assert set(record["quotes"][0]) == {"id", "kind", "topics", "quote", "doc_id", "title", "lang", "edition",
                                        "section", "section_id", "service_id", "chunk_id", "line_start", "line_end",
                                        "page", "archived", "reference"}
    assert data["count"] == sum(len(t["records"]) for t in data["topics"])


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


def test_general_entries_and_empty_topics(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cite", "BAA", "--lang", "en")
    assert code == 0 and "`baa." in out
    code, out, _ = run_cli(capsys, "cite", "root user")
    assert code == 0 and "`aws-account-security." in out and "archived" in out
    code, out, _ = run_cli(capsys, "cite", "cloudwatch-logs", "--topic", "backup")
    assert code == 1 and "No requirement of Amazon CloudWatch Logs is about backup" in out
    code, _, err = run_cli(capsys, "cite", "s3", "--topic", "encryption")
    assert code == 2 and "Unknown topic 'encryption'" in err


def test_cite_without_index_says_how_to_build_it(env: Settings, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPAA_GUIDE_INDEX_DIR", str(tmp_path / "nowhere"))
    code, _, err = run_cli(capsys, "cite", "s3")
    assert code == 2 and "python -m kb ingest" in err
