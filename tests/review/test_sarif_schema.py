"""`kb review --format sarif` validates against the SARIF 2.1.0 JSON schema.

The schema file is OASIS's (oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json, errata 01;
commit e0583813964ec43cea53b6b531b402866095ed1f), kept beside this test; jsonschema checks it.
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kb.core import KnowledgeBase
from tests.conftest import run_cli

from .conftest import MODULE, STACK, TEMPLATES

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def test_the_schema_is_the_sarif_2_1_0_schema() -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    # It really checks: a result without a message is refused.
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r"}]}]}
    assert list(VALIDATOR.iter_errors(bad))


@pytest.mark.parametrize("target", [
    STACK, MODULE, TEMPLATES / "cfn" / "small-stack.json", TEMPLATES / "field",
    TEMPLATES / "design" / "intake-design-zh.md",
    TEMPLATES / "field" / "tf-count-ref" / "main.tf",  # no findings
])
def test_sarif_output_validates(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], target: Path) -> None:
    code, out, _ = run_cli(capsys, "review", str(target), "--format", "sarif", "--lang", "all")
    sarif = json.loads(out)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(sarif)]
    assert errors == []
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == code


def test_sarif_with_parts_not_reviewed_validates(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n'
                                      'resource "aws_s3_bucket" "b" {}\n', encoding="utf-8")
    code, out, _ = run_cli(capsys, "review", str(tmp_path), "--format", "sarif")
    sarif = json.loads(out)
    assert code == 1 and list(VALIDATOR.iter_errors(sarif)) == []
    run = sarif["runs"][0]
    assert len(run["invocations"][0]["toolExecutionNotifications"]) == 1
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["s3-https-only"]["properties"]["awsConfigRules"] == ["s3-bucket-ssl-requests-only"]
    assert "s3-bucket-ssl-requests-only" in rules["s3-https-only"]["help"]["markdown"]
