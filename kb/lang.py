"""Script-based language detection for Korean, Chinese and English text."""
from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str) -> str:
    """'ko' if Hangul is present, else 'zh' if Han characters are, else 'en'.

    Korean text quotes English service names and Chinese text does too, so any Hangul decides
    Korean and any Han (without Hangul) decides Chinese; Latin-only text is English.
    """
    hangul = len(_HANGUL.findall(text))
    han = len(_HAN.findall(text))
    if hangul and hangul >= han / 4:
        return "ko"
    if han:
        return "zh"
    return "en"
