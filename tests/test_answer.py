"""The answer chain on the tiny corpus: cited answers, refusals, markers, quotes, errors."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from kb.cli import main
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.errors import IndexMissingError, QueryError
from kb.records import Answer, Context


@pytest.fixture
def kb(settings: Settings) -> KnowledgeBase:
    # The fake embedder's cosines are lower than a real model's: its own refusal threshold.
    settings = replace(settings, min_score=0.2, closest_score=0.3)
    ingest(settings, log=lambda _: None)
    return KnowledgeBase(settings)


def _check_citations(kb: KnowledgeBase, answer: Answer) -> None:
    """Markers resolve, numbers run 1..n, each quote is one whole span quoted verbatim with its lines."""
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} == set(numbers)
    assert len({c.span_id for c in answer.citations}) == len(answer.citations)
    for c in answer.citations:
        span = kb.index.span(c.span_id)
        assert span is not None and c.quote == span.quote
        assert c.span_id == f"{c.doc_id}:{span.start}-{span.end}"
        assert kb.index.texts[c.doc_id].count("\n", 0, span.start) + 1 == c.line_start
        for record_id in c.records:
            assert c.span_id in [e.span for e in kb.requirements.get(record_id).evidence]


def test_korean_question_is_answered_from_its_record_in_korean(kb: KnowledgeBase) -> None:
    answer = kb.ask("S3 버킷에 PHI 저장할 때 전송 중 암호화는?")
    assert not answer.abstained and answer.lang == "ko" and answer.edition == "ko"
    assert [(s.id, s.name) for s in answer.services] == [("s3", "Amazon S3")]
    assert answer.records == ["s3.transit-https"]
    assert answer.answer.splitlines()[:2] == [
        "**Amazon S3**", "- PHI가 있는 Amazon S3에는 암호화된 전송(HTTPS)을 허용하는 엔드포인트로만 연결합니다. [1]"]
    assert [(c.doc_id, c.records) for c in answer.citations] == [("mini-ko", ("s3.transit-https",))]
    assert "[n]은 출처 문서의 원문 인용입니다" in answer.answer
    _check_citations(kb, answer)


def test_chinese_question_quotes_the_chinese_edition_and_a_topic_no_record_states(kb: KnowledgeBase) -> None:
    answer = kb.ask("雷迪斯 傳輸加密 要怎麼設定？")
    assert not answer.abstained and answer.lang == "zh" and answer.records == []
    assert {c.doc_id for c in answer.citations} == {"mini-zh"}
    # "要怎麼設定" (how to configure): the sentence that says what to configure (idf-weighted words)
    quote = "客戶還必須確保叢集和叢集中的節點設定為加密靜態資料、啟用傳輸加密，以及啟用 Redis 命令的驗證。"
    assert f"原文：「{quote}」" in answer.answer
    assert answer.facets == [{"section": "elasticache-redis", "topic": "encryption-in-transit", "covered": True,
                              "records": [], "pointers": []}]
    _check_citations(kb, answer)


def test_english_question_gets_english_statements_and_one_edition(kb: KnowledgeBase) -> None:
    answer = kb.ask("Postgres on RDS: how must connections carrying PHI be encrypted?")
    assert not answer.abstained and answer.lang == "en" and answer.edition == "ko"
    assert [s.id for s in answer.services] == ["rds-postgresql"]
    assert answer.answer.splitlines()[:2] == [
        "**Amazon RDS for PostgreSQL**", "- Use encryption in transit for connections to Amazon RDS for PostgreSQL "
                                         "that carry PHI. [1]"]
    assert "[n] quotes the source's own words (" in answer.answer and "Korean edition)" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"mini-ko"}
    _check_citations(kb, answer)


def test_yes_no_question_gets_a_verdict_first(kb: KnowledgeBase) -> None:
    answer = kb.ask("Can I put patient IDs in S3 object names?")
    assert answer.verdict == "no"
    assert answer.answer.startswith("**No.** Do not put PHI in bucket names, object names or metadata; "
                                    "server-side encryption does not encrypt them. [1] [2]")
    must = kb.ask("Do I need to encrypt connections to Postgres on RDS?")
    assert must.verdict == "yes" and must.answer.startswith("**Yes.** Use encryption in transit")
    _check_citations(kb, answer)


def test_topic_a_section_does_not_cover_is_said_plainly(kb: KnowledgeBase) -> None:
    answer = kb.ask("Should I turn on S3 server access logging?")
    assert not answer.abstained and answer.verdict == "unstated" and answer.citations == []
    assert answer.answer.splitlines() == ["**The documents do not say.**", "", "**Amazon S3**",
                                          "- The Amazon S3 section has no guidance on logging and audit."]


def test_two_service_question_covers_both(kb: KnowledgeBase) -> None:
    answer = kb.ask("Redis 캐시와 S3 버킷의 저장 데이터 암호화 요구 사항")
    assert [s.id for s in answer.services] == ["elasticache-redis", "s3"]
    assert {c.service_id for c in answer.citations} == {"elasticache-redis", "s3"}
    assert answer.records[0] == "s3.encryption-at-rest-options"
    _check_citations(kb, answer)


def test_look_alike_is_refused_and_neighbour_named(kb: KnowledgeBase) -> None:
    answer = kb.ask("ElastiCache for Memcached에 PHI를 저장할 때 암호화는?")
    assert answer.abstained and answer.citations == [] and answer.reason == "uncovered-service"
    assert [s.id for s in answer.not_covered] == ["elasticache-memcached"]
    assert "Amazon ElastiCache for Memcached에 대한 섹션이 없습니다" in answer.answer
    assert "문서가 다루는 서비스 중 가장 가까운 것: Amazon ElastiCache for Redis." in answer.answer
    url = "https://aws.amazon.com/compliance/hipaa-eligible-services-reference/"
    assert f"AWS HIPAA 적격 서비스 참조({url})" in answer.answer


def test_other_cloud_is_refused(kb: KnowledgeBase) -> None:
    answer = kb.ask("How do I encrypt PHI in Azure Blob Storage?")
    assert answer.abstained and answer.reason == "other-cloud" and answer.citations == []
    assert "Microsoft Azure: outside their scope (AWS)" in answer.answer


def test_software_run_outside_aws_is_refused(kb: KnowledgeBase) -> None:
    answer = kb.ask("How do we tune Redis on our on-prem servers?")
    assert answer.abstained and answer.reason == "outside-aws" and answer.citations == []
    assert "Software run outside AWS (on premises) is outside their scope (AWS)." in answer.answer
    assert "Closest covered services: Amazon ElastiCache for Redis." in answer.answer


def test_a_refused_question_keeps_the_conversations_context(kb: KnowledgeBase) -> None:
    """Context.after(refused answer, previous) is the context the refused question was asked in: the next follow-up
    still asks of the conversation's service; without `previous` it is the refused answer's own (empty) context."""
    first = kb.ask("Redis에서 전송 중 암호화는 어떻게 해요?")
    context = Context.after(first)
    refused = kb.ask("How do I encrypt PHI in Azure Blob Storage?", context=context)
    assert refused.abstained and Context.after(refused, context) == context
    assert Context.after(refused).services == () and Context.after(first, Context()) == context
    follow = kb.ask("그럼 로깅은?", context=Context.after(refused, context))
    assert [s.id for s in follow.services][:1] == ["elasticache-redis"]


def test_why_and_the_other_edition_ask_the_last_question_again(kb: KnowledgeBase) -> None:
    """"왜요?" and "중국어 문서에서는?" after an answer ask its question again (the Context keeps it, through JSON):
    the same records, in the edition asked for, said so; with no conversation nothing is asked again."""
    first = kb.ask("Redis에서 전송 중 암호화는 어떻게 해요?")
    context = Context.from_json(json.loads(json.dumps(Context.after(first).to_json())))
    assert context == Context.after(first) and context.question == first.question
    assert context.records == tuple(first.records)  # (what a follow-up does not list again)
    why = kb.ask("왜요?", context=context)
    assert (why.restated, why.records, why.lang, why.edition) == (first.question, first.records, "ko", "ko")
    assert why.answer.endswith("직전 질문(“Redis에서 전송 중 암호화는 어떻게 해요?”)에 다시 답했습니다. "
                               "문서가 이유를 밝히는 곳은 인용된 문장뿐입니다.")
    assert Context.after(why).question == first.question
    other = kb.ask("중국어 문서에서는 뭐라고 돼 있어요?", context=Context.after(why))
    assert (other.restated, other.records, other.lang, other.edition) == (first.question, first.records, "ko", "zh")
    assert Context.after(other, Context.after(why)).edition == "ko"  # (the other edition, asked for once)
    assert kb.ask("왜요?").restated is None


def test_off_topic_is_refused_without_citations(kb: KnowledgeBase) -> None:
    answer = kb.ask("오늘 저녁 김치찌개 레시피 알려줘")
    assert answer.abstained and answer.reason == "low-confidence" and answer.citations == []
    assert answer.services == []


@pytest.mark.parametrize("question", ["What are the HIPAA penalty amounts?", "Does GDPR apply to our S3 buckets?",
                                      "개인정보보호법상 국외이전 동의를 받아야 하나요?"])
def test_a_legal_question_is_refused_even_when_it_names_a_service(kb: KnowledgeBase, question: str) -> None:
    answer = kb.ask(question)
    assert answer.abstained and answer.reason == "legal" and answer.citations == []


def test_covered_and_uncovered_together(kb: KnowledgeBase) -> None:
    answer = kb.ask("Redis와 Memcached 중 PHI 전송 암호화는?")
    assert not answer.abstained
    assert [s.id for s in answer.services] == ["elasticache-redis"]
    assert [s.id for s in answer.not_covered] == ["elasticache-memcached"]
    assert "Amazon ElastiCache for Memcached는 제공된 문서에서 다루지 않습니다" in answer.answer


def test_service_context_applies_when_question_names_none(kb: KnowledgeBase) -> None:
    answer = kb.ask("로깅은 어떻게 하나요?", services=["Postgres"])
    assert [s.id for s in answer.services] == ["rds-postgresql"]


@pytest.mark.parametrize("question,message", [("  ", "empty"), ("가" * 4001, "4,001 characters")])
def test_bad_questions(kb: KnowledgeBase, question: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        kb.ask(question)


def test_missing_index(settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="python -m kb ingest"):
        KnowledgeBase(settings).ask("S3 암호화")


def test_cli_ask_json_contract(env: Settings, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPAA_GUIDE_MIN_SCORE", "0.2")
    main(["ingest"])
    capsys.readouterr()
    assert main(["ask", "--json", "S3 버킷 암호화"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert set(obj) >= {"question", "lang", "abstained", "answer", "services", "citations", "latency_ms"}
    assert obj["services"] == [{"id": "s3", "name": "Amazon S3"}]
    assert set(obj) >= {"verdict", "records", "facets", "edition"}
    cit = obj["citations"][0]
    assert set(cit) >= {"n", "chunk_id", "doc_id", "title", "lang", "section", "service_id", "quote", "page",
                        "line_start", "line_end"}
    assert cit["page"] is None and isinstance(cit["line_start"], int)
    assert main(["ask", "S3 버킷 암호화"]) == 0  # the citation lines speak the asker's language
    cited = [line for line in capsys.readouterr().out.splitlines() if line.startswith("[1] ")]
    assert cited and "(한국어판)" in cited[0] and "edition" not in cited[0]


def test_cli_ask_file_one_line_per_question_in_order(env: Settings, capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPAA_GUIDE_MIN_SCORE", "0.2")
    main(["ingest"])
    capsys.readouterr()
    questions = tmp_path / "q.txt"
    questions.write_text("雷迪斯 傳輸加密\n\nMemcached encryption?\nS3 버킷 암호화\n", encoding="utf-8")
    assert main(["ask", "--json", "--file", str(questions)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["question"], r["abstained"]) for r in rows] == [
        ("雷迪斯 傳輸加密", False), ("Memcached encryption?", True), ("S3 버킷 암호화", False)]


def test_cli_ask_errors_exit_2(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "S3 암호화"]) == 2
    assert "No index found" in capsys.readouterr().err
    main(["ingest"])
    capsys.readouterr()
    assert main(["ask", ""]) == 2
    assert "The question is empty" in capsys.readouterr().err
    assert main(["ask", "x" * 4001]) == 2
    assert "the limit is 4,000" in capsys.readouterr().err


def test_context_services_do_not_answer_unrelated_or_out_of_scope_questions(kb: KnowledgeBase) -> None:
    off_topic = kb.ask("오늘 저녁 김치찌개 레시피 알려줘", services=["s3"])
    assert off_topic.abstained and off_topic.citations == []
    other_cloud = kb.ask("그럼 Azure에서는요?", services=["s3"])
    assert other_cloud.abstained and other_cloud.reason == "other-cloud"
    follow_up = kb.ask("전송 중 암호화는요?", services=["s3"])
    assert [s.id for s in follow_up.services] == ["s3"] and not follow_up.abstained


def test_preferred_edition_picks_the_quoted_document(kb: KnowledgeBase) -> None:
    default = kb.ask("S3 버킷 전송 중 암호화")
    chinese = kb.ask("S3 버킷 전송 중 암호화", prefer_lang="zh")
    assert {c.doc_id for c in default.citations} == {"mini-ko"}
    assert {c.doc_id for c in chinese.citations} == {"mini-zh"}
    # The statements stay in the question's language; the quotes come from the preferred edition.
    assert chinese.lang == "ko" and chinese.edition == "zh"
    assert chinese.answer.splitlines()[1].startswith("- PHI가 있는 Amazon S3에는")


def test_follow_up_keeps_services_edition_and_a_bare_question_keeps_the_language(kb: KnowledgeBase) -> None:
    first = kb.ask("S3 버킷 전송 중 암호화", prefer_lang="zh")
    context = Context.after(first)
    assert context == Context(("s3",), "ko", "zh", ("encryption-in-transit",), None, question="S3 버킷 전송 중 암호화",
                              records=("s3.transit-https",))
    follow = kb.ask("S3?", context=context)  # no words of its own: the conversation's language and edition
    assert follow.lang == "ko" and follow.edition == "zh" and {c.doc_id for c in follow.citations} == {"mini-zh"}
    english = kb.ask("And the bucket names?", context=context)  # its own words: answered in English
    assert english.lang == "en" and english.edition == "zh" and [s.id for s in english.services] == ["s3"]
    assert english.records == ["s3.no-phi-in-names"]


@pytest.mark.parametrize("title,said", [
    ("AWS 보안 모범 사례", "⚠ AWS 보안 모범 사례는 보관(archived)된"),  # 례: no final consonant
    ("감사 문서", "⚠ 감사 문서는 보관"),
    ("보안 지침", "⚠ 보안 지침은 보관"),  # 침: final consonant
    ("AWS Security Notes", "⚠ AWS Security Notes는 보관"),  # a Latin name by how it is read: 노츠
    ("AWS CloudTrail", "⚠ AWS CloudTrail은 보관"),  # 트레일
    ("Amazon RDS for Oracle", "⚠ Amazon RDS for Oracle은 보관"),  # 오라클
    ("AWS Backup", "⚠ AWS Backup은 보관"),  # 백업
    ("AWS Lambda", "⚠ AWS Lambda는 보관"),  # 람다
    ("Amazon EMR", "⚠ Amazon EMR은 보관"),  # 이엠알: an acronym by its letters' names
    ("Amazon DynamoDB", "⚠ Amazon DynamoDB는 보관"),  # 디비
    ("Amazon Route 53", "⚠ Amazon Route 53은 보관"),  # 오십삼
    ("Amazon Simple Storage Service (Amazon S3)", "⚠ Amazon Simple Storage Service (Amazon S3)는 보관"),
    ("보안 학습 노트 (IAM, KMS)", "⚠ 보안 학습 노트 (IAM, KMS)는 보관"),  # the word before the parenthesis
    ("보안 지침 (2016)", "⚠ 보안 지침 (2016)은 보관"),
])
def test_a_korean_particle_follows_the_name_it_is_attached_to(title: str, said: str) -> None:
    from kb.phrases import phrase

    assert phrase("ko", "archived", title=title, year="2016").startswith(said)


def test_another_privacy_law_is_pointed_to_its_own_authority_not_to_hhs() -> None:
    from kb.phrases import legal_note

    assert legal_note("ko", ["other-laws", "penalties"]) == (
        "제공된 문서는 법률 문제(개인정보보호법 등 HIPAA 외의 법률)를 다루지 않습니다. "
        "해당 법률을 집행하는 감독 기관의 자료나 법률 자문을 참고하십시오.")
    assert "hhs.gov" in legal_note("en", ["breach-notification"])
    assert "hhs.gov" not in legal_note("zh", ["other-laws"])
