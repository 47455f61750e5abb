"""Feedback storage masks personal data before anything is written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.feedback import Feedback, FeedbackStore, mask_pii


@pytest.mark.parametrize("text,masked", [
    ("mail kim.minji+phi@hospital.co.kr now", "mail [EMAIL] now"),
    ("환자 전화 010-1234-5678 입니다", "환자 전화 [PHONE] 입니다"),
    ("call (555) 123-4567 or +1 555-123-4567", "call [PHONE] or [PHONE]"),
    ("SSN 123-45-6789 leaked", "SSN [SSN] leaked"),
    ("MRN: 00123456 and MRN#A-998877", "[MRN] and [MRN]"),
    ("의료기록번호 12345678 확인", "[MRN] 확인"),
    ("病歷號碼：20231234 的病人", "[MRN] 的病人"),
    ("주민번호 900101-1234567", "주민번호 [RRN]"),
    ("身分證 A123456789", "身分證 [ID]"),
    ("card 4111 1111 1111 1111", "card [CARD]"),
    ("S3 버킷 암호화는 TLS 1.2와 AES-256", "S3 버킷 암호화는 TLS 1.2와 AES-256"),
    ("RDS on port 5432 since 2022-09-28", "RDS on port 5432 since 2022-09-28"),
])
def test_mask_pii(text: str, masked: str) -> None:
    assert mask_pii(text) == masked


def test_store_masks_question_answer_and_reason(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb" / "feedback.jsonl")
    answer = {"question": "환자 kim@x.org MRN 5551234 S3 암호화?", "lang": "ko", "answer": "...[1]",
              "services": [{"id": "s3", "name": "S3"}], "citations": [{"chunk_id": "hipaa-ko:1"}], "abstained": False}
    store.add(Feedback.from_answer(answer, "down", reason="wrong; call 010-9999-8888"))
    [row] = [json.loads(line) for line in (tmp_path / "fb" / "feedback.jsonl").read_text().splitlines()]
    assert row["question"] == "환자 [EMAIL] [MRN] S3 암호화?"
    assert row["reason"] == "wrong; call [PHONE]"
    assert (row["rating"], row["services"], row["citations"], row["source"]) == ("down", ["s3"], ["hipaa-ko:1"],
                                                                                 "streamlit")
    assert store.read() == [row]


def test_bad_rating_writes_nothing(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.jsonl")
    fb = Feedback(rating="meh", question="q", lang="en", answer="a", services=[], citations=[], abstained=True)
    with pytest.raises(ValueError):
        store.add(fb)
    assert not (tmp_path / "feedback.jsonl").exists()
