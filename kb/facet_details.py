"""A detail the question asks for (kb/details.py) that the records listed do not give: added from the answered
sections' own records, from the sections the topics asked point to, or from any other section that gives it."""
from __future__ import annotations

from collections.abc import Callable

from kb.analysis import Analyzer
from kb.catalog import Catalog, Section
from kb.crossrefs import CrossRefs
from kb.facet import Facet
from kb.focus import ELSEWHERE_FOCUS, MIN_SCORE
from kb.ranking import Ranker
from kb.relevance import Query
from kb.requirements import Requirement, RequirementCatalog
from kb.topics import ELIGIBILITY


class DetailGiver:
    """Adds the records giving an asked detail to an answer's facets. Read-only: shared across threads."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog, ranker: Ranker,
                 refs: CrossRefs) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records
        self.ranker = ranker
        self.refs = refs

    @staticmethod
    def add_detail(facets: list[Facet], sections: list[Section],
                     ranked_of: dict[str, list[tuple[float, Requirement]]],
                     wanted: Callable[[Requirement], bool], on_point: Callable[[Requirement], bool]) -> None:
        """A detail the question asks for (`wanted`: a record gives it, kb/details.py) that no listed record of a
        section gives is added from the section's best-ranked record that gives it and is on the point of the
        question (`on_point`: shares its specific words or a topic asked): "RDS for SQL Server 支援哪些版本跟
        edition?" lists the editions record even when others fit its words better."""
        listed = {r.id for f in facets for r in f.records}
        for section in sections:
            mine = [f for f in facets if f.section.id == section.id and f.topic != ELIGIBILITY and f.records]
            if not mine or any(wanted(r) for f in mine for r in f.records):
                continue
            extra = _first_giving(ranked_of.get(section.id, []), listed, lambda r: wanted(r) and on_point(r))
            if extra is not None:
                mine[0].records.append(extra)
                listed.add(extra.id)

    def give_detail(self, facets: list[Facet], query: Query, gives: Callable[[Requirement], bool],
                    topics: list[str] = (), sections: list[Section] = (), floor: float = MIN_SCORE) -> bool:
        """Before an answer says the documents do not give an asked detail (`gives`: a record gives it,
        kb/details.py), the best-ranked record (at least MIN_SCORE) of each answered service's whole family that
        gives it is listed first, as a facet of its own: "Which Redis engine version do we need ... for in-transit
        and at-rest encryption?" lists the engine-versions record before the encryption ones, "Redis AUTH token ...
        最低引擎版本？" the parent section's beside the AUTH subsection's; then the sections that speak of the
        `topics` asked for every service (topics.yaml pointers): "AWS Backup 可以跨區域複製嗎？" lists the 2016
        paper's "replicating data across Regions is the customer's responsibility". The answer's `sections` that no
        listed record is of come after the answered ones ("least privilege and MFA for admins? ... IAM groups":
        the IAM chapter's records fit best, the account chapter beside it has MFA). `floor`: the least Ranker.rank
        score of a record listed so (a thing the question names, kb/details.py `term`, is given by a record with its
        words however the rest of a long question fits it: "DR plan: ... multi-region recovery for PHI workloads?",
        the 2016 paper's "replicating data across Regions is the customer's", 0.12). Returns whether one was added."""
        listed = {r.id for f in facets for r in f.records}
        added = False
        tops = [self.catalog.top(f.section.id).id for f in facets if f.records]
        tops += [self.catalog.top(s.id).id for s in sections]
        tops += [p for t in topics for p in self.analyzer.topic(t).pointers if self.catalog.get(p) is not None]
        # a dated or secondary record on another topic gives no detail of those asked ("S3 서버 측 암호화 알고리즘은?"
        # is not answered by the 2016 integrity-check row's "AES-GCM"; the engine versions that may hold PHI answer
        # "which Redis version for encryption?"); the whitepaper's own does, whatever topic a verb was read as
        # ("Lambda 访问 S3 时该用什么地址？" reads "access" from 访问: Lambda's transit record gives the address)
        def on_topic(r: Requirement) -> bool:
            return gives(r) and (not topics or r.topic in (*topics, ELIGIBILITY) or self.ranker.authoritative(r))

        answered = {self.catalog.top(f.section.id).id for f in facets}  # (with records or not: "EC2 has no backups")
        for top in dict.fromkeys(tops):
            ranked = self.ranker.rank(query, self.records.of(self.catalog.descendants(top)))
            if top not in answered:  # (a topic's chapter: its record naming a service answered first)
                ranked = self.naming_first(ranked, answered)
            extra = _first_giving(ranked, listed, on_topic, floor)
            entry = self.catalog.get(extra.section) if extra is not None else None
            if extra is None or entry is None:
                continue
            mine = [i for i, f in enumerate(facets) if self.catalog.top(f.section.id).id == top]
            facets.insert(mine[0] if mine else len(facets), Facet(entry, None, [extra]))  # the detail asked leads
            listed.add(extra.id)
            added = True
        return added

    def naming_first(self, ranked: list[tuple[float, Requirement]], tops: set[str]
                      ) -> list[tuple[float, Requirement]]:
        """`ranked` with the general chapters' records whose statement names one of `tops` (top-level entry ids)
        first, each part in its order: the chapter's "for DR on Amazon EC2, launch instances in several Availability
        Zones" before the 2016 paper's BC/DR tools of RDS for "backup and DR for ec2 media servers" (trials 59a, 59c);
        not another service's record listing it in passing (VPC's "resource policies (S3, SNS, ...)" is no word on
        SMS through SNS)."""
        naming = [(score, r) for score, r in ranked if self.catalog.top(r.section).kind == "general"
                  and tops & {self.catalog.top(s).id for s in self.refs.stated(r)}]
        return naming + [x for x in ranked if x not in naming]

    def give_elsewhere(self, facets: list[Facet], query: Query, gives: Callable[[Requirement], bool],
                       share: float = ELSEWHERE_FOCUS) -> bool:
        """For a thing asked that no record of the answer's sections speaks of (a kb/details.py `elsewhere` term): the
        best-ranked record of any other section that gives it (and that section's next), when it fits the question
        at least FOCUS x the best record listed (and MIN_SCORE), after the answer's facets as one of its own (not
        Cognito's "immutable" user attributes for "S3 Object Lock for PHI backups?"): "Can we send appointment
        reminders with PHI by SMS through SNS?" - the SNS section does not speak of SMS, Amazon Pinpoint's does ("use
        a dedicated short code"). `share`: of the best record listed the other section's must fit (ELSEWHERE_FOCUS).
        Returns whether one was added."""
        listed = {r.id for f in facets for r in f.records}
        tops = {self.catalog.top(f.section.id).id for f in facets}
        ranked = self.ranker.rank(query, [r for r in self.records if self.catalog.top(r.section).id not in tops])
        best = max((score for score, _ in self.ranker.rank(query, [r for f in facets for r in f.records])),
                   default=0.0)
        pointed = {x for f in facets for x in f.section.see_also}  # (a section the answer's own sections point to
        # needs only ELSEWHERE_FOCUS: "我們要怎麼跟AWS簽BAA？", the BAA chapter's AWS Artifact, fitting 0.74 of it)
        fitting = [(score, r) for score, r in ranked
                   if score >= (min(share, ELSEWHERE_FOCUS) if r.section in pointed else share) * best]
        # one naming a service asked first ("backup and DR for ec2 ...": the chapter's DR on EC2 across Availability
        # Zones, not the 2016 paper's BC/DR tools of RDS, which fits the words better)
        extra = _first_giving(self.naming_first(fitting, tops), listed, gives)
        entry = self.catalog.get(extra.section) if extra is not None else None
        if extra is None or entry is None:
            return False
        more = _first_giving([(score, r) for score, r in fitting if r.section == extra.section], listed | {extra.id},
                             gives)  # (and its section's next: "a key policy controls access to the key" beside
        facets.append(Facet(entry, None, [extra, *([more] if more else [])]))  # the Forecast actions it allows)
        return True


def _first_giving(ranked: list[tuple[float, Requirement]], listed: set[str],
                  gives: Callable[[Requirement], bool], floor: float = MIN_SCORE) -> Requirement | None:
    """The best-ranked record (Ranker.rank, at least `floor`) not `listed` (record ids) that `gives` a detail
    asked."""
    return next((r for score, r in ranked if score >= floor and r.id not in listed and gives(r)), None)
