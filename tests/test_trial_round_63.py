"""Answers on the real corpus (trial round, stop 63): a "must we?" clause beside one asking which way is the default, a
way's alias named beside the service asked, incidents by their plain words, what a security service can be used for,
a follow-up asking a what of its own, software run on EC2, products outside AWS, a penetration test's confirmation."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("question", [
    # the clause asking "must we?" decides, not the one asking which key is the default beside it (trial 63a WRONG:
    # "그 자체가 필수는 아닙니다" by SSE-S3 read as a way asked to be used)
    "CloudTrail 기본 암호화는 SSE-S3야 KMS야? 무결성 검증도 켜야 됨?",
    "Does CloudTrail use SSE-S3 or KMS by default? Do we need log file integrity validation too?",
    "CloudTrail 預設用 SSE-S3 還是 KMS？完整性驗證也要開嗎？",
])
def test_a_must_clause_beside_a_choice_of_the_default(full_index: Settings, question: str) -> None:
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("recommended", "cloudtrail.log-file-validation")
    assert [s.id for s in a.services][0] == "cloudtrail"
    assert "s3" not in {s.id for s in a.services}  # ("SSE-S3" is how the trail is stored, not S3's own rules)


def test_a_choice_across_two_clauses_still_gets_no_verdict(full_index: Settings) -> None:
    """"SSE-S3로 충분한가요? 아니면 SSE-KMS 꼭 써야 하나요?" offers the choice across its clauses: a yes or no would
    not say which."""
    a = KnowledgeBase(full_index).ask("S3 버킷 암호화 SSE-S3로 충분한가요? 아니면 SSE-KMS 꼭 써야 하나요?")
    assert a.verdict in (None, "optional")


@pytest.mark.parametrize(("question", "first"), [
    # "gets" is no word of what is asked (trial 63c WRONG: the 2016 paper's Windows AMIs that "get" random passwords)
    ("what should we do if our EC2 instance gets compromised or AWS sends us an abuse notice?", None),
    # Korean slang for hacked (trial 63g WRONG: penetration-test authorization)
    ("빌드 서버 EC2가 털린거 같은데 조사하려고 격리하려면 어떻게 해야됨?",
     "security-logging.bp2016-forensics-isolate-instance"),
])
def test_an_incident_by_its_plain_words(full_index: Settings, question: str, first: str | None) -> None:
    a = KnowledgeBase(full_index).ask(question)
    assert "incident-response" in {s.id for s in a.services}
    assert "ec2.bp2016-windows-ami-random-passwords" not in a.records
    assert all(r.startswith("security-logging.") for r in a.records)
    assert first is None or a.records[0] == first


@pytest.mark.parametrize(("question", "record"), [
    # what a security service can be used for (trial 63d WRONG: its encryption and compliance-program records)
    ("Security Hub랑 GuardDuty 같이 쓰면 자동 대응 워크플로 만들 수 있음?", "security-hub.response-workflows"),
    ("can we automate remediation with Security Hub?", "security-hub.response-workflows"),
    ("Security Hub 可以做自動化回應嗎？", "security-hub.response-workflows"),
])
def test_what_a_security_service_can_be_used_for(full_index: Settings, question: str, record: str) -> None:
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == record
    assert "security-hub.encryption-at-rest" not in a.records


def test_results_gathered_in_security_hub_asked_as_a_follow_up(full_index: Settings) -> None:
    """"+ 그 스캔 결과는 Security Hub로도 모이나?" after an Inspector question (trial 63d WRONG: encryption records)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("PHI 있는 EC2에 Amazon Inspector 돌려도 돼?")
    a = kb.ask("그 스캔 결과는 Security Hub로도 모이나?", context=Context.after(first))
    assert a.records[0] == "security-hub.aggregates-findings"


def test_the_split_for_ec2_behind_a_load_balancer(full_index: Settings) -> None:
    """"behind" is no word of what is asked (trial 63e WRONG: the study notes' one-line model, narrowed to the SaaS
    record that says "behind")."""
    a = KnowledgeBase(full_index).ask("whats the shared responsibility split for the EC2 instances behind our load "
                                      "balancer?")
    assert {"shared-responsibility.bp2016-infrastructure-customer-assets",
            "shared-responsibility.bp2016-infrastructure-aws-assets"} <= set(a.records)


def test_a_code_platform_outside_aws_is_out_of_scope(full_index: Settings) -> None:
    """GitHub is named by no document (trial 63g WRONG: the BAA's history); named beside an AWS service, the answer
    covers that service and says GitHub is outside the scope."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("is github actions covered by the aws baa if we deploy phi workloads with it?")
    assert a.abstained
    a = kb.ask("GitHub Actions로 CodeBuild 대신 배포해도 돼? PHI 있는 계정이야")
    assert not a.abstained and [s.id for s in a.services] == ["codebuild"]
    assert "GitHub" in a.answer.rsplit("\n\n", 1)[-1]


def test_a_self_signed_rdp_certificate_is_in_transit(full_index: Settings) -> None:
    """"자체서명 인증서" read 인증 as access only (trial 63h WRONG: OS authentication and the privilege gateway)."""
    a = KnowledgeBase(full_index).ask("RDP 접속할때 윈도우 기본 자체서명 인증서 그냥 써도 괜찮음?")
    assert a.records[0] == "instance-access.bp2016-rdp-trusted-certificates"


@pytest.mark.parametrize("question", ["我們 SQL Server 跑在 EC2 上，DR 要怎麼做？可以跨 AZ 嗎？",
                                      "SQL Server를 EC2에서 돌리는데 DR은 어떻게 해요? AZ 여러개 가능?"])
def test_an_engine_run_on_ec2_is_no_rds_engine(full_index: Settings, question: str) -> None:
    """Trial 63h WRONG: RDS for SQL Server's encryption at rest, and no word on Availability Zones."""
    a = KnowledgeBase(full_index).ask(question)
    assert "rds-sqlserver" not in {s.id for s in a.services}
    assert "auditing-backups-dr.ec2-multi-az-failover" in a.records


def test_a_follow_up_asking_a_what_of_its_own_is_not_asked_the_conversation_s_topics(full_index: Settings) -> None:
    """"+ 那用 import job 的時候 S3 bucket 有什麼要求" after HealthLake's TLS version (trial 63c WRONG: the TLS record
    again)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("HealthLake 的 client 要支援哪個 TLS 版本？")
    a = kb.ask("那用 import job 的時候 S3 bucket 有什麼要求", context=Context.after(first))
    assert a.records[0] == "healthlake.encrypted-s3-for-import-jobs"


def test_how_long_aws_takes_to_confirm_a_penetration_test(full_index: Settings) -> None:
    """The 2016 paper's one business day (trial 63e WRONG: "The documents do not give a length of time")."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("how long till they confirm the request?",
               context=Context.after(kb.ask("does AWS need to approve a pen test against our portal?")))
    assert "ec2.bp2016-penetration-test-confirmation" in a.records
    assert "do not give" not in a.answer.split("\n\n")[0]


def test_an_item_asked_is_answered_by_the_obligation_that_says_it(full_index: Settings) -> None:
    """"least privilege, MFA, roles vs users" for admins: MFA is "enable MFA for the account and IAM users", not "keep
    the root user's MFA device safe" (trial 63a: no MFA for admins)."""
    a = KnowledgeBase(full_index).ask("whats the recommended IAM setup for our admins - least privilege, MFA, roles "
                                      "vs users?")
    assert "aws-account-security.bp2016-enable-mfa" in a.records
    assert "aws-account-security.notes-store-root-credentials-safely" not in a.records


@pytest.mark.parametrize(("question", "verdict"), [
    # DB creds are the documents' database credentials, and where PHI may go holding the question's words says yes
    # (trial 63a: only the encryption record; trial 63g: "One way:" and no verdict)
    ("how should we store per-tenant DB creds? is secrets manager ok and how is it encrypted", None),
    ("can we store DB passwords in Secrets Manager?", "yes"),
    ("Secrets Manager에 DB 비번 저장해도 돼?", "yes"),
])
def test_database_credentials_in_secrets_manager(full_index: Settings, question: str, verdict: str | None) -> None:
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "secrets-manager.phi-in-secrets"
    assert a.verdict == verdict


@pytest.mark.parametrize("question", ["Security Hub會整合IAM Access Analyzer的結果嗎?",
                                      "Security Hub가 IAM Access Analyzer 결과도 통합해?"])
def test_findings_a_security_service_gathers(full_index: Settings, question: str) -> None:
    """Trial 63j WRONG: Security Hub's encryption and compliance-program records."""
    assert KnowledgeBase(full_index).ask(question).records[0] == "security-hub.aggregates-findings"


@pytest.mark.parametrize(("question", "record"), [
    # getting deleted objects back is a backup question (trial 63k WRONG: S3's HTTPS and names rules)
    ("how do i make sure an s3 bucket w/ PHI can recover from accidental or malicious deletes?",
     "s3.bp2016-versioning"),
    # making deleted PHI unrecoverable is disposal (trial 63k WRONG: the same rules)
    ("刪掉 S3 上的 PHI 之後要怎麼確保資料沒辦法被復原？",
     "encrypting-and-protecting-phi.bp2016-delete-keys-for-disposal"),
    # "best practice" asked for is no word of what is asked (trial 63n WRONG: only the prevention record that says it)
    ("如果 EC2 被入侵了要怎麼處理？有什麼事件回應的 best practice",
     "security-logging.bp2016-forensics-isolate-instance"),
    # another account is the 2016 paper's cross-account access (trial 63p WRONG: an IAM user per person)
    ("how should users in another team's AWS account get read access to our dataset? do we create IAM users for them "
     "in our account?", "aws-iam.bp2016-cross-account-roles"),
])
def test_what_a_goal_asks(full_index: Settings, question: str, record: str) -> None:
    assert record in KnowledgeBase(full_index).ask(question).records


@pytest.mark.parametrize(("question", "verdict", "lead"), [
    # what AWS does for us is no step of ours (trial 63l WRONG: "是")
    ("API Gateway 的 endpoint 要我們自己設 TLS 嗎?", "no", "api-gateway.transit-https"),
    ("do we have to set up TLS on the API Gateway endpoint ourselves?", "no", "api-gateway.transit-https"),
    # contact flows are a part of Amazon Connect (trial 63o WRONG: "是" by the BAA's eligible services)
    ("Amazon Connect 的聯絡流程裡可以放病患資料嗎？", "no", "amazon-connect.no-phi-in-admin-fields"),
    ("아마존 커넥트 연락 흐름에 환자 정보 넣어도 돼?", "no", "amazon-connect.no-phi-in-admin-fields"),
    # AWS Backup's backups are the data it keeps (trial 63n WRONG: "not said to be on by default")
    ("AWS Backup 備份會加密嗎？預設 vault 有加密嗎", "yes", None),
    # whether a service persists unencrypted data asks what it does, no leave to skip encryption (trial 63p WRONG:
    # "No, by the rule for every service")
    ("can managed flink read our encrypted kinesis streams without extra config, and does it persist unencrypted "
     "data?", None, "managed-flink.encrypted-streams"),
])
def test_verdicts_of_round_63(full_index: Settings, question: str, verdict: str | None, lead: str | None) -> None:
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == verdict
    assert lead is None or a.records[0] == lead


@pytest.mark.parametrize(("first", "follow_up", "record", "verdict"), [
    # a KMS key to manage the conversation's service's encryption with (trial 63m WRONG: KMS's own records)
    ("CloudTrail 트레일 HIPAA 기준으로 어떻게 설정해야 돼? 로그 무결성 검증도 켜야함?",
     "기본 암호화 말고 KMS 키로 관리하고 싶으면?",
     "cloudtrail.trail-encryption-keys", None),
    # a log shipper is what sends the data, plain HTTP in transit (trial 63p WRONG: a CloudTrail record)
    ("OpenSearch 網域要放 PHI 的話，版本要多少以上？node-to-node 加密一定要開嗎",
     "那我們 log shipper 用 HTTP 直接打進 OpenSearch 可以嗎？",
     "opensearch.https-only", "discouraged"),
    # the conversation's service by its short name in lower case (trial 63p WRONG: RDS for PostgreSQL alone)
    ("is the glue data catalog encrypted at rest? what do we have to turn on",
     "and what about glue jdbc connections to our postgres source, anything required for PHI in transit?",
     "aws-glue.jdbc-ssl", None),
])
def test_follow_ups_of_round_63(full_index: Settings, first: str, follow_up: str, record: str,
                                verdict: str | None) -> None:
    kb = KnowledgeBase(full_index)
    a = kb.ask(follow_up, context=Context.after(kb.ask(first)))
    assert record in a.records[:2]
    assert a.verdict == verdict


@pytest.mark.parametrize(("first", "follow_up", "record"), [
    # what a service does, said in its section's opening sentences (trial 63l WRONG: "does not speak of ...")
    ("Does AWS Firewall Manager store or encrypt our PHI?",
     "can it push firewall rules across all accounts in our AWS Organization?", "firewall-manager.central-rules"),
    ("is S3 Transfer Acceleration ok for uploading PHI from our clinics? what do we need to configure?",
     "does it go through CloudFront edge locations?", "s3-transfer-acceleration.edge-locations"),
])
def test_what_a_service_does_asked_as_a_follow_up(full_index: Settings, first: str, follow_up: str,
                                                  record: str) -> None:
    kb = KnowledgeBase(full_index)
    a = kb.ask(follow_up, context=Context.after(kb.ask(first)))
    assert a.records[0] == record


@pytest.mark.parametrize(("question", "record"), [
    # an outage asks the DR chapter (trial 63b: the region outage refused)
    ("our primary region goes down - how do we recover the PHI workload?",
     "auditing-backups-dr.elastic-disaster-recovery"),
    ("整個區域掛掉的話要怎麼復原？", "auditing-backups-dr.ec2-multi-az-failover"),
    # ... not a key AWS cannot recover
    ("예전 2016 보안 모범 사례 문서에 따르면 EC2 키 페어 프라이빗 키를 잃어버리면 AWS에서 복구해 주나요?",
     "instance-access.bp2016-store-aws-generated-private-key"),
    # splitting accounts between environments is the account strategy (trial 63s WRONG: refused)
    ("how should we split AWS accounts for migration staging vs prod?",
     "aws-account-security.bp2016-separate-environment-accounts"),
    # Firehose's own record beside the one naming Kinesis Data Streams (trial 63b: left out)
    ("Kinesis Data Streams에서 Firehose로 넘길때 중간에 암호화 안된 데이터가 디스크에 저장되나요?",
     "kinesis-data-firehose.memory-buffering"),
    # how to set things up, asked in Korean after the noun (trial 63t WRONG: only "no extra configuration unless")
    ("FireLens + Fluent Bit로 로그 보내는데 로그에 PHI 섞여있으면 설정 어떻게 해야됨", "ecs.fluent-bit-file-buffering"),
])
def test_what_round_five_asked(full_index: Settings, question: str, record: str) -> None:
    assert record in KnowledgeBase(full_index).ask(question).records


def test_a_payload_encrypted_ourselves_and_what_a_service_can_be_used_for(full_index: Settings) -> None:
    """"payload 需要自己再加密嗎" asks a step of ours that API Gateway's HTTPS makes unneeded (trial 63r WRONG: "是");
    what Systems Manager and Inspector can be used for is no "The documents do not say." (trial 63t WRONG)."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("API Gateway 要怎麼設定才能傳 PHI？payload 需要自己再加密嗎").verdict == "no"
    assert kb.ask("Systems Manager 跟 Inspector 可以拿來管有 PHI 的節點 patch 跟弱點掃描嗎？").verdict is None


def test_a_follow_up_naming_the_subject_s_destination_by_a_common_noun(full_index: Settings) -> None:
    """"+ 그럼 대상 버킷은 SSE-KMS로 해도 되나?" after Snowball asks of Snowball's destination bucket (trial 63s WRONG:
    S3's own options, implying yes)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("스노우볼로 온프렘 EHR 데이터 S3로 옮길건데 암호화 설정 뭐 해줘야돼? KMS 키 지정 필요함?")
    a = kb.ask("그럼 대상 버킷은 SSE-KMS로 해도 되나?", context=Context.after(first))
    assert [s.id for s in a.services][0] == "snowball" and "snowball.sse-s3-only" in a.records
