"""Page furniture detection: repeated banners, tables of contents and topic lists."""
from __future__ import annotations

import re
from collections import Counter

from ingest.patterns import toc_dotted, toc_title

# Headings that introduce navigation (a table of contents or an in-page topic list), not content.
NAV_HEADINGS = frozenset({
    "table of contents", "contents", "topics", "in this section",
    "목차", "주제", "目錄", "目录", "主題", "主题",
})
_TABLE_ROW = re.compile(r"^\|.*\|$")
_LINK_BULLET = re.compile(r"^[-*•]\s*\[[^\]]*\]\(#?[^)\s]*\)\s*$")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_REPEAT_MIN = 4
_REPEAT_MAX_LEN = 120
BANNER_MAX = 32


def heading_key(text: str) -> str:
    """Normalise a heading for comparison: no Markdown markers, single spaces, case-folded."""
    return re.sub(r"\s+", " ", text.strip().lstrip("#").strip()).casefold()


def is_nav_heading(text: str) -> bool:
    return heading_key(text) in NAV_HEADINGS


def repeated_lines(lines: list[str], headings: set[int]) -> set[int]:
    """Indices of short lines repeated through the document (archive banners, running heads)."""
    counts = Counter(
        s for i, line in enumerate(lines)
        if i not in headings and (s := line.strip()) and len(s) <= _REPEAT_MAX_LEN
    )
    furniture = {s for s, n in counts.items()
                 if n >= _REPEAT_MIN and not s.startswith(("|", "```", "#", "-", "*"))}
    return {i for i, line in enumerate(lines) if i not in headings and line.strip() in furniture}


def banners(lines: list[str], repeated: set[int]) -> frozenset[str]:
    """The banner texts (of the `repeated` lines) that splitting also cuts out of other lines: the
    BANNER_MAX most repeated (ties by text). Real documents have 0-3 (the five shipped ones, and the
    2016 paper's PDF); searching every line for each of thousands of them made splitting quadratic."""
    counts = Counter(lines[i].strip() for i in repeated)
    return frozenset(sorted(counts, key=lambda text: (-counts[text], text))[:BANNER_MAX])


def without_banners(text: str, furniture: frozenset[str]) -> str:
    """`text` with the banner strings in it cut out, and the bold markers left around them: the 2016 paper's
    PDF prints "보안 모니터링, 알림, 감사 추적 및 사고 대응 관리 **This paper has been archived**" as a heading."""
    for banner in furniture:
        if banner in text:
            text = text.replace(banner, " ")
    return re.sub(r"\s+", " ", re.sub(r"\*\*\s*\*\*", " ", text)).strip()


def damaged_titles(toc_titles: list[str], furniture: frozenset[str]) -> list[re.Pattern[str]]:
    """For a table-of-contents title a banner overprinted ("보안 모니터링, 알림, This paper has been archived 추적
    및 사고 대응 관리": the banner took the place of a word), a pattern its heading's key (heading_key, banners
    cut out) matches in full: the text around the banner, with one short word in between."""
    out = []
    for title in toc_titles:
        for banner in furniture:
            if banner in title:
                before, _, after = title.partition(banner)
                out.append(re.compile(re.escape(heading_key(before)) + r" ?\S{1,12} ?" + re.escape(heading_key(after))))
    return out


def rule_lines(lines: list[str]) -> set[int]:
    """Indices of horizontal rules ("---"): page separators in PDF-derived text, never content."""
    return {i for i, line in enumerate(lines) if _RULE.match(line)}


def toc_blocks(lines: list[str], min_run: int = 5) -> tuple[set[int], list[str]]:
    """Find table-of-contents runs: at least `min_run` nearby lines of "title ... page".

    Returns the line indices of the runs and the titles they list, which double as the document's
    plain-text headings when it has no Markdown ones.
    """
    found: set[int] = set()
    titles: list[str] = []
    run: list[int] = []

    def close() -> None:
        toc = [(i, t) for i in run if (t := toc_title(lines[i].strip())) is not None]
        if len(toc) >= min_run:
            found.update(run)
            for _, title in toc:
                title = title.strip().rstrip(".").strip()
                if title:
                    titles.append(title)
        run.clear()

    gap = 0
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            gap += 1
            if gap > 3 and run:
                close()
            continue
        if toc_title(s) is not None or (toc_dotted(s) and "\t" in line or "...." in s):
            run.append(i)
            gap = 0
        elif run and gap == 0 and len(s) < 80 and not s.endswith((".", "。", "다")):
            # A wrapped title line inside the TOC ("Managing Application ... AWS Public").
            run.append(i)
        elif run:
            close()
            gap = 0
    if run:
        close()
    return found, titles


def nav_line(line: str) -> bool:
    """A line that only navigates: a link-only bullet, a TOC entry or a table row of one."""
    s = line.strip()
    return bool(_LINK_BULLET.match(s) or _TABLE_ROW.match(s) or toc_dotted(s) and ("\t" in line or "...." in s))
