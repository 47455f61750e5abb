"""Generated answers: `prompt | chat model | parser`, streamed under a deadline, then verified.

    gen = LLMGenerator(model, embed, label="openai:llama3.1")
    for item in gen.stream(question, lang, facets, sources):
        if isinstance(item, str): show_draft(item)      # tokens as the model writes them
        else: result = item                             # one Generation, always last

`generate()` is the same without the tokens. A model error or the deadline never raises here: the
Generation says `failure` ("error" | "timeout") and the caller falls back (kb/llm/answer.py).
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda

from kb.llm.prompt import PROMPT, prompt_inputs
from kb.llm.sources import Source
from kb.llm.verify import Embed, Verified, Verifier

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from kb.config import Settings
    from kb.embeddings import ArrayEmbeddings

log = logging.getLogger(__name__)
_DONE = object()


@dataclass
class Generation:
    """One generated answer after verification.

    text      the kept sentences ("" on failure); [n] markers are the sources' numbers
    used      source numbers the kept sentences cite, in order of first use
    dropped   sentences the verifier removed; `total` sentences the model wrote (headings excluded)
    draft     what the model wrote, unverified (for logs and the streamed draft only: never show it
              as the answer)
    failure   None, "error" (the model call failed), "timeout" (no complete answer within the
              deadline) or "unsupported" (fewer than half the sentences, or none citing a source,
              survived verification)
    """

    text: str
    used: list[int]
    dropped: int
    total: int
    draft: str
    failure: str | None = None
    detail: str = ""  # the error's type and message, for logs
    verified: Verified | None = None
    seconds: float = 0.0


class LLMGenerator:
    """Writes an answer from numbered sources with a chat model and keeps only verified sentences."""

    def __init__(self, model: BaseChatModel, embed: Embed, *, label: str, timeout_s: float = 60.0,
                 mask_pii: bool = True, verifier: Verifier | None = None) -> None:
        self.model = model
        self.label = label
        self.timeout_s = timeout_s
        self.mask_pii = mask_pii
        self.verifier = verifier or Verifier(embed)
        # The LangChain runnable: prompt variables -> messages -> model -> plain text.
        self.chain: Runnable[dict[str, Any], str] = PROMPT | model | StrOutputParser()

    @classmethod
    def from_settings(cls, settings: Settings, embedder: ArrayEmbeddings | Callable[[], ArrayEmbeddings]
                      ) -> LLMGenerator:
        """The generator HIPAA_GUIDE_LLM configures; `embedder` (or a function returning it) checks the
        sentences. Raises ConfigError (see kb/llm/models.py)."""
        from kb.llm.models import build_chat_model

        spec, model = build_chat_model(settings)
        return cls(model, embed_with(embedder), label=spec.label, timeout_s=settings.llm_timeout_s,
                   mask_pii=settings.llm_mask_pii)

    def inputs(self, question: str, lang: str, facets: Sequence[str], sources: Sequence[Source]) -> dict[str, str]:
        """The prompt variables, the question masked unless HIPAA_GUIDE_LLM_MASK_PII is false."""
        return prompt_inputs(question, lang, facets, sources, mask=self.mask_pii)

    def stream(self, question: str, lang: str, facets: Sequence[str], sources: Sequence[Source]
               ) -> Iterator[str | Generation]:
        """The model's tokens as they arrive, then one Generation (always, also on failure)."""
        started = time.monotonic()
        deadline = started + self.timeout_s
        parts: list[str] = []
        failure, detail = None, ""
        tokens: queue.Queue[Any] = queue.Queue()
        stop = threading.Event()
        worker = threading.Thread(target=self._produce, args=(self.inputs(question, lang, facets, sources),
                                                              tokens, stop), daemon=True,
                                  name="llm-generation")
        worker.start()
        try:
            while True:
                try:
                    item = tokens.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    failure, detail = "timeout", f"no complete answer within {self.timeout_s:g} s"
                    break
                if item is _DONE:
                    break
                if isinstance(item, BaseException):
                    failure, detail = "error", f"{type(item).__name__}: {item}"
                    break
                parts.append(item)
                yield item
        finally:
            # On a timeout, or a caller that stops reading, the worker quits at its next token; a hung
            # call ends with the HTTP client's own timeout (the same setting).
            stop.set()
        draft = "".join(parts)
        seconds = time.monotonic() - started
        if failure is not None:
            log.warning("generated answer failed (%s): %s", failure, detail)
            yield Generation("", [], 0, 0, draft, failure, detail, seconds=seconds)
            return
        checked = self.verifier.verify(draft, sources, question)
        yield Generation(checked.text, checked.used, checked.dropped, checked.total, draft,
                         None if checked.supported else "unsupported", verified=checked, seconds=seconds)

    def generate(self, question: str, lang: str, facets: Sequence[str], sources: Sequence[Source]) -> Generation:
        """The verified Generation, without the tokens."""
        result = None
        for item in self.stream(question, lang, facets, sources):
            if isinstance(item, Generation):
                result = item
        assert result is not None
        return result

    def as_runnable(self) -> Runnable[dict[str, Any], Generation]:
        """A runnable over {"question", "lang", "facets", "sources"} returning the Generation, for chains."""
        return RunnableLambda(lambda x: self.generate(x["question"], x.get("lang", "en"), x.get("facets", ()),
                                                      x["sources"]), name="VerifiedGeneration")

    def _produce(self, inputs: dict[str, str], out: queue.Queue[Any], stop: threading.Event) -> None:
        try:
            for token in self.chain.stream(inputs, config={"callbacks": [_StopOnEvent(stop)]}):
                if stop.is_set():
                    return
                if token:
                    out.put(token)
            out.put(_DONE)
        except Exception as exc:  # any provider error (HTTP, auth, throttling) becomes a fallback
            out.put(exc)


class GenerationCancelled(Exception):
    """Raised inside the model's stream to end a call whose answer is no longer wanted."""


class _StopOnEvent(BaseCallbackHandler):
    """Ends the model's stream at its next token once `stop` is set. Closing the chain's iterator is not
    enough: LangChain's output parser then reads the rest of the model's stream (for tracing)."""

    raise_error = True

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def on_llm_new_token(self, token: str, **kwargs: Any) -> None:
        if self.stop.is_set():
            raise GenerationCancelled


def embed_with(embedder: ArrayEmbeddings | Callable[[], ArrayEmbeddings]) -> Embed:
    """The verifier's embedding function over a KnowledgeBase embedder (or a function returning it, so
    the model loads only when the first answer is checked): L2-normalised rows, every text embedded as
    an e5 "query:" (symmetric comparison; of the three ways kb/llm/calibrate.py measured, this one
    separated restatements from unrelated sentences best)."""
    def embed(texts: list[str]) -> np.ndarray:
        model = embedder if hasattr(embedder, "embed_query_arrays") else embedder()
        return model.embed_query_arrays(texts)

    return embed
