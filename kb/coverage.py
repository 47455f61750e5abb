"""Checks of the requirement catalog against the documents: every obligation sentence is evidence of
some record, every evidence span is a quotable span, every whitepaper record cites every edition.

Works on the documents' spans (`ingest.pipeline.default_corpus` or an index), so it needs no model.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.catalog import Catalog
from kb.datafile import load_data
from kb.requirements import SCHEMA, RequirementCatalog
from kb.spans import Span
from kb.wording import REQUIREMENT, Wording


@dataclass(frozen=True)
class Gap:
    """An obligation sentence of a whitepaper section that no record cites."""

    section_id: str
    doc_id: str
    span: Span


def uncovered(spans: list[Span], editions: list[str], wording: Wording, records: RequirementCatalog) -> list[Gap]:
    """Obligation sentences (the editions' requirement wording) of the whitepaper editions' catalog
    sections, service sections and general chapters alike, that are evidence of no record."""
    out = []
    for s in spans:
        if s.doc_id in editions and s.section_id and wording.kind(s.quote, s.lang) == REQUIREMENT \
                and s.id not in records.by_span:
            out.append(Gap(s.section_id, s.doc_id, s))
    return out


def problems(spans: list[Span], editions: list[str], records: RequirementCatalog, catalog: Catalog) -> list[str]:
    """What is wrong with the records beyond their schema: evidence that is not one whole quotable
    span, a record of a whitepaper section missing an edition (and not marked `missing`), evidence
    from another catalog section than the record's (and its subsections)."""
    by_id = {s.id: s for s in spans}
    out = []
    for r in (*records.records, *records.reserved):
        where = f"{r.file}:{r.line}: {r.id}"
        for e in r.evidence:
            span = by_id.get(e.span)
            if span is None:
                out.append(f"{where}: evidence {e.span} is not a quotable span (a whole sentence) of its document "
                           "(after a splitter change, `kb requirements --fix-spans` re-anchors it)")
        cited = {e.doc_id for e in r.evidence}
        if cited & set(editions):
            for doc_id in editions:
                if doc_id not in cited and doc_id not in r.missing:
                    out.append(f"{where}: no evidence from {doc_id} (add its span, or list it under `missing` "
                               "with a `note`)")
    return out


def report(gaps: list[Gap], catalog: Catalog) -> str:
    """Per section and edition, the obligation sentences no record cites (empty string when none)."""
    lines = []
    current = None
    for g in sorted(gaps, key=lambda g: ((catalog.get(g.section_id).order or 0) if catalog.get(g.section_id)
                                         else 0, g.section_id, g.doc_id, g.span.start)):
        if (g.section_id, g.doc_id) != current:
            current = (g.section_id, g.doc_id)
            lines.append(f"{g.section_id} / {g.doc_id}:")
        lines.append(f"  {g.span.id} (line {g.span.line_start}): {' '.join(g.span.quote.split())}")
    return "\n".join(lines)


def draft(section_ids: set[str], spans: list[Span], texts: dict[str, str], wording: Wording,
          records: RequirementCatalog) -> str:
    """What an author needs to write the records of some sections: every span of each document, in
    order, with its kind, whether a record already cites it, and the verbatim text a record's
    `quote` must hold."""
    lines = []
    for doc_id in texts:
        mine = [s for s in spans if s.doc_id == doc_id and s.section_id in section_ids]
        if not mine:
            continue
        lines.append(f"# {doc_id}")
        for s in mine:
            kind = wording.kind(s.quote, s.lang)
            cited = ",".join(r.id for r in records.by_span.get(s.id, [])) or "-"
            lines.append(f"[{kind}] {s.id} ({s.section_id}, line {s.line_start}) cited by: {cited}")
            lines.append(f"    quote: {s.quote!r}")
            lines.append(f"    verbatim: {texts[doc_id][s.start:s.end]!r}")
    return "\n".join(lines)


def reanchor(folder: Path, spans: list[Span], texts: dict[str, str]) -> tuple[int, list[str]]:
    """Point evidence at the current spans after a splitter change: a span now cut in two becomes
    the spans inside it, one now glued to its neighbour becomes the span holding it. Rewrites the
    files whose evidence changed (keeping their header comment); returns (evidence entries fixed,
    evidence that needs a hand fix). Raises DataFileError for a file that breaks the records' schema."""
    import yaml

    by_doc: dict[str, list[Span]] = {}
    for s in spans:
        by_doc.setdefault(s.doc_id, []).append(s)
    fixed, left = 0, []
    for path in sorted(Path(folder).glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        data = load_data(path, SCHEMA)
        changed = False
        for item in data["requirements"]:
            new_evidence = []
            for e in item["evidence"]:
                doc_id, start, end = _parts(e["span"])
                text = texts.get(doc_id, "")
                if text[start:end] == e["quote"] and any(s.start == start and s.end == end
                                                         for s in by_doc.get(doc_id, [])):
                    new_evidence.append(e)
                    continue
                inside = [s for s in by_doc.get(doc_id, []) if start <= s.start and s.end <= end]
                around = [s for s in by_doc.get(doc_id, []) if s.start <= start and end <= s.end]
                replacement = inside or around[:1]
                if text[start:end] != e["quote"] or not replacement:
                    left.append(f"{path.name}: {item['id']}: {e['span']} is no longer one whole span: "
                                f"{' '.join(e['quote'].split())[:100]!r}")
                    new_evidence.append(e)
                    continue
                for s in replacement:
                    if not any(x["span"] == s.id for x in new_evidence):
                        new_evidence.append({"span": s.id, "quote": text[s.start:s.end]})
                fixed += 1
                changed = True
            item["evidence"] = new_evidence
        if changed:
            header = "".join(line for line in source.splitlines(keepends=True)[:5] if line.startswith("#"))
            body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
            path.write_text(header + body, encoding="utf-8")
    return fixed, left


def _parts(span: str) -> tuple[str, int, int]:
    doc_id, rng = span.rsplit(":", 1) if ":" in span else (span, "0-0")
    start, _, end = rng.partition("-")
    return doc_id, int(start or 0), int(end or 0)
