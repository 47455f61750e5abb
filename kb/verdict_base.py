"""What every verdict rule shares (kb/verdict.py decides): the records, the question's fit to them, and the wording
of the records that makes an obligation conditional or a feature unsupported."""
from __future__ import annotations

import re
from dataclasses import replace

from kb.analysis import Analysis, Analyzer
from kb.asks import NECESSITY
from kb.citation_format import whitepaper_docs
from kb.clauses import split
from kb.facet import Facet
from kb.ranking import STRENGTH_BONUS
from kb.relevance import Query, Relevance
from kb.requirements import Requirement, RequirementCatalog
from kb.specific import specific_words
from kb.topics import AT_REST, IN_TRANSIT
from kb.variants import Variants

# how they make an obligation hold only when something else is skipped ("If you do not use SQS server-side
# encryption, encrypt the payload ..."): that something is one of two ways, so asking whether it is needed
# is answered "Optional." (data/requirements: the SQS and EFS mount-helper records)
ALTERNATIVE = ("if you do not ", "if you don't ", "unless you ")
# how they state that something cannot be done ("Amazon MSK does not support public endpoints"): a fact that
# answers "may we?" about it with no
# (not in a relative clause: "For applications and protocols that do not support encryption, ..." says nothing of
# what the service supports)
UNSUPPORTED = re.compile(r"(?<!\bthat )(?<!\bwhich )(?<!\bwho )\b(?:does not|do not|cannot|can not) support\b|"
                         r"\bis not supported\b|\bare not supported\b", re.I)
# how they leave out what a feature they name does not extend to ("supports SSE-S3, but not SSE-KMS or SSE-C")
_BUT_NOT = re.compile(r"\b(?:but|and|yet) not\b|" + UNSUPPORTED.pattern, re.I)
_CLAUSE_END = re.compile(r"[.;]")
# a term of a question: an acronym or a hyphenated name ("SSE-KMS", "KMS"), not the words every question has ("PHI",
# "HIPAA", "AWS", "BAA")
_TERM = re.compile(r"(?<![\w-])(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+|[A-Z]{2,}[0-9]*)(?![\w-])")
_EVERYWHERE = {"phi", "hipaa", "aws", "baa", "ephi"}
ENCRYPTION, BACKUP = (AT_REST, IN_TRANSIT), "backup"
# Chinese bigrams holding a function character ("也會", "的自" of "的自動備份") are no word the question asks about
FUNCTION_HAN = re.compile("[的也會会有都時时嗎吗是在和了們们起被這这些我]")
# a record decides against the best-fitting one only when it fits the question at least this share of it (as kb/focus.py
# FOCUS lists a record)
UNSUPPORTED_SHARE = 0.8


def left_out(statement: str, question: str, names: set[str]) -> bool | None:
    """Does `statement` (a record's English one) leave out what `question` asks about: True when a term of the
    question (an acronym or hyphenated name, not one of `names`, the services' own, casefolded) stands in its "but not
    ..." or "does not support ..." clause and none stands in the rest ("Does Snowball support SSE-KMS?", "Snowball
    可以用 SSE-KMS 嗎？": "supports SSE-S3, but not SSE-KMS or SSE-C"); False when the terms stand in the rest only,
    which says it "supports" them ("... SSE-S3?"); None otherwise."""
    m = _BUT_NOT.search(statement)
    if m is None:
        return None
    end = _CLAUSE_END.search(statement, m.end())
    clause = statement[m.end(): end.start() if end else len(statement)]
    rest = statement[: m.start()] + (statement[end.start():] if end else "")
    terms = {t for t in _TERM.findall(question) if t.casefold() not in names | _EVERYWHERE}

    def has(text: str, term: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.I) is not None

    inside, outside = any(has(clause, t) for t in terms), any(has(rest, t) for t in terms)
    if inside != outside:
        return inside if inside or re.search(r"\bsupports?\b", rest, re.I) else None
    return None


class VerdictBase:
    """The records and helpers the verdict rules share (kb/verdict.py, kb/verdict_facts.py,
    kb/verdict_eligibility.py). Read-only: shared across threads."""

    def __init__(self, analyzer: Analyzer, relevance: Relevance, records: RequirementCatalog | None = None,
                 variants: Variants | None = None) -> None:
        self.analyzer = analyzer
        self.relevance = relevance
        self.records = records  # every record: a service's own fact decides only when none of them fits better
        self.variants = variants  # what a record names after its service's name (a feature: Redshift Spectrum)
        self._whitepaper = whitepaper_docs(relevance.index.docs)  # (the editions a "must we?" is decided by)

    def _family_records(self, facets: list[Facet]) -> list[Requirement]:
        """Every record of the services the facets belong to, their subsections included (the Redis engine
        versions are in the service's eligibility record, the TLS record in a subsection)."""
        if self.records is None:
            return []
        catalog = self.analyzer.catalog
        roots = {catalog.top(f.section.id).id for f in facets}
        return self.records.of(set().union(*(catalog.descendants(r) for r in roots))) if roots else []

    def _feature_of(self, record: Requirement, query: Query | None) -> bool | None:
        """Is `record` about a feature or variant its English statement names after its service's name ("Amazon
        Redshift Spectrum ..."): True when the question names it too, False when it does not, None when the record
        names none."""
        section = self.analyzer.catalog.get(record.section)
        found = self.variants.features(record.statement["en"], section) \
            if self.variants is not None and query is not None and section is not None else []
        if not found:
            return None
        asked = re.sub(r"\s+", " ", query.text).casefold()
        return all(f in asked or f.split(" ", 1)[-1] in asked for f in found)

    def _names_others(self, a: Analysis, record: Requirement) -> bool:
        """Does `record` name every covered service the question names besides its subject ("Amazon CloudWatch 和
        CloudWatch Logs 可以儲存 PHI 嗎？" is not answered by CloudWatch's record alone)?"""
        others = {s.id for s in a.services if s.kind == "service" and a.subject is not None and s.id != a.subject.id}
        return others <= self._statement_names(record)

    def _statement_names(self, record: Requirement) -> set[str]:
        """The ids of the catalog sections the record's English statement names (its evidence aside)."""
        return {m[0].id for m in self.analyzer.catalog.mentions(record.statement["en"])}

    def rule_of(self, topic: str | None) -> Requirement | None:
        """The topic's rule for every HIPAA eligible service (data/topics.yaml `rule`), if it has one."""
        return self._rule(topic)

    def _rule(self, topic: str | None) -> Requirement | None:
        """The topic's rule for every HIPAA eligible service (data/topics.yaml `rule`), if it has one."""
        known = next((t for t in self.analyzer.topics if t.id == topic), None)
        rule_id = known.rule if known is not None else None
        return self.records.get(rule_id) if rule_id and self.records is not None else None

    def first_rule(self, topics: list[str]) -> Requirement | None:
        """The rule for every service (`_rule`) of the first of `topics` that has one."""
        return next((r for t in topics if (r := self._rule(t)) is not None), None)

    def _must_clauses(self, query: Query) -> list[str]:
        """The clauses of the question (kb/clauses.py `split`) that ask "must we?" when others ask something else
        ("CloudTrail 기본 암호화는 SSE-S3야 KMS야? 무결성 검증도 켜야 됨?": the second); [] when none or all do."""
        clauses = split(query.text)
        musts = [c for c in clauses if self.analyzer.clause_asks(c, query.lang) == NECESSITY]
        return musts if len(musts) < len(clauses) else []

    def _fit(self, query: Query, record: Requirement) -> float:
        """How well a record fits the question, an obligation a little ahead (kb/ranking.py STRENGTH_BONUS, as
        the planner ranks): "Do we have to sign a BAA?" is decided by "PHI only in eligible services under
        the BAA", not by the fact that AWS has offered a standard BAA since 2013."""
        return self.relevance.record(query, record).score + STRENGTH_BONUS[record.strength]

    def _words(self, a: Analysis, facets: list[Facet], query: Query, common: bool = False) -> dict[str, float]:
        """The question's specific words (kb/specific.py `specific_words`, `common` ones too) beside the sections of
        `facets`: token -> idf."""
        sections = list({f.section.id: f.section for f in facets}.values())
        return specific_words(self.relevance, self.analyzer, a, sections, query, common=common)

    def _on_point(self, a: Analysis, facets: list[Facet], query: Query | None) -> list[Facet]:
        """`facets` with only the records that have one of the question's specific words (kb/specific.py
        `specific_words`), for a question asking no topic: "Is AWS responsible for the physical security of EC2
        hosts?" is not decided by EC2's "patch management is the customer's responsibility", which says nothing of
        physical security. `facets` themselves when a topic is asked or the question has no specific words."""
        if a.topics or query is None:
            return facets
        words = self._words(a, facets, query)
        if not words:
            return facets
        return [replace(f, records=[r for r in f.records if self.relevance.specific_fit(query, r, words)])
                for f in facets]
