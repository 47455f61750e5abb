"""Misspelled service names: "Dyanmo DB" for DynamoDB, "Elasticcache" for ElastiCache. A question that names
no catalog entry by any of its labels is read for a Latin-script word (or two adjacent ones) that is one slip
away from a service's label; the answer says how it was read."""
from __future__ import annotations

import difflib
import re

from kb.catalog import Catalog, Section

SIMILARITY = 0.85  # difflib ratio of the letters (case, spaces, punctuation ignored): "dyanmodb" / "dynamodb"
# is 0.875 (one transposition); ordinary words next to short labels stay under it ("configure" / "config" 0.8)
MIN_LETTERS = 6  # a shorter label or word is too easily confused with an ordinary word ("glue", "lex")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


class Spelling:
    """The catalog's Latin-script labels, keyed by their letters. Immutable: shared across threads."""

    def __init__(self, catalog: Catalog) -> None:
        self._labels: dict[str, Section] = {}
        for entry in catalog:
            if entry.kind != "service" or not entry.covered:
                continue
            for label in entry.labels():
                key = _letters(label)
                if not label.isascii() or len(key) < MIN_LETTERS:
                    continue
                self._labels.setdefault(key, entry)
                # "Amazon DynamoDB" is also written "DynamoDB"; not "AWS Backup" "Backup", an ordinary word
                rest = re.sub(r"^(?:Amazon|AWS)\s+", "", label)
                if rest != label and re.search(r"[a-z][A-Z]", rest) and len(_letters(rest)) >= MIN_LETTERS:
                    self._labels.setdefault(_letters(rest), entry)
        self._by_letter: dict[str, list[str]] = {}  # first letter -> label keys (a slip keeps the first letter)
        for key in self._labels:
            self._by_letter.setdefault(key[0], []).append(key)

    def guess(self, question: str) -> list[tuple[str, Section]]:
        """(what the question wrote, the service it is read as) for each word or pair of adjacent words
        whose letters are SIMILARITY close to one service label's, at most one letter longer or shorter, and
        not equal to any (a label spelled right is found by the catalog itself); a single word written all in
        lower case is an ordinary word. At most one reading per service, left to right."""
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(question)]
        candidates = list(words)  # each word, and each pair of words next to each other ("Dyanmo DB")
        candidates += [(question[a[1]:b[2]], a[1], b[2]) for a, b in zip(words, words[1:], strict=False)
                       if question[a[2]:b[1]].strip() == ""]
        found: dict[str, tuple[int, str, Section]] = {}
        for text, start, _ in candidates:
            key = _letters(text)
            if len(key) < MIN_LETTERS or key in self._labels or (text.islower() and " " not in text):
                continue  # a lower-case word is an ordinary one ("inspectors"); names are written with capitals
            near = [k for k in self._by_letter.get(key[0], ()) if abs(len(k) - len(key)) <= 1]  # (the only ones
            close = difflib.get_close_matches(key, near, n=1, cutoff=SIMILARITY)  # that may count: cheaper)
            if close and key not in (close[0] + "s", close[0] + "es"):  # one slip; a plural is no slip
                entry = self._labels[close[0]]
                if entry.id not in found or start < found[entry.id][0]:
                    found[entry.id] = (start, text, entry)
        return [(text, entry) for _, text, entry in sorted(found.values(), key=lambda x: x[0])]


class WordSpelling:
    """Misspelled English topic words ("encrpyt" for encrypt, "loggign" for logging, "encyrption"): a word of a
    question that holds no topic word and is SIMILARITY close to one (same first letter, at most one letter longer or
    shorter), or begins with a slip of one ("encyrpt|ion"). Built from the topics' single-word English terms of
    MIN_LETTERS or more. Immutable: shared across threads."""

    def __init__(self, terms: list[str]) -> None:
        self._words = sorted({t for t in terms if t.isascii() and t.isalpha() and len(t) >= MIN_LETTERS})

    def respell(self, question: str) -> tuple[str, list[tuple[str, str]]]:
        """The question with each misspelled topic word replaced by the word it is read as, and the
        (written, read) pairs, left to right."""
        found: list[tuple[str, str]] = []

        def fix(m: re.Match[str]) -> str:
            word = m.group(0)
            low = word.casefold()
            if len(low) < MIN_LETTERS or not low.isalpha() or any(w in low for w in self._words):
                return word  # a topic word, or one holding it ("encrypted", "logs")
            near = [w for w in self._words if w[0] == low[0] and abs(len(w) - len(low)) <= 1]
            close = difflib.get_close_matches(low, near, n=1, cutoff=SIMILARITY)
            read = close[0] if close else next(  # "encyrption": its first letters are a slip of "encrypt"
                (w + low[len(w):] for w in self._words if w[0] == low[0] and len(low) > len(w) + 1
                 and difflib.SequenceMatcher(None, low[:len(w)], w).ratio() >= SIMILARITY), None)
            if read is None:
                return word
            found.append((word, read))
            return read

        return _WORD.sub(fix, question), found
