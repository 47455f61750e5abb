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
        assert full["service_hit_at_1"] >= 0.95 and full["refusal_accuracy"] >= 0.95
        assert full["off_topic_answered"] == 0 and full["fragment_share"] == 0.0 and full["language_purity"] == 1.0
        assert full["fact_coverage"] >= 0.90
        assert full["answer_rate"] >= 0.95 and full["quote_fidelity"] == 1.0 and full["citation_validity"] == 1.0
    assert {c["name"].split()[0] for c in report["targets"]["checks"]} == {
        "fact_coverage", "noise_share", "fragment_share", "service_hit_at_1", "refusal_accuracy"}
    for name in ("summary.md", "report.html", "heatmap.png", "baselines.png", "answers.jsonl"):
        assert (tmp_path / "report" / name).stat().st_size > 0


def test_gate_checks_minima_and_maxima() -> None:
    from evals.run import gate_checks

    summary = {"full": {lang: {"noise_share": 0.2, "service_hit_at_1": 0.96} for lang in ("ko", "zh", "en")}}
    checks = gate_checks(summary, {"noise_share": {"max": 0.15}, "service_hit_at_1": 0.95})
    assert [(c["name"], c["kind"], c["ok"]) for c in checks[:2]] == [
        ("noise_share ko", "max", False), ("service_hit_at_1 ko", "min", True)]
