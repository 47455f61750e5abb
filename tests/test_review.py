"""`kb review`: realistic CloudFormation and Terraform templates, design documents, malformed input, outputs."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.catalog import norm
from kb.cli import main
from kb.core import KnowledgeBase
from kb.review import Report, Reviewer, load_template, render_markdown, to_sarif
from kb.review.model import Resource, Template
from tests.test_cite import fake_full_kb

TEMPLATES = Path(__file__).parent / "data" / "templates"
STACK = TEMPLATES / "cfn" / "phi-stack.yaml"
MODULE = TEMPLATES / "tf" / "phi-module"

CFN_FINDINGS = {
    ("UploadsBucket", "s3-default-encryption"), ("UploadsBucket", "s3-https-only"),
    ("PatientDb", "rds-storage-encrypted"), ("DeadLetterQueue", "sqs-encryption-off"),
    ("NotifyFunction", "lambda-plain-http-endpoint"), ("SessionCache", "elasticache-transit-encryption"),
    ("SessionCache", "elasticache-auth-token"), ("AdminListener", "elb-plain-http-listener"),
    ("VitalsDatabase", "uncovered-service"),
}
CFN_COMPLIANT = {"PhiKey", "PhiBucket", "ReportingDb", "PatientTable", "IntakeQueue", "IntakeFunction", "PhiAlb",
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
def full_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    yield from fake_full_kb(tmp_path_factory)


@pytest.fixture(scope="module")
def reviewer(full_kb: KnowledgeBase) -> Reviewer:
    return Reviewer(full_kb)


@pytest.fixture
def cli_kb(full_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    import kb.core

    monkeypatch.setattr(kb.core, "KnowledgeBase", lambda settings=None: full_kb)
    return full_kb


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _by_name(report: Report) -> dict[str, object]:
    return {r.resource.name: r for r in report.resources}


def test_cloudformation_stack_findings_and_compliant_resources(reviewer: Reviewer) -> None:
    report = reviewer.review(STACK)
    assert {(f.resource, f.rule_id) for f in report.findings} == CFN_FINDINGS
    rows = _by_name(report)
    assert all(not rows[name].findings for name in CFN_COMPLIANT)
    assert report.exit_code == 1 and report.tool == "cloudformation"
    # !Ref DbEngine resolves to the parameter's default: postgres -> RDS for PostgreSQL.
    assert rows["PatientDb"].service_id == "rds-postgresql" and rows["ReportingDb"].service_id == "rds-mysql"
    assert rows["LambdaRole"].service_id is None and rows["VitalsDatabase"].covered is False
    # A value computed with !If is listed as not checked, not as a finding.
    assert rows["ScratchVolume"].unverified == ["EBS volume not encrypted: `Encrypted` is computed"]
    # Supporting resources (bucket policy, parameter group) with nothing to report get no row.
    assert "PhiBucketPolicy" not in rows and "DbParams" not in rows
    lines = {(f.resource, f.rule_id): f.line for f in report.findings}
    assert lines[("PatientDb", "rds-storage-encrypted")] == _line(STACK, "StorageEncrypted: false")
    assert lines[("AdminListener", "elb-plain-http-listener")] == _line(STACK, "Port: 8080") - 1
    assert lines[("UploadsBucket", "s3-default-encryption")] == _line(STACK, "  UploadsBucket:")


def test_terraform_module_findings_and_compliant_resources(reviewer: Reviewer) -> None:
    report = reviewer.review(MODULE)
    assert {(f.resource, f.rule_id) for f in report.findings} == TF_FINDINGS
    rows = _by_name(report)
    assert all(not rows[name].findings for name in TF_COMPLIANT)
    assert rows["aws_db_instance.patients"].service_id == "rds-postgresql"  # engine = var.db_engine
    assert rows["aws_elasticache_replication_group.sessions"].unverified == [
        "ElastiCache for Redis without Redis AUTH: `auth_token` is computed"]
    assert "aws_s3_bucket_policy.phi" not in rows and "aws_s3_bucket_versioning.exports" not in rows
    by_rule = {f.rule_id: f for f in report.findings if f.resource != "aws_s3_bucket.exports"}
    dlq = by_rule["sqs-encryption-off"]
    assert dlq.file == f"{MODULE}/app.tf" and dlq.line == _line(MODULE / "app.tf", "sqs_managed_sse_enabled = false")
    ssl = by_rule["rds-force-ssl-off"]
    assert ssl.file.endswith("database.tf") and ssl.line == _line(MODULE / "database.tf", "parameter {")


def test_a_single_tf_file_reviews_too(reviewer: Reviewer) -> None:
    report = reviewer.review(MODULE / "app.tf")
    assert {f.rule_id for f in report.findings} == {"sqs-encryption-off", "elb-plain-http-listener"}


def test_every_finding_quotes_the_requiring_passage_verbatim(full_kb: KnowledgeBase, reviewer: Reviewer) -> None:
    texts = full_kb.index.texts
    rules = {r.id: r for r in [*reviewer.rules.rules, reviewer.rules.uncovered]}
    for path in (STACK, MODULE):
        report = reviewer.review(path, lang="all")
        for f in report.findings:
            rule = rules[f.rule_id]
            assert {p.citation.lang for p in f.citations} == {"ko", "zh"}, f.rule_id
            for p in f.citations:
                doc_id, span = p.id.rsplit(":", 1)
                start, end = map(int, span.split("-"))
                assert texts[doc_id][start:end] == p.quote
                assert any(all(norm(k) in norm(p.quote) for k in spec.keywords[p.citation.lang])
                           for spec in rule.cite), (f.rule_id, p.quote)
            if f.level == "error":
                for lang in ("ko", "zh"):
                    assert any(p.kind == "requirement" for p in f.citations if p.citation.lang == lang), f.rule_id
        assert all(UNCOVERED in f.message for f in report.findings if f.rule_id == "uncovered-service")


def test_every_rule_cites_a_sentence_that_exists_in_both_editions(full_kb: KnowledgeBase, reviewer: Reviewer) -> None:
    catalog = full_kb.catalog
    for rule in [*reviewer.rules.rules, reviewer.rules.uncovered]:
        needs_service = any(spec.section == "$service" for spec in rule.cite)
        assert rule.services or not needs_service, f"{rule.id}: $service needs a services list"
        assert rule.topic in reviewer.guidance.topic_order, rule.id
        assert rule.cite, rule.id
        for sid in rule.services or [None]:
            assert sid is None or (catalog.get(sid) is not None and catalog.get(sid).covered), (rule.id, sid)
            for spec in rule.cite:
                section = spec.section_for(sid)
                assert catalog.get(section) is not None, (rule.id, section)
                for lang in ("ko", "zh"):
                    found = reviewer.guidance.find(section, lang, list(spec.keywords[lang]))
                    assert found is not None, f"{rule.id}: no {lang} sentence in {section} with {spec.keywords[lang]}"


def test_resource_map_covers_both_tools(full_kb: KnowledgeBase, reviewer: Reviewer) -> None:
    rmap = reviewer.map
    for tool in ("cloudformation", "terraform"):
        assert len(rmap.types(tool)) >= 40
    assert all(full_kb.catalog.get(sid) is not None for sid in rmap.services())
    required = {
        "cloudformation": ["AWS::S3::Bucket", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::DynamoDB::Table",
                           "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::Lambda::Function",
                           "AWS::ElasticLoadBalancingV2::Listener", "AWS::KMS::Key", "AWS::CloudTrail::Trail",
                           "AWS::EKS::Cluster", "AWS::ECS::Service", "AWS::EFS::FileSystem", "AWS::EC2::Volume",
                           "AWS::EC2::Instance", "AWS::ApiGateway::RestApi", "AWS::Kinesis::Stream",
                           "AWS::MSK::Cluster", "AWS::OpenSearchService::Domain", "AWS::Redshift::Cluster",
                           "AWS::SageMaker::NotebookInstance",
                           "AWS::Backup::BackupVault", "AWS::SecretsManager::Secret", "AWS::Logs::LogGroup",
                           "AWS::ElastiCache::ReplicationGroup"],
        "terraform": ["aws_s3_bucket", "aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table", "aws_sqs_queue",
                      "aws_sns_topic", "aws_lambda_function", "aws_lb_listener", "aws_kms_key", "aws_cloudtrail",
                      "aws_eks_cluster", "aws_ecs_service", "aws_efs_file_system", "aws_ebs_volume", "aws_instance",
                      "aws_api_gateway_rest_api", "aws_kinesis_stream", "aws_msk_cluster", "aws_opensearch_domain",
                      "aws_redshift_cluster", "aws_sagemaker_notebook_instance", "aws_backup_vault",
                      "aws_secretsmanager_secret", "aws_cloudwatch_log_group", "aws_elasticache_replication_group"],
    }
    for tool, types in required.items():
        assert set(types) <= set(rmap.types(tool)), set(types) - set(rmap.types(tool))
    mapped = set(rmap.types("cloudformation")) | set(rmap.types("terraform"))
    for rule in reviewer.rules.rules:
        assert rule.types() <= mapped, (rule.id, rule.types() - mapped)


@pytest.mark.parametrize(("tool", "type_", "props", "expected"), [
    ("cloudformation", "AWS::RDS::DBInstance", {"Engine": "postgres"}, "rds-postgresql"),
    ("cloudformation", "AWS::RDS::DBInstance", {"Engine": "sqlserver-se"}, "rds-sqlserver"),
    ("cloudformation", "AWS::RDS::DBInstance", {"Engine": "aurora-postgresql"}, "aurora-postgresql"),
    ("cloudformation", "AWS::RDS::DBCluster", {"Engine": "aurora-mysql"}, "aurora"),
    ("cloudformation", "AWS::RDS::DBInstance", {"Engine": "db2-se"}, "rds-db2"),
    ("cloudformation", "AWS::RDS::DBInstance", {"Engine": {"Fn::If": ["C", "mysql", "postgres"]}}, None),
    ("cloudformation", "AWS::ElastiCache::ReplicationGroup", {}, "elasticache-redis"),
    ("cloudformation", "AWS::ElastiCache::ReplicationGroup", {"Engine": "valkey"}, "elasticache-valkey"),
    ("cloudformation", "AWS::ElastiCache::CacheCluster", {"Engine": "memcached"}, "elasticache-memcached"),
    ("terraform", "aws_db_instance", {"engine": "mariadb"}, "rds-mariadb"),
    ("terraform", "aws_db_instance", {"engine": "oracle-ee"}, "rds-oracle"),
    ("terraform", "aws_rds_cluster", {"engine": "aurora-postgresql"}, "aurora-postgresql"),
    ("terraform", "aws_rds_cluster", {}, "aurora"),
    ("terraform", "aws_elasticache_replication_group", {"engine": "redis"}, "elasticache-redis"),
    ("terraform", "aws_elasticache_cluster", {"engine": "memcached"}, "elasticache-memcached"),
    ("terraform", "aws_db_parameter_group", {"family": "postgres16"}, "rds-postgresql"),
    ("terraform", "aws_timestreamwrite_database", {}, "timestream"),
    ("terraform", "aws_iam_role", {}, None),
])
def test_engine_picks_the_service(reviewer: Reviewer, tool: str, type_: str, props: dict, expected: str | None) -> None:
    template = Template(tool=tool, source="t", resources=[])
    match = reviewer.map.lookup(Resource("r", type_, props, "t", 1), template)
    assert match.service_id == expected


def test_memcached_and_uncovered_types_are_flagged(reviewer: Reviewer, tmp_path: Path) -> None:
    path = tmp_path / "cache.yaml"
    path.write_text("Resources:\n  Cache:\n    Type: AWS::ElastiCache::CacheCluster\n    Properties:\n"
                    "      Engine: memcached\n      CacheNodeType: cache.t3.micro\n      NumCacheNodes: 1\n",
                    encoding="utf-8")
    report = reviewer.review(path)
    (finding,) = report.findings
    assert finding.rule_id == "uncovered-service" and finding.line == 2
    assert finding.message.startswith(f"Amazon ElastiCache for Memcached is {UNCOVERED}.")
    assert "Amazon ElastiCache for Redis" in finding.message


def test_short_form_tags_parse_to_long_form(full_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "tags.yaml"
    path.write_text("""Conditions:
  Prod: !Equals [!Ref Env, prod]
  Either: !Or [!Condition Prod, !And [!Not [!Condition Prod], !Equals [a, a]]]
Resources:
  Thing:
    Type: AWS::S3::Bucket
    Properties:
      A: !Ref Env
      B: !Sub "x-${Env}"
      C: !GetAtt Other.Arn
      D: !If [Prod, !Join ["", [a, b]], !Select [0, !GetAZs ""]]
      E: !Base64 {"Fn::Sub": "y"}
      F: !FindInMap [M, K, V]
      G: !ImportValue exported
      H: !Split [",", "a,b"]
      I: !Cidr [10.0.0.0/16, 4, 8]
      J: !GetAtt [Other, Endpoint.Address]
""", encoding="utf-8")
    template = load_template(path, full_kb.catalog)
    props = template.resources[0].properties
    assert props["A"] == {"Ref": "Env"} and props["B"] == {"Fn::Sub": "x-${Env}"}
    assert props["C"] == {"Fn::GetAtt": ["Other", "Arn"]}
    assert props["J"] == {"Fn::GetAtt": ["Other", "Endpoint.Address"]}
    assert props["D"] == {"Fn::If": ["Prod", {"Fn::Join": ["", ["a", "b"]]}, {"Fn::Select": [0, {"Fn::GetAZs": ""}]}]}
    assert props["E"] == {"Fn::Base64": {"Fn::Sub": "y"}} and props["F"] == {"Fn::FindInMap": ["M", "K", "V"]}
    assert props["G"] == {"Fn::ImportValue": "exported"} and props["H"] == {"Fn::Split": [",", "a,b"]}
    assert props["I"] == {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}
    assert template.resources[0].line == 5 and template.resources[0].prop_lines["D"] == 11


def test_foreach_loops_are_skipped_not_fatal(full_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "loops.yaml"
    path.write_text("Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Queues:\n    - Name\n"
                    "    - [a, b]\n    - Q${Name}: {Type: AWS::SQS::Queue}\n  Topic:\n    Type: AWS::SNS::Topic\n",
                    encoding="utf-8")
    assert [r.name for r in load_template(path, full_kb.catalog).resources] == ["Topic"]


def test_json_template_with_line_numbers(reviewer: Reviewer) -> None:
    path = TEMPLATES / "cfn" / "small-stack.json"
    report = reviewer.review(path)
    assert {(f.resource, f.rule_id) for f in report.findings} == {
        ("ScratchVolume", "ebs-volume-encrypted"), ("PatientLogins", "uncovered-service")}
    rows = _by_name(report)
    assert not rows["SharedFiles"].findings and rows["SharedFiles"].resource.line == _line(path, '"SharedFiles"')
    ebs = next(f for f in report.findings if f.rule_id == "ebs-volume-encrypted")
    assert ebs.line == _line(path, '"Encrypted": false')


@pytest.mark.parametrize(("name", "where"), [
    ("malformed/bad-indent.yaml", "bad-indent.yaml:7:"),
    ("malformed/missing-comma.json", "missing-comma.json:8:"),
    ("malformed/unclosed.tf", "unclosed.tf:7:"),
])
def test_malformed_input_names_file_and_line_exit_2(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str],
                                                    name: str, where: str) -> None:
    code, out, err = _run(capsys, "review", str(TEMPLATES / name))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and where in err and "\n" == err[-1] and err.count("\n") == 1


def test_unreadable_inputs_exit_2(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("  \n", encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "no-tf").mkdir()
    cases = {TEMPLATES / "malformed" / "not-a-template.yaml": "no Resources section",
             tmp_path / "missing.yaml": "no such file", tmp_path / "empty.yaml": "empty",
             tmp_path / "latin1.md": "UTF-8", tmp_path / "no-tf": "no .tf files"}
    for path, message in cases.items():
        code, _, err = _run(capsys, "review", str(path))
        assert code == 2 and message in err and str(path) in err, (path, err)


def test_compliant_template_exits_0(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("Resources:\n  Files:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n",
                    encoding="utf-8")
    code, out, _ = _run(capsys, "review", str(path))
    assert code == 0 and "**No findings**" in out and "Amazon Elastic File System" in out


def test_markdown_is_ready_for_a_pull_request(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "review", str(STACK))
    assert code == 1
    assert out.startswith(f"## HIPAA design review: `{STACK}`\n\n**7 errors, 2 warnings**")
    assert "| # | Level | Resource | Where | Finding |" in out
    assert f"{STACK}:{_line(STACK, 'StorageEncrypted: false')}" in out
    quote = ("PHI를 포함하는 ElastiCache Redis용 연결은 전송 암호화를 사용하고 "
             "지침과의 일관성을 위해 구성을 평가해야 합니다.")
    assert f"> “{quote}”" in out
    assert f"Amazon Timestream is {UNCOVERED}." in out
    assert "<details><summary><b>Amazon ElastiCache for Redis</b>" in out and "</details>" in out
    assert "**Not checked**" in out and "None" not in out


def test_json_output_schema(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "review", str(MODULE), "--format", "json", "--lang", "zh")
    data = json.loads(out)
    assert code == 1
    assert set(data) == {"schema", "source", "tool", "lang", "summary", "findings", "resources", "checklists",
                         "passages"}
    assert data["schema"] == "hipaa-guide/review/v1" and data["tool"] == "terraform" and data["lang"] == "zh"
    assert data["summary"] == {"resources": 20, "mapped": 17, "uncovered": 1, "unmapped": 3, "findings": 8,
                               "errors": 6, "warnings": 2}
    finding = data["findings"][0]
    assert set(finding) == {"rule_id", "level", "title", "message", "resource", "resource_type", "file", "line",
                            "service_id", "topic", "fix", "citations"}
    assert all(c["lang"] == "zh" for f in data["findings"] for c in f["citations"])
    resource = data["resources"][0]
    assert set(resource) == {"name", "type", "file", "line", "service_id", "service_name", "covered", "findings",
                             "unverified", "checklist"}
    assert all(pid in data["passages"] for r in data["resources"] for pid in r["checklist"])
    assert all(data["passages"][pid]["kind"] == "requirement" for c in data["checklists"].values()
               for pid in c["passages"])


def test_sarif_structure(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], reviewer: Reviewer,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = TEMPLATES.parent.parent.parent
    monkeypatch.chdir(root)
    relative = MODULE.relative_to(root)
    code, out, _ = _run(capsys, "review", str(relative), "--format", "sarif")
    sarif = json.loads(out)
    assert code == 1 and sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "HIPAA Guide"
    assert len({r["id"] for r in rules}) == len(rules)
    assert all(r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning")
               for r in rules)
    expected = reviewer.review(relative).findings
    assert len(run["results"]) == len(expected) == len(TF_FINDINGS)
    for result, finding in zip(run["results"], expected, strict=True):
        assert result["ruleId"] == rules[result["ruleIndex"]]["id"] == finding.rule_id
        assert result["level"] in ("error", "warning") and result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding.file == f"{relative.as_posix()}/{Path(finding.file).name}"
        assert location["region"]["startLine"] == finding.line >= 1
        assert "“" in result["message"]["text"] and result["properties"]["citations"]
    # An absolute path inside the working directory becomes repository-relative, as code scanning expects.
    absolute = to_sarif(reviewer.review(STACK.resolve()))
    uri = absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == STACK.resolve().relative_to(root.resolve()).as_posix()


@pytest.mark.parametrize(("doc", "lang", "services", "uncovered"), [
    ("intake-design-ko.md", "ko", {"s3", "lambda", "sqs", "rds-postgresql", "dynamodb", "elasticache-redis", "elb",
                                   "cloudtrail"}, "timestream"),
    ("intake-design-zh.md", "zh", {"s3", "lambda", "sqs", "rds-postgresql", "elasticache-redis", "cloudtrail"},
     "memorydb"),
])
def test_design_documents_name_services_in_prose(reviewer: Reviewer, doc: str, lang: str, services: set[str],
                                                 uncovered: str) -> None:
    report = reviewer.review(TEMPLATES / "design" / doc)
    assert report.tool == "document" and report.lang == lang
    assert {r.service_id for r in report.resources} == services | {uncovered}
    (finding,) = report.findings
    assert finding.service_id == uncovered and UNCOVERED in finding.message
    assert finding.line == _line(TEMPLATES / "design" / doc, "Timestream" if lang == "ko" else "MemoryDB")
    assert all(p.citation.lang == lang for ps in report.checklists.values() for p in ps)
    assert report.checklists["elasticache-redis"] and report.exit_code == 1


def test_markdown_renders_without_findings_section_when_clean(reviewer: Reviewer, tmp_path: Path) -> None:
    path = tmp_path / "design.md"
    path.write_text("We keep PHI in Amazon S3 and audit with AWS CloudTrail.\n", encoding="utf-8")
    report = reviewer.review(path)
    md = render_markdown(report, reviewer.guidance.topic_labels("en"))
    assert report.exit_code == 0 and "### Findings" not in md and "2 services named" in md


def test_streamlit_design_review_page(full_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("HIPAA_GUIDE_INDEX_DIR", str(full_kb.settings.index_dir))
    monkeypatch.setenv("HIPAA_GUIDE_EMBEDDER", "fake")
    monkeypatch.delenv("HIPAA_GUIDE_DATA_DIR", raising=False)
    st.cache_resource.clear()
    try:
        page = str(Path(__file__).resolve().parent.parent / "app" / "pages" / "3_Design_review.py")
        at = AppTest.from_file(page, default_timeout=60).run()
        assert not at.exception, at.exception
        at.selectbox(key="paste_kind").select("Terraform (.tf)")
        at.text_area(key="paste_text").input((MODULE / "app.tf").read_text(encoding="utf-8"))
        at.button[0].click().run()
        assert not at.exception, at.exception
        body = "\n".join(m.value for m in at.markdown)
        assert "## HIPAA design review: `pasted.tf`" in body and "sqs-encryption-off" in body
        assert [m.value for m in at.metric][:2] == ["2", "0"]
        at.text_area(key="paste_text").input('resource "x" {\n  a = = 1\n}\n')
        at.button[0].click().run()
        assert at.error and "pasted.tf:2:" in at.error[0].value
    finally:
        st.cache_resource.clear()
