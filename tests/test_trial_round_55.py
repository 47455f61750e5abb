"""Answers on the real corpus (trial round, stop 55): backups and DR of named services reach AWS Backup, a backup or
DR plan asked as a whole, CloudTrail asked "must we?" by the audit logging the BAA requires, a way that alone has the
question's words is not overruled by another record's "must", and a pointer said once."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow

_CENTRAL = "aws-backup.central-backup-policies"


@pytest.mark.parametrize("question", ["backup and DR for RDS holding PHI",
                                      "DynamoDB 백업이랑 DR 전략 어떻게 해야 하나요?", "RDS 備份跟跨區域 DR 要怎麼規劃",
                                      "how should we back up RDS and DynamoDB for DR?"])
def test_backup_of_a_named_service_points_to_aws_backup(full_index: Settings, question: str) -> None:
    """The AWS Backup section names RDS and DynamoDB among the resources its central backup policies cover; no record
    said so, and backup questions about them got only encryption records and the 2016 paper."""
    a = KnowledgeBase(full_index).ask(question)
    assert _CENTRAL in a.records, a.records


@pytest.mark.parametrize("question", ["backup/DR plan for PHI, including testing restores?", "PHI 백업/DR 계획?",
                                      "PHI 的備份與災難復原計畫？"])
def test_a_backup_or_dr_plan_is_asked_as_a_whole(full_index: Settings, question: str) -> None:
    """"plan" pinned the chapter to its contingency-plan record (the English ask listed one record); a plan asks for
    what the chapter says as a whole: snapshots, DRS, S3 copies, multi-AZ."""
    a = KnowledgeBase(full_index).ask(question)
    assert "auditing-backups-dr" in [s.id for s in a.services]
    assert len([r for r in a.records if r.startswith("auditing-backups-dr.")]) >= 4, a.records


@pytest.mark.parametrize("question", ["CloudTrail 꼭 켜야 하나요?", "需要開 CloudTrail 嗎？",
                                      "Do we have to enable CloudTrail for PHI workloads?"])
def test_cloudtrail_must_we_is_yes_by_the_baa_audit_logging(full_index: Settings, question: str) -> None:
    """"Recommended." by "create specific trails" (a should in the Chinese edition) read as a contradiction beside the
    Korean 생성해야 합니다; the BAA requires the audit logging CloudTrail serves: "Yes.", the step, then why."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "yes"
    assert a.records[:2] == ["cloudtrail.create-trails", "cloudtrail.baa-audit-logging"], a.records
    assert a.records.count("cloudtrail.baa-audit-logging") == 1


def test_audit_logging_required_by_the_baa_is_yes(full_index: Settings) -> None:
    """The BAA's own section is silent on logging; CloudTrail's record names the audit logging the BAA requires (was
    "The documents do not say." with that record listed twice as a pointer)."""
    a = KnowledgeBase(full_index).ask("is audit logging required by the BAA?")
    assert a.verdict == "yes"
    assert a.records[0] == "cloudtrail.baa-audit-logging"
    assert a.answer.count("can be used for the audit logging that the AWS BAA requires") == 1


def test_a_dated_papers_must_of_another_matter_does_not_decide_over_the_way(full_index: Settings) -> None:
    """"Yes." came from the 2016 paper's Windows AMI random passwords (a must on access) although the question asks of
    the IAM roles record ("instead of" long-term credentials); only the whitepaper's obligations overrule a way."""
    a = KnowledgeBase(full_index).ask("must ec2 instances use iam roles instead of access keys?")
    assert a.verdict != "yes"
    assert "aws-iam.bp2016-roles-instead-of-long-term-credentials" in a.records


def test_a_former_names_prohibition_does_not_decide_the_services_eligibility(full_index: Settings) -> None:
    """"EventBridge 可以處理 PHI 嗎?" was "否。" by the CloudWatch Events section's "no PHI into CloudWatch Events",
    beside the line saying EventBridge has its own section among the eligible services."""
    a = KnowledgeBase(full_index).ask("EventBridge 可以處理 PHI 嗎? 有在 BAA 範圍內嗎")
    assert a.verdict == "conditional"


def test_a_family_named_beside_a_service_is_asked_about_with_it(full_index: Settings) -> None:
    """"RDS vs EC2" paired only the last RDS engine with EC2, so RDS was a section named in passing and its answer
    (AWS manages the OS and platform of container services) was left out."""
    a = KnowledgeBase(full_index).ask("who patches RDS vs EC2?")
    assert "shared-responsibility.bp2016-container-aws-manages" in a.records, a.records
    assert "ec2.bp2016-patch-management-customer" in a.records


@pytest.mark.parametrize("question", ["研究計畫結束後資料要怎麼刪除？S3 物件刪掉之後AWS怎麼處理",
                                      "what happens to PHI in S3 after we delete it?"])
def test_deleting_data_asks_how_it_is_disposed_of(full_index: Settings, question: str) -> None:
    """Deleting the data (or what AWS does once it is deleted) is the disposal chapter's subject; the Chinese ask got
    S3's names, HTTPS and MFA Delete records."""
    a = KnowledgeBase(full_index).ask(question)
    assert "disposal" in a.topics
    assert any(r.startswith("data-disposal.") or ".bp2016-" in r and "dispos" in r for r in a.records), a.records


_BESIDE_HOW = {"根帳號要怎麼保護？MFA 一定要開嗎？": "recommended",
               "How do we set up encryption for SQS? Is it required?": "yes",
               "S3 암호화 어떻게 설정하나요? 꼭 해야 하나요?": "yes"}


def test_a_yes_no_sentence_beside_a_how_sentence_gets_its_verdict(full_index: Settings) -> None:
    """The how sentence made the whole question open, so the yes/no sentence got no verdict."""
    kb = KnowledgeBase(full_index)
    assert {q: kb.ask(q).verdict for q in _BESIDE_HOW} == _BESIDE_HOW


@pytest.mark.parametrize("question", ["EC2에서 PHI 처리하려면 dedicated instance 꼭 써야 하나요? EBS 암호화는 어떻게?",
                                      "S3 和 EBS 的加密方式有什麼不同？兩個都要用 KMS 嗎？"])
def test_a_yes_no_sentence_of_its_own_subject_is_not_decided_by_the_how_sentences_topics(full_index: Settings,
                                                                                         question: str) -> None:
    """A trial round on part 2 found "예 (모든 서비스에 적용되는 규칙에 따름)" above "dedicated instances are no longer
    required" (the yes/no sentence asks of dedicated instances, the rule is on EBS encryption) and "是。" to "must both
    use KMS?": a yes/no sentence naming a subject of its own is decided only when it asks the whole question's
    topics."""
    assert KnowledgeBase(full_index).ask(question).verdict is None


def test_a_nested_subsection_does_not_lead_a_question_naming_no_service(full_index: Settings) -> None:
    """"研究結束後資料要怎麼刪除？" led with Comprehend > Data protection > Data deletion, a subsection presented as
    general guidance; the disposal chapter answers, alone."""
    a = KnowledgeBase(full_index).ask("研究結束後資料要怎麼刪除？")
    assert [s.id for s in a.services] == ["data-disposal"]


@pytest.mark.parametrize("question", ["Can we use Snowball to ship the PACS archive?",
                                      "Snowball로 PACS 영상 옮겨도 되나요?"])
def test_imaging_archives_are_phi(full_index: Settings, question: str) -> None:
    """A PACS (DICOM) archive is PHI: using a service for it asks whether the service may hold PHI (no verdict before:
    the standard Snowball appliance may be used under the BAA)."""
    assert KnowledgeBase(full_index).ask(question).verdict == "conditional"


def test_s3_logging_points_to_the_native_audit_trails_not_the_gateway(full_index: Settings) -> None:
    """The 2016 paper's "S3 and EMR provide access control audit trails natively" was one record with its privilege
    escalation gateway (four quotes of padding for an S3 logging question); it is a record of its own now."""
    a = KnowledgeBase(full_index).ask("Should I turn on S3 server access logging?")
    assert a.verdict == "unstated"
    assert "security-logging.bp2016-native-access-audit-trails" in a.records
    assert "security-logging.bp2016-privilege-escalation-gateway" not in a.records


def test_eligibility_asked_beside_an_open_sentence_gets_its_verdict(full_index: Settings) -> None:
    """"is AWS Batch HIPAA eligible? what do we need to configure?" got no verdict (the open sentence made the question
    no eligibility question); alone, the first sentence gets "Yes."."""
    a = KnowledgeBase(full_index).ask("is AWS Batch HIPAA eligible? what do we need to configure?")
    assert a.verdict == "yes"
    assert "aws-batch.no-phi-in-job-definitions" in a.records


def test_a_caveat_of_one_of_two_services_is_not_said_of_both(full_index: Settings) -> None:
    """"Yes, in a PHI workload, with no PHI in the service itself." read as said of API Gateway too, which may
    process and transmit PHI; with two services the verdict line says "with conditions" and names whose caveat."""
    a = KnowledgeBase(full_index).ask("Are API Gateway and Elastic Beanstalk both ok for PHI?")
    assert a.verdict == "conditional"
    first = a.answer.split("\n")[0]
    assert first.startswith("**Yes, with conditions.**") and "Elastic Beanstalk" in first, first


def test_a_product_no_document_names_is_asked_of_beside_an_aws_service(full_index: Settings) -> None:
    """"does Cloudflare sign a BAA so we can put it in front of our AWS ALB?" was "Yes, with conditions." by the AWS
    BAA's eligible-services rule: the ALB beside it hid that the documents never speak of Cloudflare."""
    a = KnowledgeBase(full_index).ask("does Cloudflare sign a BAA so we can put it in front of our AWS ALB?")
    assert a.verdict is None
    assert a.answer.startswith("The documents do not speak of Cloudflare")


@pytest.mark.parametrize("question", ["Direct Connect 전용선이면 전송중 암호화 생략 가능?",
                                      "用 Direct Connect 專線的話可以省略傳輸加密嗎？"])
def test_omitting_encryption_asks_whether_it_may_be_left_out(full_index: Settings, question: str) -> None:
    """생략 / 省略 (omit) read as no measure left out: no verdict, led by the 2016 paper's "you may decide not to use
    IPsec over Direct Connect"; PHI in transit is encrypted by the rule for every service."""
    assert KnowledgeBase(full_index).ask(question).verdict == "no"


_NOT_REFUSED = {"how shoud we segment dev/prod networks that hold PHI": "vpc",
                "Transit Gateway 串多個 VPC 傳 PHI 要注意什麼": "vpc",
                "DB 密碼這種 secrets 要放哪裡比較好": "secrets-manager"}


def test_covered_network_and_secrets_questions_are_not_refused(full_index: Settings) -> None:
    """Refused: "segment dev/prod networks" named no segmentation subject, no record named Transit Gateway (the VPC
    section's hub sentence is one now), and "DB passwords / secrets" named no section (Secrets Manager says a secret
    can be a database credential)."""
    kb = KnowledgeBase(full_index)
    for question, section in _NOT_REFUSED.items():
        a = kb.ask(question)
        assert not a.abstained and section in [s.id for s in a.services], question


def test_asked_whether_aws_does_it_beside_what_is_ours_gets_no_yes(full_index: Settings) -> None:
    """With the yes/no sentence read beside the open one, "是不是就 AWS 會幫我們顧好？我們自己還要負責哪些？" became
    "是。" (AWS does it) by the shared-responsibility record; the records say who does what."""
    a = KnowledgeBase(full_index).ask("跟 AWS 簽了 BAA 之後，HIPAA 合規是不是就 AWS 會幫我們顧好？"
                                      "我們自己還要負責哪些？")
    assert a.verdict is None


@pytest.mark.parametrize("question", ["ELB 終止 TLS 後到 EC2 這段還要加密嗎",
                                      "ELB에서 TLS 종료하면 EC2까지 구간도 암호화해야 하나요?"])
def test_still_need_to_encrypt_behind_the_load_balancer_is_yes(full_index: Settings, question: str) -> None:
    """還要…嗎 (still need to ...?) asks must-we, as 要…嗎 does; the end-to-end obligation, a must of the whitepaper,
    decides over the way that terminates TLS."""
    assert KnowledgeBase(full_index).ask(question).verdict == "yes"


_CASUAL = {"SQS 큐에 PHI 담긴 메시지 넣어도 돼나요?": "yes", "MSK 브로커랑 클라이언트 사이 TLS 필요해?": "yes",
           "MSK TLS 필요함?": "yes"}


def test_casual_korean_endings_ask_yes_or_no(full_index: Settings) -> None:
    """"돼나요" (for 되나요) and "필요해?" / "필요함?" read as no yes/no question: no verdict."""
    kb = KnowledgeBase(full_index)
    assert {q: kb.ask(q).verdict for q in _CASUAL} == _CASUAL


def test_no_additional_configuration_comes_with_the_obligations(full_index: Settings) -> None:
    """"+Fargate는?" after an eligibility question listed only "needs no additional configuration", which reads as
    nothing to do; the section's own obligations (always encrypt PHI the containers access) come with it."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("EKS 클러스터 HIPAA 적격 서비스인가요? PHI 올려도 돼요?")
    a = kb.ask("Fargate는?", context=Context.after(first, None))
    assert a.verdict == "yes"  # (the obligations are listed, not conditions of eligibility: a final trial round read
    # "Yes, with conditions. Encrypt PHI at rest" as "extra configuration is needed")
    assert "fargate.no-extra-configuration" in a.records
    assert {"fargate.encrypt-phi-at-rest", "fargate.encrypt-phi-in-transit"} <= set(a.records), a.records


def test_may_we_ending_in_gwaenchanna_asks_leave(full_index: Settings) -> None:
    """"넣어도 괜찮을까요?" / "괜찮나?" ask leave as "넣어도 되나요?" does."""
    assert KnowledgeBase(full_index).ask("S3에 PHI 넣어도 괜찮을까요?").verdict == "yes"


def test_a_family_member_with_the_questions_words_is_shown_first(full_index: Settings) -> None:
    """"RDS" names five engines and an answer shows three: MariaDB, MySQL and Oracle, none of which speaks of force
    SSL; SQL Server's section does."""
    a = KnowledgeBase(full_index).ask("RDS storage encryption 꼭 켜야 하나요? force_ssl 파라미터도 필요?")
    assert a.services[0].id == "rds-sqlserver"
    assert "rds-sqlserver-encryption-in-transit.force-ssl" in a.records


def test_what_about_a_topic_keeps_the_conversations_service(full_index: Settings) -> None:
    """"+那備份呢？可以用 point-in-time recovery 嗎？" after DynamoDB left DynamoDB ("point-in-time" is spoken of by the
    DR chapter's EBS snapshots) and answered EBS snapshots and Elastic Disaster Recovery; "what about X?" asks X of the
    conversation's service."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("DynamoDB 存 PHI 要怎麼加密？")
    a = kb.ask("那備份呢？可以用 point-in-time recovery 嗎？", context=Context.after(first, None))
    assert [s.id for s in a.services] == ["dynamodb"]


@pytest.mark.parametrize("question", ["Can emails sent with SES include PHI?", "Can SNS notifications contain PHI?"])
def test_emails_and_notifications_that_include_phi_ask_whether_the_service_may_carry_it(full_index: Settings,
                                                                                        question: str) -> None:
    """"emails include PHI" named no data that carries PHI (messages, payloads and files did)."""
    assert KnowledgeBase(full_index).ask(question).verdict == "yes"


_WITHOUT = {"EBS 기본 암호화 안 켜고 써도 되나요?": "no",
            "do we need s3 bucket policy deny when aws:SecureTransport=false?": "yes"}


def test_turning_encryption_off_and_secure_transport_are_read(full_index: Settings) -> None:
    """"안 켜고" (without turning on) left out no measure, so no verdict; aws:SecureTransport named no topic, so the
    answer listed ACL and bucket-policy notes and no HTTPS rule."""
    kb = KnowledgeBase(full_index)
    assert {q: kb.ask(q).verdict for q in _WITHOUT} == _WITHOUT


@pytest.mark.parametrize("question", ["영상 보존기간이랑 삭제는 어떻게 하죠?",
                                      "那要刪除的時候呢？怎麼確定資料真的被刪掉",
                                      "How do we make sure deleted PHI in S3 is really gone?"])
def test_making_sure_data_is_deleted_asks_of_disposal(full_index: Settings, question: str) -> None:
    """Asked on their own, the Korean and Chinese were refused and the English got S3's MFA Delete; how deleted data
    is made unrecoverable is the disposal chapter's subject."""
    a = KnowledgeBase(full_index).ask(question)
    assert "disposal" in a.topics and not a.abstained


def test_both_cloudtrail_and_cloudwatch_logs_is_no_yes_by_the_baa(full_index: Settings) -> None:
    """A trial round on part 1 found "예." to "CloudTrail이랑 CloudWatch Logs 둘 다 켜야 되나요?": the audit logging the
    BAA requires makes CloudTrail asked alone a yes, not CloudWatch Logs beside it."""
    question = "감사로그 용도로 CloudTrail이랑 CloudWatch Logs 둘 다 켜야 되나요?"
    assert KnowledgeBase(full_index).ask(question).verdict != "yes"


@pytest.mark.parametrize("question", ["Can we store PHI in Google BigQuery instead of Redshift?",
                                      "네이버클라우드에서도 HIPAA 되나요? EMR 옮길까 고민중"])
def test_another_cloud_beside_an_aws_service_gets_no_yes(full_index: Settings, question: str) -> None:
    """"Yes." (Redshift's, Amazon EMR's eligibility) read as a yes for BigQuery and Naver Cloud."""
    assert KnowledgeBase(full_index).ask(question).verdict is None


def test_own_encryption_keys_are_no_names(full_index: Settings) -> None:
    """"+can we bring our own keys?" after a key question was "No." by "no PHI in KMS key tags": "keys" read as
    names (object keys); encryption keys, own keys and access keys are none."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("who manages the encryption keys - us or aws?")
    assert kb.ask("can we bring our own keys?", context=Context.after(first, None)).verdict != "no"
    assert kb.ask("Can we put patient IDs in S3 object keys?").verdict == "no"


_REFUSED = ("發生資料外洩要怎麼通報？", "PHI 유출되면 어디에 신고해야 하나요?")


def test_reporting_a_breach_is_a_legal_matter(full_index: Settings) -> None:
    """The Chinese ask was answered with the 2016 paper's abuse alerts as if they were breach reporting."""
    kb = KnowledgeBase(full_index)
    assert all(kb.ask(q).abstained for q in _REFUSED)


@pytest.mark.parametrize("question", ["我們需要裝防毒軟體嗎 惡意程式防護怎麼處理",
                                      "Do we need antivirus on our servers?"])
def test_malware_protection_is_the_2016_papers_ec2_advice(full_index: Settings, question: str) -> None:
    """Refused in Chinese, and answered by the incident chapter in English; the 2016 paper's malware advice is filed
    under EC2 (antivirus, trusted software)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.services[0].id == "ec2"
    assert any(r.startswith("ec2.bp2016-") for r in a.records), a.records


def test_a_service_encrypting_itself_is_no_no_when_transit_takes_a_step(full_index: Settings) -> None:
    """"+那 Amazon MQ 呢？" after "要加密嗎" opened "不需要您另外處理：服務已經會加密。" above MQ's TLS-enabled
    protocols for PHI in transit."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("SQS 跟 SNS 哪個適合傳 PHI？要加密嗎")
    assert kb.ask("那 Amazon MQ 呢？", context=Context.after(first, None)).verdict != "no"


def test_need_to_or_optional_asks_required_or_optional(full_index: Settings) -> None:
    """"do we need to encrypt PHI at rest or is it optional" read as a choice between two ways: no verdict."""
    assert KnowledgeBase(full_index).ask("do we need to encrypt PHI at rest or is it optional").verdict == "yes"


def test_sms_through_sns_points_to_pinpoints_sms_rules(full_index: Settings) -> None:
    """The SNS section does not speak of SMS; Amazon Pinpoint's does (a dedicated short code, end channels may not be
    encrypted), but it fitted under FOCUS x SNS's HTTPS record and was left out: "The documents do not speak of SMS"."""
    a = KnowledgeBase(full_index).ask("sns alerts to caregivers - can the SMS contain patient vitals?")
    assert any(r.startswith("amazon-pinpoint.") for r in a.records), a.records


def test_two_whos_get_no_single_party(full_index: Settings) -> None:
    """"who handles physical security and who does encryption" was "The customer's." for both."""
    assert KnowledgeBase(full_index).ask("who handles physical security and who does encryption").verdict is None


def test_what_about_a_service_the_conversations_service_speaks_of_keeps_the_topics(full_index: Settings) -> None:
    """"+那落地到 S3 的檔案呢?" after a Transfer Family encryption question answered S3's 99.99% availability: S3 added
    beside Transfer Family (whose records speak of S3) is asked the conversation's topics."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("合作夥伴用 Transfer Family SFTP 傳檔案進來,PHI 要怎麼加密?")
    a = kb.ask("那落地到 S3 的檔案呢?", context=Context.after(first, None))
    assert {"encryption-at-rest", "encryption-in-transit"} <= set(a.topics)
    assert "s3.transit-https" in a.records, a.records


def test_pilsu_im_asks_must_we(full_index: Settings) -> None:
    """"필수임?" (casual for 필수인가요?) read as no yes/no question."""
    assert KnowledgeBase(full_index).ask("S3 암호화 필수임?").verdict == "yes"


def test_how_do_we_delete_asks_of_disposal(full_index: Settings) -> None:
    """"研究資料結束後要怎麼刪除？" was refused (no disposal term, no service)."""
    a = KnowledgeBase(full_index).ask("研究資料結束後要怎麼刪除？")
    assert [s.id for s in a.services] == ["data-disposal"]


def test_a_feature_asked_must_we_is_decided_by_its_own_record(full_index: Settings) -> None:
    """"Must we enable CloudTrail log file validation?" was decided by the section's first obligation (create trails),
    and with the BAA's audit logging it read "Yes. Create specific trails ..."; the validation record decides it."""
    a = KnowledgeBase(full_index).ask("Must we enable CloudTrail log file validation?")
    assert a.verdict == "recommended"
    assert a.records[0] == "cloudtrail.log-file-validation"
