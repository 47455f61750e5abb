"""The integration point: turn a deterministic Answer into a verified generated one, or fall back.

    answer = kb.ask(question)                                  # extractive, with citations
    answer = generated_answer(question, answer, kb.llm, analysis=analysis)

The generated answer cites the same Citation objects (same numbers) the deterministic answer has,
keeping only those its surviving sentences cite. When the model errors, times out, or fewer than
half its sentences survive verification, the deterministic answer is returned with a note saying
so (`generator` "extractive", `fallback` set). Refusals and answers without citations are returned
unchanged: nothing is generated without sources.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kb.llm.generator import Generation, LLMGenerator
from kb.llm.sources import from_citations
from kb.phrases import phrase
from kb.records import Answer

if TYPE_CHECKING:
    from kb.analysis import Analysis

FALLBACK = {
    "en": "A generated answer could not be used ({why}); the quoted guidance is shown instead.",
    "ko": "생성된 답변을 사용할 수 없어({why}) 인용된 지침을 대신 보여 드립니다.",
    "zh": "無法使用生成的回答（{why}），改為顯示引用的指引。",
}
WHY = {
    "error": {"en": "the model returned an error", "ko": "모델 오류", "zh": "模型發生錯誤"},
    "timeout": {"en": "the model did not answer in time", "ko": "모델 응답 시간 초과", "zh": "模型未能及時回應"},
    "unsupported": {"en": "too few of its sentences were supported by the sources",
                    "ko": "출처로 뒷받침되는 문장이 너무 적음", "zh": "有出處支持的句子太少"},
}
DROPPED = {
    "en": "{n} generated sentence(s) were removed because their cited sources do not support them.",
    "ko": "인용한 출처로 뒷받침되지 않는 생성 문장 {n}개를 삭제했습니다.",
    "zh": "已刪除 {n} 個無法由所引用出處支持的生成句子。",
}


def facets_of(answer: Answer, analysis: Analysis | None = None) -> list[str]:
    """"service x topic" labels for the prompt: the answer's services times the question's topics
    (topic ids as labels), or the services alone when the question has no topic."""
    services = [s.name for s in answer.services]
    topics = list(analysis.topics if analysis is not None else answer.topics)
    if not topics:
        return services
    return [f"{s} x {t}" for s in services for t in topics] or topics


def generated_answer(question: str, answer: Answer, generator: LLMGenerator | None, *,
                     analysis: Analysis | None = None, facets: Sequence[str] | None = None,
                     statements: dict[int, str] | None = None) -> Answer:
    """The verified generated Answer over `answer`'s citations, or `answer` with a fallback note.

    question    the question as asked (masked inside the generator before it is sent)
    answer      the deterministic Answer (text with [n] markers, Citations with verbatim quotes)
    generator   None (no model configured) returns `answer` unchanged
    analysis    the question's Analysis, for its language and topics (else the answer's)
    facets      "service x topic" labels (default: facets_of(answer, analysis))
    statements  citation number -> team-written requirement statement (sources of kind "requirement")
    Never raises for model failures; a ConfigError can only come from building the generator."""
    result = answer
    for item in stream_generated_answer(question, answer, generator, analysis=analysis, facets=facets,
                                        statements=statements):
        if isinstance(item, Answer):
            result = item
    return result


def stream_generated_answer(question: str, answer: Answer, generator: LLMGenerator | None, *,
                            analysis: Analysis | None = None, facets: Sequence[str] | None = None,
                            statements: dict[int, str] | None = None) -> Iterator[str | Answer]:
    """The model's draft tokens (str) as they arrive, then the final Answer (verified, or the
    deterministic one with a fallback note). For the Streamlit chat and the Slack bot: show the draft,
    then replace it with the final Answer."""
    if generator is None or answer.abstained or not answer.citations:
        yield answer
        return
    lang = analysis.lang if analysis is not None else answer.lang
    sources = from_citations(answer.citations, statements)
    facets = list(facets) if facets is not None else facets_of(answer, analysis)
    result: Generation | None = None
    for item in generator.stream(question, lang, facets, sources):
        if isinstance(item, Generation):
            result = item
        else:
            yield item
    assert result is not None
    yield _compose(answer, result, generator.label, lang)


def _compose(answer: Answer, gen: Generation, label: str, lang: str) -> Answer:
    counts = {"model": label, "dropped_sentences": gen.dropped, "generated_sentences": gen.total,
              "latency_ms": answer.latency_ms + gen.seconds * 1000}
    if gen.failure is not None:
        why = WHY[gen.failure].get(lang) or WHY[gen.failure]["en"]
        note = (FALLBACK.get(lang) or FALLBACK["en"]).format(why=why)
        return replace(answer, answer=f"{answer.answer}\n\n{note}", generator="extractive",
                       fallback=gen.failure, **counts)
    used = set(gen.used)
    citations = [c for c in answer.citations if c.n in used]
    notes = []
    if answer.not_covered:
        names = phrase(lang, "sep").join(s.name for s in answer.not_covered)
        notes.append(phrase(lang, "not_covered_also", names=names))
    for title, year in {c.title: _year(c.note) for c in citations if c.archived}.items():
        notes.append(phrase(lang, "archived", title=title, year=year or "?"))
    if gen.dropped:
        notes.append((DROPPED.get(lang) or DROPPED["en"]).format(n=gen.dropped))
    return replace(answer, answer="\n\n".join([gen.text, *notes]), citations=citations, generator="llm",
                   fallback=None, **counts)


def _year(note: str | None) -> str | None:
    m = re.search(r"\b(19|20)\d{2}\b", note or "")
    return m.group(0) if m else None
