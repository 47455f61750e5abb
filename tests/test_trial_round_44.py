"""Answers on the real corpus (trial round, stop 44): a service that encrypts at rest itself asked "must we set it up
ourselves?", backups and disaster recovery asked of a service whose section only encrypts its snapshots, or beside a
dated paper's S3 records, and a backup plan asked of the general chapter."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


def test_a_service_that_encrypts_at_rest_itself_needs_no_setting_of_ours(full_index: Settings) -> None:
    """"Network Firewall logs contain patient IPs. Do we have to set up encryption ourselves?" opened "Yes, by the rule
    for every service." and FSx's "Yes." rested on "alternatively, encrypt before storing; you are then responsible";
    both sections say the service encrypts at rest itself, with no special configuration."""
    kb = KnowledgeBase(full_index)
    for q, record in (
            ("Network Firewall logs contain patient IPs. Do we have to set up encryption ourselves?",
             "network-firewall.component-encryption"),
            ("Do we need to encrypt Network Firewall logs?", "network-firewall.component-encryption"),
            ("Do we have to set up encryption for FSx ourselves?", "fsx.at-rest-automatic"),
            ("FSx 암호화는 우리가 직접 해야 하나요?", "fsx.at-rest-automatic")):
        a = kb.ask(q)
        assert (a.verdict, a.records[0]) == ("no", record), q
    a = kb.ask("Network Firewall 的日誌要自己設定加密嗎？")  # (its "encrypts automatically" listed under logging: no
    assert a.verdict == "no" and "encrypting-and-protecting-phi.encrypt-at-rest" not in a.records  # rule beside it)
    # a section that only offers ways keeps the rule for every service
    a = kb.ask("Do we have to encrypt DynamoDB ourselves?")
    assert (a.verdict, a.records[0]) == ("yes", "encrypting-and-protecting-phi.encrypt-at-rest")


def _pointers(answer, topic: str) -> list[str]:
    return [p for f in answer.facets if f["topic"] == topic for p in f["pointers"]]


def test_backups_asked_of_a_section_that_only_encrypts_them_point_to_the_backup_chapters(
        full_index: Settings) -> None:
    """"how should we set up DR for an aurora postgres cluster w/ PHI" was answered by "encrypt clusters and snapshots"
    alone; "are its backups encrypted too?" is answered by that record, with no pointers."""
    kb = KnowledgeBase(full_index)
    for q in ("how should we set up DR for an aurora postgres cluster w/ PHI", "Aurora 叢集的災難復原要怎麼規劃？",
              "DynamoDB 백업은 어떻게 해야 하나요?"):
        pointers = _pointers(kb.ask(q), "backup")
        assert pointers and all(p.startswith(("auditing-backups-dr.", "aws-backup.")) for p in pointers), q
    a = kb.ask("RDS PostgreSQL 的自動備份和快照也會一起加密嗎？")
    assert _pointers(a, "backup") == []


def test_a_dated_papers_records_on_one_service_do_not_silence_the_backup_chapters(full_index: Settings) -> None:
    """"backup & DR requirements for PHI - we run EC2 w/ EBS + S3" said EC2 and EBS have no backup guidance and
    pointed nowhere: the 2016 paper's S3 versioning records stood for the topic; and what "the EC2 section does say"
    was the 2016 paper's hardening advice ("one primary function per instance")."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("backup & DR requirements for PHI - we run EC2 w/ EBS + S3. what does the guidance say?")
    assert _pointers(a, "backup")
    assert any(p.startswith("auditing-backups-dr.") for p in _pointers(a, "backup"))
    assert "What the section does say" not in a.answer
    # ... the section's own words stay ("Amazon Translate does not retain data" for its backups)
    assert "本章節談到的內容" in kb.ask("Amazon Translate 需要做備份嗎？").answer


def test_how_to_plan_backups_lists_what_the_chapter_says(full_index: Settings) -> None:
    """"PHI 데이터 백업이랑 재해복구(DR) 계획은 HIPAA 기준으로 어떻게 잡아야 하나요?" listed only the contingency-plan
    record (its word "plan"); the chapter also gives EBS snapshots, multi-AZ failover and AWS DRS. (Since stop 59
    disaster recovery is a term asked (data/details.yaml): the records giving it come first, the plan after them.)"""
    kb = KnowledgeBase(full_index)
    for q in ("PHI 데이터 백업이랑 재해복구(DR) 계획은 HIPAA 기준으로 어떻게 잡아야 하나요?",
              "How should we plan backup and disaster recovery for PHI under HIPAA?"):
        a = kb.ask(q)
        assert "auditing-backups-dr.contingency-plan" in a.records, q
        assert {"auditing-backups-dr.ebs-snapshots", "auditing-backups-dr.elastic-disaster-recovery",
                "auditing-backups-dr.ec2-multi-az-failover"} <= set(a.records), q


def test_a_feature_the_documents_never_name_is_said_to_be_not_covered(full_index: Settings) -> None:
    """"does the guidance say anything about S3 Object Lock in compliance mode for 7-year WORM retention?" and
    "DynamoDB global tables 跨區複寫的話，PITR 保留天數要設多少？" were answered with nearby S3 and DynamoDB records
    as if they answered; so was a security-group rule quota. The note on what is not given is followed once by "what
    they do say is below"."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("does the guidance say anything about S3 Object Lock in compliance mode for 7-year WORM retention of "
               "medical records?")
    assert a.answer.startswith("The documents do not speak of S3 Object Lock or other write-once (WORM) storage; "
                               "what they do say is below.\n\n")
    a = kb.ask("DynamoDB global tables 跨區複寫的話，PITR 保留天數要設多少才符合 HIPAA？")
    assert a.answer.startswith("Amazon DynamoDB 章節沒有談到時間點復原（PITR）或全域資料表；"
                               "以下是文件中的相關內容。\n\n")
    # (a thing the documents do not speak of has no length of time there either: no "文件沒有提供此問題的期限" line
    # beside it, stop 56)
    a = kb.ask("What's the max number of rules per security group?")
    assert a.answer.startswith("The documents do not speak of service quotas or limits; what they do say is below.")
    a = kb.ask("S3 객체 잠금을 켜야 하나요?")
    assert (a.verdict, a.answer.split("\n")[0]) == (
        None, "문서는 S3 객체 잠금(Object Lock) 같은 WORM 저장에 대해 다루지 않습니다. "
              "아래는 문서가 관련해 말하는 내용입니다.")
    # the documents' point-in-time EBS snapshots and AWS DRS's recovery to an earlier point in time are no PITR of a
    # database; a backup plan asked as such gets no such note
    assert not kb.ask("How should we plan backup and disaster recovery for PHI?").answer.startswith("The documents")


def test_a_topic_asked_in_a_clause_joined_by_go_keeps_its_record(full_index: Settings) -> None:
    """"MSK 클러스터 저장 데이터 암호화는 어떻게 하고, 퍼블릭 엔드포인트로 외부에서 접근 가능한가요?" read as one
    clause: the public-endpoint words narrowed the at-rest record away. "Is Athena ok for PHI queries and do the query
    results need to be encrypted?" got no "Yes." for its first part."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("MSK 클러스터 저장 데이터 암호화는 어떻게 하고, 퍼블릭 엔드포인트로 외부에서 접근 가능한가요?")
    assert {"msk.at-rest", "msk.private-connectivity"} <= set(a.records)
    a = kb.ask("Is Athena ok for PHI queries and do the query results need to be encrypted?")
    assert a.verdict == "yes"
    assert "athena.encrypt-query-results" in a.records


def test_a_way_offered_instead_of_another_comes_after_it(full_index: Settings) -> None:
    """FSx's at-rest answer listed "One way: Alternatively, encrypt before storing it" before "encryption at rest is
    enabled automatically"; a question asking without the measure keeps the alternative first."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("What does the HIPAA guidance say about using Amazon FSx with PHI?")
    assert a.records.index("fsx.at-rest-automatic") < a.records.index("fsx.client-side-encryption")
    a = kb.ask("Which algorithm does SQS server-side encryption use for message bodies?")
    assert a.records[:2] == ["sqs.server-side-encryption", "sqs.encrypt-payload-without-sse"]
    a = kb.ask("如果 SQS 佇列沒有啟用伺服器端加密，訊息要怎麼保護？")
    assert a.records[0] == "sqs.encrypt-payload-without-sse"


def test_a_pipeline_stage_answered_by_the_section_it_refers_to_is_not_cut(full_index: Settings) -> None:
    """"pipeline: Textract -> SQS -> Lambda -> Comprehend Medical. what do we need to configure on each for PHI?"
    covered three services and left out Comprehend Medical: the Comprehend section its guidance refers to counted as
    a fifth service named in passing."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("pipeline: Textract -> SQS -> Lambda -> Comprehend Medical. "
               "what do we need to configure on each for PHI?")
    assert [s.id for s in a.services] == ["textract", "sqs", "lambda", "comprehend-medical", "comprehend"]


def test_keeping_what_a_record_says_to_delete_is_a_no(full_index: Settings) -> None:
    """"那 root 的 access key 呢？要留著嗎" (after "how do we protect the root account?") opened "建議這麼做。
    為根使用者啟用 MFA。" and "Should we keep the root account access keys?" opened "Yes." by "protect the secret
    access key": both read as "keep them"; the study notes say to deactivate and delete them."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("root 帳號要怎麼保護比較好？")
    follow = kb.ask("那 root 的 access key 呢？要留著嗎", context=Context.after(first, None))
    for a in (follow, kb.ask("Should we keep the root account access keys?"),
              kb.ask("루트 계정 액세스 키는 남겨둬야 하나요?")):
        assert (a.verdict, a.records[0]) == ("no", "aws-account-security.notes-remove-root-access-keys")
    assert kb.ask("Should we protect the root account access keys?").verdict != "no"


def test_each_stage_of_a_four_service_pipeline_keeps_its_records(full_index: Settings) -> None:
    """"API Gateway -> Lambda -> SQS -> DynamoDB ... 단계별로 뭐 설정해야 하나요?" shared six records four ways:
    DynamoDB kept only HTTPS, SQS only its fallback "if you do not use server-side encryption"."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("API Gateway -> Lambda -> SQS -> DynamoDB 이렇게 파이프라인 구성해서 PHI 처리하려는데 "
               "단계별로 뭐 설정해야 하나요?")
    assert {"dynamodb.encrypt-at-rest", "sqs.server-side-encryption", "dynamodb.transit-https"} <= set(a.records)


def test_pricing_a_waiting_period_and_crypto_shredding(full_index: Settings) -> None:
    """"HIPAA 계정에서 EC2 Savings Plans 사면 얼마나 할인되나요?" was answered with EC2 encryption records and no word
    that the documents give no prices; "the minimum waiting period before a KMS key is gone? we want to crypto-shred
    PHI" with KMS tags and GenerateDataKey, not the 2016 paper's disposal chapter (delete the key)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("HIPAA 계정에서 EC2 Savings Plans 사면 얼마나 할인되나요?")
    assert a.answer.startswith("문서는 요금이나 라이선스에 대해 다루지 않습니다.")  # (pricing and licensing)
    a = kb.ask("if we schedule deletion of a KMS key, whats the minimum waiting period before its actually gone? "
               "we want to crypto-shred PHI")
    assert a.answer.startswith("The documents do not give a length of time for this; what they do say is below.")
    assert a.topics == ["disposal"]
    assert _pointers(a, "disposal")[0] == "encrypting-and-protecting-phi.bp2016-delete-keys-for-disposal"


def test_managing_a_key_asks_which_key(full_index: Settings) -> None:
    """"how do we set up encryption on a Redshift cluster w/ PHI? what are the options for managing the cluster key?"
    left out the cluster key record (KMS or CloudHSM), left since stop 42."""
    a = KnowledgeBase(full_index).ask("how do we set up encryption on a Redshift cluster w/ PHI? what are the options "
                                      "for managing the cluster key?")
    assert {"redshift.cluster-key-management", "redshift.cluster-encryption"} <= set(a.records)


def test_a_statement_ending_right_is_a_yes_no_question(full_index: Settings) -> None:
    """"EBS volumes are encrypted by default, right?" got no verdict (read as no question), though "Is EBS encrypted by
    default?" is answered "The documents do not say it is on by default"."""
    kb = KnowledgeBase(full_index)
    for q in ("EBS volumes are encrypted by default, right?", "S3 encrypts new objects by default, right? Thanks"):
        assert kb.ask(q).verdict == "unstated", q
    a = kb.ask("EC2 게스트 OS 패치는 AWS가 해주죠?")  # (Korean "-죠?" confirms as ", right?" does)
    assert (a.verdict, a.records[0]) == ("no", "ec2.bp2016-patch-management-customer")
    assert kb.ask("S3 encrypts new objects by default, right? we don't need to set it up").verdict is None  # (a
    # negation in the question: a yes or no would read as the opposite to someone)


def test_a_service_that_needs_no_re_encryption_decides_beside_the_subject(full_index: Settings) -> None:
    """"那 Lambda 的 log 丟到 CloudWatch Logs，需要自己再加密嗎？" (after a Lambda question) opened
    "是（依適用於所有服務的規則）", contradicting CloudWatch Logs' own record that PHI sent to it needs no
    re-encryption."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("Lambda 函數要處理 PHI，要注意什麼？")
    follow = kb.ask("那 Lambda 的 log 丟到 CloudWatch Logs，需要自己再加密嗎？", context=Context.after(first, None))
    for a in (follow,
              kb.ask("Lambda 로그를 CloudWatch Logs로 보내면 우리가 다시 암호화해야 하나요?")):
        assert (a.verdict, a.records[0]) == ("no", "cloudwatch-logs.encrypted-no-reencryption")
    # ... and fitting less well than the subject's record, it leaves the rule for every service no say: not "Yes, by
    # the rule" beside "PHI sent to CloudWatch Logs needs no re-encryption"
    first = kb.ask("we log app events from lambda to cloudwatch logs and some may contain PHI. is that allowed?")
    a = kb.ask("do we need to encrypt the log group ourselves with a KMS key?", context=Context.after(first, None))
    assert a.verdict is None and "cloudwatch-logs.encrypted-no-reencryption" in a.records


def test_passing_phi_through_a_service_in_chinese_asks_whether_it_may_hold_it(full_index: Settings) -> None:
    """"SNS 可以傳 PHI 嗎？" got no verdict (傳, pass on, was no verb of using PHI; 傳送 was)."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("SNS 可以傳 PHI 嗎？").verdict == "yes"
    assert kb.ask("傳輸加密的 PHI 要怎麼處理？").verdict is None



def test_a_clause_asking_a_service_as_a_whole_beside_a_names_clause_keeps_its_records(full_index: Settings) -> None:
    """"KMS 金鑰要怎麼用來保護 PHI？可以在 KMS key 的 tag 放病患 ID 嗎？" listed only "no PHI in key tags": the first
    clause, naming KMS (a term of access too), was read as asking the access topic, not KMS as a whole."""
    a = KnowledgeBase(full_index).ask("KMS 金鑰要怎麼用來保護 PHI？可以在 KMS key 的 tag 放病患 ID 嗎？")
    assert {"kms.no-phi-in-key-tags", "kms.envelope-encryption", "kms.generate-data-key"} <= set(a.records)


def test_a_legal_clause_beside_a_covered_one_is_noted_not_refused_whole(full_index: Settings) -> None:
    """"what's the incident response process if we suspect PHI was exfiltrated from a compromised EC2 instance? and do
    we have to notify HHS within 60 days?" was refused as a whole as a legal question."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("what's the incident response process if we suspect PHI was exfiltrated from a compromised EC2 "
               "instance? and do we have to notify HHS within 60 days?")
    assert not a.abstained and any(r.startswith("security-logging.") for r in a.records)
    assert "\n\nThe documents do not cover legal matters (breach-notification deadlines); see the US Department of " \
        "Health and Human Services (https://www.hhs.gov/hipaa) or your counsel.\n\n" in a.answer
    for q in ("What are the HIPAA penalties for a breach? And how many days do we have to notify HHS?",
              "Does GDPR apply to our S3 buckets?"):
        assert kb.ask(q).abstained, q


def test_a_general_chapter_asked_beside_a_service_says_what_it_says_of_that_service(full_index: Settings) -> None:
    """"under the shared responsibility model what is AWS responsible for vs us for a HIPAA workload on EC2?" listed
    the model in general and the container services' duties (RDS, EMR), not the chapter's split for infrastructure
    services such as EC2, which ranked lower."""
    a = KnowledgeBase(full_index).ask("under the shared responsibility model what is AWS responsible for vs us for a "
                                      "HIPAA workload on EC2?")
    assert {"shared-responsibility.bp2016-infrastructure-aws-assets",
            "shared-responsibility.bp2016-infrastructure-customer-assets"} <= set(a.records)


def test_whether_api_calls_are_recorded_asks_about_logging(full_index: Settings) -> None:
    """"那 notebook 的傳輸加密呢？API 呼叫有記錄嗎？" (after a SageMaker question) answered the TLS half and dropped the
    logging half: "有記錄嗎" was no logging word."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("SageMaker 訓練資料有 PHI，靜態加密要怎麼做？")
    a = kb.ask("那 notebook 的傳輸加密呢？API 呼叫有記錄嗎？", context=Context.after(first, None))
    assert "logging" in a.topics and "sagemaker.cloudtrail" in a.records
