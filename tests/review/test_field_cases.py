"""The review's field cases (copied from the team's shared field cases into tests/data/templates/field):
multi-file code, dialects, count-indexed references and insecure engine defaults give the right findings
and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.core import KnowledgeBase
from kb.review import Reviewer
from kb.review.inputs import load_workspace
from tests.conftest import run_cli

from .conftest import TEMPLATES

FIELD = TEMPLATES / "field"
NESTED = {("StorageStack/RecordsBucket", "s3-default-encryption"), ("StorageStack/RecordsBucket", "s3-https-only")}


@pytest.mark.parametrize(("case", "findings", "code"), [
    # The child stack (local TemplateURL) is reviewed as part of its parent, named under the stack resource.
    ("cfn-nested/parent.yaml", NESTED, 1),
    # A folder: every template is reviewed; the child only once, as the parent's nested stack.
    ("cfn-nested", NESTED, 1),
    # A local module is followed with the variables passed in.
    ("tf-module-call", {("module.records.aws_s3_bucket.this", "s3-default-encryption"),
                        ("module.records.aws_s3_bucket.this", "s3-https-only")}, 1),
    # aws_s3_bucket.copy[0].id links the encryption configuration and the policy to the bucket.
    ("tf-count-ref/main.tf", set(), 0),
    # MySQL without require_secure_transport, PostgreSQL 13 without rds.force_ssl: plaintext accepted.
    ("cfn-mysql-tls-default.yaml", {("RecordsDb", "mysql-secure-transport-default"),
                                    ("LegacyPgDb", "postgres-force-ssl-default")}, 1),
    # Serverless Framework: the CloudFormation under resources.Resources.
    ("serverless.yml", {("RecordsBucket", "s3-default-encryption"), ("RecordsBucket", "s3-https-only")}, 1),
    # SAM: Globals apply to every function; SimpleTable is DynamoDB.
    ("sam-globals.yaml", {("IntakeFunction", "lambda-plain-http-endpoint"), ("VisitsTable", "dynamodb-kms-encryption")},
     1),
    ("sam-direct.yaml", {("IntakeFunction", "lambda-plain-http-endpoint")}, 1),
])
def test_field_case_findings_and_exit_code(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], case: str,
                                           findings: set[tuple[str, str]], code: int) -> None:
    got_code, out, err = run_cli(capsys, "review", str(FIELD / case), "--format", "json")
    data = json.loads(out)
    assert (got_code, data["exit_code"], err) == (code, code, "")
    assert {(f["resource"], f["rule_id"]) for f in data["findings"]} == findings
    assert data["not_reviewed"] == []


def test_nested_child_alone_has_the_same_findings(reviewer: Reviewer) -> None:
    alone = reviewer.review(FIELD / "cfn-nested" / "child.yaml")
    nested = reviewer.review(FIELD / "cfn-nested" / "parent.yaml")
    assert {(f.rule_id, f.line, f.file) for f in alone.findings} == {
        (f.rule_id, f.line, f.file) for f in nested.findings}
    assert all(f.file == str(FIELD / "cfn-nested" / "child.yaml") for f in nested.findings)


def test_module_variables_and_count_instances(reviewer: Reviewer) -> None:
    workspace = load_workspace(FIELD / "tf-module-call", reviewer.kb.catalog)
    root, module = workspace.templates
    assert root.resources == [] and module.source == str(FIELD / "tf-module-call" / "modules" / "store")
    (bucket,) = module.resources
    assert module.resolve(bucket.properties["bucket"]) == "example-records"  # the variable passed in
    assert bucket.file == str(FIELD / "tf-module-call" / "modules" / "store" / "main.tf") and bucket.line == 5
    count = reviewer.review(FIELD / "tf-count-ref" / "main.tf")
    assert [r.resource.name for r in count.resources] == ["aws_s3_bucket.copy[0]"]


def test_sam_globals_equal_the_same_setting_on_the_function(reviewer: Reviewer) -> None:
    via_globals = reviewer.review(FIELD / "sam-globals.yaml")
    direct = reviewer.review(FIELD / "sam-direct.yaml")
    (g,) = [f for f in via_globals.findings if f.rule_id == "lambda-plain-http-endpoint"]
    (d,) = direct.findings
    assert g.message == d.message and g.level == d.level == "error"
    assert g.line == 6  # the Globals line that sets the variable
    rows = {r.resource.name: r for r in via_globals.resources}
    assert rows["VisitsTable"].service_id == "dynamodb"


def test_engine_default_findings_quote_the_in_transit_requirement(reviewer: Reviewer) -> None:
    report = reviewer.review(FIELD / "cfn-mysql-tls-default.yaml", lang="all")
    for f in report.findings:
        assert f.topic == "encryption-in-transit" and f.level == "error"
        assert {p.citation.lang for p in f.citations} == {"ko", "zh"}
        assert all(p.kind == "requirement" for p in f.citations)
    mysql = next(f for f in report.findings if f.resource == "RecordsDb")
    assert "`EngineVersion` is `8.0.35`" in mysql.message and "RecordsParams" in mysql.message
    pg = next(f for f in report.findings if f.resource == "LegacyPgDb")
    assert "`EngineVersion` is `13.12`" in pg.message and "default group" in pg.message


def test_s3_default_encryption_says_what_is_true_now(reviewer: Reviewer) -> None:
    report = reviewer.review(FIELD / "serverless.yml")
    (f,) = [f for f in report.findings if f.rule_id == "s3-default-encryption"]
    assert f.level == "warning" and f.config_rule == ("s3-default-encryption-kms",)
    assert "SSE-S3" in f.title and "SSE-KMS" in f.title
    assert "January 2023" in f.fix and "CloudTrail" in f.fix


def test_serverless_functions_are_lambda_functions(reviewer: Reviewer) -> None:
    rows = {r.resource.name: r for r in reviewer.review(FIELD / "serverless.yml").resources}
    assert rows["UploadLambdaFunction"].service_id == "lambda" and not rows["UploadLambdaFunction"].findings


def test_field_folder_reviews_everything_once(reviewer: Reviewer, tmp_path: Path) -> None:
    """The whole field folder at once: CloudFormation, SAM, Serverless and Terraform together."""
    report = reviewer.review(FIELD)
    assert report.tool == "mixed" and report.exit_code == 1 and report.not_reviewed == []
    names = [r.resource.name for r in report.resources]
    assert len(names) == len(set(names)) + 1  # IntakeFunction: sam-globals.yaml and sam-direct.yaml
    assert {"StorageStack/RecordsBucket", "module.records.aws_s3_bucket.this", "aws_s3_bucket.copy[0]",
            "RecordsDb", "UploadLambdaFunction", "VisitsTable"} <= set(names)
    assert "RecordsBucket" not in names or any(r.resource.file.endswith("serverless.yml") for r in report.resources
                                               if r.resource.name == "RecordsBucket")
