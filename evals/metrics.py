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


def cites(catalog: Catalog, expected: str, citation: dict[str, Any]) -> bool:
    """Does a citation come from the expected entry: its quote's section, or the section of the
    requirement record the answer quotes it for?"""
    return matches_service(catalog, expected, citation.get("service_id"), citation.get("section_id")) or any(
        matches_service(catalog, expected, section, section) for section in citation.get("sections") or ())


def service_hit_at_1(catalog: Catalog, expected: list[str], citations: list[dict[str, Any]]) -> float:
    if not citations:
        return 0.0
    first = min(citations, key=lambda c: c["n"])
    return float(any(cites(catalog, e, first) for e in expected))


def citation_recall(catalog: Catalog, expected: list[str], citations: list[dict[str, Any]]) -> float:
    """Share of the expected services that at least one citation comes from."""
    if not expected:
        return 1.0
    found = sum(any(cites(catalog, e, c) for c in citations) for e in expected)
    return found / len(expected)


def citation_validity(answer: str, citations: list[dict[str, Any]]) -> float:
    """1.0 when every [n] in the answer names an existing citation and citation numbers are unique."""
    numbers = [c["n"] for c in citations]
    if len(numbers) != len(set(numbers)):
        return 0.0
    markers = {int(m) for m in _MARKER.findall(answer)}
    return float(markers <= set(numbers))


def quote_fidelity(citations: list[dict[str, Any]], chunk_text: dict[str, str], chunk_is_source_slice: dict[str, bool],
                   spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] | None = None,
                   texts: dict[str, str] | None = None) -> float:
    """Share of citations whose quote is the source's own words: for a quotable span (`span_id`), the
    quote is what the source range reads as (its banners left out, link markup as its text), recomputed
    from the source text; otherwise the quote is verbatim in its chunk and the chunk in its source.
    `spans`: span id -> (doc_id, gaps) of the index's spans."""
    from ingest.segment import display

    if not citations:
        return 1.0
    good = 0
    for c in citations:
        span = (spans or {}).get(c.get("span_id") or "")
        if span is not None and texts is not None:
            doc_id, gaps = span
            start, end = map(int, c["span_id"].rsplit(":", 1)[1].split("-"))
            good += bool(c["quote"]) and c["quote"] == display(texts.get(doc_id, ""), start, end, gaps)
        else:
            good += bool(c["quote"] and c["quote"] in chunk_text.get(c["chunk_id"], "")
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


def _has(fact_group: list[str], text: str) -> bool:
    folded = text.casefold()
    flat = re.sub(r"\s+", "", folded)
    return any(alt.casefold() in folded or re.sub(r"\s+", "", alt.casefold()) in flat for alt in fact_group)


def noise_share(facts: list[list[str]], citations: list[dict[str, Any]]) -> float | None:
    """Share of quoted sentences that contain none of the case's facts (None without quotes or facts)."""
    if not facts or not citations:
        return None
    noisy = sum(1 for c in citations if not any(_has(group, c["quote"]) for group in facts))
    return noisy / len(citations)


_MARKUP = re.compile(r"\]\(|\*\*|</?[a-zA-Z][^<>]*>|\\[()*_\[\]]|^\s*[-*•]\s")
_OPENS = ".!?。！？:：;；)）」』”\""
_ENDS = ".!?。！？:：)）」』”\""
_BULLET_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-*•–·]|\d{1,2}[.)]|\*\*)?[ \t]*$")


_LINK_TARGET = re.compile(r"\]\([^)\s]*\)$")
_TRAILING_TAGS = re.compile(r"(?:\s*</?[a-zA-Z][^<>]*>)+\s*$")


def fragment(quote: str, source: str, start: int, end: int) -> bool:
    """Is a quote not one whole sentence of its source: it starts after a word that is not a sentence
    end, stops before its sentence does, or carries Markdown/HTML markup? Checked on the source text
    itself, independently of the splitter that made the span; HTML tags before a quote are block edges
    (the 2016 paper's table cells: "...좋습니다.</p> <ul>" then the next sentence), not words."""
    if _MARKUP.search(quote):
        return True
    before = _TRAILING_TAGS.sub("", source[max(0, start - 200):start])  # "...다.</p> <p>": HTML blocks end there
    starts_clean = bool(_BULLET_BEFORE.search(before)) or before.rstrip()[-1:] in ("", *_OPENS) \
        or before.rstrip(" \t*[")[-1:] in ("", "\n", *_OPENS)  # "[" opens a sentence wrapped in a link
    raw = _LINK_TARGET.sub("", source[start:end]).rstrip("*) ")  # a span may hold its "[...](#)" wrapper
    after = source[end:end + 200].lstrip(" \t")[:1]  # "item  \n": a Markdown hard break ends a list item
    ends_clean = raw[-1:] in _ENDS or after in ("", "\n", "\r") or source[end:end + 3].startswith(("](", "**"))
    return not (starts_clean and ends_clean)


def fragment_share(citations: list[dict[str, Any]], texts: dict[str, str]) -> float | None:
    """Share of quotes that are fragments (see `fragment`); None without quotes."""
    checked = []
    for c in citations:
        span = c.get("span_id")
        if not span:
            continue
        doc_id, rng = span.rsplit(":", 1)
        start, end = map(int, rng.split("-"))
        checked.append(fragment(c["quote"], texts.get(doc_id, ""), start, end))
    return sum(checked) / len(checked) if checked else None


_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\[\d+\]|https?://\S+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def language_pure(lang: str, answer: str) -> bool:
    """Is the answer's own text (outside quotes, markers and links) in the asker's language: no
    Korean or Chinese in an English answer, no Chinese in a Korean one, no Korean in a Chinese one?"""
    own = _QUOTED.sub(" ", answer)
    if lang == "en":
        return not (_HANGUL.search(own) or _HAN.search(own))
    if lang == "ko":
        return not _HAN.search(own)
    return not _HANGUL.search(own)


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
    kind: str = "depth"
    noise: float | None = None  # share of quotes matching none of the facts
    fragments: float | None = None  # share of quotes that are not whole sentences
    pure: bool = True  # the answer's own text is in the asker's language
    verdict_ok: float | None = None  # the expected verdict given (yes/no questions)
    not_covered_ok: float | None = None  # the topics the case expects stated as not covered are
    generated: int = 0  # sentences a chat model wrote (the llm system only)
    dropped: int = 0  # ... of which the verifier removed
    fallback: str | None = None  # why a generated answer fell back to the extractive one
