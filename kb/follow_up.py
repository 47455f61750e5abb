"""What a follow-up's own words ask of the conversation: its specific words (not the topic terms or the names it
shares with the conversation), whether the conversation's sections speak of them, whether a general chapter does,
and whether it asks a topic another general chapter is the home of."""
from __future__ import annotations

from kb.analysis import Analysis, Analyzer
from kb.catalog import Catalog, Section, norm
from kb.facets import Planner
from kb.keyword import tokenize
from kb.relevance import Query, Relevance
from kb.topics import AT_REST, IN_TRANSIT


class FollowUpWords:
    """Reads a follow-up's own words against the conversation's sections. Read-only: shared across threads."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, planner: Planner) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.planner = planner

    @property
    def relevance(self) -> Relevance:
        return self.planner.relevance

    def own_words(self, question: str, lang: str) -> tuple[Query, dict[str, float]]:
        """The question as words alone score it (no vector) and its specific words (Relevance.specific, common ones
        too: "endpoint" is in many records, SageMaker's too), not its topic terms ("감사 로그는요?" asks the
        conversation's service about logging): what `spoken_of` and `elsewhere` look at."""
        query = self.relevance.query(question, lang, None)
        words = self.relevance.specific(query, set(), common=True)
        found = self.analyzer.terms_in(question)
        terms = " ".join(found)  # (as the question uses them: "推論端點" is no endpoint; a word of a longer term is
        # the question's own: "root" of "root 帳號")
        rest = norm(question)  # (an encryption term is all measure: "那靜態加密呢？" after AWS Transfer Family asks it
        # of Transfer Family, not of the encryption chapter its words "加密", "态加" are in)
        for term in [*(t for t in found if {AT_REST, IN_TRANSIT} & set(self.analyzer.topics_of(t))),
                     *(t for t in self.analyzer.encryption_terms if t in rest)]:
            rest = rest.replace(norm(term), " ")
        left = set(tokenize(rest))
        return query, {w: v for w, v in words.items() if w in left
                       and not (w in terms and self.analyzer.topics_of(w, plain=False))}

    def spoken_of(self, own: tuple[Query, dict[str, float]], sections: list[Section]) -> bool:
        """Has a record of `sections` (their subsections too) one of the question's specific words (`own`:
        `own_words`): "推論端點呢？" after a SageMaker question asks about SageMaker's inference endpoints, "What about
        pricing?" after an S3 question asks nothing S3's records speak of."""
        query, words = own
        records = self.planner.records.of({d for s in sections for d in self.catalog.descendants(s.id)})
        return bool(words) and any(self.relevance.specific_fit(query, r, words) for r in records)

    def chapter_of_its_own(self, context: list[Section], a: Analysis) -> bool:
        """Does a follow-up after a general chapter ask a topic other general chapters are the home of (topics.yaml
        `pointers`), none of the conversation's? "+and backup / DR for the whole backend?" after an incident-response
        question asks the backup and DR chapter, not the incident chapter's word on backups (trial 60a)."""
        home = self.analyzer.pointers(a.topics)
        return bool(home) and all(s.kind == "general" for s in context) and not home & {s.id for s in context}

    def elsewhere(self, own: tuple[Query, dict[str, float]]) -> bool:
        """Has a general chapter's record two of the question's specific words (`own`: `own_words`; asked when the
        conversation's records have none: "격리", "조사" after an EC2 question, the 2016 paper's forensics record)?"""
        query, words = own
        return len(words) > 1 and any(self.planner.refs.general(r.section) and len(self.relevance.held_words(
            query, r, words)) > 1 for r in self.planner.records)  # (two of them: "is that on by default?" is EBS's)
