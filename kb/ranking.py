"""Ranking requirement records against a question: their fit (kb/relevance.py) plus what every question adds for a
record (its strength, a caveat, the authority of its source, whether it assigns a responsibility)."""
from __future__ import annotations

import numpy as np

from kb.citation_format import priorities
from kb.pruning import echoes
from kb.relevance import Query, Relevance
from kb.requirements import Requirement
from kb.responsibility import ASSIGNS
from kb.wording import Wording

STRENGTH_BONUS = {"must": 0.15, "should": 0.1, "may": 0.0, "fact": 0.0}
RESPONSIBILITY_BONUS = 0.5  # "whose job is DR?" is answered by a record that says who is responsible (ASSIGNS), not
# by what AWS offers nor by one that only names the shared responsibility model ("understand the model first")
CAVEAT_PENALTY = 0.5  # "keep evaluating whether the encryption meets your requirements" comes after the how
REQUIREMENT_BONUS = 0.15  # ... and an obligation ahead of ways and facts for a question asking what is required
# ("What does HIPAA require for backup and DR?": the contingency-plan rule before the DR chapter's ways; as much again
# as STRENGTH_BONUS["must"], chosen by hand on trials 65b and 65d: the golden set asks few such questions)
AUTHORITY_BONUS = 0.2  # ... so the whitepaper's CloudTrail section outranks a study note on CloudTrail


class Ranker:
    """Ranks records for a question. Shared across threads: its per-record caches hold the same value whichever
    thread stores it first."""

    def __init__(self, relevance: Relevance, wording: Wording, general: frozenset[str] = frozenset()) -> None:
        """`general`: the ids of the general chapters (and their subsections), whose obligations rank ahead for a
        question speaking of what is required (REQUIREMENT_BONUS)."""
        self.relevance = relevance
        self.wording = wording
        self.general = general
        self.priority = priorities(relevance.index.docs)  # doc id -> sources.yaml priority (1 = authoritative)
        self._priors: dict[str, tuple[float, bool]] = {}  # record id -> `_prior`
        self._source_ranks: dict[str, int] = {}  # record id -> `source_rank`

    def rank(self, query: Query, candidates: list[Requirement]) -> list[tuple[float, Requirement]]:
        """Candidates by relevance to the question, best first: a small bonus for must/should, for
        evidence in an authoritative document (sources.yaml priority 1: the whitepaper, AWS pages), and,
        for a question asking who is responsible, for records that assign a responsibility, and for a question
        speaking of what is required, for obligations."""
        scored = []
        for r in candidates:
            prior, assigns = self._prior(r)
            scored.append((self.relevance.record(query, r).score + prior
                           + (RESPONSIBILITY_BONUS if query.responsibility and assigns else 0.0)
                           + (REQUIREMENT_BONUS if query.requires and r.strength == "must" and r.section in self.general
                              else 0.0), r))
        return sorted(scored, key=lambda x: -x[0])

    def _prior(self, record: Requirement) -> tuple[float, bool]:
        """What `rank` adds to a record's fit whatever the question (its strength, a caveat, an authoritative
        source), and whether it assigns a responsibility; once per record: a question naming no service ranks every
        record twice."""
        found = self._priors.get(record.id)
        if found is None:
            found = self._priors[record.id] = (
                STRENGTH_BONUS[record.strength] + (AUTHORITY_BONUS if self.authoritative(record) else 0.0)
                - (CAVEAT_PENALTY if self.wording.is_caveat(record.statement["en"], "en") else 0.0),
                bool(ASSIGNS.search(record.statement["en"])))
        return found

    def source_rank(self, record: Requirement) -> int:
        """The best (lowest) sources.yaml priority among the documents of the record's evidence (once per record)."""
        found = self._source_ranks.get(record.id)
        if found is None:
            found = self._source_ranks[record.id] = min((self.priority.get(e.doc_id, 2) for e in record.evidence),
                                                        default=2)
        return found

    def authoritative(self, record: Requirement) -> bool:
        """Is some of the record's evidence in an authoritative document (sources.yaml priority 1)?"""
        return self.source_rank(record) <= 1

    def vector(self, record: Requirement) -> np.ndarray | None:
        """The English statement's vector (None without one)."""
        vectors, position = self.relevance.index.statement_vectors, self.relevance.index.statement_position
        p = position.get(record.statement["en"]) if vectors is not None else None
        return None if p is None else vectors[p].astype(np.float32)

    def without_echoes(self, records: list[Requirement]) -> list[Requirement]:
        """`records` without one that says what a more authoritative one of them says (kb/focus.py `echoes`, as
        `drop_echoes` among the records listed), so that an echo does not take a candidate's place: "根帳戶應該
        如何保護？" ranked the study notes' and the 2016 paper's "no root for daily use" among the first five, and
        "enable MFA" came sixth, past the candidates."""
        echoed = echoes(records, self.source_rank, self.vector)
        return [r for r in records if r.id not in echoed]
