"""Small rules of the answer composer: what is quoted and what a record's wording decides."""
from __future__ import annotations

import pytest

from kb.quotes import table_header as _table_header
from kb.requirements import Requirement


@pytest.mark.parametrize("text,header", [
    ("기술 | 설명 | DoS/DDoS 공격 방지", True),
    ("Technique | Description", True),
    ("트래픽 성형/속도 제한 | DoS/DDoS 공격은 많은 경우 네트워크와 시스템 리소스를 고갈시킵니다.", False),
    ("암호화: Microsoft Windows BitLocker | Windows BitLocker는 볼륨 암호화 솔루션입니다.", False),
    ("Amazon S3 버킷을 암호화합니다.", False),  # no table at all
])
def test_a_table_header_row_is_told_from_a_row(text: str, header: bool) -> None:
    assert _table_header(text) is header


def _record(strength: str, en: str) -> Requirement:
    return Requirement(id="x.y", section="x", topic="other", strength=strength,
                       statement={"en": en, "ko": en, "zh": en}, evidence=())


@pytest.mark.parametrize("strength,en,answer", [
    ("fact", "AWS Fargate needs no additional configuration to run workloads that process PHI.", True),
    ("fact", "Since May 2017 the whitepaper no longer requires Dedicated Instances on Amazon EC2.", True),
    ("fact", "PHI sent to CloudWatch Logs does not need to be re-encrypted.", True),
    ("fact", "Amazon MSK encrypts cluster storage volumes at rest.", False),
    ("may", "Encryption is handled automatically, so applications need not be modified.", False),  # an option
    ("must", "Do not use SQL Server Express Edition.", False),
])
def test_a_fact_saying_something_is_not_required(strength: str, en: str, answer: bool) -> None:
    assert _record(strength, en).not_required is answer


@pytest.mark.parametrize("en,done", [
    ("Amazon API Gateway automatically uses HTTPS endpoints for encryption in transit.", True),
    ("Newly created Amazon DocumentDB clusters accept only TLS connections by default.", True),
    ("AWS Fargate needs no additional configuration to run workloads that process PHI.", True),
    ("With DynamoDB encryption, data at rest in the underlying storage is encrypted.", False),
])
def test_a_fact_saying_the_service_does_it_itself(en: str, done: bool) -> None:
    assert _record("fact", en).done_for_you is done
