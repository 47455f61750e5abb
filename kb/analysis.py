"""Question analysis: language, the catalog sections named (covered or not), other clouds, legal
matters, the topics asked (kb/topics.py) and how the question asks (kb/asks.py: a yes/no question wants a verdict
first)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.asks import ASKS_SCHEMA, NECESSITY, PERMISSION, YES_NO, AskReader, matches, matches_mixed
from kb.catalog import Catalog, Section, merge_mentions, norm
from kb.clauses import last_phrase, list_items, parts, split, without_premises
from kb.config import Settings
from kb.datafile import load_data, read
from kb.keyword import tokenize
from kb.lang import detect_lang, fold_chinese
from kb.phrases import has_phrase
from kb.spelling import Spelling, WordSpelling, inflected
from kb.topics import (
    AT_REST,
    ELIGIBILITY,
    IN_TRANSIT,
    TERMS,
    TermPattern,
    Topic,
    TopicReader,
    load_topics,
    term_pattern,
)

SCOPE_SCHEMA = {
    "type": "object", "required": ["clouds", "legal"], "additionalProperties": False,
    "properties": {**{key: {"type": "array", "items": {
        "type": "object", "required": ["id", "terms"], "additionalProperties": False,
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "terms": TERMS}}}
        for key in ("clouds", "legal")}, "outside": TERMS},
}

LONG_WORD = 10  # letters: a general chapter's word this long is no slip of an ordinary word ("responsibility",
# "classification"; "trail" is one slip from "training", "attack" from "attached")


@dataclass
class Analysis:
    lang: str
    services: list[Section] = field(default_factory=list)  # named and covered by the corpus
    uncovered: list[Section] = field(default_factory=list)  # named AWS services the whitepaper lacks
    clouds: list[str] = field(default_factory=list)  # other clouds named
    elsewhere: list[Section] = field(default_factory=list)  # services named only by the software they run, in a
    # question placing it outside AWS ("Kubernetes ... on-prem cluster": Amazon EKS)
    topics: list[str] = field(default_factory=list)
    subject_uncovered: bool = False  # the first AWS service named is one the whitepaper lacks
    legal: list[str] = field(default_factory=list)  # legal matters asked (penalties, breach notification)
    legal_only: bool = False  # ... and every clause naming a topic names one too ("Is our company legally liable if a
    # business associate leaks PHI?": the business associate is who the law question is about, not a BAA question)
    beside_law: bool = False  # ... or a clause names a section or a topic and no legal matter, its scene left out
    # ("incident response for a compromised EC2 instance? and do we have to notify HHS within 60 days?"; not "簽署 BAA
    # 之前，我們的律師需要審查哪些條款？")
    ask: str | None = None  # permission | necessity | yes-no | None (an open question)
    responsibility: bool = False  # asks who is responsible ("Is DR AWS's job?")
    provider: bool = False  # names AWS as the party that owns or does something ("Is AWS responsible for ...?")
    asker: bool = False  # names the asker or the customer ("we", "우리", "我們")
    repeated: bool = False  # a follow-up asking the conversation's question of another service ("What about EFS?")
    replaced: list[str] = field(default_factory=list)  # services the question replaces ("EMR instead of Athena"): a
    # follow-up drops them from the conversation's (kb/chain.py); a question of its own compares them
    party: bool = False  # asks which party is responsible ("Who patches ...?", "AWS's job or ours?", "AWS
    # 책임인가요, 고객 책임인가요?"): the answer names one, not yes or no
    uses_phi: bool = False  # speaks of using a service with PHI at all ("... on clinical notes?")
    implied: list[str] = field(default_factory=list)  # topics read from a general word ("encryption": both)
    without: bool = False  # asks to leave something out ("unencrypted", "암호화는 신경 안 써도", "不加密")
    carries: bool = False  # asks to store, pass or send data through the service ("pass patient records")
    stores: bool = False  # asks to keep data in the service ("Can CloudWatch store PHI?")
    existing: bool = False  # asks about a resource that already exists ("for an existing EFS file system?")
    every: bool = False  # asks about every or any AWS service ("Does the BAA let us put PHI in any AWS service?")
    supports: bool = False  # asks whether the service supports something ("Does SQS support SSE?", "支援...嗎？")
    default: bool = False  # asks what the service does by default or automatically ("Is EBS encrypted by default?")
    part: bool = False  # puts the data in a part of the service (environment variables, headers, object keys)
    names: bool = False  # speaks of a resource's name, tag, key, field or metadata ("environment name", "欄位")
    unsigned: bool = False  # asks about PHI before or without an executed AWS BAA ("還沒簽 BAA 之前")
    compliant: bool = False  # asks whether a service is HIPAA compliant ("SES 符合 HIPAA 嗎？")
    refers_back: bool = False  # points back at the conversation's subject ("거기에 올린 아카이브")
    adds: bool = False  # adds a service to the conversation's ("CloudTrail도 켜야 하나요?")
    general: bool = False  # turns from the conversation's services to what holds in general ("로그는 일반적으로 ...")
    keeps: bool = False  # asks whether to keep something in place ("Should we keep the root access keys?")
    separately: bool = False  # asks whether a step of the asker's own is needed ("ourselves", "따로", "另外設定")
    required: bool = False  # asks whether something is required or only optional ("필수에요 선택이에요?"): must we?
    secrets: bool = False  # the thing asked about holds credentials, not PHI ("env vars that hold db creds")
    no_phi: bool = False  # the data asked about is of a kind that holds no PHI ("firmware", "static website assets")
    grants: bool = False  # asks whether some people should have access ("should devs have access to prod PHI?")
    local: bool = False  # asks of data kept on a device, at the edge or on premises ("Greengrass 本地存的資料要加密
    # 嗎？"): a record on what the service does in the cloud does not answer it
    cloud_eligibility: bool = False  # a clause names another cloud and asks of eligibility or a BAA ("Azure 的 Virtual
    # Desktop 也有簽 BAA 嗎？"): the documents do not say (kb/chain.py)
    requires: bool = False  # speaks of what is required ("What does HIPAA require for backup and DR?",
    # "HIPAA 下有什麼要求"): obligations rank a little ahead (kb/ranking.py REQUIREMENT_BONUS)
    how: bool = False  # asks how to do something ("암호화 어떻게 해요?"): an encryption topic's facet stating only
    # facts comes with the section's way (kb/facets.py `_with_a_way`)
    key: bool = False  # asks which key encrypts it (data/details.yaml `key`, read by kb/chain.py)
    does: bool = False  # asks what a service does or can be used for ("Can we use Security Hub to check HIPAA
    # compliance?"), or sets services against each other (kb/chain.py): its records describing it are candidates
    purpose: bool = False  # ... as the means to an end ("use AWS Config to monitor compliance of PHI resources"):
    # what it does, though PHI is named (kb/chain.py)
    ask_words: list[str] = field(default_factory=list)  # ... the words asking it ("required or optional"), no words of
    # what is asked about
    kind_words: list[str] = field(default_factory=list)  # the words naming the services asked by their kind ("the
    # database" after a question naming Aurora: kb/chain.py), no words of what is asked of them
    back: bool = False  # goes back to something asked before ("back to S3", "다시 S3로 돌아가서", "回到 S3，")
    kept: list[str] = field(default_factory=list)  # ... the conversation's sections it keeps (kb/chain.py), never
    # sections named in passing
    topical: list[str] = field(default_factory=list)  # general chapters named by a topic term ("audit logs")
    misspelled: list[tuple[str, Section]] = field(default_factory=list)  # ("Dyanmo DB", DynamoDB) read so
    respelled: list[tuple[str, str]] = field(default_factory=list)  # ("encrpyt", "encrypt"): a topic word read so
    unmentioned: list[str] = field(default_factory=list)  # names no document mentions, in a question naming no
    # service ("Okta", "HITRUST": kb/unmentioned.py), set by kb/chain.py
    follow_up: bool = False  # asks about the conversation's services (named by none of its own words)
    previous: list[str] = field(default_factory=list)  # ... and the records the conversation's last answer stated
    scene: bool = False  # the phrase that asks (kb/clauses.py last_phrase) follows a scene and names no service:
    # the services are named in the scene ("我們要用 DataSync 把舊 PACS 的影像搬到 S3，傳輸過程預設有加密嗎？")
    open: bool = False  # a how/what/which question ("몇 버전 이상이어야 HIPAA 적격이에요?"): asks no yes or no
    whole: bool = False  # asks what a service needs as a whole ("What do we have to configure?", "要開哪些設定？")
    which: bool = False  # asks which thing to use or is used ("What algorithm does SQS use?", "어떤 키로?")
    each: bool = False  # asks of every service it names ("What must we configure on each?", "각각", "分別")
    both: bool = False  # ... says it asks of two ("both", "둘 다", "兩邊")
    choice: bool = False  # offers a choice ("SSE-S3로 충분한가요? 아니면 SSE-KMS?"): a yes or no would not say which
    default_choice: bool = False  # asks whether the service does it by default, or else the asker must ("on by
    # default, or do I have to pick a KMS key myself?"): what the other choice names (KMS, "pick") is no subject
    parted: bool = False  # one clause asks yes or no of a part or name of the service, another of the service itself
    # ("Is Route 53 ok to use? And can we put patient names in DNS records?"): no one verdict answers both
    negated: bool = False  # asks with a negation ("Is X not encrypted?", "암호화되지 않나요?", "不會加密嗎？")
    asker_first: bool = False  # the asker or customer comes before the first service named ("Do we store PHI in X?")
    # one clause of it asks whether a service may hold PHI, with no topic of its own ("Can we store PHI in S3, and
    # what encryption settings do we need?")
    eligible_clause: bool = False
    # the sections named only by a subject they speak of (services.yaml `subjects`: "cross-account access" names the
    # IAM chapter, "IDS/IPS" Amazon VPC): asked about for it, never a place deferred to the question's service
    by_subject: list[str] = field(default_factory=list)
    # a clause asks of encryption and of no topic, another names a topic by its own terms ("How do we set up encryption
    # for Aurora MySQL? Are snapshots ... encrypted too?"): both kinds are asked, neither left out for fitting the
    # question's other words worse
    encrypt_clause: bool = False
    # the general chapters an opening clause naming no section asks by its topic, before a clause naming a service
    # ("DR 要怎麼規劃？AWS Backup 的備份本身有加密嗎？": the DR chapter; kb/chain.py): asked apart, never named in
    # passing
    opening: list[str] = field(default_factory=list)
    # the sections named only as how another is encrypted or keyed, listed after it ("SSE-KMS for S3", "KMS encryption
    # on our CloudTrail trails", "which kms key should we use to encrypt ECR images?")
    means: list[str] = field(default_factory=list)
    # ... of which those named only as one way of doing it, by a way's own name or beside another way ("SSE-S3 by
    # default, but can we use SSE-KMS instead?", "SSE-S3 or KMS"): no section of the answer beside the service asked
    ways: list[str] = field(default_factory=list)

    @property
    def subject(self) -> Section | None:
        """The service the question is about: its first-named section, when that is a service (not a general
        chapter); a general chapter named only by a topic term before it does not count ("감사 로그 CloudTrail 꼭 켜야
        하나요?" is about CloudTrail)."""
        first = next((s for s in self.services if s.id not in self.topical), None)
        return first if first is not None and first.kind == "service" else None

    @property
    def obliged(self) -> bool:
        """Does an obligation decide the answer: a "must we?", or a "may we?" asking to leave a measure out ("... send
        plain http to the targets?": encrypt both listeners)?"""
        return self.ask == NECESSITY or (self.ask == PERMISSION and self.without)

    @property
    def puts_data(self) -> bool:
        """Does the question ask to put data in the service: to keep it there or to pass or send it through ("Can
        X-Ray store PHI?", "Can we send PHI to X-Ray?", "CloudWatch 事件裡可以帶 PHI 嗎？")?"""
        return self.stores or self.carries

    @property
    def plain_encrypt(self) -> bool:
        """Are all the topics asked read from a plain "encrypt" (neither at rest nor in transit said)?"""
        return bool(self.topics) and set(self.topics) <= set(self.implied)

    def refuse_outright(self) -> bool:
        """Out of scope before any retrieval: the question is about an uncovered AWS service, or
        names another cloud, or software run outside AWS, and no covered AWS service (general topics like the BAA do
        not count, nor does a service named only by a subject it speaks of)."""
        if self.subject_uncovered or (self.uncovered and not self.services):
            return True
        return bool(self.clouds or self.elsewhere) and not any(s.kind != "general" and s.id not in self.by_subject
                                                               for s in self.services)  # ("Google Cloud Storage
        # 버킷 암호화는?": a bucket is the other cloud's, not Amazon S3 named by a subject it speaks of)

    @property
    def eligibility(self) -> bool:
        """Does the question ask whether a service may hold PHI at all? ("Can we use Translate on
        clinical notes?", "Is Lex HIPAA eligible?")"""
        if ELIGIBILITY in self.topics:  # of a service: "Do we have to sign a BAA?" asks something else; "which
            # Redis version is HIPAA eligible?" asks for the version, not whether Redis may hold PHI
            # "Is S3 HIPAA eligible even if we don't enable encryption?" asks whether the measure may be left out
            return any(s.kind != "general" for s in self.services) and not (self.open and self.ask is None) \
                and not (self.without and len(self.topics) > 1)  # (an open question asks no yes or no; a sentence
            # of its own may, beside it: "is AWS Batch HIPAA eligible? what do we need to configure?")
        # "Can I put PHI in S3 object names?" asks about a detail; "PHI 웹앱 앞에 WAF를 두면 암호화는 신경 안
        # 써도 되나요?" about encryption: a question with a topic is answered by that topic's records
        if self.without:  # "AUTH 토큰 없이 써도 되나요?" asks whether a measure may be left out
            return False
        if self.eligible_clause:
            return any(s.kind != "general" for s in self.services)
        if self.compliant and not self.topics and self.ask in (PERMISSION, YES_NO):
            return any(s.kind != "general" for s in self.services) and not any(  # "Is Amazon SES HIPAA compliant?"
                s.kind == "general" and s.id not in self.topical for s in self.services)  # (not whether a measure
            # meets HIPAA, a chapter named by its subject beside the services: "WAF랑 Shield 쓰면 DDoS 대응으로 HIPAA
            # 요건 충족되나요?"; trial 57h WRONG: "Yes, with conditions" by "Shield can protect web applications")
        return self.ask == PERMISSION and self.uses_phi and bool(self.services) and not self.topics


class Analyzer(TopicReader, AskReader):
    """Reads a question with the catalog, the topic lexicon (TopicReader), the out-of-scope list and the ask patterns
    (AskReader), all data files. Immutable after construction: shared across threads."""

    def __init__(self, catalog: Catalog, topics: list[Topic], clouds: dict[str, list[str]],
                 encryption_terms: tuple[str, ...] = (), legal: dict[str, list[str]] | None = None,
                 asks: dict[str, dict[str, str]] | None = None, not_terms: tuple[str, ...] = (),
                 outside: tuple[str, ...] = (), responsibility_model: tuple[str, ...] = ()) -> None:
        TopicReader.__init__(self, topics, encryption_terms, not_terms, responsibility_model)
        AskReader.__init__(self, asks)
        self.catalog = catalog
        self.spelling = Spelling(catalog)
        self.words = WordSpelling([t for topic in topics for t in topic.terms] + list(encryption_terms) + [
            w.casefold() for entry in catalog if entry.kind == "general" for label in entry.labels()
            for w in label.split() if len(w) >= LONG_WORD])  # (and the long words naming the general chapters:
        # "shared responsiblity"; not "trail" or "attack", one slip from "training", "attached")
        self._clouds = term_pattern({t: cid for cid, terms in clouds.items() for t in terms})
        # (a legal phrase in any inflection: "notify hhs" is also "notifying HHS")
        self._legal = term_pattern({f: lid for lid, terms in (legal or {}).items() for t in terms
                                    for f in inflected(norm(t))})
        self._outside = term_pattern({t: "outside" for t in outside})  # places outside AWS ("on-prem")

    @classmethod
    def load(cls, catalog: Catalog, settings: Settings) -> Analyzer:
        """Read topics.yaml (kb/topics.py `load_topics`), out_of_scope.yaml (SCOPE_SCHEMA, ids unique) and asks.yaml
        (kb/asks.py ASKS_SCHEMA) through Settings.data_file. Raises DataFileError naming the file, line and field."""
        topics, encryption, not_terms, model = load_topics(settings)
        doc = read(settings.data_file("out_of_scope.yaml"), SCOPE_SCHEMA)
        doc.unique(["clouds"])
        doc.unique(["legal"])
        scope = doc.data
        for i, item in enumerate(scope["legal"]):  # (an answer names the matter in the asker's language)
            if not has_phrase(f"legal_{item['id']}"):
                raise doc.fail(["legal", i, "id"], f"{item['id']!r} has no wording legal_{item['id']} in kb/phrases.py",
                               "add it in every language there, or use the id of a matter that has one")
        clouds = {c.get("name") or c["id"]: list(c["terms"]) for c in scope["clouds"]}
        legal = {item["id"]: list(item["terms"]) for item in scope["legal"]}
        asks = load_data(settings.data_file("asks.yaml"), ASKS_SCHEMA)
        return cls(catalog, topics, clouds, encryption, legal, asks, not_terms, tuple(scope.get("outside") or ()),
                   model)

    def _eligible_clause(self, question: str, lang: str) -> bool:
        """Does one clause of a question of several ask whether a service may hold PHI, with no topic of its
        own ("Can we store PHI in Amazon S3, and what encryption settings do we need?", "S3에 PHI 저장해도
        되나요? 암호화는 어떻게 해요?")?"""
        clauses = split(question)
        if len(clauses) < 2:
            return False
        for i, clause in enumerate(clauses):
            if self.ask_of(clause, lang) != PERMISSION:
                continue
            if not self._uses_phi_in(fold_chinese(clause), lang):  # a bare "可以嗎" asks of the use the clause before
                # it states ("牙科X光片想丟到 S3 Glacier 做長期封存，可以嗎？加密要注意什麼", trial 67e: no verdict)
                if i == 0 or any(self.catalog.mentions_split(clause, short=True)) \
                        or self.topics_of(clause, question=True):
                    continue
                clause = f"{clauses[i - 1]} {clause}"
                if not self._uses_phi_in(fold_chinese(clause), lang):
                    continue
            own, family = self.catalog.mentions_split(clause, short=True)
            if not self.topics_of(unnamed(norm(clause), [m for m in own + family if m[0].kind == "service"]),
                                  question=True):
                return True
        return False

    def _topics_listed(self, question: str) -> bool:
        """Does the question enumerate two or more topics as items of their own, naming no service ("for EBS, RDS and
        ALB: encryption at rest, TLS in transit, access logging, backups - what do we need for each?")? Then each is
        asked, not only the ones the asking phrase names."""
        items = [i for i in list_items(question)[:-1] if i.strip()]
        return sum(1 for i in items if self.topics_of(i, question=True) and not self.catalog.mentions(i)) >= 2

    @staticmethod
    def name_words(entry: Section) -> set[str]:
        """The tokens (kb/keyword.py) of the section's own names in every language, not its aliases."""
        return {t for name in entry.names.values() for t in tokenize(name)}

    def features_named(self, text: str) -> list[tuple[Section, str]]:
        """(service, alias) for each service `text` names by an alias, typed in Latin letters, that shares no word with
        the service's names: a feature of it ("flow logs", Amazon VPC's), not the service itself ("EC2 instance") nor a
        general chapter's subject ("MFA")."""
        key = norm(text)
        out = []
        for entry, start, end in self.catalog.mentions(text):
            said = key[start:end].strip()
            if entry.kind == "service" and said and re.search(r"[a-z]", said) \
                    and not set(tokenize(said)) & self.name_words(entry):
                out.append((entry, said))
        return out

    def lone_ask(self, question: str, lang: str) -> str | None:
        """The one clause of `question` (kb/clauses.py `split`, its scene left out) asking yes or no, when every other
        clause asks how or what ("... 要怎麼設計？flow logs 有必要嗎"); else None."""
        clauses = [c for c in split(self.without_scene(question, lang)) if c.strip()]
        if len(clauses) < 2:
            return None
        asking = [c for c in clauses if self.clause_asks(c, lang) in (NECESSITY, PERMISSION, YES_NO)]
        rest = [c for c in clauses if c not in asking]  # (a clause asking yes or no with a "what" in it asks yes or no:
        # "Comprehend Medical 要特別設定什麼嗎？它會保存我們的資料嗎？" has two, stop 50)
        return asking[0] if len(asking) == 1 and all(self.flagged(c, lang, "open") and not _YES_NO_END.search(c)
                                                     for c in rest) else None

    def whole_apart(self, question: str, lang: str) -> bool:
        """Does a clause of its own name a service and ask what it needs as a whole, naming no topic, beside a clause
        that asks a topic ("람다에서 phi 처리하면 머 해야됨? 로그에 남겨도 되나": Lambda's obligations, and its word on
        logging; not "S3 ... 有哪些选项？密钥可以怎么管理？", whose second clause asks about the keys of the first)?"""
        clauses = split(question)

        return len(clauses) > 1 and any(matches(self._flags["whole"], lang, fold_chinese(c))  # (the clause without
                                        # the services it names: "KMS" is a term of access too, "KMS 金鑰要怎麼用來保護
                                        # PHI？" asks what KMS needs as a whole)
                                        and not self.topics_of(unnamed(norm(c), self.catalog.mentions_split(
                                            c, short=True)[0]), question=True)
                                        and any(self.catalog.mentions_split(c, short=True)) for c in clauses)

    def asks_keeping(self, question: str, lang: str) -> bool:
        """Does a clause of a question of several ask, yes or no and with no topic of its own, whether the service keeps
        the data (asks.yaml `stores`), beside a clause asking a topic ("Amazon Comprehend 會不會把我們送進去的病歷文字
        存下來？需要另外做靜態加密嗎？")? Its record saying the service keeps none answers that clause (kb/facets.py),
        and no one verdict answers both (not "簽了 BAA 之後，是不是所有 AWS 服務都可以處理 PHI？": its scene names
        the topic)."""
        clauses = split(question)
        keeping = [c for c in clauses if self.clause_asks(c, lang) == YES_NO and self.flagged(c, lang, "stores")
                   and not self.topics_of(c, question=True)]
        return bool(keeping) and any(c not in keeping and (self.topics_of(c, question=True) or self.flagged(
            c, lang, "whole")) for c in clauses)  # (or what the service needs as a whole: "Do we need any special
        # config to run clinical notes through Comprehend Medical, and does it store our data?")

    def _story(self, question: str, lang: str, sentence: bool = False) -> bool:
        """Does the question tell a scene that asks nothing before its last phrase (kb/clauses.py `last_phrase`: "We're
        migrating an on-prem Oracle DB into RDS using DMS. What do we need to set up on the DMS side?"), with `sentence`
        in sentences of its own (not "ALB TLS termination + access logging, what do the docs say?") whose topic terms
        all tell what a service it names is for?"""
        last = last_phrase(question)
        scene = question[:question.rfind(last)] if last.strip() else ""
        if not scene.strip() or re.search(r"[?？]", scene) or self.ask_of(scene, lang) is not None \
                or matches(self._open, lang, fold_chinese(scene.strip())):
            return False
        if not sentence:
            return True
        if scene.rstrip()[-1:] not in ".。!！":
            return False
        # a part naming a topic and no service names the subject ("backup & DR requirements for PHI - we run EC2 w/
        # EBS + S3. what does the guidance say?"); "S3 for patient uploads" tells what S3 is for
        return not any(self.topics_of(p, question=True) and not any(self.catalog.mentions_split(p, short=True))
                       for p in parts(scene))

    def asking_phrase(self, question: str, lang: str) -> str | None:
        """The phrase that asks (kb/clauses.py `last_phrase`) when a scene asking nothing comes before it (`_story`:
        "共同責任模型下 AWS 管實體安全,那 EC2 的 OS patch 是誰要負責?" asks "那 EC2 的 OS patch 是誰要負責"); None
        otherwise."""
        return last_phrase(question) if self._story(question, lang) else None

    def names_legal(self, text: str) -> bool:
        """Does `text` name a legal matter (out_of_scope.yaml `legal`: penalties, breach-notification deadlines)?"""
        return self._legal[0].search(norm(text)) is not None

    def _parted(self, question: str, lang: str) -> bool:
        """Does one clause of `question` (kb/clauses.py `split`) ask yes or no of a part or name of a service
        (asks.yaml `part`, `names`) and another ask yes or no with neither and no topic ("Is Route 53 ok to use in a
        HIPAA account? And can we put patient names in DNS records?")?"""
        clauses = [fold_chinese(c) for c in split(question)]
        if len(clauses) < 2:
            return False
        asking = [c for c in clauses if self.ask_of(c, lang) is not None]
        of_part = [matches_mixed(self._part, lang, c) or matches(self._flags["names"], lang, c) for c in asking]
        return any(of_part) and any(not p and not self.topics_of(unnamed(norm(c), self.catalog.mentions_split(
            c, short=True)[0]), question=True) for c, p in zip(asking, of_part, strict=True))  # (the services it
        # names blanked: "KMS 跟 CloudHSM 可以拿來存 PHI 嗎？tag 可以放病人資料嗎", "KMS" a term of access; trial 61j
        # WRONG "是。" by eligibility, CloudHSM stores none and tags none)

    def inside_a_way(self, key: str, start: int, end: int) -> bool:
        """Is the name at key[start:end] (a norm()ed question) part of a word naming a way of encrypting ("kms" in
        "sse-kms": "SSE-S3 vs SSE-KMS for the data lake bucket" compares two ways, not S3 with KMS; trial 60b)?"""
        return self.way_word(key, start, end) is not None

    def way_word(self, key: str, start: int, end: int) -> str | None:
        """The word around the name at key[start:end] (a norm()ed question), as written, when it is longer than the
        name and names a way of encrypting ("sse-kms" around "kms"); else None."""
        word = key[key.rfind(" ", 0, start) + 1:(key.find(" ", end) + 1 or len(key) + 1) - 1]
        return word if word != key[start:end] and any(self.names_a_way(word, t) for t in (AT_REST, IN_TRANSIT)) \
            else None

    def _asks_uncovered(self, question: str, lang: str) -> bool:
        """Does the part of `question` that asks (its last phrase, after a scene ending in a connective) name services
        the documents have no section on and no covered service, which its scene names? Not when a clause before it
        asks too ("DRS 쓰면 복제 데이터 전송중에 암호화 되나요? 복제 경로를 DX나 VPN으로 잡을수 있음?": DRS is asked
        about, the link is a detail of it; trial 61f WRONG, answered as a question about AWS VPN)."""
        clauses = split(question)
        if any(self.clause_asks(c, lang) or self.flagged(c, lang, "open") for c in clauses[:-1]):
            return False
        asking = last_phrase(question)
        asking = self.after_scene(asking) or asking
        named = [entry for entry, _, _ in merge_mentions(*self.catalog.mentions_split(asking, short=True))
                 if entry.kind == "service"]
        return bool(named) and all(not e.covered for e in named) and len(asking) < len(question.strip())

    @staticmethod
    def after_scene(question: str) -> str | None:
        """The part of `question` after a scene ending in a connective ("온프렘에서 S3로 ... 전송하는데 ...", "EBS
        volumes for our EC2-backed ECS cluster - is EBS encryption enough?"), or None without one."""
        parts = [p for p in _SCENE_END.split(last_phrase(question)) if p.strip()]
        return parts[-1] if len(parts) > 1 else None

    def analyze(self, question: str) -> Analysis:
        lang = detect_lang(question)
        question, respelled = self.words.respell(question)  # "encrpyt": read as encrypt, and said so
        mentions = self.catalog.mentions_split(question, short=True)
        if len(mentions[0]) == 1 and not mentions[1] and self.catalog.lone_name(question) == mentions[0][0][1:] \
                and mentions[0][0] in self.catalog.short_mentions(question) \
                and self.topics_of(question, question=True):  # a question that is one short name names the service
            # (kb/catalog.py `short_mentions`), unless the word asks a topic ("+ backup?" after RDS asks of RDS's
            # backups; "+ pinpoint?" of Amazon Pinpoint; "what about CloudWatch Events?" names it by its own name)
            mentions = ([], [])
        key = norm(question)
        terms = self._topic_terms[1]  # an alias that is itself a topic term asks about that topic ("SSE-S3" names S3
        # and asks at rest); the service's own name does not ("KMS", "CloudTrail"), nor does a service that is what the
        # topic is about for every service

        def asks_topic(entry: Section, start: int, end: int) -> bool:
            text = key[start:end]
            topic = terms.get(text)
            return bool(topic) and entry.id not in self.topic(topic).pointers and not own_name(entry, text)

        asked = unnamed(key, [m for m in mentions[0] + mentions[1] if m[0].kind == "service" and not asks_topic(*m)],
                         self._topic_terms[0])
        premise = self._premise.get(lang)
        told = without_premises(asked, premise)  # "S3 儲存 PHI 時，傳輸加密和物件命名有什麼規定？" asks about transit
        # and names: a topic only its scene names ("儲存": at rest) is asked when nothing else is
        unset = without_premises(fold_chinese(question), premise)  # (the question without its scene; the patterns
        # are script-folded: "S3 儲存 PHI 時" is a scene as "时" is)
        scene_free = question
        if told != asked and (self.topics_of(told, plain=False) or any(
                self.names_a_way(told, t.id) for t in self.topics)):  # (by their own terms: "...時，需要加密嗎？" keeps
            # the scene's "傳輸", plain "加密" saying no more than that)
            asked, scene_free = told, unset
        result = Analysis(lang=lang, topics=self.topics_of(asked, question=True), ask=self.ask_of(question, lang),
                          respelled=respelled)
        told_topics = self.topics_of(told, question=True) if told != asked and ELIGIBILITY in result.topics else []
        if told_topics and ELIGIBILITY not in told_topics:  # "Before we sign the BAA, do we need to turn on encryption
            result.topics.remove(ELIGIBILITY)  # for EBS?": the BAA is the scene, encryption what is asked
        explicit = self.topics_of(asked, plain=False)
        result.implied = [t for t in result.topics if t not in explicit]
        result.encrypt_clause = bool(result.implied and explicit) and self.encrypt_clause(asked)
        result.topics += [t.id for t in self.topics
                          if t.id not in result.topics and self.names_a_way(scene_free, t.id)]
        # ("EBS 一定要用客戶受管金鑰嗎？" names a way of encrypting at rest: it asks about encryption at rest)
        named = {m[0].id for m in mentions[0] + mentions[1]}
        placed = [t for t in result.implied if named & set(self.topic(t).pointers)]
        if len(placed) == 1 and len(result.implied) > 1:  # a service that speaks of one of them for every service
            # says which plain "encrypt" means ("KMS 암호화 없이": at rest)
            result.topics = [t for t in result.topics if t not in result.implied or t in placed]
            result.implied = placed
        folded = fold_chinese(question)
        for flag, patterns in self._flags.items():  # ("responsibility", "without", ...: the Analysis field of its name)
            setattr(result, flag, (matches_mixed if flag == "part" else matches)(patterns, lang, folded))
        if result.every and result.negated:  # the negation names the services ("services that are not HIPAA
            # eligible", "BAA 대상 서비스 아닌거에", "不在 BAA 範圍的服務"), not the question: read without them
            result.negated = matches(self._flags["negated"], lang, self.pattern("every", lang).sub(" ", folded))
        if result.required:  # "Is the KMS key required or optional?", "靜態加密是必須的還是選配？": must we?
            # (a yes says "Required."), not a choice between two ways of doing it
            result.ask, result.choice = NECESSITY, False
            required = self.pattern("required", lang)
            result.ask_words = [m.group(0) for m in required.finditer(folded)]
            if result.negated:  # the negation offers the other answer ("꼭 써야 하나요, 아니면 안 써도
                # 되나요?", "or can we not?"): it does not negate the question; read without it
                result.negated = matches(self._flags["negated"], lang, required.sub(" ", folded))
        if not result.whole and not result.topics and result.ask is None and (mentions[0] or mentions[1]) \
                and matches(self._bare, lang, asked):  # nothing asked of the services named but PHI or their setup
            result.whole = True  # ("Redshift PHI", "DynamoDB setup for PHI"): what they need as a whole, not the one
            # record that happens to say "PHI"
        pointing = self.pattern("refers_back", lang).search(key) if result.refers_back else None
        if pointing is not None and _THERE.search(pointing.group(0)) and any(
                m[2] <= pointing.start() for m in mentions[0] + mentions[1] if m[0].kind == "service"):
            result.refers_back = False  # "there" or "it" after a service the question names points at it ("앞단에 API
            # Gateway 붙이면 거기서는 뭘 조심해야 돼요?"), not at the conversation's (as "its" does: "how should we set
            # up the VPC for its jobs?" after Comprehend questions)
        if result.whole and result.topics and (result.each or self._story(question, lang, sentence=True)) \
                and not self._topics_listed(question):
            # "病歷掃描檔上傳到 S3,用 Textract 擷取文字,..., 每個服務分別要設定什麼?", "design review: ..., S3 for
            # patient uploads, .... what do we need for HIPAA?": what each service needs as a whole; a topic only the
            # story names ("上傳", "uploads": in transit) is not asked (a story of sentences of its own: "ALB TLS
            # termination + access logging, what do the docs say?" asks both)
            # (and "..., What encryption do we configure on each?" asks both kinds, whatever "upload" reads)
            asking = last_phrase(question)
            named = set(self.topics_of(asking, question=True, plain=False))
            result.topics = self.topics_of(asking, question=True)
            result.implied = [t for t in result.topics if t not in named]
        first, _, other = (re.split(r"(\bor\b|아니면|還是|还是)", folded, maxsplit=1, flags=re.I) + ["", ""])[:3] \
            if result.default and result.choice else (folded, "", "")
        if other and matches(self._flags["default"], lang, first) and not result.party and not result.provider and (
                matches(self._flags["responsibility"], lang, other) or matches(self._flags["asker"], lang, other)):
            # "Is it on by default, or do I have to pick a KMS key myself?", "預設就有加密嗎？還是要自己綁 KMS key？",
            # "기본으로 암호화되나요 아니면 우리가 KMS 키를 골라야 하나요?": the other choice is doing it oneself; it
            # asks whether the service does it by default, not who does it (a yes or no says which); not "Do we have
            # to encrypt the Firehose stream itself or is S3 default encryption enough?" (the default is the other)
            result.responsibility, result.choice, result.ask, result.default_choice = False, False, YES_NO, True
        result.party = result.responsibility and (result.party or result.choice)
        if result.part or result.names:
            result.parted = self._parted(question, lang)
        result.uses_phi = self._uses_phi_in(folded, lang)
        result.open = matches(self._open, lang, fold_chinese(question.strip()))
        result.eligible_clause = self._eligible_clause(question, lang)
        key = norm(question)
        cloud_hits = list(self._clouds[0].finditer(key))
        result.clouds = sorted({self._clouds[1][m.group(0)] for m in cloud_hits})
        result.cloud_eligibility = bool(cloud_hits) and any(  # (one clause naming both: "Azure 的 Virtual Desktop
            self._clouds[0].search(norm(c)) and ELIGIBILITY in self.topics_of(c, question=True)  # 也有簽 BAA 嗎？"),
            and not any(m[0].kind == "service" for m in self.catalog.mentions(c))  # naming no AWS service there
            for clause in split(self.without_scene(question, lang)) for c in re.split(r"(?<=[.!。！;；])\s*", clause))
        # (not a scene: "Azure에서 AWS로 옮겼는데, S3 HIPAA 적격인가요?")
        result.legal = sorted({self._legal[1][m.group(0)] for m in self._legal[0].finditer(key)})
        if result.legal:  # every clause naming a topic names a legal matter too (a scene-setting one aside: "簽署 BAA
            # 之前，我們的律師需要審查哪些條款？"); or a clause names a section or a topic and no legal matter
            clauses = [(c, self.names_legal(c), bool(self.topics_of(c, question=True)))
                       for clause in split(unset) for c in _ITEMS.split(clause) if c.strip()]  # (an item of its own
            # too: "what does the guidance say about breach notification / incident response")
            result.legal_only = all(legal for _, legal, topical in clauses if topical)
            result.beside_law = any(not legal and (topical or any(self.catalog.mentions_split(c)))
                                    and not _EVENT.match(c) for c, legal, topical in clauses)
            # (not the event the legal matter follows: "發生病患資料外洩，法規規定要在幾天內通知病人？" asks only the
            # deadline; trial 68g)
        seen: set[str] = set()
        own, family = mentions
        starts = [start for entry, start, _ in own + family if entry.kind == "service"]
        last = last_phrase(question)
        result.scene = last.strip() != question.strip() and not any(self.catalog.mentions_split(last))
        told = self.after_scene(question) if starts else None  # (a scene ending in a connective too: "우리 EMR DB가
        # RDS MySQL인데 자동백업 켜면 스냅샷도 암호화 되는거 맞나요?" asks what RDS does; trial 67g had no verdict)
        result.asker_first = bool(starts) and matches(self._flags["asker"], lang, key[:min(starts)]) and not (
            result.scene and not matches(self._flags["asker"], lang, norm(last))) and not (
            told is not None and not any(self.catalog.mentions_split(told))
            and not matches(self._flags["asker"], lang, norm(told)))  # (the asker sets a scene the phrase asking
        # leaves: "我們要用 DataSync 把舊 PACS 的影像搬到 S3，傳輸過程預設有加密嗎？" asks what DataSync does; trial 64h
        # had no verdict)
        merged = merge_mentions(own, family)
        result.replaced = [entry.id for entry, start, end in merged if self._replaced(key, start, end, lang)]
        clouds_end = {m.end() for m in cloud_hits}
        latin = {entry.id for entry, start, end in merged if re.search(r"[a-z0-9]", key[start:end])
                 and set(tokenize(key[start:end])) & self.name_words(entry)}
        # (a word of the service's own name: "S3"; not a common noun one of its aliases is, typed in Latin letters
        # beside another cloud's product: "GCP Cloud Storage 的 bucket lock" was answered with S3's ACL advice, trial
        # 61o WRONG)
        outside = self._outside[0].search(key) is not None
        by_name = set()  # sections named by a name or alias, not only by a subject they speak of
        for entry, start, end in merged:
            if key[start:end] not in entry.subject_keys:
                by_name.add(entry.id)
            # "Oracle" inside "Oracle Cloud" names the cloud, not RDS for Oracle; a name right after a cloud's is that
            # cloud's product ("Azure Kubernetes Service", "애저 쿠버네티스"), not the AWS service of that name; and
            # beside a cloud, a common noun an alias translates ("Google Cloud Storage 버킷": 버킷, a bucket) names
            # that cloud's thing unless the service is also named by its own Latin name ("GCP 버킷이랑 S3 버킷")
            if entry.id in seen or any(m.start() < end and start < m.end() for m in cloud_hits) \
                    or any(key[e:start].strip() in _OF_CLOUD for e in clouds_end if e <= start) \
                    or (cloud_hits and entry.id not in latin):
                continue
            if (outside or _on_ec2(key, start, end)) and key[start:end] in entry.engine_keys \
                    and not any(f.id == entry.id for f, _, _ in family):  # "Kubernetes ... on-prem cluster": the
                if entry not in result.elsewhere:  # software, run outside AWS, not the AWS service running it (EKS);
                    result.elsewhere.append(entry)  # "on-prem Postgres ... to RDS" names RDS for PostgreSQL; so is
                    # software run on EC2 ("we run postgres on EC2 with PHI on EBS": EC2 and EBS, not RDS)
                continue
            seen.add(entry.id)
            if entry.kind == "service" and not result.services and not result.uncovered:
                result.subject_uncovered = not entry.covered
            (result.services if entry.covered else result.uncovered).append(entry)
        if result.uncovered and not result.subject_uncovered and self._asks_uncovered(question, lang):
            result.subject_uncovered = True  # "온프렘에서 S3로 ... 전송하는데 Direct Connect랑 VPN 중 뭘 써야
            # 하나요?": the part that asks names only services with no section, S3 is the scene (trial 60b WRONG: "use
            # HTTPS to S3")
        if result.elsewhere:  # "地端 Kubernetes 叢集要怎麼做網路隔離？": that cluster's isolation, not Amazon VPC's
            result.services = [s for s in result.services if s.id in by_name]
        result.by_subject = [s.id for s in result.services if s.id not in by_name]
        within = {self.catalog.top(sid).id for sid in result.by_subject} - set(result.by_subject)
        if within:  # a service named beside a subject one of its own subsections speaks of is asked of that
            # subsection ("Comprehend 입력용 S3 버킷의 KMS 키를 취소하면?": its data deletion, not its VPC records)
            result.services = [s for s in result.services if s.id not in within]
        if not (result.services or result.uncovered or result.clouds or result.elsewhere):  # "Dyanmo DB": DynamoDB
            result.misspelled = self.spelling.guess(question)
            result.services = [entry for _, entry in result.misspelled if entry.covered]
            result.uncovered = [entry for _, entry in result.misspelled if not entry.covered]  # ("Congito": Amazon
            # Cognito, which the whitepaper lacks)
            result.subject_uncovered = bool(result.misspelled) and not result.misspelled[0][1].covered
        elif result.services:  # "Redhsift랑 EMR": one service spelled right does not lose the other (a guess
            # sharing a word with a name found is part of it: "Managed Service for Apache Flink", "AWS Step Functions")
            named_words = {w for _, start, end in own + family for w in key[start:end].split()} - {"amazon", "aws"}
            guesses = [(w, e) for w, e in self.spelling.guess(question) if e not in result.services and e.covered]
            # (beside a name spelled right, a slip is read only as a service the documents cover: "Oracle Cloud
            # Infrastructure ... BAA" names no AWS Cloud9)
            result.misspelled = [(w, e) for w, e in guesses if not set(norm(w).split()) & named_words]
            for w, e in guesses:  # ... unless it is a longer name holding the one found, misspelled past it
                # ("Comprehend Medcial": Amazon Comprehend Medical, not Amazon Comprehend)
                written = norm(w)
                at = key.find(written)
                inside = [m for m in own if 0 <= at <= m[1] and m[2] <= at + len(written)
                          and m[2] - m[1] < len(written)]
                if inside and (w, e) not in result.misspelled:
                    result.misspelled.append((w, e))
                    result.services = [s for s in result.services if s.id not in {m[0].id for m in inside}]
            result.services += [entry for _, entry in result.misspelled]
        termed = {entry.id for entry, start, end in merged if asks_topic(entry, start, end)} - {
            entry.id for entry, start, end in merged if not asks_topic(entry, start, end)}
        if termed and any(s.id not in termed and s.kind == "service" for s in result.services):
            result.services = [s for s in result.services if s.id not in termed]  # a service named only by a topic
            # term that is its alias, beside another service, is how that one does it ("CloudTrail 기본 암호화는
            # SSE-S3야 KMS야?": CloudTrail's trails, not S3's own rules on names; trial 63a WRONG)
        # A section named by its own name comes before the members of a family named as a whole: "Kinesis
        # into Redshift" must not lose Redshift to the third Kinesis service when answers show three sections.
        named = {entry.id for entry, _, _ in own}
        # ... and one named by its full name before one read from a short name that is also an ordinary word
        # ("Which Glue connection option should DataBrew use?" is about DataBrew)
        short = set()
        if len(own) > 1 and lang == "en":  # in Korean or Chinese text a short name reads as a name ("Glue 做 ETL")
            full = {entry.id for entry, _, _ in self.catalog.mentions_split(question)[0]}
            short = {entry.id for entry, _, _ in self.catalog.short_mentions(question)} - full
        # ... and one named only inside a topic term or a way ("SSE-KMS for S3", "RDS 一定要用客戶受管的 KMS 金鑰嗎？":
        # KMS is how the service encrypts, the service is the subject)
        pattern, table = self._topic_terms
        runs = [m.span() for m in pattern.finditer(key) if table[m.group(0)]] + [
            m.span() for ways in self._ways.values() for m in ways.finditer(key)]

        def within(entry: Section, start: int, end: int) -> bool:
            return any(s <= start and end <= e and (e - s > end - start or (
                entry.kind == "service" and not own_name(entry, key[start:end]))) for s, e in runs)

        inside = {entry.id for entry, _, _ in own + family} - {
            entry.id for entry, start, end in own + family if not within(entry, start, end)}
        # (or is the term itself, a service's alias: "SSE-KMS" names KMS as a way; not a general chapter's, "audit
        # logs")
        ways = set(inside)  # (named only inside a way's name: "SSE-KMS")
        # ... and one that speaks of a topic asked for every service, asked which thing to use beside another service
        # ("which kms key should we use to encrypt ECR images?": ECR's key, KMS is where keys come from)
        means = self.pointers(t for t in result.topics if t in (AT_REST, IN_TRANSIT)) \
            if result.which else set()  # (of encryption: "which tables" on RDS asks no means of audit logging)
        # ... and one named right beside an encryption word as what it is done with ("KMS encryption on our CloudTrail
        # trails", "encrypted with KMS", "KMS 키로 암호화", "用 KMS 加密": CloudTrail is the subject)
        places = self.pointers((AT_REST, IN_TRANSIT))
        beside = {entry.id for entry, start, end in own if entry.id in places and _beside_a_way(key, start, end, runs)}
        # (or offered beside a way of doing it: "CloudTrail 預設用 SSE-S3 還是 KMS？", KMS one of CloudTrail's two
        # ways)
        means |= beside | {entry.id for entry, start, end in own
                           if entry.id in places and _encrypts_with(key, start, end)}
        ways |= beside - {entry.id for entry, start, end in own + family  # (every time it is named: not "KMS key
                          # 要用 customer managed key 還是 AWS managed key?", KMS's keys asked by their own name too)
                          if not (within(entry, start, end) or _beside_a_way(key, start, end, runs))}
        # ... and one named only as the other answer of "is it required?" ("Do RDS connections need TLS, or is the VPC
        # private enough?", "아니면 VPC 안이면 안 써도 되나요?"): offered instead of the measure, not asked about
        offered = set()
        if result.required:
            spans = []
            for m in self.pattern("required", lang).finditer(key):
                enough = _ENOUGH.search(m.group(0))  # ("is the VPC enough or do we need TLS too?")
                alternative = _ALTERNATIVE.search(m.group(0))
                spans += [(m.start() + enough.start(), m.start() + enough.end())] if enough is not None else []
                spans += [(m.start() + alternative.start(), m.end())] if alternative is not None and (
                    enough is None or enough.start() > alternative.start()) else []
            offered = {entry.id for entry, _, _ in own + family} - {
                entry.id for entry, start, end in own + family if not any(s <= start and end <= e for s, e in spans)}
        ways |= offered
        # ... and, after a scene naming others, one the asking phrase names ("We're migrating an on-prem Oracle DB into
        # RDS using DMS. What do we need to set up on the DMS side?": DMS first, RDS for Oracle after it; `last`, the
        # asking phrase read above)
        telling = len(result.services) > 1 and self._story(question, lang)  # (one question after a scene that asks
        # nothing: not "Is Redshift Spectrum covered by the BAA, and how must connections to S3 be protected?")
        asking = {entry.id for entry, _, _ in merge_mentions(*self.catalog.mentions_split(last, short=True))
                  if entry.kind == "service"} if telling else set()
        asking = asking & {s.id for s in result.services} if asking and any(
            s.kind == "service" and s.id not in asking for s in result.services) else set()
        result.means = [s.id for s in result.services if s.id in inside or s.id in means]
        result.ways = [s.id for s in result.services if s.id in ways]
        result.services.sort(key=lambda s: (s.id in inside or s.id in means or s.id in offered,
                                            bool(asking) and s.kind == "service" and s.id not in asking,
                                            s.id not in named, s.id in short))
        by_name = {entry.id for entry, start, end in own + family if own_name(entry, key[start:end])
                   or _names_open_with(entry, key[start:end])}
        result.topical = [entry.id for entry, start, end in own + family  # not by its own name ("BAA"), nor by the
                          if entry.kind == "general" and self.terms_in(key[start:end])  # word its names open with,
                          and entry.id not in by_name]  # anywhere in the question ("IAM 권한은 어떻게
        # 관리하나요? 최소권한 원칙?" names "IAM users, groups, roles and policies", not only the access topic whose
        # chapters answer in turn: trials 66c, 66e WRONG, the root account's chapter)
        if result.open and result.ask is not None and not self._asks_of_the_same(question, lang, result):
            result.ask = None
        if _LOGS.search(question):  # logs sent to a service with a logs service of its own go to that one ("lambda
            # logs go to cloudwatch, PHI in logs a problem?": CloudWatch Logs, not CloudWatch's "no PHI itself")
            named = {s.id for s in result.services}  # (not named beside it: "CloudWatch 和 CloudWatch Logs 可以
            # 儲存 PHI 嗎？" asks of both)
            result.services = [logs if (logs := self.catalog.get(f"{s.id}-logs")) is not None
                               and logs.id not in named else s for s in result.services]
        return result

    def _asks_of_the_same(self, question: str, lang: str, result: Analysis) -> bool:
        """Does the sentence of an open question that asks yes or no (AskReader.ask_of) ask it of what the whole
        question asks: of no service or topic of its own ("How do we set up encryption for SQS? Is it required?"),
        or of the same topics ("根帳號要怎麼保護？MFA 一定要開嗎？")? Not "dedicated instance 꼭 써야 하나요?
        EBS 암호화는 어떻게?": a yes by the rule for EBS encryption would read as one on dedicated instances;
        nor "S3 和 EBS 的加密方式有什麼不同？兩個都要用 KMS 嗎？"."""
        sentence = self.asking_sentence(question, lang)
        if sentence is None:
            return False
        own = self.analyze(sentence)
        if not own.services and not own.topics:
            return True
        return bool(own.topics) and (set(own.topics) == set(result.topics) or own.topics == [ELIGIBILITY]) \
            and {s.id for s in own.services} <= {s.id for s in result.services}  # (whether the service may hold PHI
        # is asked of it as a whole: "Is AWS Glue HIPAA eligible and how do we encrypt the glue data catalog")


_WITH_AFTER = re.compile(r"\s*(?:(?:master |customer managed |cmk |)keys? |키로 |키를 |키 |金鑰|로 |으로 |를 |)"
                         r"(?:encrypt|암호화|加密)"
                         r"|\s*(?:키로|키|로|으로)\s?(?:바꾸|바꿀|바꿔|변경|전환|관리)"  # (switched to, managed with:
                         r"|\s*(?:cmk |customer managed |)keys?\s+(?:instead|for|to encrypt)\b"
                         r"|\s*(?:키를|키로|를|로)\s?(?:\S+\s){0,2}?(?:써|쓰|사용|선택|골|고르)")
# (the key used for it: "our own KMS key for EBS encryption", "우리가 만든 KMS 키를 써도"; "기본 암호화 말고 KMS 키로
# 바꿀 수 있어?" of CloudTrail, trial 62c WRONG; "+ 기본 암호화 말고 KMS 키로 관리하고
# 싶으면?", trial 63m WRONG; "use a KMS key instead")
_WITH_BEFORE = re.compile(r"(?:encrypt\w*|암호화\w*)\s+(?:[\w-]+\s+){0,4}?(?:with|using|via|through|by)\s+"
                          r"(?:an? |the |our |)$"  # (the thing encrypted between: "encrypt CloudTrail logs with KMS")
                          r"|(?:用|以|使用|透過|通過)\s*$"
                          r"|\b(?:switch|chang|mov)\w*\s+(?:it\s+|them\s+)?to\s+(?:an? |the |our |)$"
                          r"|\b(?:choose|pick|select|bring)\s+(?:our own |our |your own |your |my own |a |an |the "
                          r"|which |)$|(?:选择?|挑|指定)\s*(?:自己的\s*)?$")
# (or chosen: "EBS 加密可以自己選 KMS key 嗎？")


_ITEMS = re.compile(r"\s+/\s+|\s+and\s+|\s*(?:및|、|以及)\s*")  # the items a clause joins (for legal matters)
_LOGS = re.compile(r"\blogs?\b|\blogging\b|로그|日誌|日志|記錄檔|记录档", re.I)


def _encrypts_with(key: str, start: int, end: int) -> bool:
    """Is the name at key[start:end] (norm()ed question) what something is encrypted with: followed by an encryption
    word ("KMS encryption", "KMS 키로 암호화", "KMS 加密") or after "encrypt... with" ("encrypted with a KMS",
    "用 KMS")?"""
    return bool(_WITH_AFTER.match(key, end) or _WITH_BEFORE.search(key[max(0, start - 60):start]))




_ENOUGH = re.compile(r"\bis\s+[^?]{0,40}?\benough\b")  # ... or what it says is enough instead
_ALTERNATIVE = re.compile(r"\bor\b|아니면|혹은|还是|或是|或者")  # where "is it required?" offers the other answer
_OR = re.compile(r"\s*(?:or|vs\.?|versus|還是|还是|或是|或|아니면|야|이야|랑|/)?\s*")  # what joins two ways offered


def _beside_a_way(key: str, start: int, end: int, runs: list[tuple[int, int]]) -> bool:
    """Is the name at key[start:end] (norm()ed question) offered as the other of two ways, right after or before one of
    `runs` (spans of topic terms and ways) with only "or" between ("SSE-S3 or KMS", "SSE-S3야 KMS야", "KMS 還是
    SSE-S3")?"""
    return any((e <= start and _OR.fullmatch(key[e:start])) or (end <= s and _OR.fullmatch(key[end:s]))
               for s, e in runs if not (s <= start and end <= e))


def unnamed(key: str, mentions: list[tuple[Section, int, int]], terms: TermPattern | None = None) -> str:
    """`key` (a norm()ed question) with the services it names blanked out: a topic term inside a service's
    name ("AWS Backup", "Elastic Disaster Recovery", "CloudWatch Logs") does not ask about that topic. A term
    of `terms` that starts inside a name and runs on past it is kept whole ("SQS 队列名": the alias "SQS 队列"
    and the term "队列名", a queue name)."""
    chars = list(key)
    runs = [(m.start(), m.end()) for m in terms.finditer(key)] if terms is not None else []
    for _, start, end in mentions:
        cut = min((s for s, e in runs if start < s < end < e), default=end)
        chars[start:cut] = " " * (cut - start)
    return "".join(chars)


# a clause telling of an event that happened or may, asking nothing of it ("發生病患資料外洩", "if we have a breach")
_EVENT = re.compile(r"\s*(?:(?:如果|若|假如|萬一|要是|当|當)\s*)?(?:不幸)?(?:發生|发生)(?!.*[?？嗎吗])"
                    r"|\s*(?:if|when|once)\s+(?:there(?:'s| is| was)|we(?:'ve| have| had| get)|a)\s+(?:a\s+)?"
                    r"(?:data\s+|phi\s+)?breach\w*\s*$", re.I)


def _names_open_with(entry: Section, text: str) -> bool:
    """Is `text` (norm()ed) one word that every name of the section opens with ("IAM" of "IAM users, groups, roles and
    policies", "IAM 사용자, 그룹, ...", "IAM 使用者、..."; not "IAM users", the users a question may ask something of:
    "Do we need MFA for IAM users who admin our workspaces?")?"""
    return bool(text) and " " not in text and all(re.match(rf"{re.escape(text)}(?![\w-])", norm(n))
                                                  for n in entry.names.values())


def own_name(entry: Section, text: str) -> bool:
    """Is `text` (norm()ed) the section's id or one of its names, not one of its aliases ("KMS", "BAA", not
    "SSE-S3")?"""
    return text == entry.id.replace("-", " ") or text in {norm(n) for n in entry.names.values()}


_THERE = re.compile(r"거기|그쪽|\bthere\b|那裡|那邊|那里|那边"  # a place pointed at (not "its", "它的")
                    r"|\b(?:does|can|will) it\b|它(?!的)|그거|그것", re.I)  # ... or the thing that does something:
# "what about Comprehend Medical for clinical notes, does it store our data?" asks it of Comprehend Medical, not of the
# conversation's SageMaker (trial 62d WRONG)






_OF_CLOUD = ("", "'s", "의", "的")  # what may stand between a cloud's name and its product's
# where the scene of a question ends and the part that asks begins, beside what ends a phrase (kb/clauses.py): a
# Korean connective ("...전송하는데 Direct Connect랑 VPN 중 뭘 써야 하나요?") or a spaced dash ("... to S3 - Direct
# Connect or VPN?")
_YES_NO_END = re.compile(r"[嗎吗]\s*[?？]?\s*$")  # a Chinese clause ending in 嗎 asks yes or no, a "what" in it or not
_SCENE_END = re.compile(r"(?<=[는은인]데)\s|\s[-–—]\s")




# software placed on EC2 instances ("postgres on EC2", "EC2에 직접 설치한 PostgreSQL", "在 EC2 上自建 MySQL"): norm()ed
_ON_EC2_AFTER = re.compile(r"^\s*(?:(?:running|installed|hosted|deployed|self-managed)\s+)?(?:on|in)\s+"
                           r"(?:an?\s+|our\s+|the\s+)?(?:amazon\s+)?ec2\b"
                           # ("我們 SQL Server 跑在 EC2 上", "SQL Server를 EC2에서 돌리는데"; trial 63h WRONG:
                           # RDS for SQL Server's encryption)
                           r"|^\s*(?:是\s*)?(?:跑在|裝在|装在|架在|部署在|安裝在|安装在|運行在|运行在|執行在|放在)\s*(?:我們的\s*)?ec2"
                           r"|^\s*(?:을|를|은|는|이|가)?\s*(?:amazon\s+)?ec2\s*(?:에서|위에서|위에|에)\s*(?:직접\s*)?"
                           r"(?:돌리|돌려|운영|실행|구동|설치|올려|올린|띄워|띄운|돌아가)")
_ON_EC2_BEFORE = re.compile(r"ec2\s*(?:instances?\s*)?(?:에|위에|上|裡|里|中)\s*(?:직접\s*)?"
                            r"(?:설치한|설치된|올린|띄운|구축한|운영하는|돌리는|自建|自架|架設|架设|安裝|安装|跑的|跑)?"
                            r"\s*(?:的\s*)?$")


def _on_ec2(key: str, start: int, end: int) -> bool:
    """Is the mention `key[start:end]` software placed on EC2 instances (a database engine run by the customer, not
    the AWS service of that engine)?"""
    return bool(_ON_EC2_AFTER.search(key[end:end + 40]) or _ON_EC2_BEFORE.search(key[max(0, start - 30):start]))
