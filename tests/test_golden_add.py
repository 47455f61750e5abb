"""The feedback loop: a reported bad answer becomes a checked golden case."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.golden import add_case, read_cases
from kb.catalog import Catalog

from .conftest import DATA

CATALOG = Catalog.load(DATA / "services.yaml")
TEXTS = {"s3": ["PHI를 포함하는 Amazon S3에 연결하려면 암호화된 전송 (HTTPS) 을 허용하는 엔드포인트를 "
                "사용해야 합니다."]}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "depth.jsonl").write_text(json.dumps(
        {"id": "s3-ko-001", "lang": "ko", "question": "q", "services": ["s3"], "facts": [["HTTPS"]],
         "answerable": True}) + "\n", encoding="utf-8")
    (tmp_path / "unanswerable.jsonl").write_text("", encoding="utf-8")
    return tmp_path


def test_answerable_case_is_appended_with_next_id(folder: Path) -> None:
    case = add_case(CATALOG, TEXTS, lang="ko", question="S3 연결 암호화?", services=["s3"],
                    facts=[["https", "암호화된 전송"]], answerable=True, folder=folder)
    assert case.id == "s3-ko-002"
    assert [c.id for c in read_cases(folder / "depth.jsonl", "depth")] == ["s3-ko-001", "s3-ko-002"]


def test_unanswerable_case(folder: Path) -> None:
    case = add_case(CATALOG, TEXTS, lang="en", question="Azure Blob encryption?", services=[], facts=[],
                    answerable=False, folder=folder)
    assert case.id == "un-en-001" and not case.answerable


@pytest.mark.parametrize("kwargs,message", [
    ({"services": ["s3"], "facts": [["TLS 1.3"]]}, "is not in the sections of s3"),
    ({"services": ["nope"], "facts": [["HTTPS"]]}, "unknown service id 'nope'"),
    ({"services": [], "facts": []}, "needs --service and at least one --fact"),
])
def test_bad_cases_are_refused(folder: Path, kwargs: dict, message: str) -> None:
    before = (folder / "depth.jsonl").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        add_case(CATALOG, TEXTS, lang="ko", question="q?", answerable=True, folder=folder, **kwargs)
    assert (folder / "depth.jsonl").read_text(encoding="utf-8") == before
