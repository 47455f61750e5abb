"""ingest/patterns.py gives exactly what the regular expressions it replaces gave (kept here as the
reference), on generated strings over the characters each pattern cares about; and page_at is the
linear scan it replaced."""
from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest import patterns
from kb.records import SourceDoc

MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
TOC_LINE = re.compile(r"^(?P<title>\S.*?)\s*(?:\.{3,}\s*|\t+\s*|\s+)(?P<page>\d{1,3}|[ivxlc]{1,6})\s*$", re.I)
TOC_DOTTED = re.compile(r"^\S.*?(?:\.{3,}|\t)\s*(?:\d{1,3}|[ivxlc]{1,6})?\s*$", re.I)
ENUMERATOR = re.compile(r"(?:^|(?<=\s))[*_]*\d{1,3}\.$")
LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")
IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
LINK_END = re.compile(r"\]\([^)\n]*\)[ \t]*$")
LINK_TERMINATED = re.compile(r"[.!?。！？:：]\]\([^)\n]*\)$")

EXAMPLES = settings(max_examples=400, derandomize=True, deadline=None)


def _text(alphabet: str, max_size: int = 24) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.sampled_from(list(alphabet)), max_size=max_size)


@EXAMPLES
@given(_text("# \ta.x\x0c"))
@example("# Title ##  ")
@example("#   ")
@example("####### no")
def test_md_heading(line: str) -> None:
    m = MD_HEADING.match(line)
    assert patterns.md_heading(line) == ((len(m.group(1)), m.group(2)) if m else None)


STRIPPED_TOC = _text(" \t.aXiIvV1907\u00a0\u3000İı", 20).map(str.strip)


@EXAMPLES
@given(STRIPPED_TOC)
@example("Protecting Data at Rest on Amazon S3 28")
@example("Introduction ........ iv")
@example("....12")
@example("...  1")
@example("a\t\t 12")
def test_toc_title(s: str) -> None:
    m = TOC_LINE.match(s)
    assert patterns.toc_title(s) == (m.group("title") if m else None)


@EXAMPLES
@given(STRIPPED_TOC)
@example("Contents ....")
@example("Title\t 3")
@example("....")
def test_toc_dotted(s: str) -> None:
    assert patterns.toc_dotted(s) == bool(TOC_DOTTED.match(s))


@EXAMPLES
@given(_text("*_ 12345a.\t٣", 16), st.data())
@example("보관 필수) **2.", None)
def test_enumerator_start(text: str, data: st.DataObject | None) -> None:
    for dot in (i for i, ch in enumerate(text) if ch == "."):
        begin = data.draw(st.integers(0, dot)) if data is not None else 0
        m = ENUMERATOR.search(text[begin:dot + 1])
        assert patterns.enumerator_start(text, begin, dot) == (begin + m.start() if m else None)


@EXAMPLES
@given(_text("[]()!\nab ", 30), st.data())
@example("[a [b](c) ![i](j) [x](y\n) [[[", None)
def test_links(text: str, data: st.DataObject | None) -> None:
    start = data.draw(st.integers(0, len(text))) if data is not None else 0
    end = data.draw(st.integers(start, len(text))) if data is not None else len(text)
    assert patterns.links(text, start, end) == [m.span() for m in LINK.finditer(text, start, end)]
    assert patterns.links(text, start, end, image=True) == [m.span() for m in IMAGE.finditer(text, start, end)]
    assert patterns.sub_links(text, lambda link: "<" + link[1:3] + ">") == \
        LINK.sub(lambda m: "<" + m.group(0)[1:3] + ">", text)
    for a, b in patterns.links(text, start, end):
        # Inside a link the short pattern segment.py uses finds what the long one found.
        from ingest.segment import _LINK_TERMINATED

        assert bool(_LINK_TERMINATED.search(text, a, b)) == bool(LINK_TERMINATED.search(text, a, b))


@EXAMPLES
@given(_text("[]()a .。\t", 20), st.data())
@example("see [X](#)", None)
@example("a](b)c](d)  ", None)
def test_link_end(line: str, data: st.DataObject | None) -> None:
    start = data.draw(st.integers(0, len(line))) if data is not None else 0
    assert patterns.link_end(line, start, len(line)) == bool(LINK_END.search(line, start, len(line)))


@EXAMPLES
@given(st.lists(st.integers(1, 50), max_size=6), st.integers(-2, 300))
def test_page_at_is_the_scan_it_replaced(gaps: list[int], offset: int) -> None:
    starts = [0]
    for gap in gaps:
        starts.append(starts[-1] + gap)
    doc = SourceDoc(doc_id="d", title="t", lang="en", path="d.pdf", kind="pdf", text="", sha256="",
                    page_starts=tuple(starts))
    page = 0
    for i, start in enumerate(starts):
        if start <= offset:
            page = i
        else:
            break
    assert doc.page_at(offset) == page + 1
