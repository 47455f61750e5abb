"""Answers on the real corpus (trial round, stop 58): how the BAA is signed, texting patients through SNS, a former
name's section beside the service, a subsection of another service speaking of the one asked, who writes the DR plan,
traffic between nodes, scene words the documents never use ("HPC")."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow

_ARTIFACT = {"How do we sign the BAA with AWS?": "does not speak of how the BAA is accepted (signed)",
             "AWS BAA 어떻게 체결해요?": "BAA 수락(체결) 방법에 대해 다루지 않습니다",
             "BAA 要怎麼簽？": "沒有談到BAA 的接受（簽署）方式"}


@pytest.mark.parametrize("question", sorted(_ARTIFACT))
def test_how_the_baa_is_signed_lists_aws_artifact(full_index: Settings, question: str) -> None:
    """The BAA chapter says only what customers who have executed it may do; the study notes' AWS Artifact section
    says where it is accepted (trial 58d WRONG: the BAA chapter alone)."""
    a = KnowledgeBase(full_index).ask(question)
    assert _ARTIFACT[question] in a.answer
    assert "aws-artifact.notes-accept-baa" in a.records, a.records


def test_a_scene_naming_the_baa_lists_no_artifact(full_index: Settings) -> None:
    """"Before we sign the BAA, ..." asks about EBS encryption, not how the BAA is signed."""
    a = KnowledgeBase(full_index).ask("Before we sign the BAA, do we need to turn on encryption for EBS?")
    assert a.verdict == "yes"
    assert not any(r.startswith("aws-artifact.") for r in a.records), a.records


_SMS = ["SNS로 환자한테 복약 알림 문자 보낼 때 약 이름 넣어도 돼?", "用 SNS 發簡訊給病人 可以放藥名嗎",
        "用 SNS 發簡訊通知病人領藥 可以放藥名嗎", "Can we text patients appointment reminders with PHI through SNS?"]


@pytest.mark.parametrize("question", _SMS)
def test_texting_patients_through_sns_points_to_pinpoint_sms(full_index: Settings, question: str) -> None:
    """A text message to a patient is no breach notification (trial 58b WRONG: "通知病人" refused as a legal question),
    and the SNS section does not speak of SMS: Amazon Pinpoint's dedicated short code does (not AWS Server Migration
    Service, whose Chinese edition writes "AWS SMS" as "AWS 簡訊", nor the Forecast page's email addresses)."""
    a = KnowledgeBase(full_index).ask(question)
    assert not a.abstained
    assert "amazon-pinpoint.sms-dedicated-short-code" in a.records, a.records
    assert not any(r.startswith(("server-migration-service.", "forecast.")) for r in a.records), a.records


@pytest.mark.parametrize("question", ["How soon must we notify patients after a breach?", "外洩後要多久內通知病人？",
                                      "S3 데이터가 유출되면 환자에게 통지는 언제까지 해야 하나요?"])
def test_breach_notification_deadlines_stay_refused(full_index: Settings, question: str) -> None:
    a = KnowledgeBase(full_index).ask(question)
    assert a.abstained or "legal" in (a.reason or "") or "hhs.gov" in a.answer, a.answer


def test_a_former_names_section_does_not_decide_for_the_service(full_index: Settings) -> None:
    """EventBridge's own section does not bar PHI; the whitepaper's CloudWatch Events section (its former name) does:
    no verdict, and the note says only the old name's section bars it (trial 58b: "否" before EventBridge's own section
    reads as a contradiction; stop 53: "Yes" by its eligibility hid the old name's rule)."""
    a = KnowledgeBase(full_index).ask("Can EventBridge events carry PHI?")
    assert a.verdict is None
    assert "only the Amazon CloudWatch Events section says PHI must not flow into it" in a.answer
    assert "cloudwatch-events.no-phi-in-events" in a.records, a.records
    b = KnowledgeBase(full_index).ask("Can CloudWatch Events carry PHI?")
    assert b.verdict == "no"


@pytest.mark.parametrize("question", ["온프렘 Active Directory랑 AWS 연동해서 SSO 가능한가요?",
                                      "Can we use our on-prem Active Directory for SSO into AWS?"])
def test_another_services_subsection_naming_the_service_is_where_the_documents_speak_of_it(full_index: Settings,
                                                                                          question: str) -> None:
    """Comprehend's "External authentication" subsection (under its IAM subsection) names AWS Managed Microsoft AD and
    on-premises Active Directory for single sign-on: listed under its own name where the documents speak of access,
    and no "The documents do not say." (trial 58c WRONG)."""
    a = KnowledgeBase(full_index).ask(question)
    assert "iam-external-authentication.active-directory" in a.records, a.records
    assert a.verdict is None


def test_a_general_chapter_naming_s3_in_passing_keeps_the_not_covered_verdict(full_index: Settings) -> None:
    """The field case: "Should I turn on S3 server access logging?" stays "The documents do not say." (the 2016 paper's
    "many services, such as Amazon S3, provide audit trails natively" names S3 in passing)."""
    a = KnowledgeBase(full_index).ask("Should I turn on S3 server access logging?")
    assert a.verdict == "unstated"


def test_a_record_naming_the_service_that_fits_far_worse_is_no_pointer(full_index: Settings) -> None:
    """"+MFA는 필수인가요?" after an Active Directory question: not Comprehend's single sign-on record as where the
    documents speak of MFA; "EBS 스냅샷 ... 어디에 저장되고 어떻게 복제되나요?": the audit chapter's snapshots, not AWS
    Backup's snapshot encryption."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("온프렘 Active Directory랑 AWS 연동해서 SSO 가능한가요?")
    a = kb.ask("MFA는 필수인가요?", context=Context.after(first))
    assert "iam-external-authentication.active-directory" not in a.records, a.records
    b = kb.ask("HIPAA 백업 요건 때문에 EBS 스냅샷을 쓰려는데, 스냅샷은 어디에 저장되고 어떻게 복제되나요?")
    assert "aws-backup.snapshot-encryption" not in b.records, b.records


def test_must_in_the_question_is_no_word_of_the_record(full_index: Settings) -> None:
    """"MFA는 필수인가요?": the study note "(루트 ... MFA 디바이스를 안전한 장소에 보관 필수)" shares only the
    asking word; the MFA records answer (trial 58c: "예" by keeping the device safe)."""
    a = KnowledgeBase(full_index).ask("MFA는 필수인가요?")
    assert a.verdict == "recommended"
    assert a.records[0] != "aws-account-security.notes-store-root-credentials-safely", a.records


@pytest.mark.parametrize("question", ["재해 복구 계획은 누가 세워야 하나요, AWS인가요 우리인가요?",
                                      "재해 복구 계획은 누가 세워야 하나요?"])
def test_who_must_write_the_dr_plan_is_a_party(full_index: Settings, question: str) -> None:
    """"누가 세워야 하나요" asks who (own58: "예." before the contingency plan)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "customer"


@pytest.mark.parametrize("question", ["OpenSearch 노드 간 암호화 해야 하나요?", "OpenSearch 節點之間要加密嗎？"])
def test_plain_encrypt_of_traffic_between_nodes_is_in_transit(full_index: Settings, question: str) -> None:
    """Plain "암호화" beside traffic between nodes asks encryption in transit (stop 57 left: the rule for data at rest
    led)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.topics == ["encryption-in-transit"]
    assert "opensearch.node-to-node-encryption" in a.records, a.records


def test_scene_shorthand_is_no_unmentioned_name(full_index: Settings) -> None:
    """"HPC" sets the scene (EC2 nodes): no "The documents do not speak of HPC" in place of the verdict (trial 58a)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Do we need dedicated instances for EC2 HPC nodes processing PHI?")
    assert a.verdict == "no"
    assert "HPC" not in a.answer
    b = kb.ask("可以用 EBS 快照備份 HPC 節點上的 PHI 嗎？")
    assert b.verdict == "yes"


def test_a_general_chapters_record_that_gives_no_asked_term_is_not_the_services(full_index: Settings) -> None:
    """"S3 和 Glacier 的生命週期規則": the EBS snapshot paragraph's "執行個體生命週期" is no lifecycle rule of S3 (trial
    58a: listed under S3)."""
    a = KnowledgeBase(full_index).ask("S3 和 Glacier 的生命週期規則可以用在 PHI 上嗎")
    assert not any(r.startswith("auditing-backups-dr.") for r in a.records), a.records


def test_rx_data_is_phi_asked_of(full_index: Settings) -> None:
    """"can we store rx data in dynamodb?" asks whether DynamoDB may hold it (trial 58b: no verdict)."""
    assert KnowledgeBase(full_index).ask("can we store rx data in dynamodb?").verdict == "yes"


@pytest.mark.parametrize("question", ["Can we use the root account for daily admin if it has MFA on?",
                                      "루트 계정으로 평소에 관리 작업해도 되나요?"])
def test_daily_use_of_the_root_account_is_day_to_day(full_index: Settings, question: str) -> None:
    """The documents say day-to-day interaction (data/equivalents.yaml): "No." by "do not use the root credentials
    day to day" (trial 58d: no verdict, led by "enable MFA on the root user")."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("no", "aws-account-security.bp2016-no-root-for-daily-use"), (a.verdict,
                                                                                                       a.records)


def test_a_password_policy_in_chinese_is_the_password_policy_record(full_index: Settings) -> None:
    """"密碼原則" is the documents' 密碼政策 (trial 58d WRONG: MFA, access keys and root, no password policy)."""
    a = KnowledgeBase(full_index).ask("IAM 密碼原則應該怎麼設定比較好")
    assert a.records[0] == "aws-iam.bp2016-password-policy", a.records


def test_must_we_sign_a_baa_in_chinese_gets_a_verdict(full_index: Settings) -> None:
    """"要跟 AWS 簽 BAA 嗎？" asks whether one must (trial 58b: no verdict)."""
    assert KnowledgeBase(full_index).ask("要跟 AWS 簽 BAA 嗎？").verdict == "yes"


def test_ongoing_replication_is_no_backup(full_index: Settings) -> None:
    """DMS's ongoing replication is a migration's change capture, not a copy kept for recovery: the eligibility asked
    beside it keeps its verdict (trial 58c: none, a backup topic read from "replication")."""
    a = KnowledgeBase(full_index).ask("DMS ongoing replication from on-prem SQL server to RDS - is it HIPAA eligible "
                                      "and how do we encrypt it?")
    assert "backup" not in a.topics and a.verdict is not None, (a.topics, a.verdict)


@pytest.mark.parametrize("question", ["can we store dental x-ray images in S3?",
                                      "치과 엑스레이 사진을 S3에 저장해도 되나요?", "X 光片可以存在 S3 嗎？",
                                      "x-ray 影像可以存 S3 嗎"])
def test_a_radiograph_is_no_aws_x_ray(full_index: Settings, question: str) -> None:
    """A dental x-ray is an image S3 may hold (trial 58e WRONG: "No." by "do not use AWS X-Ray to store PHI")."""
    a = KnowledgeBase(full_index).ask(question)
    assert [s.id for s in a.services] == ["s3"] and a.verdict == "yes", ([s.id for s in a.services], a.verdict)


def test_the_x_ray_service_is_still_named(full_index: Settings) -> None:
    a = KnowledgeBase(full_index).ask("Can we use X-Ray tracing on our PHI app?")
    assert [s.id for s in a.services] == ["xray"]


def test_a_short_name_listed_with_another_service_names_it(full_index: Settings) -> None:
    """"Glue and QuickSight - ...": "Glue" opens the sentence, listed with QuickSight (trial 58f WRONG: Glue left out
    unsaid)."""
    a = KnowledgeBase(full_index).ask("Glue and QuickSight - what encryption do they need for PHI?")
    assert {s.id for s in a.services} == {"aws-glue", "quicksight"}


@pytest.mark.parametrize("question", ["IAM Access Analyzer 有需要開嗎", "Do we need IAM Access Analyzer?"])
def test_a_service_with_no_section_is_said_to_have_none(full_index: Settings, question: str) -> None:
    """IAM Access Analyzer has no section (only Security Hub's findings name it): not "Recommended." by the root
    access key record (trial 58g WRONG)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None and [s.id for s in a.not_covered] == ["iam-access-analyzer"], a.answer[:200]


@pytest.mark.parametrize("question", ["Can we use AWS Config to monitor compliance of PHI resources?",
                                      "Config로 PHI 리소스 규정 준수를 모니터링하려고 하는데 써도 되나요?",
                                      "可以用 Config 來監控 PHI 資源的合規嗎？"])
def test_a_service_used_to_monitor_phi_workloads_is_asked_what_it_does(full_index: Settings, question: str) -> None:
    """Config used to monitor compliance: what its section says it is for ("cannot by itself store PHI; use it to
    monitor architectures that process PHI"), not its logging record alone (trial 58g)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "aws-config.no-phi" and a.verdict == "conditional", (a.records, a.verdict)


def test_an_alternative_way_comes_with_the_other(full_index: Settings) -> None:
    """"Do we need to encrypt traffic between the ELB and EC2 backends?": "Yes." by encrypting both listeners
    ("backends" is the documents' back-end), then TLS termination at the load balancer beside the pass-through
    offered as its alternative (trial 58g: "Alternatively, ..." alone)."""
    a = KnowledgeBase(full_index).ask("Do we need to encrypt traffic between the ELB and EC2 backends?")
    assert a.verdict == "yes" and a.records[0] == "elb.encrypt-front-and-back-end-listeners", a.records
    assert a.records.index("elb.terminate-tls-at-load-balancer") < a.records.index("elb.pass-through-to-back-end")


def test_a_general_chapter_asked_as_a_whole_lists_what_it_says(full_index: Settings) -> None:
    """"What do the documents say about incident response?": the chapter's records, not the two sharing its words
    (own58)."""
    a = KnowledgeBase(full_index).ask("What do the documents say about incident response?")
    assert len([r for r in a.records if r.startswith(("security-logging.", "aws-account-security."))]) >= 5, a.records


def test_deleting_records_asked_as_such_is_disposal(full_index: Settings) -> None:
    """"理賠紀錄的保留期限跟刪除有什麼要求?": the secure-disposal chapter (trial 58l WRONG: refused)."""
    a = KnowledgeBase(full_index).ask("理賠紀錄的保留期限跟刪除有什麼要求?")
    assert not a.abstained and "disposal" in a.topics, (a.abstained, a.topics)


def test_whom_to_notify_of_a_breach_is_a_legal_matter(full_index: Settings) -> None:
    """"who do we notify if theres a PHI breach on AWS" is breach notification (trial 58j WRONG: answered with the
    incident-response chapter's first record); notifying AWS of a compromised instance is not refused."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("who do we notify if theres a PHI breach on AWS").abstained
    assert not kb.ask("Who should we notify at AWS about a suspected compromised instance?").abstained


@pytest.mark.parametrize(("question", "note"), [
    ("KMS 金鑰可以跨帳號使用嗎", "章節沒有談到跨帳戶使用"),
    ("KMS 키를 다른 계정에서 쓸 수 있나요?", "다른 계정에서의 사용에 대해 다루지 않습니다")])
def test_use_from_another_account_is_said_to_be_unsaid(full_index: Settings, question: str, note: str) -> None:
    """The KMS section does not speak of using a key from another account: said first (trial 58j WRONG: access keys
    given as if they answered)."""
    a = KnowledgeBase(full_index).ask(question)
    assert note in a.answer.split("\n")[0], a.answer[:200]


@pytest.mark.parametrize("question", ["Can we send appointment reminders thru SNS push with the patient's name in it?",
                                      "我們可以用 SNS 發推播提醒給病患嗎？內容有預約時間",
                                      "SNS 푸시로 환자 이름 보내도 돼요?"])
def test_an_sns_push_points_to_pinpoints_end_channels(full_index: Settings, question: str) -> None:
    """"SNS push" is a push notification; the SNS section does not speak of it, Amazon Pinpoint's end channels do (not
    Comprehend's multi-tenancy "trust email addresses only if verified", trial 58i WRONG)."""
    a = KnowledgeBase(full_index).ask(question)
    assert any(r.startswith("amazon-pinpoint.") for r in a.records), a.records
    assert not any(r.startswith("multi-tenancy.") for r in a.records), a.records


@pytest.mark.parametrize("question", ["What is the HIPAA minimum necessary standard?",
                                      "HIPAA 최소 필요 기준이 뭐예요?"])
def test_a_privacy_rule_standard_is_refused(full_index: Settings, question: str) -> None:
    """The documents explain none of the Privacy Rule's standards (own58: answered with the introduction's sentence
    on HIPAA)."""
    assert KnowledgeBase(full_index).ask(question).abstained


@pytest.mark.parametrize("question", ["Athena로 PHI 쿼리해도 되나요?", "Can we query PHI with Athena?",
                                      "可以用 Athena 查詢 PHI 嗎？"])
def test_querying_phi_asks_whether_the_service_may_process_it(full_index: Settings, question: str) -> None:
    """(own58: no verdict for "쿼리해도 되나요")."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("yes", "athena.eligible-phi"), (a.verdict, a.records)


def test_a_bare_follow_up_in_a_who_conversation_asks_who(full_index: Settings) -> None:
    """"and the worker nodes?" after "Who is responsible for the EKS control plane?": the EKS section does not say who,
    and the shared responsibility model (own58: refused as low confidence)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("Who is responsible for the EKS control plane?")
    a = kb.ask("and the worker nodes?", context=Context.after(first))
    assert not a.abstained and "does not say who is responsible" in a.answer
