"""Command line: `python -m kb ingest | services | search` (mirrors the KnowledgeBase API)."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from kb.errors import KBError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kb", description="HIPAA Guide: cited HIPAA guidance for AWS services.")
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="build or update the index from data/ and your own documents")
    ing.add_argument("paths", nargs="*", type=Path, help="extra .txt/.md/.html/.pdf files or folders to add")
    ing.add_argument("--rebuild", action="store_true", help="ignore the existing index and build from scratch")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar")

    svc = sub.add_parser("services", help="list the service catalog")
    svc.add_argument("--kind", choices=["service", "subsection", "general"], help="only entries of this kind")
    svc.add_argument("--covered", action="store_true", help="only what the HIPAA whitepaper covers")
    svc.add_argument("--json", action="store_true", help="print JSON")

    se = sub.add_parser("search", help="show the ranked chunks for a query")
    se.add_argument("query")
    se.add_argument("--k", type=int, default=5, help="number of results (default 5)")
    se.add_argument("--service", help="restrict to a catalog service (id, name or alias)")
    se.add_argument("--json", action="store_true", help="print JSON")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except KBError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def cmd_ingest(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ingest.pipeline import ingest
    from kb.config import Settings

    settings = Settings.from_env()
    if args.no_progress:
        settings = replace(settings, progress=False)
    report = ingest(settings, args.paths, rebuild=args.rebuild, log=lambda m: print(m, file=sys.stderr))
    state = "written to" if report.written else "unchanged at"
    print(f"Index {state} {settings.index_dir}: {report.summary()}")
    return 1 if report.errors else 0


def cmd_services(args: argparse.Namespace) -> int:
    from kb.core import KnowledgeBase

    entries = [s for s in KnowledgeBase().services(args.kind) if s.covered or not args.covered]
    if args.json:
        print(json.dumps([s.to_json() for s in entries], ensure_ascii=False, indent=1))
        return 0
    for s in entries:
        mark = "covered" if s.covered else "NOT covered"
        parent = f" (in {s.parent})" if s.parent else ""
        print(f"{s.id:<40} {s.kind:<10} {mark:<11} {s.name('en')} | {s.name('ko')} | {s.name('zh')}{parent}")
    print(f"{len(entries)} entries", file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from kb.core import KnowledgeBase

    hits = KnowledgeBase().search(args.query, k=args.k, service=args.service)
    if args.json:
        print(json.dumps({"query": args.query, "hits": [h.to_json() for h in hits]}, ensure_ascii=False))
        return 0
    if not hits:
        print("No matching passages.")
    for h in hits:
        c = h.chunk
        where = f"p.{c.page}" if c.page else f"L{c.line_start}-{c.line_end}"
        print(f"{h.rank}. [{h.score:.4f}] {c.doc_id} ({c.lang}) · {c.section} · {where} · service={c.service_id}")
        snippet = " ".join(c.text.split())
        print(f"   {snippet[:300]}{'…' if len(snippet) > 300 else ''}")
    return 0


_COMMANDS = {"ingest": cmd_ingest, "services": cmd_services, "search": cmd_search}
