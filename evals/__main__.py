"""Entry point for `python -m evals` (bench now; the evaluation suite joins it later)."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals")
    sub = parser.add_subparsers(dest="command", required=True)
    bench = sub.add_parser("bench", help="measure ingest, index size, memory and latency")
    bench.add_argument("--out", default=None, help="where to write bench.json (default var/bench/bench.json)")
    bench.add_argument("--queries", type=int, default=40, help="warm queries to time")
    args = parser.parse_args(argv)
    from evals.bench import run

    return run(args.out, args.queries)


if __name__ == "__main__":
    sys.exit(main())
