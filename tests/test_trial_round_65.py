"""Answers on the real corpus (trial rounds, stop 65): "must we X, or is Y enough / can we skip it?" with Y a network,
a key of one's own, a service used with no PHI under the BAA, a yes or no asked of something the documents never name,
PHI collected by a service, a recommendation not about what is asked, who is responsible for a service with no section,
what HIPAA requires, a service "in scope for HIPAA", shared logins and the study notes' encryption records."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

from .conftest import conversation

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("question", "record"), [
    ("RDS 연결에 TLS 꼭 써야 하나요, 아니면 VPC 안이면 안 써도 되나요?", "rds-mariadb.transit-encryption"),
    ("RDS 연결에 TLS 꼭 써야 하나요, 아니면 안 써도 되나요?", "rds-mariadb.transit-encryption"),
    ("Do RDS connections need TLS, or is the VPC private enough?", "rds-mariadb.transit-encryption"),
    ("For Redshift, is the VPC enough or do we need TLS too?", "redshift.transit-encryption"),
])
def test_must_we_or_is_the_network_enough_is_required(full_index: Settings, question: str, record: str) -> None:
    """The other answer offered ("아니면 ... 안 써도 되나요?", "or is the VPC private enough?") neither negates the
    question nor makes the VPC a section of the answer: "Required." by the service's own record (trial 64 round and
    stop 65: no verdict, the 2016 paper's VPN records first)."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("yes", record)
    assert "vpc" not in [s.id for s in a.services]


@pytest.mark.parametrize(("question", "record"), [
    ("EBS volume 加密可以自己選 KMS key 嗎？", "ebs.volume-keys"),
    ("Can we pick our own KMS key for EBS encryption?", "ebs.volume-keys"),
    ("EBS 암호화할 때 우리가 만든 KMS 키를 써도 되나요?", "ebs.volume-keys"),
    ("Secrets Manager에서 시크릿 암호화할 KMS 키를 우리가 골라도 되나요?", "secrets-manager.kms-key-choice"),
])
def test_a_key_the_customer_chooses_is_yes(full_index: Settings, question: str, record: str) -> None:
    """A fact leaving the choice of key to the customer ("you choose which KMS key encrypts each volume key") answers
    "may we pick our own key?" (trial 64 round: no verdict)."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("yes", record)


@pytest.mark.parametrize("question", [
    "does AWS cover every service under the BAA or only eligible ones? can we use a non-eligible service if no PHI "
    "touches it.",
    "HIPAA 적격이 아닌 서비스도 PHI 없이 쓰면 HIPAA 계정에서 써도 되나요?",
])
def test_any_service_with_no_phi_in_a_hipaa_account_is_yes_with_conditions(full_index: Settings, question: str) -> None:
    """Leave to use every service in a HIPAA account, PHI only in the eligible ones, answers a service used with no PHI
    (trial 65c WRONG: "No." by that very record)."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("conditional", "baa.phi-only-in-eligible-services")


def test_a_key_of_ones_own_is_a_way_not_a_requirement(full_index: Settings) -> None:
    """"一定要自己管/自己設 KMS key 嗎" asks whether a customer managed key is required: "Not as such" by the rule for
    every service (trial 65d WRONG: "是" after it read as yes)."""
    kb = KnowledgeBase(full_index)
    for question in ("DynamoDB 存理賠資料，靜態加密是預設就有嗎？一定要自己管 KMS key 嗎",
                     "Do we have to manage our own KMS key for DynamoDB?",
                     "DynamoDB 預設有靜態加密嗎？要自己設 KMS key 嗎？"):  # (trial 65f WRONG: "是")
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("optional", "encrypting-and-protecting-phi.encrypt-at-rest"), question


def test_a_yes_or_no_asked_of_what_no_record_names_is_not_decided(full_index: Settings) -> None:
    """"data events 需要開嗎" beside a question on what to turn on: no document speaks of data events (details.yaml), so
    none decides it and the answer says so first (trial 65d WRONG: "是。" by "create a trail"); the CloudTrail records
    are listed."""
    a = KnowledgeBase(full_index).ask("CloudTrail 要開哪些來做稽核 audit？data events 需要開嗎")
    assert a.verdict is None
    assert a.answer.startswith("文件沒有談到資料事件")
    assert "cloudtrail.create-trails" in a.records


@pytest.mark.parametrize("question", [
    "Lex 챗봇에서 환자 생년월일 입력받아도 되나?",
    "Can our Lex bot collect patient birth dates?",
])
def test_patient_data_collected_by_a_service_asks_its_eligibility(full_index: Settings, question: str) -> None:
    """(trial 65a WRONG: no verdict, Lex's bot-health metrics only)"""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "yes"
    assert "lex.https" in a.records


def test_masking_phi_is_a_measure_no_document_speaks_of(full_index: Settings) -> None:
    """"do we need to mask PHI there" is not "Recommended." by "use CloudWatch to track the health of Lex bots" (trial
    65a WRONG): the documents never speak of masking, and the answer says so first."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("does Lex log the conversation text to cloudwatch, do we need to mask PHI there")
    assert a.verdict is None
    assert a.answer.startswith("The documents do not speak of masking or redacting PHI")
    assert "cloudwatch-logs.encrypted-no-reencryption" in a.records
    assert kb.ask("Transcribe 결과에서 환자 이름 마스킹해야 하나요?").answer.startswith(
        "문서는 PHI 마스킹에 대해 다루지 않습니다")


def test_who_is_responsible_for_a_service_with_no_section_is_not_decided(full_index: Settings) -> None:
    """The 2016 paper's kinds of service do not name Cognito: no party (trial 65d WRONG: "The customer's." by container
    services); the note that the documents have no Cognito section stays."""
    a = KnowledgeBase(full_index).ask("shared responsibilty for Cognito - who is responsible for MFA and password "
                                      "policy config")
    assert a.verdict is None
    assert "Cognito" in a.answer


@pytest.mark.parametrize("question", [
    "What does HIPAA require for backup and disaster recovery?",
    "備份跟災難復原(DR)在 HIPAA 下有什麼要求，AWS Backup 可以用嗎",
    "백업/DR 관련 HIPAA 요구사항이 뭐예요?",
])
def test_what_hipaa_requires_lists_the_obligation_first(full_index: Settings, question: str) -> None:
    """The DR chapter's contingency-plan rule comes before its ways (trials 65b, 65d: fourth, or not listed)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "auditing-backups-dr.contingency-plan", a.records


def test_in_scope_for_hipaa_asks_eligibility_and_storing_keeps_the_at_rest_record(full_index: Settings) -> None:
    """"is it in scope for hipaa" asks whether the service may hold PHI; storing call audio, which no document names,
    still lists how the service encrypts what it stores (trial 65a: no verdict, no at-rest record)."""
    a = KnowledgeBase(full_index).ask("can we use Kinesis Video Streams to store raw call audio? is it in scope for "
                                      "hipaa")
    assert (a.verdict, a.records[0]) == ("yes", "kinesis-video-streams.sdk-phi")
    assert "kinesis-video-streams.server-side-encryption" in a.records


def test_a_shared_console_login_is_an_access_question(full_index: Settings) -> None:
    """(trial 64 round: "共用一個 console 帳號" refused as uncovered)"""
    kb = KnowledgeBase(full_index)
    a = kb.ask("櫃檯人員共用一個 console 帳號可以嗎？")
    assert (a.verdict, a.records[0]) == ("no", "aws-iam.bp2016-no-shared-credentials")
    assert not kb.ask("프론트 직원들이 콘솔 계정 하나를 같이 써도 되나요?").abstained


def test_the_study_notes_do_not_call_encryption_an_option(full_index: Settings) -> None:
    """The notes say customers can encrypt data (their side of the model), not that encryption is optional: beside
    "AWS requires encryption" that read as the opposite (trial 65a)."""
    a = KnowledgeBase(full_index).ask("공동책임모델에서 Kinesis Video Streams 데이터 암호화는 누구 책임임?")
    assert "옵션" not in a.answer


def test_no_party_for_a_service_from_a_general_record_not_naming_it(full_index: Settings) -> None:
    """GuardDuty's records name no party; AWS's intrusion detection on its physical infrastructure does not make the
    threats GuardDuty finds AWS's to handle (trial 65h WRONG); the 2016 paper's container services record names RDS and
    still decides it."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("共同責任模型下 GuardDuty 偵測到的威脅誰要負責處理").verdict is None
    a = kb.ask("Who patches the OS for RDS?")
    assert (a.verdict, a.records[0]) == ("aws", "shared-responsibility.bp2016-container-aws-manages")


def test_a_follow_up_naming_a_service_of_the_conversation_asks_of_it(full_index: Settings) -> None:
    """"do we need to encrypt the cloudtrail logs and the S3 bucket they land in?" after CloudTrail and CloudWatch:
    CloudTrail and S3, not CloudWatch Logs' "already encrypted" (trial 65f WRONG: "No step of yours")."""
    a = conversation(KnowledgeBase(full_index),
                     "whats the recommended approach for audit logging of PHI access across our AWS account "
                     "(CloudTrail, CloudWatch)?",
                     "do we need to encrypt the cloudtrail logs and the S3 bucket they land in?")
    assert [s.id for s in a.services] == ["cloudtrail", "s3"]
    assert a.verdict == "yes"
    assert "cloudtrail.encrypted-trail" in a.records


def test_what_a_service_encrypts_in_the_cloud_does_not_answer_for_the_device(full_index: Settings) -> None:
    """(trial 65f WRONG: "不需要您另外處理：服務已經會加密。" by "Greengrass data is encrypted at rest in the cloud")"""
    a = conversation(KnowledgeBase(full_index), "IoT Greengrass 在邊緣裝置上處理血糖資料，HIPAA 要注意什麼？",
                     "Greengrass 本地存的資料要加密嗎？")
    assert a.verdict is None
    assert "iot-greengrass.encryption-at-rest" in a.records


@pytest.mark.parametrize(("question", "opening"), [
    ("can we use Azure Synapse to query our S3 data lake under the same AWS BAA?",
     "**Microsoft Azure is outside these documents' scope (AWS): they do not say whether Microsoft Azure may be used "
     "with PHI.**"),
    ("Azure Blob에 PHI 백업해도 되나요? S3랑 같이 쓰려고요", "**Microsoft Azure는 이 문서들의 범위(AWS) 밖이므로"),
])
def test_whether_another_cloud_may_hold_phi_is_said_to_be_outside_the_documents(
        full_index: Settings, question: str, opening: str) -> None:
    """... first, with no verdict (trial 65g WRONG: S3's "has its own section" read as yes)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None
    assert a.answer.startswith(opening)


def test_xray_images_are_no_aws_x_ray(full_index: Settings) -> None:
    """(trial 65e WRONG: "Do not use AWS X-Ray for PHI" for "S3 bucket for xray images")"""
    a = KnowledgeBase(full_index).ask("S3 bucket for xray images: do we need seperate BAA for S3 or is it covered "
                                      "under the account BAA?")
    assert "xray" not in [s.id for s in a.services]
    assert not any(r.startswith("xray.") for r in a.records)
