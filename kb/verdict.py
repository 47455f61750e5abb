"""The verdict an answer leads with for a yes/no, "may I?", "must I?" or eligibility question: only
where the requirement records decide it."""
from __future__ import annotations

import re

from kb.analysis import AT_REST, ELIGIBILITY, IN_TRANSIT, NECESSITY, PERMISSION, YES_NO, Analysis, Analyzer
from kb.catalog import Section
from kb.editions import (
    edition_asked,
    edition_scope,
    edition_unlisted,
    editions,
    other_edition,
    said,
    version_scope,
    version_unlisted,
)
from kb.facets import STRENGTH_BONUS, Facet, specific_words
from kb.focus import NAMES, obligation
from kb.keyword import tokenize
from kb.relevance import Query, Relevance
from kb.requirements import Requirement, RequirementCatalog
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
ENCRYPTION, BACKUP = (AT_REST, IN_TRANSIT), "backup"
# a yes/no question about what the customer must do ("PHI 암호화 요구 사항이 있나요?", "Is there a requirement ..."):
# the service encrypting on its own does not answer it with yes
_ASKS_DUTY = re.compile(r"\brequire|\bneed|\bmust\b|\bhave to\b|요구|필요|해야|要求|需要|必須|必须|應該|应该", re.I)
# Chinese bigrams holding a function character ("也會", "的自" of "的自動備份") are no word the question asks about
_FUNCTION_HAN = re.compile("[的也會会有都時时嗎吗是在和了們们起被這这些我]")
# a setting made only when the resource is created ("can be specified only at creation", "supported when a new file
# system is created", "enabled at cluster creation"): it answers "for an existing one?" with no
_ONLY_AT_CREATION = re.compile(r"\bonly (?:at|when|upon|during) (?:\w+ ){0,3}creat|"
                               r"\bwhen a new [\w ]{1,30} is created\b|"
                               r"\b(?:at|during) (?:\w+ )?creation\b|\bupon creation\b", re.I)
# a parameter or setting name ("rds.force_ssl", "require_secure_transport"): words joined by dots or underscores
_IDENTIFIER = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+\b")
# PHI named in a question about every service ("PHI in any AWS service?"; "use all services in a HIPAA account?" is
# about the account, which may use any service)
_PHI = re.compile(r"(?<![A-Za-z])PHI(?![A-Za-z])|\bpatient|\bmedical|\bclinical|\bhealth (?:data|information|records?)|"
                  r"환자|진료|의료|病歷|病患|病人|醫療|健康資料|健康數據", re.I)
_TRANSMITS = re.compile(r"\btransmit", re.I)  # a service that keeps no data and passes none through either
# "must we use X?" asks about a way to do it
_USE = re.compile(r"\b(?:use|using|required?)\b|사용|써야|이용|필수|使用|採用|采用|(?:要|得|須|须|需)用", re.I)
_RANK = {"must": 0, "should": 1}  # the obligations that decide a "must we?", strongest first
UNSUPPORTED_SHARE = 0.8  # ... when it fits the question at least this share of the best record (kb/focus.py FOCUS)


class Verdicts:
    """Decides verdicts from facets and their records. Read-only: shared across threads."""

    def __init__(self, analyzer: Analyzer, relevance: Relevance, records: RequirementCatalog | None = None,
                 variants: Variants | None = None) -> None:
        self.analyzer = analyzer
        self.relevance = relevance
        self.records = records  # every record: a service's own fact decides only when none of them fits better
        self.variants = variants  # what a record names after its service's name (a feature: Redshift Spectrum)
        self._whitepaper = [d["doc_id"] for d in relevance.index.docs  # (the editions a "must we?" is decided by)
                            if (d.get("meta") or {}).get("structure") == "hipaa-whitepaper"]

    def _family_records(self, facets: list[Facet]) -> list[Requirement]:
        """Every record of the services the facets belong to, their subsections included (the Redis engine
        versions are in the service's eligibility record, the TLS record in a subsection)."""
        if self.records is None:
            return []
        catalog = self.analyzer.catalog
        roots = {catalog.top(f.section.id).id for f in facets}
        return self.records.of(set().union(*(catalog.descendants(r) for r in roots))) if roots else []

    def decide(self, a: Analysis, facets: list[Facet], query: Query | None = None
               ) -> tuple[str | None, Requirement | None]:
        """(verdict, the record that decides it): "yes" | "no" | "conditional" | "unlisted" | "recommended" |
        "optional" | "unstated" | None. A verdict only where the records decide it: eligibility (with or without
        conditions; "unlisted" for a product edition, or an edition and release, the conditions do not list; "no"
        when the question would store or pass data through a service that cannot hold any, or put PHI in every
        service), a prohibition asked as "may I?", an obligation asked as "must I?" (or the rule for every service
        when the section only offers options, or "no" when a record says it is not required); a yes/no question
        about what the service itself does, decided by its own statement of fact (`_fact`: keeps no data -> "no";
        encrypts or is offered -> "yes"; "by default?" -> "no" or "unstated"); "unstated" when every facet the
        question asks about is not covered."""
        if a.negated and not (a.without or a.unsigned):  # "S3 不需要加密嗎？", "사용할 수 없나요?": a Chinese or
            # Korean "yes" agrees with the negation, an English one with the fact: either reads as the opposite to
            # someone (leaving a measure out and PHI before the BAA is signed are asked with a negation by design)
            return None, None
        if a.existing:  # "... for an existing EFS file system?": "No." by a setting made only at creation; no other
            # record decides a change to a resource that exists ("an existing unencrypted RDS instance" is no "without")
            at_creation = next((r for f in facets if f.topic in a.topics for r in f.records if _ONLY_AT_CREATION.search(
                " ".join([r.statement["en"], (r.scope or {}).get("en", "")]))), None)
            decided = at_creation is not None and a.ask in (PERMISSION, YES_NO)
            return ("no", at_creation) if decided else (None, None)
        settings = _IDENTIFIER.findall(query.text) if query is not None else []
        if settings:  # "rds.force_ssl 파라미터를 1로 설정해야?": a setting no listed record names decides nothing
            texts = [said(r).casefold() for f in facets for r in f.records]
            if any(not any(name.casefold() in t for t in texts) for name in settings):
                return None, None
        scoped = edition_scope(a, facets, query)
        if scoped is not None:  # "TDE 쓸 수 있나요? Standard 에디션도 되나요?": TDE is for Enterprise Edition only
            return "unlisted", scoped
        versioned = version_scope(a, facets, query, lambda: self._family_records(facets))
        if versioned is not None:  # "in-transit encryption on ElastiCache Redis 4.0.9?": "3.2.6 and 4.0.10 onwards"
            return "unlisted", versioned
        if a.every and a.ask in (PERMISSION, YES_NO) and _PHI.search(query.text if query else ""):
            # "Does the BAA let us put PHI in any AWS service?": only in the HIPAA eligible services
            rule = obligation([r for f in facets for r in f.records], ELIGIBILITY)
            if rule is not None:
                return "no", rule
        if a.unsigned and a.ask == PERMISSION:  # "還沒簽 BAA 之前可以先把病歷放 S3 嗎？": PHI only in accounts
            # designated under the BAA, and only in its eligible services
            rule = obligation([r for f in facets for r in f.records], ELIGIBILITY)
            if rule is not None:
                return "no", rule
        if a.eligibility:
            records = [r for f in facets if f.topic == ELIGIBILITY for r in f.records]
            listing = next((r for r in records if not r.forbids and editions(said(r))), None)
            if listing is not None and query is not None:  # a service whose eligibility is a list of editions
                asked = editions(query.text)
                banned = next((r for r in records if r.forbids and edition_asked(r, query)), None)
                if banned is not None:
                    return "no", banned  # "SQL Server Express?"
                # "SQL Server 2008 R2 Standard?": not as written, only these; no edition asked: these conditions
                return ("unlisted" if asked and edition_unlisted(query, listing) else "conditional"), listing
            if records and records[0].forbids:
                return "no", records[0]  # the record that fits best forbids it ("SQL Server Express?")
            unable = next((r for r in records if r.holds_no_data), None)
            if a.carries and unable is not None and self._names_others(a, unable):
                return "no", unable  # "pass patient records through SWF?": it cannot store or transmit data
            keeps = next((r for f in facets for r in f.records if r.keeps_no_data), None)
            if a.stores and keeps is not None and not a.negated and self._names_others(a, keeps) and (
                    query is None or self.analyzer.asks_to_store(query.text, a.lang)):
                return "no", keeps  # "Can CloudWatch store PHI?": it stores none itself
            passes_none = unable or next((r for r in records if r.keeps_no_data and _TRANSMITS.search(
                r.statement["en"])), None)
            if passes_none is not None:  # "Can we use Step Functions with PHI?": in a PHI workload, with no PHI
                # passing through it ("cannot store, transmit or process PHI"); nothing for a second service it does
                # not name ("CloudWatch 和 CloudWatch Logs 可以儲存 PHI 嗎？")
                return ("conditional", passes_none) if self._names_others(a, passes_none) else (None, None)
            conditions = [r for r in records if r.strength in ("must", "should") or r.scope]
            if conditions and not version_unlisted(query, conditions[0]):
                return "conditional", conditions[0]
            if conditions:
                return None, None  # "Redis 3.2.4?": a version the conditions do not list ("4.0.10 onwards" may
                # include it: versions are ranges, editions are not); the conditions are shown
            # one service's own record says it ("Amazon Translate can process documents containing PHI"), unless it is
            # about a feature the question does not name ("Is Redshift eligible?" is not led by "Redshift Spectrum is
            # within the BAA's scope"); for several, the line saying each has its own section leads, unless the record
            # is about a feature the question names ("Is Redshift Spectrum covered by the BAA, and ... S3 ...?")
            several = len({f.section.id for f in facets if f.topic == ELIGIBILITY}) > 1
            feature = self._feature_of(records[0], query) if records else None
            lead = records[0] if records and feature is not False and (not several or feature) else None
            return "yes", lead
        feature = a.services[0] if a.services and a.services[0].kind == "subsection" else None
        if a.ask == NECESSITY and not a.topics and (a.subject or feature) is not None:
            # "Must we enable AWS CloudTrail for a HIPAA workload?" asks about a service named for a topic (CloudTrail:
            # logging) as a whole: its section's first record of the strongest kind on that topic decides; "Must we
            # enable Redis AUTH?" asks about a feature with a subsection of its own: its first obligation decides
            if feature is not None:  # (only by a "must": "Is Lambda@Edge required?" is not answered "Recommended" by
                # "follow the CloudFront guidance for Lambda@Edge functions")
                firsts = [r for r in self._firsts(feature, [r.topic for r in self.records.of({feature.id})]
                                                  if self.records else []) if r.strength == "must"]
            else:
                firsts = self._firsts(a.subject, self.analyzer.topics_of(" / ".join(a.subject.names.values())))
            if firsts:
                return {"must": "yes", "should": "recommended"}[firsts[0].strength], firsts[0]
        if a.ask == NECESSITY and not a.topics:
            # "must we run EC2 on dedicated tenancy?" names nothing the records are organised by: whichever
            # EC2 record fits best would answer another question, so no "Yes." in front of it; but a record
            # that says it is not required answers it ("the whitepaper no longer requires Dedicated Instances")
            firsts = [f.records[0] for f in facets if f.records]
            best = max(firsts, key=lambda r: self._fit(query, r)) if firsts and query else None
            return ("no", best) if best is not None and best.not_required else (None, None)
        if a.ask == YES_NO:
            return self._fact(a, facets, query)
        if a.ask not in (PERMISSION, NECESSITY):
            return None, None
        # the facets of the topics the question names decide, not the other topics its sections list
        asked = ([f for f in facets if f.topic in a.topics or _whole_subject(f, a, facets)]
                 or [f for f in facets if f.topic is not None] or facets)
        if a.ask == NECESSITY and a.plain_encrypt:  # "Must we encrypt Redshift clusters?" asks about the data at rest
            asked = [f for f in asked if f.topic == AT_REST] or asked  # (not answered "Yes." by the TLS record)
        mine = [f for f in asked if a.subject is not None and f.section.id == a.subject.id]
        silent = mine if mine and not any(f.covered for f in mine) else []  # the subject's silence decides, whatever
        # a section named in passing says ("EMR 不開傳輸中加密可以嗎？反正節點都在同一個 VPC 裡面": VPC's records)
        if silent or (asked and not any(f.covered for f in asked)):
            # the section is silent, but a rule for every service on the topic asked decides a "must we?"
            # ("EMR local disks: must they be encrypted?" -> encrypt PHI stored in any eligible service)
            general = [r for f in (silent or asked) if f.topic is not None for _, r in f.pointers
                       if r.id == self.analyzer.topic(f.topic).rule]
            if silent and not general and self.records is not None:  # (the rule itself, when the section named in
                # passing took the pointers' place)
                general = [r for f in silent if (r := self._rule(f.topic)) is not None]
            if a.ask == NECESSITY and general:
                return "yes", general[0]
            if a.ask == PERMISSION and a.without and general:  # "... EMR without encrypting its local disks?"
                return "no", general[0]
            # "Glacier 可以存放 PHI 備份嗎？" asks whether it may hold PHI (it may): the backup guidance it lacks
            # does not make that "The documents do not say."
            held = a.ask == PERMISSION and a.uses_phi
            return (None, None) if held else ("unstated", None)
        # each facet's best record on a topic the question names decides ("Do we have to sign a BAA?" is not
        # answered by the BAA chapter's encryption record)
        tops = [r for f in asked for r in f.records if r.topic in a.topics] if a.topics else \
            [f.records[0] for f in asked if f.records]
        if not tops:
            return self._unsupported(asked, query, None) if a.ask == PERMISSION else (None, None)
        subject = a.subject
        own = [r for f in asked if subject is not None and f.section.id == subject.id
               for r in f.records if r in tops]
        tops = own or tops  # "Must we encrypt EBS volumes on EC2 instances?" is decided by EBS, the subject
        # the record that fits the question best decides, whichever section it is in ("IAM users: MFA?")
        top = max(tops, key=lambda r: self._fit(query, r)) if query is not None else tops[0]
        whole = [f for f in asked if _whole_subject(f, a, facets) or (
            a.kept and a.subject is not None and f.section.id == a.subject.id)]
        if a.ask == NECESSITY and whole and self.records is not None:
            # a service asked about as a whole, or added to the conversation for its topics ("CloudTrail도 켜야
            # 하나요?" after an S3 question), is decided by the section's first record of the strongest kind on the
            # topic (create trails), not by one on a feature of it that shares a word with the question (log file
            # integrity validation: "enable")
            order = {r.id: i for i, r in enumerate(self.records.of({f.section.id for f in whole}))}
            theirs = [r for r in tops if r.id in order]
            firsts = sorted((r for r in theirs if r.strength in _RANK), key=lambda r: (_RANK[r.strength], order[r.id]))
            if theirs and not firsts:
                # ... and one that only offers ways ("KMS도 꼭 써야 하나요?": KMS keys "can" encrypt the data keys) is
                # no obligation of its own: the rule for every service says what is required, the service is one way
                rule = next((r for t in a.topics if (r := self._rule(t)) is not None), None)
                if rule is not None:
                    return "optional", rule
            top = firsts[0] if firsts else top
        # a rule on names, tags or fields forbids PHI there, not in the service: it decides only a question about names
        # ("Can Amazon Connect be used with PHI?" is not answered "No." by "no PHI in Customer Profiles key names")
        names_asked = NAMES in a.topics or a.part or a.names

        def forbids(r: Requirement) -> bool:  # ... and a rule forbidding a product edition decides only a question
            # naming that edition ("TDE 쓸 수 있나요? Standard 에디션도 되나요?" is no "No." by "do not use Express")
            return r.forbids and (r.topic != NAMES or names_asked) and not other_edition(r, query)

        prohibition = forbids(top)
        if a.ask == PERMISSION:
            if not prohibition and a.without and a.plain_encrypt and any(
                    r.done_for_you and r.topic in a.topics for r in tops):
                return None, None  # "... Glacier without our own KMS encryption?": it encrypts at rest itself, and
                # plain "encryption" does not say which measure is left out (not the HTTPS record's "No.")
            if prohibition or (a.without and a.topics and top.strength == "must"):
                return "no", top  # "Can we store PHI on unencrypted EBS volumes?": No. + what must be done
            if a.without and a.topics:  # "AUTH 토큰 없이 써도 되나요?": the topic's obligation, however it fits
                must = next((r for r in tops if r.strength == "must"), None)
                if must is not None:
                    return "no", must
                rules = [f.rule[1] for f in asked if f.rule is not None]
                if rules:  # "다이나모는 기본 암호화라던데 설정 안 해도 되나요?": the section offers
                    return "no", rules[0]  # options only; PHI stored in any eligible service is encrypted
            # the prohibition on the topic asked, when it fits nearly as well as the best record ("S3 이벤트로 람다가
            # 트리거되는데 객체 키에 환자 이름 넣어도 되나요?")
            # ... or one the question's own words chose beside topics read from plain "encrypt" ("Express 版可以加密存
            # PHI 嗎？": "do not use SQL Server Express")
            pinned = [r for f in facets if f.topic is None for r in f.records] \
                if a.plain_encrypt else []
            forbidding = self._contender([r for r in tops + pinned if forbids(r)], query, top)
            return ("no", forbidding) if forbidding is not None else self._unsupported(asked, query, top)
        if prohibition:
            return None, None
        if a.ask == NECESSITY and top.not_required:  # "Must we re-encrypt PHI sent to CloudWatch Logs?"
            return "no", top
        if a.ask == NECESSITY and not a.without and self._alternative(query, top):  # ("... and what if we don't
            # enable SSE?" states the condition: then the payload must be encrypted, "Yes.")
            return "optional", top  # "Do we need SQS server-side encryption?": or encrypt the payload first
        # "may" records describe options: they never make a requirement optional
        kind = {"must": "yes", "should": "recommended"}.get(top.strength)
        if a.ask == NECESSITY and kind == "yes" and not a.without and (
                any(not f.covered for f in asked) or top.statement["en"].lower().startswith(ALTERNATIVE)):
            # "Do we need to encrypt SQS queues and SNS topics?": SNS's section says nothing of the data at rest, and
            # SQS's obligation holds only when its server-side encryption is not used ("If you do not use ..."): the
            # rule for every service answers the question as asked, the sections' records then say how
            rule = self._rule(top.topic)
            if rule is not None:
                return "yes", rule
        if a.ask == NECESSITY and kind == "recommended" and not a.without and top.topic in a.topics:
            # "CloudTrail 트레일을 반드시 암호화해야 하나요?": the section's "should" ("create an encrypted trail
            # whenever PHI might be logged") sits under the rule for every service, which requires PHI stored in an
            # eligible service to be encrypted: the stronger obligation decides, the section's record then says how
            rule = self._rule(top.topic)
            if rule is not None:
                return "yes", rule
        if a.ask == NECESSITY and not a.without and top.encrypts and top.topic in a.topics \
                and all(r.strength == "fact" for r in tops):
            return "no", top  # "Do we need to encrypt ECR images?": ECR stores them encrypted itself (no step of yours)
        rules = [f.rule[1] for f in asked if f.rule is not None]
        if kind != "yes" and rules and top.strength == "may" and self._asks_way(a, query, asked, top, rules[0]):
            return "optional", rules[0]  # "Must we use customer managed KMS keys for DynamoDB?": a way, not the rule
        if kind != "yes" and rules:  # a "must we?" (may I? returned above) with options only, or a dated source's
            return "yes", rules[0]  # "should": the rule for every service decides (kb/facets.py Planner._rule)
        return (kind, top) if kind is not None else (None, None)

    def _fact(self, a: Analysis, facets: list[Facet], query: Query | None) -> tuple[str | None, Requirement | None]:
        """A yes/no question about what the service itself does, decided by a statement of fact of its own section:
        "Does AWS Transfer for SFTP store PHI itself?" -> "No." by "it does not store, process or transmit PHI";
        "Is device communication with AWS IoT Core encrypted?" -> "Yes." by "all communication is encrypted with TLS"
        (when every encryption topic asked that the section speaks of is answered so, by the record of the topic that
        fits the question best; "conditional" when that record names a condition). Only for a question about one
        service, asked without a negation, with the service as its subject (not "Do we ...?"), and when the deciding
        record fits the question at least UNSUPPORTED_SHARE of any other record of the service (a names rule aside).
        (None, None) otherwise: a yes/no question about anything else gets the records without a verdict."""
        subject = a.subject
        if subject is None or query is None or a.without or a.negated or a.asker_first:
            return None, None  # "Is X not encrypted?", "Do we store PHI in X?"
        family = self.analyzer.catalog.descendants(subject.id)
        own = [f for f in facets if f.section.id in family]
        if self.records is not None and not self.records.of(family):  # a section with no records that points to
            own = facets  # another (Comprehend Medical: "see the previous section")
            family = {sid for f in facets for sid in self.analyzer.catalog.descendants(f.section.id)}
        listed = [r for f in own for r in f.records]
        rivals = [r for r in (self.records.of(family) if self.records is not None else listed) if r.topic != NAMES]

        def outdone(record: Requirement) -> bool:
            """Does another record of the service fit the question clearly better ("Does Comprehend store custom
            models?" is about its custom-models record, not "Comprehend does not retain or store any data"; "Does the
            Kinesis Video Streams SDK encrypt stored data?" about the SDK's)? A names rule never counts: it names
            the thing asked about ("archives") in every question about it."""
            best = max((self._fit(query, r) for r in rivals if r.id != record.id), default=0.0)
            return self._fit(query, record) < UNSUPPORTED_SHARE * best

        def decides(record: Requirement) -> bool:
            """Not outdone, and naming every other service the question names ("Do Comprehend and S3 store data?" is
            not answered by Comprehend's record; "RoboMaker 模擬伺服器用的 EBS 磁碟區有加密嗎？" is, by the record on
            the EBS volumes RoboMaker uses)."""
            return not outdone(record) and self._names_others(a, record)

        if a.carries and not set(a.topics) - {ELIGIBILITY, "other"}:
            keeps = next((r for r in listed if r.keeps_no_data), None)
            return ("no", keeps) if keeps is not None and decides(keeps) else (None, None)
        asked_topics = set(a.topics)
        if not asked_topics & set(ENCRYPTION) or asked_topics - {*ENCRYPTION, BACKUP} or _ASKS_DUTY.search(query.text):
            return None, None
        deciding = [BACKUP] if BACKUP in a.topics else a.topics  # "백업도 암호화되나요?" asks about the backups
        asked = [f for f in own if f.topic in deciding and f.records]
        if not asked:
            return None, None
        # the facet's own records (not a names rule); never one of the other encryption topic that only mentions this
        # one ("the Kinesis Video Streams SDK encrypts frames with TLS; it does not affect data stored at rest")
        mine = [[r for r in f.records if r.topic == f.topic] or [r for r in f.records if f.topic not in ENCRYPTION
                                                                  or r.topic not in ENCRYPTION] for f in asked]
        if not all(mine):
            return None, None
        tops = [max(records, key=lambda r: self._fit(query, r)) for records in mine]
        # "Does SQS support server-side encryption?": a record telling the customer to use it says it does
        # (not by one that holds only when it is not used: "If you do not use SQS server-side encryption, ...")
        offers = [max([r for r in records if not r.statement["en"].lower().startswith(ALTERNATIVE)] or records,
                      key=lambda r: self._fit(query, r)) for records in mine]
        offered = a.supports and not a.default and BACKUP not in deciding and all(
            r.strength in ("must", "should", "may") and not r.forbids and not UNSUPPORTED.search(r.statement["en"])
            and not r.statement["en"].lower().startswith(ALTERNATIVE) for r in offers)
        tops = offers if offered else tops
        if not offered and not all(r.encrypts_backups if BACKUP in deciding else r.encrypts for r in tops):
            if not a.default:
                return None, None
            # "Is EFS traffic encrypted by default?" -> "No." by "TLS is not used by default"; "Is EBS encrypted by
            # default?": no record of it says so -> "unstated" (the records say what to enable)
            off = next((r for records in mine for r in records if r.off_by_default), None)
            if off is not None:
                return ("no", off) if not outdone(off) else (None, None)
            # a record saying what happens by default ("new clusters accept only TLS connections by default") answers
            # it in its own words, whichever way the question is put ("accept non-TLS connections by default?")
            stated = any(r.says_default for r in [*rivals, *(r for records in mine for r in records)]
                         if r.topic in deciding)  # (any record of the service on the topic, listed or not)
            return (None, None) if stated else ("unstated", None)
        if not all(decides(top) for top in tops):
            return None, None  # another record of the service fits better: the question asks about that
        words = {t: w for t, w in specific_words(self.relevance, self.analyzer, a, a.services, query).items()
                 if not _FUNCTION_HAN.search(t)} if a.lang != "zh" else {}  # (Chinese bigrams: synonyms, not things)
        known = rivals + listed
        if any(not any(self.relevance.specific_fit(query, r, {t: w}) for r in known) for t, w in words.items()):
            return None, None  # it asks of something no record of the service speaks of ("... at rest on the device?")
        if offered:
            return "yes", tops[0]
        lead = next((r for r in tops if r.encrypts_if), tops[0])
        if a.default and lead.encrypts_if:  # "Is the Glue Data Catalog encrypted by default?": only "when encryption is
            return "unstated", None  # enabled as the objects are created", which is no default
        return ("conditional" if lead.encrypts_if or lead.strength != "fact" else "yes"), lead

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
        return others <= {m[0].id for m in self.analyzer.catalog.mentions(record.statement["en"])}

    def _unsupported(self, facets: list[Facet], query: Query | None, top: Requirement | None
                     ) -> tuple[str | None, Requirement | None]:
        """"No." for a "may we?" that a listed record says is not supported ("Can partner clinics reach MSK over a
        public endpoint?": "Amazon MSK does not support public endpoints"), when that record fits the question at
        least UNSUPPORTED_SHARE of the record that decides otherwise (`top`)."""
        best = self._contender([r for f in facets for r in f.records if UNSUPPORTED.search(r.statement["en"])
                                and not other_edition(r, query)], query, top)
        return ("no", best) if best is not None else (None, None)

    def _contender(self, records: list[Requirement], query: Query | None, top: Requirement | None
                   ) -> Requirement | None:
        """The one of `records` that fits the question best, when it fits at least UNSUPPORTED_SHARE of the record
        that would decide otherwise (`top`; any fit without one); None without records or a question."""
        if not records or query is None:
            return None
        best = max(records, key=lambda r: self._fit(query, r))
        return best if top is None or self._fit(query, best) >= UNSUPPORTED_SHARE * self._fit(query, top) else None

    def _alternative(self, query: Query | None, record: Requirement) -> bool:
        """Is `record` an obligation that holds only when what the question asks about is skipped: "If you
        do not use SQS server-side encryption, encrypt the payload" for "Do we need SQS server-side
        encryption?" (the question and the condition share a topic term), not for "Must SQS queues be
        encrypted at rest?" (they must, one way or the other)."""
        if query is None or record.strength != "must" or not record.statement["en"].lower().startswith(ALTERNATIVE):
            return False
        conditions = [re.split(r"[,，、]", record.says(lang))[0] for lang in dict.fromkeys(("en", query.lang))]
        asked = set(self.analyzer.terms_in(query.text))
        return bool(asked & {t for c in conditions for t in self.analyzer.terms_in(c)})

    def _asks_way(self, a: Analysis, query: Query | None, asked: list[Facet], option: Requirement,
                  rule: Requirement) -> bool:
        """Does a "must we use ...?" ("... required?") name one of the ways an option record offers (a term of its topic
        the rule for every service lacks: "SSE-KMS", "server-side encryption"; or the option's own words the question
        shares and the rule lacks: "customer managed KMS keys", "client-side"), rather than the encryption itself
        ("Must we use encryption at rest for S3?")? The names of the sections asked about (`asked`) are no such words;
        a service named as the way is ("KMS")."""
        if query is None or not _USE.search(query.text):
            return False
        # a term of the option's topic the rule lacks names a way ("SSE-KMS", "client-side encryption"; not "encryption
        # at rest", which the rule says)
        terms = [set(tokenize(t)) for t in self.analyzer.terms_in(query.text)
                 if option.topic in self.analyzer.topics_of(t, plain=False)]
        if any(toks and not self.relevance.has_words(rule, query.lang, toks) for toks in terms):
            return True
        sections = list({f.section.id: f.section for f in asked}.values())
        words = specific_words(self.relevance, self.analyzer, a, sections, query, common=True)
        return any(self.relevance.specific_fit(query, option, {t: w}) and not self.relevance.specific_fit(
            query, rule, {t: w}) for t, w in words.items() if not _FUNCTION_HAN.search(t))

    def _firsts(self, section: Section, topics: list[str]) -> list[Requirement]:
        """The whitepaper's obligations in `section` (its subsections included) on `topics`, the strongest first, each
        kind in the section's order (data/requirements files follow it); a study note's "should" decides nothing."""
        if not topics or self.records is None:
            return []
        own = [r for r in self.records.of(self.analyzer.catalog.descendants(section.id))
               if r.topic in topics and r.strength in _RANK and r.evidence_in(self._whitepaper)]
        return sorted(own, key=lambda r: _RANK[r.strength])  # (stable: the section's order within a kind)

    def _rule(self, topic: str | None) -> Requirement | None:
        """The topic's rule for every HIPAA eligible service (data/topics.yaml `rule`), if it has one."""
        known = next((t for t in self.analyzer.topics if t.id == topic), None)
        rule_id = known.rule if known is not None else None
        return self.records.get(rule_id) if rule_id and self.records is not None else None

    def _fit(self, query: Query, record: Requirement) -> float:
        """How well a record fits the question, an obligation a little ahead (kb/facets.py STRENGTH_BONUS, as
        the planner ranks): "Do we have to sign a BAA?" is decided by "PHI only in eligible services under
        the BAA", not by the fact that AWS has offered a standard BAA since 2013."""
        return self.relevance.record(query, record).score + STRENGTH_BONUS[record.strength]


def _whole_subject(facet: Facet, a: Analysis, facets: list[Facet]) -> bool:
    """Is `facet` the subject's section asked about as a whole for the topics (CloudTrail for logging: "Should we
    turn on CloudTrail too?" after an S3 question, beside the S3 section's silence on logging)?"""
    return facet.topic is None and a.subject is not None and facet.section.id == a.subject.id \
        and not any(f.section.id == facet.section.id and f.topic is not None for f in facets)

