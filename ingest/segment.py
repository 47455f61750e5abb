"""Quotable units of a section: whole sentences (or a lead-in with its list), computed once at ingest.

A source extracted from a PDF wraps sentences over lines, breaks them at page ends (a blank line, a
running banner) and leaves Markdown link markup inside them. `segment` turns the body lines of one
section into units that each start and end at a sentence boundary of the source:

- prose lines are joined into runs across line wraps, and across a blank or dropped line when the
  text before it stops mid-sentence (no sentence end, and its unfinished tail holds Korean or Chinese
  text or is long: "…사용이 간편하며 고객이" + page break + "파일 시스템을 …");
- a run is cut at sentence ends (". " "。" "다." + line end ...), never inside a `[link](...)`;
- a sentence that introduces a list (it ends with a colon, or says "다음/following/下列" right before
  one) carries the list's items; the items of a list without a lead-in are units of their own;
- headings-like lines (one short line without a sentence end), code blocks, tables, images and
  fragments (fewer than 8 characters, or a dangling product name such as "AWS KMS" left after the
  last sentence of a paragraph) are not quotable.

Dropped lines (banners) and banner text found inside a line that a unit spans are recorded as gaps,
so the quote leaves them out while the id still names the verbatim source range.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import patterns
from ingest.clean import heading_key

MIN_CHARS = 8  # shorter pieces ("다.", "1.") are page-break debris, never a sentence
HEADING_MAX = 80  # a single unterminated line up to this long is a title, not a sentence
DANGLING_MAX = 40  # a Latin-only tail up to this long after the last sentence is a stray term
LONG_LIST = 1200  # a lead-in whose list is longer than this is quoted alone; its items stand alone
LONG_ITEM = 300  # ... and so when any item is longer than this

_BULLET = re.compile(r"[ \t]*(?:[-*•–·]|\d{1,2}[.)])[ \t]+")
_TABLE = re.compile(r"[ \t]*\|")
_TABLE_RULE = re.compile(r"[ \t]*(?:\|[ \t]*)?:?-{3,}")  # the |---|---| line under a Markdown table header
_FENCE = re.compile(r"[ \t]*(```|~~~)")
# JSON / policy examples (a line opening with "[" is code only when an array follows, not a [link](#)).
_CODE = re.compile(r'[ \t]*(?:[{}\]]|\[(?=\s*(?:[{"\[\d\]]|$))|"[^"\n]{1,80}"[ \t]*:)')
_IMAGE = re.compile(r"[ \t]*!\[[^\]]*\]\([^)]*\)[ \t]*$")
# A sentence ends at . ! ? followed by white space (after optional closing quotes/brackets/bold), at a
# CJK full stop, or at a Korean sentence-final syllable that ends a line.
_END = re.compile(r"[.!?][\"'”’)\]*]*(?=\s|$)|[。！？][\"'”’」』)）\]*]*|(?<=[다요])[ \t]*(?=\n)")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|Inc|Ltd|Co|No|Mr|Ms|Dr|St|approx|U\.S|cf)|\b[A-Z])\.$")
_MD_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+\S")  # a Markdown heading left in free text (a generated answer)
_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,200}>")
_TERMINATED = re.compile(r"(?:[.!?。！？:：][\"'”’」』)）\]*]*|[다요])$")
# A line ending in a Korean particle or connective, or a Chinese function word, stops mid-sentence.
_CONTINUES = re.compile(r"(?:[이가을를은는의에와과도로며고서]|및|또는|[的在和與与及將将於于並并或為为對对從从由以])$")
# "[... 참조하십시오.](#)" ends a sentence: searched inside one link, where every `](` is followed by its
# target alone, this is `[.!?。！？:：]\]\([^)\n]*\)$` without the rescan of the target from each `](`.
_LINK_TERMINATED = re.compile(r"[.!?。！？:：]\]\(")
_INTRODUCES = re.compile(r"다음|아래|下列|以下|如下|following|below|as follows", re.I)
_CJK = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3400-\u4dbf\u4e00-\u9fff]")
_CONTENT = re.compile(r"\S")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


@dataclass(frozen=True)
class Unit:
    """One quotable unit: the source range [start, end) minus `gaps` (banners inside it)."""

    start: int
    end: int
    gaps: tuple[tuple[int, int], ...] = ()
    items: int = 0  # list items carried after a lead-in sentence
    lead_in: int | None = None  # start offset of the lead-in unit of a list item quoted alone


@dataclass
class _Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    kind: str  # prose | item | skip | blank | dropped


def segment(text: str, offsets: list[int], body: list[int], furniture: frozenset[str] = frozenset(),
            titles: frozenset[str] = frozenset()) -> list[Unit]:
    """Quotable units of one section.

    text: the whole document; offsets[i]: where line i starts (len(lines) + 1 entries); body: the
    section's line indices in order, -1 for a dropped line (banner, table of contents); furniture:
    banner strings to leave out where they appear inside a line; titles: the document's headings as
    its table of contents lists them (normalised by `heading_key`), never part of a sentence. Returns units
    in document order. A table row (Markdown `|` cells, or tab-separated) is one unit.
    """
    lines = _classify(text, offsets, body, titles)
    units: list[Unit] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind == "prose" and _title(text[line.start:line.end]) and i + 1 < len(lines) \
                and lines[i + 1].kind == "prose":
            i += 1  # a heading glued to its paragraph (PDF text has no blank line after it)
        elif line.kind == "prose":
            i, run = _run(text, lines, i)
            units.extend(_sentences(text, run, furniture))
            i = _attach_list(text, lines, i, units, furniture)
        elif line.kind == "item":
            i = _items(text, lines, i, units, None, furniture)
        elif line.kind == "row":
            units.extend(_row_units(text, line.start, line.end))
            i += 1
        else:
            i += 1
    return units


LABEL_MAX = 40  # characters: a first cell up to this long labels the row ("손상 완화.", "인터넷을 통한 IPSec")
_ROW_END = re.compile(r"[.!?。！？][\"'”’)\]]*")
_CLOSING_TAGS = re.compile(r"(?:</[a-zA-Z][^<>\n]{0,40}>)*")
_LEADING = re.compile(r"(?:\s|</?[a-zA-Z][^<>\n]{0,200}>)*")


def _row_units(text: str, start: int, end: int) -> list[Unit]:
    """A table row's units: the row whole, or, when a cell of a tab-separated row holds several sentences (the
    2016 paper's two-column tables: a label, then a paragraph of up to 1,000 characters), one unit per sentence, the
    first carrying the label cell before it ("손상 완화. | 고객의 컴퓨팅 환경이 ... 좋습니다."). A sentence
    ends at . ! ? before white space or an HTML tag and at 。！？, also at a cell's end (a tab) unless that cell
    is the first and a label (LABEL_MAX); a unit starts after the spaces and tags that follow. A
    piece too short to be a sentence (MIN_CHARS, or no word), or a short unterminated last cell ("2022년 4월 6일"),
    stays with the one before it."""
    if text[start] == "|":
        return [Unit(start, end)]  # a Markdown row of the whitepaper's PDF tables: cells broken across columns
    cuts: list[tuple[int, int]] = []  # (end of a sentence, start of the next)
    for m in _ROW_END.finditer(text, start, end):
        dot, pos = m.start(), m.end()
        after = _CLOSING_TAGS.match(text, pos, end).end()
        nxt = text[after:after + 1]
        if after >= end:
            continue  # the row's end
        if nxt in ("\t", "|") and "\t" not in text[start:dot] \
                and len(_TAG.sub("", text[start:pos]).strip()) <= LABEL_MAX:
            continue  # the first cell, a label ("손상 완화."): it stays with the text after it
        if text[dot] in ".!?" and not (nxt.isspace() or nxt == "<" or after > pos):
            continue  # "3.2.6", "e.g.x": no sentence end
        if text[dot] == "." and _ABBREV.search(text, max(start, dot - 8), dot + 1):
            continue
        following = _LEADING.match(text, after, end).end()
        if following < end and text[following] not in "\t|":
            cuts.append((pos, following))
    units: list[Unit] = []
    begin = start
    for stop, nxt in [*cuts, (end, end)]:
        piece = _TAG.sub("", text[begin:stop]).strip()
        short = len(piece) < MIN_CHARS or not re.search(r"\w{2}", piece)
        last_cell = stop == end and len(piece) <= LABEL_MAX and not _TERMINATED.search(piece)
        if units and (short or last_cell):  # debris, or a last cell such as a date: stays with what is before it
            units[-1] = Unit(units[-1].start, stop)
        else:
            units.append(Unit(begin, stop))
        begin = nxt
    return units


def _title(line: str) -> bool:
    """A Latin title line ("Elastic Load Balancing", "Protecting Data at Rest on Amazon S3"): short, no
    sentence end, most words capitalised."""
    if re.fullmatch(r"\*\*[^*]{1,60}\*\*|__[^_]{1,60}__", line.strip()) and not _TERMINATED.search(line.strip("*_")):
        return True  # a bold line on its own ("**In transit**") is a heading
    line = line.strip("*_ ")
    words = line.split()
    if not words or len(line) > 60 or len(words) > 8 or _TERMINATED.search(line) or _CJK.search(line):
        return False
    small = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "vs"}
    content = [w for w in words if w.lower() not in small]
    capital = [w for w in content if w[0].isupper() or w[0].isdigit()]
    return bool(content) and len(capital) >= 0.8 * len(content) and not words[0][0].islower()


def _title_line(line: str) -> bool:
    """An unterminated single line that is a title: Latin title case, or short Korean/Chinese text
    that does not stop on a particle or function word."""
    if len(line) > HEADING_MAX:
        return False
    if _CJK.search(line):
        return not _CONTINUES.search(line)
    return _title(line)


def _classify(text: str, offsets: list[int], body: list[int], titles: frozenset[str]) -> list[_Line]:
    out: list[_Line] = []
    fenced = False
    for i in body:
        if i < 0:
            out.append(_Line(0, 0, "dropped"))
            continue
        raw = text[offsets[i]:offsets[i + 1]].rstrip("\r\n")
        stripped = raw.strip()
        start = offsets[i] + len(raw) - len(raw.lstrip())
        end = start + len(stripped)
        if _FENCE.match(raw):
            fenced = not fenced
            out.append(_Line(start, end, "skip"))
        elif fenced or _TABLE_RULE.match(raw) or _IMAGE.match(raw) or _CODE.match(raw):
            out.append(_Line(start, end, "skip"))
        elif not stripped:
            out.append(_Line(start, end, "blank"))
        elif _TABLE.match(raw) or "\t" in stripped:
            out.append(_Line(start, end, "row" if len(_TAG.sub("", stripped).strip("| \t")) >= MIN_CHARS else "skip"))
        elif heading_key(stripped) in titles or _MD_HEADING.match(raw):
            out.append(_Line(start, end, "skip"))
        elif _BULLET.match(raw):
            out.append(_Line(start, end, "item"))
        else:
            out.append(_Line(start, end, "prose"))
    return out


def _run(text: str, lines: list[_Line], i: int) -> tuple[int, list[_Line]]:
    """Consecutive prose lines from i, continued over blank/dropped lines while mid-sentence."""
    run = [lines[i]]
    ends = _Ends(text, lines[i].start)
    last, prose = lines[i], 1
    i += 1
    while i < len(lines):
        if lines[i].kind == "prose":
            run.append(lines[i])
            last, prose = lines[i], prose + 1
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].kind in ("blank", "dropped"):
            j += 1
        if j < len(lines) and j > i and lines[j].kind == "prose" and _mid_sentence(text, run[0], last, prose, ends):
            run.extend(lines[i:j + 1])
            last, prose = lines[j], prose + 1
            i = j + 1
            continue
        break
    return i, run


class _Ends:
    """The last sentence end (`_END` match) of a growing run text[start:end].

    `_END` matches never hold a newline, so the matches of whole lines are final once seen; only the
    run's last line is scanned again when the run grows. Every line is scanned at most twice, which
    keeps `_run` linear in the run's length (rescanning the whole run per added line made a long
    unterminated Korean or Chinese run quadratic: 200 KB took 33 s).
    """

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.final = start  # text[start:final] is whole lines, scanned for good
        self.last: int | None = None  # end of the last match before `final`
        self._stripped: tuple[int, int] | None = None  # (tail start, its first non-space)

    def last_end(self, end: int) -> int | None:
        """End of the last `_END` match in text[start:end] (end: a run's last non-space character)."""
        newline = self.text.rfind("\n", self.final, end)
        if newline >= 0:
            for m in _END.finditer(self.text, self.final, newline + 1):
                self.last = m.end()
            self.final = newline + 1
        last = self.last
        for m in _END.finditer(self.text, self.final, end):
            last = m.end()
        return last

    def first_content(self, pos: int, end: int) -> int:
        """The first non-space offset at or after `pos` (before `end`, else `end`); remembered per `pos`
        (`end` only grows while a run grows, so a found offset stays right)."""
        if self._stripped is not None and self._stripped[0] == pos:
            return self._stripped[1]
        m = _CONTENT.search(self.text, pos, end)
        if m is None:
            return end
        self._stripped = (pos, m.start())
        return m.start()


def _mid_sentence(text: str, first: _Line, last: _Line, prose: int, ends: _Ends) -> bool:
    """Does the run of `prose` prose lines from `first` to `last` stop inside a sentence (so a page
    break, not a paragraph end, follows)? Reads the run's last line and its unfinished tail only."""
    if _TERMINATED.search(text, last.start, last.end) or patterns.link_end(text, last.start, last.end):
        return False  # a sentence end, or a paragraph that ends with a link ("... see [X](#)")
    end_of_sentence = ends.last_end(last.end)
    if end_of_sentence is None and prose == 1 and _title_line(text[first.start:last.end]):
        return False  # a title line
    tail = ends.first_content(first.start if end_of_sentence is None else end_of_sentence, last.end)
    return last.end - tail > DANGLING_MAX or bool(_CJK.search(text, tail, last.end))


def _sentences(text: str, run: list[_Line], furniture: frozenset[str], item: bool = False) -> list[Unit]:
    """Cut a run at sentence ends; drop fragments, titles and a dangling tail (not in a list item,
    whose short unterminated text is still its content: "루트 API 액세스 키 비활성화")."""
    prose = [ln for ln in run if ln.kind == "prose"]
    start, end = prose[0].start, prose[-1].end
    gaps = _gaps(text, run, furniture)
    links = patterns.links(text, start, end)  # non-overlapping, in order
    cuts: list[int] = []
    # Sentence ends come in order, so one pointer into the links and one into the gaps (sorted by
    # start; the furthest end seen so far) say whether an end falls inside one: linear in the run.
    k = g = 0
    gap_reach = -1
    for m in _END.finditer(text, start, end):
        pos, dot = m.end(), m.start()
        while k < len(links) and links[k][1] <= pos:
            k += 1
        while g < len(gaps) and gaps[g][0] <= dot:
            gap_reach = max(gap_reach, gaps[g][1])
            g += 1
        if (k < len(links) and links[k][0] < pos) or gap_reach > dot:
            continue
        if text[dot] == "." and _ABBREV.search(text, max(start, dot - 8), dot + 1):
            continue
        begin = cuts[-1] if cuts else start
        number = patterns.enumerator_start(text, begin, dot) if text[dot] == "." else None
        if number is not None:
            # "… 보관 필수) **2. MFA를 활성화한다.": the step number starts a sentence, it ends none.
            if _CONTENT.search(text, begin, number):
                cuts.append(number)
            continue
        cuts.append(pos)
    # A link whose text ends a sentence ("... [참조하십시오.](#) 다음 문장") ends it after the markup.
    cuts = sorted(set(cuts) | {b for a, b in links if _LINK_TERMINATED.search(text, a, b)
                               and (b >= end or text[b].isspace())})
    if not cuts or cuts[-1] < end:
        tail = text[cuts[-1] if cuts else start:end].strip()
        terminated = bool(_TERMINATED.search(tail))
        dangling = bool(cuts) and not terminated and not _CJK.search(tail) and len(tail) <= DANGLING_MAX
        title = not cuts and len(prose) == 1 and not terminated and _title_line(tail)
        if (dangling or title) and not item:
            end = cuts[-1] if cuts else start
        else:
            cuts.append(end)
    out = []
    begin = start
    g = 0
    for cut in cuts:
        s, e = _trim(text, begin, min(cut, end))
        begin = cut
        while g < len(gaps) and gaps[g][0] < s:  # units come in order: earlier gaps are behind them
            g += 1
        inside = []
        h = g
        while h < len(gaps) and gaps[h][0] <= e:
            if gaps[h][1] <= e:
                inside.append(gaps[h])
            h += 1
        if e - s >= MIN_CHARS and re.search(r"\w{2}", _strip_gaps(text, s, e, tuple(inside))):
            out.append(Unit(s, e, tuple(inside)))
    return out


def _attach_list(text: str, lines: list[_Line], i: int, units: list[Unit], furniture: frozenset[str]) -> int:
    """After a prose run: a list that follows belongs to the run's last sentence when it leads in."""
    j = i
    while j < len(lines) and lines[j].kind == "blank":
        j += 1
    if j >= len(lines) or lines[j].kind != "item" or not units:
        return i
    last = units[-1]
    sentence = text[last.start:last.end].rstrip("*")
    adjacent = text[last.end:lines[j].start].strip(" \t\r\n*") == ""
    if adjacent and (sentence.endswith((":", "：")) or _INTRODUCES.search(sentence)):
        return _items(text, lines, j, units, last, furniture)
    return i


def _items(text: str, lines: list[_Line], i: int, units: list[Unit], lead: Unit | None,
           furniture: frozenset[str]) -> int:
    """A list from line i: quoted with its lead-in when short, else item by item."""
    items: list[list[_Line]] = []
    while i < len(lines):
        kind = lines[i].kind
        if kind == "item":
            items.append([lines[i]])
        elif kind == "prose" and items and _continues_item(text, lines[i]):
            items[-1].append(lines[i])
        elif kind == "blank" and _next_is_item(lines, i):
            pass
        else:
            break
        i += 1
    end = items[-1][-1].end
    longest = max(item[-1].end - item[0].start for item in items)
    if lead is not None and end - lead.start <= LONG_LIST and longest <= LONG_ITEM:
        units[-1] = Unit(lead.start, end, lead.gaps + _gaps(text, [ln for it in items for ln in it], furniture),
                         items=len(items))
        return i
    for item in items:
        m = _BULLET.match(text, item[0].start)
        s = m.end() if m else item[0].start
        first = _Line(s, item[0].end, "prose")
        for u in _sentences(text, [first, *item[1:]], furniture, item=True):
            units.append(Unit(u.start, u.end, u.gaps, lead_in=None if lead is None else lead.start))
    return i


def _continues_item(text: str, line: _Line) -> bool:
    """An indented line right under an item continues it (a wrapped item)."""
    return line.start > 0 and text[line.start - 1] in " \t"


def _next_is_item(lines: list[_Line], i: int) -> bool:
    j = i
    while j < len(lines) and lines[j].kind == "blank":
        j += 1
    return j < len(lines) and lines[j].kind == "item"


def _gaps(text: str, run: list[_Line], furniture: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Banner ranges inside a run: dropped lines between its lines, and banner text inside a line."""
    gaps: list[tuple[int, int]] = []
    previous: _Line | None = None
    pending = False
    for ln in run:
        if ln.kind == "dropped":
            pending = True
            continue
        if ln.kind == "blank":
            continue
        if pending and previous is not None:
            # Everything between the two kept lines is a gap (the banner line and its blank lines).
            gaps.append((previous.end, ln.start))
        pending = False
        previous = ln
        for banner in furniture:
            pos = text.find(banner, ln.start, ln.end)
            if pos > ln.start:  # inside the line, not the line itself
                s, e = pos, pos + len(banner)
                while s > ln.start and text[s - 1] in "* ":
                    s -= 1
                while e < ln.end and text[e] in "* ":
                    e += 1
                gaps.append((s, e))
    return tuple(sorted(gaps))


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _strip_gaps(text: str, s: int, e: int, gaps: tuple[tuple[int, int], ...]) -> str:
    parts, pos = [], s
    for a, b in gaps:
        if s <= a and b <= e:
            parts.append(text[pos:a])
            pos = b
    parts.append(text[pos:e])
    return " ".join(parts)


def display(text: str, start: int, end: int, gaps: tuple[tuple[int, int], ...] = ()) -> str:
    """How a unit is quoted: the verbatim range without its gaps, link markup shown as its text,
    Markdown escapes and emphasis removed (also a bold marker whose pair lies outside the range), a
    wrapped line joined (with no space between two Chinese characters), list items one per line."""
    pieces = []
    pos = start
    for a, b in gaps:
        pieces.append(text[pos:a])
        pos = b
    pieces.append(text[pos:end])
    raw = "\n".join(p.strip() for p in pieces)
    raw = patterns.sub_links(raw, lambda link: "", image=True)
    raw = _TAG.sub("", raw)
    if raw.lstrip().startswith("|") or "\t" in raw:  # a table row: its cells, separated
        raw = " | ".join(c.strip() for c in re.split(r"\t|(?<!\\)\|", raw) if c.strip())
    raw = patterns.sub_links(raw, lambda link: link[1:link.index("](")])
    raw = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", raw)
    raw = re.sub(r"\*\*(.+?)\*\*", r"\1", raw, flags=re.S)
    raw = raw.replace("**", "")  # the other half of a bold run lies outside the span ("인프라 서비스:** 이 ...")
    out_lines: list[list[str]] = []  # the pieces of each output line, joined once (linear)
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if _BULLET.match(line) or not out_lines:
            out_lines.append([line])
        elif _HAN.match(line[0]) and _HAN.match(out_lines[-1][-1][-1]):
            out_lines[-1].append(line)
        else:
            out_lines[-1].append(" " + line)
    return "\n".join(re.sub(r"[ \t]+", " ", "".join(parts)) for parts in out_lines)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotable unit of a free text (a generated answer, a quote), cut by the same
    rules as the documents: the one sentence splitter of the project."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return [(u.start, u.end) for u in segment(text, offsets, list(range(len(lines))))]
