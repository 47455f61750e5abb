"""Where the documents speak of a topic for every service: the records of the sections a topic points to
(data/topics.yaml `pointers`, and `naming` for the sections that speak of it only for the services they name),
said beside a section that is silent on the topic or that asks who is responsible for it."""
from __future__ import annotations

from kb.analysis import Analyzer
from kb.catalog import Catalog, Section
from kb.crossrefs import CrossRefs
from kb.ranking import Ranker
from kb.relevance import Query
from kb.requirements import Requirement, RequirementCatalog

DEVOTED_SUPPORT = 4  # records listed of a chapter devoted to the topic asked where a section silent on it points (the
# 2016 paper's secure-disposal chapter has four: what AWS does with deleted blocks and worn-out media, and what the
# customer may do; trials found one of them read as the whole answer)


class Support:
    """The records that support an answer on a topic from the sections speaking of it. Read-only but for the
    cross-references' caches (filled under a lock, kb/crossrefs.py): shared across threads."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog, refs: CrossRefs,
                 ranker: Ranker) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records
        self.refs = refs
        self.ranker = ranker

    def speaks_for(self, record: Requirement, section: Section) -> bool:
        """Does the record's English statement name `section` other than as where data goes ("For container
        services such as Amazon RDS, ... backup and restore is the customer's" speaks for RDS; "Back up log files to
        Amazon S3" does not speak for S3's logging)?"""
        return section.id in self.refs.spoken_for(record)

    def devoted(self, section_id: str, topic: str) -> bool:
        """Is the section a short general chapter (at most DEVOTED_SUPPORT records) that the topic points to
        (topics.yaml pointers) and whose records are all on that topic (the 2016 paper's secure-disposal chapter): what
        it says is, as a whole, the answer on the topic (not so the IAM chapters, whose many access records answer
        different questions)."""
        records = self.records.of(self.catalog.descendants(section_id))
        return (section_id in self.analyzer.topic(topic).pointers and self.refs.general(section_id)
                and 0 < len(records) <= DEVOTED_SUPPORT and all(r.topic == topic for r in records))

    def of(self, topic: str, query: Query, limit: int = 1, about: Section | None = None
           ) -> list[tuple[Section, Requirement]]:
        """Records of the sections that speak of `topic` for every service (topics.yaml pointers), best first, as
        (section, record); for a section `about` that is silent on the topic, one whose statement speaks of it
        (`speaks_for`) first: "what about backups?" about RDS for PostgreSQL points to "for container services such as
        Amazon RDS, configuring backup and restore is the customer's", not to the chapter's EBS snapshots; before them,
        the best record naming `about` of the sections that speak of the topic only for the services they name
        (topics.yaml `naming`). A dated or secondary source's record is left out beside an authoritative one unless it
        speaks for `about`. A chapter devoted to the topic (`devoted`) gives up to DEVOTED_SUPPORT of its records."""
        pointers = self.analyzer.topic(topic).pointers
        out = []
        scores: dict[str, float] = {}  # (Ranker.rank's score of each record listed, for the dated sources below)
        for section_id in self.analyzer.topic(topic).naming if about is not None else ():
            # a section speaking of it only for the services it names: its record naming `about`, first ("Who
            # patches RDS?": "for container services such as Amazon RDS, AWS manages the operating system")
            entry = self.catalog.get(section_id)
            mine = [r for r in self.records.of(self.catalog.descendants(section_id)) if r.topic in (topic, "other")
                    and self.speaks_for(r, about)] if entry is not None else []
            ranked = sorted(self.ranker.rank(query, mine), key=lambda x: self.ranker.source_rank(x[1]))  # an AWS
            scores.update({r.id: score for score, r in ranked[:limit]})
            out += [(entry, r) for _, r in ranked[:limit]]  # paper's first (a study note is not said beside one:
            # kb/compose.py)
        for section_id in pointers:
            entry = self.catalog.get(section_id)
            if entry is None:
                continue
            mine = [r for r in self.records.of(self.catalog.descendants(section_id)) if r.topic in (topic, "other")]
            ranked = self.ranker.rank(query, mine)
            if about is not None:
                ranked.sort(key=lambda x: not self.speaks_for(x[1], about))  # (stable: best first otherwise)
            picked = ranked[:max(limit, DEVOTED_SUPPORT if self.devoted(section_id, topic) else 0)]
            officials = [x for x in ranked if self.ranker.authoritative(x[1])] if about is not None else []  # (an
            # obligation first: what HIPAA requires of backups, not the EBS snapshots a Korean "백업 구성" fits)
            official = next((x for x in officials if x[1].strength == "must"), officials[0] if officials else None)
            if official is not None and not any(self.ranker.authoritative(r) for _, r in picked):
                picked.append(official)  # (a dated source's word for the section asked about comes with the chapter's
                # own, authoritative one: "how should we back up our RDS PHI database?" points to the 2016 paper's
                # "backup and DR of container services is the customer's" and to the whitepaper's contingency plan;
                # trials 67a, 67d, 67f: the HIPAA requirement was left out)
            for score, r in picked:
                scores[r.id] = score
                out.append((entry, r))
        if about is not None and any(self.ranker.authoritative(r) for _, r in out):  # beside the whitepaper's, a
            # dated or secondary source's record only where it speaks for the section asked about (Redshift's logging:
            # CloudTrail and the audit chapter, not the 2016 paper's privilege escalation gateway "for services such as
            # S3 and EMR")
            # ... or where it fits the question better than every authoritative one ("what should we be logging for
            # privileged / root user activity?": the 2016 paper's list of what to log, "actions taken by individuals
            # with root or administrative privileges"; trial 61e WRONG, CloudTrail validation only)
            bar = max(scores[r.id] for _, r in out if self.ranker.authoritative(r))
            out = [(s, r) for s, r in out if self.ranker.authoritative(r) or self.speaks_for(r, about)
                   or scores[r.id] > bar]
        return out
