"""The editions' requirement wording: is a sentence an obligation, a pointer, or a statement of fact?

The one classifier for `kb requirements --coverage`, `kb cite`, `kb review` and answers; its patterns
are data (`data/guidance.yaml`, schema at the top of that file).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kb.datafile import load_data
from kb.lang import fold_chinese

REQUIREMENT = "requirement"
REFERENCE = "reference"
STATEMENT = "statement"

_KEYS = ("requirement", "not_requirement", "reference", "pointer", "caveat", "refers_back", "refers_previous")
_SCHEMA = {
    "type": "object",
    "required": list(_KEYS),
    "additionalProperties": False,
    "properties": {
        key: {"type": "object", "required": ["en"], "additionalProperties": {"type": "string", "format": "regex"}}
        for key in _KEYS
    },
}


@dataclass(frozen=True)
class Wording:
    """Compiled patterns per language (ko, zh, en; other languages use en). Immutable, so one
    instance is safely shared across threads."""

    requirement: dict[str, re.Pattern[str]]
    not_requirement: dict[str, re.Pattern[str]]
    reference: dict[str, re.Pattern[str]]
    pointer: dict[str, re.Pattern[str]]
    caveat: dict[str, re.Pattern[str]]
    refers_back: dict[str, re.Pattern[str]]
    refers_previous: dict[str, re.Pattern[str]]

    @classmethod
    def load(cls, path: Path) -> Wording:
        """Read and validate `path` (raises DataFileError naming file, line and field)."""
        raw = load_data(path, _SCHEMA)
        # Patterns are compiled from script-folded text and matched against folded sentences: one
        # Traditional spelling also reads Simplified (kb.lang.fold_chinese changes only Han characters).
        return cls(**{key: {lang: re.compile(fold_chinese(p), re.I) for lang, p in raw[key].items()}
                      for key in _KEYS})

    def kind(self, text: str, lang: str) -> str:
        """"requirement", "reference" or "statement" for one sentence in edition language `lang`. A sentence
        whose main clause points elsewhere (`pointer`: "如需…的詳細資訊，請參閱…", "… 참조하십시오.") is a reference
        whatever its other clause says ("… 고려해야 할 보호 조치를 포함한 자세한 내용은 … 참조하십시오.")."""
        if self._pick(self.pointer, lang).search(fold_chinese(text)):
            return REFERENCE
        if self.is_requirement(text, lang):
            return REQUIREMENT
        return REFERENCE if self._pick(self.reference, lang).search(fold_chinese(text)) else STATEMENT

    def is_caveat(self, text: str, lang: str) -> bool:
        """True but not a configuration step ("keep evaluating ... because the guidance may be updated")."""
        return bool(self._pick(self.caveat, lang).search(fold_chinese(text)))

    def is_back_reference(self, text: str, lang: str) -> bool:
        """Does the sentence open by referring to the one before it ("따라서 ...", "These snapshots ...")?"""
        return bool(self._pick(self.refers_back, lang).search(fold_chinese(text)))

    def refers_to_previous_section(self, text: str, lang: str) -> bool:
        """Does the sentence send the reader to the document's previous section for its guidance ("지침은 이전
        섹션을 참조하십시오", "如需指引，請參閱前一 Amazon Comprehend 節")?"""
        return bool(self._pick(self.refers_previous, lang).search(fold_chinese(text)))

    def is_requirement(self, text: str, lang: str) -> bool:
        text = fold_chinese(text)
        masked = self._pick(self.not_requirement, lang).sub(" ", text)
        return bool(self._pick(self.requirement, lang).search(masked))

    @staticmethod
    def _pick(table: dict[str, re.Pattern[str]], lang: str) -> re.Pattern[str]:
        return table.get(lang) or table["en"]
