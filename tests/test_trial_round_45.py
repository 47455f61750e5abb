"""Answers on the real corpus (trial round, stop 45): a key service named as what another is encrypted with, follow-ups
that name a new service or ask what only a general chapter speaks of, plain HTTP asked as leaving encryption out,
tampered logs, hosted model endpoints, abuse notices, the 2016 paper's AMI hardening, encryption and records listed
side by side, and one verdict for two services one of which is silent."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

from .conftest import conversation

pytestmark = pytest.mark.slow


def test_a_key_service_named_as_what_another_is_encrypted_with_is_no_subject(full_index: Settings) -> None:
    """"do we need log file validation and KMS encryption on our CloudTrail trails?" took KMS (named first) as the
    subject: CloudTrail kept only its records naming KMS ("One way: SSE-KMS"), without log file validation or "create an
    encrypted trail"."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("do we need log file validation and KMS encryption on our CloudTrail trails?")
    assert [s.id for s in a.services][:1] == ["cloudtrail"]
    assert {"cloudtrail.log-file-validation", "cloudtrail.encrypted-trail"} <= set(a.records)
    for q in ("KMS 암호화를 CloudTrail 트레일에 꼭 걸어야 하나요?", "用 KMS 加密 CloudTrail 的 trail 是必要的嗎？"):
        a = kb.ask(q)
        assert [s.id for s in a.services][:1] == ["cloudtrail"], q
        assert "cloudtrail.encrypted-trail" in a.records, q
    a = kb.ask("CloudTrail 的 log 要用 KMS 加密嗎？")  # (KMS's record naming CloudTrail does not drop CloudTrail)
    assert "cloudtrail.encrypted-trail" in a.records
    a = kb.ask("How should we manage KMS keys for S3?")  # (KMS named beside no encryption word: as before)
    assert [s.id for s in a.services][:1] == ["kms"]


def test_a_follow_up_naming_a_new_service_keeps_only_the_services_that_speak_of_it(full_index: Settings) -> None:
    """"那 CloudHSM 呢？" after SQS, SNS and KMS answered SQS, SNS and KMS and left CloudHSM past the three-service
    limit: KMS's records speak of CloudHSM, SQS's and SNS's do not."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "SQS 跟 SNS 都要傳含 PHI 的訊息，兩個都一定要開 server-side encryption 嗎？",
                      "KMS key 要用 customer managed key 還是 AWS managed key 就可以？",
                      "key 的存取權限要怎麼控管比較好？", "那 CloudHSM 呢？")
    assert [s.id for s in a.services] == ["kms", "cloudhsm"]
    assert any(r.startswith("cloudhsm.") for r in a.records)


def test_a_follow_up_naming_a_service_by_a_subject_asks_nothing_of_theconversation(full_index: Settings) -> None:
    """"and network-wise, should the cluster sit in a private subnet?" after "is that covered under the BAA too?" was
    "Yes." by Amazon VPC's eligibility: "subnet" names VPC by a subject it speaks of, not as "what about VPC?"."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "is Redshift HIPAA eligible?", "how about Spectrum querying S3 directly, is that covered "
                      "under the BAA too?", "and network-wise, should the cluster sit in a private subnet?")
    assert [s.id for s in a.services] == ["vpc"]
    assert a.verdict is None and "eligibility" not in a.topics


def test_a_follow_up_only_a_general_chapter_speaks_of_leaves_theconversation(full_index: Settings) -> None:
    """"조사용으로 격리는 어떻게 해요?" after an EC2 malware question repeated the EC2 answer; isolating an instance for
    forensics is the incident-response chapter's. A word the conversation's records have keeps it: "which resources
    does Advanced actually cover?" after AWS Shield was refused as off-topic."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "EC2 인스턴스 하나가 악성코드에 감염된거 같아요. 어떻게 대응해야 되나요?",
                      "조사용으로 격리는 어떻게 해요?")
    assert a.records[0] == "security-logging.bp2016-forensics-isolate-instance"
    a = conversation(kb, "what does the whitepaper say about AWS WAF for apps that handle PHI?",
                      "and Shield - do we need Shield Advanced?", "which resources does Advanced actually cover?")
    assert not a.abstained and [s.id for s in a.services] == ["aws-shield"]


def test_a_what_about_follow_up_on_a_silent_section_shows_its_obligations(full_index: Settings) -> None:
    """"那 SNS 呢？" after "如果不開伺服器端加密呢？" on SQS said only that the SNS section is silent on encryption
    at rest; what it does require (its HTTPS endpoints) now follows."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "SQS 佇列要放含 PHI 的訊息，要設定什麼？", "如果不開伺服器端加密呢？", "那 SNS 呢？")
    assert [s.id for s in a.services] == ["sns"] and not a.facets[0]["covered"]
    assert "sns.transit-https" in a.records


@pytest.mark.parametrize("question", [
    "ALB에서 TLS 종료하고 백엔드 타겟까지는 http로 보내도 되나요? 그리고 로드밸런서 로깅은 어느 수준까지 해야 돼요",
    "Can we terminate TLS at the ALB and send plain http to the targets?",
    "ALB 終止 TLS 之後，到後端可以走 http 嗎？",
])
def test_plain_http_to_the_targets_asks_to_leave_encryption_out(full_index: Settings, question: str) -> None:
    """"ALB에서 TLS 종료하고 백엔드 타겟까지는 http로 보내도 되나요?" listed two "one way" records and no verdict; the
    ELB section's obligation (encrypt both listeners, end to end) says no."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "no"
    assert a.records[0].startswith("elb.")  # (the record that decides it, not the rule for every service)


def test_tampered_logs_ask_about_logging(full_index: Settings) -> None:
    """"... do we need an encrypted trail, and how do we prove the logs werent tampered with?" lost its second part:
    "tampered" asked no topic, and CloudTrail's log file integrity validation was left out."""
    kb = KnowledgeBase(full_index)
    for q in ("CloudTrail in our PHI account: do we need an encrypted trail, and how do we prove the logs werent "
              "tampered with?", "CloudTrail 로그가 위변조되지 않았다는 걸 어떻게 증명해요?"):
        a = kb.ask(q)
        assert "logging" in a.topics and "cloudtrail.log-file-validation" in a.records, q


def test_a_hosted_model_endpoint_is_no_connection_endpoint(full_index: Settings) -> None:
    """"For SageMaker hosted endpoints, how is data on the instances encrypted?" was read as encryption in transit and
    answered with TLS alone; the endpoint's KMS key encrypts the data on its instances."""
    kb = KnowledgeBase(full_index)
    for q in ("For SageMaker hosted endpoints, how is data on the instances encrypted?",
              "SageMaker 모델 엔드포인트 인스턴스의 데이터는 어떻게 암호화돼요?"):
        a = kb.ask(q)
        assert "sagemaker.endpoint-kms" in a.records, q


def test_an_abuse_notice_and_an_incident_plan_are_the_incident_chapters(full_index: Settings) -> None:
    """"收到 AWS 的濫用(abuse)通報信 ... 我們的 EC2 在對外發攻擊流量" was answered with EC2's TLS records; "incident
    response plan ... what do the docs recommend?" listed only the one record that says "recommended"."""
    kb = KnowledgeBase(full_index)
    for q in ("收到 AWS 的濫用(abuse)通報信，說我們的 EC2 在對外發攻擊流量，應該怎麼處理？",
              "We got an abuse email from AWS saying our EC2 is sending attack traffic. What now?"):
        a = kb.ask(q)
        assert a.services[0].id == "incident-response", q
    a = kb.ask("incident response plan for a suspected PHI breach in our data lake - what do the docs recommend?")
    assert len(a.records) >= 3 and "security-logging.bp2016-forensics-isolate-instance" in a.records


def test_the_words_of_a_whole_service_question_outrank_the_whitepaper_first_order(full_index: Settings) -> None:
    """"골든 AMI 만들때 리눅스 보안 강화 체크리스트 ... sshd 설정이나 계정 정리 같은거" listed EC2's encryption records
    (the whitepaper's first, for the service as a whole) and no AMI hardening record."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("골든 AMI 만들때 리눅스 보안 강화 체크리스트 알려주세요. sshd 설정이나 계정 정리 같은거")
    assert a.records[0].startswith("ec2.bp2016-") and "ami" in a.records[0]
    a = kb.ask("How should PHI be protected in Amazon Forecast?")  # (no word of its own: the whitepaper's first)
    assert a.records[0] == "forecast.encryption"


def test_encryption_and_records_listed_side_by_side_ask_both_kinds(full_index: Settings) -> None:
    """"這整條流程要注意哪些加密跟記錄？" over Transcribe, Comprehend Medical and HealthLake had no logging; read with
    it, plain 加密 became encryption at rest only and Transcribe lost its TLS record."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("門診錄音用 Transcribe 轉文字 → Comprehend Medical 抽實體 → 存進 HealthLake，"
               "這整條流程要注意哪些加密跟記錄？")
    assert {"logging", "encryption-at-rest", "encryption-in-transit"} <= set(a.topics)
    assert {"transcribe.cloudtrail", "healthlake.cloudtrail"} <= set(a.records)
    assert any(r.startswith("transcribe.") and r != "transcribe.cloudtrail" for r in a.records)


def test_no_single_verdict_when_one_of_both_services_is_silent(full_index: Settings) -> None:
    """"SQS 跟 SNS ... 兩個都一定要開 server-side encryption 嗎？" opened "可選。" by SQS's fallback, which reads as the
    answer for SNS too; the SNS section says nothing of encryption at rest."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("SQS 跟 SNS 都要傳含 PHI 的訊息，兩個都一定要開 server-side encryption 嗎？")
    assert a.verdict is None and "sqs.encrypt-payload-without-sse" in a.records
    a = kb.ask("SQS 要傳含 PHI 的訊息，一定要開 server-side encryption 嗎？")  # (one service: as before)
    assert a.verdict == "optional"


def test_a_follow_up_with_a_clause_naming_a_new_service_is_no_general_opening(full_index: Settings) -> None:
    """"那 log 呢？我們用 FireLens 送到 CloudWatch Logs" after ECS and Fargate opened with the audit chapter (its first
    clause read as a general question) and left CloudWatch Logs, which the user named, past the limit."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "我們用 ECS + Fargate 跑會處理 PHI 的 container，需要額外設定什麼嗎？",
                      "那 log 呢？我們用 FireLens 送到 CloudWatch Logs")
    assert [s.id for s in a.services] == ["ecs", "fargate", "cloudwatch-logs"]
    assert "cloudwatch-logs.encrypted-no-reencryption" in a.records


def test_a_clause_of_no_topic_beside_a_topic_clause_keeps_its_record(full_index: Settings) -> None:
    """"S3 버킷은 기본적으로 비공개죠? 그리고 버전관리도 기본으로 켜져 있나요?" answered only the versioning clause
    (the first asks of no topic); in Korean "그리고" was read as a word of the second clause, which then lost its
    versioning record."""
    kb = KnowledgeBase(full_index)
    for q in ("S3 버킷은 기본적으로 비공개죠? 그리고 버전관리도 기본으로 켜져 있나요?",
              "Are S3 buckets private by default? And is versioning on by default?",
              "S3 儲存貯體預設是私有的嗎？版本控制預設有開嗎？"):
        a = kb.ask(q)
        assert {"s3.notes-private-by-default", "s3.bp2016-versioning"} <= set(a.records), q


def test_a_yes_or_no_asked_of_no_topic_is_not_decided_by_another_clauses_topic(full_index: Settings) -> None:
    """"do we still need dedicated instances ...? and should our ALB terminate TLS or just pass it thru ...?" opened
    "Yes." by EC2's TLS record, and "can we use route 53 w/ PHI? we were going to put patient IDs in the DNS record
    names" "Yes." by its eligibility, approving the plan its names rule forbids; a scene ("ALB 終止 TLS 之後") or a how
    ("... and what encryption settings do we need?") beside the asking clause leaves its verdict."""
    kb = KnowledgeBase(full_index)
    for q in ("do we still need dedicated instances for EC2 that processes PHI? and should our ALB terminate TLS or "
              "just pass it thru to the backends?",
              "can we use route 53 w/ PHI? we were going to put patient IDs in the DNS record names for routing"):
        assert kb.ask(q).verdict is None, q
    assert kb.ask("ALB 終止 TLS 之後，到後端可以走 http 嗎？").verdict == "no"
    assert kb.ask("Can we store PHI in S3, and what encryption settings do we need?").verdict == "yes"


def test_an_edition_named_with_a_chinese_word_for_edition_is_an_edition(full_index: Settings) -> None:
    """"QuickSight Standard 版可以放 PHI 嗎？" opened "文件沒有提到 QuickSight Standard" (Standard 版 was no edition);
    the section allows PHI in Enterprise Edition only."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("QuickSight Standard 版可以放 PHI 嗎？")
    assert (a.verdict, a.records[0]) == ("no", "quicksight.enterprise-edition-only")


def test_a_korean_or_else_offers_a_choice(full_index: Settings) -> None:
    """"EFS 마운트할때 TLS는 기본으로 켜져있죠? 아님 mount 옵션 따로 줘야하나요" opened "예." (the mount option is
    required) above "TLS is not used by default": a choice is answered by its records, not by a yes or no."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("EFS 마운트할때 TLS는 기본으로 켜져있죠? 아님 mount 옵션 따로 줘야하나요")
    assert a.verdict is None and "efs.transit-tls" in a.records


def test_a_family_past_the_limit_shows_the_members_that_speak_of_the_topics_first(full_index: Settings) -> None:
    """"RDS 要放 PHI，加密跟稽核要怎麼設定？" showed MariaDB, MySQL and Oracle, each "no guidance on logging", and left
    SQL Server, whose section requires audit logging in the parameter group, past the three-service limit."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("RDS 要放 PHI，加密跟稽核要怎麼設定？")
    assert a.services[0].id == "rds-sqlserver" and "rds-sqlserver-audit.enabled" in a.records
    a = kb.ask("How do we encrypt RDS?")  # (every engine speaks of it: catalog order)
    assert [s.id for s in a.services][:2] == ["rds-mariadb", "rds-mysql"]


def test_things_to_set_up_ask_for_the_service_as_a_whole(full_index: Settings) -> None:
    """"DynamoDB에 PHI 저장할 때 설정할 거 알려주세요" ("tell me what to set up") listed only the HTTPS record: it asks
    what the service needs as a whole, its encryption at rest too."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("DynamoDB에 PHI 저장할 때 설정할 거 알려주세요")
    assert {"dynamodb.transit-https", "dynamodb.encrypt-at-rest"} <= set(a.records)
