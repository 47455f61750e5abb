"""Bad input to `kb review` (copied from the team's reliability cases into tests/data/templates/reliability):
alias and merge-key bombs, deep nesting, duplicate keys, empty input, templates over the size limit.
Each is refused with one line naming the file and position, and exit code 2."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.core import KnowledgeBase
from kb.review.limits import MAX_FILE_BYTES
from tests.conftest import run_cli

from .conftest import TEMPLATES

CASES = TEMPLATES / "reliability"


def _refused(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    code, out, err = run_cli(capsys, "review", str(path))
    assert (code, out) == (2, ""), err
    assert err.startswith(f"error: {path}") and err.endswith("\n") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(("name", "where"), [
    ("merge_bomb.yaml", ":9:22:"),  # the first merge that takes the expansion past the limit
    ("alias_bomb_in_policy.yaml", ":8:40:"),
])
def test_alias_and_merge_bombs_are_refused(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], name: str,
                                           where: str) -> None:
    err = _refused(capsys, CASES / name)
    assert where in err and "aliases" in err and "1,000,000 values" in err


@pytest.mark.parametrize(("name", "where"), [
    ("deep.json", ":1:165:"), ("deep_flow.yaml", ":5:106:"), ("deep.tf", ":3:109:")])
def test_deep_nesting_is_refused_with_its_position(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str],
                                                   name: str, where: str) -> None:
    err = _refused(capsys, CASES / name)
    assert where in err and "more than 100 levels" in err


def test_duplicate_keys_name_the_key_and_both_lines(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    err = _refused(capsys, CASES / "dupkeys.yaml")
    assert ":8:7: duplicate key 'StorageEncrypted' (first at line 7)" in err
    # A duplicated resource is caught too, in YAML and in JSON.
    text = (CASES / "dupkeys.yaml").read_text(encoding="utf-8").replace("      StorageEncrypted: false\n", "")
    (tmp_path / "resources.yaml").write_text(text, encoding="utf-8")
    assert ":12:3: duplicate key 'Bucket' (first at line 8)" in _refused(capsys, tmp_path / "resources.yaml")
    path = tmp_path / "dup.json"
    path.write_text('{"Resources": {\n "A": {"Type": "AWS::SNS::Topic"},\n "A": {"Type": "AWS::SQS::Queue"}\n}}\n',
                    encoding="utf-8")
    assert "duplicate key 'A'" in _refused(capsys, path)


@pytest.mark.parametrize("name", ["empty.tf", "empty.yaml"])
def test_nothing_to_review_is_exit_2(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], name: str,
                                     tmp_path: Path) -> None:
    assert "nothing to review" in _refused(capsys, CASES / name)


def test_inputs_with_nothing_to_review_all_exit_2(cli_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    cases = {"vars.tf": 'variable "region" {\n  default = "us-east-1"\n}\n',
             "nores.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n",
             "plain.md": "# Notes\n\nNothing about any cloud here.\n"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert "nothing to review" in _refused(capsys, tmp_path / name)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "package.json").write_text('{"name": "x"}\n', encoding="utf-8")
    assert "nothing to review" in _refused(capsys, tmp_path / "folder")


def test_templates_over_cloudformations_size_limit_are_refused(cli_kb: KnowledgeBase,
                                                                capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    # As the reliability case's generator writes them: 20,000 buckets, 2.2 MB.
    resources = {f"Bucket{i}": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"phi-bucket-{i}"}}
                 for i in range(20_000)}
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}, indent=1),
                    encoding="utf-8")
    assert path.stat().st_size > MAX_FILE_BYTES
    err = _refused(capsys, path)
    assert f"over the {MAX_FILE_BYTES:,}-byte limit" in err and "1 MB" in err
    # In a folder, a large file that is not a template is ignored instead; a large template still refused.
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "package-lock.json").write_text(json.dumps({"packages": ["x" * 100] * 12_000}), encoding="utf-8")
    (folder / "ok.yaml").write_text("Resources:\n  Files:\n    Type: AWS::EFS::FileSystem\n    Properties:\n"
                                    "      Encrypted: true\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "review", str(folder), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["ignored"] == [f"{folder}/package-lock.json (over {MAX_FILE_BYTES:,} bytes, not a "
                                             "template)"]
    path.rename(folder / "big.json")
    assert "byte limit" in _refused(capsys, folder)
