"""Words the documents use for a thing a question may call by another name (data/equivalents.yaml): "hypervisor"
for the 2016 paper's "virtualization infrastructure" (가상화 인프라), "로테이션" for "키 교체", "簡訊" for "SMS".
Relevance (kb/relevance.py) counts a record or passage holding another term of the same entry, as a phrase, as holding
the question's term."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.datafile import read
from kb.keyword import fold, tokenize

SCHEMA = {
    "type": "object", "required": ["equivalents"], "additionalProperties": False,
    "properties": {"equivalents": {"type": "array", "items": {
        "type": "object", "required": ["id", "terms"], "additionalProperties": False,
        "properties": {"id": {"type": "string"},
                       "terms": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 2}}}}}},
}


class Equivalents:
    """Entries of terms that name one thing. Immutable: shared across threads."""

    def __init__(self, entries: list[list[str]]) -> None:
        self._entries = [tuple(dict.fromkeys(fold(t) for t in terms)) for terms in entries]  # as matched in text

    @classmethod
    def load(cls, path: Path) -> Equivalents:
        """Read data/equivalents.yaml (SCHEMA; ids unique). Raises DataFileError naming the file, line and field."""
        doc = read(path, SCHEMA)
        doc.unique(["equivalents"])
        return cls([list(e["terms"]) for e in doc.data["equivalents"]])

    def terms(self) -> list[str]:
        """Every entry's terms, `fold`ed (names the documents give by another word: "SG" for security groups)."""
        return [term for entry in self._entries for term in entry]

    def alike(self, question: str) -> dict[str, tuple[str, ...]]:
        """For each token (kb/keyword.py) of a term found in `question`: its entry's other terms, as `fold`ed text
        (case-, width- and Chinese-script-folded), any of which a text holding counts as holding the token.
        {} when the question holds no term."""
        text = fold(question)
        out: dict[str, tuple[str, ...]] = {}
        for entry in self._entries:
            found = [term for term in entry if term in text]
            others = tuple(term for term in entry if term not in found)
            for term in found:
                for t in tokenize(term):
                    out[t] = out.get(t, ()) + others
        return out


def held(tokens: set[str], alike: dict[str, tuple[str, ...]], words: frozenset[str] | set[str],
         text: Callable[[], str]) -> set[str]:
    """The question's `tokens` that a text holds: among its `words` (its tokens), or, for a token of a term with
    equivalents (`alike`), as another term of the entry in the text (`text()`: the text `fold`ed; called only
    then)."""
    found = tokens & words
    missing = [t for t in alike if t in tokens and t not in found]
    if missing:
        folded = text()
        found.update(t for t in missing if any(term in folded for term in alike[t]))
    return found
