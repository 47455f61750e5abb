"""Answer-quality metrics, all computed without a language model."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from kb.catalog import Catalog

_MARKER = re.compile(r"\[(\d+)\]")


def matches_service(catalog: Catalog, expected: str, service_id: str | None, section_id: str | None) -> bool:
    """Does a passage keyed (service_id, section_id) belong to the expected catalog entry?

    An expected service accepts any of its sections and subsections; an expected subsection or
    general section accepts only itself and what lies below it.
    """
    if catalog.get(expected) is None:
        return False
    family = catalog.descendants(expected)
    return section_id in family or service_id in family


def service_hit_at_1(catalog: Catalog, expected: list[str], citations: list[dict[str, Any]]) -> float:
    if not citations:
        return 0.0
    first = citations[0]
    return float(any(matches_service(catalog, e, first.get("service_id"), first.get("section_id")) for e in expected))


def citation_recall(catalog: Catalog, expected: list[str], citations: list[dict[str, Any]]) -> float:
    """Share of the expected services that at least one citation comes from."""
    if not expected:
        return 1.0
    found = sum(any(matches_service(catalog, e, c.get("service_id"), c.get("section_id")) for c in citations)
                for e in expected)
    return found / len(expected)


def citation_validity(answer: str, citations: list[dict[str, Any]]) -> float:
    """1.0 when every [n] in the answer names an existing citation and citation numbers are unique."""
    numbers = [c["n"] for c in citations]
    if len(numbers) != len(set(numbers)):
        return 0.0
    markers = {int(m) for m in _MARKER.findall(answer)}
    return float(markers <= set(numbers))


def quote_fidelity(citations: list[dict[str, Any]], chunk_text: dict[str, str], chunk_is_source_slice: dict[str, bool]
                   ) -> float:
    """Share of citations whose quote is verbatim in its chunk, and whose chunk is verbatim in its source."""
    if not citations:
        return 1.0
    good = sum(1 for c in citations
               if c["quote"] and c["quote"] in chunk_text.get(c["chunk_id"], "")
               and chunk_is_source_slice.get(c["chunk_id"], False))
    return good / len(citations)


def fact_coverage(facts: list[list[str]], answer: str, citations: list[dict[str, Any]]) -> float:
    """Share of fact groups with at least one alternative in the answer or its quotes (case-insensitive)."""
    if not facts:
        return 1.0
    haystack = " ".join([answer, *(c["quote"] for c in citations)]).casefold()
    haystack_flat = re.sub(r"\s+", "", haystack)
    hit = 0
    for group in facts:
        if any(alt.casefold() in haystack or re.sub(r"\s+", "", alt.casefold()) in haystack_flat for alt in group):
            hit += 1
    return hit / len(facts)


def ndcg_at_k(relevant: list[bool], k: int = 10) -> float:
    gains = relevant[:k]
    dcg = sum(1.0 / math.log2(i + 2) for i, rel in enumerate(gains) if rel)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, sum(relevant))))
    return dcg / ideal if ideal else 0.0


def mrr(relevant: list[bool]) -> float:
    return next((1.0 / (i + 1) for i, rel in enumerate(relevant) if rel), 0.0)


@dataclass
class CaseResult:
    """One golden case answered by one system."""

    case_id: str
    system: str
    lang: str
    services: list[str]
    answerable: bool
    abstained: bool
    service_hit: float | None
    recall: float | None
    validity: float
    fidelity: float
    facts: float | None
    ndcg: float | None
    mrr: float | None
    latency_ms: float
    first_service: str | None = None
    quoted_chars: int = 0
    generated: int = 0  # sentences a chat model wrote (the llm system only)
    dropped: int = 0  # ... of which the verifier removed
    fallback: str | None = None  # why a generated answer fell back to the extractive one
