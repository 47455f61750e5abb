"""Linear-time matchers for the splitter's patterns whose regular expressions backtrack.

Python's `re` retries a pattern at every start position and backtracks inside each try, so some of
the splitter's patterns took time quadratic or cubic in a line's length: a Markdown heading with
4,000 spaces took 63 s, a table-of-contents line with tabs 17 s, a line of 80,000 `[` 14 s. Each
function here gives exactly what its pattern (quoted in its docstring) gave, in one pass over the
line; tests/test_patterns.py checks each against its pattern on generated strings.
"""
from __future__ import annotations

import re

_WS = re.compile(r"\s")  # Unicode white space, as `\s` and str.isspace() see it
_PAGE = re.compile(r"\d{1,3}|[ivxlc]{1,6}", re.I)  # a page number in a table of contents (or roman)
_PAGE_CHAR = re.compile(r"[\divxlc]", re.I)


def md_heading(line: str) -> tuple[int, str] | None:
    """Level and text of a Markdown heading line, as `^(#{1,6})[ \\t]+(.+?)[ \\t]*#*[ \\t]*$` gives
    them (groups 1 and 2); None when it does not match. `line`: one line, without its line break."""
    hashes = len(line) - len(line.lstrip("#"))
    if not 1 <= hashes <= 6:
        return None
    after = len(line) - len(line[hashes:].lstrip(" \t"))
    if after == hashes:
        return None
    rest = line[after:]
    if not rest:
        # `.+?` needs a character: the spaces give one back, when there are two or more.
        return (hashes, line[after - 1]) if after - hashes >= 2 else None
    # The closing sequence `[ \t]*#*[ \t]*` is the longest such suffix; the text keeps at least one character.
    closing = len(rest) - len(rest.rstrip(" \t").rstrip("#").rstrip(" \t"))
    return hashes, rest[:max(1, len(rest) - closing)]


def _page_start(s: str) -> int | None:
    """Where the page number that ends `s` starts (a whole trailing run of digits or roman numerals);
    None when `s` does not end with one."""
    pos = len(s)
    while pos > 0 and len(s) - pos <= 6 and _PAGE_CHAR.match(s, pos - 1):
        pos -= 1
    if pos == len(s) or not _PAGE.fullmatch(s, pos) or pos > 0 and _PAGE_CHAR.match(s, pos - 1):
        return None
    return pos


def _trailing(s: str, end: int, dots: bool = False) -> int:
    """How many characters before `end` are white space (or, with dots, full stops)."""
    pos = end
    while pos > 0 and (s[pos - 1] == "." if dots else _WS.match(s, pos - 1)):
        pos -= 1
    return end - pos


def toc_title(s: str) -> str | None:
    """The title of a table-of-contents line ("title ... page"), as the group "title" of
    `^(?P<title>\\S.*?)\\s*(?:\\.{3,}\\s*|\\t+\\s*|\\s+)(?P<page>\\d{1,3}|[ivxlc]{1,6})\\s*$` (re.I) gives
    it; None when it does not match. `s`: a stripped line (no line break inside)."""
    if not s:
        return None
    page = _page_start(s)
    if page is None or page == 0 or not (s[page - 1] == "." or _WS.match(s, page - 1)):
        return None
    head = s[:page]  # title + separator: white space, or white space, 3+ full stops, white space
    w2 = _trailing(head, len(head))
    d = _trailing(head, len(head) - w2, dots=True)
    w1 = _trailing(head, len(head) - w2 - d)
    cut = None
    if d >= 3:
        cut = len(head) - w1 - d - w2
        if cut == 0:  # the title must keep a character: the first full stop, when 3 are left after it
            cut = 1 if d >= 4 else None
    if cut is None and w2 >= 1 and len(head) - w2 >= 1:
        cut = len(head) - w2
    return None if cut is None else head[:cut]


def toc_dotted(s: str) -> bool:
    """Does `^\\S.*?(?:\\.{3,}|\\t)\\s*(?:\\d{1,3}|[ivxlc]{1,6})?\\s*$` (re.I) match `s` (a stripped line,
    no line break inside): text, then 3+ full stops or a tab, then an optional page number?"""
    if not s or _WS.match(s, 0):
        return False
    page = _page_start(s)
    head = s if page is None or page == 0 else s[:page]
    if page is not None and page > 0 and not (s[page - 1] == "." or _WS.match(s, page - 1)):
        return s.endswith("...") and len(s) >= 4  # no page number: the text ends with the dots
    space = _trailing(head, len(head))
    if "\t" in head[len(head) - space:] and len(head) - space >= 1:
        return True
    bare = head[:len(head) - space]
    return bare.endswith("...") and len(bare) >= 4


def enumerator_start(text: str, begin: int, dot: int) -> int | None:
    """Where a step number ending at the full stop text[dot] starts, as
    `(?:^|(?<=\\s))[*_]*\\d{1,3}\\.$` searched in text[begin:dot + 1] finds it ("**2."); None if none."""
    digits = dot
    while digits > begin and dot - digits <= 3 and text[digits - 1].isdecimal():
        digits -= 1
    if digits == dot or dot - digits > 3:
        return None
    start = digits
    while start > begin and text[start - 1] in "*_":
        start -= 1
    return start if start == begin or text[start - 1].isspace() else None


_STOP_TEXT = re.compile(r"[\]\n]")
_STOP_TARGET = re.compile(r"[)\n]")


def links(text: str, start: int, end: int, *, image: bool = False) -> list[tuple[int, int]]:
    """The ranges `re.finditer(r"!?\\[[^\\]\\n]*\\]\\([^)\\n]*\\)", text, start, end)` gives (with image:
    `!\\[...`, the image pattern), in one pass: every `[` up to the first `]` or newline shares that
    outcome, so a failed try skips past it instead of trying each `[` again."""
    out: list[tuple[int, int]] = []
    opener = "![" if image else "["
    pos = start
    while True:
        found = text.find(opener, pos, end)
        if found < 0:
            return out
        bracket = found + 1 if image else found
        close = _STOP_TEXT.search(text, bracket + 1, end)
        if close is None:
            return out  # no `]` or newline before the end: no later `[` closes either
        close_at = close.start()
        if text[close_at] == "]" and close_at + 1 < end and text[close_at + 1] == "(":
            target = _STOP_TARGET.search(text, close_at + 2, end)
            if target is None:
                return out
            if text[target.start()] == ")":
                first = found - 1 if not image and found > pos and text[found - 1] == "!" else found
                out.append((first, target.start() + 1))
            # A newline ends every `[` before it too; a match resumes after itself.
            pos = target.start() + 1
            continue
        pos = close_at + 1


def sub_links(text: str, repl: object, *, image: bool = False) -> str:
    """`re.sub` of the link (or image) pattern of `links` over `text`; `repl(link_text) -> str`."""
    parts: list[str] = []
    pos = 0
    for a, b in links(text, 0, len(text), image=image):
        parts.append(text[pos:a])
        parts.append(repl(text[a:b]))  # type: ignore[operator]
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def link_end(text: str, start: int, end: int) -> bool:
    """Does `\\]\\([^)\\n]*\\)[ \\t]*$` match in text[start:end] (one line: no newline inside), i.e.
    does it end with a link target `](...)`?"""
    stop = end
    while stop > start and text[stop - 1] in " \t":
        stop -= 1
    if stop - start < 3 or text[stop - 1] != ")":
        return False
    last_paren = text.rfind(")", start, stop - 1)
    return text.find("](", max(start, last_paren + 1), stop - 1) >= 0
