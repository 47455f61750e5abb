"""Sentence spans inside chunks: the units an extractive answer quotes (and that get their own vectors)."""
from __future__ import annotations

import re

import numpy as np

_SENTENCE = re.compile(r"[^\n]+?(?:(?<=[.!?。！？])(?=\s)|(?<=[。！？])|$)", re.M)
_LINK_ONLY = re.compile(r"^\s*[-*•]?\s*\[[^\]]*\]\([^)]*\)\s*[.。]?\s*$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split at sentence ends and line breaks; trim; skip link-only lines and fragments."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        piece = text[start:end]
        stripped = piece.strip()
        if len(stripped) < 8 or _LINK_ONLY.match(stripped) or not re.search(r"\w{2}", stripped):
            continue
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        spans.append((start, end))
    return spans


def sentence_table(texts: list[str]) -> np.ndarray:
    """Rows (chunk position, start, end) for every sentence of every chunk, in chunk order."""
    rows = [(i, s, e) for i, text in enumerate(texts) for s, e in sentence_spans(text)]
    return np.asarray(rows, dtype=np.int32).reshape(-1, 3)
