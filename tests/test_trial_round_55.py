"""Answers on the real corpus (trial round, stop 55): backups and DR of named services reach AWS Backup, a backup or
DR plan asked as a whole, CloudTrail asked "must we?" by the audit logging the BAA requires, a way that alone has the
question's words is not overruled by another record's "must", and a pointer said once."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

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


def test_a_must_without_the_question_words_does_not_decide_over_the_way_that_has_them(full_index: Settings) -> None:
    """"Yes." came from the 2016 paper's Windows AMI random passwords (a must on access) although only the IAM roles
    record has the question's own words ("instead of" long-term credentials)."""
    a = KnowledgeBase(full_index).ask("must ec2 instances use iam roles instead of access keys?")
    assert a.verdict != "yes"
    assert "aws-iam.bp2016-roles-instead-of-long-term-credentials" in a.records
