"""Shared fixtures and expectations of the design-review tests (realistic templates in tests/data)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.core import KnowledgeBase
from kb.review import Report, Reviewer

TEMPLATES = Path(__file__).parent.parent / "data" / "templates"
STACK = TEMPLATES / "cfn" / "phi-stack.yaml"
MODULE = TEMPLATES / "tf" / "phi-module"

CFN_FINDINGS = {
    ("UploadsBucket", "s3-default-encryption"), ("UploadsBucket", "s3-https-only"),
    ("PatientDb", "rds-storage-encrypted"), ("DeadLetterQueue", "sqs-encryption-off"),
    ("NotifyFunction", "lambda-plain-http-endpoint"), ("SessionCache", "elasticache-transit-encryption"),
    ("SessionCache", "elasticache-auth-token"), ("AdminListener", "elb-plain-http-listener"),
    ("VitalsDatabase", "uncovered-service"),
    # MySQL without a parameter group that sets require_secure_transport: RDS leaves it OFF before 9.7.
    ("ReportingDb", "mysql-secure-transport-default"),
}
CFN_COMPLIANT = {"PhiKey", "PhiBucket", "PatientTable", "IntakeQueue", "IntakeFunction", "PhiAlb",
                 "AppTargets", "HttpsListener", "HttpRedirectListener", "ScratchVolume", "AuditTrail", "AppLogs"}
TF_FINDINGS = {
    ("aws_s3_bucket.exports", "s3-default-encryption"), ("aws_s3_bucket.exports", "s3-https-only"),
    ("aws_db_instance.patients", "rds-storage-encrypted"), ("aws_db_parameter_group.patients", "rds-force-ssl-off"),
    ("aws_elasticache_replication_group.sessions", "elasticache-transit-encryption"),
    ("aws_sqs_queue.dlq", "sqs-encryption-off"), ("aws_lb_listener.internal_api", "elb-plain-http-listener"),
    ("aws_memorydb_cluster.vitals", "uncovered-service"),
}
TF_COMPLIANT = {"aws_kms_key.phi", "aws_s3_bucket.phi", "aws_dynamodb_table.patients", "aws_cloudtrail.audit",
                "aws_sqs_queue.intake", "aws_lambda_function.ingest", "aws_lb.portal", "aws_lb_target_group.portal",
                "aws_lb_listener.https", "aws_lb_listener.http_redirect"}
UNCOVERED = "not covered by the HIPAA whitepaper: confirm eligibility before storing PHI"


@pytest.fixture(scope="module")
def reviewer(full_kb: KnowledgeBase) -> Reviewer:
    return Reviewer(full_kb)


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _by_name(report: Report) -> dict[str, object]:
    return {r.resource.name: r for r in report.resources}
