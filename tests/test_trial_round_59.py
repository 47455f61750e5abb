"""Answers on the real corpus (trial round, stop 59): whether a service keeps the text it is given, secrets named as DB
passwords, data that holds no PHI, the study notes' Amazon Cognito section, and disaster recovery asked beside a
service's backups."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("question", ["does Comprehend Medical store the text?",
                                      "Does Transcribe keep the audio files we send?",
                                      "Translate 會保留我們傳的文字嗎?"])
def test_keeping_the_data_given_is_answered_no(full_index: Settings, question: str) -> None:
    """"the text", "the audio files" name the data the service is given, no thing another record speaks of (stop 58:
    Comprehend's "detect PII in English text documents" held "text" and took the verdict away)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "no", a.answer


def test_a_thing_another_record_speaks_of_still_outdoes_keeping_no_data(full_index: Settings) -> None:
    """Custom models are no data given: their record, not "Comprehend does not retain or store any data", answers."""
    a = KnowledgeBase(full_index).ask("Does Comprehend store custom models?")
    assert a.verdict is None, a.answer


@pytest.mark.parametrize("question", ["DB 비번이랑 API 키 같은 시크릿은 KMS로 관리해야 하나요",
                                      "시크릿 어디에 저장해야 돼요",
                                      "where should we keep third-party API keys for the PHI app?"])
def test_secrets_asked_by_what_they_are_reach_secrets_manager(full_index: Settings, question: str) -> None:
    """DB passwords and third-party API keys are what the Secrets Manager section stores (trial 58b WRONG: KMS's
    data-key records alone; "시크릿 어디에" was refused)."""
    a = KnowledgeBase(full_index).ask(question)
    assert not a.abstained
    assert a.services[0].id == "secrets-manager", [s.id for s in a.services]


def test_an_api_gateway_api_key_is_no_secret(full_index: Settings) -> None:
    """API Gateway's own API keys name no Secrets Manager."""
    a = KnowledgeBase(full_index).ask("API Gateway API keys 要怎麼設定?")
    assert [s.id for s in a.services] == ["api-gateway"]


_NO_PHI = {"韌體更新檔放 S3 再用 CloudFront 發佈，需要開加密嗎？": "文件的規定是針對 PHI 的",
           "Do we need to encrypt the static website assets in S3?": "The documents' rules are for PHI.",
           "Do we need to encrypt synthetic test data in RDS?": "The documents' rules are for PHI."}


@pytest.mark.parametrize("question", sorted(_NO_PHI))
def test_data_that_holds_no_phi_gets_no_verdict_by_the_rule_for_phi(full_index: Settings, question: str) -> None:
    """Firmware, static website assets and synthetic data hold no PHI: the rule that PHI be encrypted does not decide
    (trial 58k WRONG: "是（依適用於所有服務的規則）" for firmware), and the answer says first that the rules are for
    PHI."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None
    assert a.answer.startswith("**" + _NO_PHI[question].lstrip("*")), a.answer[:200]


def test_de_identified_data_says_once_that_the_documents_do_not_speak_of_it(full_index: Settings) -> None:
    """De-identified data is a term the documents do not speak of (data/details.yaml): that note alone, no verdict
    (was "예 (모든 서비스에 적용되는 규칙에 따름)")."""
    a = KnowledgeBase(full_index).ask("비식별화된 데이터도 S3에 암호화해야 하나요?")
    assert a.verdict is None
    assert a.answer.startswith("문서는 비식별화(익명화)된 데이터에 대해 다루지 않습니다."), a.answer[:200]
    assert "문서의 지침은 PHI에 대한 것입니다" not in a.answer


def test_phi_in_s3_still_must_be_encrypted(full_index: Settings) -> None:
    a = KnowledgeBase(full_index).ask("Do we need to encrypt PHI in S3?")
    assert a.verdict == "yes"


@pytest.mark.parametrize("question", ["cognito + lambda: make sure patients only access their own records",
                                      "Cognito로 환자별 접근 제어 어떻게 해요?"])
def test_the_study_notes_cognito_section_is_listed(full_index: Settings, question: str) -> None:
    """The study notes have an AWS Cognito section (roles mapped to users, each reaching only what it is authorized
    for); trial 59a WRONG listed only Comprehend's multi-tenancy bullet."""
    a = KnowledgeBase(full_index).ask(question)
    assert "cognito.notes-roles-per-user" in a.records, a.records


@pytest.mark.parametrize("question", ["backup and DR for ec2 media servers, whats recommended?",
                                      "EC2랑 EBS 백업은 어떻게 하고 DR은 어떻게 구성?"])
def test_disaster_recovery_beside_a_service_lists_the_chapters_dr_on_it(full_index: Settings, question: str) -> None:
    """The EC2 section gives no backups or DR; the audit, backup and DR chapter's record on DR for EC2 (several
    Availability Zones, Elastic IP failover) is listed, not the 2016 paper's BC/DR tools of RDS (trials 59a, 59c)."""
    a = KnowledgeBase(full_index).ask(question)
    assert "auditing-backups-dr.ec2-multi-az-failover" in a.records, a.records
    assert "auditing-backups-dr.bp2016-container-bcdr-customer" not in a.records, a.records


def test_the_dr_section_named_asks_no_disaster_recovery(full_index: Settings) -> None:
    """"the auditing, backup and DR section" names the chapter: its S3 availability record answers."""
    a = KnowledgeBase(full_index).ask(
        "What availability is Amazon S3 designed for according to the auditing, backup and DR section?")
    assert "auditing-backups-dr.s3-redundant-copies" in a.records, a.records


@pytest.mark.parametrize("question", [
    "Transcribe로 통화 녹취 텍스트 변환하고 Comprehend Medical로 분석하려는데 둘다 PHI 처리 가능한가요",
    "is Kinesis Video Streams ok for live call audio with PHI? HIPAA eligible?"])
def test_eligibility_stands_beside_data_the_documents_do_not_speak_of(full_index: Settings, question: str) -> None:
    """Whether a service may process PHI is decided by its section whatever data it is given: call recordings, of
    which the documents do not speak, are said to be so after the verdict (trial 59b: no verdict)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "yes", a.answer
    _, _, rest = a.answer.partition("\n\n")
    assert rest.startswith(("문서는 통화 녹음에 대해 다루지 않습니다.",
                            "The documents do not speak of call recordings")), rest[:100]


@pytest.mark.parametrize("question", ["Can we put PHI in Lambda environment variables?",
                                      "Okta로 SSO 붙여서 WorkSpaces에 PHI 써도 되나요?"])
def test_a_part_or_a_product_the_documents_never_name_keeps_no_verdict(full_index: Settings, question: str) -> None:
    """A part of the service the documents do not speak of, or a product they never name, is no eligibility
    question: a "Yes." would read as one for the environment variables or for Okta."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None, a.answer


def test_reading_patient_results_aloud_asks_whether_polly_may_process_phi(full_index: Settings) -> None:
    """"念出病患的檢驗結果" uses Polly on PHI (trial 59b: no verdict)."""
    a = KnowledgeBase(full_index).ask("可以用 Amazon Polly 念出病患的檢驗結果嗎？")
    assert a.verdict == "yes", a.answer
