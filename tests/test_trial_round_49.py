"""Answers on the real corpus (trial round, stop 49): "required or optional?", a follow-up adding a service with a
question of its own, names the documents never mention, and a measure left out that a record makes a condition."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.phrases import phrase

from .conftest import conversation

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("questions", "key", "lang"), [
    (("ElastiCache for Redis 可以放 PHI 嗎? 有哪些必要設定", "靜態加密是必須的還是選配？"), "verdict_required", "zh"),
    (("RDS for SQL Server Express 에디션에 PHI 저장해도 되나요?", "감사(audit) 설정은 필수에요 선택이에요?"),
     "verdict_required", "ko"),
    (("Is CloudTrail log file integrity validation required or just recomended?",), "verdict_recommended", "en"),
    (("Is encryption at rest for ElastiCache Redis mandatory or optional?",), "verdict_required", "en"),
    (("Kinesis Data Streams 靜態加密要怎麼開？", "這個是必須的還是選配？"), "verdict_required_general", "zh"),
    (("CloudTrail 트레일은 꼭 만들어야 하나요 선택인가요?",), "verdict_required", "ko"),  # (since stop 55: the audit
    # logging the AWS BAA requires; the Korean edition says 생성해야 합니다)
])
def test_required_or_optional_gets_a_verdict(full_index: Settings, questions: tuple[str, ...], key: str,
                                             lang: str) -> None:
    """"Is it required or optional?" offers two answers, so it was read as a choice and given no verdict (49d K06 Z06
    E07): it asks whether the thing is required, and the record's strength says ("Required." for a must,
    "Recommended." for a should); a follow-up asking only that asks it of the conversation's topic (Kinesis
    encryption at rest, required by the rule for every service)."""
    a = conversation(KnowledgeBase(full_index), *questions)
    assert a.answer.startswith(phrase(lang, key)), a.answer[:200]


def test_a_follow_up_adding_a_service_is_decided_by_that_service(full_index: Settings) -> None:
    """"and CloudTrail, do we need an encrypted trail?" after a CloudWatch Logs question opened with CloudWatch Logs'
    "No step of yours: the service already encrypts it" (49d E06): CloudTrail, the service the question adds, is its
    subject (its "create an encrypted trail" sits under the rule for every service: "Yes")."""
    a = conversation(KnowledgeBase(full_index),
                     "Is it ok to ship app logs containing PHI into CloudWatch Logs without encrypting them ourselves?",
                     "and CloudTrail, do we need an encrypted trail?")
    assert a.verdict == "yes"
    assert "cloudtrail.encrypted-trail" in a.records
    assert not a.answer.startswith(phrase("en", "verdict_no_done"))
    a = conversation(KnowledgeBase(full_index), "EKS 노드에 PHI 로그가 남으면 어떻게 해야 하나요?",
                     "CloudWatch Logs도 따로 암호화해야 하나요?")  # (own question: "예" by the rule for EKS's silence)
    assert a.answer.startswith(phrase("ko", "verdict_no_done")), a.answer[:200]


@pytest.mark.parametrize(("question", "name"), [
    ("문서에 HITRUST 인증 얘기 있나요?", "HITRUST"),
    ("文件有提到 HITRUST 認證嗎？", "HITRUST"),
    ("Is HITRUST CSF certification inherited from AWS?", "HITRUST CSF"),
])
def test_a_name_no_document_mentions_is_refused(full_index: Settings, question: str, name: str) -> None:
    """"문서에 HITRUST 인증 얘기 있나요?" was answered with EC2 key pairs and the root user ("인증" also means
    authentication): the documents never mention HITRUST, and the refusal says so."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.abstained and a.reason == "unmentioned-name"
    assert phrase(a.lang, "refuse_unmentioned", names=name).strip() in a.answer


def test_a_name_no_document_mentions_is_said_before_what_they_say(full_index: Settings) -> None:
    """"Can we federate console access from Okta with SAML?" and "... every region incl. GovCloud ...?" were answered
    with whatever a word hit, never saying the documents do not speak of Okta or GovCloud (49b E11, 49d E12): said
    first, with no verdict; a follow-up naming only such a name does not keep the conversation's service (49d K11:
    Lambda's records under an Okta question). A name in the question's scene, not in what it asks, is no subject:
    "We use Terraform ...; must they be encrypted?" keeps its verdict."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Can we federate console access from Okta with SAML?")
    assert a.answer.startswith(phrase("en", "term_unstated", detail="Okta or SAML", below=phrase("en", "term_below")))
    assert a.verdict is None
    a = conversation(kb, "Lambda behind API Gateway for PHI - what to watch out for?",
                     "콘솔 로그인은 Okta 같은 외부 IdP로 SSO 하려는데 문서에 가이드 있나요?")
    assert a.answer.startswith(phrase("ko", "term_unstated", detail="Okta", below=phrase("ko", "term_below")))
    assert not any(s.id in ("lambda", "api-gateway") for s in a.services)
    a = kb.ask("We use Terraform to create the buckets; must they be encrypted?")
    assert a.verdict == "yes" and "Terraform" not in a.answer
    a = kb.ask("Okta를 IdP로 쓰려는데 Okta도 BAA 범위에 들어가나요? 따로 요구사항 있나요?")  # (by a general chapter)
    assert a.answer.startswith(phrase("ko", "term_unstated", detail="Okta", below=phrase("ko", "term_below")))
    a = kb.ask("AWS 有 HITRUST 認證嗎？SOC 2 報告呢？稽核人員要我們提供")  # (49e Z05: refused whole; SOC 2 is covered)
    assert not a.abstained and "SOC 2" in a.answer


@pytest.mark.parametrize("question", ["不開 SQS SSE 還能傳 PHI 嗎？", "SQS 서버 측 암호화 없이 PHI 보내도 되나요?",
                                      "Can we send PHI through SQS without server-side encryption?"])
def test_leaving_out_a_measure_a_record_makes_a_condition(full_index: Settings, question: str) -> None:
    """"不開 SQS SSE 還能傳 PHI 嗎？" was "否" in Korean and had no verdict in Chinese and English (49c Z04): SQS's
    record says that without server-side encryption the payload must be encrypted first: "Yes, with conditions."."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "conditional", a.answer[:200]
    assert a.records[0] == "sqs.encrypt-payload-without-sse", a.records


def test_a_clause_asking_of_another_service_keeps_the_record_naming_it(full_index: Settings) -> None:
    """"RDS for Oracle 的傳輸加密要用 SSL 還是 NNE？TDE 的金鑰可以放在 CloudHSM 嗎？" answered the second clause
    from the 2016 paper's CloudHSM records only (49c Z11): RDS for Oracle's own "TDE keys can be stored in CloudHSM"
    is listed."""
    a = KnowledgeBase(full_index).ask(
        "RDS for Oracle 的傳輸加密要用 SSL 還是 Oracle 原生網路加密(NNE)？TDE 的金鑰可以放在 CloudHSM 嗎？")
    assert "rds-oracle.tde-keys-cloudhsm" in a.records
    assert "rds-oracle.transit-encryption" in a.records
