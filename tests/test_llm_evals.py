"""`python -m evals run --systems full,llm`: the same metrics for a configured model, plus dropped sentences."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.chat_models import SimpleChatModel
from langchain_core.messages import BaseMessage

import evals.run
from evals.run import run
from ingest.segment import sentence_spans
from kb.core import KnowledgeBase
from kb.errors import ConfigError
from kb.llm.generator import LLMGenerator, embed_with


class QuoteCopyChatModel(SimpleChatModel):
    """Answers with the first sentence of source [1], cited, and one uncited sentence: one kept, one dropped."""

    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "quote-copy"

    def _call(self, messages: list[BaseMessage], stop: list[str] | None = None, **kwargs: Any) -> str:
        self.calls += 1
        # Source [1] is "[1] kind, lang, section", an optional "Requirement: ..." line, then "Quote: ...".
        quote = re.search(r"^\[1\] .*\n(?:Requirement: .*\n)?Quote: (.+)$", str(messages[-1].content), re.M).group(1)
        start, end = sentence_spans(quote)[0]
        return f"{quote[start:end]} [1]\nThis sentence cites nothing."


def test_llm_system_reports_the_same_metrics_and_the_dropped_share(full_kb: KnowledgeBase, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    model = QuoteCopyChatModel()
    generator = LLMGenerator(model, embed_with(full_kb.embedder), label="openai:quote-copy")
    monkeypatch.setitem(full_kb.__dict__, "llm", generator)
    monkeypatch.setattr(evals.run, "KnowledgeBase", lambda: full_kb)
    assert run(gate=False, systems=["full", "llm"], out_dir=tmp_path / "r", limit=12) == 0
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    full, llm = report["summary"]["full"]["all"], report["summary"]["llm"]["all"]
    assert set(full) == set(llm) and llm["n"] == full["n"] == 12
    assert (full["dropped_share"], full["fallback_rate"]) == (None, None)
    assert (llm["dropped_share"], llm["fallback_rate"]) == (0.5, 0.0)
    answered = int(round((full["answer_rate"] or 0) * 12))
    assert model.calls >= answered > 0  # every answered question went through the model
    assert llm["citation_validity"] == 1.0 and llm["quote_fidelity"] == 1.0
    rows = [json.loads(line) for line in (tmp_path / "r" / "answers.jsonl").read_text().splitlines()]
    assert len(rows) == 12  # answers.jsonl holds the full system's answers, as before
    out = capsys.readouterr().out
    assert re.search(r"^llm\s+all\s.*\s0\.500\s+0\.000$", out, re.M), out[:2000]
    assert "Generated sentences dropped" in (tmp_path / "r" / "summary.md").read_text(encoding="utf-8")


def test_llm_system_without_a_model_says_what_to_set(full_kb: KnowledgeBase, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from evals.__main__ import main

    monkeypatch.setitem(full_kb.__dict__, "llm", None)
    monkeypatch.setattr(evals.run, "KnowledgeBase", lambda: full_kb)
    with pytest.raises(ConfigError, match="--systems llm needs a model: set HIPAA_GUIDE_LLM"):
        run(gate=False, systems=["full", "llm"], out_dir=tmp_path / "r", limit=2)
    assert main(["run", "--systems", "full,llm", "--limit", "2", "--out", str(tmp_path / "cli")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --systems llm needs a model: set HIPAA_GUIDE_LLM") and err.count("\n") == 1
