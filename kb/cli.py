"""Command line: `hipaa-guide` or `python -m kb` with `ingest | status | services | search | ask | cite |
requirements | review` (mirrors the KnowledgeBase API)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kb.errors import KBError, QueryError


def _parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="HIPAA Guide: cited HIPAA guidance for AWS services.")
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="build or update the index from data/ and your own documents")
    ing.add_argument("paths", nargs="*", type=Path, help="extra .txt/.md/.html/.pdf files or folders to add")
    ing.add_argument("--rebuild", action="store_true", help="ignore the existing index and build from scratch")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar")
    ing.add_argument("--no-wait", action="store_true",
                     help="when another ingest is writing the index, stop at once (exit 2) instead of waiting")

    st = sub.add_parser("status", help="what the index holds and the refusal thresholds in force")
    st.add_argument("--json", action="store_true", help="print JSON")

    svc = sub.add_parser("services", help="list the service catalog")
    svc.add_argument("--kind", choices=["service", "subsection", "general"], help="only entries of this kind")
    svc.add_argument("--covered", action="store_true", help="only what the HIPAA whitepaper covers")
    svc.add_argument("--json", action="store_true", help="print JSON")

    se = sub.add_parser("search", help="show the ranked chunks for a query")
    se.add_argument("query")
    se.add_argument("--k", type=int, default=5, help="number of results (default 5)")
    se.add_argument("--service", help="restrict to a catalog service (id, name or alias)")
    se.add_argument("--json", action="store_true", help="print JSON")
    ask = sub.add_parser("ask", help="a cited answer to a question (or a plain refusal)")
    ask.add_argument("question", nargs="?", help="the question (omit with --file)")
    ask.add_argument("--file", type=Path, help="read one question per line; print one result per line")
    ask.add_argument("--service", action="append", default=[],
                     help="assume this service when the question names none (repeatable)")
    ask.add_argument("--edition", choices=["ko", "zh"], help="quote this whitepaper edition (default: the question's)")
    ask.add_argument("--json", action="store_true", help="print JSON (JSON lines with --file)")

    cite = sub.add_parser("cite", help="a service's requirement records, each quoted verbatim with stable ids")
    cite.add_argument("service", help="catalog id, name in any of the three languages, or alias")
    cite.add_argument("--topic", help="only this topic (encryption-at-rest, encryption-in-transit, logging, access, "
                                      "backup, patching, no-phi-in-metadata, eligibility, other)")
    cite.add_argument("--lang", choices=["en", "ko", "zh"], default="en",
                      help="language of the statements (default en)")
    cite.add_argument("--edition", choices=["ko", "zh", "all"], default="all",
                      help="whitepaper edition quoted (default all: both side by side)")
    cite.add_argument("--format", choices=["md", "json"], default="md", help="output format (default md)")

    req = sub.add_parser("requirements", help="check or list the requirement records (data/requirements/)")
    mode = req.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="validate every record against the documents (default): exit 1 on a problem")
    mode.add_argument("--coverage", action="store_true",
                      help="print the obligation sentences of the whitepaper no record cites: exit 1 if any")
    mode.add_argument("--draft", metavar="SECTION",
                      help="print every span of a section (and its subsections) with what cites it, for authors")
    mode.add_argument("--list", nargs="?", const="", metavar="SECTION", help="print the records (of one section)")
    mode.add_argument("--fix-spans", action="store_true",
                      help="re-anchor evidence whose quote is now a span at other offsets (after a splitter change)")
    req.add_argument("--json", action="store_true", help="with --list: print JSON")

    rev = sub.add_parser("review", help="check CloudFormation/SAM/Serverless/Terraform code or a design document",
                         description="Exit codes: 0 no findings; 1 findings; 2 input that cannot be reviewed; "
                                     "3 no findings, but parts could not be reviewed (listed in the report).")
    rev.add_argument("file", metavar="PATH", type=Path,
                     help="a CloudFormation/SAM YAML or JSON file, serverless.yml, a .tf file, a folder mixing them, "
                          "or a .md/.txt design document")
    rev.add_argument("--format", choices=["md", "json", "sarif"], default="md", help="output format (default md)")
    rev.add_argument("--lang", choices=["auto", "ko", "zh", "all"], default="auto",
                     help="edition to quote (default: a Chinese document's language, else ko)")
    return p


# Arguments that are text to read (a question, a query, a name), not file paths: a file name may be
# any bytes, but text typed in a terminal whose encoding is not UTF-8 arrives undecodable.
_TEXT_ARGS = {"question": "question", "query": "query", "service": "service name", "topic": "topic",
              "draft": "section", "list": "section"}
_NOT_UTF8 = ("the terminal's encoding is not UTF-8. Switch it to UTF-8 (for example `export LANG=ko_KR.UTF-8` or "
             "zh_TW.UTF-8, or the terminal's own setting) and run the command again")


def main(argv: Sequence[str] | None = None, prog: str = "hipaa-guide") -> int:
    """Run one command (`argv`, default sys.argv[1:]) and return its exit code; `prog` names the command
    in usage and help (`hipaa-guide`, the console script, or `python -m kb`)."""
    args = _parser(prog).parse_args(argv)
    try:
        _check_text(args)
        return _COMMANDS[args.command](args)
    except KBError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except UnicodeEncodeError as exc:
        # Printing to a terminal that cannot show the text (or text that arrived undecodable).
        encoding = getattr(sys.stdout, "encoding", None) or "unknown"
        if encoding.replace("-", "").lower() == "utf8" and not _undecodable(str(exc.object)):
            raise
        print(f"error: cannot print the result: {_NOT_UTF8} (it is {encoding}).", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`kb ask ... | head`): not an error of ours. Python would complain again
        # when it flushes stdout at exit, so stdout is pointed at /dev/null first (Python docs, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command stopped this way


def _undecodable(text: str) -> int | None:
    """Position of the first byte that did not decode (Python keeps it as a lone surrogate), or None."""
    return next((i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"), None)


def _check_text(args: argparse.Namespace) -> None:
    """Refuse text arguments that are not UTF-8 (typed in, say, an EUC-KR or Big5 terminal) with one
    line (ASCII, so that any terminal shows it), before anything loads."""
    for attr, label in _TEXT_ARGS.items():
        values = getattr(args, attr, None)
        for value in values if isinstance(values, list) else [values]:
            pos = _undecodable(value) if isinstance(value, str) else None
            if pos is not None:
                byte = ord(value[pos]) - 0xDC00
                raise QueryError(f"the {label} is not UTF-8 text (byte 0x{byte:02x} at character {pos + 1}): "
                                 f"{_NOT_UTF8}.")


def cmd_ingest(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kb.config import Settings
    from kb.core import KnowledgeBase

    settings = Settings.from_env()
    if args.no_progress:
        settings = replace(settings, progress=False)
    report = KnowledgeBase(settings).ingest(args.paths, rebuild=args.rebuild, log=lambda m: print(m, file=sys.stderr),
                                            wait=not args.no_wait)
    state = "written to" if report.written else "unchanged at"
    print(f"Index {state} {settings.index_dir}: {report.summary()}")
    return 1 if report.errors else 0


def cmd_status(args: argparse.Namespace) -> int:
    from kb.core import KnowledgeBase

    status = KnowledgeBase().status()
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=1))
        return 0
    c = status.pop("calibration")
    for key, value in status.items():
        print(f"{key:<11} {value}")
    print(f"thresholds  min_score {c['min_score']:.2f}, min_keyword {c['min_keyword']:.1f}, unanchored_score "
          f"{c['unanchored_score']:.2f}, closest_score {c['closest_score']:.2f} (from {c['source']}: {c['tuned']})")
    return 0


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


def cmd_ask(args: argparse.Namespace) -> int:
    from kb.core import KnowledgeBase
    from kb.errors import QueryError

    if (args.question is None) == (args.file is None):
        raise QueryError("Give either a question or --file FILE (one question per line).")
    kb = KnowledgeBase()
    if args.file is None:
        _print_answer(kb.ask(args.question, args.service, args.edition), args.json)
        return 0
    try:
        questions = [line.strip() for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"Cannot read questions from {args.file} ({exc}).") from exc
    failed = 0
    for question in questions:
        try:
            answer = kb.ask(question, args.service, args.edition)
        except QueryError as exc:  # one bad line must not stop the batch
            failed += 1
            if args.json:
                print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False))
            else:
                print(f"error: {exc}\n")
            continue
        _print_answer(answer, args.json)
    return 2 if failed else 0


def _print_answer(answer: object, as_json: bool) -> None:
    from kb.records import Answer

    assert isinstance(answer, Answer)
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        return
    print(answer.answer)
    if answer.citations:
        print()
        for c in answer.citations:
            print(f"[{c.n}] {c.reference(answer.lang)}")
            print(f"    “{' '.join(c.quote.split())}”")
    print()


def cmd_cite(args: argparse.Namespace) -> int:
    from kb.cite import render_markdown
    from kb.core import KnowledgeBase

    kb = KnowledgeBase()
    result = kb.cite(args.service, topic=args.topic, lang=args.lang, edition=args.edition)
    if args.format == "json":
        print(json.dumps(result.to_json(kb.topic_labels(args.lang)), ensure_ascii=False, indent=1))
    else:
        print(render_markdown(result, kb.guidance), end="")
    return result.exit_code


def cmd_review(args: argparse.Namespace) -> int:
    from kb.core import KnowledgeBase
    from kb.review import render_markdown, to_sarif

    kb = KnowledgeBase()
    report = kb.review(args.file, lang=args.lang, label=str(args.file))
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    elif args.format == "sarif":
        print(json.dumps(to_sarif(report), ensure_ascii=False, indent=1))
    else:
        # Findings are written in English, so their topic labels are too; the quotes keep their edition's language.
        print(render_markdown(report, kb.topic_labels("en")), end="")
    return report.exit_code


def cmd_requirements(args: argparse.Namespace) -> int:
    from ingest.pipeline import default_corpus
    from kb import coverage
    from kb.catalog import Catalog
    from kb.citation_format import whitepaper_docs
    from kb.config import Settings
    from kb.requirements import RequirementCatalog
    from kb.wording import Wording

    settings = Settings.from_env()
    catalog = Catalog.load(settings.catalog_path)
    corpus = default_corpus(settings)
    texts = {doc.doc_id: doc.text for doc, _ in corpus}
    spans = [s for _, split in corpus for s in split.spans]
    editions = whitepaper_docs(doc.describe() for doc, _ in corpus)
    if args.fix_spans:
        fixed, left = coverage.reanchor(settings.requirements_dir, spans, texts)
        for line in left:
            print(line)
        print(f"{fixed} evidence spans re-anchored; {len(left)} need a hand fix.", file=sys.stderr)
        return 1 if left else 0
    records = RequirementCatalog.load(settings.requirements_dir, sections={s.id for s in catalog}, texts=texts)
    wording = Wording.load(settings.data_file("guidance.yaml"))
    if args.draft:
        entry = catalog.require(args.draft)
        print(coverage.draft(catalog.descendants(entry.id), spans, texts, wording, records))
        return 0
    if args.list is not None:
        chosen = records.of(catalog.descendants(catalog.require(args.list).id)) if args.list else list(records)
        if args.json:
            print(json.dumps([r.to_json() for r in chosen], ensure_ascii=False, indent=1))
        else:
            for r in chosen:
                print(f"{r.id:<48} {r.strength:<6} {r.topic:<22} {r.says('en')}")
        return 0
    if args.coverage:
        gaps = coverage.uncovered(spans, editions, wording, records)
        if gaps:
            print(coverage.report(gaps, catalog))
        sections = len({(g.section_id, g.doc_id) for g in gaps})
        print(f"{len(gaps)} obligation sentences in {sections} section editions are not evidence of any record "
              f"({len(records)} records).", file=sys.stderr)
        return 1 if gaps else 0
    found = coverage.problems(spans, editions, records, catalog)
    for line in found:
        print(line)
    named = sum(r.named_only for r in records.reserved)
    kinds = [f"{named} named-only" if named else "", f"{len(records.reserved) - named} describing a service"
             if len(records.reserved) > named else ""]
    reserved = f" (and {', '.join(k for k in kinds if k)})" if records.reserved else ""
    print(f"{len(records)} records{reserved}, {len(found)} problems.", file=sys.stderr)
    return 1 if found else 0


_COMMANDS = {"ingest": cmd_ingest, "status": cmd_status, "requirements": cmd_requirements, "services": cmd_services,
             "search": cmd_search, "ask": cmd_ask, "cite": cmd_cite, "review": cmd_review}
