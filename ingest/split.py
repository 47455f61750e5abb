"""Structure-aware splitting of a SourceDoc into service-keyed chunks that are verbatim slices."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.clean import heading_key, is_nav_heading, nav_line, repeated_lines, rule_lines, toc_blocks
from kb.catalog import Catalog, Service, first_service
from kb.records import Chunk, SourceDoc

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[ \t]+|(?<=다\.)|(?<=[。！？])")


@dataclass
class _Heading:
    text: str
    level: int
    entry: Service | None = None
    nav: bool = False


@dataclass
class _Section:
    path: tuple[str, ...]
    section_id: str | None
    service_id: str
    lines: list[int]  # body line indices in order
    heading_line: int | None
    childless: bool


def split_document(doc: SourceDoc, catalog: Catalog, *, max_chars: int, min_chars: int,
                   structure: str = "generic", default_service: str | None = None) -> list[Chunk]:
    """Cut `doc` into chunks that never cross a section (and so a service) boundary."""
    lines = doc.text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    toc_lines, toc_titles = toc_blocks(lines)
    headings = _find_headings(doc, lines, catalog, structure, {heading_key(t) for t in toc_titles} - {""},
                              toc_lines)
    drop = repeated_lines(lines, set(headings)) | toc_lines | rule_lines(lines)
    sections = _sections(lines, headings, catalog, structure, default_service, drop)
    chunks: list[Chunk] = []
    for sec in sections:
        spans = _pack(doc.text, _blocks(doc.text, lines, offsets, sec.lines), max_chars, min_chars)
        if not spans and sec.childless and sec.heading_line is not None and sec.section_id:
            # A covered section with no body still has to be findable by its heading.
            i = sec.heading_line
            spans = [(offsets[i], offsets[i] + len(lines[i].rstrip("\r\n")))]
        for start, end in spans:
            chunks.append(_chunk(doc, sec, start, end))
    return chunks


def _find_headings(doc: SourceDoc, lines: list[str], catalog: Catalog, structure: str,
                   toc_titles: set[str], toc_lines: set[int]) -> dict[int, _Heading]:
    """Heading lines: Markdown headings, catalog heading lines (whitepaper editions), nav headings,
    and standalone lines the document's own table of contents lists."""
    by_heading: dict[str, list[Service]] = {}
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
        md = _MD_HEADING.match(line.rstrip("\r\n"))
        text = md.group(2) if md else line.strip()
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
            found[i] = _Heading(text, len(md.group(1)) if md else 1, nav=True)
        elif md:
            found[i] = _Heading(text, len(md.group(1)))
        elif key in toc_titles and len(text) <= 120:
            found[i] = _Heading(text, 1)
    return found


def _pick(candidates: list[Service] | tuple[()], open_ids: set[str], claimed: set[str]) -> Service | None:
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
            entry = first_service(catalog, [h.text for h in reversed(stack)]) or default
        section_id = entry.id if entry else None
        has_children = head.entry is not None and bool(catalog.children(head.entry.id))
        current = _Section(tuple(h.text for h in stack), section_id, catalog.chunk_service_id(section_id),
                           [], i, not has_children)
    sections.append(current)
    return sections


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


def _blocks(text: str, lines: list[str], offsets: list[int], body: list[int]) -> list[tuple[int, int, bool]]:
    """Paragraph spans (start, end, follows_break) from a section's body lines."""
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
    return [b for b in blocks if text[b[0]:b[1]].strip()]


def _pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Split an over-long paragraph at sentence ends (or spaces) into spans of at most max_chars."""
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    pieces: list[tuple[int, int]] = []
    begin = start
    while end - begin > max_chars:
        limit = begin + max_chars
        candidates = [c for c in cuts if begin + max_chars // 4 < c <= limit]
        cut = candidates[-1] if candidates else (text.rfind(" ", begin + max_chars // 2, limit) + 1 or limit)
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


def _pack(text: str, blocks: list[tuple[int, int, bool]], max_chars: int, min_chars: int) -> list[tuple[int, int]]:
    """Greedily join consecutive paragraphs into chunks of at most max_chars, never across a break;
    a too-short chunk joins its neighbour when that stays within max_chars + min_chars."""
    pieces: list[tuple[int, int, bool]] = []
    for start, end, broken in blocks:
        for k, (s, e) in enumerate(_pieces(text, start, end, max_chars)):
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


def _chunk(doc: SourceDoc, sec: _Section, start: int, end: int) -> Chunk:
    line_start = line_end = None
    if not doc.page_starts and doc.kind in ("txt", "md"):
        line_start = doc.text.count("\n", 0, start) + 1
        line_end = doc.text.count("\n", 0, end) + 1
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
