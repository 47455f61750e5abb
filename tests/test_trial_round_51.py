"""Answers on the real corpus (trial round, stop 51): a product variant asked beyond eligibility, a follow-up that is
one name or asks what the service needs, service names typed in lower case, a detail one service's record gives of
another, everyday Korean and English wordings, and details the documents do not give."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.phrases import phrase

from .conftest import conversation

pytestmark = pytest.mark.slow


def test_a_permission_asked_after_a_leading_clause(full_index: Settings) -> None:
    """"Once we sign the BAA, can every AWS service handle PHI?" got no verdict (the "can" after the comma was read
    only before we/i/you/they): the BAA chapter's "PHI only in the HIPAA eligible services" answers no."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Once we sign the BAA, can every AWS service handle PHI?")
    assert (a.verdict, a.records[0]) == ("no", "baa.phi-only-in-eligible-services")
    a = kb.ask("If the bucket is encrypted, can object names contain patient IDs?")  # "bucket" names S3, as 버킷 does
    assert (a.verdict, a.records[0]) == ("no", "s3.no-phi-in-names")


@pytest.mark.parametrize(("question", "lang"), [
    ("DynamoDB Accelerator(DAX) 클러스터 생성할 때 저장 데이터 암호화 옵션은 어떻게 켜나요?", "ko"),
    ("Does DynamoDB Accelerator encrypt at rest?", "en"),
])
def test_a_variant_asked_beyond_eligibility_is_said_to_be_unnamed(full_index: Settings, question: str,
                                                                   lang: str) -> None:
    """The DAX question was answered with DynamoDB's table encryption as if it were DAX's (51a K11): the documents do
    not name DynamoDB Accelerator, and the answer says so before DynamoDB's records, with no verdict of DynamoDB's."""
    a = KnowledgeBase(full_index).ask(question)
    first = phrase(lang, "variant_beside", variant="DynamoDB Accelerator", service="Amazon DynamoDB")
    assert a.answer.startswith(first) and a.verdict is None
    assert a.records and all(r.startswith("dynamodb.") for r in a.records), a.records


@pytest.mark.parametrize("question", ["Is AWS Transfer Family HIPAA eligible?", "Is RDS PostgreSQL HIPAA eligible?",
                                      "RDS PostgreSQL 的自動備份和快照也會一起加密嗎？"])
def test_a_sections_own_name_is_no_variant(full_index: Settings, question: str) -> None:
    """The section's own English name ("AWS Transfer Family") and a family name with an engine the catalog names ("RDS
    PostgreSQL") are no variant the documents leave unnamed (the eligibility answer said "The documents do not name
    AWS Transfer Family. They cover AWS Transfer Family")."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict in ("yes", "conditional"), (a.verdict, a.answer[:120])


def test_a_follow_up_asking_what_to_turn_on(full_index: Settings) -> None:
    """"뭐 켜야됨" after "레디스에 PHI 저장 가능?" was refused, naming Amazon Forecast as the closest service (51c K02):
    what the conversation's service needs as a whole."""
    a = conversation(KnowledgeBase(full_index), "레디스에 PHI 저장 가능?", "뭐 켜야됨")
    assert not a.abstained and "elasticache-redis.encryption-and-auth" in a.records, a.records


def test_a_follow_up_that_is_one_name(full_index: Settings) -> None:
    """"pinpoint?" after "is polly hipaa elgible" was refused, listing Pinpoint as the closest service (51c E07), and
    "SES?" was answered from the shared-responsibility chapter: a name alone is asked what the conversation asked;
    "backup?" still asks of the conversation's service's backups."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "is polly hipaa eligible?", "pinpoint?")
    assert a.verdict == "yes" and [s["id"] for s in a.to_json()["services"]] == ["amazon-pinpoint"]
    a = conversation(kb, "is polly hipaa eligible?", "SES?")
    assert a.verdict == "yes" and [s["id"] for s in a.to_json()["services"]] == ["ses"]
    a = conversation(kb, "How should we encrypt RDS MySQL?", "backup?")
    assert [s["id"] for s in a.to_json()["services"]] == ["rds-mysql"]


def test_service_names_in_a_question_typed_in_lower_case(full_index: Settings) -> None:
    """An all-lower-case question names its services ("is polly hipaa eligible?" is about Amazon Polly)."""
    kb = KnowledgeBase(full_index)
    for question, service in [("is polly hipaa eligible?", "polly"), ("is ses hipaa eligible?", "ses")]:
        a = kb.ask(question)
        assert a.verdict == "yes" and [s["id"] for s in a.to_json()["services"]] == [service], question


def test_a_detail_one_services_record_gives_of_another(full_index: Settings) -> None:
    """"... and what S3 endpoint format should the function use?" opened "The documents do not give an endpoint
    address" above Lambda's "address Amazon S3 as https://bucket.s3-aws-region.amazonaws.com" (51a E08)."""
    a = KnowledgeBase(full_index).ask("lambda triggered by s3 events - can the object key have PHI in it? and what S3 "
                                      "endpoint format should the function use?")
    assert a.records[0] == "lambda.encrypted-connections"
    assert not a.answer.startswith(phrase("en", "detail_unstated", detail="an endpoint address", below=""))


@pytest.mark.parametrize(("question", "verdict"), [
    ("클라우드와치 로그에 phi 찍혀도 괜찮나", "yes"),  # (PHI that shows up in the logs is put there: stop 54)
    ("s3 버킷명에 환자이름 넣어도 괜찮나", "no"),
    ("s3 버킷명에 환자이름 넣어도 되요?", "no"),
])
def test_everyday_korean_wordings(full_index: Settings, question: str, verdict: str | None) -> None:
    """"클라우드와치" (51c K06) names CloudWatch as 클라우드워치 does; "버킷명" is a bucket name, and "괜찮나"/"되요?"
    ask may we ("s3 버킷명에 ... 넣어도 되나요?" was "예." for S3's eligibility)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == verdict
    if question.startswith("클라우드"):  # (its eligibility "예." cites the BAA's rule first)
        assert any(r.startswith("cloudwatch-logs.") for r in a.records), a.records
    else:
        assert a.records[0] == "s3.no-phi-in-names"


def test_how_often_logs_are_reviewed(full_index: Settings) -> None:
    """"How often should logs be reviewed?" was refused (51b E05: "logs" was no term of the logging topic)."""
    a = KnowledgeBase(full_index).ask("How often should logs be reviewed?")
    assert not a.abstained and "security-logging.bp2016-daily-log-review" in a.records


def test_logs_containing_phi_are_the_data_asked_about(full_index: Settings) -> None:
    """"ECS에서 로그에 PHI가 포함되면 어떻게 해야 하나요?" got FireLens's "no extra configuration unless the logs
    contain PHI" alone: logs that contain PHI are the data, not a question about logging, so ECS's records on them
    are listed."""
    a = KnowledgeBase(full_index).ask("ECS에서 로그에 PHI가 포함되면 어떻게 해야 하나요?")
    assert "ecs.no-phi-in-unencrypted-log-files" in a.records, a.records


@pytest.mark.parametrize(("question", "lang"), [
    ("AWS WAF 的 rate-based rule 每 5 分鐘的請求門檻最低可以設多少？", "zh"),
    ("What is the minimum request threshold for a WAF rate-based rule?", "en"),
])
def test_a_request_threshold_is_a_quota_the_documents_do_not_give(full_index: Settings, question: str,
                                                                  lang: str) -> None:
    """The WAF rate-based rule's minimum threshold got WAF's generic records with no word that the documents do not
    give it (51b Z11)."""
    a = KnowledgeBase(full_index).ask(question)
    label = {"en": "service quotas or limits", "zh": "服務配額（上限）"}[lang]
    assert label in a.answer.split("\n")[0]


@pytest.mark.parametrize("question", ["루트에 MFA 걸 때 어떤 MFA 디바이스를 쓸 수 있어요?",
                                      "根帳號要開 MFA，可以用哪些 MFA 裝置？"])
def test_the_kinds_of_mfa_device(full_index: Settings, question: str) -> None:
    """"어떤 MFA 디바이스를 쓸 수 있어요?" after "루트에" got only "keep the root user's MFA device safe" (51b K02): the
    study notes' virtual, U2F and hardware devices are listed."""
    a = KnowledgeBase(full_index).ask(question)
    assert "aws-account-security.notes-mfa-token-options" in a.records, a.records


def test_a_chapter_with_nothing_to_say_gives_its_place_to_one_left_out(full_index: Settings) -> None:
    """"EC2에서 돌아가는 앱이 S3 버킷을 읽어야 하는데, 액세스 키를 인스턴스에 넣는 대신 IAM role 쓰는 게 맞죠?"
    named four sections; the account chapter ("액세스 키") had nothing on it and the IAM chapter, the one asked, was
    left out past the answer's limit of three (51b K03): EC2's Windows-AMI passwords and S3's ACLs answered it."""
    a = KnowledgeBase(full_index).ask("EC2에서 돌아가는 앱이 S3 버킷을 읽어야 하는데, 액세스 키를 인스턴스에 넣는 대신 "
                                      "IAM role 쓰는 게 맞죠?")
    assert "aws-iam.bp2016-ec2-role-instance-metadata" in a.records, a.records
    assert not any(r.startswith("ec2.bp2016-windows") for r in a.records), a.records


@pytest.mark.parametrize(("question", "lang"), [
    ("SQS 佇列如果已經開了 SSE，client 還需要走 HTTPS 嗎？", "zh"),
    ("SQS에 SSE 켜져 있는데, 클라이언트는 그래도 HTTPS 써야 하나요?", "ko"),
])
def test_a_measure_said_to_be_on_is_the_scene(full_index: Settings, question: str, lang: str) -> None:
    """"SQS 佇列如果已經開了 SSE，client 還需要走 HTTPS 嗎？" was "可選。" by the at-rest record "without SSE, encrypt
    the payload" (51e Z01): SSE already on sets the scene; HTTPS is what is asked, and SQS's must answers it."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("yes", "sqs.transit-https")


@pytest.mark.parametrize(("first", "follow_up"), [
    ("Transcribe로 진료 녹음 텍스트 변환해도 돼요?", "뭐 따로 켜야 돼?"),
    ("Transcribe로 진료 녹음 텍스트 변환해도 돼요?", "추가로 설정할 거 있어?"),
    ("Can we use Amazon Transcribe on clinical recordings?", "anything else?"),
])
def test_a_follow_up_asking_what_else_the_service_needs(full_index: Settings, first: str, follow_up: str) -> None:
    """"뭐 따로 켜야 돼?", "추가로 설정할 거 있어?" and "anything else?" after a Transcribe question were refused (51d
    K12): what else the conversation's service needs."""
    a = conversation(KnowledgeBase(full_index), first, follow_up)
    assert not a.abstained and a.records and all(r.startswith("transcribe.") for r in a.records), a.records


def test_what_becomes_of_the_data_is_no_permission(full_index: Settings) -> None:
    """"KMS 키를 취소하면 데이터를 읽을 수 없게 되나요?" ("will the data become unreadable?") was read as "may we?" and
    answered "아니요." by "no PHI in KMS key tags"; "revoking the key" is what Comprehend's data-deletion part speaks
    of."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("KMS 키를 취소하면 데이터를 읽을 수 없게 되나요?").verdict is None
    a = kb.ask("Does revoking the key make the data unreadable?")
    assert a.records == ["data-protection-data-deletion.revoke-kms-keys"]


def test_decrypted_data_kept_is_no_yes_by_an_encryption_record(full_index: Settings) -> None:
    """"Does Firehose store decrypted data at rest?" was "Yes." by Kinesis Data Streams' "encrypts at rest, decrypts
    before sending to Firehose" (51e probe): decrypted data is data without encryption, which no "encrypts" decides."""
    kb = KnowledgeBase(full_index)
    for question in ["Does Firehose store decrypted data at rest?", "Firehose는 복호화된 데이터를 저장하나요?"]:
        assert kb.ask(question).verdict != "yes", question


def test_may_we_use_a_service_is_a_clause_of_its_own(full_index: Settings) -> None:
    """"Can KMS be used in a HIPAA account, and is it ok to put patient IDs in KMS key tags?" was one "No." by the tags
    record (51f E03): the first clause asks whether KMS may be used at all ("HIPAA account" is no access topic, and
    KMS's own name asks no topic of a clause), so the two are read apart and no one verdict answers both."""
    a = KnowledgeBase(full_index).ask("Can KMS be used in a HIPAA account, and is it ok to put patient IDs in KMS key "
                                      "tags?")
    assert a.verdict is None and "kms.no-phi-in-key-tags" in a.records


def test_encryption_on_a_condition_is_no_step_done_for_you(full_index: Settings) -> None:
    """"Do we need to encrypt the Glue Data Catalog?" was "No step of yours: the service already encrypts it." above
    "AWS Glue encrypts the Data Catalog when encryption is enabled as its objects are created" (own question): a
    service that encrypts on a condition the asker sets leaves the step to the asker; ECR, which always does, not."""
    kb = KnowledgeBase(full_index)
    for question in ["Do we need to encrypt the Glue Data Catalog?", "Glue Data Catalog 需要加密嗎？"]:
        a = kb.ask(question)
        assert a.verdict == "yes" and "aws-glue.data-catalog-encryption" in a.records, (question, a.verdict)
    assert kb.ask("Do we need to encrypt ECR images?").verdict == "no"
