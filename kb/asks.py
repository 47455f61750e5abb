"""How a question asks (data/asks.yaml): for a yes or no (may we, must we, plain yes-no) or openly (how, what,
which), and the flags its wording sets (leaving a measure out, a choice, a scene before the question, ...)."""
from __future__ import annotations

import re

from kb.clauses import last_phrase, split, without_premises
from kb.lang import fold_chinese, latin_words, typed_in_english

PERMISSION, NECESSITY, YES_NO = "permission", "necessity", "yes-no"
WHY = "why"  # AskReader.restates: a follow-up asking why
SURE = "sure"  # ... or whether the answer is right ("are you sure?")
_PATTERNS = {"type": "object", "required": ["en"], "additionalProperties": {"type": "string", "format": "regex"}}
ASK_KEYS = ("permission", "necessity", "yes_no", "responsibility", "eligibility", "part", "without", "open",
            "carries", "whole", "choice", "unsigned", "compliant", "refers_back", "adds", "negated", "asker",
            "stores", "names", "default", "supports", "every", "existing", "which", "each", "both", "provider",
            "premise", "party", "replaced", "general", "keeps", "back", "separately", "bare", "why", "sure",
            "edition_ko", "edition_zh", "required", "secrets", "does", "purpose", "no_phi", "grants",
            "requires", "local", "how")
# the asks.yaml keys read as a flag of the same name on Analysis, matched against the script-folded question
FLAGS = ("responsibility", "without", "carries", "unsigned", "compliant", "refers_back", "adds", "negated", "stores",
         "default", "supports", "every", "existing", "part", "names", "whole", "choice", "which", "each", "both",
         "provider", "asker", "party", "general", "keeps", "back", "separately", "required", "secrets", "does",
         "purpose", "no_phi", "grants", "requires", "local", "how")
ASKS_SCHEMA = {"type": "object", "required": list(ASK_KEYS), "additionalProperties": False,
               "properties": {k: _PATTERNS for k in ASK_KEYS}}

# a question naming PHI or patient data ("Does the BAA let us put PHI in any AWS service?")
PHI_NAMED = re.compile(r"(?<![A-Za-z])PHI(?![A-Za-z])|\bpatient|\bmedical|\bclinical"
                       r"|\bhealth (?:data|information|records?)|환자|진료|의료"
                       r"|病歷|病患|病人|醫療|健康資料|健康數據", re.I)
# ... and PHI said to be absent ("can we use a non-eligible service if no PHI touches it?", "PHI 없이 쓰면",
# "不含 PHI 的話")
PHI_ABSENT = re.compile(r"\b(?:no|without|zero|not any)\s+(?:\w+\s+)?PHI\b|\bPHI[- ]free\b"
                        r"|\b(?:doesn't|does not|don't|do not|never|won't|will not)\s+(?:\w+\s+){0,2}?PHI\b"
                        r"|PHI\S{0,3}\s?(?:없이|없는|없으면|없다면|미포함)|PHI\S{0,2}\s?(?:안|없)\s?(?:들어|닿|넣|들어가)"
                        r"|(?:沒有|不含|無|不碰|不涉及|不經過|不放|沒碰)\s*PHI", re.I)
_LABEL = re.compile(r"^\s*[^\s:：?？][^:：?？]{0,29}[:：]\s+(?=\S)")  # "Redshift: ", "Quick question: "
_SENTENCES = re.compile(r"(?<=[?？])\s*")  # a question's sentences, each ending in its question mark


class AskReader:
    """Reads how a question asks with the ask patterns of asks.yaml (ASKS_SCHEMA). Immutable after construction:
    shared across threads."""

    def __init__(self, asks: dict[str, dict[str, str]] | None = None) -> None:
        # Ask patterns are compiled from script-folded text and matched against the folded question
        # (fold_chinese changes only Han characters, never regex syntax): 可以嗎 also reads 可以吗.
        self._asks = [(kind, compile_patterns((asks or {}).get(key, {}), re.I | re.M))
                      for kind, key in ((PERMISSION, "permission"), (NECESSITY, "necessity"), (YES_NO, "yes_no"))]
        self._uses_phi = compile_patterns((asks or {}).get("eligibility", {}))
        self._open = compile_patterns((asks or {}).get("open", {}))
        self._premise = compile_patterns((asks or {}).get("premise", {}))
        self._replaced_by = compile_patterns((asks or {}).get("replaced", {}))
        self._bare = compile_patterns((asks or {}).get("bare", {}))  # (matched against a question without its names)
        self._restating = [(kind, compile_patterns((asks or {}).get(key, {}))) for kind, key in (
            (WHY, "why"), (SURE, "sure"), ("ko", "edition_ko"), ("zh", "edition_zh"))]
        self._flags = {key: compile_patterns((asks or {}).get(key, {})) for key in FLAGS}
        self._part = self._flags["part"]

    def ask_of(self, question: str, lang: str) -> str | None:
        """permission | necessity | yes-no for a question answered by yes or no, else None (an open
        question: how, what, which, why)."""
        text = fold_chinese(question.strip())
        if matches(self._open, lang, text):
            # a sentence of its own asking yes or no beside one asking how ("根帳號要怎麼保護？MFA 一定要開嗎？",
            # "How do we set up encryption for SQS? Is it required?"): the yes or no is asked, the how answered below
            sentence = self.asking_sentence(question, lang)
            return None if sentence is None else self.ask_of(sentence, lang)
        found = [(kind, at) for kind, patterns in self._asks if (at := _match_at(patterns, lang, text)) is not None]
        if len(found) > 1 and found[0][0] == PERMISSION and (must := dict(found).get(NECESSITY)) is not None \
                and must < found[0][1]:  # whether one thing is needed, then leave for the other instead:
            # "KMS 키는 고객 관리형 키를 써야 하나요, AWS 관리형 키로도 되나요?" asks whether the first is
            # required, as "do we need X or is Y enough?" does
            return NECESSITY
        return found[0][0] if found else None

    def asking_sentence(self, question: str, lang: str) -> str | None:
        """The first sentence of an open question that asks yes or no (what `ask_of` reads the question by), or
        None."""
        text = fold_chinese(question.strip())
        sentences = [p for p in _SENTENCES.split(text) if p.strip()]
        found = next((p for p in sentences if not matches(self._open, lang, p)
                      and any(matches(patterns, lang, p) for _, patterns in self._asks)), None)
        if found is None and len(sentences) == 1:  # ... or, in a question of one sentence, its first clause that does
            # ("Is AWS Glue HIPAA eligible and how do we encrypt the glue data catalog": the clause before "and how")
            found = next((c.rstrip() + "?" for c in split(text) if not matches(self._open, lang, c + "?")
                          and any(matches(patterns, lang, c.rstrip() + "?") for _, patterns in self._asks)), None)
        if found is None and len(sentences) == 1 and (last := last_phrase(text).strip()) != text.strip().rstrip(
                "?？") and not matches(self._open, lang, last + "?") \
                and any(matches(patterns, lang, last + "?") for _, patterns in self._asks):
            found = last + "?"  # ... or its last phrase, after a comma ("what about Comprehend Medical for clinical
            # notes, does it store our data?": trial 62d, whose yes or no was left unasked)
        return found

    def restates(self, question: str, lang: str) -> str | None:
        """Does the whole question ask the conversation's last question again: WHY ("why?", "왜요?", "為什麼？"),
        SURE ("are you sure?", "확실해요?", "你確定嗎？"), or for one edition's words, "ko" or "zh" ("and in
        Korean?", "중국어 문서에서는 뭐라고 돼 있어요?", "韓文版原文怎麼寫？"; asks.yaml `why`, `sure`, `edition_ko`,
        `edition_zh`)? None otherwise."""
        text = fold_chinese(question.strip())
        return next((kind for kind, patterns in self._restating if matches(patterns, lang, text)), None)

    def clause_asks(self, clause: str, lang: str) -> str | None:
        """How a clause of a question (kb/clauses.py `split`, which drops its "?") asks: `ask_of` the clause with its
        question mark back, and without a leading label ("Redshift: can the cluster key live in CloudHSM" asks as
        "can the cluster key ..." does)."""
        return self.ask_of(_LABEL.sub("", clause, count=1).rstrip() + "?", lang)

    def flagged(self, text: str, lang: str, flag: str) -> bool:
        """Does `text` (a clause) match asks.yaml `flag` ("choice": "... terminate TLS or just pass it thru"; "open":
        a how/what/which question)?"""
        return matches(self._open if flag == "open" else self._flags[flag], lang, fold_chinese(text.strip()))

    def pattern(self, flag: str, lang: str) -> re.Pattern[str]:
        """The compiled asks.yaml pattern of `flag` (a key of FLAGS) for `lang`, English's for a language with none."""
        patterns = self._flags[flag]
        return patterns.get(lang) or patterns["en"]

    def purpose_of(self, question: str, lang: str) -> str:
        """The words saying what a service is used for (asks.yaml `purpose`: "use AWS Config to monitor"), "" for
        none."""
        found = self.pattern("purpose", lang).search(fold_chinese(question))
        return found.group(0) if found else ""

    def asks_only(self, question: str, lang: str, flag: str) -> bool:
        """Does every clause of `question` that asks yes or no match asks.yaml `flag` ("Does the BAA let us put PHI
        in any AWS service?"), not one of two ("Does AWS sign a BAA, and can we put PHI in any AWS service?": a yes
        to the first, a no to the second)?"""
        asking = [c for c in split(question) if self.ask_of(c, lang) is not None]
        return len(asking) < 2 or all(matches(self._flags[flag], lang, fold_chinese(c)) for c in asking)

    def asks_to_store(self, question: str, lang: str, flag: str = "stores") -> bool:
        """Does the question ask leave to keep data in a service (`flag` "stores"; "carries": to keep or pass it
        through), in one clause ("Can CloudWatch store PHI?"), not ask leave for one thing and whether the service
        keeps data in another ("Can we send notes to Comprehend Medical? Does it store the PHI we send?": no "No." by
        "it keeps no data"; "is AMS ok to run our PHI workloads? does using it change which services we can put PHI
        in?": no "No." by "AMS tools cannot store or transmit PHI")?"""
        clauses = split(question)
        return len(clauses) < 2 or any(self.ask_of(c, lang) == PERMISSION and matches(
            self._flags[flag], lang, fold_chinese(c)) for c in clauses)

    def without_scene(self, question: str, lang: str) -> str:
        """`question` without the phrases before its last that set a scene (kb/clauses.py `without_premises`)."""
        return without_premises(question, self._premise.get(lang))

    def _replaced(self, key: str, start: int, end: int, lang: str) -> bool:
        """Is the mention at key[start:end] (a norm()ed question) of a service the question replaces ("EMR instead of
        Athena", "Athena 대신", "取代 Athena"): asks.yaml `replaced`, matched against the mention's surroundings with
        the mention written as "§"?"""
        return matches(self._replaced_by, lang, fold_chinese(f"{key[max(0, start - 20):start]}§{key[end:end + 12]}"))

    def _uses_phi_in(self, folded: str, lang: str) -> bool:
        """Does a (script-folded) question speak of using a service with PHI at all, not of putting PHI in a
        part of it ("environment variables", "job definitions": asks.yaml `part`)?"""
        return matches(self._uses_phi, lang, folded) and not matches_mixed(self._part, lang, folded)


def matches(patterns: dict[str, re.Pattern[str]], lang: str, text: str) -> bool:
    """Does the pattern of `lang` (English's for a language with none) match `text` (script-folded)?"""
    return _match_at(patterns, lang, text) is not None


def _match_at(patterns: dict[str, re.Pattern[str]], lang: str, text: str) -> int | None:
    """Where the pattern of `lang` (`matches`) first matches `text`, or None."""
    pattern = patterns.get(lang) or patterns.get("en")
    found = pattern.search(text) if pattern else None
    return found.start() if found else None


def matches_mixed(patterns: dict[str, re.Pattern[str]], lang: str, text: str) -> bool:
    """`matches`, and for a Korean or Chinese question also English's pattern on a phrase typed in English
    (kb/lang.py `typed_in_english`): "AWS Batch job definition 放病人資料?" names a part of the service."""
    return matches(patterns, lang, text) or (lang != "en" and "en" in patterns
                                             and typed_in_english(patterns["en"], latin_words(text)))


def compile_patterns(patterns: dict[str, str], flags: int = re.I) -> dict[str, re.Pattern[str]]:
    """Per-language regexes compiled from their script-folded text (match them against folded text)."""
    return {lang: re.compile(fold_chinese(p), flags) for lang, p in patterns.items()}
