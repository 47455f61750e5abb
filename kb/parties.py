"""Who is responsible: for a question asking which party does something, each service's facet leads with the record
that names the party for it (its own, or one of the sections that assign parties for the services they name)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kb.analysis import Analyzer
from kb.catalog import Catalog
from kb.relevance import Query, Relevance
from kb.requirements import Requirement, RequirementCatalog
from kb.responsibility import names_party
from kb.specific import words_in
from kb.support import Support

HELD = 2  # of the question's specific words (all, when it has fewer) a record holds to answer who, naming no party
# ("EKS 控制平面是誰負責？": "without maintaining your own control plane")
SAID_INSTEAD = 2  # records of a service no record names a party for, shown as what its section does say (as
# kb/facets.py SECTION_SAYS for a topic its section is silent on)

if TYPE_CHECKING:  # (kb/facets.py builds the facets and calls this module)
    from kb.facet import Facet


class Parties:
    """Puts the record naming the responsible party first in a facet. Read-only (`model`, resolved once): shared across
    threads."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog, relevance: Relevance,
                 support: Support) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records
        self.relevance = relevance
        self.support = support
        # the records stating the shared responsibility model for every service (topics.yaml `responsibility_model`),
        # as (section, record): not a record making the customer secure "its operating systems", which holds for
        # infrastructure services only (trials read it as said of Lambda)
        model = [r for r in map(records.get, analyzer.responsibility_model) if r is not None]
        self.model = [(entry, r) for r in model if (entry := catalog.get(r.section)) is not None]

    def assign(self, facets: list[Facet], topics: list[str], query: Query, scores: dict[str, float],
                      ranked_of: dict[str, list[tuple[float, Requirement]]], fit: Callable[[Requirement], float],
                      words: dict[str, float] | None = None) -> None:
        """For a question asking which party is responsible (`words`: its specific words), a service's facet on a topic
        asked whose records name no party gets, first, the record of the sections that speak of the topic
        (kb/support.py) that speaks for the service and assigns it ("Who is responsible for configuring backups of RDS
        databases, AWS or us?": "for container services such as Amazon RDS, configuring and using the backup tools is
        the customer's responsibility", not only RDS's encryption records), or whose section says nothing of the topic
        ("Who patches the OS of RDS instances?": "for container services such as Amazon RDS, AWS manages ... the
        operating system", not only where the documents speak of patching, EC2's customer patching among them). It is
        ranked (`scores`) as the facet's best record. A facet on no topic whose records name no party gets its section's
        record that does and has the question's specific words (`fit`; `ranked_of`: each section's ranked records): "who
        configures security groups and NACLs, us or AWS?" is answered by VPC's "configuring network security within your
        VPC is your responsibility" (ranked above the records "NACLs" kept), not by three on how network ACLs work. A
        service's facet that still names no party (and has no record with HELD of the question's `words`) is said not to
        say who (`_unsaid`); a topic's facet that none speaks for gets the model for every service as its pointers.
        After a scene that asks nothing, the rival records are weighed by the words of the phrase that asks
        (`_asked_fit`)."""
        rival_fit = self._asked_fit(query, words, fit)
        for f in facets:
            if f.topic is None and not any(names_party(r.statement["en"]) for r in f.records):
                best = max((scores.get(r.id, 0.0) for r in f.records), default=0.0)
                extra = next((r for score, r in ranked_of.get(f.section.id, [])
                              if names_party(r.statement["en"]) and (fit(r) > 0 or score >= best)), None)
                if extra is not None:  # (ranked above what the question's specific words kept: "who" is no word)
                    scores[extra.id] = max(best, scores.get(extra.id, 0.0))
                    f.records.insert(0, extra)
            self._rival(f, query, scores, rival_fit)
            if f.topic is None and f.section.kind == "service" \
                    and not any(names_party(r.statement["en"]) for r in f.records) \
                    and not (words and any(len(self.relevance.held_words(query, r, words)) >= min(HELD, len(words))
                                           for r in f.records)):
                self._unsaid(f)  # (a record with the question's own words answers it: "EKS 控制平面是誰負責？",
                continue  # "without maintaining your own control plane")
            if f.topic not in topics or f.section.kind != "service":
                continue
            named = any(names_party(r.statement["en"]) for r in f.records)  # (by its own record or a rival one)
            pointed = [] if named else self.support.of(f.topic, query, about=f.section)
            extra = next((r for _, r in pointed if self.support.speaks_for(r, f.section)
                          and names_party(r.statement["en"])), None)
            if extra is not None:  # (the records that only mention the topic go: "encryption covers automated
                # backups" says nothing of who configures them)
                scores[extra.id] = max((scores.get(r.id, 0.0) for r in f.records), default=scores.get(
                    extra.id, next((score for score, _ in self.support.ranker.rank(query, [extra])), 0.0)))
                # (a facet with no record of its own: as the question fits it, not 0, so that it is no section named
                # in passing beside another's: "Who patches the OS on EC2 vs on managed services like RDS?", trial 59a)
                f.records = [extra, *(r for r in f.records if r.topic == f.topic)]
                f.pointers, f.references, f.section_says = [], [], []  # (covered now: by what speaks for it)
            elif named or not f.records:  # a pointer making a party responsible for another service is no answer
                # to who does it for this one ("Who patches the Lambda runtime?": not EC2's "patch management is the
                # customer's responsibility"; "誰負責 RDS 底層作業系統的修補？": not beside the container-services
                # record), nor one naming what the facet already lists
                f.pointers = [(s, r) for s, r in f.pointers if r not in f.records
                              and (not names_party(r.statement["en"]) or self.support.speaks_for(r, f.section))]
                if not f.records and not any(names_party(r.statement["en"]) for _, r in f.pointers):
                    f.pointers += self.model  # ... but the model for every service is ("Who patches the Lambda
                    # runtime?": no guidance on patching; AWS secures the cloud, the customer what it deploys in it)
                    f.party_unsaid = bool(f.pointers)

    def _asked_fit(self, query: Query, words: dict[str, float] | None,
                   fit: Callable[[Requirement], float]) -> Callable[[Requirement], float]:
        """`fit`, or after a scene that asks nothing (Analyzer.asking_phrase) the share of the specific `words` of the
        phrase that asks a record holds: "Since AWS handles physical security under the shared model, who patches the
        EC2 OS then?" is not decided by what AWS manages "for infrastructure services such as Amazon EC2", physical
        security among it, which the scene names."""
        phrase = self.analyzer.asking_phrase(query.text, query.lang)
        if phrase is None or not words:
            return fit
        asked = words_in(words, phrase)
        return lambda r: self.relevance.specific_fit(query, r, asked) if asked else 0.0

    def _unsaid(self, f: Facet) -> None:
        """A service's facet on no topic that no record names a party for, of its own section or of the sections that
        assign parties for the services they name (`assign`, `_rival`): "Who is responsible for securing Lambda
        functions, AWS or us?" is answered "the AWS Lambda section does not say who is responsible", then what the
        section says (its first SAID_INSTEAD records) and, as where the documents speak of it, the shared
        responsibility model (`model`), not by its encryption records as if they said who."""
        if self.model:
            f.section_says, f.records, f.pointers = f.records[:SAID_INSTEAD], [], list(self.model)
            f.quotes, f.references, f.party_unsaid = [], [], True

    def _rival(self, f: Facet, query: Query, scores: dict[str, float],
                     fit: Callable[[Requirement], float]) -> None:
        """A service's facet whose first record naming a party (or, with none, its best record) has fewer of the
        question's specific words (`fit`; as many, on no topic: fits it worse, Relevance.record) than the best-ranked
        record naming a party for the service in the sections that assign parties for the services they name (every
        topic's topics.yaml `naming`): that one is put first (ranked, `scores`, as the facet's best). "Who is
        responsible for the network infrastructure under EC2?" is "for infrastructure services such as Amazon EC2,
        AWS manages ... the network infrastructure", not EC2's "patch management of instances is the customer's
        responsibility"; "Who patches the OS on our EC2 instances?" keeps the latter. A record naming a party is put
        first either way."""
        if f.section.kind != "service":
            return
        places = dict.fromkeys(s for t in self.analyzer.topics for s in t.naming)
        rivals = [r for s in places if self.catalog.get(s) is not None
                  for r in self.records.of(self.catalog.descendants(s))
                  if r not in f.records and (f.topic is None or r.topic in (f.topic, "other"))
                  and names_party(r.statement["en"]) and self.support.speaks_for(r, f.section)]

        def rank(r: Requirement) -> tuple[float, float]:  # (on a topic asked, its records fit it as well as any)
            return fit(r), self.relevance.record(query, r).score if f.topic is None else 0.0

        party = [r for r in f.records if names_party(r.statement["en"])][:1]
        mine = max(map(rank, party or f.records), default=(0.0, 0.0))
        best = max(rivals, key=lambda r: self.relevance.record(query, r).score, default=None)
        lead = best if best is not None and rank(best) > mine else party[0] if party else None
        if lead is not None:  # (the party record leads the facet, whatever else fits the question's words)
            scores[lead.id] = max((scores.get(r.id, 0.0) for r in f.records), default=0.0)
            f.records = [lead, *(r for r in f.records if r is not lead)]
