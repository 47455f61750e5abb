"""Answers on the real corpus (trial round, stop 62): one service's "no step of yours" beside another's obligation, a
follow-up naming a new service and asking a yes or no of it, a KMS key as the way a service encrypts, what costs
extra, a bare Korean "글루", the data a service is given named only in the scene, Pinpoint in lower case, a new
account's baseline."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


_DECIDED = {  # question -> (verdict, the record first in the answer)
    # a key the service's own record offers instead of its default (trial 62c: the KMS section answered, no verdict)
    "CloudTrail 기본 암호화 말고 KMS 키로 바꿀 수 있어?": ("yes", "cloudtrail.trail-encryption-keys"),
    "CloudTrail 可以改用 KMS 金鑰加密嗎？": ("yes", "cloudtrail.trail-encryption-keys"),
    "CloudTrail log files delivered for Forecast API calls: SSE-S3 by default, but can we use SSE-KMS instead?": (
        "yes", None),
    # ... not one named in the scene of what is asked: the backups are
    "When an Aurora cluster is encrypted with a KMS key we manage, are its snapshots and automated backups encrypted "
    "too?": (None, "aurora.encrypt-at-rest-kms"),
    # the data a service is given, named only in the scene, is not what is asked (trial 62a: "the documents do not
    # speak of call recordings" and no verdict)
    "통화 녹음 파일 s3에 올릴때 버킷명이나 객체 이름에 환자 이름 써도 되나요": ("no", "s3.no-phi-in-names"),
    "트랜스크라이브로 상담 녹취 텍스트 변환하면 transcribe 쪽에 데이터 남아있나요?": (
        "no", "transcribe.no-data-retention"),
    # one service's "it already encrypts" is no answer for another that needs a step (trial 62d WRONG: "No step of
    # yours" for CloudTrail too)
    "CloudTrail이랑 CloudWatch Logs에 PHI 찍힐수도 있는데 암호화 따로 해줘야 함?": (None, "cloudtrail.encrypted-trail"),
    # ... while one service's must still answers when the other's section names a must too
    "Do we have to encrypt EBS volumes, and must connections to RDS use TLS?": ("yes", None),
    # PHI passed between instances is in transit (trial 62a: "Yes" by the rule at rest)
    "VPC 裡面 EC2 之間傳 PHI 也一定要加密嗎": ("yes", "ec2.encrypt-traffic-inside-vpc"),
    # whether AWS investigates, asked beside what we must do (trial 62h WRONG: "예.", read as AWS investigating)
    "AWS가 조사해주나요?": ("no", "security-logging.bp2016-guest-os-logs-are-customer-side"),
    "서버가 해킹당한 것 같으면 우리가 뭘 해야되나요? AWS가 조사해주나요?": (None, None),
    # whether two services' points are the same: no one verdict (trial 62h WRONG: "是。")
    "DynamoDB 跟 S3 存 PHI 在加密上要注意的地方一樣嗎？": (None, None),
    "Are the encryption requirements for DynamoDB and S3 the same?": (None, None),
    # what a migration service replicates is no backup asked (trial 62g WRONG: "not said to be on by default")
    "MGN 복제 데이터는 기본으로 암호화되나요?": ("yes", None),
    # Connect's administrative fields, asked "is it OK?" in Korean (trial 62j WRONG: no verdict, the profile-key rule)
    "아마존 커넥트 보안 프로필이나 연락 흐름 이름에 환자 이름 들어가는건 괜찮음?": (
        "no", "amazon-connect.no-phi-in-admin-fields"),
    # PHI put in the event that triggers Lambda is in a part of it (trial 62n WRONG: "예." by the BAA's eligible
    # services)
    "이벤트 detail 안에 환자 정보 넣어서 람다 트리거해도 됨?": ("no", "lambda.no-phi-in-event-data"),
    "Can we put patient info in the event detail that triggers our Lambda?": ("no", "lambda.no-phi-in-event-data"),
    # plain HTTP is in transit, and "should" asked of leaving encryption out is not recommended (trial 62o WRONG: the
    # names rule; "Recommended." read as sending over HTTP)
    "is plain http ok for connecting to the S3 bucket from inside our vpc?": ("no", "s3.transit-https"),
    "Should PHI be sent to an OpenSearch Service cluster over plain HTTP?": ("discouraged", "opensearch.https-only"),
    # what costs extra: a record describing the service gives it (trial 62d WRONG: SCPs and IAM policies)
    "AWS Organizations 要額外收費嗎？": (None, "aws-organizations.no-additional-cost"),
    "Is VM Import/Export free?": (None, "vm-import-export.no-additional-cost"),
}


@pytest.mark.parametrize("question", sorted(_DECIDED))
def test_verdict_and_lead(full_index: Settings, question: str) -> None:
    verdict, lead = _DECIDED[question]
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == verdict
    if lead is not None:
        assert a.records[0] == lead


def test_the_cost_record_is_kept_out_of_what_a_service_needs(full_index: Settings) -> None:
    """Describing records come only when what they give is asked: "What do we need to configure for AWS
    Organizations?" lists its eligibility, logging and encryption, not that it is free."""
    a = KnowledgeBase(full_index).ask("What do we need to configure for AWS Organizations?")
    assert "aws-organizations.no-additional-cost" not in a.records
    a = KnowledgeBase(full_index).ask("IAM이랑 Organizations 쓰면 돈 따로 나가? 스타트업이라 비용 신경쓰임")
    assert {"aws-organizations.no-additional-cost", "aws-iam.notes-iam-is-global"} <= set(a.records)


def test_a_follow_up_naming_a_new_service_asks_its_own_yes_or_no_of_it(full_index: Settings) -> None:
    """"it" after a service the follow-up names is that service, and a yes or no after a comma is asked (trial 62d
    WRONG: SageMaker's encryption records, the conversation's topics)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("can we use SageMaker to train models on PHI? how do we encrypt the model artifacts")
    a = kb.ask("what about Comprehend Medical for pulling entities out of clinical notes, does it store our data?",
               context=Context.after(first))
    assert (a.verdict, a.records[0]) == ("no", "comprehend.no-data-retention")
    assert "sagemaker" not in {s.id for s in a.services}


def test_a_kms_key_asked_of_the_conversation_s_service_is_its_way(full_index: Settings) -> None:
    """"+ 기본 암호화 말고 KMS 키로 바꿀 수 있어?" after a CloudTrail question (trial 62c WRONG: the KMS section)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("CloudTrail 로그에 PHI 남을수도 있는데 트레일 설정 어떻게 해야함?")
    a = kb.ask("기본 암호화 말고 KMS 키로 바꿀 수 있어?", context=Context.after(first))
    assert (a.verdict, a.records[0]) == ("yes", "cloudtrail.trail-encryption-keys")


@pytest.mark.parametrize(("question", "first", "absent"), [
    # a bare "글루" is AWS Glue (trial 62b WRONG: the rule for every service), glucose is not
    ("글루 ETL 잡에서 PHI 전송중 암호화 하려면 뭘 설정해야 돼? 데이터 카탈로그도 암호화됨?", "aws-glue", None),
    ("환자 글루코스 측정값을 DynamoDB에 저장할 때 암호화 필요해?", "dynamodb", "aws-glue"),
    # Pinpoint in lower case after "thru" or "over" (trial 62a: the DR and BAA chapters first; stop 61: refused)
    ("sending visit reminders w/ PHI by SMS thru pinpoint - anything special we need?", "amazon-pinpoint", None),
    ("can we send lab results over pinpoint sms from a regular long code?", "amazon-pinpoint", None),
    # the network's controls are the VPC section's (trial 62h WRONG: refused)
    ("what network controls does the guidance recommend for PHI workloads?", "vpc", None),
    # "SMS" where VMs are moved is AWS Server Migration Service (trial 62g WRONG: Pinpoint's text messages)
    ("PHI 있는 VMware VM 옮길때 SMS랑 VM Import 중에 뭐 쓰는게 나음? 각각 암호화는 어떻게 되는지",
     "server-migration-service", "amazon-pinpoint"),
    ("Can we send appointment reminders with PHI by SMS?", "amazon-pinpoint", "server-migration-service"),
    # a new account's baseline is the account chapter's (trial 62d WRONG: the BAA and encryption introduction)
    ("we're a 10 person startup, whats the minimum secure baseline for a brand new AWS account before we put any PHI "
     "in it?", "aws-account-security", None),
])
def test_what_names_a_section(full_index: Settings, question: str, first: str, absent: str | None) -> None:
    a = KnowledgeBase(full_index).ask(question)
    assert [s.id for s in a.services][0] == first
    assert absent is None or absent not in {s.id for s in a.services}
    if first == "amazon-pinpoint" and "reminders" in question:
        assert "amazon-pinpoint.sms-dedicated-short-code" in a.records


def test_call_recordings_asked_are_still_said_not_to_be_spoken_of(full_index: Settings) -> None:
    """The note stays where the recordings are what is asked."""
    a = KnowledgeBase(full_index).ask("Amazon Connect 的通話錄音存在哪裡？")
    assert "通話錄音" in a.answer.split("\n\n")[0]
    a = KnowledgeBase(full_index).ask("통화 녹음 파일 s3에 올릴때 버킷명이나 객체 이름에 환자 이름 써도 되나요")
    assert "통화 녹음" not in a.answer.split("\n\n")[0]


def test_a_migration_service_s_replicated_data_is_no_backup_asked(full_index: Settings) -> None:
    """MGN's replicated data is what it moves, no backup asked (trial 62g WRONG: "not said to be on by default" beside
    records saying it is)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("MGN 복제 데이터는 기본으로 암호화되나요?")
    assert a.verdict == "yes"
    a = kb.ask("does MGN encrypt the replicated data by default, both in transit and on the EBS side?")
    assert a.verdict != "unstated"


def test_a_fine_asked_is_a_legal_question_and_logs_aws_cannot_give_are_said(full_index: Settings) -> None:
    """"what's the max fine for a HIPAA breach under HITECH?" is refused (trial 62l WRONG: the introduction and the
    BAA); "Can we ask AWS for our instance access logs later?" is answered by AWS not having what the customer did not
    log (trial 62k WRONG: the audit chapter's packet-level audit), 접속 로그 as the paper's 액세스 로그."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("what's the max fine for a HIPAA breach under HITECH?").abstained
    a = kb.ask("Can we ask AWS for our instance access logs later?")
    assert a.records[0] == "security-logging.bp2016-guest-os-logs-are-customer-side"
    a = kb.ask("AWS한테 인스턴스 접속 로그 나중에 달라고 할 수 있나?")
    assert "security-logging.bp2016-guest-os-logs-are-customer-side" in a.records


@pytest.mark.parametrize(("first", "follow_up", "lead"), [
    # a way of the conversation's service, named alone, is asked of that service (trial 62o WRONG: KMS's records)
    ("CloudTrail logs might contain PHI - SSE-S3 or SSE-KMS for the trail bucket?",
     "if we turn on SSE-KMS does it also encrypt the digest files?", "cloudtrail.trail-encryption-keys"),
    # SPICE is QuickSight's (trial 62p WRONG: KMS's records)
    ("can quicksight SPICE hold PHI? which edition do we need",
     "is that SPICE encryption done with our own CMK or an aws managed key?", "quicksight.spice-encryption"),
])
def test_a_follow_up_naming_a_way_or_a_part_keeps_the_service(full_index: Settings, first: str, follow_up: str,
                                                              lead: str) -> None:
    kb = KnowledgeBase(full_index)
    a = kb.ask(follow_up, context=Context.after(kb.ask(first)))
    assert a.records[0] == lead


def test_an_infected_instance_is_an_incident(full_index: Settings) -> None:
    """Trial 62g WRONG: EC2's malware protection, traffic encryption and pen-test records; now the incident chapter's
    isolation of the instance for forensics."""
    a = KnowledgeBase(full_index).ask("EC2 인스턴스가 멀웨어 감염된거 같으면 어떻게 격리하고 조사해야 돼요?")
    assert a.records[0] == "security-logging.bp2016-forensics-isolate-instance"
    assert "incident-response" in {s.id for s in a.services}


@pytest.mark.parametrize("question", ["Security Hub 會整合哪些服務的 findings？",
                                      "Which services send findings to Security Hub?",
                                      "Security Hub 어떤 서비스 결과를 모아줘요?"])
def test_which_findings_a_security_service_gathers_is_what_it_does(full_index: Settings, question: str) -> None:
    """Findings sent to Security Hub are no PHI carried: the record describing what it gathers answers (trial 62o
    WRONG: its encryption and compliance-program records)."""
    assert KnowledgeBase(full_index).ask(question).records[0] == "security-hub.aggregates-findings"
