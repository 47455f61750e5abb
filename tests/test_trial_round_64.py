"""Answers on the real corpus (stop 64): a key service asked by its own name as well as by a way's, and a record
asked under two topics of one section."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

from .conftest import conversation

pytestmark = pytest.mark.slow


def test_a_record_asked_under_two_topics_of_one_section_is_listed_once(full_index: Settings) -> None:
    """"KMS key 要用 customer managed key 還是 AWS managed key 就可以？" after SQS and SNS asks keys and encryption at
    rest: SQS's server-side encryption record fits both and was listed twice under the section."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "SQS 跟 SNS 都要傳含 PHI 的訊息，兩個都一定要開 server-side encryption 嗎？",
                     "KMS key 要用 customer managed key 還是 AWS managed key 就可以？")
    assert "sqs.server-side-encryption" in a.records
    lines = [line for line in a.answer.splitlines() if line.startswith("- ")]
    assert len(lines) == len(set(lines)), a.answer


def test_a_key_service_named_by_its_own_name_beside_two_kinds_of_key_is_asked(full_index: Settings) -> None:
    """A service named by a way's name beside another way ("customer managed key 還是 AWS managed key") is one way of
    doing it only when that is the only way it is named: "KMS key 要用 ..." names KMS itself, which stays a section of
    the follow-up (stop 63's reading dropped it, and "那 CloudHSM 呢？" two questions on lost KMS)."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "SQS 跟 SNS 都要傳含 PHI 的訊息，兩個都一定要開 server-side encryption 嗎？",
                     "KMS key 要用 customer managed key 還是 AWS managed key 就可以？")
    assert [s.id for s in a.services] == ["sqs", "sns", "kms"]
    a = kb.ask("CloudTrail 預設用 SSE-S3 還是 KMS？")  # (KMS offered only as the other way: CloudTrail's)
    assert [s.id for s in a.services] == ["cloudtrail"]
