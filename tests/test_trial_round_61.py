"""Answers on the real corpus (trial round, stop 61): read replicas encrypted with their instance, access keys as
long-term credentials, a pen test's authorization found under another section, IPsec as one way to encrypt in
transit, traffic between instances, an incident asked in Korean and Chinese, and a disk written in Taiwanese Chinese."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


_DECIDED = {  # question -> (verdict, the record that decides it, first in the answer)
    # the read replicas and snapshots of an encrypted instance are encrypted with it: no step of their own (own
    # question, stop 61: "Yes, by the rule for every service", read as encrypting each copy)
    "Do we have to encrypt RDS for MySQL read replicas separately?": ("no", "rds-mysql.encryption-at-rest-kms"),
    "RDS 읽기 전용 복제본도 따로 암호화해야 하나요?": ("no", "rds-mariadb.encryption-at-rest-kms"),
    "RDS 唯讀複本需要另外加密嗎？": ("no", "rds-mariadb.encryption-at-rest-kms"),
    # a read replica is a copy: what the record says of backups, replicas and snapshots answers (was "The documents
    # do not say it is on by default")
    "Are Aurora read replicas automatically encrypted?": ("conditional", "aurora.encrypted-storage-backups"),
    # access keys are long-term credentials, which "use IAM roles instead" recommends against (stop 60 left it: "Yes."
    # by the 2016 paper's Windows AMI passwords, a must of another matter)
    "Should we use access keys on EC2 instances?": (
        "discouraged", "aws-iam.bp2016-roles-instead-of-long-term-credentials"),
    # the VPC section is silent on patching, the 2016 paper's EC2 chapter holds every word asked (trial 61b WRONG:
    # "The documents do not say.")
    "do we need AWS approval before pen testing our VPC?": ("yes", "ec2.bp2016-penetration-test-authorization"),
    "VPC에 모의해킹 하기 전에 AWS 승인 받아야 하나요?": ("yes", "ec2.bp2016-penetration-test-authorization"),
    # IPsec is one way to meet the rule for PHI in transit (trial 61b WRONG: "Yes, by the rule", read as IPsec
    # required), with or without a section for the link asked about
    "병원 IDC랑 VPC를 다이렉트커넥트로 붙이면 IPsec 꼭 걸어야 하나요?": (
        "optional", "encrypting-and-protecting-phi.encrypt-in-transit"),
    "Do we need IPsec over Direct Connect for PHI?": ("optional", "encrypting-and-protecting-phi.encrypt-in-transit"),
    # ... leaving it out leaves PHI unencrypted in transit, unless another way encrypts it (trial 61a WRONG: no
    # verdict, "you may decide not to use IPsec" first)
    "is Direct Connect without IPsec ok for PHI?": ("no", "encrypting-and-protecting-phi.encrypt-in-transit"),
    # ... while a record requiring TLS decides as before
    "Do we need TLS for RDS connections?": ("yes", "rds-mariadb.transit-encryption"),
    # traffic between instances is in transit (own question, stop 61: "Yes" by the rule for PHI at rest)
    "같은 VPC 안에서 EC2끼리 통신하는 것도 PHI면 암호화해야됨?": ("yes", "ec2.encrypt-traffic-inside-vpc"),
    "EC2 執行個體之間的通訊也要加密嗎？": ("yes", "ec2.encrypt-traffic-inside-vpc"),
    # round 3 of stop 61 (None: no verdict)
    # a clause asking yes or no before the one naming the link keeps Elastic Disaster Recovery the subject (trial 61f
    # WRONG: answered as a question about AWS VPN, which has no section)
    "엘라스틱 재해 복구(DRS) 쓰면 복제 데이터 전송중에 암호화 되나요? 복제 경로를 DX나 VPN으로 잡을수 있음?": (
        None, "elastic-disaster-recovery.failback"),
    # "tag" typed in Latin letters asks of names in Chinese too: the eligibility clause and the tag clause disagree, so
    # no verdict (trial 61j WRONG: "是。" by eligibility, CloudHSM stores no PHI and tags none)
    "KMS 跟 CloudHSM 可以拿來存 PHI 嗎？tag 可以放病人資料嗎": (None, "kms.phi-only-in-eligible-services"),
    # the clause asking yes or no is no eligibility question (trial 61l WRONG: "Yes." by ECS's eligibility above "do
    # not enable file buffering unless disk encryption is enabled")
    "how should we handle app logs w/ PHI from ECS tasks using fluent bit? can we turn on file buffering?": (
        None, "ecs.no-additional-configuration"),
    # "IPsec 안 걸어도 되나?" leaves encryption in transit out: "No." by the rule (trial 61k WRONG: no verdict, "you may
    # decide not to use IPsec" first)
    "온프렘에서 VPC로 Direct Connect 연결하면 PHI 트래픽 IPsec 안 걸어도 되나?": (
        "no", "encrypting-and-protecting-phi.encrypt-in-transit"),
    # EBS is named in the part that asks, after a scene naming ECS (trial 61l WRONG: answered from ECS alone)
    "EBS volumes for our EC2-backed ECS cluster - is EBS encryption enough for PHI?": (None, "ebs.volume-keys"),
    # Snowball's record naming SSE-KMS, the way asked, is listed and decides (trial 61k WRONG: no verdict, only the
    # import job's KMS key)
    "can we use SSE-KMS on the target bucket when importing data with snowball?": ("no", "snowball.sse-s3-only"),
    # one of two services asked forbids PHI, the other does not: no "No." for both
    "Can we put PHI in X-Ray and Lambda?": (None, "xray.no-phi"),
}


@pytest.mark.parametrize("question", sorted(_DECIDED))
def test_the_verdict_and_the_record_deciding_it(full_index: Settings, question: str) -> None:
    """Each question of `_DECIDED` gets its verdict (None: none), led by the record named (the comments say why)."""
    verdict, record = _DECIDED[question]
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == verdict, a.answer
    assert a.records[0] == record, a.records


def test_a_choice_between_access_keys_and_a_role_gets_no_verdict(full_index: Settings) -> None:
    """"Should our app use IAM access keys or a role?" asks which: "Not recommended." would not say (the roles record
    still leads)."""
    a = KnowledgeBase(full_index).ask("Should our app on EC2 use IAM access keys or a role?")
    assert a.verdict is None, a.answer
    assert a.records[0] == "aws-iam.bp2016-roles-instead-of-long-term-credentials", a.records


@pytest.mark.parametrize("question", [
    "사고 터졌을 때 AWS한테 우리 인스턴스 접근로그나 IP 트래픽 로그 소급해서 달라고 할 수 있어?",
    "事故發生後可以請 AWS 回溯提供我們執行個體的存取日誌或 IP 流量日誌嗎？",
    "Can AWS give us access logs or IP traffic logs retroactively after an incident?",
])
def test_an_incident_asked_in_each_language_goes_to_the_incident_chapter(full_index: Settings, question: str) -> None:
    """"사고 터졌을 때", "事故發生後" name an incident, and an IP traffic log is a log, not traffic to encrypt: the 2016
    paper's "AWS cannot retroactively provide access or IP traffic logs" leads (trial 61c WRONG: the audit chapter's
    packet-level auditing and CloudTrail; the English question got it)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "security-logging.bp2016-guest-os-logs-are-customer-side", a.records
    assert "encryption-in-transit" not in [f["topic"] for f in a.facets], a.facets


def test_flow_logs_answer_an_incident_investigation_in_chinese(full_index: Settings) -> None:
    """"事故調查時" is an incident investigation: the VPC section's flow logs record leads, not the 2016 paper's
    isolation of a compromised instance under the VPC heading (trial 61c WRONG)."""
    a = KnowledgeBase(full_index).ask("VPC Flow Logs 跟 CloudTrail 在事故調查時各自能提供什麼?")
    assert a.records[0] == "vpc.flow-logs", a.records
    assert "cloudtrail" in {c.section_id for c in a.citations}, a.answer


def test_a_hard_disk_in_taiwanese_chinese_is_the_disk_the_record_speaks_of(full_index: Settings) -> None:
    """硬碟 is what the edition calls 磁碟: "API Gateway 會不會把經過的 PHI 寫到硬碟上？" leads with "passes non-cached
    data through memory and does not write it to disk" (trial 61b WRONG: the logging records only)."""
    a = KnowledgeBase(full_index).ask("API Gateway 會不會把經過的 PHI 寫到硬碟上？")
    assert a.records[0] == "api-gateway.uncached-data-not-on-disk", a.records


def test_s3_server_access_logging_stays_unsaid(full_index: Settings) -> None:
    """The field case's kind: no record where the documents speak of logging holds "server access", so the S3
    section's silence is still "The documents do not say." (a record holding every specific word decides only then)."""
    a = KnowledgeBase(full_index).ask("Should I turn on S3 server access logging?")
    assert a.verdict == "unstated", a.answer


def test_a_record_naming_the_other_service_asked_is_listed(full_index: Settings) -> None:
    """"Redshift 叢集加密要怎麼設定？叢集金鑰可以放 CloudHSM 嗎？": Redshift's "manage the cluster key with AWS KMS or
    AWS CloudHSM", a record on keys naming the other service asked, is listed beside its encryption (trial 61d WRONG:
    CloudHSM's generic key storage only)."""
    a = KnowledgeBase(full_index).ask(
        "我們用 Redshift 當資料倉儲放試驗數據，叢集加密要怎麼設定？叢集金鑰可以放 CloudHSM 嗎？")
    assert "redshift.cluster-key-management" in a.records, a.records
    assert a.records[0] == "redshift.cluster-encryption", a.records


@pytest.mark.parametrize(("question", "verdict"), [
    ("PHI 工作負載的網路隔離 VPC 要怎麼設計？flow logs 有必要嗎", None),
    ("How should we design the VPC for network isolation? Are flow logs needed?", "unrequired"),
])
def test_flow_logs_asked_beside_a_design_question(full_index: Settings, question: str, verdict: str | None) -> None:
    """A clause asking how to design the VPC beside one asking whether flow logs are needed: the VPC section's flow logs
    record is listed, and no verdict comes from the 2016 paper's monitoring between zones (trial 61d WRONG: "是。" by
    it, flow logs never named); where the flow logs record decides, it says none requires them (stop 68)."""
    a = KnowledgeBase(full_index).ask(question)
    assert "vpc.flow-logs" in a.records, a.records
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("question", [
    "我們要怎麼跟AWS簽BAA？",
    "BAA 要在哪裡簽？",
    "我們一定要跟 AWS 簽 BAA 才能放 PHI 嗎？要去哪裡簽？",
    "Do we have to sign a BAA before putting PHI in AWS? Where do we sign it?",
])
def test_where_the_baa_is_signed_comes_from_aws_artifact(full_index: Settings, question: str) -> None:
    """The BAA chapter points to AWS Artifact, where the agreement is accepted: its record is listed after the BAA
    chapter's (stop 60 left "我們要怎麼跟AWS簽BAA？", fitting 0.74 of the chapter's best; trial 61d: "要去哪裡簽？"
    never answered); a clause asking yes or no beside it keeps its verdict."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "baa.phi-only-in-eligible-services", a.records
    assert "aws-artifact.notes-accept-baa" in a.records, a.records
    assert a.verdict == ("yes" if "PHI" in question else None), a.answer


def test_break_glass_and_root_creds_are_the_root_user(full_index: Settings) -> None:
    """"root / break-glass creds" names the account chapter: the root user's day-to-day rule leads (trial 61e WRONG: the
    question was refused)."""
    a = KnowledgeBase(full_index).ask(
        "whats the recommended way to handle root / break-glass creds, should anyone use root day to day?")
    assert not a.abstained, a.answer
    assert a.records[0] == "aws-account-security.bp2016-no-root-for-daily-use", a.records


def test_an_app_without_tls_support_gets_ipsec_tunnels(full_index: Settings) -> None:
    """"레거시 앱이라 TLS 지원을 안하는데" after a question on traffic between EC2 instances: EC2's "for applications
    that do not support encryption, use IPsec tunnels between instances" is listed (trial 61b WRONG: "use TLS"
    repeated)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("같은 VPC 안에서 EC2끼리 통신하는 것도 PHI면 암호화해야됨?")
    a = kb.ask("레거시 앱이라 TLS 지원을 안하는데 그럼 어떻게 함?", context=Context.after(first))
    assert "ec2.ipsec-tunnels" in a.records, a.records


@pytest.mark.parametrize("question,verdict", [
    ("사내 AD 계정으로 AWS 콘솔 로그인(SSO) 되게 하려면 어떻게 구성해야돼?", None),
    ("can we use our on-prem active directory to log into the AWS console", None),
])
def test_console_sign_in_with_corporate_accounts_is_identity_federation(
        full_index: Settings, question: str, verdict: str | None) -> None:
    """Signing in to the AWS console with the company's AD accounts is identity federation, not an operating system
    login to instances, which come first no more (trial 61e WRONG: the 2016 paper's privilege escalation gateway and SSH
    keys); stop 60's English question keeps the federation records and no "No." by the root user's rule."""
    a = KnowledgeBase(full_index).ask(question)
    assert "aws-iam.bp2016-identity-federation" in a.records[:2], a.records
    assert not any(r.startswith("instance-access.") for r in a.records[:3]), a.records
    assert a.verdict == verdict, a.answer


def test_what_to_log_for_root_activity_comes_from_the_2016_logging_chapter(full_index: Settings) -> None:
    """The account chapter is silent on logging; where the documents speak of it, the 2016 paper's list ("actions taken
    by individuals with root or administrative privileges ...") fits the question better than every whitepaper record
    and is listed (trial 61e WRONG: CloudTrail validation and "build audit capabilities" only)."""
    a = KnowledgeBase(full_index).ask("what should we be logging for privileged / root user activity?")
    assert "security-logging.bp2016-what-to-log" in a.records, a.records


@pytest.mark.parametrize("question", [
    "ElastiCache Redis 有存 PHI 的話，服務更新(patch)一定要我們自己套用嗎？",
    "ElastiCache Redis 服務更新一定要我們自己套用嗎？",
    "Do we have to apply ElastiCache Redis service updates ourselves?",
    "엘라스틱캐시 레디스 서비스 업데이트 우리가 직접 적용해야 하나요?",
])
def test_service_updates_are_patching(full_index: Settings, question: str) -> None:
    """ElastiCache's "apply the latest security service updates by the recommended date" is patching, and a must: "Yes."
    (trial 61h WRONG: "文件未說明", the section said silent on patching above that very rule)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "yes", a.answer
    assert a.records[0] in ("elasticache-redis-service-updates.apply-security-updates",
                            "elasticache-redis.security-updates"), a.records


@pytest.mark.parametrize("question", [
    "EC2 앱에서 S3 버킷 읽어야 하는데 액세스키를 인스턴스에 박아두는 대신 뭐 써야됨?",
    "Our app on EC2 reads an S3 bucket. What should we use instead of putting access keys on the instance?",
])
def test_instead_of_access_keys_the_iam_chapter_answers(full_index: Settings, question: str) -> None:
    """"access keys" names the account chapter, whose best record fits far worse than the IAM chapter's "use IAM roles
    instead of long-term credentials": the IAM chapter takes its place (trial 61e WRONG: Windows AMI passwords and S3
    ACLs, never a role)."""
    a = KnowledgeBase(full_index).ask(question)
    assert "aws-iam.bp2016-roles-instead-of-long-term-credentials" in a.records, a.records



@pytest.mark.parametrize("question", ["GCP Cloud Storage 的 bucket lock 保留政策要怎麼設定?",
                                      "Google Cloud Storage 버킷 암호화는?"])
def test_another_clouds_bucket_typed_in_latin_letters_is_refused(full_index: Settings, question: str) -> None:
    """"bucket" typed in Latin letters beside Google Cloud Storage is that cloud's bucket, not Amazon S3 named by a
    common noun of its aliases: the question is refused (trial 61o WRONG: S3's ACL advice)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.abstained and a.records == [], a.answer


def test_s3_named_beside_another_cloud_is_still_answered(full_index: Settings) -> None:
    """"S3" is a word of the service's own name: named beside another cloud's bucket, S3 is answered (not compared)."""
    a = KnowledgeBase(full_index).ask("GCP 버킷이랑 S3 버킷 암호화 차이?")
    assert not a.abstained and a.records[0].startswith("s3."), a.records


@pytest.mark.parametrize("question", ["EC2 인스턴스 침해 의심될때 대응 절차 어떻게 하라고 되어있어?",
                                      "EC2 執行個體疑似遭入侵時要怎麼處理？"])
def test_a_suspected_compromise_is_an_incident(full_index: Settings, question: str) -> None:
    """"침해 의심", "疑似遭入侵" name an incident: the 2016 paper's incident chapter answers (rebuild, isolate for
    forensics), not EC2's encryption records (trial 61m WRONG)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0].startswith("security-logging.bp2016-"), a.records
    assert not any(r.startswith("ec2.") for r in a.records[:3]), a.records
