"""`python -m evals run`: answer the golden set with our system and the baselines, score, gate, report."""
from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from evals.golden import KINDS, Case, load_cases
from evals.metrics import (
    CaseResult,
    citation_recall,
    citation_validity,
    fact_coverage,
    fragment_share,
    language_pure,
    matches_service,
    mrr,
    ndcg_at_k,
    noise_share,
    quote_fidelity,
    service_hit_at_1,
)
from evals.systems import FullSystem, LangChainBaseline, LLMSystem, RankingBaseline, System
from kb.catalog import Catalog
from kb.core import KnowledgeBase
from kb.datafile import load_data

OUT = Path(__file__).parent / "out"
LANGS = ["ko", "zh", "en"]
SYSTEM_NAMES = {"full": "HIPAA Guide (requirement records + whole sentences, no language model)",
                "keyword": "Keyword only (BM25)",
                "dense": "Dense only (FAISS)", "langchain": "Plain LangChain recipe (1000/200, FAISS, top-3)",
                "llm": "HIPAA Guide + generated answer (HIPAA_GUIDE_LLM, every sentence verified)"}


def score_case(system: System, case: Case, catalog: Catalog, chunk_text: dict[str, str],
               verbatim: dict[str, bool], texts: dict[str, str],
               spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] | None = None
               ) -> tuple[CaseResult, dict[str, Any]]:
    answer = system.answer(case.question, case.context)
    cits = answer["citations"]
    # Quotes from chunks outside our index (the LangChain baseline's) are checked against the source text.
    known = {c["chunk_id"]: chunk_text.get(c["chunk_id"]) or texts.get(c["doc_id"], "") for c in cits}
    ok = {cid: verbatim.get(cid, cid not in chunk_text) for cid in known}
    relevant = [any(matches_service(catalog, e, s, sec) for e in case.services)
                for s, sec in system.retrieve(case.question, 10)] if case.answerable else []
    result = CaseResult(
        case_id=case.id, system=system.name, lang=case.lang, services=case.services, answerable=case.answerable,
        abstained=bool(answer["abstained"]),
        service_hit=service_hit_at_1(catalog, case.services, cits) if case.answerable else None,
        recall=citation_recall(catalog, case.services, cits) if case.answerable else None,
        validity=citation_validity(answer["answer"], cits),
        fidelity=quote_fidelity(cits, known, ok, spans, texts),
        facts=fact_coverage(case.facts, answer["answer"], cits) if case.answerable and case.facts else None,
        ndcg=ndcg_at_k(relevant) if case.answerable else None,
        mrr=mrr(relevant) if case.answerable else None,
        latency_ms=float(answer.get("latency_ms") or 0.0),
        quoted_chars=sum(len(c["quote"]) for c in cits),
        first_service=(cits[0].get("section_id") or cits[0].get("service_id")) if cits else None,
        kind=case.kind, noise=noise_share(case.facts, cits) if case.answerable else None,
        fragments=fragment_share(cits, texts), pure=language_pure(case.lang, answer["answer"]),
        verdict_ok=float(answer.get("verdict") == case.verdict) if case.verdict else None,
        not_covered_ok=_not_covered_ok(case.not_covered, answer) if case.not_covered else None,
        generated=int(answer.get("generated_sentences") or 0), dropped=int(answer.get("dropped_sentences") or 0),
        fallback=answer.get("fallback"))
    return result, answer


def _not_covered_ok(topics: list[str], answer: dict[str, Any]) -> float:
    """Share of the expected topics the answer states as not covered by the sections asked about."""
    stated = {f["topic"] for f in answer.get("facets") or [] if not f.get("covered")}
    return sum(t in stated for t in topics) / len(topics)


def _mean(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def summarise(results: list[CaseResult]) -> dict[str, Any]:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    lat = sorted(r.latency_ms for r in results) or [0.0]
    generated = sum(r.generated for r in results)
    tried = [r for r in results if r.generated or r.fallback]
    return {
        "service_hit_at_1": _mean([r.service_hit for r in answerable]),
        "citation_recall": _mean([r.recall for r in answerable]),
        "fact_coverage": _mean([r.facts for r in answerable]),
        "refusal_accuracy": _mean([float(r.abstained) for r in unanswerable]),
        "answer_rate": _mean([float(not r.abstained) for r in answerable]),
        "citation_validity": _mean([r.validity for r in results]),
        "quote_fidelity": _mean([r.fidelity for r in results]),
        "ndcg_at_10": _mean([r.ndcg for r in answerable]),
        "mrr": _mean([r.mrr for r in answerable]),
        "latency_p50_ms": round(statistics.median(lat), 2),
        "latency_p95_ms": round(lat[min(len(lat) - 1, int(0.95 * (len(lat) - 1) + 0.5))], 2),
        "quoted_chars": int(statistics.median([r.quoted_chars for r in answerable] or [0])),
        "noise_share": _mean([r.noise for r in answerable]),
        "fragment_share": _mean([r.fragments for r in results]),
        "language_purity": _mean([float(r.pure) for r in results if not r.abstained]),
        "verdicts": _mean([r.verdict_ok for r in answerable]),
        "not_covered_stated": _mean([r.not_covered_ok for r in answerable]),
        "off_topic_answered": sum(1 for r in unanswerable if not r.abstained),
        # Generated answers only (None for systems that generate nothing): the share of the model's
        # sentences the verifier dropped, and of generated answers that fell back to the extractive one.
        "dropped_share": round(sum(r.dropped for r in results) / generated, 4) if generated else None,
        "fallback_rate": _mean([float(r.fallback is not None) for r in tried]) if tried else None,
        "n": len(results),
    }


def passed(r: CaseResult) -> bool:
    if not r.answerable:
        return r.abstained
    return (not r.abstained and r.service_hit == 1.0 and r.fidelity == 1.0 and r.validity == 1.0
            and (r.facts is None or r.facts >= 0.5) and r.verdict_ok != 0.0 and r.pure
            and (r.not_covered_ok is None or r.not_covered_ok == 1.0))


_BOUND = {"type": ["number", "object"], "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
          "properties": {"min": {"type": "number"}, "max": {"type": "number"}}}
_BOUNDS = {"type": "object", "additionalProperties": _BOUND}
GATE_SCHEMA: dict[str, Any] = {"type": "object", "required": ["thresholds"], "additionalProperties": False,
                               "properties": {"thresholds": _BOUNDS, "targets": _BOUNDS}}


def load_gate(path: Path = Path(__file__).parent / "gate.yaml") -> dict[str, Any]:
    """evals/gate.yaml: {thresholds: {metric: bound}, targets: {metric: bound}}, a bound being a number (a
    minimum), {min: x} or {max: x}. Raises DataFileError naming the file, line and field."""
    return load_data(path, GATE_SCHEMA)


def gate_checks(summary: dict[str, Any], thresholds: dict[str, Any]) -> list[dict[str, Any]]:
    """One check per metric and language of the full system. A threshold is `{min: x}` (or a bare
    number), `{max: x}` for metrics where less is better (noise, fragments, off-topic answers)."""
    checks = []
    for lang in LANGS:
        for metric, bound in thresholds.items():
            kind, threshold = ("min", bound) if not isinstance(bound, dict) else next(iter(bound.items()))
            value = summary["full"][lang].get(metric)
            ok = value is not None and (value >= threshold if kind == "min" else value <= threshold)
            checks.append({"name": f"{metric} {lang}", "value": value, "threshold": threshold, "kind": kind, "ok": ok})
    return checks


def why_failed(r: CaseResult) -> str:
    if not r.answerable:
        return "answered a question the corpus does not cover"
    if r.abstained:
        return "refused an answerable question"
    parts = []
    if r.service_hit != 1.0:
        parts.append(f"service hit@1 = 0 (first citation: {r.first_service})")
    if r.facts is not None and r.facts < 0.5:
        parts.append(f"fact coverage {r.facts:.2f}")
    if r.fidelity < 1.0 or r.validity < 1.0:
        parts.append("citation problem")
    if r.verdict_ok == 0.0:
        parts.append("wrong or missing verdict")
    if r.not_covered_ok is not None and r.not_covered_ok < 1.0:
        parts.append("did not say a topic is not covered")
    if not r.pure:
        parts.append("answer text not in the asker's language")
    return "; ".join(parts)


def run(*, gate: bool, systems: list[str], out_dir: Path | None = None, limit: int | None = None,
        split: str = "test") -> int:
    gate_file = load_gate()  # a broken gate file fails before the run, not after it
    kb = KnowledgeBase()
    if not (kb.settings.index_dir / "manifest.json").exists():
        from ingest.pipeline import ingest

        print("No index yet: building it first (python -m kb ingest) ...", file=sys.stderr)
        ingest(kb.settings, log=lambda m: print(m, file=sys.stderr))
    catalog = kb.catalog
    cases = load_cases(catalog, split=split)[: limit or None]
    index = kb.index
    chunk_text = {c.chunk_id: c.text for c in index.chunks}
    verbatim = {c.chunk_id: index.texts[c.doc_id][c.start:c.end] == c.text for c in index.chunks}
    spans = {s.id: (s.doc_id, s.gaps) for s in index.spans}
    out_dir = out_dir or OUT / time.strftime("%Y%m%d-%H%M%S")
    out_dir.mkdir(parents=True, exist_ok=True)
    built: dict[str, System] = {"full": FullSystem(kb), "keyword": RankingBaseline(kb, "keyword"),
                                "dense": RankingBaseline(kb, "dense")}
    if "langchain" in systems:
        built["langchain"] = LangChainBaseline(kb, OUT / "cache")
    if "llm" in systems:
        built["llm"] = LLMSystem(kb)
    kb.ask("warm up")  # load models before timing
    results: dict[str, list[CaseResult]] = defaultdict(list)
    with (out_dir / "answers.jsonl").open("w", encoding="utf-8") as log:
        for name in systems:
            for case in cases:
                result, answer = score_case(built[name], case, catalog, chunk_text, verbatim, index.texts, spans)
                results[name].append(result)
                if name == "full":
                    row = {"case": case.id, "passed": passed(result), **answer}
                    log.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary = {name: {**{lang: summarise([r for r in rs if r.lang == lang]) for lang in LANGS}, "all": summarise(rs)}
               for name, rs in results.items()}
    checks = gate_checks(summary, gate_file["thresholds"])
    targets = gate_checks(summary, gate_file.get("targets") or {})
    per_service: dict[str, dict[str, float | None]] = {}
    for s in catalog.whitepaper_services():
        per_service[s.id] = {}
        for lang in LANGS:
            mine = [r for r in results["full"] if r.lang == lang and s.id in r.services]
            per_service[s.id][lang] = round(sum(passed(r) for r in mine) / len(mine), 3) if mine else None
    deltas = {name: {lang: {m: round((summary["full"][lang][m] or 0) - (summary[name][lang][m] or 0), 4)
                            for m in ("service_hit_at_1", "fact_coverage")} for lang in LANGS}
              for name in systems if name != "full"}
    by_id = {c.id: c for c in cases}
    kinds = [k for k in KINDS if any(c.kind == k for c in cases)]
    by_kind = {kind: {lang: summarise([r for r in results["full"] if by_id[r.case_id].kind == kind and r.lang == lang])
                      for lang in LANGS}
               for kind in kinds}
    failures = [{"case_id": r.case_id, "lang": r.lang, "question": by_id[r.case_id].question, "why": why_failed(r)}
                for r in results["full"] if not passed(r)]
    report = {"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cases": len(cases), "split": split,
              "systems": systems, "system_names": {k: SYSTEM_NAMES[k] for k in systems}, "langs": LANGS,
              "summary": summary, "by_kind": by_kind, "per_service": per_service,
              "service_names": {s.id: s.name("en") for s in catalog.whitepaper_services()}, "deltas": deltas,
              "gate": {"passed": all(c["ok"] for c in checks), "checks": checks},
              "targets": {"met": all(c["ok"] for c in targets), "checks": targets}, "failures": failures[:60]}
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        from evals.report import write_report

        write_report(out_dir, report)
    except ImportError:
        pass
    print_table(report)
    print(f"\nReport: {out_dir}", file=sys.stderr)
    if gate and not report["gate"]["passed"]:
        bad = [c["name"] for c in checks if not c["ok"]]
        print(f"GATE FAILED: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


def print_table(report: dict[str, Any]) -> None:
    metrics = ["service_hit_at_1", "fact_coverage", "noise_share", "fragment_share", "language_purity",
               "refusal_accuracy", "answer_rate", "quote_fidelity", "citation_validity", "verdicts",
               "not_covered_stated", "ndcg_at_10", "latency_p50_ms", "latency_p95_ms"]
    if "llm" in report["systems"]:
        metrics += ["dropped_share", "fallback_rate"]
    print(f"{'system':<10} {'lang':<4} " + " ".join(f"{m[:12]:>12}" for m in metrics))
    for name in report["systems"]:
        for lang in [*LANGS, "all"]:
            row = report["summary"][name][lang]
            cells = " ".join(f"{'-' if row[m] is None else format(row[m], '.3f'):>12}" for m in metrics)
            print(f"{name:<10} {lang:<4} {cells}")
    print(f"\nSplit: {report['split']}. Full system by kind of question "
          "(service hit@1 / fact coverage / noise / answered / refused / verdicts):")
    for kind, by_lang in report["by_kind"].items():
        for lang, row in by_lang.items():
            cells = " ".join("   -  " if row[m] is None else f"{row[m]:.3f}" for m in
                             ("service_hit_at_1", "fact_coverage", "noise_share", "answer_rate", "refusal_accuracy",
                              "verdicts"))
            print(f"  {kind:<13} {lang}  {cells}  (n={row['n']})")
    print("\nPer service (full system, pass rate ko/zh/en), worst first:")
    rows = sorted(report["per_service"].items(), key=lambda kv: min(v for v in kv[1].values() if v is not None)
                  if any(v is not None for v in kv[1].values()) else 1.0)
    for sid, by_lang in rows[:25]:
        cells = " ".join("  -  " if by_lang[lang] is None else f"{by_lang[lang]:.2f}" for lang in LANGS)
        print(f"  {sid:<40} {cells}")
    print(f"  ... {len(rows)} services in the report")
    missed = [c for c in report.get("targets", {}).get("checks", []) if not c["ok"]]
    if missed:
        print("\nTargets of the answer issue not met yet (reported, not gated):")
        for c in missed:
            sign = ">=" if c["kind"] == "min" else "<="
            value = "-" if c["value"] is None else str(c["value"])
            print(f"  {c['name']:<28} {value:>8} (target {sign} {c['threshold']})")
    print(f"\nGate: {'PASSED' if report['gate']['passed'] else 'FAILED'}")
