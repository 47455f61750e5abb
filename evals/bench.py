"""Benchmarks: full-corpus ingest (time, tokens/s, peak memory), index size, cold start, warm latency,
the keyword analyzer measured against a plain \\w+ tokenizer, masking of 1 MB, and splitting at 1x,
10x and 100x document size."""
from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kb.config import ROOT, Settings

_CHILD_INGEST = """
import json, resource, sys, time
from dataclasses import replace
from pathlib import Path
from ingest.pipeline import ingest
from kb.config import Settings
from kb.embeddings import get_embedder
from kb.index import Index, passage_text
settings = replace(Settings.from_env(), index_dir=Path(sys.argv[1]), progress=False)
t = time.perf_counter()
report = ingest(settings, rebuild=True, log=lambda m: None)
seconds = time.perf_counter() - t
index = Index.load(settings.index_dir)
model = get_embedder(settings.embedder)
count = getattr(getattr(model, "_model", None), "token_count", None)
# Ingest embeds every chunk (with its section path), every quotable span and every record statement.
tokens = None
if count:
    tokens = sum(count(passage_text(c)) for c in index.chunks)
    tokens += sum(count(s.quote) for s in index.spans) + sum(count(text) for text in index.statements)
print(json.dumps({"seconds": seconds, "chunks": report.chunks, "documents": len(index.docs), "tokens": tokens,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_CHILD_COLD = """
import json, sys, time
t = time.perf_counter()
from pathlib import Path
from dataclasses import replace
from kb.config import Settings
from kb.core import KnowledgeBase
kb = KnowledgeBase(replace(Settings.from_env(), index_dir=Path(sys.argv[1])))
hits = kb.search("S3 버킷 암호화", k=5)
print(json.dumps({"cold_start_s": time.perf_counter() - t}))
"""

QUERIES = ["S3 버킷 암호화", "雷迪斯 傳輸加密", "Is Greengrass HIPAA eligible?", "RDS Postgres에 PHI 넣을 때 암호화?",
           "Kafka 관리형 서비스 암호화", "EKS 클러스터 로깅", "KMS key rotation for PHI", "CloudTrail 日誌 稽核",
           "DynamoDB encryption at rest", "Lambda 환경 변수 암호화"]


def _child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _answer_latencies(index_dir: Path, questions: list[str]) -> tuple[float, list[float]]:
    """Cold start to the first answer (a new `kb ask` process, wall clock), and the per-question
    latencies `kb ask --json --file` reports for a batch (warm: the index and model load once)."""
    import os

    env = {**os.environ, "HIPAA_GUIDE_INDEX_DIR": str(index_dir)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kb", "ask", "--json", questions[0]], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    cold = time.perf_counter() - started
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(questions) + "\n")
    try:
        out = subprocess.run([sys.executable, "-m", "kb", "ask", "--json", "--file", fh.name], cwd=ROOT, env=env,
                             check=False, capture_output=True, text=True)
    finally:
        os.unlink(fh.name)
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    # The first answer still pays for loading; the rest are warm.
    return cold, [r["latency_ms"] for r in rows[1:] if "latency_ms" in r]


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def keyword_analyzer_comparison(settings: Settings, index_dir: Path) -> dict:
    """Service hit@1 of keyword-only search with our analyzer versus a default \\w+ tokenizer, on
    queries made from the catalog's Korean and Chinese aliases (informal names) plus a topic word."""
    import bm25s

    from kb.catalog import Catalog
    from kb.index import Index, passage_text

    catalog = Catalog.load(settings.catalog_path)
    index = Index.load(index_dir)
    texts = [passage_text(c) for c in index.chunks]
    plain = bm25s.BM25()
    plain.index([re.findall(r"\w+", t.lower()) or ["∅"] for t in texts], show_progress=False)
    cases = []
    for s in catalog.whitepaper_services():
        for alias in s.aliases:
            if re.search(r"[\uac00-\ud7a3]", alias):
                cases.append((f"{alias}을 암호화하는 방법", s.id))
            elif re.search(r"[\u4e00-\u9fff]", alias):
                cases.append((f"{alias}的加密方式", s.id))
    results = {}
    for name, scorer in (("cjk-bigrams", lambda q: index.keyword.scores(q)),
                         ("\\w+", lambda q: plain.get_scores(re.findall(r"\w+", q.lower())))):
        hits = 0
        for query, sid in cases:
            scores = scorer(query)
            if scores.max() > 0 and index.chunks[int(scores.argmax())].service_id == sid:
                hits += 1
        results[name] = round(hits / len(cases), 3) if cases else None
    return {"queries": len(cases), "service_hit_at_1": results}


def run(out: str | None, n_queries: int, only: str = "all") -> int:
    settings = Settings.from_env()
    out_path = Path(out) if out else ROOT / "var" / "bench" / "bench.json"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if only == "review":  # the design review alone, against the configured index (HIPAA_GUIDE_INDEX_DIR)
        from evals.bench_review import run_review_bench

        result = {"machine": {"cpus": _cpus(), "python": sys.version.split()[0]}, "review": run_review_bench()}
        out_path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        print(json.dumps(result, indent=2, ensure_ascii=False))
        print(f"written to {out_path}", file=sys.stderr)
        return 0
    from evals.bench_privacy import run as masking

    mask_stats = masking(settings.corpus_dir)
    print(f"Masking 1 MB: worst {mask_stats['worst_s']} s (target < {mask_stats['target_s']} s)", file=sys.stderr)
    from evals.bench_split import run as splitting
    from kb.catalog import Catalog

    split_stats = splitting(Catalog.load(settings.catalog_path))
    for name, rows in split_stats.items():
        sizes = ", ".join(f"{k} {v['chars'] / 1e6:.1f}M chars {v['seconds']} s"
                          for k, v in rows.items() if isinstance(v, dict))
        print(f"Split {name}: {sizes} (per-character cost 100x/1x: {rows['ratio_100x_1x']})", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        print("Ingesting the full default corpus (this takes minutes) ...", file=sys.stderr)
        ingest_stats = _child(_CHILD_INGEST, str(index_dir))
        size = _folder_mb(index_dir)
        cold = [_child(_CHILD_COLD, str(index_dir))["cold_start_s"] for _ in range(3)]
        from dataclasses import replace

        from kb.core import KnowledgeBase

        kb = KnowledgeBase(replace(settings, index_dir=index_dir))
        kb.search(QUERIES[0])
        latencies = []
        for i in range(n_queries):
            t = time.perf_counter()
            kb.search(QUERIES[i % len(QUERIES)], k=5)
            latencies.append((time.perf_counter() - t) * 1000)
        analyzer = keyword_analyzer_comparison(settings, index_dir)
        from evals.golden import GOLDEN, read_cases

        golden = read_cases(GOLDEN / "depth.jsonl", "depth") + read_cases(GOLDEN / "unanswerable.jsonl", "un")
        cold_answer, answer_ms = _answer_latencies(index_dir, [c.question for c in golden])
        from evals.bench_review import run_review_bench

        review = run_review_bench(index_dir)
    latencies.sort()
    answer_ms.sort()
    result = {
        "machine": {"cpus": _cpus(), "python": sys.version.split()[0]},
        "embedder": settings.embedder,
        "ingest": {**ingest_stats,
                   "tokens_per_s": round(ingest_stats["tokens"] / ingest_stats["seconds"], 1)
                   if ingest_stats.get("tokens") else None},
        "index_size_mb": round(size, 2),
        "cold_start_s": {"median": round(statistics.median(cold), 3), "runs": [round(c, 3) for c in cold]},
        "search_latency_ms": {"p50": round(_pct(latencies, 50), 2), "p95": round(_pct(latencies, 95), 2),
                              "n": len(latencies)},
        "cold_start_to_first_answer_s": round(cold_answer, 3),
        "answer_latency_ms": {"p50": round(_pct(answer_ms, 50), 2), "p95": round(_pct(answer_ms, 95), 2),
                              "n": len(answer_ms), "source": "kb ask --json --file over the golden questions"},
        "keyword_analyzer": analyzer,
        "masking_1mb": mask_stats,
        "review": review,
        "split_1x_10x_100x": split_stats,
    }
    out_path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written to {out_path}", file=sys.stderr)
    return 0


def _pct(sorted_values: list[float], pct: float) -> float:
    k = max(0, min(len(sorted_values) - 1, round(pct / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def _cpus() -> int:
    import os

    return os.cpu_count() or 0
