"""Design review outputs: malformed input, exit codes, Markdown, JSON, SARIF, design documents, the page."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.core import KnowledgeBase
from kb.review import Reviewer, render_markdown, to_sarif
from tests.conftest import run_cli

from .conftest import (
    MODULE,
    STACK,
    TEMPLATES,
    TF_FINDINGS,
    UNCOVERED,
    _by_name,
    _line,
)


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
    code, out, err = run_cli(capsys, "review", str(TEMPLATES / name))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and where in err and "\n" == err[-1] and err.count("\n") == 1


def test_unreadable_inputs_exit_2(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("  \n", encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "no-tf").mkdir()
    cases = {TEMPLATES / "malformed" / "not-a-template.yaml": "no Resources section",
             tmp_path / "missing.yaml": "no such file", tmp_path / "empty.yaml": "empty",
             tmp_path / "latin1.md": "UTF-8", tmp_path / "no-tf": "nothing to review"}
    for path, message in cases.items():
        code, _, err = run_cli(capsys, "review", str(path))
        assert code == 2 and message in err and str(path) in err, (path, err)


def test_compliant_template_exits_0(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("Resources:\n  Files:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n",
                    encoding="utf-8")
    code, out, _ = run_cli(capsys, "review", str(path))
    assert code == 0 and "**No findings**" in out and "Amazon Elastic File System" in out


def test_markdown_is_ready_for_a_pull_request(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "review", str(STACK))
    assert code == 1
    assert out.startswith(f"## HIPAA design review: `{STACK}`\n\n**7 errors, 3 warnings**")
    assert "| # | Level | Resource | Where | Finding |" in out
    assert f"{STACK}:{_line(STACK, 'StorageEncrypted: false')}" in out
    quote = ("PHI를 포함하는 ElastiCache Redis용 연결은 전송 암호화를 사용하고 "
             "지침과의 일관성을 위해 구성을 평가해야 합니다.")
    assert f"> “{quote}”" in out
    assert f"Amazon Timestream is {UNCOVERED}." in out
    assert "<details><summary><b>Amazon ElastiCache for Redis</b>" in out and "</details>" in out
    assert "**Not checked**" in out and "None" not in out
    assert "**AWS Config:** `s3-bucket-ssl-requests-only` checks the same setting in a running account." in out
    assert "### Not reviewed" not in out


def test_json_output_schema(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "review", str(MODULE), "--format", "json", "--lang", "zh")
    data = json.loads(out)
    assert code == 1
    assert set(data) == {"schema", "source", "tool", "lang", "summary", "findings", "resources", "checklists",
                         "passages", "not_reviewed", "ignored", "exit_code"}
    assert data["schema"] == "hipaa-guide/review/v1" and data["tool"] == "terraform" and data["lang"] == "zh"
    assert data["summary"] == {"resources": 20, "mapped": 17, "uncovered": 1, "unmapped": 3, "findings": 8,
                               "errors": 5, "warnings": 3, "not_reviewed": 0}
    assert data["exit_code"] == 1 and data["not_reviewed"] == [] and data["ignored"] == []
    finding = data["findings"][0]
    assert set(finding) == {"rule_id", "level", "title", "message", "resource", "resource_type", "file", "line",
                            "service_id", "topic", "fix", "config_rule", "requirements", "citations"}
    assert all(r["id"] and r["statement"] for f in data["findings"] for r in f["requirements"])
    assert all(c["lang"] == "zh" for f in data["findings"] for c in f["citations"])
    by_rule = {f["rule_id"]: f["config_rule"] for f in data["findings"]}
    assert by_rule["rds-storage-encrypted"] == ["rds-storage-encrypted"] and by_rule["rds-force-ssl-off"] == []
    resource = data["resources"][0]
    assert set(resource) == {"name", "type", "file", "line", "service_id", "service_name", "covered", "findings",
                             "unverified", "checklist"}
    assert all(pid in data["passages"] for r in data["resources"] for pid in r["checklist"])
    # A service's checklist: the evidence of its must/should requirement records.
    evidence = {e.span for r in cli_kb.requirements if r.strength in ("must", "should") for e in r.evidence}
    assert all(pid in evidence for c in data["checklists"].values() for pid in c["passages"])


def test_sarif_structure(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], reviewer: Reviewer,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = TEMPLATES.parent.parent.parent
    monkeypatch.chdir(root)
    relative = MODULE.relative_to(root)
    code, out, _ = run_cli(capsys, "review", str(relative), "--format", "sarif")
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
        page = str(Path(__file__).resolve().parents[2] / "app" / "pages" / "3_Design_review.py")
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
        # A pasted alias bomb is refused at once with one line, as on the command line.
        at.selectbox(key="paste_kind").select("CloudFormation (YAML)")
        bomb = (TEMPLATES / "reliability" / "merge_bomb.yaml").read_text(encoding="utf-8")
        at.text_area(key="paste_text").input(bomb)
        at.button[0].click().run()
        assert at.error and at.error[0].value.startswith("pasted.yaml:9:22: YAML aliases")
    finally:
        st.cache_resource.clear()
