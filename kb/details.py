"""Details a question asks for (a length of time, a version, a parameter name) and whether an answer gives
them: when it does not, the answer says so first, instead of letting the nearest rule pass for the detail
("Which parameter enforces SSL on RDS for PostgreSQL?" is answered by "use TLS", which names none)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.datafile import read
from kb.lang import fold_chinese, latin_words, typed_in_english
from kb.requirements import Requirement

# the detail that qualifies another asked with it ("which key ... by default?": the default key, data/details.yaml id)
QUALIFIER = "default"
_REGEX = {"type": "string", "minLength": 1, "format": "regex"}
_PATTERNS = {"type": "object", "required": ["en", "ko", "zh"], "additionalProperties": False,
             "properties": {lang: _REGEX for lang in ("en", "ko", "zh")}}
_TRILINGUAL = {"type": "object", "required": ["en", "ko", "zh"], "additionalProperties": False,
               "properties": {lang: {"type": "string", "minLength": 1} for lang in ("en", "ko", "zh")}}
SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["details"], "additionalProperties": False,
    "properties": {"names": {"type": "array", "items": {"type": "string", "minLength": 2}},
                   "details": {"type": "array", "items": {
        "type": "object", "required": ["id", "asks", "answered_by", "label"], "additionalProperties": False,
        "properties": {"id": {"type": "string", "minLength": 1}, "asks": _PATTERNS,
                       "answered_by": _REGEX, "label": _TRILINGUAL, "term": {"type": "boolean"},
                       "statement_only": {"type": "boolean"}, "own": {"type": "boolean"},
                       "measure": {"type": "boolean"}, "elsewhere": {"type": "boolean"},
                       "data": {"type": "boolean"}, "narrows": {"type": "string", "minLength": 1},
                       "topic": {"enum": ["encryption-at-rest", "encryption-in-transit"]}}}}},
}


@dataclass(frozen=True)
class Detail:
    """One kind of detail: the question patterns that ask for it (language -> regex), the pattern of text
    that gives it, and its name per language. A `term` is a thing the question names ("environment
    variables") rather than a value it asks for: checked for a "may we?" too, and an answer that does not
    speak of it gives no verdict. A `statement_only` detail is given by a record only when its summary gives it
    (a quote's "기본적으로 BitLocker는 TPM이 필요합니다" names no default key of EBS). An `own` detail is one of the
    service asked about itself (the key it uses, what it does by default): only that service's records give it
    (CloudTrail's "SSE-S3 by default" is no default of CloudWatch Logs). A `measure` term is something done to
    protect PHI, not a place PHI is put ("key rotation", not "environment variables"): the rule for every service
    (encrypt PHI) does not say whether it is required. An `elsewhere` term may be spoken of by another section than
    those asked (SMS: Amazon Pinpoint's, for an SNS question): the answer lists it from there. A term with a
    `topic` (a data/topics.yaml id) is a thing only that kind of encryption is of: plain "encrypt" beside it asks
    that one ("노드 간 암호화 해야 하나요?": traffic between nodes is encryption in transit). A `data` term names the
    data a service is given ("call recordings"), not a part or feature of it ("lifecycle rules", "logs"): whether the
    service may process PHI is still decided by its section (kb/chain.py)."""

    id: str
    asks: dict[str, re.Pattern[str]]
    answered_by: re.Pattern[str]
    label: dict[str, str]
    term: bool = False
    statement_only: bool = False
    own: bool = False
    narrows: str | None = None  # the id of a broader detail this one is a kind of ("a TLS version" of "a version")
    measure: bool = False
    elsewhere: bool = False
    topic: str | None = None  # the one kind of encryption the term is of ("encryption-in-transit")
    data: bool = False

    def pattern(self, lang: str) -> re.Pattern[str]:
        """The pattern of a question in `lang` asking for it (the English one for a language it has none of)."""
        return self.asks.get(lang) or self.asks["en"]


class Details:
    """The details of data/details.yaml. Immutable after load: shared across threads."""

    def __init__(self, details: list[Detail], names: tuple[str, ...] = ()) -> None:
        self.details = details
        # product names shaped like identifiers ("CloudTrail", "WebSockets"): cut out before matching
        self._names = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                                 + r")\b") if names else None

    @classmethod
    def load(cls, path: Path, names: tuple[str, ...] = ()) -> Details:
        """Read and check `path` (schema at its top; patterns must compile). `names`: product names (the
        catalog's) that text may carry and that give no detail, beside the file's own `names`. Raises
        DataFileError naming the file, line and field."""
        doc = read(path, SCHEMA)
        ids = doc.unique(["details"])
        for i, d in enumerate(doc.data["details"]):
            if "narrows" in d:
                doc.refer(["details", i, "narrows"], ids, "the id of another detail", "name a detail of this file")
        return cls([Detail(d["id"], {lang: re.compile(fold_chinese(p), re.I) for lang, p in d["asks"].items()},
                           re.compile(d["answered_by"]), dict(d["label"]), bool(d.get("term")),
                           bool(d.get("statement_only")), bool(d.get("own")), d.get("narrows"),
                           bool(d.get("measure")), bool(d.get("elsewhere")), d.get("topic"), bool(d.get("data")))
                    for d in doc.data["details"]],
                   (*names, *(doc.data.get("names") or ())))

    def asked(self, question: str, lang: str) -> list[Detail]:
        """The details `question` (in `lang`) asks for, in file order; not a broader one that one of them narrows
        ("Which TLS version ...?" asks a TLS version, which Oracle's "Enterprise Edition" does not give)."""
        text = fold_chinese(question)
        latin = latin_words(text) if lang != "en" else ""  # (a term typed in English: "Lambda environment
        # variables에 PHI 넣어도 돼?")
        found = [d for d in self.details if d.pattern(lang).search(text)
                 or (d.term and latin and typed_in_english(d.asks["en"], latin))]
        narrowed = {d.narrows for d in found}
        return [d for d in found if d.id not in narrowed]

    def gives(self, asked: list[Detail], record: Requirement, lang: str) -> bool:
        """Does `record` (its statement in `lang` and English, its scope, its evidence; for a `statement_only`
        detail its statements) give one of `asked`?"""
        said = [record.says(lang), record.statement["en"]]
        texts = [*said, *(record.scope or {}).values(), *(e.quote for e in record.evidence
                                                           if e.doc_id not in record.garbled)]
        # (a garbled edition's words are not the source's meaning: the Chinese "AWS 簡訊" is AWS SMS, no text message)
        return any(not self.unstated([d], said if d.statement_only else texts) for d in _qualified(asked))

    def said_in(self, asked: list[Detail], text: str) -> bool:
        """Does `text` (one quoted sentence) give one of `asked` (of those a qualifier qualifies, `gives`)?
        ("이러한 키는 데이터 암호화 키, 데이터베이스 키, 클러스터 키 및 KMS 키로 구성됩니다." gives a key)"""
        return any(not self.unstated([d], [text]) for d in _qualified(asked) if not d.statement_only)

    def unstated(self, asked: list[Detail], texts: list[str]) -> list[Detail]:
        """Those of `asked` that none of `texts` (the answer's statements and quotes) gives; product names
        ("CloudTrail") are no parameter name."""
        if self._names is not None:
            texts = [self._names.sub(" ", t) for t in texts]
        return [d for d in asked if not any(d.answered_by.search(t) for t in texts)]


def name_detail(name: str) -> Detail:
    """A name no document mentions ("Okta"), asked as a `term`: the answer says first that the documents do not speak
    of it, and gives no verdict."""
    return Detail(f"name:{name}", {}, re.compile(re.escape(name), re.I), {lang: name for lang in ("en", "ko", "zh")},
                  term=True)


def _qualified(asked: list[Detail]) -> list[Detail]:
    """`asked` without the qualifier when it qualifies another detail asked with it: "Which key does S3 use by
    default?" asks a key (what is on by default of something else, versioning off, gives none)."""
    others = [d for d in asked if d.id != QUALIFIER]
    return others if others and len(others) < len(asked) else asked
