"""Answers on the real corpus (trial round, stop 42): a follow-up turning to what holds in general, a detail asked
of a section the answer lists nothing of, plain "encrypt" beside another topic in a clause of its own, who is
responsible in a question of two parts, a clause's rare word beside "also", a disposal record of a service, a related
chapter silent on the topic asked, what to watch for about a service's own words, and a prohibition the question's
words point at beside other topics."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


def _conversation(kb: KnowledgeBase, *questions: str) -> list:
    answers, ctx = [], None
    for q in questions:
        a = kb.ask(q, context=ctx)
        answers.append(a)
        ctx = Context.after(a, ctx)
    return answers


def test_a_follow_up_turning_to_what_holds_in_general_leaves_the_conversation_s_services(full_index: Settings) -> None:
    """"got it. and in general, should we separate prod and dev into different AWS accounts?" after VPC and EC2
    questions was answered with NACLs and IPsec from the conversation's sections; "그럼 로그는 일반적으로 어디에 얼마나
    보관해야 돼요?" after an EC2 forensics question with EC2's OSSEC and NTP records."""
    kb = KnowledgeBase(full_index)
    *_, last = _conversation(kb, "how should we segment the VPC for PHI workloads?",
                             "and EC2 traffic inside the VPC, does it need encryption too?",
                             "got it. and in general, should we separate prod and dev into different AWS accounts?")
    assert [s.id for s in last.services] == ["account-strategy"]
    assert "aws-account-security.bp2016-separate-environment-accounts" in last.records
    *_, last = _conversation(kb, "EC2 인스턴스가 침해된 것 같은데 포렌식은 어떻게 해요?",
                             "그럼 로그는 일반적으로 어디에 얼마나 보관해야 돼요?")
    assert "ec2" not in {s.id for s in last.services}
    assert "auditing-backups-dr.central-log-retention" in last.records


def test_account_structure_in_taiwanese_wording_is_answered(full_index: Settings) -> None:
    """"回到一般的問題：多個 AWS 帳號要怎麼規劃？prod 跟 dev 要分開嗎" was refused: 帳號 (Taiwan's word for an account)
    named no chapter."""
    kb = KnowledgeBase(full_index)
    for q in ("回到一般的問題：多個 AWS 帳號要怎麼規劃？prod 跟 dev 要分開嗎", "prod 跟 dev 帳號要分開嗎？"):
        a = kb.ask(q)
        assert not a.abstained
        assert "aws-account-security.bp2016-separate-environment-accounts" in a.records


def test_a_detail_asked_is_looked_for_in_every_section_the_answer_comes_from(full_index: Settings) -> None:
    """"... least privilege and MFA for admins ...? also should we use IAM groups" opened with "The AWS account and root
    user security ... section does not speak of multi-factor authentication (MFA)": the IAM chapter's records filled
    the answer and the account chapter, which has the MFA records, was not looked in."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("what does the guidance say about least privilege and MFA for admins in our PHI account? "
               "also should we use IAM groups")
    assert "does not speak of" not in a.answer
    assert "aws-account-security.bp2016-enable-mfa" in a.records


def test_plain_encrypt_beside_another_topic_in_a_clause_of_its_own_is_asked(full_index: Settings) -> None:
    """"CloudTrail 要怎麼設才符合稽核需求？log 要加密嗎？log file integrity validation 要開嗎？" and "... cloudtrail
    encrypted trail enough or do we also need log file validation?" left out the encrypted-trail record: the clause
    asking to encrypt the logs did not count as asking encryption at rest."""
    kb = KnowledgeBase(full_index)
    for q in ("CloudTrail 要怎麼設才符合稽核需求？log 要加密嗎？log file integrity validation 要開嗎？",
              "what do we need for audit logging under hipaa? cloudtrail encrypted trail enough or do we also need log "
              "file validation?"):
        a = kb.ask(q)
        assert {"cloudtrail.encrypted-trail", "cloudtrail.log-file-validation"} <= set(a.records), q


def test_two_parts_asking_who_name_no_single_party_when_the_records_differ(full_index: Settings) -> None:
    """"who is responsible for patching the guest OS on EC2 - us or AWS? and for the hypervisor?" opened with
    "**AWS's.**": the guest OS is the customer's, the virtualization layer AWS's."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("who is responsible for patching the guest OS on EC2 - us or AWS? and for the hypervisor?")
    assert a.verdict is None
    assert "ec2.bp2016-patch-management-customer" in a.records
    a = kb.ask("Who patches the OS on our EC2 instances, AWS or us?")
    assert a.verdict == "customer"


def test_a_clause_s_rare_word_beside_also_picks_its_record(full_index: Settings) -> None:
    """"Glue ETL job 要處理 PHI，傳輸中跟靜態加密要怎麼設定？Data Catalog 也要加密嗎" left out the Data Catalog record:
    "也要" (also need) counted as a word of what was asked, so the clause's share of "catalog" fell short."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Glue ETL job 要處理 PHI，傳輸中跟靜態加密要怎麼設定？Data Catalog 也要加密嗎")
    assert {"aws-glue.data-catalog-encryption", "aws-glue.jdbc-ssl"} <= set(a.records)


def test_a_service_s_data_deletion_record_answers_a_disposal_follow_up(full_index: Settings) -> None:
    """"那如果是 Amazon Comprehend 的資料呢？" after a data-disposal question said the Comprehend section has no
    guidance on deletion; its data-deletion subsection says to revoke the KMS keys of the S3 data."""
    kb = KnowledgeBase(full_index)
    first, last = _conversation(kb, "資料銷毀要注意什麼？PHI 不用了要怎麼處理", "那如果是 Amazon Comprehend 的資料呢？")
    assert last.records == ["data-protection-data-deletion.revoke-kms-keys"]
    # (the first answer: the disposal chapter, not "the KMS section has no guidance on disposal")
    assert {s["section"] for s in first.facets} == {"data-disposal"}


def test_what_to_watch_for_about_a_service_s_own_words_lists_every_record_with_them(full_index: Settings) -> None:
    """"what about FireLens / fluent bit logging, any gotchas?" after an ECS question listed only "FireLens needs no
    additional configuration unless the logs contain PHI"; "ok to turn on fluent bit file buffering?" left out "do not
    enable file buffering unless disk encryption is enabled"."""
    kb = KnowledgeBase(full_index)
    *_, last = _conversation(kb, "we're deploying containers on ECS that process PHI. what do we need to configure?",
                             "what about FireLens / fluent bit logging, any gotchas?")
    assert {"ecs.fluent-bit-file-buffering", "ecs.log-destination-tls"} <= set(last.records)
    a = kb.ask("ECS tasks log PHI via firelens - ok to turn on fluent bit file buffering? and does the log "
               "destination need TLS?")
    assert a.records[0] == "ecs.fluent-bit-file-buffering"
    assert "ecs.log-destination-tls" in a.records


def test_a_chapter_named_beside_a_topic_clause_answers_as_a_whole(full_index: Settings) -> None:
    """"AWS에서 보안 사고 대응 계획 어떻게 세워야 하나요? 포렌식이랑 로그 보존 관련해서" listed of the incident-response
    chapter only its one logging record ("AWS cannot see inside your instance"): the chapter, named by its own name and
    asked how to set it up, answers as a whole beside the logging chapter (forensics, investigating abuse warnings)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("AWS에서 보안 사고 대응 계획 어떻게 세워야 하나요? 포렌식이랑 로그 보존 관련해서")
    assert {"security-logging.bp2016-forensics-isolate-instance",
            "security-logging.bp2016-investigate-abuse-warnings"} <= set(a.records)


def test_orchestrating_work_that_carries_phi_gets_the_verdict_first(full_index: Settings) -> None:
    """"is step functions ok to orchestrate the consumers if the payload has PHI?" had no verdict, though the Korean
    "... 오케스트레이션 해도 돼요?" gets one: a payload that has PHI is using the service with PHI."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("is step functions ok to orchestrate the consumers if the payload has PHI?")
    assert a.verdict == "conditional" and a.answer.startswith("**Yes, in a PHI workload, with no PHI in the service")


def test_a_service_named_as_the_means_of_one_topic_is_not_said_silent_on_another(full_index: Settings) -> None:
    """"DynamoDB랑 DocumentDB 중에 ... KMS 키 암호화, TLS 연결 측면에서 비교해주세요" ended with "the AWS KMS section
    has no guidance on encryption in transit": KMS is named as the means of encryption at rest, not as a service asked
    about on transit."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("DynamoDB랑 DocumentDB 중에 PHI 저장용으로 뭐가 나음? KMS 키 암호화, TLS 연결 측면에서 비교해주세요")
    assert "kms" not in {f["section"] for f in a.facets}
    assert {"dynamodb.transit-https", "documentdb.transit-encrypted-endpoints"} <= set(a.records)


def test_an_opening_general_clause_is_answered_by_its_whole_chapter(full_index: Settings) -> None:
    """"HIPAA 백업/재해복구 요건을 AWS에서 어떻게 충족해야 하나요? EBS 스냅샷으로 백업해도 되는지" and "whats the
    recommended backup + DR approach for PHI on AWS? do EBS snapshots count as backups?" listed only EBS snapshots of
    the DR chapter (and read "as backups" as AWS Backup): the opening clause asks the chapter's topic as such."""
    kb = KnowledgeBase(full_index)
    for q in ("HIPAA 백업/재해복구 요건을 AWS에서 어떻게 충족해야 하나요? EBS 스냅샷으로 백업해도 되는지",
              "whats the recommended backup + DR approach for PHI on AWS? do EBS snapshots count as backups?"):
        a = kb.ask(q)
        assert {"auditing-backups-dr.contingency-plan", "auditing-backups-dr.elastic-disaster-recovery",
                "auditing-backups-dr.ebs-snapshots"} <= set(a.records), q
        assert "AWS Backup" not in a.answer.split("\n")[-1]  # (no "Read 'as backups' as AWS Backup" note)


def test_a_follow_up_with_a_question_of_its_own_is_not_asked_the_conversation_s_topic(full_index: Settings) -> None:
    """"what about SNS for sending alerts w/ PHI to clinicians?" after SQS logging questions was read as asking about
    logging; so was "如果改用 EFS 呢？掛載的時候要加什麼參數？" after an S3 access-log question."""
    kb = KnowledgeBase(full_index)
    *_, last = _conversation(kb, "we're pushing patient msgs thru SQS, what do we need to configure?",
                             "how do we audit who accessed those queues?",
                             "what about SNS for sending alerts w/ PHI to clinicians?")
    assert "logging" not in last.topics and "sns.transit-https" in last.records
    *_, last = _conversation(kb, "我們要把病歷影像存在 S3，有哪些要注意的地方？", "那 S3 的存取紀錄要怎麼開？",
                             "如果改用 EFS 呢？掛載的時候要加什麼參數？")
    assert "logging" not in last.topics and "efs.transit-tls" in last.records


def test_there_after_a_service_the_question_names_points_at_that_service(full_index: Settings) -> None:
    """"앞단에 API Gateway 붙이면 거기서는 뭘 조심해야 돼요?" after logging questions kept the conversation's logging
    chapters first: "거기" (there) points at API Gateway, which the question has just named."""
    kb = KnowledgeBase(full_index)
    *_, last = _conversation(kb, "람다에서 PHI 처리하려는데 주의할 점 체크리스트로 정리해 주세요",
                             "로깅은요? CloudTrail 말고 따로 챙겨야 되는거 있나요",
                             "앞단에 API Gateway 붙이면 거기서는 뭘 조심해야 돼요?")
    assert [s.id for s in last.services][:1] == ["api-gateway"]
    assert {f["section"] for f in last.facets} == {"api-gateway"}
