"""Structure-aware splitting of a SourceDoc into service-keyed chunks that are verbatim slices."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ingest.clean import (
    banners,
    damaged_titles,
    heading_key,
    is_nav_heading,
    nav_line,
    repeated_lines,
    rule_lines,
    toc_blocks,
    without_banners,
)
from ingest.patterns import md_heading
from ingest.segment import Unit, display, segment
from kb.catalog import Catalog, Section, first_service
from kb.records import Chunk, SourceDoc
from kb.spans import Span, span_id


@dataclass
class _Heading:
    text: str
    level: int
    entry: Section | None = None
    nav: bool = False
    named: tuple[Section | None] | None = None  # the service its text names (first_service), once looked up


@dataclass
class _Section:
    path: tuple[str, ...]
    section_id: str | None
    service_id: str
    lines: list[int]  # body line indices in order
    heading_line: int | None
    childless: bool


@dataclass
class Split:
    """A document cut into chunks (what search ranks) and spans (what answers quote)."""

    chunks: list[Chunk] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def split_document(doc: SourceDoc, catalog: Catalog, *, max_chars: int, min_chars: int,
                   structure: str = "generic", default_service: str | None = None) -> Split:
    """Cut `doc` into chunks that never cross a section (and so a service) boundary, and into the
    quotable spans of each section; a chunk never cuts a span in two (unless one span alone is
    longer than max_chars... and even then only at a space, never inside another span)."""
    lines = doc.text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    toc_lines, toc_titles = toc_blocks(lines)
    printed = banners(lines, repeated_lines(lines, set()))  # over heading lines too (cut out of them below)
    headings = _find_headings(doc, lines, catalog, structure, {heading_key(t) for t in toc_titles} - {""},
                              toc_lines, (printed, damaged_titles(toc_titles, printed)))
    titles = frozenset(heading_key(t) for t in toc_titles) - {""}
    repeated = repeated_lines(lines, set(headings))
    furniture = banners(lines, repeated)
    drop = repeated | toc_lines | rule_lines(lines)
    sections = _sections(lines, headings, catalog, structure, default_service, drop)
    out = Split()
    for sec in sections:
        units = segment(doc.text, offsets, sec.lines, furniture, titles)
        ranges = _pack(doc.text, _blocks(doc.text, lines, offsets, sec.lines, units), units, max_chars, min_chars)
        if not ranges and sec.childless and sec.heading_line is not None and sec.section_id:
            # A covered section with no body still has to be findable by its heading.
            i = sec.heading_line
            ranges = [(offsets[i], offsets[i] + len(lines[i].rstrip("\r\n")))]
        chunks = [_chunk(doc, sec, start, end, offsets) for start, end in ranges]
        out.chunks.extend(chunks)
        out.spans.extend(_spans(doc, sec, units, chunks, offsets))
    return out


def _find_headings(doc: SourceDoc, lines: list[str], catalog: Catalog, structure: str,
                   toc_titles: set[str], toc_lines: set[int],
                   banner: tuple[frozenset[str], list[re.Pattern[str]]] = (frozenset(), [])) -> dict[int, _Heading]:
    """Heading lines: Markdown headings, catalog heading lines (whitepaper editions), nav headings,
    and standalone lines the document's own table of contents lists, also when a banner (`banner`: its
    strings, and the patterns of the titles it overprinted) is printed into the line or into the title."""
    by_heading: dict[str, list[Section]] = {}
    if structure == "hipaa-whitepaper":
        for entry in catalog:
            for text in entry.headings.get(doc.lang, ()):
                by_heading.setdefault(heading_key(text), []).append(entry)
    found: dict[int, _Heading] = {}
    open_ids: set[str] = set()  # the last catalog heading and its ancestors
    claimed: set[str] = set()
    # The title page before a table of contents repeats heading text but holds no section.
    first_nav = next((i for i, line in enumerate(lines) if is_nav_heading(line)), -1) if by_heading else -1
    for i, line in enumerate(lines):
        if i in toc_lines:
            continue
        md = md_heading(line.rstrip("\r\n"))
        text = md[1] if md else line.strip()
        if not text:
            continue
        standalone = (i == 0 or not lines[i - 1].strip()) and (i + 1 >= len(lines) or not lines[i + 1].strip())
        key = heading_key(text)
        if not md and not standalone:
            if key in toc_titles and len(text) <= 120 and doc.kind == "pdf":
                found[i] = _Heading(text, 1)
            continue
        # Each catalog entry heads one section: a later line with its text (a revision-history
        # row naming the service) is ordinary text.
        entry = None if i < first_nav else _pick(by_heading.get(key, ()), open_ids, claimed)
        if entry is not None:
            found[i] = _Heading(text, 1 if entry.parent is None else 2, entry)
            claimed.add(entry.id)
            open_ids = {entry.id} | ({entry.parent} | open_ids if entry.parent in open_ids else set())
        elif is_nav_heading(text):
            found[i] = _Heading(text, md[0] if md else 1, nav=True)
        elif md:
            found[i] = _Heading(text, md[0])
        elif key in toc_titles and len(text) <= 120:
            found[i] = _Heading(text, 1)
        elif len(text) <= 120 and (clean := without_banners(text, banner[0])) != text and clean and (
                heading_key(clean) in toc_titles or any(p.fullmatch(heading_key(clean)) for p in banner[1])):
            found[i] = _Heading(clean, 1)  # "보안 모니터링, ... 관리 **This paper has been archived**"
    return found


def _pick(candidates: list[Section] | tuple[()], open_ids: set[str], claimed: set[str]) -> Section | None:
    """Choose among catalog entries sharing a heading: a subsection only inside its own parent."""
    for entry in candidates:
        if entry.id not in claimed and (entry.parent is None or entry.parent in open_ids):
            return entry
    return None


def _sections(lines: list[str], headings: dict[int, _Heading], catalog: Catalog, structure: str,
              default_service: str | None, drop: set[int]) -> list[_Section]:
    whitepaper = structure == "hipaa-whitepaper"
    default = catalog.get(default_service) if default_service else None
    sections: list[_Section] = []
    stack: list[_Heading] = []  # open headings, outermost first
    nav = False
    current = _Section((), default.id if default else None,
                       catalog.chunk_service_id(default.id if default else None), [], None, True)
    for i, line in enumerate(lines):
        head = headings.get(i)
        if head is None:
            # -1 marks a hard break: a chunk must not span dropped lines, or it would not be verbatim.
            dropped = i in drop or (nav and nav_line(line))
            current.lines.append(-1 if dropped else i)
            continue
        if head.nav:
            nav = True
            current.lines.append(-1)
            continue
        nav = False
        sections.append(current)
        stack = _push(stack, head, whitepaper)
        entry = next((h.entry for h in reversed(stack) if h.entry is not None), None)
        if entry is None and not whitepaper:
            entry = next((named for h in reversed(stack) if (named := _named(catalog, h)) is not None), None) \
                or default
        section_id = entry.id if entry else None
        has_children = head.entry is not None and bool(catalog.children(head.entry.id))
        current = _Section(tuple(h.text for h in stack), section_id, catalog.chunk_service_id(section_id),
                           [], i, not has_children)
    sections.append(current)
    return sections


def _named(catalog: Catalog, head: _Heading) -> Section | None:
    """`first_service(catalog, [head.text])`, looked up once per heading (an open heading is asked
    again for every heading under it, and a catalog lookup costs about 20 µs per character)."""
    if head.named is None:
        head.named = (first_service(catalog, [head.text]),)
    return head.named[0]


def _push(stack: list[_Heading], head: _Heading, whitepaper: bool) -> list[_Heading]:
    """The open-heading path after `head`: catalog headings nest by catalog parent, others by level."""
    if head.entry is not None:
        if head.entry.parent is None:
            return [head]
        keep = next((k for k, h in enumerate(stack) if h.entry is not None and h.entry.id == head.entry.parent), None)
        return (stack[: keep + 1] if keep is not None else []) + [head]
    if whitepaper and head.level == 1:
        return [head]
    stack = list(stack)
    while stack and stack[-1].entry is None and stack[-1].level >= head.level:
        stack.pop()
    return stack + [head]


def _blocks(text: str, lines: list[str], offsets: list[int], body: list[int],
            units: list[Unit]) -> list[tuple[int, int, bool]]:
    """Paragraph ranges (start, end, follows_break) from a section's body lines; paragraphs that one
    unit spans (a sentence broken by a page break, a lead-in and its list) are one block."""
    blocks: list[tuple[int, int, bool]] = []
    start: int | None = None
    end = 0
    broken = False
    pending_break = False
    for i in body + [-1]:
        content = i >= 0 and lines[i].strip() != ""
        if content:
            line_end = offsets[i] + len(lines[i].rstrip())
            if start is None:
                start = offsets[i] + (len(lines[i]) - len(lines[i].lstrip()))
                broken = pending_break
                pending_break = False
            end = line_end
            continue
        if start is not None:
            blocks.append((start, end, broken))
            start = None
        if i < 0:
            pending_break = True
    blocks = [b for b in blocks if text[b[0]:b[1]].strip()]
    merged: list[tuple[int, int, bool]] = []
    k = 0
    for b in blocks:
        while k < len(units) and units[k].end <= b[0]:
            k += 1
        # A unit that starts before this block and ends inside or after it bridges the two.
        if merged and any(u.start < b[0] < u.end for u in units[max(0, k - 1):k + 1]):
            merged[-1] = (merged[-1][0], b[1], merged[-1][2])
        else:
            merged.append(b)
    return merged


def _pieces(text: str, start: int, end: int, max_chars: int, ends: list[int]) -> list[tuple[int, int]]:
    """Split an over-long paragraph at unit ends (or, inside one over-long unit, at spaces) into
    ranges of at most max_chars. `ends`: the section's unit ends, ascending (binary search keeps
    splitting linear: a scan of every end per paragraph and per piece was quadratic)."""
    cuts = ends[bisect_right(ends, start):bisect_left(ends, end)]
    pieces: list[tuple[int, int]] = []
    begin = start
    while end - begin > max_chars:
        limit = begin + max_chars
        last = bisect_right(cuts, limit) - 1
        if last >= 0 and cuts[last] > begin + max_chars // 4:
            cut = cuts[last]
        else:
            cut = text.rfind(" ", begin + max_chars // 2, limit) + 1 or limit
        if cut <= begin:
            cut = limit
        piece_end = cut
        while piece_end > begin and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((begin, piece_end))
        begin = cut
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        pieces.append((begin, end))
    return pieces


def _pack(text: str, blocks: list[tuple[int, int, bool]], units: list[Unit], max_chars: int,
          min_chars: int) -> list[tuple[int, int]]:
    """Greedily join consecutive paragraphs into chunks of at most max_chars, never across a break;
    a too-short chunk joins its neighbour when that stays within max_chars + min_chars."""
    ends = sorted(u.end for u in units)  # units come in document order: already ascending
    pieces: list[tuple[int, int, bool]] = []
    for start, end, broken in blocks:
        for k, (s, e) in enumerate(_pieces(text, start, end, max_chars, ends)):
            pieces.append((s, e, broken and k == 0))
    chunks: list[list[int]] = []  # [start, end, joins_previous]
    for start, end, broken in pieces:
        if chunks and not broken and end - chunks[-1][0] <= max_chars:
            chunks[-1][1] = end
        else:
            chunks.append([start, end, int(bool(chunks) and not broken)])
    merged: list[list[int]] = []
    for c in chunks:
        small = c[1] - c[0] < min_chars or (merged and merged[-1][1] - merged[-1][0] < min_chars)
        if merged and c[2] and small and c[1] - merged[-1][0] <= max_chars + min_chars:
            merged[-1][1] = c[1]
        else:
            merged.append(c)
    return [(c[0], c[1]) for c in merged]


def _line_of(offsets: list[int], pos: int) -> int:
    """1-based line holding character `pos` (binary search: linear splitting overall)."""
    return bisect_right(offsets, pos)


def _has_lines(doc: SourceDoc) -> bool:
    """Lines locate a passage in every document but a PDF (pages do): for HTML, lines of the text the
    loader extracted (headings kept as Markdown), which the index stores and the citation shows."""
    return not doc.page_starts


def _spans(doc: SourceDoc, sec: _Section, units: list[Unit], chunks: list[Chunk], offsets: list[int]) -> list[Span]:
    starts = [c.start for c in chunks]
    by_start = {u.start: u for u in units}
    out = []
    for u in units:
        chunk = chunks[max(0, bisect_right(starts, u.start) - 1)] if chunks else None
        lead = by_start.get(u.lead_in) if u.lead_in is not None else None
        out.append(Span(
            id=span_id(doc.doc_id, u.start, u.end), doc_id=doc.doc_id,
            chunk_id=chunk.chunk_id if chunk else f"{doc.doc_id}:{u.start}", start=u.start, end=u.end,
            quote=display(doc.text, u.start, u.end, u.gaps), section=chunk.section if chunk else doc.title,
            section_id=sec.section_id, service_id=sec.service_id,
            line_start=_line_of(offsets, u.start) if _has_lines(doc) else None,
            line_end=_line_of(offsets, u.end - 1) if _has_lines(doc) else None,
            page=doc.page_at(u.start), lang=doc.lang, gaps=u.gaps, items=u.items,
            lead_in=span_id(doc.doc_id, lead.start, lead.end) if lead else None))
    return out


def _chunk(doc: SourceDoc, sec: _Section, start: int, end: int, offsets: list[int]) -> Chunk:
    line_start = line_end = None
    if _has_lines(doc):
        line_start = _line_of(offsets, start)
        line_end = _line_of(offsets, end)
    page = doc.page_at(start)
    page_end = doc.page_at(max(start, end - 1))
    return Chunk(
        chunk_id=f"{doc.doc_id}:{start}",
        doc_id=doc.doc_id,
        title=doc.title,
        lang=doc.lang,
        section=" > ".join(sec.path) if sec.path else doc.title,
        service_id=sec.service_id,
        section_id=sec.section_id,
        start=start,
        end=end,
        line_start=line_start,
        line_end=line_end,
        page=page,
        page_end=page_end,
        text=doc.text[start:end],
    )
