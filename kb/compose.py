"""The answer a user reads: a verdict first for yes/no questions, then per section the team's
statements in the asker's language, each followed by [n] markers that quote the source verbatim, from
one edition for the whole answer; facets the documents do not cover are said plainly."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from kb.analysis import Analysis, Analyzer
from kb.asks import NECESSITY, PERMISSION, YES_NO
from kb.catalog import Catalog, Section
from kb.citation_format import UNOFFICIAL, priorities, whitepaper_docs
from kb.clauses import split
from kb.facet import Facet
from kb.index import Index
from kb.phrases import ELIGIBLE_SERVICES_URL, legal_note, phrase
from kb.quotes import Quotes
from kb.records import Citation
from kb.relevance import Query, Relevance
from kb.requirements import Requirement, RequirementCatalog
from kb.spans import Span
from kb.topics import AT_REST, ELIGIBILITY, IN_TRANSIT
from kb.variants import Variants
from kb.verdict import Verdicts
from kb.verdict_base import BACKUP
from kb.wording import Wording

_MARKER = re.compile(r"\[(\d+)\]")
_CHOICE_OPENS = re.compile(r"\s*(?:or|아니면|아님|還是|还是|或是|或者)\b", re.I)  # the other side of a choice


@dataclass
class Composed:
    text: str
    citations: list[Citation]
    records: list[str]
    verdict: str | None


@dataclass
class _Draft:
    """Citations numbered in order of first use; one per quoted span."""

    composer: Composer
    edition: str
    lang: str
    query: Query | None = None
    gives: Callable[[str], bool] | None = None  # does a sentence give the detail the question asks for
    citations: list[Citation] = field(default_factory=list)
    by_span: dict[str, int] = field(default_factory=dict)
    records: list[str] = field(default_factory=list)
    general: bool = True  # a service asked about as a whole, no document named, with a way among its records: a way
    # (or a default left off) is said with the rule it meets ("What do we need for EMR?")

    def markers(self, record: Requirement) -> str:
        spans = self.composer.evidence(record, self.edition, self.query, self.gives)
        if record.id not in self.records:
            self.records.append(record.id)
        return " ".join(self.cite(s, record) for s in spans)

    def cite(self, span: Span, record: Requirement | None = None) -> str:
        if span.id not in self.by_span:
            self.by_span[span.id] = len(self.citations) + 1
            self.citations.append(Citation.of(self.by_span[span.id], span, self.composer.docs.get(span.doc_id, {})))
        n = self.by_span[span.id]
        c = self.citations[n - 1]
        if record is not None and record.id not in c.records:
            sections = c.sections if record.section in c.sections else (*c.sections, record.section)
            self.citations[n - 1] = Citation(**{**c.__dict__, "records": (*c.records, record.id), "sections": sections})
        return f"[{n}]"

    def statement(self, record: Requirement) -> str:
        scope = f" ({phrase(self.lang, 'scope', scope=record.scope.get(self.lang) or record.scope['en'])})" \
            if record.scope else ""
        return f"{record.says(self.lang)}{scope} {self.markers(record)}"


def _option(record: Requirement, lang: str) -> str:
    """"One way: " before a record that offers a way ("may": "Encrypt RDS databases with keys you manage in AWS KMS"
    is one way to meet the rule for every service, not an order of its own); "" before any other, and before one
    that says what the service does by default or automatically (`says_default`: "An encrypted trail stores entries
    with SSE-S3 by default; configure SSE-KMS instead ..." states the default first, no way among others), and before
    one that says itself it is another way ("Alternatively, ...", 또는, 或者)."""
    return phrase(lang, "option_mark") if record.strength == "may" and not record.says_default \
        and not record.statement["en"].startswith("Alternatively") else ""


def _a_way(record: Requirement, a: Analysis) -> bool:
    """Is `record` a way of meeting its topic's rule for every service ("One way: encrypt with keys you manage in KMS"),
    or, for a service asked about as a whole, what the service does not do unless told ("By default, Amazon EMR
    instances do not encrypt data at rest")? For a service asked about as a whole, the answer states the rule after
    it."""
    return record.strength == "may" or (a.whole and record.off_by_default)


def _group(groups: list[tuple[str | None, list[str]]], topic: str | None) -> list[str]:
    """The lines under `topic`'s heading, a new group at the end when it has none yet."""
    for key, lines in groups:
        if key == topic:
            return lines
    groups.append((topic, []))
    return groups[-1][1]


def _renumber(text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    """Number citations in reading order: [1] is the first marker a reader meets."""
    order: list[int] = []
    for m in _MARKER.finditer(text):
        n = int(m.group(1))
        if n not in order:
            order.append(n)
    new = {old: i + 1 for i, old in enumerate(order)}
    text = _MARKER.sub(lambda m: f"[{new[int(m.group(1))]}]", text)
    renumbered = [Citation(**{**citations[old - 1].__dict__, "n": new[old]}) for old in order]
    return text, renumbered


class Composer:
    """Turns planned facets into answer text and citations. Read-only: shared across threads."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, index: Index, wording: Wording,
                 relevance: Relevance, records: RequirementCatalog | None = None) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.index = index
        self.wording = wording
        self.relevance = relevance
        self.variants = Variants(catalog, index.texts)
        self.verdicts = Verdicts(analyzer, relevance, records, self.variants)
        self.docs: dict[str, dict[str, Any]] = {d["doc_id"]: d for d in index.docs}
        self.editions = {self.docs[doc_id]["lang"]: doc_id for doc_id in whitepaper_docs(index.docs)}
        self._priority = priorities(index.docs)
        self.quotes = Quotes(index, wording, relevance, self.editions, self.docs)

    def evidence(self, record: Requirement, edition: str, query: Query | None = None,
                 gives: Callable[[str], bool] | None = None) -> list[Span]:
        """The spans of `record` an answer quotes (kb/quotes.py; `gives`: does a sentence give the detail asked)."""
        return self.quotes.choose(record, edition, query, gives)

    def name(self, section: Section, lang: str) -> str:
        """A section's name under its parents' ("Amazon Comprehend > Multi-tenancy"): a subsection
        is never presented as general guidance. Services go by their official English name (the
        editions' headings are machine translations: "아마존 포 ElastiCache 레디스용")."""
        parent = self.catalog.get(section.parent) if section.parent else None
        own = section.name("en") if section.kind == "service" else section.name(lang)
        return f"{self.name(parent, lang)} > {own}" if parent else own

    def _not_covered(self, section: Section, topic: str, lang: str) -> str:
        """ "The Amazon S3 section has no guidance on logging and audit." """
        entry = self.analyzer.topic(topic)
        label = entry.subject(lang)
        label = label[0].lower() + label[1:] if lang == "en" and entry.subjects is None else label
        return phrase(lang, "not_covered_topic", section=self.name(section, lang), topic=label)

    def _choice_apart(self, query: Query | None) -> bool:
        """Does the question offer its choice in a clause of its own, beside another asking yes or no with no choice
        ("Does CloudTrail use SSE-S3 or KMS by default? Do we need log file integrity validation too?": the second is
        answered "Recommended."), not across two clauses ("SSE-S3로 충분한가요? 아니면 SSE-KMS 꼭 써야 하나요?")?"""
        if query is None:
            return False
        clauses = split(query.text)
        choosing = [c for c in clauses if self.analyzer.flagged(c, query.lang, "choice")]
        if not choosing or any(_CHOICE_OPENS.match(c) for c in choosing):
            return False
        return any(c not in choosing and self.analyzer.clause_asks(c, query.lang) in (NECESSITY, PERMISSION, YES_NO)
                   for c in clauses)

    @staticmethod
    def _quoted(span: Span, lang: str) -> str:
        """A sentence no record summarises, shown as the quote it is."""
        text = " ".join(span.quote.split())
        return phrase(lang, "quoted", quote=text)

    def compose(self, a: Analysis, facets: list[Facet], edition: str, *, support: list[tuple[Section, Requirement]],
                notes: list[str], query: Query | None = None, decide: bool = True, named: list[str] = (),
                by_rule: bool = False, gives: Callable[[str], bool] | None = None) -> Composed:
        """Text and citations for the facets; `support`: the general records an eligibility verdict
        cites. A facet no record covers is answered with the whole sentences the planner found, or
        said plainly to be not covered, with where the documents do speak of its topic. No verdict with `decide`
        False (the question asks about something no record speaks of), for a question offering a choice (unless it
        is between ways of meeting one rule: "Not as such"), or one
        decided by another document than those the question names (`named`: "2016 보안 모범 사례 기준으로 EMR 노드 간
        트래픽도 암호화해야?" is not answered "Yes" by the whitepaper's rule before what that paper says), or one naming
        no service decided by a service's own record (it holds for that service only). With `by_rule` (and no
        `decide`), a "must we?" is "Yes." (a "may we leave it out?" "No.") by the rule for every service of the first
        topic asked that has one:
        "錄音檔需要加密嗎?" of Amazon Connect, whose records say nothing of call recordings, holds for PHI in any
        service. `gives`: does a sentence give the detail the question asks for (kb/details.py); a record's sentence
        that does is quoted."""
        d = _Draft(self, edition, a.lang, query, gives)
        d.general = a.whole and not named and any(_a_way(r, a) for f in facets for r in f.records)
        former = {x for f in facets for x in f.section.formerly}  # a former name's section listed beside the service
        # does not decide for it ("Can EventBridge events carry PHI?" is not "No." by CloudWatch Events' "PHI must not
        # flow into CloudWatch Events" before EventBridge's own section, trial 58b), nor does the service's own section
        # when the old name's bars PHI (nor "Yes.": stop 53; kb/chain.py notes that only that section bars it)
        deciding = [f for f in facets if f.section.id not in former] or facets
        verdict, lead = self.verdicts.decide(a, deciding, query) if decide else (None, None)
        if verdict == "yes" and any(r.forbids for f in facets if f.section.id in former for r in f.records):
            verdict, lead = None, None  # ("Yes, with conditions." by the service's own conditions stays: stop 55)
        if verdict is None and decide and a.default and a.ask == YES_NO and AT_REST in a.topics \
                and not any(s.kind == "service" for s in a.services) \
                and (rule := self.verdicts.first_rule([AT_REST])) is not None:  # "does aws encrypt everything
            verdict, lead = "no", rule  # automatically so we're covered?": the BAA requires the customer to encrypt
            # PHI (trial 57f: no verdict; a service's own default is its records', kb/verdict_facts.py)
        if by_rule and not decide and (rule := self.verdicts.first_rule(a.topics)) is not None:
            verdict, lead = ("no" if a.ask == PERMISSION and a.without else "optional" if rule.topic == IN_TRANSIT
                             and self.verdicts.transit_means_asked(a, query) else "yes"), rule  # ("may we leave it
            # out?"; "Do we need IPsec over Direct Connect?": the encryption is required, IPsec one way to it)
        if a.choice and verdict not in ("optional", "customer", "aws") and not self._choice_apart(query):  # a yes
            # or no would not say which (unless the choice is a clause apart from the one the verdict answers); "Not as
            # such" and a party do:
            verdict, lead = None, None  # "CMK 꼭 써야 하나요, 아니면 AWS 관리형 키도 되나요?" asks about two ways
        if named and lead is not None and not lead.evidence_in(named):
            verdict, lead = None, None
        if a.clouds and a.ask in (PERMISSION, YES_NO) and verdict in ("yes", "conditional"):  # another cloud asked
            verdict, lead = None, None  # of beside an AWS service ("PHI in Google BigQuery instead of Redshift?",
            # "네이버클라우드에서도 HIPAA 되나요? EMR ..."): a yes about the AWS service reads as one about the other
        if lead is not None and not a.services and (entry := self.catalog.get(lead.section)) is not None \
                and self.catalog.top(entry.id).kind == "service":  # "Must we enforce TLS 1.2 for PHI connections?"
            verdict, lead = None, None  # names no service: one service's rule (HealthLake's) does not decide it
        blocks: list[str] = []
        variant = self.variants.unnamed(query.text, a.services, a.lang, aliases=a.eligibility) \
            if a.services and query else None
        if variant is not None and a.eligibility:  # "Is Aurora Serverless HIPAA eligible?": Aurora's section does
            verdict, lead = "unstated", None  # not say it is
            blocks.append(phrase(a.lang, "verdict_unstated_variant", variant=variant[0], url=ELIGIBLE_SERVICES_URL,
                                 service=variant[1] or self.name(a.services[0], a.lang)))
        elif variant is not None:  # "DynamoDB Accelerator(DAX) ... 저장 데이터 암호화?": DynamoDB's records, said to
            verdict, lead = None, None  # be the service's, not the variant's (no verdict of the service decides it)
            blocks.append(phrase(a.lang, "variant_beside", variant=variant[0],
                                 service=variant[1] or self.name(a.services[0], a.lang)))
        if verdict == "no" and lead is not None and lead.encrypts and a.local and lead.in_the_cloud:
            verdict, lead = None, None  # what the service encrypts in the cloud says nothing of what is kept on the
            # device ("Greengrass 本地存的資料要加密嗎？": was "No step of yours" by "Greengrass data is encrypted
            # at rest in the cloud"; trial 65f WRONG)
        if lead is not None:
            own = any(lead.id == r.id for f in facets for r in f.records) or (  # else a rule for every service; a
                (entry := self.catalog.get(lead.section)) is not None and entry.kind != "general")  # service's own
            key = "verdict_" + verdict + ("" if own or verdict in ("aws", "discouraged") else "_general")
            if verdict == "no" and own and lead.encrypts and not a.existing:  # "로그 그룹은 반드시 암호화해야 하나요?":
                # it already is (not "for an existing cluster?": "No." as it is set only at creation)
                key = "verdict_no_done"
            if verdict == "no" and own and a.separately and BACKUP in a.topics and lead.encrypts_backups:
                key = "verdict_no_copies"  # ("自動備份跟snapshot有加密嗎？要自己開嗎": not a bare "否。" read as
                # no need to encrypt at all; trial 67b WRONG)
            if a.required and key.removesuffix("_general") in ("verdict_yes", "verdict_no"):  # "required or optional?"
                key = key.replace("verdict_yes", "verdict_required").replace("verdict_no", "verdict_not_required")
            if verdict == "conditional" and own and (lead.holds_no_data or lead.keeps_no_data or (
                    lead.forbids and not lead.excepted)) and len(
                    {f.section.id for f in facets if f.section.kind != "general"}) < 2:  # (not for two services, one
                # of which may hold PHI itself: "Are API Gateway and Elastic Beanstalk both ok for PHI?")
                # "Can we use Service Catalog with PHI?", "Is X-Ray ok in our PHI app?": in a PHI workload, none in it
                # (not "Yes, with conditions." before "cannot be used to store, transmit or process PHI", read as a
                # contradiction in trials; a prohibition naming its exception sets a condition: "Yes, with conditions.
                # If logs contain PHI, do not write them to log files unless disk encryption is enabled")
                key = "verdict_conditional_beside"
            line = f"{phrase(a.lang, key)} {d.statement(lead)}"
            why = self.verdicts.required_beside(lead) if verdict == "yes" else None
            if why is not None:  # "Yes. Create specific trails ... [1] CloudTrail ... serves the audit logging
                line += f" {d.statement(why)}"  # the AWS BAA requires. [2]": why a "should" step answers "Yes."
                facets = [replace(f, records=[r for r in f.records if r.id != why.id]) for f in facets]
            blocks.append(line)
        elif verdict == "yes" and (eligible := [f.section for f in facets if f.topic == ELIGIBILITY
                                                and f.section.id not in former]):
            # the services asked about are eligible by their own sections: the verdict first, as every other verdict,
            # in one line for them all ("RDS는 HIPAA 적격 서비스인가요?": MariaDB, MySQL and Oracle, not one line each;
            # "EMR and Redshift?": both, Redshift's own eligibility record then listed under it)
            blocks.append(f"{phrase(a.lang, 'verdict_yes')} {self._eligible(a, eligible, d, support)}")
            facets = [f for f in facets if f.topic != ELIGIBILITY or f.records]
        elif verdict == "unstated" and variant is None:  # ("Is EBS encrypted by default?": no record says it is)
            blocks.append(phrase(a.lang, "verdict_unstated_default" if a.default else
                                 "verdict_unstated_existing" if a.existing else "verdict_unstated"))
        sections = list(dict.fromkeys(f.section.id for f in facets))
        for sid in sections:
            mine = [f for f in facets if f.section.id == sid]
            block = self._block(a, mine, d, lead, support, facets, verdict)
            if block:
                blocks.append(block)
        if a.legal:
            notes = [legal_note(a.lang, a.legal), *notes]
        if d.citations:
            notes = [phrase(a.lang, "summary_note", sources=self._sources(d.citations, a.lang)), *notes]
            notes += self._archived(d.citations, a.lang)
        text, citations = _renumber("\n\n".join(blocks + notes), d.citations)
        return Composed(text, citations, d.records, verdict)

    def _block(self, a: Analysis, facets: list[Facet], d: _Draft, lead: Requirement | None,
               support: list[tuple[Section, Requirement]], facets_all: list[Facet] = (),
               verdict: str | None = None) -> str:
        """The lines of one section's `facets`; `facets_all`: every facet of the answer (the section a section that
        refers to the previous one means is answered among them); `verdict`: the answer's (an eligible section's own
        "Yes." only under a "yes": never under no verdict, as for a negated question)."""
        section = facets[0].section
        lines = [f"**{self.name(section, a.lang)}**"]
        groups: list[tuple[str | None, list[str]]] = []
        obliged = {r.topic for g in facets for r in g.records if (r.strength in ("must", "should")
                   and not self.wording.is_caveat(r.statement["en"], "en")) or r.meets_rule}
        # ("keep evaluating" obliges none; what the service does itself meets the rule: "FSx encrypts automatically")
        shown: set[str] = set()  # the spans quoted whole in this block
        stated: set[str] = set()  # ... and the records listed in it
        listed = frozenset(r.id for g in facets_all for r in g.records)  # (a pointer to a record the answer lists
        # under its own section is not said: "S3 上的 PHI 要刪除時 ...": the disposal chapter's records, once)
        for f in facets:
            if f.topic == ELIGIBILITY:
                said = self._eligibility(a, f, d, lead, support, verdict)
                lines += [said] if said else []  # nothing when its one record is the verdict's
                continue
            if f.quotes:
                if all(s.id in shown for s in f.quotes):  # the section's one "see the previous section" under each
                    continue  # topic asked: said once
                shown.update(s.id for s in f.quotes)
                text = []
                if f.pointers and f.topic is not None:  # a section that only points elsewhere (EKS)
                    text.append(f"- {self._not_covered(section, f.topic, a.lang)}")
                previous = self._previous(section, facets_all) if all(
                    self.wording.refers_to_previous_section(s.quote, s.lang) for s in f.quotes) else None
                if previous is not None:  # "지침은 이전 섹션을 참조하십시오": said plainly, with the section it means
                    marks = " ".join(d.cite(s) for s in f.quotes)
                    text.append(f"- {phrase(a.lang, 'refers_previous', other=self.name(previous, a.lang))} {marks}")
                else:
                    text += [f"- {self._quoted(s, a.lang)} {d.cite(s)}" for s in f.quotes]
                text += self._pointers(f, lead, d, a.lang, "- ", listed)  # ... and where the documents speak of it
                groups.append((f.topic, text))
                continue
            if not f.covered and (f.topic is not None or f.party_unsaid):
                text = [f"- {self._not_covered(section, f.topic, a.lang)}" if f.topic is not None
                        else f"- {phrase(a.lang, 'party_unsaid', section=self.name(section, a.lang))}"]
                if f.section_says:
                    text.append(f"  {phrase(a.lang, 'section_says')}")
                    text += [f"  - {d.statement(r)}" for r in f.section_says]
                text += [f"  {self._quoted(s, a.lang)} {d.cite(s)}" for s in f.references]  # "see the EMR docs"
                text += self._pointers(f, lead, d, a.lang, "  ", listed)
                groups.append((f.topic, text))
                continue
            if f.rule is not None and f.rule[1] is not lead and not f.rule_last:  # what the options below are for
                _group(groups, f.topic).append(f"- {self._labelled(f.rule[0], f.rule[1], d, a.lang)}")
            for r in f.records:
                if r is not lead and r.id not in stated:  # (once a block: SQS's server-side encryption asked of both
                    # keys and encryption at rest is one line, not two)
                    stated.add(r.id)  # under its own topic's heading: a record listed for a topic its statement only
                    # mentions (Redis AUTH "needs encryption at rest and in transit") is not about that topic; one of
                    # no topic of its own ("Translate keeps no data at rest") goes under the facet's
                    own = f.topic if f.topic is not None and r.topic == "other" else r.topic
                    _group(groups, own).append(f"- {_option(r, a.lang)}{d.statement(r)}")
                    rule = self.verdicts.rule_of(r.topic) \
                        if d.general and _a_way(r, a) and r.topic not in obliged else None
                    if rule is not None and rule is not lead and rule.id not in d.records \
                            and (entry := self.catalog.get(rule.section)) is not None:
                        # a service asked about as a whole ("What do we need for EMR?"): "By default, EMR does not
                        # encrypt data at rest", then the rule it must meet, said once an answer; not for a question
                        # asking how or which ("How do we encrypt RDS?": "One way: encrypt with keys you manage in KMS"
                        # alone; trials 49a-50c read the rule's "addressable, but AWS requires" quotes beside a way as
                        # boilerplate)
                        _group(groups, own).append(f"- {self._labelled(entry, rule, d, a.lang)}")
            if f.rule is not None and f.rule[1] is not lead and f.rule_last:  # ... or the rule they meet, after them
                _group(groups, f.topic).append(f"- {self._labelled(f.rule[0], f.rule[1], d, a.lang)}")
            if f.records and f.references:  # the section's own "see X" beside a dated source's records
                _group(groups, f.topic).extend(f"- {self._quoted(s, a.lang)} {d.cite(s)}" for s in f.references)
            if f.records and f.pointers:  # its records only mention the topic: where the documents speak of it
                _group(groups, f.topic).extend(self._pointers(f, lead, d, a.lang, "- ", listed))
        groups = [(topic, items) for topic, items in groups if items]  # (a facet whose pointers all went to another
        # section of the answer adds none: no heading over nothing, "*Backups and recovery*" under DynamoDB)
        headed = len(groups) > 1
        for topic, items in groups:
            if headed and topic is not None:
                lines.append(f"*{self.analyzer.topic(topic).label(a.lang)}*")
            lines += items
        return "\n".join(lines) if len(lines) > 1 else ""

    def _previous(self, section: Section, facets: list[Facet]) -> Section | None:
        """The whitepaper section before `section` when the answer lists it (Amazon Comprehend for Comprehend
        Medical, whose section only says "see the previous section")."""
        if not section.order:
            return None
        return next((f.section for f in facets if f.section.order == section.order - 1
                     and f.section.kind == "service"), None)

    def _labelled(self, section: Section, record: Requirement, d: _Draft, lang: str) -> str:
        """ "AWS CloudTrail: <statement> [n]" (a full-width colon in Chinese): a record of another section than the
        block's, under that section's name."""
        return phrase(lang, "labelled", label=self.name(section, lang), text=d.statement(record))

    def _pointers(self, f: Facet, lead: Requirement | None, d: _Draft, lang: str, head: str,
                  listed: frozenset[str] = frozenset()) -> list[str]:
        """Lines naming where the documents speak of the facet's topic (its pointer records), under a
        heading line that starts with `head`; a record the answer already states (the verdict's rule
        `lead`, the pointers of another section silent on the same topic) or lists under its own section (`listed`,
        record ids) is not said twice, and a study note is
        not said beside the topic's rule for every service (the verdict's lead, or another pointer): "Must SNS
        topics use server-side encryption?" is answered by the rule, not also by a note's "encrypt where a policy
        requires it"."""
        others = [(s, r) for s, r in f.pointers if r is not lead and r.id not in d.records and r.id not in listed]
        # a record reached twice is said once ("is audit logging required by the BAA?" named CloudTrail's twice; its
        # section is the same each time)
        others = list({r.id: (s, r) for s, r in others}.values())
        official = [(s, r) for s, r in others if not self._unofficial(r)]
        if not f.party_unsaid and ((lead is not None and not self._unofficial(lead)) or official):  # (the model's
            # records are said as a whole: a study note's "security of the cloud" beside the 2016 paper's three kinds)
            others = official
        if not others:
            return []
        lines = [f"  - {self._labelled(s, r, d, lang)}" for s, r in others]
        return [f"{head}{phrase(lang, 'pointers')}", *lines]

    def _unofficial(self, record: Requirement) -> bool:
        """Is all of the record's evidence in documents that are no AWS publication (sources.yaml priority 3)?"""
        return all(self._priority.get(e.doc_id, 2) >= UNOFFICIAL for e in record.evidence)

    def _eligible(self, a: Analysis, sections: list[Section], d: _Draft,
                  support: list[tuple[Section, Requirement]]) -> str:
        """The sentence saying `sections` (one or more) have their own whitepaper sections, which cover the HIPAA
        eligible services (citing the eligibility topic's `listing` record of `support`, data/topics.yaml), and that
        the BAA allows PHI only in eligible services (citing the first other record of `support`)."""
        listing = self.analyzer.topic(ELIGIBILITY).listing
        rule = next((r for _, r in support if r.id != listing), None)
        shown = next((r for _, r in support if r.id == listing), None)
        cite = f" {d.markers(rule)}" if rule is not None else ""
        sections_cite = f" {d.markers(shown)}" if shown is not None else ""
        *first, last = [self.name(s, a.lang) for s in sections]
        if not first:
            return phrase(a.lang, "eligible", service=last, cite=cite, sections_cite=sections_cite,
                          url=ELIGIBLE_SERVICES_URL)
        names = phrase(a.lang, "last_sep").join([phrase(a.lang, "sep").join(first), last])
        return phrase(a.lang, "eligible_each", services=names, cite=cite, sections_cite=sections_cite,
                      url=ELIGIBLE_SERVICES_URL)

    def _eligibility(self, a: Analysis, f: Facet, d: _Draft, lead: Requirement | None,
                     support: list[tuple[Section, Requirement]], verdict: str | None) -> str:
        if f.records:
            rest = [r for r in f.records if r is not lead]
            return "\n".join(f"- {d.statement(r)}" for r in rest)
        eligible = self._eligible(a, [f.section], d, support)
        # the section's own "Yes." only where the answer has no verdict of its own in front ("Must we sign a
        # BAA before we put PHI in S3?" leads with the BAA chapter's record)
        return f"{phrase(a.lang, 'verdict_yes')} {eligible}" if verdict == "yes" and lead is None else f"- {eligible}"

    def _sources(self, citations: list[Citation], lang: str) -> str:
        out = []
        for doc_id in dict.fromkeys(c.doc_id for c in citations):
            doc = self.docs.get(doc_id, {})
            out.append(phrase(lang, "edition", title=self._title(doc_id, lang),
                              language=phrase(lang, f"lang_{doc.get('lang', 'en')}")))
        return phrase(lang, "sep").join(out)

    def _archived(self, citations: list[Citation], lang: str) -> list[str]:
        """A warning under the answer for each archived document quoted, and for each one that is not an
        AWS publication (sources.yaml priority 3: the study notes)."""
        seen = {}
        for c in citations:
            if c.archived:
                seen[self._title(c.doc_id, lang)] = str((self.docs.get(c.doc_id, {}).get("meta") or {}).get(
                    "published") or "")[:4]
        notes = [phrase(lang, "archived", title=t, year=y or "?") for t, y in seen.items()]
        unofficial = dict.fromkeys(self._title(c.doc_id, lang) for c in citations
                                   if self._priority.get(c.doc_id, 2) >= UNOFFICIAL)
        return notes + [phrase(lang, "unofficial", title=t) for t in unofficial]

    def _title(self, doc_id: str, lang: str) -> str:
        """A document's title in the answer's language: its own, sources.yaml's `title_<lang>`, or the
        English one."""
        doc = self.docs.get(doc_id, {})
        own = doc.get("lang") == lang
        meta = doc.get("meta") or {}
        title = doc.get("title") if own else meta.get(f"title_{lang}") or meta.get("title_en")
        return title or doc.get("title", doc_id)
