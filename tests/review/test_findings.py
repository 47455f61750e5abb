"""Design review findings: templates mapped to services, rules cited verbatim, engines, short-form tags."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.core import KnowledgeBase
from kb.review import Reviewer, load_template
from kb.review.model import Resource, Template

from .conftest import (
    CFN_COMPLIANT,
    CFN_FINDINGS,
    MODULE,
    STACK,
    TF_COMPLIANT,
    TF_FINDINGS,
    UNCOVERED,
    _by_name,
    _line,
)


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


def test_every_finding_quotes_the_evidence_of_the_records_its_rule_enforces(full_kb: KnowledgeBase,
                                                                           reviewer: Reviewer) -> None:
    texts = full_kb.index.texts
    rules = {r.id: r for r in [*reviewer.rules.rules, reviewer.rules.uncovered]}
    for path in (STACK, MODULE):
        report = reviewer.review(path, lang="all")
        for f in report.findings:
            rule = rules[f.rule_id]
            evidence = {e.span: e.quote for rid in rule.requirements for e in full_kb.requirements.get(rid).evidence}
            assert f.citations and {p.citation.lang for p in f.citations} == {"ko", "zh"}, f.rule_id
            for p in f.citations:
                doc_id, span = p.id.rsplit(":", 1)
                start, end = map(int, span.split("-"))
                assert p.id in evidence and texts[doc_id][start:end] == evidence[p.id], (f.rule_id, p.id)
                assert p.kind != "reference", (f.rule_id, p.quote)  # a "see X" pointer is no evidence
        assert all(UNCOVERED in f.message for f in report.findings if f.rule_id == "uncovered-service")


def test_every_rule_links_to_requirement_records_of_its_services(full_kb: KnowledgeBase, reviewer: Reviewer) -> None:
    catalog = full_kb.catalog
    for rule in [*reviewer.rules.rules, reviewer.rules.uncovered]:
        assert rule.topic in reviewer.guidance.topic_order, rule.id
        records = [full_kb.requirements.get(rid) for rid in rule.requirements]
        assert records and all(records), rule.id
        for sid in rule.services:
            assert catalog.get(sid) is not None and catalog.get(sid).covered, (rule.id, sid)
            # each service the rule checks has a record of its own among them (or the BAA's, for every service)
            own = [r for r in records if catalog.top(r.section).id in (catalog.top(sid).id, "introduction")
                   or catalog.top(r.section).kind == "general"]
            assert own, (rule.id, sid)
    # ... and `kb cite` shows, under each record, the rules that check it
    assert reviewer.guidance.review_rules["s3.transit-https"] == ("s3-https-only",)


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


def test_foreach_loops_over_literal_lists_are_expanded(full_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "loops.yaml"
    path.write_text("Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Queues:\n    - Name\n"
                    "    - [a, b]\n    - Q${Name}: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub 'q-${Name}'}}\n"
                    "  Topic:\n    Type: AWS::SNS::Topic\n", encoding="utf-8")
    resources = load_template(path, full_kb.catalog).resources
    assert [r.name for r in resources] == ["Qa", "Qb", "Topic"]
    assert resources[1].properties == {"QueueName": {"Fn::Sub": "q-b"}} and resources[1].line == 3


def test_broken_data_files_name_file_line_and_field(tmp_path: Path) -> None:
    from kb.errors import ConfigError
    from kb.review.mapping import ResourceMap
    from kb.review.rules import RuleSet

    rules = tmp_path / "review_rules.yaml"
    rules.write_text("uncovered: {id: u, title: t, level: warning, topic: eligibility, requirements: [x.y]}\n"
                     "rules:\n  - id: a\n    title: t\n    level: error\n    topic: access\n    requirements: [x.y]\n"
                     "  - id: b\n    title: t\n    level: fatal\n    topic: access\n    requirements: [x.y]\n",
                     encoding="utf-8")
    with pytest.raises(ConfigError, match=r"review_rules.yaml:10: rules\[1\]\.level: 'fatal' is not allowed; "
                                          "use one of: error, warning"):
        RuleSet.load(rules)
    rules.write_text(rules.read_text(encoding="utf-8").replace("level: fatal", "level: error\n    config_rule: S3 X"),
                     encoding="utf-8")
    with pytest.raises(ConfigError, match=r":11: rules\[1\]\.config_rule: 'S3 X' does not have the expected form"):
        RuleSet.load(rules)
    rmap = tmp_path / "resource_map.yaml"
    rmap.write_text("cloudformation:\n  AWS::S3::Bucket: s3\n  AWS::RDS::DBInstance: {by: Engine}\nterraform: {}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"resource_map.yaml:3: cloudformation\.AWS::RDS::DBInstance\.values: missing "
                                          r"\(needed with `by`\)"):
        ResourceMap.load(rmap)
