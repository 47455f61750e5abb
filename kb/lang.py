"""Script-based language detection for Korean, Chinese and English text, and the folding of
Traditional and Simplified Chinese into one script for matching."""
from __future__ import annotations

import re
import threading

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# The Han blocks folded: CJK Extension A, Unified Ideographs, Compatibility Ideographs.
_FOLD_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def detect_lang(text: str) -> str:
    """'ko' if Hangul is present, else 'zh' if Han characters are, else 'en'.

    Korean text quotes English service names and Chinese text does too, so any Hangul decides
    Korean and any Han (without Hangul) decides Chinese; Latin-only text is English. Simplified and
    Traditional characters are both Han: either script is Chinese.
    """
    hangul = len(_HANGUL.findall(text))
    han = len(_HAN.findall(text))
    if hangul and hangul >= han / 4:
        return "ko"
    if han:
        return "zh"
    return "en"


def latin_words(text: str) -> str:
    """`text` with every run of non-ASCII characters blanked (so that \\b holds between Latin and Han), "" when it
    has no Latin letter: the English words a Korean or Chinese question types, for `typed_in_english`."""
    latin = re.sub(r"[^\x00-\x7f]+", " ", text)
    return latin if re.search(r"[A-Za-z]", latin) else ""


def typed_in_english(pattern: re.Pattern[str], latin: str) -> bool:
    """Does English `pattern` find a phrase of two or more words in `latin` (a Korean or Chinese question's
    `latin_words`)? An English term typed inside it: "AWS Batch job definition 放病人資料?", "Lambda environment
    variables에 PHI". Not one word, which is as often a name ("SMS로 ... 마이그레이션": AWS Server Migration Service,
    no text message)."""
    return any(re.search(r"\w[\s_-]+\w", m.group(0)) for m in pattern.finditer(latin))


def fold_chinese(text: str) -> str:
    """`text` with every Traditional Chinese character replaced by its Simplified form (靜態 -> 静态),
    for matching only: a key, never text that is shown or quoted.

    One character for one character (OpenCC's t2s character table, no phrase conversion), so offsets
    into the folded text are offsets into `text`, and regular-expression syntax survives folding
    (only Han characters change). Folding goes to Simplified because that direction is many-to-one
    (發 and 髮 both fold to 发) and so a function. Words that differ between the regions, not just
    in script (資料庫 / 数据库, 快取 / 缓存), stay different: their aliases and terms are kept by hand.
    """
    return text.translate(_table())


# Built on first use. A change of rule here (or of the pinned OpenCC) changes the keyword index's
# tokens: bump kb/keyword.py's TOKENIZER_VERSION so saved indexes are rebuilt.
_TABLE: dict[int, int] | None = None
_TABLE_LOCK = threading.Lock()


def _table() -> dict[int, int]:
    """Code point -> code point, built once per process from OpenCC (about 30 ms), published whole and
    never changed afterwards: safe to share across threads."""
    global _TABLE
    table = _TABLE
    if table is None:
        with _TABLE_LOCK:
            if _TABLE is None:
                _TABLE = _build_table()
            table = _TABLE
    return table


def _build_table() -> dict[int, int]:
    import opencc

    converter = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
    chars = [chr(cp) for start, end in _FOLD_BLOCKS for cp in range(start, end)]
    # One call for every character, one per line: no phrase spans a line, so each converts alone.
    simplified = converter.convert("\n".join(chars)).split("\n")
    if len(simplified) != len(chars):  # pragma: no cover - a converter that merges or splits lines
        raise RuntimeError("OpenCC returned an unexpected t2s table; pin the version in requirements.txt.")
    table = {ord(t): ord(s) for t, s in zip(chars, simplified, strict=True)
             if t != s and len(s) == 1 and ord(s) <= 0xFFFF}  # keep the BMP: tokenizers match its blocks
    # A few targets fold again (薴 -> 苧 -> 苎): map straight to the end so folding twice changes nothing.
    for cp, target in table.items():
        seen = {cp}
        while target in table and target not in seen:
            seen.add(target)
            target = table[target]
        table[cp] = target
    return table
