"""AWS services the documents have no section on that some records name ("Direct Connect", "Macie"): a question
about them alone is answered from those records and says so; named beside covered services, they are said to be
mentioned there, not left uncovered by the documents."""
from __future__ import annotations

from dataclasses import replace

from kb.analysis import Analysis
from kb.asks import NECESSITY, PERMISSION
from kb.catalog import Catalog, Section
from kb.compose import Composer
from kb.crossrefs import CrossRefs
from kb.facet import Facet
from kb.phrases import ELIGIBLE_SERVICES_URL, phrase
from kb.records import Answer, SectionRef
from kb.relevance import Query, Relevance
from kb.requirements import Requirement
from kb.topics import AT_REST, IN_TRANSIT

MENTIONED_PER_SECTION = 2  # records of a section naming a service the documents have no section on (the best-fitting)


class Mentions:
    """Answers from the records naming a service with no section. Read-only: shared across threads."""

    def __init__(self, catalog: Catalog, refs: CrossRefs, relevance: Relevance, composer: Composer,
                 max_sections: int) -> None:
        self.catalog = catalog
        self.refs = refs
        self.relevance = relevance
        self.composer = composer
        self.max_sections = max_sections

    def places(self, section: Section) -> list[Section]:
        """The covered top-level sections whose records' statements name `section` (a service with no section of its
        own), in catalog order of their records."""
        tops = [self.catalog.top(r.section) for r in self.refs.mentioning(section)]
        return list({s.id: s for s in tops if s.covered}.values())

    def records(self, a: Analysis) -> list[Requirement]:
        """For a question about AWS services without a whitepaper section (and no other cloud): their own records
        in a related document (the study notes' AWS Artifact: "use it to accept the BAA") and the records of covered
        sections whose statements name them (their own claim, not a list their evidence quotes); [] when one of them
        has none."""
        if a.clouds:
            return []
        found: dict[str, Requirement] = {}
        for u in a.uncovered:
            records = [*self.refs.records.of({u.id}),
                       *(r for r in self.refs.mentioning(u) if (s := self.catalog.get(r.section)) and s.covered)]
            if not records:
                return []
            found.update((r.id, r) for r in records)
        return list(found.values())

    def facets(self, records: list[Requirement], query: Query, services: list[Section] = ()) -> list[Facet]:
        """One facet per section of `records`, each with its MENTIONED_PER_SECTION best-fitting records, the sections
        whose listed records fit the question best together first (at most max_sections): "VPN이랑 Direct Connect 중에
        뭘 써야 하나요? Direct Connect는 암호화 되나?" is answered by the 2016 paper's two VPC records on IPsec VPNs and
        Direct Connect before CloudHSM's one record that names Direct Connect in passing, which fits a little better.
        Of the `services` asked about, each keeps the record naming it that fits best ("Direct Connect랑 VPN 중 뭘 써야
        하나요?" listed two VPC records on VPNs and none on Direct Connect)."""
        fit = {r.id: self.relevance.record(query, r).score for r in records}
        ids = {r.id for r in records}
        firsts = {max(mine, key=lambda r: fit[r.id]).id for u in services
                  if (mine := [r for r in self.refs.mentioning(u) if r.id in ids])}
        by_section: dict[str, list[Requirement]] = {}
        for r in sorted(records, key=lambda r: (r.id not in firsts, -fit[r.id])):
            by_section.setdefault(r.section, []).append(r)
        listed = sorted(((sid, rs[:MENTIONED_PER_SECTION]) for sid, rs in by_section.items()),
                        key=lambda x: -sum(fit[r.id] for r in x[1]))
        return [Facet(self.catalog.get(sid), None, rs) for sid, rs in listed[: self.max_sections]]

    def answer(self, question: str, a: Analysis, facets: list[Facet], edition: str, notes: list[str],
               query: Query) -> Answer:
        """Said first: the documents have no section on the service; then what the records naming it say. A "must we
        encrypt?" is answered first by the rule for every service, which holds wherever PHI is ("Do we still need
        TLS/IPsec for PHI over Direct Connect?": "Yes, by the rule for every service.", then what the records naming
        Direct Connect say)."""
        by_rule = (a.ask == NECESSITY or (a.ask == PERMISSION and a.without)) and bool({AT_REST, IN_TRANSIT}
                                                                                     & set(a.topics))
        # ("Direct Connect 쓰면 따로 암호화 안해도 되죠?": "No.", by the rule on the topic the records naming it speak
        # of, PHI in transit, first)
        said = [r.topic for f in facets for r in f.records]
        ordered = replace(a, topics=sorted(a.topics, key=lambda t: -said.count(t)))  # (most spoken of first; stable)
        composed = self.composer.compose(ordered, facets, edition, support=[], notes=notes, query=query,
                                         decide=False, by_rule=by_rule)
        own = any(f.section in a.uncovered for f in facets)  # (a related document's section on it: "what the
        # documents say of it", not "only what they say of it in other sections")
        lead = phrase(a.lang, "uncovered_related" if own else "uncovered_mentioned", url=ELIGIBLE_SERVICES_URL,
                      names=phrase(a.lang, "sep").join(s.name(a.lang) for s in a.uncovered))
        verdict_line, _, rest = composed.text.partition("\n\n") if composed.verdict else ("", "", composed.text)
        text = "\n\n".join(x for x in (verdict_line, lead, rest) if x)
        return Answer(question=question, lang=a.lang, abstained=False, answer=text, verdict=composed.verdict,
                      services=[SectionRef(f.section.id, self.composer.name(f.section, a.lang)) for f in facets],
                      citations=composed.citations, topics=a.topics, facets=[f.as_json() for f in facets],
                      not_covered=[SectionRef(s.id, s.name(a.lang)) for s in a.uncovered],
                      records=composed.records, reason="mentioned-elsewhere")

    def note(self, a: Analysis, notes: list[str]) -> None:
        """Appends to `notes` what is said of the services asked about that have no section: the ones no record
        names are not covered; the others are mentioned in the sections named ("GuardDuty랑 Macie 차이가 뭐예요?": the
        Forecast page and the whitepaper recommend Macie), not left uncovered by the documents."""
        where = {s.id: self.places(s) for s in a.uncovered}
        for mentioned in (False, True):
            uncovered = [s for s in a.uncovered if bool(where[s.id]) == mentioned]
            if uncovered:
                names = phrase(a.lang, "sep").join(s.name(a.lang) for s in uncovered)
                places = phrase(a.lang, "sep").join(dict.fromkeys(
                    self.composer.name(x, a.lang) for s in uncovered for x in where[s.id]))
                notes.append(phrase(a.lang, "not_covered_mentioned_also" if mentioned else "not_covered_also",
                                    names=names, sections=places))
