"""Answers on the real corpus (trial rounds, stop 66): the party asked after a scene naming another party's part, a
tunnel named as the path the data takes, whether to use a service keys come from, a follow-up on logs of two services,
a health plan's eligibility data, and whether AWS gives the breach notice."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

from .conftest import conversation

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("question", "verdict"), [
    ("共同責任模型下 AWS 管實體安全,那 EC2 的 OS patch 是誰要負責?", "customer"),
    ("Since AWS handles physical security under the shared model, who patches the EC2 OS then?", "customer"),
    ("공동 책임 모델에서 AWS가 물리 보안을 맡는다면, EC2 OS 패치는 누가 해요?", "customer"),
    ("하이퍼바이저 패치는 누가 해요?", "aws"),
    ("who patches the hypervisor under EC2?", "aws"),
])
def test_the_party_is_read_from_what_the_phrase_that_asks_names(full_index: Settings, question: str,
                                                                 verdict: str) -> None:
    """A scene naming what AWS does (physical security) does not pick the record deciding who patches the OS: EC2's
    "patch management of AMIs and running instances is the customer's responsibility" (was "AWS's." by what AWS
    manages for infrastructure services, physical security among it; seen in trial 65h)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == verdict
    lead = {"customer": "ec2.bp2016-patch-management-customer",
            "aws": "shared-responsibility.bp2016-infrastructure-aws-assets"}[verdict]
    assert a.records[0] == lead, a.records


@pytest.mark.parametrize("question", [
    "DMS로 온프렘 DB를 Site-to-Site VPN 통해 RDS로 옮길 때 암호화 필요해요?",
    "Do we need encryption when DMS migrates our on-prem DB to RDS over a site-to-site VPN?",
    "用 DMS 透過 VPN 把地端資料庫搬到 RDS，需要加密嗎？",
])
def test_a_tunnel_named_as_the_path_is_no_way_asked_about(full_index: Settings, question: str) -> None:
    """"... over a VPN, do we need encryption?" asks whether to encrypt: yes, by the rule, with DMS's own encryption
    in transit (was "Not as such: ... what you asked about is one way", the VPN read as the means asked)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "yes"
    assert "dms.encryption-in-transit-and-staging" in a.records


@pytest.mark.parametrize("question", ["다이렉트커넥트로 붙이면 IPsec 꼭 걸어야 하나요?",
                                      "Do we need IPsec over Direct Connect?"])
def test_a_tunnel_asked_about_is_still_one_way(full_index: Settings, question: str) -> None:
    assert KnowledgeBase(full_index).ask(question).verdict == "optional"


@pytest.mark.parametrize("questions", [
    ("KMS 金鑰輪替要怎麼設定？CMK 要自己管嗎", "那 CloudHSM 有需要用嗎？"),
    ("Do we need to encrypt RDS with KMS?", "should we use CloudHSM instead?"),
    ("RDS 암호화에 KMS 써야 하나요?",),
])
def test_whether_to_use_a_service_keys_come_from_is_one_way(full_index: Settings, questions: tuple[str, ...]) -> None:
    """The rule for every service requires encryption at rest, not KMS or CloudHSM: "Not as such" (was "是（依適用於所有
    服務的規則）" for the CloudHSM follow-up, trial 66c WRONG, and "예" for KMS named after 암호화에)."""
    a = conversation(KnowledgeBase(full_index), *questions)
    assert a.verdict == "optional"
    assert a.records[0] == "encrypting-and-protecting-phi.encrypt-at-rest"


def test_a_service_keys_come_from_asked_alone_or_as_a_place_keeps_its_answer(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    assert kb.ask("Should we use CloudHSM?").verdict is None  # (no topic asked: round 47)
    assert kb.ask("RDS for Oracle TDE 키는 CloudHSM에 꼭 저장해야 하나요?").verdict is None  # (no way asked to use)


def test_a_follow_up_on_logs_of_two_services_is_not_answered_by_ones_encryption(full_index: Settings) -> None:
    """"那 log 要加密嗎" after CloudWatch Logs and CloudTrail: not "no step of yours, the service already encrypts" by
    CloudWatch Logs when CloudTrail's trail is to be encrypted (trial 66c WRONG); named with its source alone, it is."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "稽核日誌要開哪些? CloudWatch Logs 可以放PHI嗎", "那 log 要加密嗎")
    assert a.verdict is None
    assert {"cloudwatch-logs.encrypted-no-reencryption", "cloudtrail.encrypted-trail"} <= set(a.records)
    assert kb.ask("Lambda 的 log 丟到 CloudWatch Logs，需要自己再加密嗎？").verdict == "no"


def test_a_health_plans_eligibility_data_is_no_hipaa_eligibility_question(full_index: Settings) -> None:
    """"member eligibility data" is data the database holds (trial 66c: "Yes. Aurora has its own section ..." in
    front of a backup answer)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("backup strategy for Aurora holding member eligiblity data, what does the guide say")
    assert a.verdict is None and "eligibility" not in a.topics
    assert "aurora.encrypted-storage-backups" in a.records
    assert kb.ask("Is Aurora eligible for PHI?").verdict == "yes"


@pytest.mark.parametrize("question", ["發生資料外洩的時候 AWS 會幫我們負責通知嗎？",
                                      "유출 사고 나면 AWS가 환자 통지 대신 해주나요?"])
def test_whether_aws_gives_the_breach_notice_is_a_legal_matter(full_index: Settings, question: str) -> None:
    """(trial 66b WRONG: answered by the 2016 paper's abuse reports, implying "no, it is yours")"""
    a = KnowledgeBase(full_index).ask(question)
    assert a.abstained and a.records == []


def test_one_patient_name_in_an_sms_is_phi_used_in_the_service(full_index: Settings) -> None:
    """"... SMS that include the patient name and doctor?" uses PHI in Pinpoint as "patient names" does: the dedicated
    short code for PHI over SMS is its condition, listed however it ranks (trial 66a: left out, "serious")."""
    a = KnowledgeBase(full_index).ask("can we use Amazon Pinpoint to send appointment reminder SMS that include the "
                                      "patient name and doctor?")
    assert a.verdict == "yes"
    assert "amazon-pinpoint.sms-dedicated-short-code" in a.records


@pytest.mark.parametrize("question", [
    "Do we need to encrypt data at rest in AWS Batch?",
    "AWS Batch 컨테이너 임시 디스크도 암호화해야 하나요?",
])
def test_a_section_speaking_of_the_topic_only_in_another_topics_record_is_decided_by_the_rule(
        full_index: Settings, question: str) -> None:
    """AWS Batch has no record on encryption at rest, only "jobs may operate on encrypted PHI" (its job definitions
    record): the rule for every service decides, as for a silent section (trial 66b: no verdict)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "yes"
    assert a.records[0] == "encrypting-and-protecting-phi.encrypt-at-rest"


def test_a_familys_name_asks_each_member_as_much_as_another(full_index: Settings) -> None:
    """"Kinesis 串流 ..." names the Kinesis family: Kinesis Data Streams is one of the members asked, not a section
    named in passing because Firehose's record names it and fits "串流" better (trial 66c WRONG: its KMS and HTTPS
    records left out)."""
    a = KnowledgeBase(full_index).ask("Kinesis 串流處理處方資料可以嗎? 是 HIPAA eligible 嗎")
    assert "kinesis-data-streams.server-side-encryption" in a.records


def test_a_chapter_named_by_the_word_its_names_open_with_is_asked(full_index: Settings) -> None:
    """"IAM 권한 ... 최소권한 원칙?" names "IAM users, groups, roles and policies" by "IAM", not only the access topic
    whose chapters answer in turn (trial 66c: the root account's chapter instead)."""
    a = KnowledgeBase(full_index).ask("PHI 접근하는 IAM 권한은 어떻게 관리하라고 되어있나요? 최소권한 원칙?")
    assert a.records[0] == "aws-iam.notes-least-privilege"


def test_messages_containing_phi_use_phi_in_the_service(full_index: Settings) -> None:
    """"Is Amazon SQS ok for messages containing PHI? need encryption?" asks whether SQS may carry PHI (trial 66h: no
    verdict; "containing" was no word of it)."""
    a = KnowledgeBase(full_index).ask("Is Amazon SQS ok for messages containing PHI? need encryption?")
    assert a.verdict == "yes"
    assert "sqs.server-side-encryption" in a.records


def test_need_x_opening_a_clause_asks_must_we(full_index: Settings) -> None:
    """"Redshift - need TLS?" is a "must we?" (was no verdict)."""
    a = KnowledgeBase(full_index).ask("Redshift - need TLS?")
    assert a.ask == "necessity" and a.verdict == "yes"
    assert a.records == ["redshift.transit-encryption"]


def test_a_facet_narrowed_to_another_documents_record_keeps_the_whitepapers(full_index: Settings) -> None:
    """"Windows EC2 上跑 EHR 資料庫，EBS 要怎麼加密？": "Windows" fits the 2016 paper's BitLocker record, which stays
    beside EBS's own encryption record from the whitepaper (trial 66j WRONG: BitLocker alone)."""
    a = KnowledgeBase(full_index).ask("Windows EC2 上跑 EHR 資料庫，EBS 要怎麼加密才符合 HIPAA？")
    assert a.records[:2] == ["ebs.encryption-consistent-with-guidance", "ebs.bp2016-bitlocker-password"]


def test_a_vpn_named_in_the_plural_is_the_vpn_service(full_index: Settings) -> None:
    """EC2's "use open-standard transport encryption such as TLS or IPsec VPNs" names AWS VPN ("VPNs"): it answers
    "Is site-to-site VPN over Direct Connect enough ... or do i still need TLS?" beside the 2016 paper's VPC records
    (trial 66j WRONG: Directory Service and Elastic Disaster Recovery instead)."""
    a = KnowledgeBase(full_index).ask("Is site-to-site VPN over Direct Connect enough for encryption in transit or do "
                                      "i still need TLS?")
    assert "ec2.external-traffic-open-standards" in a.records


def test_connection_security_is_encryption_in_transit_and_device_certificates_are_unspoken(
        full_index: Settings) -> None:
    """"디바이스 인증서나 연결 보안은 어떻게 하라고 돼있어요?" after IoT Core: its TLS record, and that no
    document speaks of device certificates (trial 66i WRONG: the root user's "MFA device" as the answer)."""
    a = conversation(KnowledgeBase(full_index),
                     "웨어러블 기기에서 IoT Core로 바이탈 올리는데 IoT Core가 HIPAA 적격 서비스 맞나요? "
                     "PHI 암호화는 어떻게 해야함?",
                     "디바이스 인증서나 연결 보안은 어떻게 하라고 돼있어요?")
    assert a.records[0] == "iot-core.encryption-in-transit"
    assert a.answer.startswith("문서는 디바이스(클라이언트) 인증서에 대해 다루지 않습니다.")


def test_presigned_urls_are_said_to_be_unspoken(full_index: Settings) -> None:
    """(trial 66b WRONG: the conversation's backup and audit records as if they answered it)"""
    a = KnowledgeBase(full_index).ask("如果用 S3 presigned URL 直接分享給合作大學可以嗎")
    assert a.verdict is None
    assert a.answer.startswith("文件沒有談到預先簽署的（presigned）URL")


def test_a_must_we_clause_of_a_thing_no_record_listed_speaks_of_decides_nothing(full_index: Settings) -> None:
    """"RDS 的 PHI 資料要怎麼做加密跟備份？multi-AZ 有需要嗎": no record listed speaks of Multi-AZ; the TLS record does
    not make it "是。" (trial 66f WRONG)."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("RDS 的 PHI 資料要怎麼做加密跟備份？multi-AZ 有需要嗎").verdict is None
    assert kb.ask("CloudTrail 기본 암호화는 SSE-S3야 KMS야? 무결성 검증도 켜야 됨?").verdict == "recommended"


def test_whether_another_clouds_service_has_a_baa_is_outside_the_documents(full_index: Settings) -> None:
    """"Azure 的 Virtual Desktop 也有簽 BAA 嗎？跟 WorkSpaces 比呢": said first to be outside the documents, with no
    verdict (trial 66f WRONG: "是，但有條件" by the AWS BAA); a scene naming Azure asks nothing of it."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Azure 的 Virtual Desktop 也有簽 BAA 嗎？跟 WorkSpaces 比呢")
    assert a.verdict is None
    assert a.answer.startswith("**Microsoft Azure 不在這些文件（AWS）的範圍內")
    assert not kb.ask("Azure에서 AWS로 옮겼는데, S3 HIPAA 적격인가요?").answer.startswith("**Microsoft Azure")


def test_a_must_we_clause_after_a_comma_typed_between_chinese_characters_is_read_apart(full_index: Settings) -> None:
    """"DR 演練在 AWS 上建議怎麼做,要跨 region 嗎": the clause asking whether DR must cross Regions is no "是。" by the
    contingency plan, which says nothing of Regions (trial 66h WRONG)."""
    assert KnowledgeBase(full_index).ask("DR 演練在 AWS 上建議怎麼做,要跨 region 嗎").verdict is None


def test_a_casual_korean_question_ending_is_a_yes_or_no(full_index: Settings) -> None:
    """"... AWS가 그 텍스트 저장해?" asks yes or no: "아니요." by "Amazon Comprehend does not retain or store any data"
    (trial 66k WRONG: job volume encryption, which reads as the opposite)."""
    a = KnowledgeBase(full_index).ask("Comprehend Medical에 세션노트 텍스트 넣으면 AWS가 그 텍스트 저장해?")
    assert (a.ask, a.verdict, a.records[0]) == ("yes-no", "no", "comprehend.no-data-retention")


def test_a_period_before_reporting_a_breach_is_a_legal_matter(full_index: Settings) -> None:
    """(trial 66l WRONG: "HHS에 60일 이내에 신고해야 되는거 맞죠?" was answered by encryption records); minutes within
    which a notification is sent are no such matter."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("개인정보 침해 발생하면 HHS에 60일 이내에 신고해야 되는거 맞죠? 정확한 기한 알려줘")
    assert a.abstained and a.records == []
    assert not kb.ask("SNS 알림은 몇 분 이내에 보고되나요?").abstained
