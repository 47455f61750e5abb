"""Answers on the real corpus (trial round, stop 48): a service named with nothing asked of it but PHI, a service
name misspelled beside an acronym, Snowmobile, an English term typed inside a Korean or Chinese question, and
follow-ups asking "why?" or for the other edition's words."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.phrases import phrase
from kb.records import Context

from .conftest import conversation

pytestmark = pytest.mark.slow


def test_a_service_named_with_only_phi_is_asked_about_as_a_whole(full_index: Settings) -> None:
    """"Redshift PHI", "DynamoDB setup for PHI", "Redshift 設定 PHI" listed the one record that says "PHI" (transport
    encryption): nothing else is asked of the service, so it is what it needs as a whole, encryption at rest
    included (as "What do we need for Redshift with PHI?" lists it)."""
    kb = KnowledgeBase(full_index)
    for q, record in (("Redshift PHI", "redshift.cluster-encryption"),
                      ("Redshift 設定 PHI", "redshift.cluster-encryption"),
                      ("Redshift PHI 설정", "redshift.cluster-encryption"),
                      ("DynamoDB setup for PHI", "dynamodb.encrypt-at-rest")):
        a = kb.ask(q)
        assert record in a.records, q
        assert len(a.records) >= 3, q
    assert kb.ask("Redshift PHI").records[:1] == kb.ask("What do we need for Redshift with PHI?").records[:1]


def test_a_misspelled_service_beside_an_acronym_is_read(full_index: Settings) -> None:
    """"Can we use sagemkaer notebooks with PHI?" was read as naming no service (its capitals, "Can" and "PHI", made
    the lower-case "sagemkaer" an ordinary word) and answered from the BAA chapter."""
    kb = KnowledgeBase(full_index)
    for q in ("Can we use sagemkaer notebooks with PHI?", "sagemakr notebooks with PHI - what to configure?"):
        a = kb.ask(q)
        assert [s.id for s in a.services] == ["sagemaker"], q
        assert phrase("en", "misspelled", written=q.split()[3] if q.startswith("Can") else "sagemakr",
                      name="Amazon SageMaker") in a.answer


def test_snowmobile_has_no_section(full_index: Settings) -> None:
    """"Is Snowmobile covered under the BAA?" was answered with the BAA's boilerplate."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Is Snowmobile covered under the BAA?")
    assert a.abstained
    assert [s.id for s in a.not_covered] == ["snowmobile"]


def test_an_english_term_inside_a_korean_or_chinese_question(full_index: Settings) -> None:
    """"AWS Batch job definition 放病人資料可以嗎?" was "是。" (may AWS Batch hold PHI?), though the section says to
    keep PHI out of job definitions, as the all-Chinese question is answered; "Lambda environment variables에 PHI"
    says the documents do not speak of environment variables, as the all-Korean one does. A name of one word is no
    term: "SMS로 ... 마이그레이션" is AWS Server Migration Service, not a text message."""
    kb = KnowledgeBase(full_index)
    for q in ("AWS Batch job definition 放病人資料可以嗎?", "AWS Batch job definition에 환자 이름 넣어도 되나요?",
              "AWS Batch 任務定義可以放病人資料嗎？"):
        assert kb.ask(q).verdict == "no", q
    a = kb.ask("Lambda environment variables에 PHI 넣어도 돼?")
    assert a.verdict is None
    assert a.answer.startswith("문서는 환경 변수에 대해 다루지 않습니다.")
    a = kb.ask("SMS로 PHI가 있는 서버 VM을 마이그레이션할 때 참고할 가이드는?")
    assert [s.id for s in a.services] == ["server-migration-service"]
    assert a.answer.startswith("**AWS Server Migration Service**")


def test_why_asks_the_last_question_again(full_index: Settings) -> None:
    """"왜요?", "為什麼？", "why?" after an answer were refused as not covered; they ask the conversation's last
    question again, which is answered again and said so (the documents' reasons are in their quoted words)."""
    kb = KnowledgeBase(full_index)
    for first, then, why, lang in (
            ("Amazon MQ 브로커로 PHI 담긴 메시지 주고받을 건데 어떤 설정 해야 되나요?", "그거 필수예요?", "왜요?",
             "ko"),
            ("我們客服中心用 Amazon Connect，有哪些設定要注意？", "客戶個人檔案的網域名稱可以用病歷號嗎？", "為什麼？",
             "zh"),
            ("how do i set up amazon ecs for containers that handle phi?", "is fargate any different?", "why?", "en")):
        before = conversation(kb, first, then)
        a = conversation(kb, first, then, why)
        assert not a.abstained, why
        assert (a.question, a.restated, a.lang) == (why, then, lang)
        assert (a.records, a.verdict) == (before.records, before.verdict), why
        assert a.answer.endswith(phrase(lang, "restated_why", question=then))
        assert Context.after(a).question == then  # (a second "why?" asks the same again)


def test_the_other_editions_words(full_index: Settings) -> None:
    """"중국어 문서에서는 뭐라고 돼 있어요?", "韓文版原文怎麼寫？", "what does the Chinese edition say?" were refused or
    answered from the notice that the editions are machine translations: the last question again, quoting that
    edition."""
    kb = KnowledgeBase(full_index)
    zh_doc, ko_doc = kb.chain.composer.editions["zh"], kb.chain.composer.editions["ko"]
    for first, again, edition, lang, doc in (
            ("Amazon MQ 브로커 전송 중 암호화는 어떻게 하나요?", "중국어 문서에서는 뭐라고 돼 있어요?", "zh", "ko",
             zh_doc),
            ("Amazon Connect 客戶個人檔案的網域名稱可以用病歷號嗎？", "韓文版原文怎麼寫？", "ko", "zh", ko_doc),
            ("How do we encrypt Amazon MQ messages in transit?", "What does the Chinese edition say about this?", "zh",
             "en", zh_doc)):
        before = kb.ask(first)
        a = conversation(kb, first, again)
        assert (a.edition, a.lang, a.restated, a.records) == (edition, lang, first, before.records), again
        assert a.citations and all(c.doc_id == doc for c in a.citations if c.doc_id in (zh_doc, ko_doc))
        assert a.answer.endswith(phrase(lang, "restated_edition", question=first,
                                        language=phrase(lang, f"lang_{edition}")))
    assert kb.ask("중국어 문서에서는 뭐라고 돼 있어요?").restated is None  # (no conversation: nothing to ask again)


def test_what_a_feature_supports_and_leaves_out(full_index: Settings) -> None:
    """"Does Snowball support SSE-KMS?", "Snowball 可以用 SSE-KMS 嗎？" got no verdict, though the section says it
    "supports SSE-S3, but not SSE-KMS or SSE-C": the term asked stands in what the record leaves out. The term it
    names as supported is "Yes."."""
    kb = KnowledgeBase(full_index)
    for q, verdict in (("Does Snowball support SSE-KMS?", "no"), ("Snowball 可以用 SSE-KMS 嗎？", "no"),
                       ("Snowball은 SSE-C 지원하나요?", "no"), ("Does Snowball support SSE-S3?", "yes")):
        a = kb.ask(q)
        assert (a.verdict, a.records[:1]) == (verdict, ["snowball.sse-s3-only"]), q
    assert kb.ask("Does MSK support TLS?").verdict is None  # (no record leaves TLS out)


def test_how_often_is_said_not_given(full_index: Settings) -> None:
    """"How often should we test restores?", "다이제스트 파일은 얼마나 자주 검토해야 하나요?": the documents say
    "regularly" and give no frequency; the answer says so first."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("CloudTrail 다이제스트 파일은 얼마나 자주 검토해야 하나요?")
    assert a.answer.startswith("문서에는 이 질문의 주기(얼마나 자주)가 나와 있지 않습니다.")
    assert kb.ask("How often should we rotate IAM access keys?").answer.startswith(
        "The documents do not give a frequency for this")


def test_a_feature_of_another_service_and_its_host(full_index: Settings) -> None:
    """FireLens is Amazon ECS's log router: "we use firelens + fluent bit - anything special?" after a Fargate question
    was answered with Fargate's encryption records, not ECS's FireLens and Fluent Bit guidance. A section named after
    another service and silent on a topic points to that service's rule on it (S3 Transfer Acceleration: S3's rule on
    names)."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "is fargate ok for PHI containers?",
                     "ok and the container logs, we use firelens + fluent bit - anything special?")
    assert [s.id for s in a.services] == ["ecs"]
    assert "ecs.firelens-no-extra-configuration" in a.records
    assert kb.catalog.named_after(kb.catalog.get("s3-transfer-acceleration")).id == "s3"
    assert kb.catalog.named_after(kb.catalog.get("s3")) is None
    a = kb.ask("S3 Transfer Acceleration 可以拿來傳 PHI 嗎？另外 bucket 名稱或 object key 可以放病歷號嗎？")
    assert "s3.no-phi-in-names" in a.records


def test_what_about_a_section_with_no_obligation(full_index: Settings) -> None:
    """"那 Amazon Lex 呢？" after a question on names said only that the Lex section has no guidance on names: a
    section with no obligation shows its best records under what it does say."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "Amazon Connect 客戶個人檔案的網域名稱可以用病歷號嗎？", "那 Amazon Lex 呢？")
    assert a.verdict == "unstated"
    assert a.records and all(r.startswith("lex.") for r in a.records)


def test_a_tickets_numbered_questions_name_the_services_asked(full_index: Settings) -> None:
    """A ticket naming five services in its scene and asking of three in numbered items cut the third (Athena; the
    CloudWatch Logs item, "CWL", likewise): the items' services come first, the scene's after them."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("【架構審查】IoT 血糖機 → AWS IoT Core → Kinesis Data Streams → Firehose → S3 → Athena 查詢。"
               "請確認：1) IoT Core 傳輸加密 2) Kinesis 靜態加密怎麼開 3) Athena 查詢結果要怎麼加密")
    assert "athena" in {s.id for s in a.services}
    a = kb.ask("Ticket review pls: API GW (REST) -> Lambda -> DynamoDB; Lambda writes debug logs incl. patient payload "
               "to CloudWatch Logs. Qs: (a) is HTTPS enforced on API GW or do we configure it, (b) do we need to "
               "re-encrypt the logs going into CWL, (c) anything special for the DynamoDB connection?")
    assert {s.id for s in a.services} == {"api-gateway", "cloudwatch-logs", "dynamodb"}


def test_a_longer_name_misspelled_past_the_one_spelled_right(full_index: Settings) -> None:
    """"Comprehend Medcial ok for PHI?" read "Comprehend" and said the documents do not name "Comprehend Medcial";
    the misspelled longer name holding it is the service asked (and "AWS Step Functons" is no "AWS SFTP")."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Comprehend Medcial ok for PHI?")
    assert [s.id for s in a.services][:1] == ["comprehend-medical"]
    assert phrase("en", "misspelled", written="Comprehend Medcial", name="Amazon Comprehend Medical") in a.answer
    assert [s.id for s in kb.analyze("AWS Step Functons with PHI?").services] == ["step-functions"]


def test_a_prohibition_on_what_may_we_asks(full_index: Settings) -> None:
    """"ECS tasks with FireLens/Fluent Bit - can our app write PHI to log files inside the container?" listed only
    "FireLens and Fluent Bit need no additional configuration ... unless the logs contain PHI" (the product names fit
    it best): the record forbidding PHI log files without disk encryption answers what is asked."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("ECS tasks with FireLens/Fluent Bit - can our app write PHI to log files inside the container?")
    assert "ecs.no-phi-in-unencrypted-log-files" in a.records
