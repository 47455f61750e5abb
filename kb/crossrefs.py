"""Cross-references: what the requirement records say of sections other than their own (a record naming a
service, a general chapter naming one, a service named for a topic). Pure lookups over the catalogs; the
planner (kb/facets.py) ranks what they find."""
from __future__ import annotations

import re
import threading

from kb.analysis import Analyzer
from kb.catalog import Catalog, Section, norm
from kb.requirements import Requirement, RequirementCatalog

_DESTINATION = re.compile(r"\b(?:to|into|in|on|onto|from)\s+(?:an?\s+|the\s+)?$")  # "back up log files to Amazon S3"
# a statement telling the customer to set another service up by the guidance ("Configure the Amazon S3 resources
# customers access through AWS Transfer for SFTP in line with this guidance", "follow the receiving service's
# guidance"): it points at that service's own section, and says nothing of what it is
_DEFERS = re.compile(r"\b(?:in line with|follow)\b[^.;]{0,40}\bguidance\b", re.I)
_ENCRYPTING = re.compile(r"encrypt|\b(?:TLS|SSL|HTTPS|SSE|KMS)\b", re.I)  # the team's English statements on encryption


class CrossRefs:
    """Sections a record names, general-chapter records naming a section, records of other services on a topic
    that name a section. Shared across threads: its caches are filled lazily under a lock, never changed once
    filled."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records
        self._statements = [(r, norm(r.statement["en"])) for r in records]  # (norm() once: a section's scan of
        # every statement norm()ing each cost about 20 ms)
        self._general_records = [(r, text) for r, text in self._statements if self.general(r.section)]
        self._named_in_cache: dict[str, list[Requirement]] = {}  # filled per section, under the lock
        self._names_cache: dict[str, set[str]] = {}  # record id -> sections it names, filled under the lock
        self._named_for_cache: dict[tuple[str, str], bool] = {}  # (section id, topic) -> named for it
        self._sub_named_for_cache: dict[tuple[str, str], bool] = {}  # (section id, topic) -> a subsection named for it
        self._topics_cache: dict[str, frozenset[str]] = {}  # record id -> the topics its English statement speaks of
        self._mentioning_cache: dict[str, list[Requirement]] = {}  # section id -> records whose statement names it
        self._spoken_for_cache: dict[str, frozenset[str]] = {}  # record id -> sections it speaks for
        self._stated_cache: dict[str, frozenset[str]] = {}  # record id -> sections its statement names as such
        self._pattern_cache: dict[str, re.Pattern[str] | None] = {}  # section id -> its _label_pattern
        self._deferred_cache: dict[str, frozenset[str]] = {}  # section id -> the services its obligations defer to
        self._lock = threading.Lock()

    def general(self, section_id: str) -> bool:
        """Is the section (or the one it is nested in) a general chapter?"""
        entry = self.catalog.get(section_id)
        return entry is not None and self.catalog.top(section_id).kind == "general"

    def names(self, record: Requirement) -> set[str]:
        """The catalog sections a record's English statement and evidence name, itself excepted (once per
        record): Athena's "query results in S3" records name S3; a section whose name is part of the record's
        own section's ("S3" of "Amazon S3 Glacier", which the Chinese edition writes "Amazon S3 冰川") is not
        named."""
        with self._lock:
            found = self._names_cache.get(record.id)
            if found is None:
                text = " ".join([record.statement["en"], *(e.quote for e in record.evidence)])
                own = self.catalog.get(record.section)
                own_names = " ".join(norm(label) for label in own.labels()) if own is not None else ""
                found = {s.id for s, _, _ in self.catalog.mentions(text) if s.id != record.section
                         and not any(f" {norm(label)} " in f" {own_names} " for label in s.labels())}
                self._names_cache[record.id] = found
            return found

    def stated(self, record: Requirement) -> frozenset[str]:
        """The sections a record's English statement names by their own names (a family's name, "Amazon RDS", names
        no one member), as where data goes too ("on Amazon EC2"), once per record (the name scan costs about 5 ms a
        statement)."""
        with self._lock:
            found = self._stated_cache.get(record.id)
        if found is None:
            found = frozenset(s.id for s, _, _ in self.catalog.mentions(record.statement["en"], families=False))
            with self._lock:
                self._stated_cache[record.id] = found
        return found

    def spoken_for(self, record: Requirement) -> frozenset[str]:
        """The sections the record's English statement names other than as where data goes (after "to", "into":
        _DESTINATION), once per record: the name scan costs about 5 ms a statement, and a topic's pointers sort
        every record of their sections by it."""
        with self._lock:
            found = self._spoken_for_cache.get(record.id)
        if found is None:
            text = norm(record.statement["en"])
            found = frozenset(s.id for s, start, _ in self.catalog.mentions(record.statement["en"])
                              if not _DESTINATION.search(text[:start]))
            with self._lock:
                self._spoken_for_cache[record.id] = found
        return found

    def names_as_said(self, record: Requirement) -> set[str]:
        """`names`, without the services an obligation of the record's section defers to (_DEFERS): Transfer Family's
        "configure the S3 resources in line with this guidance" leaves S3 to its own section, so S3 named beside it is
        still answered, however Transfer Family's records mention S3 ("... Transfer Family SFTP into S3 - anything
        special we need to configure?")."""
        with self._lock:
            deferred = self._deferred_cache.get(record.section)
        if deferred is None:
            deferred = frozenset(s for r in self.records.of([record.section]) if r.strength in ("must", "should")
                                 and _DEFERS.search(r.statement["en"]) for s in self.names(r))
            with self._lock:
                self._deferred_cache[record.section] = deferred
        return self.names(record) - deferred

    def names_outside(self, record: Requirement) -> set[str]:
        """`names`, without the sections of the record's own family (a subsection's record names its parent)."""
        own = self.catalog.top(record.section).id
        return {s for s in self.names(record) if self.catalog.top(s).id != own}

    def named_in(self, section: Section) -> list[Requirement]:
        """Records of the general chapters whose English statement names `section` by an English name or
        alias ("the whitepaper no longer requires Dedicated Instances ... on Amazon EC2", in its revision
        history). Computed once per section (a catalog-wide name scan of every statement at start-up
        cost 0.8 s)."""
        with self._lock:
            found = self._named_in_cache.get(section.id)
            if found is None:
                pattern = self._pattern(section)
                found = [r for r, text in self._general_records if pattern is not None and pattern.search(text)]
                self._named_in_cache[section.id] = found
            return found

    def about_topic(self, record: Requirement, topic: str) -> bool:
        """A record's own topic, or one its statement speaks of too ("encrypted automated backups and
        snapshots" is at rest and about backups); a logging record speaks of encryption only in so many words (the
        connections and traffic it records are no guidance on encrypting them: VPC Flow Logs' "audit trail of
        accepted and rejected connections")."""
        if record.topic == topic:
            return True
        with self._lock:
            topics = self._topics_cache.get(record.id)
        if topics is None:  # once per record (the same value whichever thread computes it first)
            topics = frozenset(self.analyzer.topics_of(record.says("en")))
            with self._lock:
                self._topics_cache[record.id] = topics
        return topic in topics and not (
            record.topic == "logging" and topic.startswith("encryption-") and not _ENCRYPTING.search(record.says("en")))

    def speaking_of(self, section: Section, topic: str) -> list[Requirement]:
        """Records on `topic` of another service named for the topic (AWS Backup for backups), or of a subsection
        named for it (`sub_named_for`) that does not name its own service (Comprehend's "S3 data you use with Amazon
        Comprehend" is Comprehend's), whose English statement names `section`: "back up EFS" is answered where AWS
        Backup's section says backups of newer services such as Amazon EFS are encrypted independently of the source
        service."""
        family = set(self.catalog.descendants(section.id))
        # cheapest test first: the sections named for the topic are few, a record's names are found once (ms each)
        return [r for r in self.records if r.section not in family
                and (self.named_for(r.section, topic) or (self.sub_named_for(r.section, topic)
                                                          and not self._says_own_service(r)))
                and not self.general(r.section) and self.about_topic(r, topic) and section.id in self.names(r)
                and any(s.id == section.id for s, _, _ in self.catalog.mentions(r.statement["en"]))]

    def named_for(self, section_id: str, topic: str) -> bool:
        """Is the service of a section named for `topic` ("AWS Backup": backups)? Once per section and topic."""
        key = (section_id, topic)
        found = self._named_for_cache.get(key)
        if found is None:  # the same value whichever thread computes it first
            entry = self.catalog.get(self.catalog.top(section_id).id)
            found = entry is not None and topic in self.analyzer.topics_of(" / ".join(entry.names.values()))
            self._named_for_cache[key] = found
        return found

    def sub_named_for(self, section_id: str, topic: str) -> bool:
        """Is a subsection a record sits in (or one it is nested in, below its service) named for `topic`? Amazon
        Comprehend's "AWS Identity and Access Management" subsections speak of access for every service ("External
        authentication": single sign-on with an on-premises Active Directory)."""
        key = (section_id, topic)
        found = self._sub_named_for_cache.get(key)
        if found is None:  # once per section and topic (the same value whichever thread computes it first)
            entry, top, found = self.catalog.get(section_id), self.catalog.top(section_id), False
            while entry is not None and entry.id != top.id and not found:
                found = topic in self.analyzer.topics_of(" / ".join(entry.names.values()))
                entry = self.catalog.get(entry.parent) if entry.parent else None
            self._sub_named_for_cache[key] = found
        return found

    def _says_own_service(self, record: Requirement) -> bool:
        """Does the record's English statement name the service its section is part of ("... the Amazon S3 data you use
        with Amazon Comprehend")?"""
        pattern = self._pattern(self.catalog.top(record.section))
        return pattern is not None and pattern.search(norm(record.statement["en"])) is not None

    def mentioning(self, section: Section) -> list[Requirement]:
        """The records, of any section, whose English statement names `section` (`names`): "AWS Direct Connect" has
        no whitepaper section, but the 2016 paper's VPC records speak of it ("Direct Connect ... with or without
        IPsec"). A word scan first (its names and aliases of three or more letters), then `Catalog.mentions` on the
        few statements found; once per section."""
        with self._lock:
            found = self._mentioning_cache.get(section.id)
        if found is None:
            pattern = self._pattern(section)
            found = [r for r, text in self._statements if pattern is not None and pattern.search(text)
                     and r.section != section.id
                     and any(m[0].id == section.id for m in self.catalog.mentions(r.statement["en"]))]
            with self._lock:
                self._mentioning_cache[section.id] = found
        return found

    def _pattern(self, section: Section) -> re.Pattern[str] | None:
        """One regex for a section's English names and aliases of three or more characters, as whole words of a
        norm()ed text (None when it has none); compiled once per section (the same value whichever thread stores it
        first)."""
        if section.id not in self._pattern_cache:
            self._pattern_cache[section.id] = _label_pattern(section)
        return self._pattern_cache[section.id]


def _label_pattern(section: Section) -> re.Pattern[str] | None:
    """One regex for a section's English names and aliases of three or more characters, as whole words of a
    norm()ed text (None when it has none)."""
    labels = [norm(x) for x in (*section.names.values(), *section.aliases) if x.isascii() and len(x) >= 3]
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(map(re.escape, labels)) + r")(?![0-9a-z])") if labels else None
