"""Which sentences of a requirement record an answer quotes: one edition's evidence, the sentences that
fit the question, and what a quoted sentence refers back to. `kb cite` shows all of a record's evidence."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kb.index import Index
from kb.keyword import tokenize
from kb.relevance import Query, Relevance
from kb.requirements import Evidence, Requirement
from kb.spans import Span
from kb.wording import REFERENCE, Wording

QUOTES_PER_RECORD = 2  # a record's evidence quoted in an answer (kb cite shows all of it)
QUOTE_MARGIN = 0.4  # ... the second only when it fits the question within this of the first (kb/relevance.py
# scores; tune split of the golden set: 0.3-0.5 keep every fact, 0.2 loses some)
SUPPORT_SHARE = 0.1  # ... and any sentence that has this idf-weighted share of the statement's words not yet quoted
# (a summary's claim is quoted: at 0.2 trials found "each volume key is encrypted by the KMS key you choose",
# "fail over with Elastic IP addresses" and "cluster keys in KMS or CloudHSM" said without their sentence; tune
# split: noise share .371 -> .387 at 0.1, facts unchanged)
SHORT_EVIDENCE = 100  # characters: a record whose evidence in the edition is this short is quoted whole (three short
# sentences: "encryption is per vault. The default vault is encrypted. Choose a key for a new vault." lost the one its
# statement's "the default vault is encrypted" rests on; the statement-word check misses a translated word)
HEADER_CELL = 24  # characters: a longer table cell holds a phrase of its own (the 2016 paper's tables)
ITEMS_PER_LEAD = 6  # list items quoted after a quoted lead-in, each by its opening sentence (the Forecast page's key
# policy lists three actions; a longer list is cut here: the record's `kb cite` shows all)
_ITEM_OPENS = re.compile(r"(?:^|\n)[ \t]*(?:[-*•–·]|\d{1,2}[.)])[ \t]+$")  # (ingest/segment.py's list bullets)
_SENTENCE_ENDS = (".", "。", "다", "!", "?")
_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)+(?![\d.]*\d)")  # a dotted figure a summary states: a version ("TLS 1.2",
# "3.2.6"), a share ("99.99%")


def table_header(text: str) -> bool:
    """A table's header row ("기술 | 설명 | DoS/DDoS 공격 방지"): short cells, no sentence in them. It is
    quoted only when it is all the evidence; the rows under it say what the table says."""
    cells = [c.strip() for c in text.split("|")]
    return len(cells) > 1 and all(len(c) <= HEADER_CELL and not c.endswith(_SENTENCE_ENDS) for c in cells)


class Quotes:
    """Chooses a record's quoted spans. Read-only: shared across threads."""

    def __init__(self, index: Index, wording: Wording, relevance: Relevance, editions: dict[str, str],
                 docs: dict[str, dict[str, Any]]) -> None:
        self.index = index
        self.wording = wording
        self.relevance = relevance
        self.editions = editions  # language -> the whitepaper edition's doc id
        self.docs = docs  # doc id -> the index's record of the document

    def choose(self, record: Requirement, edition: str, query: Query | None = None,
               gives: Callable[[str], bool] | None = None) -> list[Span]:
        """The spans to quote for `record`, in document order: the preferred whitepaper edition's, else the
        other edition's, else the one source's (Korean-only documents); a caveat or a table's header row
        only when it is all the evidence. First QUOTES_PER_RECORD, chosen one by one for what they add of
        the statement's words (idf-weighted share not yet covered) plus how well they fit the question
        (kb/relevance.py): "... AES-256 (GCM)" is quoted with the sentence that says AES-256. For a
        question, the second of them only when it fits the question within QUOTE_MARGIN of the first
        ("Which Redis versions?" quotes the list, not also "run a current version"); then any sentence
        that has SUPPORT_SHARE of the statement's words not yet quoted (the summary shown is the whole
        record's: each of its claims has its quote); and a sentence that refers back to the one before it
        ("따라서 ...", "These snapshots ...") comes with that sentence; a lead-in with its list's items; a
        sentence with a figure the statement states that no quoted one has ("TLS 1.2"); with `gives` (does a
        sentence give the detail the question asks for, kb/details.py), the first sentence that gives it when no
        chosen one does ("Which keys encrypt a Redshift cluster?": "these keys are data encryption keys, a database
        key, the cluster key and a KMS key", not only "four-tier key hierarchy")."""
        spans = self._evidence(record, edition)
        tokens = {s.id: set(tokenize(s.quote)) for s in spans}  # once: for twins and for the statement's words
        spans = _distinct(spans, tokens)
        telling = [s for s in spans if not self.wording.is_caveat(s.quote, s.lang) and not table_header(s.quote)]
        spans = telling or spans  # "understand the following requirements" only when it is all the evidence
        if not spans:
            return []
        if sum(len(s.quote) for s in spans) <= SHORT_EVIDENCE:
            return spans
        fit = {s.id: self.relevance.span(query, s).score if query is not None else 0.0 for s in spans}
        words, weight, total = self._statement_words(record, spans, tokens)
        if len(spans) > QUOTES_PER_RECORD:
            chosen = self._choose(spans, fit, words, weight, total)
        else:
            chosen = list(spans)
        if query is None or len(chosen) < 2:
            return self._with_items(spans, self._giving(spans, gives, self._with_figures(
                record, spans, {s.id for s in chosen})))
        first = max(chosen, key=lambda s: fit[s.id])
        kept = {s.id for s in chosen if fit[s.id] >= fit[first.id] - QUOTE_MARGIN}
        said = set().union(*(words[s.id] for s in spans if s.id in kept))

        def adds(s: Span) -> float:
            return sum(weight.get(t, 1.0) for t in words[s.id] - said) / total

        for s in sorted((s for s in spans if s.id not in kept), key=lambda s: -adds(s)):
            if adds(s) >= SUPPORT_SHARE:  # ... or says a good part of what the statement says: a claim has its quote
                kept.add(s.id)
                said |= words[s.id]
        for i, s in enumerate(spans):  # the sentence a kept one refers back to
            if s.id in kept and i and self.wording.is_back_reference(s.quote, s.lang):
                kept.add(spans[i - 1].id)
        return self._with_items(spans, self._giving(spans, gives, self._with_figures(record, spans, kept)))

    @staticmethod
    def _giving(spans: list[Span], gives: Callable[[str], bool] | None, kept: set[str]) -> set[str]:
        """`kept` and, when none of them gives the detail asked (`gives`), the first of `spans` that does."""
        if gives is None or any(gives(s.quote) for s in spans if s.id in kept):
            return kept
        holder = next((s for s in spans if gives(s.quote)), None)
        return kept if holder is None else {*kept, holder.id}

    @staticmethod
    def _with_figures(record: Requirement, spans: list[Span], kept: set[str]) -> set[str]:
        """`kept` and, for each dotted figure the record's statement states (in the spans' language) that no kept
        span has, the first of `spans` that has it: "TLS 1.2 is required" is quoted, not only "clients must support
        TLS 1.0 or later" (a claim's figure has its quote)."""
        figures = {s.id: set(_FIGURE.findall(s.quote)) for s in spans}
        quoted = set().union(*(figures[s.id] for s in spans if s.id in kept))
        for figure in _FIGURE.findall(record.says(spans[0].lang)):
            holder = next((s for s in spans if figure in figures[s.id]), None) if figure not in quoted else None
            if holder is not None:
                kept.add(holder.id)
                quoted |= figures[holder.id]
        return kept

    def _with_items(self, spans: list[Span], kept: set[str]) -> list[Span]:
        """The `kept` of `spans`, in document order, each lead-in among them with the first ITEMS_PER_LEAD items of
        its list (each item's opening sentence): "allow the following API actions." is no answer without them."""
        for s in [s for s in spans if s.id in kept]:
            kept |= {i.id for i in [i for i in spans if i.lead_in == s.id and self._opens_item(i)][:ITEMS_PER_LEAD]}
        return [s for s in spans if s.id in kept]

    def _opens_item(self, span: Span) -> bool:
        """Does `span` start a list item (a bullet or number right before it on its line)?"""
        text = self.index.texts.get(span.doc_id, "")
        return bool(_ITEM_OPENS.search(text[max(0, span.start - 12):span.start]))

    def _statement_words(self, record: Requirement, spans: list[Span], tokens: dict[str, set[str]]
                         ) -> tuple[dict[str, set[str]], dict[str, float], float]:
        """Per span, the words of the record's statement (in the spans' language) it has (`tokens`: span id ->
        its quote's tokens); their idf weights (chunk BM25); the statement's total weight."""
        said = set(tokenize(record.says(spans[0].lang)))
        weight = self.index.keyword.idf(said) if self.index.keyword is not None else {}
        words = {s.id: tokens[s.id] & said for s in spans}
        return words, weight, sum(weight.get(t, 1.0) for t in said) or 1.0

    @staticmethod
    def _choose(spans: list[Span], fit: dict[str, float], words: dict[str, set[str]], weight: dict[str, float],
                total: float) -> list[Span]:
        """QUOTES_PER_RECORD of `spans`, one by one for the statement's words they add (`_statement_words`)
        plus their fit."""
        chosen: list[Span] = []
        covered: set[str] = set()
        while len(chosen) < QUOTES_PER_RECORD:
            rest = [s for s in spans if s not in chosen]
            best = max(rest, key=lambda s: sum(weight.get(t, 1.0) for t in words[s.id] - covered) / total + fit[s.id])
            chosen.append(best)
            covered |= words[best.id]
        return [s for s in spans if s in chosen]

    def _evidence(self, record: Requirement, edition: str | list[str]) -> list[Span]:
        present = [e for e in record.evidence if self.index.span(e.span) is not None]
        first = list(edition) if isinstance(edition, list) else [self.editions.get(edition)]
        order = first + [d for d in self.editions.values() if d not in first]
        order = [d for d in order if d not in record.garbled] + [d for d in order if d in record.garbled]  # (an
        # edition whose sentence lost its meaning is quoted only when no other has evidence: the Chinese "AWS
        # CloudTrail 不應該存儲在...標籤 (元數據) 中" lost its subject, PHI)
        for doc_id in [*order, *(e.doc_id for e in present[:1])]:  # (else the one source's: Korean-only documents)
            chosen = [e for e in present if e.doc_id == doc_id]
            substantive = [e for e in chosen if self.wording.kind(e.quote, self._lang(e.doc_id)) != REFERENCE]
            if chosen:  # a "see X" pointer, or a table's introduction, is quoted only when it is all of the edition's
                return self._spans(substantive or chosen)  # evidence (the Chinese edition words "the following
                # sections ..." as one)
        return []

    def _lang(self, doc_id: str) -> str:
        return self.docs.get(doc_id, {}).get("lang", "en")

    def _spans(self, evidence: list[Evidence]) -> list[Span]:
        return [s for e in evidence if (s := self.index.span(e.span)) is not None]


def _distinct(spans: list[Span], tokens: dict[str, set[str]]) -> list[Span]:
    """`spans` without one whose words (`tokens`: span id -> its quote's tokens) another has (the 2016 paper
    says "run least-privilege checks with IAM Access Advisor" twice, once with "AWS" in front): the first, or
    the fuller, is kept."""
    words = [tokens[s.id] for s in spans]
    return [s for i, s in enumerate(spans) if not any(
        j != i and words[i] <= words[j] and (len(words[j]) > len(words[i]) or j < i) for j in range(len(spans)))]
