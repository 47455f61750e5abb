"""Generated answers with LangChain's fake chat models: kept sentences, fallbacks, streaming, masking."""
from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage

from kb.llm.answer import facets_of, generated_answer, stream_generated_answer
from kb.llm.generator import Generation, LLMGenerator
from kb.llm.verify import Verifier
from kb.records import Answer
from tests.llm_helpers import QUOTES, SOURCES, extractive_answer, hash_embed

GOOD = (f"{QUOTES[1][:-1]} [1].\n"
        "Connections to Amazon RDS for PostgreSQL must be encrypted with TLS 1.2 [2].\n"
        "Connections to Amazon RDS for PostgreSQL must be encrypted with TLS 1.3 [2].")


class Recorder(BaseCallbackHandler):
    """Keeps the messages each chat model call was given: what would leave the machine."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def on_chat_model_start(self, serialized: dict[str, Any], messages: list[list[BaseMessage]], **kw: Any) -> None:
        self.sent += [str(m.content) for batch in messages for m in batch]


def _generator(model, *, timeout_s: float = 10.0, mask_pii: bool = True) -> LLMGenerator:
    return LLMGenerator(model, hash_embed, label="openai:fake", timeout_s=timeout_s, mask_pii=mask_pii,
                        verifier=Verifier(hash_embed))


def _streaming_model(text: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=text)]))


def test_generation_keeps_supported_sentences_and_counts_the_dropped_one() -> None:
    result = _generator(_streaming_model(GOOD)).generate("How?", "en", ["Amazon S3 x encryption"], SOURCES)
    assert result.failure is None and result.draft == GOOD
    assert result.text == "\n".join(GOOD.splitlines()[:2])
    assert (result.used, result.dropped, result.total) == ([1, 2], 1, 3)


def test_generated_answer_cites_the_deterministic_citations_it_used_with_their_numbers() -> None:
    extractive = extractive_answer()
    answer = generated_answer(extractive.question, extractive, _generator(_streaming_model(GOOD)))
    assert (answer.generator, answer.model, answer.fallback) == ("llm", "openai:fake", None)
    assert [c.n for c in answer.citations] == [1, 2]
    assert answer.citations == extractive.citations[:2]  # the same Citation records, quotes verbatim
    assert (answer.dropped_sentences, answer.generated_sentences) == (1, 3)
    assert answer.answer.startswith("\n".join(GOOD.splitlines()[:2]) + "\n\n")
    assert "1 generated sentence(s) were removed" in answer.answer
    assert answer.to_json()["generator"] == "llm" and answer.to_json()["dropped_sentences"] == 1


def test_fewer_than_half_supported_falls_back_to_the_deterministic_answer() -> None:
    text = f"{QUOTES[3][:-1]} [3]. Redshift is free. Redshift is fast [9]. Use TLS 1.3 [2]."
    extractive = extractive_answer()
    answer = generated_answer(extractive.question, extractive, _generator(_streaming_model(text)))
    assert (answer.generator, answer.fallback, answer.model) == ("extractive", "unsupported", "openai:fake")
    assert answer.answer.startswith(extractive.answer + "\n\n")
    assert "too few of its sentences were supported" in answer.answer
    assert answer.citations == extractive.citations
    assert (answer.dropped_sentences, answer.generated_sentences) == (3, 4)


def test_model_error_falls_back_and_says_so() -> None:
    model = FakeListChatModel(responses=[GOOD], error_on_chunk_number=3)
    extractive = extractive_answer()
    answer = generated_answer(extractive.question, extractive, _generator(model))
    assert (answer.generator, answer.fallback) == ("extractive", "error")
    assert answer.answer == extractive.answer + "\n\nA generated answer could not be used (the model returned " \
                                                "an error); the quoted guidance is shown instead."


def test_timeout_falls_back_without_waiting_for_the_model() -> None:
    model = FakeListChatModel(responses=[GOOD], sleep=0.2)  # 0.2 s per character: about 40 s in all
    extractive = replace(extractive_answer("S3 암호화는 어떻게 하나요?"), lang="ko")
    started = time.monotonic()
    answer = generated_answer(extractive.question, extractive, _generator(model, timeout_s=0.5))
    assert time.monotonic() - started < 3.0
    assert (answer.generator, answer.fallback) == ("extractive", "timeout")
    assert answer.answer.endswith("생성된 답변을 사용할 수 없어(모델 응답 시간 초과) 인용된 지침을 대신 보여 드립니다.")
    deadline = time.monotonic() + 3.0  # the abandoned call stops at its next token (0.2 s apart)
    while any(t.name == "llm-generation" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "llm-generation" for t in threading.enumerate())


def test_stream_yields_draft_tokens_then_the_verified_answer() -> None:
    extractive = extractive_answer()
    items = list(stream_generated_answer(extractive.question, extractive, _generator(_streaming_model(GOOD))))
    tokens, final = items[:-1], items[-1]
    assert len(tokens) > 3 and all(isinstance(t, str) for t in tokens) and "".join(tokens) == GOOD
    assert isinstance(final, Answer) and final.generator == "llm"
    gen_items = list(_generator(_streaming_model(GOOD)).stream("q", "en", [], SOURCES))
    assert isinstance(gen_items[-1], Generation) and not any(isinstance(i, Generation) for i in gen_items[:-1])


def test_personal_data_is_masked_in_what_is_sent_to_the_model() -> None:
    question = "Patient jane.doe@example.com, MRN 12345678, phone 010-1234-5678: how do I encrypt S3?"
    recorder = Recorder()
    model = _streaming_model(GOOD).with_config(callbacks=[recorder])
    _generator(model).generate(question, "en", [], SOURCES)
    [sent] = recorder.sent
    assert "jane.doe@example.com" not in sent and "12345678" not in sent and "010-1234-5678" not in sent
    assert "[EMAIL]" in sent and "[MRN]" in sent and "[PHONE]" in sent
    assert "how do I encrypt S3?" in sent and QUOTES[2] in sent  # the rest of the question, the sources verbatim


def test_masking_can_be_turned_off_for_a_private_endpoint() -> None:
    recorder = Recorder()
    model = _streaming_model(GOOD).with_config(callbacks=[recorder])
    _generator(model, mask_pii=False).generate("Mail jane.doe@example.com the S3 rules", "en", [], SOURCES)
    assert "jane.doe@example.com" in recorder.sent[0]


def test_prompt_holds_facets_numbered_sources_and_the_askers_language() -> None:
    recorder = Recorder()
    model = _streaming_model(GOOD).with_config(callbacks=[recorder])
    _generator(model).generate("S3 버킷 암호화?", "ko", ["Amazon S3 x encryption-at-rest"], SOURCES)
    sent = recorder.sent[0]
    assert "Write in Korean" in sent and "The question is about: Amazon S3 x encryption-at-rest." in sent
    assert "제공된 자료에서 다루지 않음" in sent
    for n, quote in QUOTES.items():
        assert f"[{n}] passage, en, Whitepaper > Section {n}\nQuote: {quote}" in sent


def test_refusals_and_a_missing_generator_are_returned_unchanged() -> None:
    extractive = extractive_answer()
    refusal = replace(extractive, abstained=True, citations=[], answer="The documents do not cover this.")
    model = FakeListChatModel(responses=["should never be called"])
    assert generated_answer("q", refusal, _generator(model)) is refusal
    assert generated_answer("q", extractive, None) is extractive
    assert model.i == 0


def test_facets_are_services_times_topics() -> None:
    answer = extractive_answer()
    assert facets_of(answer) == ["Amazon S3 x encryption-in-transit"]
    assert facets_of(replace(answer, topics=[])) == ["Amazon S3"]


def test_as_runnable_composes_in_a_langchain_chain() -> None:
    from langchain_core.runnables import RunnableLambda

    runnable = RunnableLambda(lambda q: {"question": q, "lang": "en", "facets": [], "sources": SOURCES}) | \
        _generator(_streaming_model(GOOD)).as_runnable()
    result = runnable.invoke("How?")
    assert isinstance(result, Generation) and result.used == [1, 2]


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_fallback_note_is_in_the_answers_language(lang: str) -> None:
    extractive = replace(extractive_answer(), lang=lang)
    answer = generated_answer("q", extractive, _generator(FakeListChatModel(responses=["x"],
                                                                             error_on_chunk_number=0)))
    note = answer.answer.split("\n\n")[-1]
    assert {"en": "A generated answer", "ko": "생성된 답변", "zh": "無法使用生成的回答"}[lang] in note


def test_embed_with_loads_the_embedder_on_first_use_and_returns_unit_rows() -> None:
    import numpy as np

    from kb.llm.generator import embed_with
    from tests.conftest import FakeEmbeddings

    made: list[FakeEmbeddings] = []
    embed = embed_with(lambda: made.append(FakeEmbeddings()) or made[-1])
    assert made == []
    rows = embed(["Use HTTPS for S3.", "S3 버킷 암호화"])
    assert len(made) == 1 and rows.shape == (2, 256)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)
    assert np.allclose(rows[0], made[0].embed_query_array("Use HTTPS for S3."))
