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
    ev = sub.add_parser("run", help="answer the golden set, score it against baselines, write a report")
    ev.add_argument("--gate", action="store_true", help="exit 1 when a threshold of evals/gate.yaml is missed")
    ev.add_argument("--systems", default="full,keyword,dense,langchain",
                    help="comma-separated systems to compare (default: all four)")
    ev.add_argument("--limit", type=int, default=None, help="only the first N cases (quick checks)")
    ev.add_argument("--out", type=Path, default=None, help="report folder (default evals/out/<timestamp>)")
    sub.add_parser("tune", help="choose the refusal threshold on the golden set")
    args = parser.parse_args(argv)
    if args.command == "tune":
        from evals.tune import run as tune

        return tune()
    if args.command == "run":
        from evals.run import run as run_evals

        systems = [s.strip() for s in args.systems.split(",") if s.strip()]
        if "full" not in systems:
            systems.insert(0, "full")
        return run_evals(gate=args.gate, systems=systems, out_dir=args.out, limit=args.limit)
    from evals.bench import run

    return run(args.out, args.queries)


if __name__ == "__main__":
    sys.exit(main())
