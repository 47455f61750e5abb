"""Answers on the real corpus (trial round, stop 47): a family name written in a member's name, a step the service
takes itself asked as one of the asker's own, terse and abbreviated questions, a follow-up naming a kind of service
("and for the database?"), "log PHI to X", a casual Korean "X은?" follow-up."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.phrases import phrase

from .conftest import conversation

pytestmark = pytest.mark.slow

_HIS = ("我們醫院要把 HIS 系統搬到 AWS：前端 ELB、後端 EC2、資料庫用 RDS for PostgreSQL、影像檔放 S3。"
        "每個服務在 PHI 方面要注意哪些設定？")
_PACS = ("We're lifting our on-prem hospital PACS into AWS: EC2 app tier behind an ALB, Aurora MySQL, S3 for DICOM "
         "images, and a site-to-site VPN back to the data center. What does each piece need for HIPAA?")


def test_a_family_name_in_a_members_name_names_that_member_only(full_index: Settings) -> None:
    """"RDS for PostgreSQL" also read "RDS" as the family of five engines: a four-service design asked "each" was cut
    to three services in Chinese (S3 left out) while the English and Korean ones were not."""
    kb = KnowledgeBase(full_index)
    own, family = kb.catalog.mentions_split("資料庫用 RDS for PostgreSQL，另外 RDS 也要看")
    assert [e.id for e, _, _ in own] == ["rds-postgresql"]
    assert {e.id for e, _, _ in family} == {"rds-mariadb", "rds-mysql", "rds-oracle", "rds-postgresql",
                                            "rds-sqlserver"}  # (the second "RDS" stands alone)
    assert [s.id for s in kb.ask(_HIS).services] == ["elb", "ec2", "rds-postgresql", "s3"]


def test_a_step_the_service_takes_itself_is_no_step_of_the_askers(full_index: Settings) -> None:
    """"Athena랑 S3 사이 전송 구간은 TLS 따로 설정해줘야 돼요?" was "예." by "data between Athena and S3 is
    encrypted with TLS by default": asked whether a step of one's own is needed, the answer is none. "Should IoT
    devices use TLS?" stays "Yes."."""
    kb = KnowledgeBase(full_index)
    for q, lang in (("Athena랑 S3 사이 전송 구간은 TLS 따로 설정해줘야 돼요?", "ko"),
                    ("Do we have to set up TLS between Athena and S3 ourselves?", "en"),
                    ("Athena 跟 S3 之間的傳輸要另外設定 TLS 嗎？", "zh")):
        a = kb.ask(q)
        assert a.verdict == "no", q
        assert a.answer.startswith(phrase(lang, "verdict_no_done")), q
    assert kb.ask("Should IoT devices use TLS?").verdict == "yes"


def test_terse_and_abbreviated_questions(full_index: Settings) -> None:
    """"s3 phi ok?", "s3 phi 可以嗎", "dynamodb에 phi 괜찮아요?" got no verdict ("s3에 phi 저장해도 되나요" got "예");
    "SG" named nothing, and "那 SG 要怎麼設" after an EC2 question was refused."""
    kb = KnowledgeBase(full_index)
    for q, service in (("s3 phi ok?", "s3"), ("s3 phi 可以嗎", "s3"), ("dynamodb에 phi 괜찮아요?", "dynamodb")):
        a = kb.ask(q)
        assert (a.verdict, [s.id for s in a.services]) == ("yes", [service]), q
    assert [s.id for s in kb.ask("SG rules for PHI?").services] == ["vpc"]
    a = conversation(kb, "EC2 跑 PHI 一定要用 dedicated instance 嗎", "那 SG 要怎麼設")
    assert not a.abstained
    assert "vpc" in {s.id for s in a.services}
    assert any(r.startswith("vpc.") for r in a.records)


def test_a_follow_up_naming_a_kind_of_service_asks_of_that_service(full_index: Settings) -> None:
    """"and for the database?" after a four-service design listed EC2's in-transit record and the 2016 paper's "one
    primary function per instance" (its "database servers") beside one Aurora record; "DB는요?" listed one record."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, _PACS, "and for the database?")
    assert [s.id for s in a.services] == ["aurora"]
    assert {"aurora.transit-ssl-tls", "aurora.encrypt-at-rest-kms"} <= set(a.records)
    a = conversation(kb, "Lambda, API Gateway, RDS for MySQL: what does each need?", "and the DB?")
    assert [s.id for s in a.services] == ["rds-mysql"]
    assert {"rds-mysql.encryption-at-rest-kms", "rds-mysql.transit-encryption"} <= set(a.records)
    a = conversation(kb, _HIS, "資料庫的連線加密呢？")
    assert [s.id for s in a.services] == ["rds-postgresql"]


def test_logging_phi_to_a_service_puts_it_there(full_index: Settings) -> None:
    """"can i log PHI to cloudwatch logs?" was read as a question about logging (CloudTrail's integrity validation and
    the audit chapter listed, no verdict): it asks whether the data may go there."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("can i log PHI to cloudwatch logs?")
    assert a.verdict == "yes"
    assert "logging" not in a.topics
    assert [s.id for s in a.services] == ["cloudwatch-logs"]


def test_a_casual_korean_follow_up_naming_a_service_asks_the_same(full_index: Settings) -> None:
    """"appstream 2.0은?" (no 요) after "workspaces 볼륨 암호화 돼?" listed AppStream's logging and other records,
    not its home folders' encryption."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "workspaces 볼륨 암호화 돼?", "appstream 2.0은?")
    assert a.topics == ["encryption-at-rest"]
    assert [s.id for s in a.services] == ["appstream"]


def test_the_service_a_follow_up_names_is_answered_and_not_refused_by_no_guidance(full_index: Settings) -> None:
    """"should we use CloudHSM instead?" after a KMS, RDS and EBS question was cut past the three-service limit
    (KMS, EBS and RDS for MariaDB shown); asked alone it was "No." by "CloudHSM ... needs no other special guidance",
    which says nothing of whether to use it."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "whats the recommended way to manage KMS keys for PHI across services like RDS and EBS",
                     "should we use CloudHSM instead?")
    assert "cloudhsm" in [s.id for s in a.services][:3]
    assert any(r.startswith("cloudhsm.") for r in a.records)
    for q in ("Should we use CloudHSM?", "CloudHSM을 꼭 써야 하나요?", "要改用 CloudHSM 嗎？"):
        assert kb.ask(q).verdict is None, q
    assert kb.ask("must we run EC2 on dedicated tenancy?").verdict == "no"  # (what is not required, as before)
    assert kb.ask("使用 Amazon Translate 翻譯病歷需要額外配置嗎？").verdict == "no"


def test_deleted_phi_made_unrecoverable_is_a_disposal_question(full_index: Settings) -> None:
    """"when we delete data does aws physically destroy the disks? how can we make sure deleted PHI is unrecoverable"
    was answered from the encryption rule, the BAA and KMS; "how can we make sure deleted PHI is unrecoverable" was
    refused. The 2016 paper's secure-disposal chapter answers both."""
    kb = KnowledgeBase(full_index)
    for q in ("when we delete data does aws physically destroy the disks? how can we make sure deleted PHI is "
              "unrecoverable", "how can we make sure deleted PHI is unrecoverable",
              "삭제한 PHI가 복구할 수 없게 하려면?", "삭제한 PHI 데이터가 복구 안 되게 하려면 어떻게 해야 하나요?"):
        a = kb.ask(q)
        assert not a.abstained, q
        assert "disposal" in a.topics, q
        assert [s.id for s in a.services] == ["data-disposal"], q


def test_workforce_training_is_a_matter_the_documents_do_not_cover(full_index: Settings) -> None:
    """"What does HIPAA require for security awareness training of our workforce?" was answered with fourteen quotes of
    the audit, backup and introduction chapters: no document speaks of training people (their "training" is a model's).
    """
    kb = KnowledgeBase(full_index)
    for q in ("What does HIPAA require for security awareness training of our workforce?",
              "직원 보안 교육은 얼마나 자주 해야 하나요?", "員工資安教育訓練要多久做一次？"):
        a = kb.ask(q)
        assert a.abstained and not a.citations, q
    assert not kb.ask("SageMaker training jobs with PHI: encryption?").abstained
