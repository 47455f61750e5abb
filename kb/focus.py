"""Focus: which of the planned facets and records an answer lists. Pure functions of the facets and
their scores (kb/facets.py plans them; kb/relevance.py scores the records)."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kb.analysis import Analysis
from kb.asks import NECESSITY
from kb.clauses import each_asked
from kb.topics import AT_REST, ELIGIBILITY, IN_TRANSIT

if TYPE_CHECKING:
    from kb.facet import Facet
    from kb.requirements import Requirement

PER_FACET = 3  # records listed for one facet after focusing
GENERAL_PER_FACET = 5  # ... of a general chapter answering a question that names no service ("What does the guidance
# recommend for backup and DR?" is answered by the chapter's snapshots, S3 copies and Elastic Disaster Recovery too)
MAX_RECORDS = 6  # records listed in one answer
FOCUS = 0.8  # a record is listed when it fits the question at least this share of the best record
# (kb/relevance.py scores; chosen on the tune split of the golden set: `python -m evals run --split tune`)
MIN_SCORE = 0.25  # ... and at least this (meaning and shared words; see kb/relevance.py)
ELSEWHERE_FOCUS = 0.6  # a record of another section giving an `elsewhere` term (kb/details.py) that the answer's
# sections do not speak of is listed when it fits at least this share of the answer's best record ("sns alerts to
# caregivers - can the SMS contain patient vitals?": Pinpoint's dedicated short code fits 0.6-0.8 of SNS's HTTPS
# record; stop 55 trials)
IMPLIED_SHARE = 0.7  # a topic read from plain "encrypt" stays when its best record reaches this share of the
# section's best (tune split: 0.7 keeps every fact, 0.8 loses some)
PASSING_SHARE = 0.5  # a section whose best record fits under this share of the best section's is named in
SECTION_SHARE = 0.85  # passing; so is one under this share that a better section's records name ("Athena query
# results in S3": Athena's records say S3; "EMR and Redshift encryption" keeps EMR; "CloudTrail 加密追蹤預設用什麼
# 方式把記錄存到 S3？" is not asking for S3's own rules, 0.83 of CloudTrail's; tune split: facts and noise equal at
# 0.8-0.85, 0.9 drops a service's own second record)
SPECIFIC_MIN = 0.5  # a section is narrowed to its records with the question's specific words when its best
SPECIFIC_SHARE = 0.5  # record has this share of them; it keeps those with SPECIFIC_SHARE x the best's (tune split)


NAMES = "no-phi-in-metadata"  # the topic of the rules on names, tags and metadata (data/topics.yaml)
_UNLESS = re.compile(r"^If you do not (?:use|enable|turn on|choose) (.+?),")  # a record that is the fallback of
# another's measure ("If you do not use Amazon SQS server-side encryption, encrypt the message payload ...")


def with_measure(keep: list[Requirement], fresh: list[Requirement]) -> list[Requirement]:
    """`keep` with, before each fallback record (`_UNLESS`), the record of `fresh` stating the measure it falls back
    from, when `keep` lacks it: the record whose English statement holds the most of the measure's words, at least
    two thirds of them ("Do I need to encrypt SQS queues?": server-side encryption first, then "if you do not use
    it, encrypt the payload"); so, before a record opening "Alternatively", does the record of its topic just before
    it in its file. A statement that refers back comes with what it refers to (issue 11)."""
    out = list(keep)
    for r in keep:
        if r.statement["en"].startswith("Alternatively"):  # "Alternatively, pass encrypted sessions through to the
            # back-end instances" comes after the way it is the alternative to (terminate TLS at the load balancer):
            # the record of its topic just before it in its file, when `fresh` has it
            before = [x for x in fresh if x.file == r.file and x.topic == r.topic and x.line < r.line
                      and not x.alternative]
            first = max(before, key=lambda x: x.line, default=None)
            if first is not None and first not in out:
                out.insert(out.index(r), first)
            continue
        m = _UNLESS.match(r.statement["en"])
        if m is None:
            continue
        words = set(re.findall(r"[a-z0-9-]+", m.group(1).lower()))
        shared, best = max(((len(words & set(re.findall(r"[a-z0-9-]+", x.statement["en"].lower()))), x)
                            for x in fresh if x not in out and x.topic == r.topic),
                           key=lambda pair: pair[0], default=(0, None))
        if best is not None and 3 * shared >= 2 * len(words):
            out.insert(out.index(r), best)
    return out


def obligation(records: list[Requirement], topic: str | None, should: bool = False) -> Requirement | None:
    """The first "must" record on `topic`: what decides a "must we?" about it (and a "may we?" before the BAA is
    signed, on eligibility); with `should`, the first "should" when there is no "must" ("do we need log file
    validation and KMS encryption on our trails?": CloudTrail's "create an encrypted trail" beside the validation
    record the words fit)."""
    return next((r for r in records if r.strength == "must" and r.topic == topic), None) or next(
        (r for r in records if should and r.strength == "should" and r.topic == topic), None)


def narrow(facets: list[Facet], fits: dict[str, float], necessity: bool = False,
           wanted: Callable[[Requirement], bool] | None = None, subject: str | None = None,
           bare: frozenset[str] = frozenset(), apart: frozenset[str] = frozenset(),
           clause_fits: list[dict[str, float]] = (), insist: frozenset[str] = frozenset(),
           enumerated: frozenset[str] = frozenset(),
           official: Callable[[Requirement], bool] | None = None) -> set[int]:
    """Keep in each section only the records that share the question's specific words, when its best
    record has SPECIFIC_MIN of them: "Does the ZooKeeper bundled with MSK support encryption?" is
    answered by the ZooKeeper record, not by every MSK encryption record. Returns the ids of the
    facets left without records (dropped: another facet of the section answers). A "must we?" (`necessity`:
    Analysis.obliged, also "may we leave it out?") keeps each facet's first obligation on its topic (a "must", else a
    "should"): it decides the answer. A facet of a topic the question names may be emptied too: "Can MSK clusters open a
    public endpoint?" is not asking about TLS (keeping it costs more unhelpful quotes than it adds facts on the tune
    split). A record that gives the detail asked (`wanted`: a version, a parameter name) and has some of the words stays
    ("which versions and editions? Express?" keeps the editions record beside the Express one). A section named after
    the question's `subject` (its first-named section), asked about with no topic, none of whose records has any of
    the words while another section's have SPECIFIC_MIN of them, is left out: "How should we mitigate DDoS
    attacks on EC2 web servers?" is answered by the DDoS chapter, not by EC2's TLS records. A topic asked in a
    clause of its own with none of the words (`bare`: "Snowball 匯入作業的目標 S3 儲存貯體要怎麼挑？支援哪種
    伺服器端加密？") keeps its best-ranked record among those the words leave out: it asks for the topic as such. A
    section in `apart` (named alone in a clause, or side by side with another: "AWS Shield and AWS WAF") is never
    one named in passing. A question of several clauses, each with specific words of its own (`clause_fits`: per
    clause, record id -> share of that clause's words), keeps what fits any of them as it keeps what fits the whole:
    "which FIPS level is CloudHSM validated to, and what APIs/libraries can our apps use?" keeps the APIs record. A
    topic of `insist` (an encryption topic the question asks to encrypt by name: "How do we encrypt Amazon MQ messages
    in transit?") keeps its own record beside records of a topic not asked that only mention it ("MQ encrypts
    messages at rest and in transit"). A record in `enumerated` (the one that best fits an item of a list the question
    enumerates: "I'm thinking encryption, access logging, versioning, blocking public access") stays. A topic's facet
    whose kept records are all from documents other than the whitepaper keeps its first `official` record on the topic
    beside them ("Windows EC2 上跑 EHR 資料庫，EBS 要怎麼加密？": EBS's own encryption, not only the 2016 paper's
    BitLocker, which "Windows" fits; trial 66j WRONG)."""
    best: dict[str, float] = {}
    for f in facets:
        for r in f.records:
            best[f.section.id] = max(best.get(f.section.id, 0.0), fits.get(r.id, 0.0))
    tops: dict[str, list[float]] = {}  # per section, its best record's share of each clause's words
    for f in facets:
        tops.setdefault(f.section.id, [0.0] * len(clause_fits))
        for i, c in enumerate(clause_fits):
            tops[f.section.id][i] = max([tops[f.section.id][i], *(c.get(r.id, 0.0) for r in f.records)])
    emptied: set[int] = set()
    strongest = max(best.values(), default=0.0)
    asked_of: dict[str, set[str | None]] = {}  # section id -> the topics of its facets
    for f in facets:
        asked_of.setdefault(f.section.id, set()).add(f.topic)
    for f in facets:
        top = best.get(f.section.id, 0.0)
        if f.topic is None and f.records and top == 0.0 and strongest >= SPECIFIC_MIN and f.section.id != subject \
                and f.section.id not in apart and not f.whole:
            f.records = []  # named after the subject, asked about as a whole, with none of the question's words (but
            # not one the question asks what it needs: "We send PHI through SQS to Lambda. What do we configure on
            # each?")
            emptied.add(id(f))
            continue
        if top >= SPECIFIC_MIN and f.topic != ELIGIBILITY and f.records and not f.whole:  # not what is asked as a
            # whole ("S3 버킷에 환자 검사결과 PDF 올리는데 뭐뭐 설정해둬야?": "검사" also reads "integrity check")
            must = obligation(f.records, f.topic, should=True) if necessity else None
            own = next((r for r in f.records if r.topic == f.topic), None) if f.topic else None
            kept = [r for r in f.records if fits.get(r.id, 0.0) >= SPECIFIC_SHARE * top or r is must
                    or r.id in enumerated
                    or (wanted is not None and fits.get(r.id, 0.0) > 0 and wanted(r))
                    or any(tops[f.section.id][i] >= SPECIFIC_MIN and c.get(r.id, 0.0) >= SPECIFIC_SHARE * tops[
                        f.section.id][i] for i, c in enumerate(clause_fits))]
            clause = next((r for r in f.records if r.topic == f.topic and r not in kept), None) \
                if f.topic in bare else None
            authority = next((r for r in f.records if r.topic == f.topic and official(r)), None) \
                if official is not None and f.topic is not None else None
            if authority is not None and kept and not any(official(r) for r in kept):
                kept.append(authority)
            f.records = [r for r in f.records if r in kept or r is clause]
            if own is not None and own not in f.records and f.records and all(
                    r.topic == NAMES or (f.topic in insist and r.topic not in asked_of[f.section.id])
                    for r in f.records):
                # a topic asked keeps its own record beside a names rule that only shares the thing's noun
                # ("아카이브는 기본으로 암호화돼요?": Glacier's AES-256 record, not only "no PHI in archive names"), or
                # beside records of a topic not asked that only mention it ("How do we encrypt Amazon MQ messages in
                # transit?": the TLS protocols, not only "MQ encrypts messages at rest and in transit")
                f.records.insert(0, own)
            if not f.records:
                emptied.add(id(f))
    return emptied


def focus(facets: list[Facet], scores: dict[str, float], analysis: Analysis,
          names: Callable[[Requirement], set[str]] = lambda r: set(), wide: frozenset[str] = frozenset(),
          apart: frozenset[str] = frozenset(), plain: bool = False, answers: frozenset[str] = frozenset(),
          enumerated: frozenset[str] = frozenset(), official: Callable[[Requirement], bool] = lambda r: True,
          named_for: frozenset[str] = frozenset()) -> list[Facet]:
    """The facets an answer lists and their records, best first (`scores`: record id -> Ranker.rank). A service in
    `named_for`, asked what it needs for the topic it is named for ("what audit logging do we need, cloudtrail + s3
    access logs?", "감사 로그 뭘로? CloudTrail만 켜면 충분?"), keeps its records as one asked about as a whole does:
    trails, the encrypted trail and log file validation, not only the record that fits best.

    Every record kept fits the question at least FOCUS x the best record of its section (each section is
    focused on its own best record: "S3 and DynamoDB encryption" keeps DynamoDB's at-rest record even
    when S3's fit the words better); a record is listed once, and a facet whose records are all listed
    elsewhere is dropped; every topic the question names keeps its facet, however its records fit
    compared with another topic's ("encryption, logging and versioning"), but a topic read only from plain
    "encrypt" whose best record fits far worse than the section's best is left out; a section whose best record
    fits far worse than another section's is dropped ("KMS 말고 TDE", "in the same VPC" name a section
    only in passing); at most PER_FACET records per facet (GENERAL_PER_FACET for the sections in `wide`)
    and MAX_RECORDS in the answer (PER_FACET a stage for a pipeline asked of stage by stage, kb/clauses.py
    `each_asked`), each service its share, the general chapters first when they answer a question naming no service
    best. A "must we?"
    keeps the section's obligation on the topic asked. A section in `apart` (named alone in a clause of its own) is
    never one named in passing, and is measured by its records naming no other service asked (Firehose's "Kinesis Data
    Streams decrypts before delivery" fits "kinesis data streams vs firehose" by the other's name). A `plain` question
    (none of its own words beyond the sections and topics it names, and no detail asked: "RDS Postgres에 PHI 넣을 때
    암호화?", "How should we encrypt S3 buckets holding PHI?") keeps
    both topics read from "encrypt", however they compare ("DMS 복제 인스턴스 스토리지는 어떤 키로 암호화되나요?"
    asks which key, not about TLS). A record in
    `answers` (the one that best fits a clause of its own: "..., and what APIs can our apps use?") is kept however it
    compares; a section with a record in `enumerated` (the one that best fits an item of a list the question
    enumerates: "MFA, root account, least privilege") is never one named in passing. So does a question asking of
    each service it names (plain "encrypt" asks both kinds there). A service asked about as a whole keeps its best
    `official` record (the whitepaper's) on each encryption requirement among those it lists (`first_kept`)."""
    tops: dict[str, float] = {}
    asked = {s.id for s in analysis.services}

    def own_of(f: Facet) -> list[Requirement]:
        """The facet's records that name no other service asked."""
        return [r for r in f.records if not (names(r) & asked) - {f.section.id}]

    for f in facets:
        own = own_of(f) if f.section.id in apart else []
        for r in own or f.records:  # (a section asked apart is measured by its records that name no other service
            # asked: Firehose's "Kinesis Data Streams decrypts before delivery" fits "kinesis data streams vs firehose"
            # by the other's name, not by what Firehose does: "buffers in memory, stores nothing unencrypted at rest")
            tops[f.section.id] = max(tops.get(f.section.id, 0.0), scores[r.id])
    floors = {sid: max(MIN_SCORE, FOCUS * top) for sid, top in tops.items()}
    partners: set[str] = set()  # a section whose best record fits by another service asked, the link between them
    for f in facets:  # ("Kinesis Data Streams에서 Firehose로 넘길때 중간에 암호화 안된 데이터가 디스크에 저장되나요?":
        # Firehose's "Kinesis Data Streams decrypts before delivery"), keeps its own records on that record's topic that
        # fit nearly as well as its own best (Firehose "stores nothing unencrypted at rest"; trial 63b)
        best = max(f.records, key=lambda r: scores[r.id], default=None)
        if best is None or f.topic is None or not (names(best) & asked) - {f.section.id, *analysis.means}:
            continue  # (not a service named as the means: "EBS 卷加密的时候可以自己选用哪个 KMS 密钥吗？")
        own = [r for r in own_of(f) if r.topic == best.topic]
        top = max((scores[r.id] for r in own), default=0.0)
        partners |= {r.id for r in own if scores[r.id] >= max(MIN_SCORE, FOCUS * top)}
    implied_tops: dict[str, float] = {}  # per section, the best record of a topic read from plain "encrypt"
    for f in facets:
        if f.topic in analysis.implied:
            for r in f.records:
                implied_tops[f.section.id] = max(implied_tops.get(f.section.id, 0.0), scores[r.id])
    best_of: dict[str, float] = {}
    seen: set[str] = set()
    left_out: set[int] = set()
    for f in facets:
        if f.topic != ELIGIBILITY and f.records:
            fresh = [r for r in f.records if r.id not in seen]
            if not fresh:
                left_out.add(id(f))  # every record of it is already listed under another facet
            # a service the question asks about as a whole ("뭐 챙겨야 돼요?"), or one chosen for the topic of a
            # question asking how to set it up that names no service ("How should we set up audit logging?":
            # CloudTrail's trails and log file validation): its records, however they compare
            chosen = f.section.kind == "service" and f.section not in analysis.services
            opening = f.whole and f.section.id in analysis.opening  # (asked about as such: kb/facets.py)
            chapter = analysis.whole and f.topic is None and f.section.kind == "general" \
                and f.section in analysis.services
            # (a general chapter named and asked about as a whole: "What do the documents say about incident
            # response?" lists the chapter, not the two records that share its words; own58)
            floor = 0.0 if chapter else MIN_SCORE if (analysis.whole and (f.whole or chosen)) or opening \
                or (f.topic is None and f.section.id in named_for) else floors[f.section.id]
            # the facet's best, or one of its topic or not far behind ("Does AWS encrypt the Redis AUTH token?": "AWS
            # encrypts it with KMS"), is kept whatever its score; not a record far behind on another topic ("What
            # should we log for auditing PHI access?": the audit chapter's best is listed under logging, and its EBS
            # snapshots are no answer on access)
            near = bool(fresh) and (fresh[0].topic == f.topic
                                    or scores[fresh[0].id] >= PASSING_SHARE * tops[f.section.id])
            first = fresh[:1] if fresh[:1] == f.records[:1] or near else []
            keep = first + [r for r in fresh[len(first):] if scores[r.id] >= floor or r.id in answers
                            or r.id in partners]
            if fresh and not keep:
                left_out.add(id(f))
            if f.topic in analysis.implied and fresh and not plain and not analysis.each \
                    and not analysis.encrypt_clause and \
                    max(scores[r.id] for r in fresh) < IMPLIED_SHARE * implied_tops[f.section.id] and not (
                    analysis.ask == NECESSITY and analysis.plain_encrypt and f.topic == AT_REST):
                # "encrypt" read as both topics: the one whose best record fits far worse is not what is
                # asked ("Which key encrypts AWS Backup's EBS snapshots?" is not about TLS); "must we encrypt X?"
                # asks about the data at rest first ("Do we need to encrypt DynamoDB tables holding PHI?")
                keep = []
                left_out.add(id(f))
            if analysis.eligibility and not set(analysis.topics) - {ELIGIBILITY} and f.topic is None \
                    and f.section.kind != "general":
                # "Can we put PHI in DocumentDB?": the BAA requires PHI in an eligible service encrypted at rest and in
                # transit, so the section's best step on each is said ("encryption at rest is chosen at creation", not
                # only the fact that backups of an encrypted cluster are encrypted); a subsection's too (Lambda@Edge:
                # "encrypt all connections with HTTPS or SSL/TLS"); for a service that keeps no data, that it keeps
                # none is its word on data at rest ("Can we send PHI to comprehend medical? HIPAA eligible": Comprehend
                # "does not retain or store any data", not only "detect PII"; trial 57g)
                for topic in (AT_REST, IN_TRANSIT):
                    mine = [r for r in fresh if r.topic == topic or (topic == AT_REST and r.keeps_no_data)]
                    best = next((r for r in mine if topic == AT_REST and r.keeps_no_data), None) \
                        or next((r for r in mine if r.strength != "fact"), mine[0] if mine else None)
                    if best is not None and best not in keep:
                        keep.append(best)
                keep.sort(key=lambda r: -scores[r.id])
            if analysis.obliged and f.topic in analysis.topics:
                # a "must we?" (or "may we leave it out?") is answered by the section's obligation on the topic, however
                # the options fit its words ("TLS를 종료하면 백엔드까지 암호화해야 하나요?", "... and send plain http to
                # the targets?": both listeners)
                must = obligation(fresh, f.topic)
                if must is not None:  # ... and says it first
                    keep = [must, *(r for r in keep if r is not must)]
            keep = with_measure(keep, fresh)
            limit = GENERAL_PER_FACET if f.section.id in wide or f.whole or chapter else PER_FACET
            head = first_kept(f, keep, limit, official)
            f.records = head + [r for r in keep if r not in head and r.id in answers]
        seen.update(r.id for r in f.records)
        for r in f.records:
            best_of[f.section.id] = max(best_of.get(f.section.id, 0.0), scores[r.id])
    strong = max(best_of.values(), default=0.0)
    named = {s.id for s in analysis.services}
    # a section the question names is compared with the others it names, not with one brought beside it ("What does
    # the guidance say about DDoS protection?" names the 2016 paper's DDoS chapter: AWS Shield, its see_also, fits
    # "protection" better and is listed after it, not instead of it)
    strong_named = max((v for k, v in best_of.items() if k in named), default=0.0) or strong

    def stated_by_others(section_id: str) -> set[str]:
        """The sections the records kept for a better-fitting section name (`names`)."""
        mine = best_of.get(section_id, 0.0)
        return {n for f in facets if f.section.id != section_id and best_of.get(f.section.id, 0.0) > mine
                and f.section.id not in analysis.means  # (not a service named as what another is encrypted with:
                for r in f.records for n in names(r)}  # "CloudTrail 的 log 要用 KMS 加密嗎？" keeps CloudTrail)

    answered = {f.section.id for f in facets if f.records or f.quotes}
    out: list[Facet] = []
    for f in facets:
        if id(f) in left_out:
            continue
        if not f.covered and f.topic in analysis.implied and f.section.id in answered and not (
                analysis.ask == NECESSITY and analysis.plain_encrypt and f.topic == AT_REST):
            continue  # "encrypt" read as both topics: the one this section speaks of is enough (but "must we
            # encrypt SQS and SNS?" asks about the data at rest: SNS's silence on it is said, with the rule)
        section_best = best_of.get(f.section.id)
        bar = strong_named if f.section.id in named else strong
        if section_best is not None and len(best_of) > 1 and f.section.id not in apart \
                and not any(r.id in enumerated for r in f.records) and (
                section_best < PASSING_SHARE * bar
                or (section_best < SECTION_SHARE * bar and f.section.id in stated_by_others(f.section.id))):
            continue  # a section named in passing ("KMS 말고 TDE", "Athena query results in S3"), unless it answers an
            # item of a list the question enumerates ("MFA, root account, least privilege")
        if not f.covered and f.section.id not in answered and answered and f.section.id not in apart \
                and f.section.id in stated_by_others(f.section.id):
            continue  # not covered in a section named in passing, while another section answers and names it (not
            # the conversation's service a follow-up asks about: "Should we turn on CloudTrail too?" after S3, whose
            # section is silent on logging, though CloudTrail's trails are stored in S3)
        out.append(f)
    answering = {f.topic for f in out if any(official(r) for r in f.records) and f.topic not in (None, ELIGIBILITY)} \
        | {r.topic for f in out if f.topic is None for r in f.records if official(r)}  # (CloudTrail asked as a whole:
    # logging; only the whitepaper's records: the 2016 paper's S3 versioning does not stand for the backup chapter)
    for f in out:  # a topic another section of the answer speaks of is not looked for elsewhere ("ECS task with
        if not f.records and f.topic in answering:  # ECR images: storage encryption and log collection?": ECS
            f.pointers = []  # answers logging; ECR's "no guidance on logging" needs no list of logging chapters)
    for f in out:  # what the section does say, only when nothing else of it is answered
        if f.section_says and any(x is not f and x.section.id == f.section.id and x.covered for x in out):
            f.section_says = []
        f.section_says = [r for r in f.section_says if r.id not in seen]
        seen.update(r.id for r in f.section_says)
    total = 0
    services = {f.section.id for f in out if f.records and f.topic != ELIGIBILITY and f.section.kind == "service"}
    parties = len(services) + any(f.records and f.section.kind != "service" for f in out)
    most = max(MAX_RECORDS, PER_FACET * len(services & each_asked(analysis)))  # a pipeline asked of stage by stage
    # ("API Gateway -> Lambda -> SQS -> DynamoDB: what do we set on each?") gives each stage PER_FACET records, not
    # MAX_RECORDS shared four ways (DynamoDB's at-rest KMS record and SQS's server-side encryption were cut)
    share = -(-most // parties) if services and parties > 1 else most

    def best(kind: bool) -> float:  # the best score of a record of the service sections (True) or the others
        return max((scores.get(r.id, 0.0) for f in out if (f.section.kind == "service") == kind for r in f.records),
                   default=0.0)

    unnamed = not analysis.services and best(False) > best(True)  # a question naming no service, answered best by
    # a general chapter: the chapters first ("DR 구성은 어떻게 잡아야 하나요?": the DR chapter's records, not AWS
    # Backup's vault keys, which a setup question brings in; but CloudTrail's trails for "How should we set up audit
    # logging?")
    for f in sorted(out, key=lambda f: (f.section.kind != "service") != unnamed):  # the whole answer stays readable:
        # the best records of each facet first, and each service asked its share ("SQS랑 Lambda 둘 다 어떻게
        # 보호해야 돼요?": Lambda's five records left SQS one); the general chapters answering beside a service share
        # one part and keep what the services leave, each up to its GENERAL_PER_FACET ("How do we protect our portal
        # against DDoS attacks?": the 2016 paper's chapter, listed first, left AWS Shield one record)
        if f.topic != ELIGIBILITY:
            own = share if f.section.id in services and not unnamed else most
            cap = max(1, min(most - total, own))  # ... and what answers a clause of its own
            head = first_kept(f, f.records, cap, official)
            f.records = head + [r for r in f.records if r not in head and r.id in answers]
        total += len(f.records)
    return out


def first_kept(f: Facet, records: list[Requirement], cap: int,
               official: Callable[[Requirement], bool] = lambda r: True) -> list[Requirement]:
    """The first `cap` of facet `f`'s `records`; for a service asked about as a whole, its best `official` record (the
    whitepaper's) on each of the BAA's two encryption requirements (at rest, in transit) among them in place of the
    last of the others, in the order of `records`: "Firehose → S3 → Athena: 각 서비스에서 무엇을 설정해야?" keeps
    S3's at-rest record beside HTTPS, not "no PHI in names" instead; "API Gateway로 PHI를 주고받을 때 무엇을 설정해야
    하나요?" keeps "HTTPS endpoints only"."""
    head = records[:cap]
    if not f.whole or f.topic is not None:
        return head
    for topic in (AT_REST, IN_TRANSIT):
        best = next((r for r in records if r.topic == topic and official(r)), None)
        other = next((r for r in reversed(head) if r.topic not in (AT_REST, IN_TRANSIT)), None)
        if best is not None and best not in head and other is not None:
            head = [r for r in head if r is not other] + [best]
    # ... and on each other topic it speaks of, in place of the last second record on a topic ("API Gateway로 PHI 받는
    # API 만들건데 뭘 설정해야 하나요?" kept two eligibility records and no SigV4 authorization; trial 60a)
    for topic in dict.fromkeys(r.topic for r in records if r.topic not in (AT_REST, IN_TRANSIT, ELIGIBILITY, "other")):
        best = next((r for r in records if r.topic == topic and official(r)), None)
        if best is None or any(r.topic == topic for r in head):
            continue
        other = next((r for r in reversed(head) if r.topic not in (AT_REST, IN_TRANSIT)
                      and sum(x.topic == r.topic for x in head) > 1), None)
        if other is not None:
            head = [r for r in head if r is not other] + [best]
    return [r for r in records if r in head]
