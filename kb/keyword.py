"""Keyword index: BM25 (bm25s) over a tokenizer that works for Korean and Chinese."""
from __future__ import annotations

import functools
import json
import re
import threading
import unicodedata
from pathlib import Path

import numpy as np
import snowballstemmer

from kb.lang import fold_chinese

# Bump when tokenize() changes what tokens a text gives: a saved index records it (manifest "keyword")
# and one built with another version is refused with a message to re-run ingest. 2: Traditional and
# Simplified Chinese folded to one script. 3: Latin words stemmed (Snowball English).
TOKENIZER_VERSION = 3

# Runs of one script: Latin letters/digits, Hangul syllables, or Han characters.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{_HAN}]+")  # a run of Han characters (of `fold`ed text)
_RUNS = re.compile(f"[a-z0-9]+|[\uac00-\ud7a3]+|[{_HAN}]+")


_STEMMERS = threading.local()  # a Snowball stemmer keeps state while it stems: one per thread


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def fold(text: str) -> str:
    """Width-, case- and script-folded text, as `tokenize` reads it (Traditional Chinese to Simplified)."""
    return fold_chinese(unicodedata.normalize("NFKC", text).casefold())


def tokenize(text: str) -> list[str]:
    """Stemmed words for Latin script, character bigrams for Hangul and Han.

    A `\\w+` tokenizer keeps Korean particles attached ("버킷을" never matches "버킷") and turns a
    whole Chinese clause into one token; overlapping bigrams match across both without a
    dictionary. A one-character run is kept as a unigram so short words still count. Traditional
    and Simplified Chinese fold to one script (kb.lang.fold_chinese): 靜態 and 静态 give one token.
    Latin words are stemmed with Snowball's English stemmer: "encrypted", "encryption" and "encrypt"
    give one token, as do "logs" and "logging".
    """
    tokens: list[str] = []
    for run in _RUNS.findall(fold(text)):
        if run[0].isascii():
            tokens.append(_stem(run))
        elif len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
    return tokens


class KeywordIndex:
    """BM25 over chunk texts; scores every chunk so callers can filter before ranking."""

    def __init__(self, retriever: object, size: int) -> None:
        self._bm25 = retriever
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> KeywordIndex:
        import bm25s

        retriever = bm25s.BM25(k1=1.2, b=0.75)
        corpus = [tokenize(t) or ["\u2205"] for t in texts]
        retriever.index(corpus, show_progress=False)
        return cls(retriever, len(texts))

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def idf(self, tokens: list[str] | set[str]) -> dict[str, float]:
        """BM25's inverse document frequency over the indexed chunks, log(1 + (N - df + 0.5) / (df + 0.5)),
        for each token; a token no chunk has gets the value of df = 0 (rarest)."""
        indptr = self._bm25.scores["indptr"]  # type: ignore[attr-defined]  # CSC: one column per token
        out = {}
        for t in tokens:
            col = self._vocab.get(t)
            df = int(indptr[col + 1] - indptr[col]) if col is not None else 0
            out[t] = float(np.log1p((self.size - df + 0.5) / (df + 0.5)))
        return out

    @property
    def _vocab(self) -> dict[str, int]:
        return self._bm25.vocab_dict  # type: ignore[attr-defined]

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)  # type: ignore[attr-defined]
        (folder / "size.json").write_text(json.dumps({"size": self.size}))

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        import bm25s

        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        size = json.loads((folder / "size.json").read_text())["size"]
        return cls(retriever, size)
