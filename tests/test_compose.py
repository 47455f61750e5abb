"""Small rules of the answer composer: what is quoted and what a record's wording decides."""
from __future__ import annotations

import pytest

from kb.quotes import table_header as _table_header
from kb.requirements import Requirement
from kb.sentences import _distinct
from kb.spans import Span


@pytest.mark.parametrize("text,header", [
    ("기술 | 설명 | DoS/DDoS 공격 방지", True),
    ("Technique | Description", True),
    ("트래픽 성형/속도 제한 | DoS/DDoS 공격은 많은 경우 네트워크와 시스템 리소스를 고갈시킵니다.", False),
    ("암호화: Microsoft Windows BitLocker | Windows BitLocker는 볼륨 암호화 솔루션입니다.", False),
    ("Amazon S3 버킷을 암호화합니다.", False),  # no table at all
])
def test_a_table_header_row_is_told_from_a_row(text: str, header: bool) -> None:
    assert _table_header(text) is header


def _span(start: int, quote: str) -> Span:
    return Span(id=f"d:{start}-{start + len(quote)}", doc_id="d", chunk_id="d:0", start=start, end=start + len(quote),
                quote=quote, section="EMR", section_id="emr", service_id="emr", line_start=1, line_end=1, page=None,
                lang="ko")


def test_sentences_no_record_states_leave_out_table_headers_and_repeats() -> None:
    """A table's header row says nothing, and the 2016 paper repeats it over each half of a table: an answer
    quoting the section's sentences once quoted "Amazon EMR 트래픽 유형 | 설명 | 권장 보호 접근 방식" twice."""
    header = "Amazon EMR 트래픽 유형\t설명\t권장 보호 접근 방식".replace("\t", " | ")
    row = "하둡 노드 간 | 하둡 노드는 서로 통신합니다. | 추가적인 보호는 필요하지 않습니다."
    spans = [_span(0, header), _span(100, row), _span(200, header), _span(300, row), _span(400, "다른 문장입니다.")]
    assert [s.start for s in _distinct(spans)] == [100, 400]


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


@pytest.mark.parametrize("text,found", [
    ("Redis engine versions 3.2.6 and 4.0.10 onwards.", [("redis", (3, 2, 6)), ("redis", (4, 0, 10))]),
    ("Available for all OpenSearch versions and Elasticsearch 6.0 or later.", [("elasticsearch", (6, 0, 0))]),
    ("Redis 엔진 4.0.9에서도 되나요?", [("redis", (4, 0, 9))]),  # a Korean particle right after the version
    ("TLS 1.2 or 1.3", [("tls", (1, 2, 0)), ("tls", (1, 3, 0))]),
    ("version 2.0", [("", (2, 0, 0))]),  # no product named
])
def test_product_versions_name_the_product_before_the_version(text: str, found: list) -> None:
    from kb.editions import _product_versions
    assert _product_versions(text) == found


def test_a_quoted_lead_in_comes_with_its_lists_items() -> None:
    """"Allow the following API actions." says nothing without the actions: each item's opening sentence is quoted
    with it (a sentence continuing an item is not), and nothing is added when the lead-in is not quoted."""
    from types import SimpleNamespace

    from kb.quotes import Quotes

    lead = "Allow the following API actions in the key policy."
    text = (f"{lead}\n\n  • kms:DescribeKey — lets the service check the key.\n"
            "  • kms:CreateGrant — adds a grant. A grant controls access.\n"
            "  • kms:RetireGrant — retires grants.\n\nThat is all.")
    starts = [text.index(s) for s in (lead, "kms:DescribeKey", "kms:CreateGrant", "A grant", "kms:RetireGrant",
                                      "That is")]
    ends = [text.index(s) + len(s) for s in (lead, "the key.", "a grant.", "controls access.", "retires grants.",
                                             "That is all.")]
    spans = [Span(id=f"d:{s}-{e}", doc_id="d", chunk_id="d:0", start=s, end=e, quote=text[s:e], section="X",
                  section_id="x", service_id="x", line_start=1, line_end=1, page=None, lang="en",
                  lead_in=None if i in (0, 5) else f"d:{starts[0]}-{ends[0]}")
             for i, (s, e) in enumerate(zip(starts, ends, strict=True))]
    quotes = Quotes(SimpleNamespace(texts={"d": text}), None, None, {}, {})  # type: ignore[arg-type]
    chosen = quotes._with_items(spans, {spans[0].id})
    assert [s.quote.split(" —")[0] for s in chosen] == [lead, "kms:DescribeKey", "kms:CreateGrant", "kms:RetireGrant"]
    assert quotes._with_items(spans, {spans[5].id}) == [spans[5]]
