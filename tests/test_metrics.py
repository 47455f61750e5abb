"""Eval metrics on small hand-made cases: wrong quotes, dangling markers, refusals, rankings."""
from __future__ import annotations

import pytest

from evals.metrics import (
    CaseResult,
    citation_recall,
    citation_validity,
    fact_coverage,
    matches_service,
    mrr,
    ndcg_at_k,
    quote_fidelity,
    service_hit_at_1,
)
from evals.run import passed
from kb.catalog import Catalog

from .conftest import DATA

CATALOG = Catalog.load(DATA / "services.yaml")


def _cit(n: int, service: str, section: str | None = None, quote: str = "q", chunk: str = "c1") -> dict:
    return {"n": n, "chunk_id": chunk, "doc_id": "d", "service_id": service, "section_id": section or service,
            "quote": quote}


def test_matches_service_family() -> None:
    assert matches_service(CATALOG, "elasticache-redis", "elasticache-redis", "elasticache-redis-authentication")
    assert matches_service(CATALOG, "elasticache-redis-authentication", "elasticache-redis",
                           "elasticache-redis-authentication")
    assert not matches_service(CATALOG, "elasticache-redis-authentication", "elasticache-redis",
                               "elasticache-redis-encryption-at-rest")
    assert not matches_service(CATALOG, "s3", "rds-postgresql", "rds-postgresql")
    assert not matches_service(CATALOG, "no-such-id", "s3", "s3")


def test_service_hit_looks_at_the_first_citation_only() -> None:
    assert service_hit_at_1(CATALOG, ["s3"], [_cit(1, "s3"), _cit(2, "rds-postgresql")]) == 1.0
    assert service_hit_at_1(CATALOG, ["s3"], [_cit(1, "rds-postgresql"), _cit(2, "s3")]) == 0.0
    assert service_hit_at_1(CATALOG, ["s3"], []) == 0.0


def test_citation_recall_counts_each_expected_service() -> None:
    cits = [_cit(1, "s3"), _cit(2, "s3")]
    assert citation_recall(CATALOG, ["s3", "rds-postgresql"], cits) == 0.5
    assert citation_recall(CATALOG, ["s3", "rds-postgresql"], cits + [_cit(3, "rds-postgresql")]) == 1.0


def test_dangling_marker_and_duplicate_numbers_are_invalid() -> None:
    cits = [_cit(1, "s3"), _cit(2, "s3")]
    assert citation_validity("A [1]. B [2].", cits) == 1.0
    assert citation_validity("A [1]. B [3].", cits) == 0.0  # [3] points nowhere
    assert citation_validity("A [1].", [_cit(1, "s3"), _cit(1, "s3")]) == 0.0
    assert citation_validity("No markers at all.", []) == 1.0


def test_wrong_quote_and_non_verbatim_chunk() -> None:
    text = {"c1": "Connections must use TLS 1.2.", "c2": "Other text."}
    slice_ok = {"c1": True, "c2": False}
    assert quote_fidelity([_cit(1, "s3", quote="must use TLS")], text, slice_ok) == 1.0
    assert quote_fidelity([_cit(1, "s3", quote="must use TLS 1.3")], text, slice_ok) == 0.0
    assert quote_fidelity([_cit(1, "s3", quote="Other", chunk="c2")], text, slice_ok) == 0.0
    assert quote_fidelity([_cit(1, "s3", quote="must use TLS"), _cit(2, "s3", quote="nope")], text, slice_ok) == 0.5


def test_fact_coverage_alternatives_and_spacing() -> None:
    cits = [_cit(1, "s3", quote="PHI를 포함하는 연결은 암호화된 전송 (HTTPS) 을 사용해야 합니다.")]
    assert fact_coverage([["HTTPS"], ["SSE-KMS", "서버 측 암호화"]], "answer", cits) == 0.5
    assert fact_coverage([["암호화된전송"]], "", cits) == 1.0  # spacing differences do not matter
    assert fact_coverage([["https"]], "", cits) == 1.0  # nor does case
    assert fact_coverage([], "", []) == 1.0


def test_rankings() -> None:
    assert ndcg_at_k([True, False, False]) == 1.0
    assert ndcg_at_k([False, True]) == pytest.approx(0.6309, abs=1e-4)
    assert ndcg_at_k([False, False]) == 0.0
    assert mrr([False, False, True]) == pytest.approx(1 / 3)
    assert mrr([]) == 0.0


def _result(**kw: object) -> CaseResult:
    base = dict(case_id="c", system="full", lang="ko", services=["s3"], answerable=True, abstained=False,
                service_hit=1.0, recall=1.0, validity=1.0, fidelity=1.0, facts=1.0, ndcg=1.0, mrr=1.0,
                latency_ms=1.0)
    base.update(kw)
    return CaseResult(**base)  # type: ignore[arg-type]


def test_a_refusal_passes_only_when_the_question_is_unanswerable() -> None:
    assert passed(_result(answerable=False, abstained=True, service_hit=None, facts=None))
    assert not passed(_result(answerable=False, abstained=False))
    assert not passed(_result(abstained=True))
    assert not passed(_result(service_hit=0.0))
    assert not passed(_result(facts=0.4))
    assert not passed(_result(fidelity=0.5))


@pytest.mark.parametrize("source,quote,expected", [
    ("설계할 수 있습니다. AWS는 플랫폼을 제공합니다. 다음", "AWS는 플랫폼을 제공합니다.", False),
    # a sentence wrapped in a Markdown link is whole: "[" opens it, "](#)" closes it
    ("설계할 수 있습니다. [AWS는 플랫폼을 제공합니다.](#) 다음", "AWS는 플랫폼을 제공합니다.", False),
    ("암호화 키를 사용하여 AWS는 플랫폼을 제공합니다. 다음", "AWS는 플랫폼을 제공합니다.", True),  # starts mid-sentence
    ("설계할 수 있습니다. AWS는 플랫폼을 제공하며 고객은", "AWS는 플랫폼을 제공하며", True),  # stops mid-sentence
    # HTML block tags before a quote are a table cell's edges, not words ("...좋습니다.</p> <ul>")
    ("<p>좋습니다.</p> <ul> AWS는 플랫폼을 제공합니다. 다음", "AWS는 플랫폼을 제공합니다.", False),
    ("<p>암호화 키를 <b>AWS는 플랫폼을 제공합니다.</b>", "AWS는 플랫폼을 제공합니다.", True),  # a tag inside a sentence
])
def test_fragment(source: str, quote: str, expected: bool) -> None:
    from evals.metrics import fragment

    start = source.index(quote)
    assert fragment(quote, source, start, start + len(quote)) is expected


@pytest.mark.parametrize("source,span,expected", [
    # the span holds the link's wrapper: "[" ... "](#)"
    ("설계할 수 있습니다. [AWS는 플랫폼을 제공합니다.](#) 다음", "[AWS는 플랫폼을 제공합니다.](#)", False),
    ("설계할 수 있습니다. [AWS는 제공하며](#) 고객은", "[AWS는 제공하며](#)", True),
    # a lead-in and its list, the last item ending in a Markdown hard break ("  \n")
    ("분류됩니다. 다음과 같이 나뉩니다.\n* 관리형 정책  \n  \n**다음", "다음과 같이 나뉩니다.\n* 관리형 정책", False),
    ("분류됩니다. 다음과 같이 분류됩니다.\n* 관리형 정책 그리고  다음", "다음과 같이 분류됩니다.\n* 관리형 정책", True),
])
def test_fragment_of_a_span_with_markdown_around_it(source: str, span: str, expected: bool) -> None:
    from evals.metrics import fragment

    start = source.index(span)
    quote = span.strip("[]()#")
    assert fragment(quote, source, start, start + len(span)) is expected
