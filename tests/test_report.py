"""write_report turns a report dict into summary.md, report.html and two readable PNGs."""
from __future__ import annotations

from pathlib import Path

import pytest

from evals.report import fmt_pp, write_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LANGS = ["ko", "zh", "en"]


def _metrics(hit: float, facts: float) -> dict:
    return {"service_hit_at_1": hit, "citation_recall": 0.9, "fact_coverage": facts, "refusal_accuracy": 0.8,
            "answer_rate": 0.95, "citation_validity": 1.0, "quote_fidelity": 1.0, "ndcg_at_10": 0.85, "mrr": 0.8,
            "latency_p50_ms": 25.0, "latency_p95_ms": 70.0, "n": 10}


def _report() -> dict:
    # Deltas cover a plain positive, a negative and a rounding-to-zero case so the "pp" formatting is pinned.
    deltas = {
        "keyword": {"ko": {"service_hit_at_1": 0.412, "fact_coverage": 0.2},
                    "zh": {"service_hit_at_1": 0.3, "fact_coverage": 0.1},
                    "en": {"service_hit_at_1": 0.25, "fact_coverage": -0.05}},
        "dense": {"ko": {"service_hit_at_1": 0.1234, "fact_coverage": 0.0},
                  "zh": {"service_hit_at_1": 0.05, "fact_coverage": -0.0001},
                  "en": {"service_hit_at_1": 0.5, "fact_coverage": 0.333}},
    }
    return {
        "created": "2026-11-23T11:00:00Z",
        "cases": 30,
        "systems": ["full", "keyword", "dense"],
        "system_names": {"full": "HIPAA Guide (hybrid + service-aware, extractive)",
                         "keyword": "Keyword only (BM25)", "dense": "Dense only (FAISS)"},
        "langs": LANGS,
        "summary": {
            "full": {lang: _metrics(0.93, 0.81) for lang in [*LANGS, "all"]},
            "keyword": {lang: _metrics(0.5, 0.6) for lang in [*LANGS, "all"]},
            "dense": {lang: {**_metrics(0.7, 0.7), "refusal_accuracy": None} for lang in [*LANGS, "all"]},
        },
        "per_service": {
            "s3": {"ko": 1.0, "zh": 0.5, "en": 1.0},
            "rds-postgresql": {"ko": 0.25, "zh": 1.0, "en": None},
            "lambda": {"ko": 1.0, "zh": 1.0, "en": 0.9},
        },
        "service_names": {"s3": "Amazon S3", "rds-postgresql": "Amazon RDS for PostgreSQL", "lambda": "AWS Lambda"},
        "deltas": deltas,
        "gate": {"passed": True, "checks": [
            {"name": "service_hit_at_1 ko", "value": 0.93, "threshold": 0.9, "ok": True},
            {"name": "latency_p95_ms all", "value": 70.0, "threshold": 500.0, "kind": "max", "ok": True},
        ]},
        "failures": [
            {"case_id": "s3-ko-001", "lang": "ko", "question": "S3 버킷 <script>alert(1)</script> 암호화?",
             "why": "service hit@1 = 0 (first citation: rds-mysql)"},
            {"case_id": "lambda-zh-002", "lang": "zh", "question": "Lambda 如何记录日志？",
             "why": "fact coverage 0.40"},
        ],
    }


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    # Rendering PNGs is the slow part; do it once for all assertions below.
    return write_report(tmp_path_factory.mktemp("report") / "nested", _report())


def test_writes_the_four_files(written: dict[str, Path]) -> None:
    assert set(written) == {"summary", "html", "heatmap", "baselines"}
    assert [written[k].name for k in ("summary", "html", "heatmap", "baselines")] == [
        "summary.md", "report.html", "heatmap.png", "baselines.png"]
    for path in written.values():
        assert path.is_file() and path.stat().st_size > 0


@pytest.mark.parametrize("key", ["heatmap", "baselines"])
def test_pngs_are_valid_and_plausibly_sized(written: dict[str, Path], key: str) -> None:
    from PIL import Image

    assert written[key].read_bytes()[:8] == PNG_MAGIC
    with Image.open(written[key]) as image:
        image.verify()
    with Image.open(written[key]) as image:
        assert image.format == "PNG"
        assert image.width > 300 and image.height > 300


def test_summary_has_gate_and_baseline_deltas(written: dict[str, Path]) -> None:
    text = written["summary"].read_text(encoding="utf-8")
    assert "## Gate: PASS" in text
    assert "| service_hit_at_1 ko | 0.93 | ≥ 0.9 | yes |" in text
    assert "| latency_p95_ms all | 70 | ≤ 500 | yes |" in text
    assert "30 golden cases" in text and "2026-11-23T11:00:00Z" in text
    expected = [
        "ko: full system vs Keyword only (BM25): +41.2 pp on service hit@1, +20.0 pp on fact coverage.",
        "ko: full system vs Dense only (FAISS): +12.3 pp on service hit@1, +0.0 pp on fact coverage.",
        "zh: full system vs Keyword only (BM25): +30.0 pp on service hit@1, +10.0 pp on fact coverage.",
        "zh: full system vs Dense only (FAISS): +5.0 pp on service hit@1, +0.0 pp on fact coverage.",
        "en: full system vs Keyword only (BM25): +25.0 pp on service hit@1, -5.0 pp on fact coverage.",
        "en: full system vs Dense only (FAISS): +50.0 pp on service hit@1, +33.3 pp on fact coverage.",
    ]
    for sentence in expected:
        assert f"- {sentence}" in text
    # Side-by-side table: every system appears per language, and a None metric shows as a dash.
    assert text.count("| Dense only (FAISS) | 70.0% | 90.0% | 70.0% | — |") == 4


def test_per_service_table_sorted_by_worst_language(written: dict[str, Path]) -> None:
    text = written["summary"].read_text(encoding="utf-8")
    rows = ["| Amazon RDS for PostgreSQL | 25.0% | 100.0% | — |",
            "| Amazon S3 | 100.0% | 50.0% | 100.0% |",
            "| AWS Lambda | 100.0% | 100.0% | 90.0% |"]
    positions = [text.index(row) for row in rows]
    assert positions == sorted(positions)


def test_html_is_standalone_and_escaped(written: dict[str, Path]) -> None:
    page = written["html"].read_text(encoding="utf-8")
    assert '<html lang="en">' in page and '<meta charset="utf-8">' in page
    assert '"Noto Sans CJK KR", "Noto Sans CJK TC"' in page and "sans-serif" in page
    assert '<img src="heatmap.png"' in page and '<img src="baselines.png"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "Lambda 如何记录日志？" in page
    assert "+41.2 pp on service hit@1" in page


def test_gate_fail_and_pp_rounding(tmp_path: Path) -> None:
    assert fmt_pp(-0.0004) == "+0.0 pp"
    assert fmt_pp(-0.05) == "-5.0 pp" and fmt_pp(0.412) == "+41.2 pp"
    report = _report()
    report["gate"] = {"passed": False, "checks": [
        {"name": "fact_coverage zh", "value": 0.7, "threshold": 0.75, "ok": False}]}
    report["failures"] = []
    paths = write_report(tmp_path, report)
    text = paths["summary"].read_text(encoding="utf-8")
    assert "## Gate: FAIL" in text and "| fact_coverage zh | 0.7 | ≥ 0.75 | NO |" in text
    assert "## Failures (0)" in text
