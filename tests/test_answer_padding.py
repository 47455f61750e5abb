"""What an answer on the real corpus adds around what is asked: the rule a way of encrypting meets (for "how?", not
for "which key?" nor when the service encrypts itself), a lead-in's list, and records of a topic the question does
not ask about."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

pytestmark = pytest.mark.slow

RULE = "encrypting-and-protecting-phi.encrypt-at-rest"


def test_the_rule_follows_a_way_only_for_a_service_asked_as_a_whole(full_index: Settings) -> None:
    """"How do we encrypt RDS for PostgreSQL?" (in any language) gets "One way: encrypt with keys you manage in KMS"
    alone: trials (49a, 50a-c) read the rule's two "addressable, but AWS requires" quotes beside a way as boilerplate;
    "어떤 키로 하나요?" asks which key and gets the way alone too. A "must we?" is still decided by the rule ("Yes, by
    the rule for every service"), and a service asked about as a whole ("What do we need to configure for EMR?") has the
    rule after "EMR does not encrypt data at rest by default". In Chinese the rule's line is labelled with a full-width
    colon."""
    kb = KnowledgeBase(full_index)
    for question in ("How do we encrypt RDS for PostgreSQL?", "RDS for PostgreSQL은 어떻게 암호화하나요?",
                     "RDS for PostgreSQL 要怎麼加密？"):
        a = kb.ask(question)
        assert a.records[0] == "rds-postgresql.encryption-at-rest-kms" and RULE not in a.records, question
    a = kb.ask("Postgres on RDS에 진료 데이터를 넣을 건데, 저장 데이터 암호화는 어떤 키로 하나요?")
    assert a.records == ["rds-postgresql.encryption-at-rest-kms"]
    a = kb.ask("Must we encrypt RDS for PostgreSQL databases that hold PHI?")
    assert (a.verdict, a.records[0]) == ("yes", RULE)
    a = kb.ask("EMR에 PHI를 올리려면 무엇을 설정해야 하나요?")
    assert RULE in a.records and "emr.bp2016-no-default-encryption-at-rest" in a.records, a.records
    assert "\n- AWS 中 PHI 的加密和保護：依照 HHS 指導" in kb.ask("Amazon EMR 放 PHI 需要設定什麼？").answer


def test_no_rule_where_the_service_encrypts_itself(full_index: Settings) -> None:
    """ECR stores images encrypted and FSx encrypts at rest automatically: the rule is met, not added ("No step of
    yours" is not followed by "encrypt PHI stored in eligible services")."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("ECR 이미지 암호화는 따로 해야 하나요?")
    assert (a.verdict, a.records) == ("no", ["ecr.image-encryption"])
    a = kb.ask("How do we encrypt FSx?")
    assert RULE not in a.records
    assert a.records[0] == "fsx.at-rest-automatic"


def test_a_lead_in_is_quoted_with_its_list(full_index: Settings) -> None:
    """The Forecast page's "allow the following API actions" is quoted with the three actions it introduces."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Which KMS key-policy actions must be allowed so Amazon Forecast can use our customer managed key?")
    quotes = [c.quote for c in a.citations]
    assert quotes[0].endswith("다음 API 작업을 허용해야 합니다.")
    for action in ("kms: DescribeKey", "kms: CreateGrant", "kms: RetireGrant"):
        assert any(q.startswith(action) for q in quotes), action


def test_a_facet_whose_best_record_is_listed_elsewhere_takes_no_far_worse_record(full_index: Settings) -> None:
    """"What should we log for auditing PHI access?": the audit chapter's best record answers logging; on "access"
    its next best is EBS snapshots, far behind and about backups: not listed. A record not far behind stays ("Does
    AWS encrypt the Redis AUTH token?": "AWS encrypts it with KMS", on access, under encryption at rest)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("What should we log for auditing PHI access?")
    assert a.records[0] == "auditing-backups-dr.audit-capabilities"
    assert "auditing-backups-dr.ebs-snapshots" not in a.records
    a = kb.ask("Does AWS encrypt the Redis AUTH token itself, and can we rotate it after the replication group is "
               "created?")
    assert "elasticache-redis-authentication.token-encrypted-kms" in a.records


def test_a_service_asked_as_a_whole_gets_the_whitepapers_records_first(full_index: Settings) -> None:
    """"How should PHI be protected in Amazon Forecast?" (also "어떻게 보호하나요?", a `whole` question like the
    English): the whitepaper's Forecast records (KMS, CloudTrail) before the Forecast page's general list ("use
    MFA"), whose "to protect Amazon Forecast data" wording fits the question better."""
    kb = KnowledgeBase(full_index)
    for question in ("How should PHI be protected in Amazon Forecast?",
                     "Amazon Forecast에서 PHI 데이터를 어떻게 보호하나요?"):
        a = kb.ask(question)
        assert {"forecast.encryption", "forecast.cloudtrail"} <= set(a.records), question
        assert "forecast.page-macie" not in a.records, question


def test_each_service_a_whole_question_names_is_answered(full_index: Settings) -> None:
    """"We send PHI through Amazon SQS to AWS Lambda. What do we need to configure on each?": Lambda is asked about
    too (it has none of the first sentence's words), and "send" pins no SQS record down (HTTPS and SSE listed)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("We send PHI through Amazon SQS to AWS Lambda. What do we need to configure on each?")
    assert [s.id for s in a.services][:2] == ["sqs", "lambda"]
    assert {"sqs.transit-https", "lambda.encrypted-connections"} <= set(a.records)
    a = kb.ask("AWS Transfer Family로 받은 PHI를 Amazon S3에 저장합니다. 각 서비스에서 무엇을 구성해야 하나요?")
    assert {"s3.transit-https", "s3.no-phi-in-names"} <= set(a.records)


def test_a_question_asking_of_each_service_answers_every_one_it_names(full_index: Settings) -> None:
    """"... from Kinesis Data Streams into Amazon S3 via Firehose. What must we configure on each?": Firehose's records
    fit best and name both other services, yet "each" asks of all three (English and Chinese; was Firehose alone)."""
    kb = KnowledgeBase(full_index)
    for question in ("We stream PHI from Kinesis Data Streams into Amazon S3 via Firehose. What must we configure on "
                     "each?", "我們用 Kinesis Data Streams 接收 PHI，再透過 Firehose 存到 S3，各自要設定什麼？"):
        a = kb.ask(question)
        assert {s.id for s in a.services} == {"kinesis-data-streams", "s3", "kinesis-data-firehose"}, question
        assert {"kinesis-data-streams.server-side-encryption", "s3.transit-https"} <= set(a.records), question
    a = kb.ask("Kinesis Data Firehose로 데이터를 받아 S3에 저장하고 Athena로 조회하려고 합니다. 각 서비스에서 무엇을 "
               "설정해야 하나요?")  # three services, two records each: S3's first on each encryption requirement
    assert {"s3.encryption-at-rest-options", "s3.transit-https"} <= set(a.records)
    a = kb.ask("API Gateway로 PHI를 주고받을 때 무엇을 설정해야 하나요?")  # one service, five records: HTTPS among them
    assert "api-gateway.transit-https" in a.records and len(a.records) == 5


def test_no_study_note_beside_the_rule_for_every_service(full_index: Settings) -> None:
    """"Must SNS topics use server-side encryption?": SNS's section is silent on encryption at rest; the rule for
    every service decides, and a study note's "encrypt where a policy requires it" is not listed after it."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Amazon SNS 주제는 서버 측 암호화를 반드시 켜야 하나요?")
    assert (a.verdict, a.records) == ("yes", [RULE])
    assert "학습 노트" not in a.answer


def test_which_key_is_answered_by_the_key_record_too(full_index: Settings) -> None:
    """"Which key should we use to encrypt Amazon Redshift clusters?" (and in Chinese): the cluster key record (on
    keys: managed with AWS KMS or CloudHSM) is listed beside the encryption record."""
    kb = KnowledgeBase(full_index)
    for question in ("Which key should we use to encrypt Amazon Redshift clusters?",
                     "Amazon Redshift 叢集加密應該使用哪一種金鑰？"):
        a = kb.ask(question)
        assert {"redshift.cluster-encryption", "redshift.cluster-key-management"} <= set(a.records), question


def test_a_figure_the_summary_states_has_its_quote(full_index: Settings) -> None:
    """HealthLake's TLS record says TLS 1.2 is required: the Chinese edition's "我們需要 TLS 1.2" is quoted, not only
    "clients must support TLS 1.0 or later"."""
    a = KnowledgeBase(full_index).ask("可以用 Amazon HealthLake 存放 PHI 嗎？")
    assert "healthlake.client-tls" in a.records
    assert "我們需要 TLS 1.2 並建議使用 TLS 1.3。" in [c.quote for c in a.citations]


def test_a_general_chapter_and_the_service_of_its_subject_share_the_answer(full_index: Settings) -> None:
    """"How do we protect our patient portal against DDoS attacks?" (and "어떻게 막나요?", "要怎麼防護？"): the 2016
    paper's DDoS chapter filled five of the six lines and AWS Shield, brought in for the subject, kept one; Shield
    Advanced (the whitepaper's) is listed too, and the chapter keeps its layered-defense record. A service the question
    names beside the chapter still keeps only its records naming the subject (EC2's web-server records are left out)."""
    kb = KnowledgeBase(full_index)
    for question in ("How do we protect our patient portal against DDoS attacks?", "DDoS 공격은 어떻게 막나요?",
                     "DDoS 攻擊要怎麼防護？"):
        a = kb.ask(question)
        assert {"aws-shield.standard-automatic", "aws-shield.advanced",
                "ddos-protection.bp2016-layered-defense"} <= set(a.records), question
    a = kb.ask("How should we mitigate DDoS attacks on EC2 web servers?")
    assert a.records and all(r.startswith("ddos-protection.") for r in a.records)
    a = kb.ask("How do we protect a public-facing patient portal from DDoS attacks? Should we use Shield and WAF?")
    assert "waf.placement" in a.records  # a service the chapter lists under see_also answers its subject


def test_which_by_default_says_when_no_record_names_a_default(full_index: Settings) -> None:
    """"Which key encrypts DynamoDB tables by default?": no DynamoDB record says what is used by default, so the answer
    says so before "One way: customer managed keys" (which would read as the answer); SageMaker's "without a key ID, the
    default Amazon S3 KMS key is used" gives it, and gets no such line."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Which key encrypts DynamoDB tables by default?")
    assert a.answer.startswith("The documents do not give what is used by default for this")
    ko = kb.ask("DynamoDB 테이블은 기본적으로 어떤 키로 암호화되나요?")
    assert ko.answer.startswith("문서에는 이 질문의 기본으로 쓰이는 것")
    a = kb.ask("EBS 磁碟區加密預設使用哪一把 KMS 金鑰?")  # the 2016 paper's "기본적으로 BitLocker ..." is no answer
    assert a.answer.startswith("文件沒有提供此問題的預設使用的項目") and a.records == ["ebs.volume-keys"]
    a = kb.ask("Which KMS key does Amazon SageMaker use by default to encrypt training job output?")
    assert not a.answer.startswith("The documents do not give")


def test_which_key_is_answered_by_the_record_naming_the_key(full_index: Settings) -> None:
    """"Secrets Manager 시크릿은 어떤 키로 암호화하나요?" (and in Chinese): "encrypted with AWS KMS" names no key; the
    record saying "choose a KMS key, else the account's default key" is listed too (the `key` detail)."""
    kb = KnowledgeBase(full_index)
    for question in ("Secrets Manager 시크릿은 어떤 키로 암호화하나요?", "Secrets Manager 的機密用哪個金鑰加密？"):
        assert "secrets-manager.kms-key-choice" in kb.ask(question).records, question


def test_how_to_prepare_backups_and_dr_lists_backups_too(full_index: Settings) -> None:
    """"PHI 워크로드의 백업과 재해 복구는 어떻게 준비해야 하나요?" asks what to do as a whole (`whole`:
    "어떻게 준비해야"): the chapter's backup records are listed beside its DR mechanisms (was three DR records only)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("PHI 워크로드의 백업과 재해 복구는 어떻게 준비해야 하나요?")
    assert "auditing-backups-dr.dr-mechanisms" in a.records
    assert any(r.startswith("aws-backup.") or r == "auditing-backups-dr.ebs-snapshots" for r in a.records)


def test_an_echo_takes_no_candidate_place(full_index: Settings) -> None:
    """"根帳戶應該如何保護？": the study notes' and the 2016 paper's "do not use root for daily work" say one thing
    (statement cosine >= ECHO_SIMILARITY); the notes' echo no longer takes one of the section's five candidate places,
    and "enable MFA" (sixth before) is listed."""
    a = KnowledgeBase(full_index).ask("根帳戶應該如何保護？")
    assert a.records[0] == "aws-account-security.bp2016-no-root-for-daily-use"
    assert "aws-account-security.notes-root-not-for-daily-use" not in a.records
    assert "aws-account-security.bp2016-enable-mfa" in a.records


def test_each_service_of_a_pipeline_gets_both_kinds_of_encryption(full_index: Settings) -> None:
    """"We upload scans to S3, extract text with Textract and analyze it with Comprehend Medical. What encryption do
    we configure on each?": S3 and Textract get their at-rest records too (plain "encryption" asks both; "upload"
    only told the story), and Comprehend Medical's one "see the previous section" is said once, not under each
    topic, followed by Amazon Comprehend's guidance (the two share one of the answer's three services)."""
    a = KnowledgeBase(full_index).ask("We upload scans to S3, extract text with Textract and analyze it with "
                                      "Comprehend Medical. What encryption do we configure on each?")
    assert {"s3.encryption-at-rest-options", "s3.transit-https", "textract.encryption-in-transit"} <= set(a.records)
    assert a.answer.count("it refers to the previous section, Amazon Comprehend, answered below") == 1
    assert [s.id for s in a.services][-2:] == ["comprehend-medical", "comprehend"]

