"""Which catalog sections answer a question: the ones it names (a parent gives way to a subsection named with
it; a section that only sends the reader to the previous section brings that section), the sections a named
general chapter lists, and whether a follow-up names only what the conversation's services speak of."""
from __future__ import annotations

from kb.analysis import Analysis
from kb.catalog import Catalog, Section
from kb.facets import Planner
from kb.focus import PASSING_SHARE
from kb.relevance import Query
from kb.requirements import Requirement
from kb.responsibility import ASSIGNS
from kb.wording import Wording

GENERAL_BONUS = 0.3  # a question naming no service prefers general sections (tune split; kb/relevance.py scores)
SECTION_FLOOR = 0.85  # ... a section answers it when its best record fits at least this share of the best one's
POINTED_FLOOR = 0.7  # ... or this share, for a section the topics asked point to (data/topics.yaml pointers) when the
# question asks how to set the topic up ("What audit logging should we set up?" is CloudTrail's as much as the audit
# chapter's; two trials found it left out at 0.81, and "how should we set up audit logging for PHI access" at 0.75 (it
# fit 0.73); only then: "Which ... audits does AWS cite?" is no logging set-up)
RELATED_SHARE = 0.9  # a listed section's best record fits at least this share of its chapter's (tune split)


class SectionChooser:
    """Chooses an answer's sections from the catalog and the records. Read-only: shared across threads."""

    def __init__(self, catalog: Catalog, planner: Planner, wording: Wording) -> None:
        self.catalog = catalog
        self.planner = planner
        self.wording = wording

    def best_sections(self, query: Query, limit: int = 2, docs: list[str] = (),
                      topics: list[str] = (), setup: bool = False) -> list[Section]:
        """For a question naming no section: the sections of the best-fitting records among the
        general sections and those that speak of `topics` for every service (topics.yaml pointers):
        "How do we respond to an incident?" is answered by the forensics chapter, not by the one
        service section that mentions CloudTrail (GENERAL_BONUS); a service's own records still win
        when they fit far better (an unnamed "Forecast" dataset question).
        With `docs`, only records with evidence in those documents (the ones kept for a question naming them too).
        `setup`: the question asks how to set the topics up (Analysis.whole): a section they point to comes in at
        POINTED_FLOOR."""
        pointed = self.planner.analyzer.pointers(topics)
        records = self.planner.records
        pool = [*records, *(r for r in records.reserved if r.named_only)] if docs else list(records)  # (named-only:
        # RequirementCatalog.reserved)
        candidates = [r for r in pool if (not docs or r.evidence_in(docs))
                      and (not topics or r.topic in topics or r.topic == "other" or r.section in pointed
                           or self.planner.refs.general(r.section))]

        def favoured(r: Requirement) -> bool:  # a general chapter's record off the topics asked is not
            return r.section in pointed or (self.planner.refs.general(r.section) and (not topics or r.topic in topics))

        bonus = 0.0 if docs else GENERAL_BONUS  # the 2016 paper files general advice under EC2 (malware, AMIs)
        ranked = sorted(((score + (bonus if favoured(r) else 0.0), r)
                         for score, r in self.planner.ranker.rank(query, candidates)), key=lambda x: -x[0])
        if not ranked:
            return []
        best = ranked[0][0]
        general = {r.section for _, r in ranked if favoured(r)}
        out: list[Section] = []
        for score, r in ranked[:20]:
            entry = self.catalog.get(r.section)
            floor = POINTED_FLOOR if setup and r.section in pointed else SECTION_FLOOR
            if entry is None or entry in out or score < floor * best:
                continue
            if out and out[0].id in general and r.section not in general:
                continue  # a general answer is not mixed with one service's ("전송 중에는요?" is not about Redis)
            if r.section not in general and self.planner.refs.names(r) & (pointed or self.planner.analyzer.places):
                continue  # a service's record that sends to a section speaking of the topic (any topic, when none is
                # asked) for every service ("to record the account's events, Amazon Polly's included, create a
                # CloudTrail trail") does not make a question naming no service one about that service ("AWS 계정의
                # 모든 활동을 어떻게 기록하나요?")
            out.append(entry)
        own = next((self.catalog.get(p) for p in self.planner.analyzer.topic(topics[0]).pointers
                    if self.planner.refs.general(p)), None) if len(topics) == 1 and not docs else None
        if own in out:  # the topic's own chapter, when it fits well enough, comes first, however many others fit
            # better ("How do we delete PHI at the end of its retention period?": the disposal chapter, 0.86 of the
            # best, not only the audit and log chapters and RoboMaker), and a service's nested subsection is no general
            # guidance beside it ("研究結束後資料要怎麼刪除？" is not led by Comprehend > Data deletion)
            out = [own, *(s for s in out if s is not own and s.kind != "subsection")]
        return out[:limit]

    def speaks_of(self, section: Section, docs: list[str], topics: list[str] = ()) -> bool:
        """Does any of `docs` have a record or a sentence in `section` (its subsections included), or a record kept
        for a question naming them on one of `topics` (any topic when none): "2016 ... data at rest in Amazon RDS"
        is answered by the RDS engines' records of the 2016 paper, "2016 ... RDS 같은 컨테이너 서비스에서 백업·복원
        도구를 구성할 책임은?" by its backup chapter, not by those encryption records."""
        ids = self.catalog.descendants(section.id)
        return (any(r.evidence_in(docs) for r in self.planner.records.of(ids))
                or any(r.section in ids and r.evidence_in(docs) and (not topics or r.topic in topics)
                       for r in self.planner.records.reserved if r.named_only)
                or self.planner.sentences.any_in(ids, docs))

    def named(self, a: Analysis) -> list[Section]:
        """The sections the question names, most specific first-come: a parent named together with one of its
        subsections gives way to the subsection, unless the question asks a topic that only the parent's own
        records speak of ("ElastiCache for Redis에서 저장 데이터 암호화와 Redis AUTH 토큰 요구 사항은?": the AUTH
        subsection says nothing of encryption at rest); each is followed by the section it sends the reader to
        (`followed`)."""
        ancestors = {p for s in a.services for p in self._ancestors(s)}
        ancestors -= self._asked_of_parent(a, ancestors)
        return self.followed([s for s in a.services if s.id not in ancestors])

    def _asked_of_parent(self, a: Analysis, parents: set[str]) -> set[str]:
        """Those of `parents` (named beside a subsection) that the question still needs: a topic it asks is the topic
        of a record of the parent's own (outside the named subsections) and of none in the named subsections."""
        records = self.planner.records
        keep: set[str] = set()
        for parent in parents:
            subs = set().union(*(self.catalog.descendants(s.id) for s in a.services if parent in self._ancestors(s)))
            theirs = {r.topic for r in records.of(subs)}
            own = {r.topic for r in records.of(self.catalog.descendants(parent) - subs)}
            if any(t in own and t not in theirs for t in a.topics):
                keep.add(parent)
        return keep

    def followed(self, sections: list[Section]) -> list[Section]:
        """`sections`, each whitepaper service section that has no records of its own and sends the reader to the
        previous section for its guidance (data/guidance.yaml refers_previous) followed by that section:
        "Does Comprehend Medical keep our notes?" is answered from Amazon Comprehend, the section Comprehend
        Medical's "지침은 이전 섹션을 참조하십시오" means. EKS's pointer to another whitepaper is none. A service the
        documents give a former name of that has a section of its own (services.yaml `formerly`) is followed by that
        section: "Can EventBridge events carry PHI?" is answered by CloudWatch Events' "ensure PHI does not flow in"
        too."""
        out: list[Section] = []
        for s in sections:
            out.append(s)
            previous = self._sends_to(s)
            if previous is not None and previous not in sections and previous not in out:
                out.append(previous)
            for former in (self.catalog.get(x) for x in s.formerly):  # ... and by the section of its former name
                if former is not None and former not in sections and former not in out:
                    out.append(former)
        return out

    def within(self, sections: list[Section], limit: int) -> int:
        """How many of `sections` (as `followed` orders them) an answer covering `limit` services shows: a section
        that only sends the reader to the previous one and that one count as one ("Step Functions, Textract and
        Comprehend Medical": Comprehend Medical's guidance is Amazon Comprehend's, not a fourth service left out)."""
        taken = slots = 0
        for i, s in enumerate(sections):
            shared = i > 0 and self._sends_to(sections[i - 1]) == s
            if not shared and slots == limit:
                break
            slots += not shared
            taken += 1
        return taken

    def _sends_to(self, section: Section) -> Section | None:
        """The previous whitepaper service section, for a service section with no records of its own whose text sends
        the reader there (data/guidance.yaml refers_previous); else None."""
        if section.kind != "service" or not section.order \
                or self.planner.records.of(self.catalog.descendants(section.id)):
            return None
        if not any(self.wording.refers_to_previous_section(span.quote, span.lang)
                   for span in self.planner.sentences.in_section(section.id)):
            return None
        return next((x for x in self.catalog.whitepaper_services() if x.order == section.order - 1), None)

    def related(self, sections: list[Section], named: list[Section], query: Query) -> list[Section]:
        """The sections a named general chapter lists under `see_also` (data/services.yaml) whose best record
        fits the question at least RELATED_SHARE x the chapter's: "How do we protect against DDoS attacks?"
        names the 2016 paper's DDoS chapter, and the whitepaper's AWS Shield section says that Shield
        Standard protects every customer; "audit logging and log retention" names the 2016 paper's logging
        chapter, and the whitepaper's auditing chapter says where to keep the logs. A chapter named in passing (its
        best record under PASSING_SHARE x the best named section's: kb/focus.py leaves it out) brings none:
        "Comprehend 支援用 IAM 角色做聯合身分驗證嗎？" is not asking about the root account's MFA. A question asking who
        is responsible takes, at PASSING_SHARE, a related section whose records assign responsibilities ("BAA 簽了
        ... 我們自己還要負責哪些？": the shared responsibility model beside the BAA chapter)."""
        general = [s for s in sections if s.kind == "general"]
        if not general:
            return []
        bests = {s.id: self.best(query, s) for s in sections}
        general = [s for s in general if bests[s.id] >= PASSING_SHARE * max(bests.values())]
        if not general:
            return []
        best = max(bests[s.id] for s in general)
        related = {x.id: x for s in general for x in map(self.catalog.get, s.see_also)
                   if x is not None and (x.covered or self.planner.records.of(self.catalog.descendants(x.id)))
                   and x.kind != "subsection" and x not in named}  # (one no whitepaper section covers but a related
        # document's records do: AWS Artifact, where the BAA is accepted, beside the BAA chapter)

        def assigns(x: Section) -> bool:
            records = self.planner.records.of(self.catalog.descendants(x.id))
            return any(ASSIGNS.search(r.statement["en"]) for r in records)

        fits = {x.id: self.best(query, x) for x in related.values()}
        return sorted((x for x in related.values() if fits[x.id] >= RELATED_SHARE * best
                       or (query.responsibility and fits[x.id] >= PASSING_SHARE * best and assigns(x))),
                      key=lambda x: -fits[x.id])  # (the best-fitting first: the shared responsibility model before AWS
        # Artifact's "documenting your own compliance is yours" for "what is still our responsibility after the BAA?")

    def speak_of(self, context: list[Section], named: list[Section]) -> bool:
        """Do the records of the conversation's services (`context`, their subsections included) name every
        section the question names (kb/facets.py Planner.names)? "their own KMS key?" after a SageMaker question."""
        spoken = {n for s in context for r in self.planner.records.of(self.catalog.descendants(s.id))
                  for n in self.planner.names(r)}
        return all(s.id in spoken or s in context for s in named)

    def best(self, query: Query, section: Section) -> float:
        """The score (Ranker.rank) of the section's best-fitting record, its subsections' included; 0 without."""
        ranked = self.planner.ranker.rank(query, self.planner.records.of(self.catalog.descendants(section.id)))
        return ranked[0][0] if ranked else 0.0

    def _ancestors(self, entry: Section) -> list[str]:
        out = []
        while entry.parent and (parent := self.catalog.get(entry.parent)) is not None:
            out.append(parent.id)
            entry = parent
        return out
