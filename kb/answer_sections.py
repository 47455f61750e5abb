"""Which of the sections a question names an answer covers, and in what order: how many (a pipeline's stages, services
asked clause by clause), a family's members by what their sections speak of, a topic's home chapter in place of one
named only by a topic's term, a general chapter answering a leading clause, a service's nested subsection never
presented as general guidance."""
from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from kb.analysis import Analysis, Analyzer
from kb.catalog import Catalog, Section, norm
from kb.clauses import LIST_MIN, each_asked, list_items, split
from kb.facets import Planner
from kb.focus import SECTION_SHARE
from kb.keyword import tokenize
from kb.relevance import Query, Relevance
from kb.sections import SectionChooser
from kb.topics import ELIGIBILITY

PIPELINE_SECTIONS = 5  # services a pipeline asked about stage by stage covers (trials: four-stage pipelines lost the
# last stage, where PHI comes to rest, at the usual three; the answer's record limit is shared among them, kb/focus.py)


class AnswerSections:
    """The sections an answer covers, among those a question names. Read-only once built: shared across threads.
    `editions`: the whitepaper editions' doc ids; `vector`: question -> its embedding (None when the embedder
    fails)."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, planner: Planner, sections: SectionChooser,
                 editions: list[str], vector: Callable[[str], np.ndarray | None], max_sections: int = 3) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.planner = planner
        self.sections = sections
        self.editions = editions
        self.vector = vector
        self.max_sections = max_sections

    @property
    def relevance(self) -> Relevance:
        return self.planner.relevance

    def whitepaper_on(self, section: Section, topics: list[str]) -> bool:
        """Has `section` (its subsections included) a whitepaper record on one of `topics`?"""
        whitepaper = list(self.editions)
        return any(r.topic in topics and r.evidence_in(whitepaper)
                   for r in self.planner.records.of(self.catalog.descendants(section.id)))

    def limit(self, question: str, a: Analysis, named: list[Section]) -> int:
        """How many services an answer covers: max_sections; a pipeline of more services, each asked about by name
        (clauses.each_asked: "API Gateway → Lambda → SQS → Aurora PostgreSQL, what must we configure?"), all of
        them up to PIPELINE_SECTIONS, so that the stage where PHI comes to rest is not left out; not services named
        by a family name ("RDS" names five engines); so are services named in clauses of their own ("API Gateway ->
        Lambda -> DynamoDB ... 감사 로그 어떻게 남겨야 하나요? CloudWatch Logs에 PHI 들어가도 되나요?": the second
        clause's service is asked about as much as the first's)."""
        asked = each_asked(a)
        apart = self.clause_by_clause(question, [s for s in named if s.id not in a.means]) if not asked \
            else frozenset()  # (not a service named as how another is encrypted: "SSE-KMS")
        if apart:  # (with the general chapters named beside them: "감사 로그" names the logging chapter)
            asked = apart | {s.id for s in named if s.kind != "service"}
        sent = {s.id for s in named if s.id not in {x.id for x in a.services}}  # (the section another sends the
        # reader to: Comprehend for Comprehend Medical, kb/sections.py `followed`)
        if len(asked) <= self.max_sections or self.catalog.mentions_split(question)[1] \
                or any(s.id not in asked and s.id not in sent for s in named if s.kind == "service"):
            return self.max_sections
        return min(len(asked), PIPELINE_SECTIONS)

    def clause_by_clause(self, question: str, named: list[Section]) -> frozenset[str]:
        """The ids of the services `named` when two or more clauses of `question` (kb/clauses.py `split`) name services
        none of the others name ("CloudHSM or KMS for PHI keys? we run RDS Oracle with TDE and a Redshift cluster");
        else none."""
        ids = {s.id for s in named if s.kind == "service"}
        seen: set[str] = set()
        apart = 0
        for clause in split(question):
            own = {m[0].id for m in self.catalog.mentions_split(clause, short=True)[0]} & ids
            apart += bool(own - seen) and not own & seen
            seen |= own
        return frozenset(ids) if apart > 1 and seen == ids else frozenset()

    def speaking_first(self, question: str, a: Analysis, named: list[Section], limit: int) -> list[Section]:
        """`named` with the members of a family named as a whole ("RDS" names five engines), when more of them than
        `limit` are named, ordered by how many of the topics asked their whitepaper sections speak of, most first
        (stable: catalog order otherwise): "RDS 要放 PHI，加密跟稽核要怎麼設定？" shows SQL Server, whose section
        requires audit logging, not three engines silent on it."""
        topics = [t for t in a.topics if t != ELIGIBILITY]  # (each engine has its own section: "RDS 可以放 PHI 嗎？" is
        family = {e.id for e, _, _ in self.catalog.mentions_split(question)[1]}  # one yes for all, in catalog order)
        places = [i for i, s in enumerate(named) if s.id in family]
        if not topics or len(places) <= limit:
            return named
        query = self.relevance.query(question, a.lang, None)
        words = self.relevance.specific(query, {t for s in named for label in s.labels() for t in tokenize(label)})
        own = {s.id for s in (named[i] for i in places) if words and any(  # a member whose records have the
            self.relevance.specific_fit(query, r, words)  # question's own words first ("RDS storage encryption 꼭
            for r in self.planner.records.of(self.catalog.descendants(s.id)))}  # 켜야 하나요? force_ssl 파라미터도
        # 필요?": SQL Server's force SSL)
        members = sorted((named[i] for i in places),
                         key=lambda s: (s.id not in own, -sum(self.whitepaper_on(s, [t]) for t in topics)))
        out = list(named)
        for i, s in zip(places, members, strict=True):
            out[i] = s
        return out

    def topic_home(self, a: Analysis, named: list[Section], query: Query) -> list[Section]:
        """`named`, where a general chapter named only by a term of a topic asked (Analysis.topical: "access keys",
        the account chapter's) gives way to another chapter of that topic (data/topics.yaml `pointers`) whose best
        record fits the question better, the named one's under SECTION_SHARE of it ("What should we use instead of
        putting access keys on the instance?": the IAM chapter's roles instead of long-term credentials; trial 61e
        WRONG, Windows AMI passwords)."""
        out = list(named)
        for s in named:
            if s.kind != "general" or s.id not in a.topical:
                continue
            others = [x for t in a.topics for p in self.analyzer.topic(t).pointers
                      if (x := self.catalog.get(p)) is not None and x.kind == "general" and x not in out]
            fits = {x.id: self.sections.best(query, x) for x in others}
            better = max(others, key=lambda x: fits[x.id], default=None)
            if better is not None and self.sections.best(query, s) < SECTION_SHARE * fits[better.id]:
                out[out.index(s)] = better  # (well under it: "감사 로그에는 어떤 정보가 남아야 하나요?" keeps the 2016
                # paper's logging chapter, 0.99 of the audit chapter's best)
        return out

    def leading_general(self, question: str, a: Analysis) -> list[Section]:
        """For a question opening with a clause that names no section but asks a topic, before one naming a service
        ("DR 要怎麼規劃比較符合 HIPAA？AWS Backup 的備份本身有加密嗎？"; or a general chapter: "백업이랑 DR 구성은
        어떻게 하나요? 공동 책임 모델상 백업은 누구 책임?"): the general chapter that speaks of that topic
        best, when it is one of the topic's own (topics.yaml pointers: the backup and DR chapter), which answers the
        first clause (the service's section answers the other); else none. A later clause naming no service speaks of
        the one named before it ("... Aurora MySQL? Are snapshots encrypted too?"). A question of one clause that
        enumerates LIST_MIN or more items, one of them a service's name and nothing else, is read so by its items that
        name no section ("DR plan - what about snapshots, multi-AZ and Elastic Disaster Recovery?": the DR chapter
        beside the service; not "If we encrypt RDS for MariaDB, are backups and read replicas covered?")."""
        if a.refers_back or a.kept or a.follow_up or not a.services:
            return []  # ("그럼 거기에 올린 아카이브는 기본으로 암호화돼요? 따로 KMS 키 지정해야 하나요?": "there"
            # is the conversation's S3 Glacier; "那 log 呢？我們用 FireLens 送到 CloudWatch Logs" after ECS and
            # Fargate asks of the conversation's services)
        explicit = [t for t in a.topics if t not in a.implied]
        pointed = self.analyzer.pointers(explicit)
        if explicit and pointed and all(s.kind == "general" and s.id not in a.topical for s in a.services) \
                and not pointed & {s.id for s in a.services}:  # ... and for a question naming a general chapter (by
            # what it is about, not by a topic's term) that asks a topic another general chapter is the home of ("how
            # do i set up backups for PHI so i can restore after ransomware": the backup and DR chapter before the
            # incident chapter's "restore only from backups"; trial 59i WRONG)
            query = self.relevance.query(question, a.lang, self.vector(question), a.responsibility)
            best = self.sections.best_sections(query, limit=1, topics=explicit, setup=a.whole)
            return [s for s in best if self.catalog.top(s.id).kind == "general" and s.id in pointed]
        parts, items = split(question), list_items(question)
        if len(parts) >= 2:
            opening = parts[0]
        elif len(items) >= LIST_MIN and any(_only_a_name(i, self.catalog) for i in items):
            opening = " ".join(i for i in items if not self.catalog.mentions(i))
        else:
            return []
        first = self.analyzer.analyze(opening) if opening else None
        if first is None or first.services or first.uncovered or first.clouds or not first.topics:
            return []
        query = self.relevance.query(opening, a.lang, self.vector(opening), first.responsibility, first.requires)
        pointed = self.analyzer.pointers(first.topics)
        best = self.sections.best_sections(query, limit=1, topics=first.topics, setup=first.whole)
        return [s for s in best if self.catalog.top(s.id).kind == "general" and s.id in pointed]

    def nested_only(self, s: Section, folded: str) -> bool:
        """Whether section `s` is a topical part of one service's section (not a product of its own: "AWS Managed
        Microsoft AD") that the question (`folded`, norm()ed) names neither by its name nor by its service's."""
        top = self.catalog.top(s.id)
        product = re.search(r"\b(?:AWS|Amazon)\b", s.names.get("en", ""))
        return top.id != s.id and top.kind == "service" and not product \
            and not any(norm(n) in folded for n in (*s.names.values(), *top.labels()))


def _only_a_name(item: str, catalog: Catalog) -> bool:
    """Is an item of a list a service's name and nothing else ("Elastic Disaster Recovery")?"""
    key = norm(item)
    found = [m for m in catalog.mentions(item) if m[0].kind == "service"]
    return bool(found) and not key[:min(s for _, s, _ in found)].strip(" ?.,") \
        and not key[max(e for _, _, e in found):].strip(" ?.,")
