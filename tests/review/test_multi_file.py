"""Multi-file inputs beyond the field cases: what is followed, with which values, and what is named as not
reviewed (exit code 3 when nothing else is found; never a silent pass)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.core import KnowledgeBase
from kb.review import Reviewer, to_sarif
from kb.review.inputs import load_workspace
from tests.conftest import run_cli

ENCRYPTED_BUCKET = """  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms"}
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _pairs(report: object) -> set[tuple[str, str]]:
    return {(f.resource, f.rule_id) for f in report.findings}  # type: ignore[attr-defined]


def test_remote_nested_stack_alone_is_exit_3_and_named(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    path = tmp_path / "parent.yaml"
    _write(tmp_path, {"parent.yaml": "Resources:\n  Storage:\n    Type: AWS::CloudFormation::Stack\n"
                                     "    Properties:\n      TemplateURL: https://s3.amazonaws.com/b/child.yaml\n"})
    code, out, _ = run_cli(capsys, "review", str(path))
    assert code == 3
    assert "**No findings, but 1 part not reviewed**" in out and "### Not reviewed" in out
    assert f"nested stack `Storage` (https://s3.amazonaws.com/b/child.yaml) at `{path}:2`" in out
    code, out, _ = run_cli(capsys, "review", str(path), "--format", "sarif")
    (invocation,) = json.loads(out)["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert code == 3 and invocation["exitCode"] == 3 and note["level"] == "warning"
    assert "nested stack `Storage`" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}


def test_findings_win_over_parts_not_reviewed(reviewer: Reviewer, tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.yaml": "Transform: [AWS::Serverless-2016-10-31, Acme::Expander]\nResources:\n"
                     "  Remote:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location:\n"
                     "        ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/x\n"
                     "        SemanticVersion: 1.0.0\n"
                     "  Local:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: apps/db.yaml\n"
                     "      Parameters: {Encrypt: 'false'}\n",
        "apps/db.yaml": "Parameters:\n  Encrypt: {Type: String, Default: 'true'}\nResources:\n  Db:\n"
                        "    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n"
                        "      StorageEncrypted: !Ref Encrypt\n"})
    report = reviewer.review(tmp_path / "main.yaml")
    assert _pairs(report) == {("Local/Db", "rds-storage-encrypted")}  # the parameter passed in wins
    assert report.exit_code == 1
    assert [n.what for n in report.not_reviewed] == [
        "macro `Acme::Expander`",
        "nested stack `Remote` (arn:aws:serverlessrepo:us-east-1:123456789012:applications/x)"]
    assert "Serverless Application Repository" in report.not_reviewed[1].reason


def test_nested_stack_parameters_and_defaults(reviewer: Reviewer, tmp_path: Path) -> None:
    child = ("Parameters:\n  Encrypt: {Type: String, Default: 'false'}\nResources:\n  Db:\n"
             "    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, StorageEncrypted: !Ref Encrypt}\n")
    parent = ("Parameters:\n  On: {Type: String, Default: 'true'}\nResources:\n"
              "  Passed:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n"
              "      Parameters: {Encrypt: !Ref On}\n"
              "  Defaulted:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n"
              "  Computed:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n"
              "      Parameters: {Encrypt: !GetAtt Flags.Encrypt}\n")
    _write(tmp_path, {"child.yaml": child, "parent.yaml": parent})
    report = reviewer.review(tmp_path / "parent.yaml")
    assert _pairs(report) == {("Defaulted/Db", "rds-storage-encrypted")}
    rows = {r.resource.name: r for r in report.resources}
    assert rows["Computed/Db"].unverified == ["RDS database storage not encrypted: `StorageEncrypted` is computed"]


def test_nested_stack_cycle_and_missing_file_are_not_reviewed(reviewer: Reviewer, tmp_path: Path) -> None:
    _write(tmp_path, {"a.yaml": ENCRYPTED_BUCKET.join(["Resources:\n", "  Self:\n    Type: AWS::CloudFormation::Stack\n"
                                                       "    Properties: {TemplateURL: a.yaml}\n  Gone:\n"
                                                       "    Type: AWS::CloudFormation::Stack\n"
                                                       "    Properties: {TemplateURL: missing.yaml}\n"])})
    report = reviewer.review(tmp_path / "a.yaml")
    reasons = sorted(n.reason for n in report.not_reviewed)
    assert reasons == ["stacks nested more than 10 deep, or including themselves",
                       "the local template file does not exist"]


def test_registry_module_exit_3_and_followed_after_terraform_init(reviewer: Reviewer, tmp_path: Path) -> None:
    root = _write(tmp_path, {"main.tf": 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n'
                                        '  version = "5.0.0"\n}\n'})
    report = reviewer.review(root)
    assert report.exit_code == 3 and report.findings == []
    (note,) = report.not_reviewed
    assert note.what == "module `module.vpc` (terraform-aws-modules/vpc/aws)" and note.line == 1
    assert "terraform init" in note.reason
    # After `terraform init` the module's code is in .terraform/modules, listed in modules.json.
    _write(root, {".terraform/modules/modules.json": json.dumps(
        {"Modules": [{"Key": "", "Source": "", "Dir": "."},
                     {"Key": "vpc", "Source": "registry.terraform.io/terraform-aws-modules/vpc/aws",
                      "Dir": ".terraform/modules/vpc"}]}),
        ".terraform/modules/vpc/main.tf": 'resource "aws_flow_log" "this" {\n  traffic_type = "ALL"\n}\n'
                                          'resource "aws_cloudtrail" "this" {\n  name = "x"\n}\n'})
    report = reviewer.review(root)
    assert report.not_reviewed == [] and _pairs(report) == {
        ("module.vpc.aws_cloudtrail.this", "cloudtrail-log-file-validation")}


def test_for_each_settings_and_count_zero(reviewer: Reviewer, tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.tf": 'variable "queues" {\n  default = {\n    intake = { kms = "alias/phi" }\n'
                   '    audit  = { kms = null }\n  }\n}\n'
                   'variable "legacy" {\n  default = false\n}\n'
                   'resource "aws_sqs_queue" "q" {\n  for_each                = var.queues\n  name = each.key\n'
                   '  sqs_managed_sse_enabled = false\n  kms_master_key_id       = each.value.kms\n}\n'
                   'resource "aws_ebs_volume" "legacy" {\n  count = var.legacy ? 1 : 0\n  size  = 10\n}\n'
                   'resource "aws_ebs_volume" "scratch" {\n  count = var.n\n  size  = 10\n  encrypted = true\n}\n'})
    report = reviewer.review(tmp_path)
    assert _pairs(report) == {('aws_sqs_queue.q["audit"]', "sqs-encryption-off")}
    rows = {r.resource.name: r for r in report.resources}
    assert 'aws_sqs_queue.q["intake"]' in rows and not any(n.startswith("aws_ebs_volume.legacy") for n in rows)
    assert rows["aws_ebs_volume.scratch"].unverified == [
        "`count` is computed (${var.n}): reviewed once, as if the resource exists"]


def test_module_count_and_for_each_with_inputs(reviewer: Reviewer, tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.tf": 'module "db" {\n  source   = "./db"\n  for_each = { a = true, b = false }\n'
                   '  encrypt  = each.value\n}\nmodule "self" {\n  source = "./"\n}\n',
        "db/main.tf": 'variable "encrypt" {}\nresource "aws_db_instance" "this" {\n  engine = "postgres"\n'
                      '  storage_encrypted = var.encrypt\n}\n'})
    report = reviewer.review(tmp_path)
    assert _pairs(report) == {('module.db["b"].aws_db_instance.this', "rds-storage-encrypted")}
    assert [n.what for n in report.not_reviewed] == ["module `module.self` (./)"]


def test_folder_mixes_tools_reviews_roots_once_and_lists_ignored_files(reviewer: Reviewer, tmp_path: Path) -> None:
    _write(tmp_path, {
        "infra/modules/bucket/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
        "infra/envs/prod/main.tf": 'module "bucket" {\n  source = "../../modules/bucket"\n}\n',
        "infra/standalone/main.tf": 'resource "aws_efs_file_system" "f" {\n  encrypted = true\n}\n',
        "stacks/app.json": json.dumps({"Resources": {"Files": {"Type": "AWS::EFS::FileSystem"}}}),
        "services/api/serverless.yml": "service: api\nprovider:\n  name: aws\n  environment:\n"
                                       "    EHR: http://ehr.internal\nfunctions:\n  get-record:\n    handler: h.get\n",
        "buildspec.yml": "version: 0.2\nphases: {}\n",
        ".github/workflows/ci.yml": "on: push\n",
        "node_modules/x/template.yaml": "Resources:\n  Q: {Type: AWS::SQS::Queue}\n"})
    report = reviewer.review(tmp_path)
    assert _pairs(report) == {
        ("module.bucket.aws_s3_bucket.b", "s3-default-encryption"), ("module.bucket.aws_s3_bucket.b", "s3-https-only"),
        ("Files", "efs-encrypted"), ("GetDashrecordLambdaFunction", "lambda-plain-http-endpoint")}
    assert {r.resource.name for r in report.resources} == {
        "module.bucket.aws_s3_bucket.b", "aws_efs_file_system.f", "Files", "GetDashrecordLambdaFunction"}
    assert report.ignored == [f"{tmp_path}/buildspec.yml"] and report.tool == "mixed"


def test_serverless_file_includes_and_self_references(reviewer: Reviewer, tmp_path: Path) -> None:
    _write(tmp_path, {
        "serverless.yml": "service: records\ncustom:\n  encrypted: true\nprovider:\n  name: aws\n"
                          "resources:\n  - ${file(./resources/storage.yml)}\n  - ${file(s3://bucket/x.yml)}\n"
                          "  - Resources:\n      Files:\n        Type: AWS::EFS::FileSystem\n"
                          "        Properties: {Encrypted: '${self:custom.encrypted}'}\n",
        "resources/storage.yml": "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n"
                                 "    Properties: {EnableLogFileValidation: '${opt:validate}'}\n"})
    report = reviewer.review(tmp_path / "serverless.yml")
    assert report.findings == [] and report.exit_code == 3
    rows = {r.resource.name: r for r in report.resources}
    assert rows["Trail"].unverified == ["CloudTrail trail without log file integrity validation: "
                                        "`EnableLogFileValidation` is computed"]
    assert not rows["Files"].findings and not rows["Files"].unverified
    assert [n.what for n in report.not_reviewed] == ["resources `${file(s3://bucket/x.yml)}`"]


def test_foreach_over_a_computed_collection_is_not_reviewed(reviewer: Reviewer, tmp_path: Path) -> None:
    _write(tmp_path, {"t.yaml": "Transform: AWS::LanguageExtensions\nParameters:\n  Names: {Type: CommaDelimitedList}\n"
                                "Resources:\n  Fn::ForEach::Vols:\n    - N\n    - !Ref Names\n"
                                "    - Vol${N}: {Type: AWS::EC2::Volume}\n"
                                "  Fn::ForEach::Known:\n    - N\n    - !Ref Listed\n"
                                "    - Disk${N}: {Type: AWS::EC2::Volume, Properties: {Encrypted: true}}\n"})
    text = (tmp_path / "t.yaml").read_text(encoding="utf-8").replace(
        "Parameters:\n", "Parameters:\n  Listed: {Type: CommaDelimitedList, Default: 'a,b'}\n")
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    report = reviewer.review(tmp_path / "t.yaml")
    assert [r.resource.name for r in report.resources] == ["Diska", "Diskb"] and report.exit_code == 3
    (note,) = report.not_reviewed
    assert note.what == "loop `Fn::ForEach::Vols`" and note.line == 6


def test_sarif_and_json_for_a_partial_review(reviewer: Reviewer, tmp_path: Path) -> None:
    _write(tmp_path, {"main.tf": 'module "m" {\n  source = "git::https://example.com/m.git"\n}\n'
                                 'resource "aws_efs_file_system" "f" {\n  encrypted = true\n}\n'})
    report = reviewer.review(tmp_path)
    data = report.to_json()
    assert data["exit_code"] == 3 and data["summary"]["not_reviewed"] == 1
    assert data["not_reviewed"] == [{"what": "module `module.m` (git::https://example.com/m.git)",
                                     "file": f"{tmp_path}/main.tf", "line": 1,
                                     "reason": report.not_reviewed[0].reason}]
    sarif = to_sarif(report)
    assert sarif["runs"][0]["results"] == []
    assert len(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]) == 1


def test_workspace_scopes_are_separate(reviewer: Reviewer, tmp_path: Path) -> None:
    """Two modules using the same variable name get their own values."""
    _write(tmp_path, {
        "main.tf": 'module "a" {\n  source = "./m"\n  enc = true\n}\n'
                   'module "b" {\n  source = "./m"\n  enc = false\n}\n',
        "m/main.tf": 'variable "enc" {}\nresource "aws_efs_file_system" "f" {\n  encrypted = var.enc\n}\n'})
    workspace = load_workspace(tmp_path, reviewer.kb.catalog)
    assert [len(t.resources) for t in workspace.templates] == [0, 1, 1]
    report = reviewer.review_workspace(workspace)
    assert _pairs(report) == {("module.b.aws_efs_file_system.f", "efs-encrypted")}


def test_confined_review_reads_nothing_outside_the_given_files(reviewer: Reviewer, tmp_path: Path) -> None:
    """The web page reviews uploads with confine=True: references out of the upload folder are not read."""
    outside = _write(tmp_path, {"secret/main.tf": 'resource "aws_s3_bucket" "private" {}\n',
                                "secret/stack.yaml": "Resources:\n  Private: {Type: AWS::S3::Bucket}\n",
                                "secret/inc.yml": "Resources:\n  Included: {Type: AWS::S3::Bucket}\n"})
    upload = _write(tmp_path / "upload", {
        "main.tf": 'module "m" {\n  source = "../secret"\n}\nresource "aws_efs_file_system" "f" {\n'
                   '  encrypted = true\n}\n',
        "app.yaml": f"Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n"
                    f"    Properties: {{TemplateURL: {outside / 'secret' / 'stack.yaml'}}}\n",
        "serverless.yml": "service: s\nprovider: {name: aws}\nresources:\n  - ${file(../secret/inc.yml)}\n"})
    report = reviewer.review(upload, confine=True)
    names = {r.resource.name for r in report.resources}
    assert names == {"aws_efs_file_system.f"} and report.exit_code == 3
    assert sorted(n.reason for n in report.not_reviewed) == [
        "not a local ${file(...)} the review can read", "the module is outside the files given for review",
        "the template is outside the files given for review"]
    # The command line follows them (a user's own checkout).
    free = reviewer.review(upload)
    assert {"module.m.aws_s3_bucket.private", "S/Private", "Included"} <= {r.resource.name for r in free.resources}
