"""Entry point for `python -m evals run` (the evaluation suite) and `python -m evals bench`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals")
    sub = parser.add_subparsers(dest="command", required=True)
    bench = sub.add_parser("bench", help="measure ingest, index size, memory and latency")
    bench.add_argument("--out", default=None, help="where to write bench.json (default var/bench/bench.json)")
    bench.add_argument("--queries", type=int, default=40, help="warm queries to time")
    bench.add_argument("--only", choices=["all", "review"], default="all",
                       help="review: only the design-review benchmarks, against the existing index")
    ev = sub.add_parser("run", help="answer the golden set, score it against baselines, write a report")
    ev.add_argument("--gate", action="store_true", help="exit 1 when a threshold of evals/gate.yaml is missed")
    ev.add_argument("--systems", default="full,keyword,dense,langchain",
                    help="comma-separated systems to compare (default: the four without a language model; "
                         "llm: the full system's answers rewritten by HIPAA_GUIDE_LLM, verified)")
    ev.add_argument("--limit", type=int, default=None, help="only the first N cases (quick checks)")
    ev.add_argument("--out", type=Path, default=None, help="report folder (default evals/out/<timestamp>)")
    ev.add_argument("--split", choices=["test", "tune", "all"], default="test",
                    help="golden cases to answer (default test: the gate and the README report it)")
    tune_p = sub.add_parser("tune", help="choose the refusal thresholds on the tune split of the golden set")
    tune_p.add_argument("--write", action="store_true",
                        help="store them in data/calibration.yaml for the index's embedder")
    add = sub.add_parser("add-case", help="turn a reported bad answer into a checked golden case")
    add.add_argument("question")
    add.add_argument("--lang", required=True, choices=["ko", "zh", "en"])
    add.add_argument("--service", action="append", default=[], help="expected catalog id (repeatable)")
    add.add_argument("--fact", action="append", default=[],
                     help="a fact the answer must quote; alternatives separated by | (repeatable)")
    add.add_argument("--unanswerable", action="store_true", help="the documents do not cover it: must refuse")
    add.add_argument("--topic", default="general")
    add.add_argument("--note", default="")
    args = parser.parse_args(argv)
    if args.command == "add-case":
        return _add_case(args)
    if args.command == "tune":
        from evals.tune import run as tune

        return tune(write=args.write)
    if args.command == "run":
        from evals.run import run as run_evals

        systems = [s.strip() for s in args.systems.split(",") if s.strip()]
        if "full" not in systems:
            systems.insert(0, "full")
        from kb.errors import KBError

        try:
            return run_evals(gate=args.gate, systems=systems, out_dir=args.out, limit=args.limit, split=args.split)
        except KBError as exc:  # e.g. --systems llm without HIPAA_GUIDE_LLM: one line saying what to set
            print(f"error: {exc}", file=sys.stderr)
            return exc.exit_code
    from evals.bench import run

    return run(args.out, args.queries, args.only)


def _add_case(args: argparse.Namespace) -> int:
    from evals.golden import add_case
    from kb.core import KnowledgeBase

    kb = KnowledgeBase()
    texts: dict[str, list[str]] = {}
    for chunk in kb.index.chunks:
        for key in {chunk.service_id, chunk.section_id} - {None}:
            entry = kb.catalog.get(key)
            while entry is not None:  # a subsection's text also belongs to its parents
                texts.setdefault(entry.id, []).append(chunk.text)
                entry = kb.catalog.get(entry.parent) if entry.parent else None
    try:
        case = add_case(kb.catalog, texts, lang=args.lang, question=args.question, services=args.service,
                        facts=[[alt.strip() for alt in f.split("|") if alt.strip()] for f in args.fact],
                        answerable=not args.unanswerable, topic=args.topic, note=args.note)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"added {case.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
