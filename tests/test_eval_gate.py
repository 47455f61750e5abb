"""The evaluation gate on the real model and full corpus: the answer targets hold (CI runs this)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.run import run
from kb.config import Settings

pytestmark = pytest.mark.slow


def test_gate_passes_and_report_is_written(full_index: Settings, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HIPAA_GUIDE_INDEX_DIR", str(full_index.index_dir))
    code = run(gate=True, systems=["full", "keyword", "dense"], out_dir=tmp_path / "report")
    out = capsys.readouterr().out
    assert "Gate: PASSED" in out, out[-3000:]
    assert code == 0
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    for lang in ("ko", "zh", "en"):
        full = report["summary"]["full"][lang]
        assert full["service_hit_at_1"] >= 0.9 and full["refusal_accuracy"] >= 0.9
        assert full["answer_rate"] >= 0.95 and full["quote_fidelity"] == 1.0 and full["citation_validity"] == 1.0
    for name in ("summary.md", "report.html", "heatmap.png", "baselines.png", "answers.jsonl"):
        assert (tmp_path / "report" / name).stat().st_size > 0
