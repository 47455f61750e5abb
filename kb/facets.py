"""Facets: a question read as catalog sections x asked topics, each answered by requirement records
or stated as not covered (with where the documents do speak of the topic)."""
from __future__ import annotations

import re
from collections.abc import Callable

from kb.analysis import Analysis, Analyzer
from kb.asks import NECESSITY, PERMISSION, YES_NO
from kb.catalog import Catalog, Section, merge_mentions, norm
from kb.citation_format import whitepaper_docs
from kb.clauses import asked_apart, bare_topics, each_asked, list_items, marked, named_together, split
from kb.crossrefs import CrossRefs
from kb.editions import bars_phi
from kb.facet import Facet
from kb.facet_details import DetailGiver
from kb.focus import FOCUS, MIN_SCORE, NAMES, SPECIFIC_MIN, focus, narrow
from kb.keyword import tokenize
from kb.parties import Parties
from kb.pruning import beside_chapter, defer, drop_echoes, join, trim
from kb.ranking import Ranker
from kb.relevance import Query, Relevance
from kb.requirements import Requirement, RequirementCatalog
from kb.responsibility import ASSIGNS, sole_party
from kb.sentences import Sentences
from kb.specific import named_document_words, specific_words, structure_tokens, words_in
from kb.support import Support
from kb.topics import AT_REST, ELIGIBILITY, IN_TRANSIT
from kb.wording import Wording

MAX_PER_FACET = 5  # candidate records of one facet before focusing (kb/focus.py keeps the ones listed)
NAMED_ELSEWHERE_MIN = 0.35  # (tune split; Chinese bigrams across word boundaries dilute the share)
NAMED_ELSEWHERE_LEAD = 0.25  # ... or fits the question this much better (kb/relevance.py scores) than the section's own
# best record (tune split: answers equal from 0.2 to 0.4)
_ALTERNATIVE = re.compile(r"\bor\b|아니면|還是|还是", re.I)  # the alternatives of a choice ("terminate TLS at the LB or
# pass through?") are asked one by one
_PLUS = re.compile(r"\s[+&]\s")  # ... and so are the things joined by a plus ("TLS termination + access logging")
# a clause that is a condition of what is asked, not a question of its own ("負載平衡器終止 TLS 的話, ...")
_CONDITION = re.compile(r"^(?:if|when|once)\b|^(?:如果|若|假如|如)|(?:的話|的话|면)$", re.I)
SECTION_SAYS = 2  # records on the service as a whole shown when its section has no guidance on the topic
# asked ("Does Shield need logging?": "it cannot store PHI; it needs no special configuration")


class Planner:
    """Chooses the records of each facet. Shared across threads (its ranker's and cross-references' caches:
    kb/ranking.py, kb/crossrefs.py)."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog, relevance: Relevance,
                 wording: Wording) -> None:
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records
        self.relevance = relevance
        self.wording = wording
        relevance.prepare(list(records), records.reserved)
        self._whitepaper = whitepaper_docs(relevance.index.docs)
        self.ranker = Ranker(relevance, wording, frozenset(s.id for s in catalog
                                                           if catalog.top(s.id).kind == "general"))
        self.sentences = Sentences(catalog, analyzer, records, relevance, wording)
        self.refs = CrossRefs(catalog, analyzer, records)
        self.names = self.refs.names  # the catalog sections a record names (kb/crossrefs.py)
        self.support = Support(catalog, analyzer, records, self.refs, self.ranker)
        self.parties = Parties(catalog, analyzer, records, relevance, self.support)
        self.giver = DetailGiver(catalog, analyzer, records, self.ranker, self.refs)  # (an asked detail's records)

    def plan(self, analysis: Analysis, sections: list[Section], query: Query, docs: list[str],
             named: list[str] = (), wanted: Callable[[Requirement], bool] | None = None) -> list[Facet]:
        """Facets of the question for `sections`; `docs`: the documents to quote sentences from when
        no record covers a topic, most wanted first (the answer's edition); `named`: documents the
        question names ("the 2016 Security Best Practices paper"): only their records and sentences.

        Focus (kb/focus.py): the question's specific words narrow each section, then the records and facets
        that fit it are kept."""
        topics = [t for t in analysis.topics if t not in (ELIGIBILITY, "other")]
        facets: list[Facet] = []
        scores: dict[str, float] = {}
        ranked_of: dict[str, list[tuple[float, Requirement]]] = {}
        borrowed: set[int] = set()  # facets quoting the named document's sentences from outside their section
        crossing: set[str] = set()  # records said beside a section's topics that name another section asked of
        if named:
            docs = list(named)
        words = named_document_words(self.relevance, self.analyzer, analysis, sections, query, named)
        after = self.analyzer.after_scene(query.text)  # (the part after a scene ending in a connective, or None)
        told = after if topics else None
        if told is not None and self.analyzer.topics_of(told, question=True) \
                and any(self.catalog.mentions_split(told, short=True)):  # a scene ending in a connective, before a part
            # that names the service and the topic it asks: what the asker does there is no detail asked ("방문간호
            # 태블릿에서 오프라인으로 쌓인 방문기록을 S3로 싱크하려는데 S3에 PHI 올릴때 암호화 뭘로 해야돼?" was
            # pinned to the EBS snapshots by "오프라인"; trial 67i WRONG)
            words = words_in(words, told)
        fits: dict[str, float] = {}  # record id -> share of the question's specific words it has

        # the items of a list the question enumerates, by their own words: topic terms and the names of general
        # chapters named by one count ("MFA, root account, least privilege" are all terms of access)
        listed_items = list_items(query.text)
        vocabulary = self.relevance.specific(query, structure_tokens() | {
            t for s in sections if s.id not in analysis.topical for label in s.labels() for t in tokenize(label)},
            common=True) if listed_items else {}
        items = [w for item in listed_items
                 if (w := words_in(vocabulary, item))]

        def with_items(records: list[Requirement]) -> list[Requirement]:
            """The first MAX_PER_FACET of `records`, and the one that best fits each item of a list the question
            enumerates ("MFA, root account, least privilege": the MFA record however it ranks)."""
            records = self.ranker.without_echoes(records)
            head = records[:MAX_PER_FACET]
            for w in items:  # (of those fitting alike, an obligation that says the item most: "MFA" is "enable MFA",
                # not "keep the root user's MFA device safe" nor where MFA tokens come from; trial 63a)
                share, _, best = max(((self.relevance.specific_fit(query, r, w), _saying(r, query.lang, w), r)
                                      for r in records), key=lambda x: x[:2], default=(0.0, (), None))
                if best is not None and best not in head and share >= SPECIFIC_MIN:
                    head.append(best)
            return head

        def fit(r: Requirement) -> float:
            if r.id not in fits:
                fits[r.id] = self.relevance.specific_fit(query, r, words)
            return fits[r.id]

        clause_words = specific_words(self.relevance, self.analyzer, analysis, sections, query, common=True) \
            if topics and len(split(query.text)) > 1 else {}  # (Planner._clause_beside: a question of several clauses)
        eligible_clause = bool(topics) and ELIGIBILITY in analysis.topics and any(
            set(self.analyzer.topics_of(c, question=True)) == {ELIGIBILITY}
            and (self.analyzer.clause_asks(c, query.lang) is not None or marked(c, query.text))
            for c in split(query.text))
        first_service = next((s for s in analysis.services if s.kind == "service"), None)
        names_rule = not (analysis.default or analysis.key)  # how to encrypt says what its encryption leaves out
        # (`_unencrypted_names`), not a which-key or default ask: "S3는 기본으로 어떤 키를 쓰나요?" asks for the key; a
        # thing asked that the documents do not speak of is no such ask ("encrypt call recordings from connect in s3")
        elsewhere = self._asked_elsewhere(analysis, query) if analysis.eligibility or eligible_clause else set()
        named_for: set[str] = set()  # services asked as a whole for the topics they are named for (CloudTrail)
        asking = (after or self.analyzer.asking_phrase(query.text, query.lang)) if analysis.whole and words else None
        scened_whole = asking is not None and not words_in(words, asking)  # what a service needs as a
        # whole, asked after a scene holding all the question's own words: the scene does not pin its records ("we're
        # training NLP models on clinical notes in SageMaker - what do we need to lock down for HIPAA?" listed only
        # the training-artifact record; trial 67d)

        def whole_asked(section_id: str) -> bool:  # ... and asked what such a service needs, or whether it must be on
            # ("how do we set up cloudtrail for PHI accounts - log file validation?", "CloudTrail 꼭 켜야 하나요?"), not
            # as the means ("靜態資料加密要用 KMS 嗎?" asks whether KMS is the way required: "Not as such")
            return analysis.whole or (analysis.ask == NECESSITY and section_id not in analysis.means)
        for section in sections:
            family = self.catalog.descendants(section.id)
            candidates = self.records.of(family)
            if analysis.does or analysis.responsibility:  # ... with the records describing the service, for a
                # question asking what it does, or who does what ("EKS 控制平面是誰負責？": EKS is a managed service run
                # without maintaining your own control plane)
                candidates += [r for r in self.records.reserved if r.describes and r.section in family]
            else:  # ... or on a topic asked that is what the service does ("Inspector 的弱點管理": it assesses
                # applications for vulnerabilities; trial 60g: "the Inspector section has no guidance on it")
                candidates += [r for r in self.records.reserved if r.describes and r.section in family
                               and (r.topic in analysis.topics or (wanted is not None and wanted(r))
                                    or (not topics and analysis.ask is not None and fit(r) > 0))]
                # (... or holding the words of a yes or no asked of the service on no topic: "can AWS Firewall Manager
                # push firewall rules across all accounts in our AWS Organization?", trial 63l WRONG)
                # (... or giving a detail asked: "IAM이랑 Organizations 쓰면 돈 따로 나가?", at no additional cost;
                # trial 62d WRONG)
            asks_rule = not topics and analysis.ask in (NECESSITY, PERMISSION, YES_NO)
            candidates += [r for r in self._named_elsewhere(section, candidates, fit, query if asks_rule else None)
                           if wanted is None or wanted(r)]  # (a detail asked that it does not give: its words met by
            # chance; "S3 和 Glacier 的生命週期規則" is no EBS snapshot's "執行個體生命週期", trial 58a)
            if named:  # ... with the records kept for a question naming their document (RequirementCatalog.reserved)
                kept = [r for r in self.records.reserved if r.section in family and r.named_only]
                candidates = [r for r in candidates + kept if r.evidence_in(named)]
            else:
                candidates = self._gaps_only(candidates, query, fit)
            ranked = self.ranker.rank(query, candidates)
            ranked_of[section.id] = ranked
            scores.update({r.id: score for score, r in ranked})
            if analysis.eligibility or eligible_clause:  # (or a clause asking where PHI may go beside one asking a
                # topic: "BAA 맺으면 모든 AWS 서비스에서 PHI 처리해도 되나요? 암호화는 필수인가요?")
                eligible = [r for _, r in ranked if r.topic == ELIGIBILITY]
                if any(r.not_required and r.section in family for r in eligible):  # the section's own "needs no
                    # additional configuration" is not all there is to it ("+Fargate는?" after an eligibility
                    # question: "always encrypt PHI the containers access")
                    eligible += [r for _, r in ranked if r.topic != ELIGIBILITY and r.strength in ("must", "should")
                                 and r.evidence_in(self._whitepaper)]
                if (eligible or section.kind != "general") and section.id not in elsewhere:  # (a general chapter
                    # has no section of a service to say it has: "EC2 key pairs and administrative access has its own
                    # section in the whitepaper")
                    facets.append(Facet(section, ELIGIBILITY, eligible))
            # a service that is what the topics asked are about ("CloudTrail logging": CloudTrail speaks of logging for
            # every service) is asked about as a whole: its encrypted-trail record answers too (a general chapter,
            # "IAM", keeps the topic: it speaks of more than the one asked; so does a service named after another,
            # "S3 ... SSE-KMS")
            # (the first service named: "稽核日誌 CloudTrail 要開哪些設定？" names the 2016 paper's log chapter first)
            whole = section.kind == "service" and topics and section == first_service and all(
                self.refs.named_for(section.id, t) for t in topics)
            mine_topics = [] if whole else topics
            if whole:
                named_for.add(section.id)
            for topic in mine_topics:
                # the records of the topic first, then those whose statement also speaks of it
                mine = [r for _, r in ranked if r.topic == topic]
                if topic == AT_REST and not mine and (topic not in analysis.implied or analysis.stores):  # a service
                    # that keeps no data has none at rest, asked where or whether data at rest is kept: that record
                    # answers (not a plain "encryption requirements", where the section's rule on the S3 resources it
                    # reaches is "what it does say": AWS Transfer Family)
                    # ("Transcribe 轉錄結果要存哪裡比較安全？要加密嗎？": "Transcribe does not retain or store any
                    # data", not "no guidance on encryption at rest"; trial 57d)
                    mine = [r for _, r in ranked if r.keeps_no_data and not r.holds_no_data
                            and r.section in family][:1]  # (one that holds no PHI at all has its own answer: verdict)
                if not mine and not named and section.kind == "service" and topic in (AT_REST, IN_TRANSIT) \
                        and topic not in analysis.implied and not analysis.default:  # a section silent on the kind of
                    # encryption asked by name (not what it does by default): the 2016 paper's advice kept for its own
                    # questions (RequirementCatalog.reserved) fills the gap when it tells what to do, never a fact of
                    # it ("EMR encryption in transit": SSH to the master node, TLS for Thrift, REST or Avro; not "node
                    # traffic needs no additional protection"; trial 59f); where the documents speak of another topic
                    # for every service (backups: the DR chapter's EBS snapshots), they answer, and plain "encrypt"
                    # asks no kind by name
                    gap = self.ranker.rank(query, [r for r in self.records.reserved if r.section in family
                                                   and r.named_only and r.topic == topic
                                                   and r.strength in ("must", "should")
                                                   and (wanted is None or wanted(r))])  # (nor one that does not
                    # give a thing the question names: "EMR 하둡 노드끼리 주고받는 트래픽도" asks of node traffic,
                    # not of SSH)
                    scores.update({r.id: score for score, r in gap})
                    mine = [r for _, r in gap]
                own_topic = any(named or self.ranker.authoritative(r) for r in mine)  # a study note on the topic
                # does not shut out the whitepaper's records that speak of it ("get a data key from KMS":
                # GenerateDataKey)
                mine += [r for _, r in ranked if r.topic != topic and self.refs.about_topic(r, topic)
                         and (not own_topic or fit(r) > 0 or (analysis.which and r.topic == "access")
                              or (topic == AT_REST and names_rule and _unencrypted_names(r))
                              or (analysis.whole and self._names_other_asked(r, section, analysis)))]  # (kept
                # below)
                # ("Which key should encrypt Redshift clusters?": the cluster key record, on keys, answers too; so does
                # one naming another service the question names: "Redshift ... 叢集金鑰可以放 CloudHSM 嗎？", "manage
                # the cluster key with AWS KMS or AWS CloudHSM", trial 61d WRONG)
                if analysis.whole:  # ... and, asked what to set or watch for, those with most of the question's own
                    # words ("FireLens / fluent bit logging, any gotchas?": Fluent Bit's file buffering, on disks)
                    mine += [r for _, r in ranked if r.topic != topic and r not in mine
                             and self._holds_most(query, r, words)]
                telling = [r for r in mine if not self.wording.is_caveat(r.statement["en"], "en")]
                mine = telling or mine  # "keep evaluating, the guidance may change" only when it is all there is
                facet = Facet(section, topic, with_items(mine), whole=analysis.whole and (bool(named) or (
                    section.kind != "service" and not any(s.kind == "service" for s in analysis.services)))
                    or section.id in analysis.opening)
                # ("what does the 2016 paper recommend for logging?": all it says of logging; "What should our disaster
                # recovery plan include?": all the DR chapter says of it, not only the record that has "plan"; so an
                # opening clause's chapter, which that clause asks about as such: "whats the recommended backup + DR
                # approach? do EBS snapshots count?", "백업/재해복구 요건을 어떻게 충족해야 하나요? EBS 스냅샷으로 ...")
                if mine and topic not in analysis.implied and not any(r.topic == topic for r in mine) \
                        and section.id not in self.analyzer.topic(topic).pointers and (
                            (analysis.follow_up and topics == [topic]) or self._asked_as_such(query, topics, mine)):
                    # a topic asked has only records of other topics that mention it ("encryption covers automated
                    # backups" for "and backups?" about RDS, "How should we set up DR for Aurora?"): they are said,
                    # and where the documents speak of the topic (not for "are its backups encrypted too?": the
                    # encryption record answers that)
                    facet.pointers = self.support.of(topic, query, about=section)
                if mine and section.kind == "service" and not any(self.ranker.authoritative(r) for r in mine):
                    # only a dated or secondary source speaks of it (the 2016 paper's "EMR does not encrypt data at
                    # rest by default"): the whitepaper service section's own "see X" on the topic too
                    # ("如需使用 Amazon EMR 加密的相關資訊，請參閱加密選項")
                    least = min(self.ranker.source_rank(r) for r in mine)
                    facet.references = [span for span in self.sentences.references(section, docs, topic)
                                        if self.ranker.priority.get(span.doc_id, 2) < least]  # (a more
                    # authoritative one's)
                if not mine:  # whole sentences of the section on the topic, or where the documents speak of it
                    quotes = self.sentences.of_section(section, query, docs, topic)
                    if named and not quotes:  # the document asked about speaks of it elsewhere (once)
                        quotes = [q for q in self.sentences.of_documents(named, query, topic)
                                  if not any(q in f.quotes for f in facets)]
                        borrowed.add(id(facet))
                    naming = self.ranker.rank(query, self.refs.speaking_of(section, topic))[:1]  # AWS Backup, for EFS
                    host = self.catalog.named_after(section)  # ... and the service it is a feature of (S3's rule on
                    # names, for S3 Transfer Acceleration)
                    naming += self.ranker.rank(query, [r for r in self.records.of({host.id}) if r.topic == topic
                                                       and r not in (x for _, x in naming)])[:1] if host else []
                    support = self.support.of(topic, query, about=section)
                    floor = FOCUS * max((score for score, _ in self.ranker.rank(query, [r for _, r in support])),
                                        default=0.0)  # (a record naming it that fits the question far worse than
                    # where the documents speak of the topic is no pointer: Comprehend's single sign-on with Active
                    # Directory for "+MFA는 필수인가요?" after an Active Directory question)
                    pointers = [(self.catalog.get(r.section), r) for score, r in naming
                                if score >= max(MIN_SCORE, floor)] + support
                    if topic in (AT_REST, IN_TRANSIT) and any(r.holds_no_data or bars_phi(r) for _, r in ranked
                                                              if r.section in family):
                        pointers = []  # a service that holds no PHI has none to encrypt: the rule for PHI in every
                        # service is no answer for it ("Step Functions 的狀態資料會存 PHI 嗎，要加密嗎？": "it cannot
                        # store, transmit or process PHI", not also "encrypt PHI stored in eligible services")
                    facet.references = self.sentences.references(section, docs, topic)
                    if not quotes and not candidates:  # a section that only points elsewhere (EKS):
                        facet.quotes, facet.pointers = self.sentences.of_section(section, query, docs), pointers
                        facets.append(facet)  # its own words, and where the documents speak of the topic
                        continue
                    quoted = max((self.relevance.span(query, q).score for q in quotes), default=-1.0)
                    pointed = max((score for score, _ in self.ranker.rank(query, [r for _, r in pointers])),
                                  default=-1.0)
                    if quotes and (quoted >= pointed or named):  # the document asked about speaks of it
                        facet.quotes = quotes
                    else:
                        facet.pointers = pointers
                        bound = any(r.strength == "must" for _, r in ranked if r.section in family)
                        facet.section_says = [r for score, r in ranked if score >= MIN_SCORE  # the service as a whole
                                              and (r.topic in (ELIGIBILITY, "other")  # in its own words, and its
                                                   or (analysis.repeated and (r.strength == "must" or not bound)))
                                              # obligations (or, with none, its best records: "那 Amazon Lex 呢？"
                                              # after a naming question, its HTTPS and least-privilege records)
                                              # for "what about X?", asked what the conversation asked ("那 SNS 呢？"
                                              # after SQS without SSE: SNS's HTTPS endpoints)
                                              and r.section in family  # (the section's: not the 2016 paper's EC2
                                              and self.ranker.authoritative(r)][:SECTION_SAYS]  # hardening advice)
                facets.append(facet)
            beside = self._asked_beside(ranked, [f for f in facets if f.section is section], mine_topics, analysis, fit,
                                        lambda r: self._holds_most(query, r, words)) \
                or (None if analysis.whole or not clause_words else self._clause_beside(  # (a clause asking what the
                    ranked, [f for f in facets if f.section is section], mine_topics, query, clause_words))  # service
                # needs as a whole: below)
            if beside is not None:  # ... said first
                if self.refs.names(beside) & ({s.id for s in analysis.services} - {section.id}):
                    crossing.add(beside.id)  # ("TDE keys in CloudHSM": kept however the words fit, below)
                first = next(i for i, f in enumerate(facets) if f.section is section)
                facets.insert(first, Facet(section, None, [beside]))
            elif mine_topics and not {AT_REST, IN_TRANSIT, "access"} & set(mine_topics) and section.kind == "service" \
                    and sum(s.kind == "service" for s in analysis.services) > 1:
                # of services named together for a topic, what one holding no PHI is for, said first ("稽核日誌要開哪些?
                # CloudTrail 還是 Config?": Config "monitors and evaluates architectures", not only "logs its results
                # with CloudTrail"; trial 60c), kept however the words fit; not beside encryption or keys, where
                # such a service is where the keys are kept ("TDE 마스터 키를 HSM에 보관할 수 있나요?")
                purpose = next((r for _, r in ranked if r.holds_no_data and r.section in family
                                and not any(r in f.records for f in facets)), None)
                if purpose is not None and any(f.section is section for f in facets):
                    crossing.add(purpose.id)
                    first = next(i for i, f in enumerate(facets) if f.section is section)
                    facets.insert(first, Facet(section, None, [purpose]))
            if mine_topics and analysis.whole and section in analysis.services[:1] \
                    and (section.kind == "service" or section.id not in analysis.topical) \
                    and self.analyzer.whole_apart(query.text, analysis.lang):
                # a clause asking what the service needs as a whole, beside one asking a topic: what it says on the
                # other topics too, facts included ("람다에서 phi 처리하면 머 해야됨? 로그에 남겨도 되나"; "API Gateway
                # 설정 관련해서 뭐라고 하나요? 캐시나 로깅 주의점 있음?": no non-cached data written to disk); so for a
                # general chapter named by its name ("보안 사고 대응 계획 어떻게 세워야 하나요? 포렌식이랑 로그 보존")
                listed = {r.id for f in facets for r in f.records}
                rest = [r for _, r in ranked if r.id not in listed and r.topic not in (*mine_topics, ELIGIBILITY)]
                if rest:  # (first: that clause asks the service as a whole)
                    first = next(i for i, f in enumerate(facets) if f.section is section)
                    facets.insert(first, Facet(section, None, rest, whole=True))
            if not mine_topics:
                rest = [r for _, r in ranked if not (analysis.eligibility and r.topic == ELIGIBILITY)]
                facet = Facet(section, None, rest, whole=not words or scened_whole or (analysis.whole and (
                    bool(named) or (section.kind == "general" and section in analysis.services[:1])
                    or not _pinned(rest, scores, fit, family))) or (section.id in named_for and whole_asked(
                        section.id)))
                # ("what does the 2016 paper recommend on malware?": all it says of it; so for a general chapter asked
                # how to do its subject, "發生資安事件時 incident response 要怎麼做？" is not pinned to the abuse-email
                # record by "發生"; so for a service named for the topic asked what it needs or whether it must be on)
                if not candidates:  # a section no record covers (a user's own document)
                    facet.quotes = self.sentences.of_section(section, query, docs)
                if facet.whole and not named and section.kind == "service" \
                        and not any(fit(r) for r in facet.records):  # the service as a whole: what the HIPAA
                    # whitepaper says of it first (a general chapter's best fit leads: "what are we responsible for?")
                    # ("How should PHI be protected in Amazon Forecast?": its KMS, TLS and CloudTrail records before
                    # the Forecast page's general list, "use MFA", "use Macie", whose wording fits "protect" better)
                    # (not when some record holds the question's own words: "골든 AMI ... 리눅스 보안 강화
                    # 체크리스트 ... sshd 설정이나 계정 정리" is the 2016 paper's AMI hardening, ranked first, not TLS)
                    facet.records.sort(key=lambda r: not r.evidence_in(self._whitepaper))
                facets.append(facet)
        if named and any(f.records for f in facets):  # a section the named document says nothing of, beside one it
            # has records in ("2016 ... data at rest in Amazon RDS": MySQL's and Oracle's, not MariaDB's borrowed
            # "인력 데이터 | COO | 필수 | Amazon RDS ..."; the DDoS chapter's, not AWS Shield's whitepaper sentences)
            facets = [f for f in facets if f.records or (id(f) not in borrowed and f.quotes
                                                         and all(q.doc_id in named for q in f.quotes))]
        clauses = split(query.text)
        together = named_together(self.analyzer, query.text) | each_asked(analysis)
        asking = self.analyzer.after_scene(query.text)
        scened = frozenset(e.id for e, _, _ in self.catalog.mentions(asking) if e.kind == "service") \
            if asking else frozenset()  # (a service named in the part that asks, after
        # a scene naming others, is not one named in passing: "EBS volumes for our EC2-backed ECS cluster - is EBS
        # encryption enough for PHI?" was answered from ECS alone; trial 61l WRONG)
        family = frozenset(e.id for e, _, _ in self.catalog.mentions_split(query.text)[1])
        family = family if all(s.id in family for s in analysis.services) else frozenset()  # (the members a
        # family's name asks, when it is all the question names, each as much as another: "Kinesis 串流處理處方資料
        # 可以嗎?" keeps Kinesis Data Streams, though Firehose's record names it and fits "串流" better; trial 66c)
        apart = asked_apart(self.analyzer, analysis, clauses, query.text) | together | frozenset(analysis.kept) \
            | frozenset(analysis.opening) | scened | family
        parts = [p for c in clauses for a in _ALTERNATIVE.split(c) for p in _PLUS.split(a)]
        clause_fits = self._clause_fits(facets, parts, words, query)
        listed = {r.id: r for f in facets for r in f.records}
        item_fits = [{rid: self.relevance.specific_fit(query, r, w) for rid, r in listed.items()} for w in items]
        encrypting = self.analyzer.says_encrypt(norm(query.text))
        insist = frozenset(t for t in analysis.topics if t in (AT_REST, IN_TRANSIT) and t not in analysis.implied
                           and encrypting)  # ("encrypt ... in transit": that topic's own record answers it)
        answers = frozenset(max(c, key=lambda rid: (c[rid], scores.get(rid, 0.0))) for c in clause_fits
                            if c and max(c.values()) >= SPECIFIC_MIN)  # each clause's best-fitting record
        enumerated = frozenset(max(c, key=lambda rid: (c[rid], _saying(listed[rid], query.lang, w),
                                                       scores.get(rid, 0.0)))
                               for c, w in zip(item_fits, items, strict=True)
                               if c and max(c.values()) >= SPECIFIC_MIN)  # ... and each item's (`with_items`)
        enumerated |= crossing | self._feature_named(query, listed)
        if analysis.responsibility and (analysis.party or (analysis.provider and analysis.asker)) \
                and not any(f.section.kind == "service" for f in facets):  # the model itself asked of both parties
            # ("shared responsibility, plain english - what does aws do vs what do we do"): what each one does, the
            # best-ranked record making AWS responsible beside the one making the customer (two on the customer said
            # it before, none on AWS; trials 57a, 57f)
            enumerated |= {best.id for party in ("aws", "customer")
                           if (best := max((r for f in facets if f.topic is None for r in f.records
                                            if sole_party(r.statement["en"]) == party),
                                           key=lambda r: scores.get(r.id, 0.0), default=None)) is not None}
            # (a record naming one party alone: "security of the cloud, the customer's in it" says both)
        describing = {r.id for f in facets for r in f.records if r.describes or r.holds_no_data} \
            if analysis.does else set()
        if analysis.does:  # what the service does answers a question asking it, however its words fit ("Can we use
            # Security Hub to check HIPAA compliance?": it collects findings, not only "part of the HIPAA compliance
            # program", which "compliance" fits best)
            answers |= describing  # (a service holding no PHI says what it is used for instead: "AWS Config ... use
            # it to monitor and evaluate architectures", for "Do we need AWS Config to track resource configuration
            # changes?", trial 59g WRONG)
        if analysis.every:  # "... and does it cover every AWS service?": the rule that PHI goes only into the eligible
            # services answers that clause, however the BAA's history fits the rest
            enumerated |= {r.id for f in facets for r in f.records if r.topic == ELIGIBILITY and r.strength == "must"}
        bare = bare_topics(self.analyzer, analysis, parts, words) | self._listed_topics(analysis, listed_items)
        if analysis.stores and AT_REST in analysis.implied:  # keeping the data asks how it is encrypted at rest, as
            bare |= {AT_REST}  # such ("SageMaker 노트북에 PHI 저장할 때 암호화는?": only a TLS record says "notebook")
        if analysis.ask == PERMISSION:  # "may we ...?": a record forbidding it, with a word of the question, is kept
            # however the others fit, when the one that fits best forbids nothing ("... FireLens/Fluent Bit - can our
            # app write PHI to log files?": no PHI log files without disk encryption, beside the FireLens record the
            # product names fit)
            enumerated |= {r.id for f in facets if f.records and not max(f.records, key=fit).forbids
                           for r in f.records if r.forbids and fit(r) > 0}
        leaves_out = {r.id for f in facets if f.topic == AT_REST for r in f.records if _unencrypted_names(r)} \
            if names_rule else set()  # (what the encryption leaves out is part of how to encrypt whatever the
        # question's other words: "S3 data lake bucket 怎麼設定 ... 加密", "encrypt call recordings ... in s3"; kept by
        # narrow and focus)
        needless = {r.section for f in facets for r in f.records if r.not_required and fit(r) > 0}
        conditions = {r.id for f in facets for r in f.records if r.strength in ("must", "should")
                      and r.section in needless}  # (a section's "needs no additional configuration", fitting the
        # question's words, is not all it says: "Does Fargate need any extra configuration ...?" keeps "encrypt PHI
        # whenever containers access it"; the revision history's "Dedicated Instances are no longer required", listed
        # under EC2, keeps no EC2 record: "do we need dedicated hosts on EC2?" listed all 38, trial 64a)
        guarded = {r.id for f in facets for r in f.records if r.strength == "must" and r.topic in (AT_REST, IN_TRANSIT)
                   and r.evidence_in(self._whitepaper)} if analysis.eligibility and analysis.uses_phi and not any(
            r.forbids for f in facets for r in f.records) else set()  # (none beside a rule barring the use asked: "Is
        # SQL Server Express allowed for PHI on RDS?" is "No." by the edition)
        # (a service asked whether it may hold the PHI of a use: its own obligations to encrypt it are conditions of
        # the yes, however the words fit: "Is Amazon SQS ok for passing DICOM study notifications with PHI in the
        # message body?" lists HTTPS to the queues, not only the message-body records; trial 67a)
        narrowed = narrow(facets, fits, analysis.obliged, wanted,
                          analysis.services[0].id if analysis.services else None, bare, apart | named_for, clause_fits,
                          insist, frozenset(enumerated | leaves_out | describing | conditions | guarded),
                          official=lambda r: r.evidence_in(self._whitepaper)) \
            if not (analysis.whole and analysis.each and not analysis.topics) else set()
        # (services each asked what they need as a whole keep all their records: "S3 and Glacier for long-term PHI
        # archives - what should we set on each?" is not asked for the records that say "long-term")
        wide = frozenset(s.id for s in sections if self.refs.general(s.id)) \
            if not any(s.kind == "service" for s in analysis.services) else frozenset()
        facets = [f for f in facets if id(f) not in narrowed]
        if not any(f.section.kind == "service" for f in facets):  # general chapters only: the one that fits best first,
            # before the answer's record limit is spent ("2016 paper: how should we manage IAM access keys?": the
            # account chapter's key rotation before the IAM chapter's groups and roles)
            best = {f.section.id: max((scores.get(r.id, 0.0) for g in facets if g.section.id == f.section.id
                                       for r in g.records), default=0.0) for f in facets}
            facets.sort(key=lambda f: -best[f.section.id])
        if analysis.responsibility and (analysis.party or analysis.provider or analysis.asker):
            self.parties.assign(facets, topics, query, scores, ranked_of, fit, words)
        if query.responsibility:  # "BAA 簽了就合規了嗎？我們還要負責什麼？": who is responsible is said first, before
            # the answer's record limit (kb/focus.py MAX_RECORDS) is spent on the BAA's own records
            facets.sort(key=lambda f: not any(ASSIGNS.search(r.statement["en"]) for r in f.records))
        # (an open question asking no detail is plain too: "How should we encrypt S3 buckets holding PHI?" asks both
        # kinds, though the HTTPS record shares "buckets holding PHI"; "어떤 키로 암호화되나요?" asks which key; a
        # specific word no record listed has says nothing of which: DynamoDB's "tables")
        plain = not words and not analysis.open or (analysis.open and wanted is None
                                                    and not any(fit(r) > 0 for f in facets for r in f.records))
        if analysis.eligibility and analysis.uses_phi:  # "Can we send reminders with patient names by SMS through
            # Pinpoint?": what the section requires or recommends of the use asked (its words) is its condition
            # ("use a dedicated short code for PHI over SMS"), listed however it ranks
            answers |= {r.id for f in facets for r in f.records if r.strength in ("must", "should") and fit(r) > 0}
            answers |= guarded
        if analysis.whole and words:  # what to set or watch for about the question's own words ("FireLens / fluent
            # bit logging, any gotchas?"): every record with most of them (file buffering, TLS destinations)
            answers |= {r.id for f in facets for r in f.records if self._holds_most(query, r, words)}
        served = {s.id for s in analysis.services if s.kind == "service"}
        answers |= {r.id for f in facets if f.topic is None and self.refs.general(f.section.id) and served
                    for r in f.records if served & self.refs.spoken_for(r)}  # (a general chapter asked about beside
        # a service: what it says of that service, however it ranks: "under the shared responsibility model what is
        # AWS responsible for vs us ... on EC2?", the infrastructure services' split, which names EC2)
        answers |= {r.id for f in facets if f.topic in topics and self.support.devoted(f.section.id, f.topic)
                    for r in f.records}  # (a chapter devoted to the topic asked answers with all it says of it: "How
        # does AWS dispose of storage media?", the four disposal records, not only the best-fitting)
        answers |= leaves_out | conditions
        facets = focus(facets, scores, analysis, self.refs.names_as_said, wide, apart, plain=plain,
                       answers=answers | enumerated, enumerated=enumerated,
                       official=lambda r: r.evidence_in(self._whitepaper),
                       named_for=frozenset(named_for) if analysis.open and self._topic_named(query, topics)
                       else frozenset(s for s in named_for if whole_asked(s)))
        # (... or asked what it needs or whether it must be on: its trails, the encrypted trail and log file
        # validation, not only the record the question's words fit; trials 57a, 57c, 57d)
        join(facets, ranked_of, self.names, lambda r: not topics or fit(r) > 0 or r.topic in topics)
        defer(facets, analysis.subject.id if analysis.subject and not analysis.kept else None,  # (a service added
              # to the conversation's, "... CloudTrail too?", is asked about, not named beside it)
              self.analyzer.pointers(topics), self.names,
              together | frozenset(analysis.by_subject) | frozenset(analysis.opening) | frozenset(
                  analysis.topical if any(not self.catalog.mentions(c) for c in clauses[1:]) else ()))
        # (... and a chapter named by a topic term, when a later clause names no service: "감사 로그 CloudTrail 꼭
        # 켜야 하나요? 로그 보관은?" asks the audit chapter how logs are kept)
        if not topics:
            chapters = [s for s in analysis.services if s.kind == "general" and s.id not in self.analyzer.places
                        and s.id not in analysis.topical]
            beside_chapter(facets, {s.id for s in chapters}, self.names, {s.id for s in analysis.services} - apart
                           - {x for s in chapters for x in s.see_also}, lambda r: r.describes and fit(r) > 0)
        echoed = drop_echoes(facets, self.ranker.source_rank, self.ranker.vector, self.refs.names_outside)
        facets = [f for f in facets if id(f) not in echoed]
        fits_best: dict[str, float] = {}

        def span_fit(r: Requirement) -> float:
            if r.id not in fits_best:
                mine = [e for e in r.evidence if e.doc_id == docs[0]] if docs else []
                spans = [s for e in (mine or r.evidence) if (s := self.relevance.index.span(e.span)) is not None]
                fits_best[r.id] = max((self.relevance.span(query, s).score for s in spans), default=0.0)
            return fits_best[r.id]

        trim(facets, span_fit, wide, analysis.obliged, answers | enumerated)  # (what answers a clause of its own
        # stays, however its sentences fit: "MSK ... TLS 嗎？另外 Zookeeper 有支援加密嗎?", whose Chinese sentence says
        # 動物園管理員)
        if analysis.subject is not None and (((analysis.ask == YES_NO and analysis.carries) or (
                analysis.eligibility and analysis.stores)) and not topics
                or (topics or analysis.whole) and self.analyzer.asks_keeping(query.text, query.lang)):
            self._keeps_nothing(facets, analysis.subject, ranked_of)
        if wanted is not None:
            self.giver.add_detail(facets, sections, ranked_of, wanted, lambda r: fit(r) > 0 or r.topic in topics)
            _giving_first(facets, wanted)
        again = analysis.repeated and analysis.ask == NECESSITY  # "And what about EFS?" after "Must we encrypt EBS?":
        # the words say nothing of EFS's records, its obligations come before its options (so in a general chapter,
        # asked what is required: "What does HIPAA require for backup and DR?", trials 65b, 65d; a service's own
        # records keep their order: "What are the PHI encryption requirements for Aurora?")
        for f in facets if again or analysis.requires else []:
            if again or f.section.kind == "general":
                f.records.sort(key=lambda r: _OBLIGATION_ORDER.get(r.strength, len(_OBLIGATION_ORDER)))
        obliged = analysis.ask == NECESSITY or (analysis.ask == PERMISSION and analysis.without) or any(
            self.analyzer.clause_asks(c, query.lang) == NECESSITY for c in split(query.text))  # (or a clause of its
        # own asking it: "RDS MySQL에 환자 데이터 넣어도 되나요? 저장 데이터 암호화 필수임?")
        if obliged or _REQUIREMENTS.search(query.text):  # (or what the requirements are: "Redshift for analytics on
            # PHI - encryption reqs?", not only "One way: ...", the rule said after the section's own records)
            for f in facets:  # "must we?" / "may we leave it out?" answered by options only: the rule decides
                f.rule = self._rule(f, facets)  # (... of a document the question names, when it names one)
                if f.rule is not None and named and not f.rule[1].evidence_in(named):
                    f.rule = None
                f.rule_last = not obliged
        if not analysis.services and any(f.covered for f in facets):  # sections found for a question naming none:
            # one silent on the topic asked is no answer ("DR은 누구 책임? 백업은?" is not about Amazon Forecast)
            facets = [f for f in facets if f.covered or self.refs.general(f.section.id)]
        means = self.analyzer.pointers(topics)
        facets = [f for f in facets if f.covered or f.topic is None or f.section is analysis.subject
                  or f.section.id not in means - set(self.analyzer.topic(f.topic).pointers)
                  or not any(g.covered and g.topic == f.topic for g in facets)]  # a section named as the means of
        # one topic asked ("... KMS 키 암호화, TLS 연결 측면에서 비교": KMS for encryption at rest) is no service asked
        # about on the others: not "the KMS section has no guidance on encryption in transit" beside the services'
        chapters = [f for f in facets if f.section.id in analysis.topical]
        if chapters and facets[0] in chapters and any(  # a chapter named by a topic term ("audit logs ... on our
                f.section.kind == "service" and f.topic in topics and f.covered for f in facets):  # RDS SQL Server
            facets = [f for f in facets if f not in chapters] + chapters  # instance") after the service answering it
        for f in facets if not analysis.without else ():  # a way offered instead of another after the others ("FSx
            # encrypts at rest automatically" before "alternatively, encrypt before storing it"; but "without SSE, how
            # are SQS messages protected?" asks for the alternative)
            _with_the_other_way(f, ranked_of.get(f.section.id, []))
            if analysis.how and not analysis.whole:
                _with_a_way(f, ranked_of.get(f.section.id, []))
            f.records.sort(key=lambda r: r.alternative)
        return facets

    def _gaps_only(self, records: list[Requirement], query: Query, fit: Callable[[Requirement], float]
                   ) -> list[Requirement]:
        """A section's `records` without those of a dated or secondary source (the 2016 paper, the study notes:
        sources.yaml priority 2 and 3) on a topic an authoritative record of the section speaks of: "How should PHI
        be protected in EBS?" is answered by the whitepaper's EBS encryption, not first by the 2016 paper's "use
        BitLocker with a password", and "Is EBS encrypted by default?" is not decided by it; its "keep two copies,
        back them up" fills the backup topic the whitepaper's EBS section is silent on. Records of no particular
        topic ("other") all stay; a question naming the dated document gets its records (`plan`), one asking who is
        responsible keeps a record assigning it ("Is DR AWS's job or ours?": "configuring BC/DR tools is the
        customer's responsibility", beside the whitepaper's "AWS offers DR mechanisms"), and one whose own words
        (`fit`: share of the question's specific words) a record has more of than every authoritative record of its
        topic keeps it ("AWS Config는 리전별 서비스인가요?": the study notes' "enable it in every Region")."""
        best: dict[str, float] = {}
        for r in records:
            if self.ranker.authoritative(r) and r.topic != "other":
                best[r.topic] = max(best.get(r.topic, 0.0), fit(r))
        return [r for r in records if self.ranker.authoritative(r) or r.topic not in best
                or (query.responsibility and ASSIGNS.search(r.statement["en"])) or fit(r) > best[r.topic]]

    def _rule(self, facet: Facet, facets: list[Facet]) -> tuple[Section, Requirement] | None:
        """The topic's rule for every service (topics.yaml `rule`) when the facet's records only offer
        options or facts (none an obligation, none done for you, in any of the section's `facets`: Network
        Firewall's "encrypts automatically" listed under logging): "Must we encrypt S3 at rest?" is decided by
        "encrypt PHI stored in any eligible service", then answered by S3's encryption options."""
        own = [r for r in facet.records if r.topic == facet.topic]  # not "no PHI in names", also about encryption
        if own:
            own += [r for f in facets if f is not facet and f.section is facet.section for r in f.records
                    if r.topic == facet.topic]
        if facet.topic in (None, ELIGIBILITY) or not own or any(
                (r.strength in ("must", "should") and self.ranker.authoritative(r)) or r.meets_rule
                for r in own):
            return None  # the section's obligation decides, or it is done for you ("encrypted automatically", "ECR
            # stores images encrypted"); a dated source's "should" (the 2016 paper's VPC records) does not stand in for
            # the rule every service follows
        rule_id = self.analyzer.topic(facet.topic).rule
        record = self.records.get(rule_id) if rule_id else None
        entry = self.catalog.get(record.section) if record is not None else None
        if record is None or entry is None or record in facet.records:
            return None
        return entry, record

    @staticmethod
    def _asked_beside(ranked: list[tuple[float, Requirement]], mine: list[Facet], topics: list[str],
                      analysis: Analysis, fit: Callable[[Requirement], float],
                      holds_most: Callable[[Requirement], bool]) -> Requirement | None:
        """A prohibition of another topic than those asked (`topics`; the section's facets `mine`) that the question's
        own words point at: the section's best-ranked record, when it forbids something, has most of the words and
        the topics were read only from plain "encrypt" ("哪個 edition 才能開 TDE 加密？Express 版可以嗎？": "do not use
        SQL Server Express"); whatever the topics, the record that has the most of the words, most of them
        (`holds_most`: Planner._holds_most) and more than any record listed, when it forbids something ("ECS tasks log
        PHI via firelens - ok to turn on fluent bit file buffering? and does the log destination need TLS?": "do not
        enable file buffering unless disk encryption is enabled", on disks, beside the logging and transit records)."""
        if not topics or not ranked:
            return None
        listed = {r.id for f in mine for r in f.records}
        best = max((fit(f.records[0]) for f in mine if f.records), default=0.0)
        top = ranked[0][1]
        if all(t in analysis.implied for t in topics) and top.forbids and top.topic not in topics \
                and top.id not in listed and fit(top) > 0 and fit(top) >= best:
            return top
        most = max((r for _, r in ranked), key=fit)
        shown = max((fit(r) for f in mine for r in f.records), default=0.0)
        if most.forbids and most.topic not in topics and most.id not in listed and holds_most(most) \
                and fit(most) > shown:
            return most
        return None

    def _clause_beside(self, ranked: list[tuple[float, Requirement]], mine: list[Facet], topics: list[str],
                       query: Query, words: dict[str, float]) -> Requirement | None:
        """For a question of several clauses asking topics (`topics`), one of which asks the section something of no
        topic with words of its own (`words`: the question's, common ones too): the section's record with the most of
        that clause's words (SPECIFIC_MIN of them, two at least), when it has more of them than every record listed
        ("S3 버킷은 기본적으로 비공개죠? 그리고 버전관리도 기본으로 켜져 있나요?": buckets are private by default,
        beside the versioning records)."""
        clauses = split(query.text)
        if not topics or len(clauses) < 2 or not ranked:
            return None
        listed = [r for f in mine for r in f.records]
        section = mine[0].section if mine else None
        for clause in clauses:
            asked = self.analyzer.clause_asks(clause, query.lang) is not None or marked(clause, query.text)
            if self.analyzer.topics_of(clause, question=True) or not asked:
                continue
            own = words_in(words, clause)
            if not own:
                continue
            others = {s.id for s, _, _ in self.catalog.mentions(clause) if s.kind == "service"} - {
                section.id if section is not None and section.kind == "service" else ""}
            naming = [r for _, r in ranked if r not in listed and self.refs.names(r) & others] \
                if section is not None and section.kind == "service" else []
            if naming:  # a clause asking, of no topic, of another service the question names, with words of its own
                # ("RDS for Oracle ...? TDE 的金鑰可以放在 CloudHSM 嗎？"): this service's record naming it ("TDE keys
                # in CloudHSM"; not a general chapter's naming the service "and for RDS?" adds)
                return max(naming, key=lambda r: self.relevance.specific_fit(query, r, words))
            shown = max((self.relevance.specific_fit(query, r, own) for r in listed), default=0.0)
            share, best = max(((self.relevance.specific_fit(query, r, own), r) for _, r in ranked), key=lambda x: x[0])
            if share >= SPECIFIC_MIN and share > shown and best not in listed \
                    and len(self.relevance.held_words(query, best, own)) >= 2:  # (one word is no sign: "Is it mandatory
                return best  # for HIPAA?" is not Config's "only HIPAA-eligible services")
        return None

    def _keeps_nothing(self, facets: list[Facet], subject: Section,
                       ranked_of: dict[str, list[tuple[float, Requirement]]]) -> None:
        """"Does Comprehend store the text we send it?" asks whether the service itself keeps data: its record
        that says it keeps none ("Amazon Comprehend does not retain or store any data") is listed first, however
        the question's other words fit (kb/verdict.py answers "No." with it). A section with no records that points
        to another (Comprehend Medical: "see the previous section"; kb/sections.py `followed`) is answered by the
        sections listed."""
        pointer = not self.records.of(self.catalog.descendants(subject.id))
        places = [subject.id, *dict.fromkeys(f.section.id for f in facets)] if pointer else [subject.id]
        for sid in places:
            keeps = next((r for _, r in ranked_of.get(sid, []) if r.keeps_no_data), None)
            if keeps is None:
                continue
            if not any(keeps in f.records for f in facets):
                section = next((f.section for f in facets if f.section.id == sid), subject)
                first = next((i for i, f in enumerate(facets) if f.section.id == sid), 0)
                facets.insert(first, Facet(section, None, [keeps]))
            return

    def _topic_named(self, query: Query, topics: list[str]) -> bool:
        """Does the question name a topic asked by the last word of its heading ("audit", "감사", "稽核" of "Logging
        and audit": "what audit logging do we need?", "감사 로그 뭘로?"), asking for the topic as such, not for one
        thing of it ("How can we prove our CloudTrail log files have not been tampered with?" reads logging from "log
        files": log file validation)?"""
        asked = set(tokenize(query.text))
        for t in topics:
            labels = self.analyzer.topic(t).labels
            heading = tokenize(labels.get(query.lang) or labels["en"])
            if heading and heading[-1] in asked:
                return True
        return False

    def _asked_elsewhere(self, analysis: Analysis, query: Query) -> set[str]:
        """The ids of the services a question of several clauses names only outside the clauses asking whether a
        service may hold PHI, when those clauses name one: no eligibility line of their own ("Is Redshift Spectrum
        covered by the BAA, and how must connections to the S3 data it queries be protected?": S3 is where the data
        is, asked about for transit, not "S3 has its own section in the whitepaper")."""
        clauses = split(query.text)
        if len(clauses) < 2:
            return set()
        asking: set[str] = set()
        named: set[str] = set()
        for clause in clauses:
            ids = {m[0].id for m in merge_mentions(*self.catalog.mentions_split(clause, short=True))}
            named |= ids
            if ELIGIBILITY in self.analyzer.topics_of(clause, question=True):
                asking |= ids
        if not asking:
            return set()
        return {s.id for s in analysis.services if s.kind == "service" and s.id in named and s.id not in asking
                and not asking & set(self.catalog.descendants(s.id))}

    def _listed_topics(self, analysis: Analysis, items: list[str]) -> frozenset[str]:
        """The topics of `analysis` an item (`items`: kb/clauses.py `list_items` of the question) of a list the question
        enumerates names ("I'm thinking encryption, access logging, versioning, blocking public access": at rest, in
        transit, logging, backups): each is asked as such."""
        return frozenset(t for item in items for t in self.analyzer.topics_of(item, question=True)
                         if t in analysis.topics)

    def _asked_as_such(self, query: Query, topics: list[str], mine: list[Requirement]) -> bool:
        """Is the one topic asked (`topics`) asked as such, saying nothing of encrypting, while the records that mention
        it (`mine`, none on the topic itself) are all on encryption ("How should we set up DR for Aurora?": "encrypt
        clusters and snapshots" does not answer it; "are its automated backups encrypted too?" it does)?"""
        return len(topics) == 1 and topics[0] not in (AT_REST, IN_TRANSIT) and all(
            r.topic in (AT_REST, IN_TRANSIT) for r in mine) \
            and not self.analyzer.says_encrypt(norm(query.text))

    def _feature_named(self, query: Query, listed: dict[str, Requirement]) -> set[str]:
        """Ids of the `listed` records whose English statement holds, as words, an alias by which the one clause asking
        yes or no beside clauses asking how (Analyzer.lone_ask) names their section, one sharing no word with the
        section's names: a feature ("VPC 要怎麼設計？flow logs 有必要嗎": "VPC Flow Logs provide an audit trail ...",
        trial 61d WRONG; not "EC2 instance", which names EC2 itself), kept however they rank; and, in any question,
        those of a section asked holding a way of encrypting that the question names ("can we use SSE-KMS on the target
        bucket when importing data with snowball?": Snowball's "supports SSE-S3, but not SSE-KMS or SSE-C"; trial 61k
        WRONG)."""
        key = norm(query.text)
        mentions = self.catalog.mentions(query.text)
        asked = {x for m in mentions for x in self.catalog.descendants(m[0].id)}
        out: set[str] = set()
        for _, start, end in mentions:
            word = self.analyzer.way_word(key, start, end)  # ("kms" inside "sse-kms")
            said = word.strip("?,.!") if word is not None else ""
            if not said or said == key[start:end].strip() or not any(self.analyzer.names_a_way(said, t)
                                                                      for t in (AT_REST, IN_TRANSIT)):
                continue  # (a way named by a word holding the service's name: not "customer managed key" itself)
            pattern = re.compile(rf"(?<![\w-]){re.escape(said)}(?![\w-])", re.I)
            out |= {rid for rid, r in listed.items() if r.section in asked and pattern.search(r.statement["en"])}
        lone = self.analyzer.lone_ask(query.text, query.lang)
        if lone is None:
            return out
        for entry, said in self.analyzer.features_named(lone):  # (a general chapter's alias names its subject, not a
            # feature: "WorkDocs 登入可以用 MFA 嗎")
            family = self.catalog.descendants(entry.id)
            pattern = re.compile(rf"\b{re.escape(said)}\b", re.I)
            out |= {rid for rid, r in listed.items() if r.section in family and pattern.search(r.statement["en"])}
        return out

    def _names_other_asked(self, record: Requirement, section: Section, analysis: Analysis) -> bool:
        """Does the record's statement name a service the question names besides `section` (and its family), itself
        named by the question: the record relates the two services asked? (Not a section the topic brought: AWS
        Backup's EBS snapshot keys for "백업/재해복구 요건 ... EBS 스냅샷으로 백업해도 되는지", which then pushed the DR
        chapter's Elastic Disaster Recovery out.)"""
        if section not in analysis.services:
            return False
        family = self.catalog.descendants(section.id)
        others = {s.id for s in analysis.services if s.kind == "service" and s.id not in family}
        return bool(others) and any(m[0].id in others for m in self.catalog.mentions(record.statement["en"]))

    def _holds_most(self, query: Query, record: Requirement, words: dict[str, float]) -> bool:
        """Does the record have SPECIFIC_MIN of the question's specific `words`, two of them at least (one rare word
        is no sign: "우리가 따로 해야 할 것도 있어요?" shares "있어" with an S3 ACL note)?"""
        return self.relevance.specific_fit(query, record, words) >= SPECIFIC_MIN \
            and len(self.relevance.held_words(query, record, words)) >= 2

    def _clause_fits(self, facets: list[Facet], clauses: list[str], words: dict[str, float], query: Query
                     ) -> list[dict[str, float]]:
        """Per clause of a question of several that each have specific words (`words`) of their own: record id ->
        its share of that clause's words ([] for a question of one such clause)."""
        asking = [c for c in clauses if c.strip() and not _CONDITION.search(c.strip())]
        mine = [w for c in asking if (w := words_in(words, c))]
        if not mine or len(asking) < 2:
            return []
        records = {r.id: r for f in facets for r in f.records}
        return [{rid: self.relevance.specific_fit(query, r, w) for rid, r in records.items()} for w in mine]

    def _named_elsewhere(self, section: Section, own: list[Requirement],
                         fit: Callable[[Requirement], float], query: Query | None) -> list[Requirement]:
        """Records of the general chapters that name `section` and have NAMED_ELSEWHERE_MIN of the
        question's specific words (`fit`: a record's share of them), twice the share of any of its own
        records, or, for a yes/no question asking no topic (`query`; None otherwise: a topic the section is silent
        on gets pointers, not "back up log files to Amazon S3" as S3's logging guidance, and a question about the
        service as a whole gets its own records), whitepaper records that fit it (kb/relevance.py, meaning and
        words) NAMED_ELSEWHERE_LEAD better than every record of its own: "Must PHI on EC2 run on Dedicated
        Instances?" is answered by the revision history, which says that requirement was removed ("전용 호스트가
        필요한가요?" shares no rare word with it: "전용" is in many records)."""
        best = max((fit(r) for r in own), default=0.0)
        named = [r for r in self.refs.named_in(section) if r not in own]
        if not named or query is None:
            return [r for r in named if fit(r) >= NAMED_ELSEWHERE_MIN and fit(r) > 2 * best]
        lead = max((self.relevance.record(query, r).score for r in own), default=0.0) + NAMED_ELSEWHERE_LEAD
        return [r for r in named if (fit(r) >= NAMED_ELSEWHERE_MIN and fit(r) > 2 * best)
                or (self.ranker.authoritative(r) and self.relevance.record(query, r).score >= lead)]




_REQUIREMENTS = re.compile(r"\breq(?:s|uirements?|uired)\b|\bmandatory\b|요구\s?사항|필수|要求|規定|必須|必要", re.I)
_UNENCRYPTED = re.compile(r"\b(?:does not encrypt|do not encrypt|not encrypted|unencrypted|cannot be encrypted)\b")


def _saying(record: Requirement, lang: str, words: dict[str, float]) -> tuple[bool, int]:
    """Whether `record` is an obligation (must, should), and how many times its statement in `lang` holds the tokens of
    `words` (as substrings, case-folded): what chooses among records fitting an item of a list alike."""
    text = record.says(lang).casefold()
    return record.strength in ("must", "should"), sum(text.count(t) for t in words)


def _unencrypted_names(record: Requirement) -> bool:
    """A rule keeping PHI out of names or metadata because encryption at rest leaves them unencrypted ("Do not put
    PHI in bucket names, object names or metadata; server-side encryption does not encrypt them"): part of how to
    encrypt the service, however the question's words fit it ("How do we encrypt PHI in S3?"; stop 56 trials: S3,
    Glacier and File Gateway answers without it)."""
    return record.topic == NAMES and record.strength in ("must", "should") \
        and bool(_UNENCRYPTED.search(record.statement["en"]))


def _pinned(records: list[Requirement], scores: dict[str, float], fit: Callable[[Requirement], float],
            family: set[str] | frozenset[str]) -> bool:
    """Do the question's specific words pin a section's records down: a record that has SPECIFIC_MIN of them (`fit`;
    "HL7 engine pushes messages through an MQ broker. How do I lock it down?" has a quarter in one record) fits the
    question nearly as well (FOCUS x; `scores`: Ranker.rank) as the section's best? "What does the
    whitepaper require for RDS for Oracle TDE?" (the TDE record) is no question about Oracle as a whole; "S3 버킷에
    환자 검사결과 PDF ... 뭐뭐 설정해둬야?" is ("검사" only reads "integrity check" in a 2016 record that fits far
    worse). Only a record of the section's own `family` (ids) pins it: "S3 存 DICOM 影像要開哪些設定?"
    asks what S3 needs, not for the audit chapter's "load files or images into S3 and copies are made" (影像)."""
    best = max((scores.get(r.id, 0.0) for r in records), default=0.0)
    return any(fit(r) >= SPECIFIC_MIN and scores.get(r.id, 0.0) >= FOCUS * best and r.section in family
               for r in records)


_OBLIGATION_ORDER = {"must": 0, "should": 1, "fact": 2}  # (then "may": the options)


def _with_the_other_way(facet: Facet, ranked: list[tuple[float, Requirement]]) -> None:
    """A way listed as the alternative ("Alternatively, pass encrypted sessions through to the back-end instances")
    comes with the best-ranked other way of its section and topic (`ranked`: Ranker.rank of the section) when the facet
    lists none: "alternatively" alone reads as the only way (trial 58g: ELB's TLS termination at the load balancer
    left out)."""
    for r in [r for r in facet.records if r.alternative]:
        if any(x.topic == r.topic and x.strength == "may" and not x.alternative for x in facet.records):
            continue
        other = _first_way(ranked, r.section, r.topic, facet.records)
        if other is not None:
            facet.records.insert(facet.records.index(r), other)


def _with_a_way(facet: Facet, ranked: list[tuple[float, Requirement]]) -> None:
    """A facet of an encryption topic, asked how ("Aurora PostgreSQL 암호화 어떻게 해요?"), that lists only facts
    ("the backups and snapshots of an encrypted Aurora instance are encrypted") comes with the best-ranked way of its
    section on that topic (`ranked`: Ranker.rank of the section), first: how to turn the encryption on ("encrypt
    Aurora clusters with keys you manage in AWS KMS"; the fact fitted the Korean and Chinese questions a little better,
    and the way was left out)."""
    mine = [r for r in facet.records if r.topic == facet.topic]
    if facet.topic not in (AT_REST, IN_TRANSIT) or not mine or any(r.strength != "fact" for r in mine):
        return
    way = _first_way(ranked, facet.section.id, facet.topic, facet.records)
    if way is not None:
        facet.records.insert(0, way)


def _first_way(ranked: list[tuple[float, Requirement]], section: str, topic: str | None,
               listed: list[Requirement]) -> Requirement | None:
    """The best-ranked way ("may", not an alternative to another) of `section` on `topic` among `ranked` (Ranker.rank)
    that is not `listed`; None when there is none."""
    return next((x for _, x in ranked if x.section == section and x.topic == topic and x.strength == "may"
                 and not x.alternative and x not in listed), None)


def _giving_first(facets: list[Facet], wanted: Callable[[Requirement], bool]) -> None:
    """Within each section (their order kept), the facets and records that give a detail the question asks for
    (`wanted`, kb/details.py) first, each order otherwise kept: "Which key encrypts CloudTrail log files by default?"
    opens with "an encrypted trail uses SSE-S3 by default", not with log file validation."""
    for f in facets:
        f.records.sort(key=lambda r: not wanted(r))
    first: dict[str, int] = {}
    for i, f in enumerate(facets):
        first.setdefault(f.section.id, i)
    facets.sort(key=lambda f: (first[f.section.id], not any(wanted(r) for r in f.records)))
