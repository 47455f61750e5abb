"""Answers on the real corpus (trial rounds, stop 64): a key service asked by its own name beside two kinds of key, a
record asked under two topics of one section, "must we X or is Y OK / can we skip it?", figures the documents do not
give, "it" in a follow-up, what a follow-up adds, leave on a condition, the events that trigger a function, features a
service is asked by, and a service named only in the scene."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

from .conftest import conversation

pytestmark = pytest.mark.slow


def test_a_record_asked_under_two_topics_of_one_section_is_listed_once(full_index: Settings) -> None:
    """"KMS key 要用 customer managed key 還是 AWS managed key 就可以？" after SQS and SNS asks keys and encryption at
    rest: SQS's server-side encryption record fits both and was listed twice under the section."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "SQS 跟 SNS 都要傳含 PHI 的訊息，兩個都一定要開 server-side encryption 嗎？",
                     "KMS key 要用 customer managed key 還是 AWS managed key 就可以？")
    assert "sqs.server-side-encryption" in a.records
    lines = [line for line in a.answer.splitlines() if line.startswith("- ")]
    assert len(lines) == len(set(lines)), a.answer


def test_a_key_service_named_by_its_own_name_beside_two_kinds_of_key_is_asked(full_index: Settings) -> None:
    """A service named by a way's name beside another way ("customer managed key 還是 AWS managed key") is one way of
    doing it only when that is the only way it is named: "KMS key 要用 ..." names KMS itself, which stays a section of
    the follow-up (stop 63's reading dropped it, and "那 CloudHSM 呢？" two questions on lost KMS)."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "SQS 跟 SNS 都要傳含 PHI 的訊息，兩個都一定要開 server-side encryption 嗎？",
                     "KMS key 要用 customer managed key 還是 AWS managed key 就可以？")
    assert [s.id for s in a.services] == ["sqs", "sns", "kms"]
    a = kb.ask("CloudTrail 預設用 SSE-S3 還是 KMS？")  # (KMS offered only as the other way: CloudTrail's)
    assert [s.id for s in a.services] == ["cloudtrail"]


def test_must_we_use_one_kind_of_key_or_is_another_ok_is_not_required_as_such(full_index: Settings) -> None:
    """"KMS 키는 고객 관리형 키를 써야 하나요, AWS 관리형 키로도 되나요?" asks whether the first is required, as "do we
    need a customer managed key or is the AWS managed key enough?" does: "Not as such" by the rule it is a way of
    meeting (was no verdict: read as leave for the AWS managed key)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("RDS KMS 키는 고객 관리형 키를 써야 하나요, AWS 관리형 키로도 되나요?")
    assert (a.verdict, a.records[0]) == ("optional", "encrypting-and-protecting-phi.encrypt-at-rest")


@pytest.mark.parametrize(("question", "verdict"), [
    ("Must we use TLS for RDS connections, or can we skip it?", "yes"),
    ("RDS 連線一定要用 TLS 嗎？還是可以不用？", "yes"),
])
def test_must_we_or_can_we_skip_it_is_answered_required(full_index: Settings, question: str, verdict: str) -> None:
    """"Must we X, or can we skip it?" asks whether X is required (not a choice between two ways: no verdict)."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == (verdict, "rds-mariadb.transit-encryption")


@pytest.mark.parametrize(("question", "opening"), [
    ("RDS 자동 백업 보존기간 HIPAA상 최소 며칠로 해야 함?", "문서에는 이 질문의 기간이 나와 있지 않습니다."),
    ("CloudWatch alarm 誤報太多半夜一直被叫醒，threshold 要設多少比較好？", "文件沒有提供此問題的門檻值或時間上限"),
    ("PagerDuty 에스컬레이션 정책 몇 분 이내로 잡아야 HIPAA 기준 맞는거야?",
     "문서에는 이 질문의 임계값이나 시간 한도가 나와 있지 않습니다."),
])
def test_a_figure_the_documents_do_not_give_is_said_first(full_index: Settings, question: str, opening: str) -> None:
    """A minimum number of days, an alarm threshold or a paging time limit: the documents give none, and the answer
    says so before what they do say (trial 64d WRONG: the nearest records read as the answer)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.answer.startswith(opening), a.answer


def test_it_in_a_follow_up_is_the_conversations_service(full_index: Settings) -> None:
    """"can it rotate those automatically?" after Secrets Manager was refused as off-topic (the 2016 paper's account
    chapter speaks of rotating credentials, which dropped the conversation): it asks Secrets Manager, whose section
    does not speak of rotation."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "using Secrets Manager for pipeline DB creds - anything HIPAA specific?",
                     "can it rotate those automatically?")
    assert [s.id for s in a.services] == ["secrets-manager"]
    assert a.answer.startswith("The AWS Secrets Manager section does not speak of rotation"), a.answer
    assert "aws-account-security.bp2016-rotate-credentials" in a.records


@pytest.mark.parametrize("question", ["do we need dedicated hosts on EC2?", "EC2 一定要用專用執行個體嗎？"])
def test_the_revision_historys_no_longer_required_keeps_no_other_sections_records(full_index: Settings,
                                                                                  question: str) -> None:
    """"Dedicated Instances are no longer required" (the revision history, listed under EC2) made every must and
    should of EC2 a condition: 38 lines of the 2016 paper's hardening (trial 64a)."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("no", "document-revisions.dedicated-tenancy-not-required")
    assert len(a.records) <= 2


def test_data_exchanged_between_instances_is_in_transit(full_index: Settings) -> None:
    """"EC2 스팟 인스턴스끼리 같은 VPC 안에서 데이터 주고받는 것도 암호화해야 돼요?" was "Yes." by the rule at rest."""
    a = KnowledgeBase(full_index).ask("EC2 스팟 인스턴스끼리 같은 VPC 안에서 데이터 주고받는 것도 암호화해야 돼요?")
    assert (a.verdict, a.records[0]) == ("yes", "ec2.encrypt-traffic-inside-vpc")


def test_should_it_even_have_keys_asks_whether_to_keep_them(full_index: Settings) -> None:
    """"Should root even have access keys?" was "Recommended." by "delete the root access keys"."""
    a = KnowledgeBase(full_index).ask("Should root even have access keys?")
    assert (a.verdict, a.records[0]) == ("no", "aws-account-security.notes-remove-root-access-keys")


@pytest.mark.parametrize("question", [
    "can we put PHI in the events that trigger our lambda?", "람다를 트리거하는 이벤트에 PHI 넣어도 돼요?",
    "觸發 Lambda 的事件可以帶 PHI 嗎？", "can we put PHI in EventBridge events that trigger our on-call lambda?"])
def test_the_events_that_trigger_a_function_are_its_event_data(full_index: Settings, question: str) -> None:
    """The events that trigger a function are the event data Lambda's section keeps PHI out of: "No." (was "Yes." by
    Lambda's eligibility, or no verdict with EventBridge named first; trial 64d)."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("no", "lambda.no-phi-in-event-data")


@pytest.mark.parametrize(("question", "verdict"), [
    ("can we run non-HIPAA-eligible services in our HIPAA account at all?", "conditional"),
    ("HIPAA 계정에서 BAA 적격 서비스가 아닌 것도 써도 되나요?", "conditional"),
    ("can we store PHI in a non-eligible service in our HIPAA account?", "no"),
])
def test_leave_granted_on_a_condition_is_yes_with_conditions(full_index: Settings, question: str,
                                                              verdict: str) -> None:
    """"may use any AWS service in a HIPAA account, but PHI only in eligible services" answers leave to run a service
    with "Yes, with conditions." and leave to put PHI in it with "No." (trials 64b, 64c had no verdict)."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == (verdict, "baa.phi-only-in-eligible-services")


@pytest.mark.parametrize(("question", "opening"), [
    ("Do we need to keep CloudTrail logs for 6 years?", "The documents do not give a length of time for this"),
    ("CloudTrail log 要留 6 年嗎", "文件沒有提供此問題的期限"),
    ("감사 로그 6년 보관해야 하나요?", "문서에는 이 질문의 기간이 나와 있지 않습니다."),
    ("病人上傳的照片 HIPAA 規定要保存幾年？", "文件沒有提供此問題的期限"),  # ("自 2013 年 7 月起" is no period)
    ("what's the retrieval time from Glacier Deep Archive if a radiologist needs a prior study urgently?",
     "The documents do not give a length of time for this"),
])
def test_a_length_of_time_offered_or_asked_is_not_given(full_index: Settings, question: str, opening: str) -> None:
    """A yes or no offering a length of time the documents do not give has no verdict (trial 64e WRONG: "是。" to
    "keep CloudTrail logs 6 years?" by "create trails"), and says first that they give none."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None
    assert a.answer.startswith(opening), a.answer


def test_or_is_the_vpc_private_enough_asks_whether_it_is_required(full_index: Settings) -> None:
    """"do we need to encrypt ... inside the VPC too or is the VPC private enough?" offered no choice of two ways: it
    asks whether the encryption is required (trial 64h had no verdict)."""
    a = KnowledgeBase(full_index).ask("do we need to encrypt traffic between our PACS EC2 instances inside the VPC "
                                      "too or is the VPC private enough?")
    assert (a.verdict, a.records[0]) == ("yes", "ec2.encrypt-traffic-inside-vpc")


def test_for_example_names_no_setting(full_index: Settings) -> None:
    """"e.g." is no setting's name: "can we put PHI in resource tags, e.g. tags on KMS keys?" had no verdict, as a
    question naming a parameter no record names does."""
    a = KnowledgeBase(full_index).ask("can we put PHI in resource tags, e.g. tags on KMS keys?")
    assert (a.verdict, a.records[0]) == ("no", "kms.no-phi-in-key-tags")


def test_a_service_named_only_in_the_scene_does_not_keep_what_another_does_undecided(full_index: Settings) -> None:
    """"我們要用 DataSync 把舊 PACS 的影像搬到 S3，傳輸過程預設有加密嗎？" asks what DataSync does by default (S3 is
    where the images go): "是。" by "DataSync encrypts in transit with TLS 1.2 by default" (trial 64h: no verdict)."""
    a = KnowledgeBase(full_index).ask("我們要用 DataSync 把舊 PACS 的影像搬到 S3，傳輸過程預設有加密嗎？")
    assert (a.verdict, a.records[0]) == ("yes", "datasync.encryption-in-transit")


def test_a_follow_up_lists_what_it_adds_not_what_the_last_answer_stated(full_index: Settings) -> None:
    """"로그 파일 무결성 검증도 켜야 돼?" after "CloudTrail 트레일은 꼭 암호화된 걸로 만들어야 하나요?" listed the
    encrypted trail and the create-trails record again beside log file validation (trials 64b, 64c: padding carried
    over from the conversation); what the follow-up adds is listed, its verdict unchanged."""
    kb = KnowledgeBase(full_index)
    asked = "PHI가 로그에 남을 수도 있는데 CloudTrail 트레일은 꼭 암호화된 걸로 만들어야 하나요?"
    assert {"cloudtrail.encrypted-trail", "cloudtrail.create-trails"} <= set(kb.ask(asked).records)
    a = conversation(kb, asked, "로그 파일 무결성 검증도 켜야 돼?")
    assert (a.verdict, a.records[0]) == ("recommended", "cloudtrail.log-file-validation")
    assert not {"cloudtrail.encrypted-trail", "cloudtrail.create-trails"} & set(a.records)


def test_a_feature_a_service_is_asked_by_is_a_word_of_the_question(full_index: Settings) -> None:
    """"like GenerateDataKey and key hierarchy" named KMS by two aliases, whose words then fitted no record: only the
    key hierarchy was listed (trial 64e). A feature is a subject of the service, and the question's own word."""
    a = KnowledgeBase(full_index).ask("how should we structure KMS keys for encrypting PHI in our own apps, like "
                                      "GenerateDataKey and key hierarchy?")
    assert [s.id for s in a.services] == ["kms"]
    assert {"kms.generate-data-key", "kms.auditable-key-hierarchy"} <= set(a.records)


def test_the_same_vpc_asks_nothing_of_two_services_being_the_same(full_index: Settings) -> None:
    """"... between EC2 instances inside the same VPC?" had no verdict: "the same" read as asking whether EC2's and
    VPC's points are the same (trial 64j)."""
    a = KnowledgeBase(full_index).ask("do we have to encrypt PHI traffic between EC2 instances inside the same VPC?")
    assert (a.verdict, a.records[0]) == ("yes", "ec2.encrypt-traffic-inside-vpc")


def test_config_drift_asks_aws_config(full_index: Settings) -> None:
    """"... catch config drift?" named no service and was refused (trial 64j WRONG)."""
    a = KnowledgeBase(full_index).ask("how do we continuously check every account stays compliant with our baseline "
                                      "and catch config drift?")
    assert [s.id for s in a.services] == ["aws-config"] and "aws-config.notes-record-and-evaluate" in a.records


def test_flow_logs_are_vpcs_own_words(full_index: Settings) -> None:
    """"are VPC flow logs needed for subnets that hold PHI?" named VPC by its flow logs, whose words then fitted no
    record: subnet design was listed instead (trial 64j WRONG)."""
    a = KnowledgeBase(full_index).ask("are VPC flow logs needed for subnets that hold PHI?")
    assert a.records[:1] == ["vpc.flow-logs"]
