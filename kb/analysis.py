"""Question analysis: language, the catalog sections named (covered or not), other clouds, legal
matters, the topics asked and how the question asks (a yes/no question wants a verdict first)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kb.catalog import Catalog, Section, merge_mentions, norm
from kb.clauses import last_phrase, split, without_premises
from kb.config import Settings
from kb.datafile import load_data, read
from kb.lang import detect_lang, fold_chinese
from kb.spelling import Spelling, WordSpelling, inflected

PERMISSION, NECESSITY, YES_NO = "permission", "necessity", "yes-no"
ELIGIBILITY = "eligibility"  # the topic of whether a service may hold PHI at all (data/topics.yaml)
AT_REST = "encryption-at-rest"  # the topic a "must we encrypt X?" asks about (data/topics.yaml)
IN_TRANSIT = "encryption-in-transit"
_PATTERNS = {"type": "object", "required": ["en"], "additionalProperties": {"type": "string", "format": "regex"}}
_TERMS = {"type": "array", "items": {"type": "string", "minLength": 1}}
TOPICS_SCHEMA = {
    "type": "object", "required": ["topics"], "additionalProperties": False,
    "properties": {
        "encryption_terms": _TERMS,
        "not_terms": _TERMS,
        "topics": {"type": "array", "items": {
            "type": "object", "required": ["id", "labels"], "additionalProperties": False,
            "properties": {"id": {"type": "string"}, "terms": _TERMS, "pointers": _TERMS, "ways": _TERMS,
                           "naming": _TERMS, "absorbs": _TERMS,
                           "rule": {"type": "string", "minLength": 1}, "listing": {"type": "string", "minLength": 1},
                           "subject": {"type": "object", "required": ["en", "ko", "zh"],
                                       "additionalProperties": {"type": "string"}},
                           "labels": {"type": "object", "required": ["en", "ko", "zh"],
                                      "additionalProperties": {"type": "string"}}}}},
    },
}
SCOPE_SCHEMA = {
    "type": "object", "required": ["clouds", "legal"], "additionalProperties": False,
    "properties": {**{key: {"type": "array", "items": {
        "type": "object", "required": ["id", "terms"], "additionalProperties": False,
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "terms": _TERMS}}}
        for key in ("clouds", "legal")}, "outside": _TERMS},
}
_ASK_KEYS = ("permission", "necessity", "yes_no", "responsibility", "eligibility", "part", "without", "open",
             "carries", "whole", "choice", "unsigned", "compliant", "refers_back", "adds", "negated", "asker",
             "stores", "names", "default", "supports", "every", "existing", "which", "each", "both", "provider",
             "premise", "party", "replaced", "general", "keeps")
# the asks.yaml keys read as a flag of the same name on Analysis, matched against the script-folded question
_FLAGS = ("responsibility", "without", "carries", "unsigned", "compliant", "refers_back", "adds", "negated", "stores",
          "default", "supports", "every", "existing", "part", "names", "whole", "choice", "which", "each", "both",
          "provider", "asker", "party", "general", "keeps")
ASKS_SCHEMA = {"type": "object", "required": list(_ASK_KEYS), "additionalProperties": False,
               "properties": {k: _PATTERNS for k in _ASK_KEYS}}


@dataclass(frozen=True)
class Topic:
    id: str
    labels: dict[str, str]
    terms: tuple[str, ...]
    pointers: tuple[str, ...] = ()  # catalog sections that speak of this topic for every service
    # the requirement record that states the topic's obligation for every HIPAA eligible service, which
    # decides a "must we?" about a service whose own section is silent on the topic (None: no such rule)
    rule: str | None = None
    # what a sentence saying the topic is not covered calls it, when the heading reads as a rule ("No PHI in
    # names, tags or metadata" -> "no guidance on PHI in names, tags or metadata"); None: the heading
    subjects: dict[str, str] | None = None
    # the record saying the whitepaper's service sections cover the HIPAA eligible services (eligibility only), cited
    # where an answer says a service has its own section
    listing: str | None = None
    # terms naming one way of meeting the topic's rule (a kind of encryption or key: "SSE-KMS", "client-side
    # encryption", "customer managed key"), norm()ed: "Must we use X?" about a section whose records only offer ways
    # is "Not as such" (kb/verdict.py)
    ways: tuple[str, ...] = ()
    # catalog sections that speak of the topic only for the services they name (the shared responsibility chapter:
    # "for container services such as Amazon RDS, AWS manages the operating system"): pointed to for those only
    naming: tuple[str, ...] = ()
    # terms of other topics that name what this topic is about when it is asked, norm()ed ("failed disks" in a
    # disposal question are what is disposed of, not a question about encryption at rest): a topic found only by them
    # is not asked beside this one
    absorbs: frozenset[str] = frozenset()

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]

    def subject(self, lang: str) -> str:
        """The topic as the object of "no guidance on ..." in `lang`."""
        table = self.subjects or self.labels
        return table.get(lang) or table["en"]


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
    kept: list[str] = field(default_factory=list)  # ... the conversation's sections it keeps (kb/chain.py), never
    # sections named in passing
    topical: list[str] = field(default_factory=list)  # general chapters named by a topic term ("audit logs")
    misspelled: list[tuple[str, Section]] = field(default_factory=list)  # ("Dyanmo DB", DynamoDB) read so
    respelled: list[tuple[str, str]] = field(default_factory=list)  # ("encrpyt", "encrypt"): a topic word read so
    follow_up: bool = False  # asks about the conversation's services (named by none of its own words)
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

    @property
    def subject(self) -> Section | None:
        """The service the question is about: its first-named section, when that is a service (not a general
        chapter)."""
        return self.services[0] if self.services and self.services[0].kind == "service" else None

    @property
    def obliged(self) -> bool:
        """Does an obligation decide the answer: a "must we?", or a "may we?" asking to leave a measure out ("... send
        plain http to the targets?": encrypt both listeners)?"""
        return self.ask == NECESSITY or (self.ask == PERMISSION and self.without)

    @property
    def plain_encrypt(self) -> bool:
        """Are all the topics asked read from a plain "encrypt" (neither at rest nor in transit said)?"""
        return bool(self.topics) and set(self.topics) <= set(self.implied)

    def refuse_outright(self) -> bool:
        """Out of scope before any retrieval: the question is about an uncovered AWS service, or
        names another cloud, or software run outside AWS, and no covered AWS service (general topics like the BAA do
        not count)."""
        if self.subject_uncovered or (self.uncovered and not self.services):
            return True
        return bool(self.clouds or self.elsewhere) and not any(s.kind != "general" for s in self.services)

    @property
    def eligibility(self) -> bool:
        """Does the question ask whether a service may hold PHI at all? ("Can we use Translate on
        clinical notes?", "Is Lex HIPAA eligible?")"""
        if ELIGIBILITY in self.topics:  # of a service: "Do we have to sign a BAA?" asks something else; "which
            # Redis version is HIPAA eligible?" asks for the version, not whether Redis may hold PHI
            # "Is S3 HIPAA eligible even if we don't enable encryption?" asks whether the measure may be left out
            return any(s.kind != "general" for s in self.services) and not self.open \
                and not (self.without and len(self.topics) > 1)
        # "Can I put PHI in S3 object names?" asks about a detail; "PHI 웹앱 앞에 WAF를 두면 암호화는 신경 안
        # 써도 되나요?" about encryption: a question with a topic is answered by that topic's records
        if self.without:  # "AUTH 토큰 없이 써도 되나요?" asks whether a measure may be left out
            return False
        if self.eligible_clause:
            return any(s.kind != "general" for s in self.services)
        if self.compliant and not self.topics and not self.open and self.ask in (PERMISSION, YES_NO):
            return any(s.kind != "general" for s in self.services)  # "Is Amazon SES HIPAA compliant?"
        return self.ask == PERMISSION and self.uses_phi and bool(self.services) and not self.topics


class Analyzer:
    """Reads a question with the catalog, the topic lexicon, the out-of-scope list and the ask patterns
    (all data files). Immutable after construction: shared across threads."""

    def __init__(self, catalog: Catalog, topics: list[Topic], clouds: dict[str, list[str]],
                 encryption_terms: tuple[str, ...] = (), legal: dict[str, list[str]] | None = None,
                 asks: dict[str, dict[str, str]] | None = None, not_terms: tuple[str, ...] = (),
                 outside: tuple[str, ...] = ()) -> None:
        self.catalog = catalog
        self.spelling = Spelling(catalog)
        self.words = WordSpelling([t for topic in topics for t in topic.terms] + list(encryption_terms))
        self.topics = topics
        self.places = frozenset(p for t in topics for p in t.pointers)  # every topic's pointers
        # per topic with `ways`: one pattern for them, longest first ("sse-kms" before "sse"), a Latin way as a whole
        # word, plural too ("sse" is no way inside "assessment"), matched against norm()ed text
        self._ways = {t.id: re.compile("|".join(
            rf"(?<![a-z0-9]){re.escape(w)}(?:e?s)?(?![a-z0-9])" if w.isascii() else re.escape(w)
            for w in sorted(t.ways, key=len, reverse=True))) for t in topics if t.ways}
        self.encryption_terms = encryption_terms
        self._clouds = _term_pattern({t: cid for cid, terms in clouds.items() for t in terms})
        # One pattern for every topic term, longest first: "server access logging" is logging, not access; a
        # phrase of `not_terms` ("replication group": an ElastiCache resource, not a copy) signals no topic.
        self._topic_terms = _term_pattern({**{t: topic.id for topic in topics for t in topic.terms},
                                           **{t: "" for t in not_terms}}, prefix=True)
        # (a legal phrase in any inflection: "notify hhs" is also "notifying HHS")
        self._legal = _term_pattern({f: lid for lid, terms in (legal or {}).items() for t in terms
                                     for f in inflected(norm(t))})
        self._outside = _term_pattern({t: "outside" for t in outside})  # places outside AWS ("on-prem")
        # Ask patterns are compiled from script-folded text and matched against the folded question
        # (fold_chinese changes only Han characters, never regex syntax): 可以嗎 also reads 可以吗.
        self._asks = [(kind, _compile((asks or {}).get(key, {}), re.I | re.M))
                      for kind, key in ((PERMISSION, "permission"), (NECESSITY, "necessity"), (YES_NO, "yes_no"))]
        self._uses_phi = _compile((asks or {}).get("eligibility", {}))
        self._open = _compile((asks or {}).get("open", {}))
        self._premise = _compile((asks or {}).get("premise", {}))
        self._replaced_by = _compile((asks or {}).get("replaced", {}))
        self._flags = {key: _compile((asks or {}).get(key, {})) for key in _FLAGS}
        self._part = self._flags["part"]

    @classmethod
    def load(cls, catalog: Catalog, settings: Settings) -> Analyzer:
        """Read topics.yaml, out_of_scope.yaml and asks.yaml (Settings.data_file; their schemas above, ids
        unique). Raises DataFileError naming the file, line and field."""
        doc = read(settings.data_file("topics.yaml"), TOPICS_SCHEMA)
        doc.unique(["topics"])
        raw = doc.data
        topics = [Topic(t["id"], t["labels"], tuple(norm(x) for x in t.get("terms") or ()),
                        tuple(t.get("pointers") or ()), t.get("rule"), t.get("subject"), t.get("listing"),
                        tuple(norm(x) for x in t.get("ways") or ()), tuple(t.get("naming") or ()),
                        frozenset(norm(x) for x in t.get("absorbs") or ()))
                  for t in raw["topics"]]
        encryption = tuple(norm(x) for x in raw.get("encryption_terms") or ())
        not_terms = tuple(norm(x) for x in raw.get("not_terms") or ())
        doc = read(settings.data_file("out_of_scope.yaml"), SCOPE_SCHEMA)
        doc.unique(["clouds"])
        doc.unique(["legal"])
        scope = doc.data
        clouds = {c.get("name") or c["id"]: list(c["terms"]) for c in scope["clouds"]}
        legal = {item["id"]: list(item["terms"]) for item in scope["legal"]}
        asks = load_data(settings.data_file("asks.yaml"), ASKS_SCHEMA)
        return cls(catalog, topics, clouds, encryption, legal, asks, not_terms, tuple(scope.get("outside") or ()))

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def topics_of(self, text: str, question: bool = False, plain: bool = True) -> list[str]:
        """Topic ids whose terms occur in `text`, most occurrences first.

        Plain "encryption" counts as both encryption topics in a question that asks about nothing
        else (the asker wants both; with another topic, "encrypted backups", it is at rest), and as
        encryption at rest in guidance text (transit guidance names TLS, HTTPS or transit). With `plain`
        False, only the topics the text names by their own terms ("저장 암호화", "in transit").
        """
        key = norm(text)
        pattern, table = self._topic_terms
        counts: dict[str, int] = {}
        matched: dict[str, set[str]] = {}
        for m in pattern.finditer(key):
            if table[m.group(0)]:  # not a phrase of not_terms
                counts[table[m.group(0)]] = counts.get(table[m.group(0)], 0) + 1
                matched.setdefault(table[m.group(0)], set()).add(m.group(0))
        for topic in self.topics:  # ("How does AWS dispose of failed disks?" asks of disposal, not of disks at rest)
            if topic.absorbs and topic.id in counts:
                for other in [t for t in counts if t != topic.id and matched[t] <= topic.absorbs]:
                    del counts[other]
        order = [t.id for t in self.topics]
        found = sorted(counts, key=lambda tid: (-counts[tid], order.index(tid)))
        encryption = {AT_REST, IN_TRANSIT}
        if plain and not encryption & set(found) and self.says_encrypt(key):
            both = question and (not found or not self._modifies(key) or self.encrypt_clause(text))
            found += ["encryption-at-rest", "encryption-in-transit"] if both else ["encryption-at-rest"]
        elif plain and question and found.count("encryption-in-transit") and "encryption-at-rest" not in found \
                and (self._listed_beside(key) or self.encrypt_clause(text)):
            found.append("encryption-at-rest")  # "輸入檔加密跟傳輸": encryption, and transit, asked side by side;
            # "What encryption settings does EFS need for PHI, and is TLS on by default?": encryption as such in a
            # clause of its own
        return found

    def encrypt_clause(self, text: str) -> bool:
        """Does a clause of `text` ask of encryption and of no topic ("암호화 설정 어케 해야 돼요? 스냅샷이랑 리드
        복제본도 암호화 되나요?": both kinds in the first, then the copies at rest)?"""
        pattern, table = self._topic_terms
        return any(self.says_encrypt(k) and not any(table[m.group(0)] for m in pattern.finditer(k))
                   for k in map(norm, split(text)))

    def says_encrypt(self, key: str) -> bool:
        """Does `key` (a norm()ed text) use a word for encryption in general (topics.yaml `encryption_terms`)?"""
        return any(term in key for term in self.encryption_terms)

    def _listed_beside(self, key: str) -> bool:
        """Is a plain encryption word of `key` outside every topic term and joined to one by a list word
        ("加密跟傳輸", "encryption and TLS"), not governing it ("encrypt data in transit")?"""
        return any(not inside and any(_LIST.search(gap) for gap in gaps) for inside, gaps in self._plain_words(key))

    def _modifies(self, key: str) -> bool:
        """Does a plain encryption word in `key` (a norm()ed question) go with another topic's term ("encrypted
        backups", "암호화된 백업", "加密的備份", "encrypt the backups"), rather than stand beside it in a list
        ("encryption, backups and logging": encryption is asked as such, both kinds)?"""
        return any(not _LIST.search(gap) for _, gaps in self._plain_words(key) for gap in gaps)

    def _plain_words(self, key: str) -> Iterator[tuple[bool, list[str]]]:
        """For each plain encryption word in `key` (a norm()ed question): whether a topic term holds it, and
        the text between it and the nearest topic term after it and before it, for a term that lies within
        NEAR characters of it (what the reading of "encryption" as listed or as going with a term looks at)."""
        pattern, table = self._topic_terms
        spans = [m.span() for m in pattern.finditer(key) if table[m.group(0)]]
        for term in self.encryption_terms:
            for m in re.finditer(re.escape(term), key):
                after = next(((a, b) for a, b in spans if a >= m.end()), None)
                before = next(((a, b) for a, b in reversed(spans) if b <= m.start()), None)
                # (with the term's edge letter: a term may hold its list word, "跟記錄" in "加密跟記錄")
                gaps = [key[m.end():after[0] + 1]] if after and after[1] <= m.end() + NEAR else []
                gaps += [key[before[1] - 1:m.start()]] if before and before[0] >= m.start() - NEAR else []
                yield any(a <= m.start() < b for a, b in spans), gaps

    def names_a_way(self, text: str, topic: str) -> bool:
        """Does `text` name one of the ways of meeting `topic`'s rule (Topic.ways; script-folded, case-insensitive)?"""
        pattern = self._ways.get(topic)
        return pattern is not None and pattern.search(norm(text)) is not None

    def terms_in(self, text: str) -> list[str]:
        """The topic terms `text` uses, norm()ed, in order ("server-side encryption", "伺服器端加密")."""
        pattern, table = self._topic_terms
        return list(dict.fromkeys(m.group(0) for m in pattern.finditer(norm(text)) if table[m.group(0)]))

    def _eligible_clause(self, question: str, lang: str) -> bool:
        """Does one clause of a question of several ask whether a service may hold PHI, with no topic of its
        own ("Can we store PHI in Amazon S3, and what encryption settings do we need?", "S3에 PHI 저장해도
        되나요? 암호화는 어떻게 해요?")?"""
        clauses = split(question)
        if len(clauses) < 2:
            return False
        for clause in clauses:
            if self.ask_of(clause, lang) != PERMISSION or not self._uses_phi_in(fold_chinese(clause), lang):
                continue
            own, family = self.catalog.mentions_split(clause, short=True)
            if not self.topics_of(_unnamed(norm(clause), [m for m in own + family if m[0].kind == "service"]),
                                  question=True):
                return True
        return False

    def whole_apart(self, question: str, lang: str) -> bool:
        """Does a clause of its own name a service and ask what it needs as a whole, naming no topic, beside a clause
        that asks a topic ("람다에서 phi 처리하면 머 해야됨? 로그에 남겨도 되나": Lambda's obligations, and its word on
        logging; not "S3 ... 有哪些选项？密钥可以怎么管理？", whose second clause asks about the keys of the first)?"""
        clauses = split(question)

        return len(clauses) > 1 and any(_matches(self._flags["whole"], lang, fold_chinese(c))  # (the clause without
                                        # the services it names: "KMS" is a term of access too, "KMS 金鑰要怎麼用來保護
                                        # PHI？" asks what KMS needs as a whole)
                                        and not self.topics_of(_unnamed(norm(c), self.catalog.mentions_split(
                                            c, short=True)[0]), question=True)
                                        and any(self.catalog.mentions_split(c, short=True)) for c in clauses)

    def names_legal(self, text: str) -> bool:
        """Does `text` name a legal matter (out_of_scope.yaml `legal`: penalties, breach-notification deadlines)?"""
        return self._legal[0].search(norm(text)) is not None

    def asks_only(self, question: str, lang: str, flag: str) -> bool:
        """Does every clause of `question` that asks yes or no match asks.yaml `flag` ("Does the BAA let us put PHI
        in any AWS service?"), not one of two ("Does AWS sign a BAA, and can we put PHI in any AWS service?": a yes
        to the first, a no to the second)?"""
        asking = [c for c in split(question) if self.ask_of(c, lang) is not None]
        return len(asking) < 2 or all(_matches(self._flags[flag], lang, fold_chinese(c)) for c in asking)

    def without_scene(self, question: str, lang: str) -> str:
        """`question` without the phrases before its last that set a scene (kb/clauses.py `without_premises`)."""
        return without_premises(question, self._premise.get(lang))

    def clause_asks(self, clause: str, lang: str) -> str | None:
        """How a clause of a question (kb/clauses.py `split`, which drops its "?") asks: `ask_of` the clause with its
        question mark back."""
        return self.ask_of(clause.rstrip() + "?", lang)

    def flagged(self, text: str, lang: str, flag: str) -> bool:
        """Does `text` (a clause) match asks.yaml `flag` ("choice": "... terminate TLS or just pass it thru"; "open":
        a how/what/which question)?"""
        return _matches(self._open if flag == "open" else self._flags[flag], lang, fold_chinese(text.strip()))

    def asks_to_store(self, question: str, lang: str, flag: str = "stores") -> bool:
        """Does the question ask leave to keep data in a service (`flag` "stores"; "carries": to keep or pass it
        through), in one clause ("Can CloudWatch store PHI?"), not ask leave for one thing and whether the service
        keeps data in another ("Can we send notes to Comprehend Medical? Does it store the PHI we send?": no "No." by
        "it keeps no data"; "is AMS ok to run our PHI workloads? does using it change which services we can put PHI
        in?": no "No." by "AMS tools cannot store or transmit PHI")?"""
        clauses = split(question)
        return len(clauses) < 2 or any(self.ask_of(c, lang) == PERMISSION and _matches(
            self._flags[flag], lang, fold_chinese(c)) for c in clauses)

    def ask_of(self, question: str, lang: str) -> str | None:
        """permission | necessity | yes-no for a question answered by yes or no, else None (an open
        question: how, what, which, why)."""
        text = fold_chinese(question.strip())
        if _matches(self._open, lang, text):
            return None
        return next((kind for kind, patterns in self._asks if _matches(patterns, lang, text)), None)

    def _parted(self, question: str, lang: str) -> bool:
        """Does one clause of `question` (kb/clauses.py `split`) ask yes or no of a part or name of a service
        (asks.yaml `part`, `names`) and another ask yes or no with neither and no topic ("Is Route 53 ok to use in a
        HIPAA account? And can we put patient names in DNS records?")?"""
        clauses = [fold_chinese(c) for c in split(question)]
        if len(clauses) < 2:
            return False
        asking = [c for c in clauses if self.ask_of(c, lang) is not None]
        of_part = [_matches(self._part, lang, c) or _matches(self._flags["names"], lang, c) for c in asking]
        return any(of_part) and any(not p and not self.topics_of(c, question=True)
                                    for c, p in zip(asking, of_part, strict=True))

    def _replaced(self, key: str, start: int, end: int, lang: str) -> bool:
        """Is the mention at key[start:end] (a norm()ed question) of a service the question replaces ("EMR instead of
        Athena", "Athena 대신", "取代 Athena"): asks.yaml `replaced`, matched against the mention's surroundings with
        the mention written as "§"?"""
        return _matches(self._replaced_by, lang, fold_chinese(f"{key[max(0, start - 20):start]}§{key[end:end + 12]}"))

    def _uses_phi_in(self, folded: str, lang: str) -> bool:
        """Does a (script-folded) question speak of using a service with PHI at all, not of putting PHI in a
        part of it ("environment variables", "job definitions": asks.yaml `part`)?"""
        return _matches(self._uses_phi, lang, folded) and not _matches(self._part, lang, folded)

    def analyze(self, question: str) -> Analysis:
        lang = detect_lang(question)
        question, respelled = self.words.respell(question)  # "encrpyt": read as encrypt, and said so
        mentions = self.catalog.mentions_split(question, short=True)
        key = norm(question)
        terms = self._topic_terms[1]  # an alias that is itself a topic term asks about that topic ("SSE-S3" names S3
        # and asks at rest); the service's own name does not ("KMS", "CloudTrail"), nor does a service that is what the
        # topic is about for every service

        def asks_topic(entry: Section, start: int, end: int) -> bool:
            text = key[start:end]
            topic = terms.get(text)
            return bool(topic) and entry.id not in self.topic(topic).pointers and not _own_name(entry, text)

        asked = _unnamed(key, [m for m in mentions[0] + mentions[1] if m[0].kind == "service" and not asks_topic(*m)],
                         self._topic_terms[0])
        premise = self._premise.get(lang)
        told = without_premises(asked, premise)  # "S3 儲存 PHI 時，傳輸加密和物件命名有什麼規定？" asks about transit
        # and names: a topic only its scene names ("儲存": at rest) is asked when nothing else is
        unset = without_premises(question, premise)  # (the question without its scene)
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
            setattr(result, flag, _matches(patterns, lang, folded))
        pointing = (self._flags["refers_back"].get(lang) or self._flags["refers_back"]["en"]).search(key) \
            if result.refers_back else None
        if pointing is not None and _THERE.search(pointing.group(0)) and any(
                m[2] <= pointing.start() for m in mentions[0] + mentions[1] if m[0].kind == "service"):
            result.refers_back = False  # "there" after a service the question names points at it ("앞단에 API
            # Gateway 붙이면 거기서는 뭘 조심해야 돼요?"), not at the conversation's (as "its" does: "how should we set
            # up the VPC for its jobs?" after Comprehend questions)
        if result.each and result.whole and result.topics:  # "病歷掃描檔上傳到 S3,用 Textract 擷取文字,...,
            # 每個服務分別要設定什麼?": what each service needs as a whole; a topic only the story names ("上傳": in
            # transit) is not asked
            # (and "..., What encryption do we configure on each?" asks both kinds, whatever "upload" reads)
            asking = last_phrase(question)
            named = set(self.topics_of(asking, question=True, plain=False))
            result.topics = self.topics_of(asking, question=True)
            result.implied = [t for t in result.topics if t not in named]
        first, _, other = (re.split(r"(\bor\b|아니면|還是|还是)", folded, maxsplit=1, flags=re.I) + ["", ""])[:3] \
            if result.default and result.choice else (folded, "", "")
        if other and _matches(self._flags["default"], lang, first) and not result.party and not result.provider and (
                _matches(self._flags["responsibility"], lang, other) or _matches(self._flags["asker"], lang, other)):
            # "Is it on by default, or do I have to pick a KMS key myself?", "預設就有加密嗎？還是要自己綁 KMS key？",
            # "기본으로 암호화되나요 아니면 우리가 KMS 키를 골라야 하나요?": the other choice is doing it oneself; it
            # asks whether the service does it by default, not who does it (a yes or no says which); not "Do we have
            # to encrypt the Firehose stream itself or is S3 default encryption enough?" (the default is the other)
            result.responsibility, result.choice, result.ask, result.default_choice = False, False, YES_NO, True
        result.party = result.responsibility and (result.party or result.choice)
        if result.part or result.names:
            result.parted = self._parted(question, lang)
        result.uses_phi = self._uses_phi_in(folded, lang)
        result.open = _matches(self._open, lang, fold_chinese(question.strip()))
        result.eligible_clause = self._eligible_clause(question, lang)
        key = norm(question)
        cloud_hits = list(self._clouds[0].finditer(key))
        result.clouds = sorted({self._clouds[1][m.group(0)] for m in cloud_hits})
        result.legal = sorted({self._legal[1][m.group(0)] for m in self._legal[0].finditer(key)})
        if result.legal:  # every clause naming a topic names a legal matter too (a scene-setting one aside: "簽署 BAA
            # 之前，我們的律師需要審查哪些條款？"); or a clause names a section or a topic and no legal matter
            clauses = [(c, self.names_legal(c), bool(self.topics_of(c, question=True))) for c in split(unset)]
            result.legal_only = all(legal for _, legal, topical in clauses if topical)
            result.beside_law = any(not legal and (topical or any(self.catalog.mentions_split(c)))
                                    for c, legal, topical in clauses)
        seen: set[str] = set()
        own, family = mentions
        starts = [start for entry, start, _ in own + family if entry.kind == "service"]
        result.asker_first = bool(starts) and _matches(self._flags["asker"], lang, key[:min(starts)])
        merged = merge_mentions(own, family)
        result.replaced = [entry.id for entry, start, end in merged if self._replaced(key, start, end, lang)]
        clouds_end = {m.end() for m in cloud_hits}
        outside = self._outside[0].search(key) is not None
        by_name = set()  # sections named by a name or alias, not only by a subject they speak of
        for entry, start, end in merged:
            if key[start:end] not in entry.subject_keys:
                by_name.add(entry.id)
            # "Oracle" inside "Oracle Cloud" names the cloud, not RDS for Oracle; a name right after a cloud's is that
            # cloud's product ("Azure Kubernetes Service", "애저 쿠버네티스"), not the AWS service of that name
            if entry.id in seen or any(m.start() < end and start < m.end() for m in cloud_hits) \
                    or any(key[e:start].strip() in _OF_CLOUD for e in clouds_end if e <= start):
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
        if result.elsewhere:  # "地端 Kubernetes 叢集要怎麼做網路隔離？": that cluster's isolation, not Amazon VPC's
            result.services = [s for s in result.services if s.id in by_name]
        result.by_subject = [s.id for s in result.services if s.id not in by_name]
        if not (result.services or result.uncovered or result.clouds or result.elsewhere):  # "Dyanmo DB": DynamoDB
            result.misspelled = self.spelling.guess(question)
            result.services = [entry for _, entry in result.misspelled]
            result.subject_uncovered = False
        elif result.services:  # "Redhsift랑 EMR": one service spelled right does not lose the other (a guess
            # sharing a word with a name found is part of it: "Managed Service for Apache Flink", "AWS Step Functions")
            named_words = {w for _, start, end in own + family for w in key[start:end].split()} - {"amazon", "aws"}
            result.misspelled = [(w, e) for w, e in self.spelling.guess(question)
                                 if e not in result.services and not set(norm(w).split()) & named_words]
            result.services += [entry for _, entry in result.misspelled]
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
        inside = {entry.id for entry, _, _ in own + family} - {
            entry.id for entry, start, end in own + family
            if not any(s <= start and end <= e and e - s > end - start for s, e in runs)}
        # ... and one that speaks of a topic asked for every service, asked which thing to use beside another service
        # ("which kms key should we use to encrypt ECR images?": ECR's key, KMS is where keys come from)
        means = {p for t in result.topics if t in (AT_REST, IN_TRANSIT) for p in self.topic(t).pointers} \
            if result.which else set()  # (of encryption: "which tables" on RDS asks no means of audit logging)
        # ... and one named right beside an encryption word as what it is done with ("KMS encryption on our CloudTrail
        # trails", "encrypted with KMS", "KMS 키로 암호화", "用 KMS 加密": CloudTrail is the subject)
        places = {p for t in (AT_REST, IN_TRANSIT) for p in self.topic(t).pointers}
        means |= {entry.id for entry, start, end in own if entry.id in places and _encrypts_with(key, start, end)}
        # ... and, after a scene naming others, one the asking phrase names ("We're migrating an on-prem Oracle DB into
        # RDS using DMS. What do we need to set up on the DMS side?": DMS first, RDS for Oracle after it)
        last = last_phrase(question)
        scene = question[:question.rfind(last)] if last.strip() else ""
        telling = len(result.services) > 1 and scene.strip() and not re.search(r"[?？]", scene) \
            and self.ask_of(scene, lang) is None \
            and not _matches(self._open, lang, fold_chinese(scene.strip()))  # (one question after a scene that asks
        # nothing: not "Is Redshift Spectrum covered by the BAA, and how must connections to S3 be protected?")
        asking = {entry.id for entry, _, _ in merge_mentions(*self.catalog.mentions_split(last, short=True))
                  if entry.kind == "service"} if telling else set()
        asking = asking & {s.id for s in result.services} if asking and any(
            s.kind == "service" and s.id not in asking for s in result.services) else set()
        result.means = [s.id for s in result.services if s.id in inside or s.id in means]
        result.services.sort(key=lambda s: (s.id in inside or s.id in means,
                                            bool(asking) and s.kind == "service" and s.id not in asking,
                                            s.id not in named, s.id in short))
        result.topical = [entry.id for entry, start, end in own + family  # not by its own name ("BAA")
                          if entry.kind == "general" and self.terms_in(key[start:end])
                          and not _own_name(entry, key[start:end])]
        return result


_WITH_AFTER = re.compile(r"\s*(?:(?:master |customer managed |cmk |)keys? |키로 |키를 |키 |金鑰|로 |으로 |를 |)"
                         r"(?:encrypt|암호화|加密)")
_WITH_BEFORE = re.compile(r"(?:encrypt\w*|암호화\w*)\s+(?:with|using|via|through|by)\s+(?:an? |the |our |)$"
                          r"|(?:用|以|使用|透過|通過)\s*$")


def _encrypts_with(key: str, start: int, end: int) -> bool:
    """Is the name at key[start:end] (norm()ed question) what something is encrypted with: followed by an encryption
    word ("KMS encryption", "KMS 키로 암호화", "KMS 加密") or after "encrypt... with" ("encrypted with a KMS",
    "用 KMS")?"""
    return bool(_WITH_AFTER.match(key, end) or _WITH_BEFORE.search(key[max(0, start - 30):start]))


NEAR = 24  # characters: a topic term this close to a plain encryption word is read with it (16 missed "encryption
# of PHI in backups")
# what joins the items of a list ("encryption, backups and logging", "암호화, 백업 및 로깅", "加密、備份和日誌")
_LIST = re.compile(r"[,，、;/]|\band\b|\bor\b|및|그리고|와 |과 |랑 |하고 |和|與|及|或|跟|以及|還有")


def _unnamed(key: str, mentions: list[tuple[Section, int, int]], terms: re.Pattern[str] | None = None) -> str:
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


def _own_name(entry: Section, text: str) -> bool:
    """Is `text` (norm()ed) the section's id or one of its names, not one of its aliases ("KMS", "BAA", not
    "SSE-S3")?"""
    return text == entry.id.replace("-", " ") or text in {norm(n) for n in entry.names.values()}


_THERE = re.compile(r"거기|그쪽|\bthere\b|那裡|那邊|那里|那边", re.I)  # a place pointed at (not "its", "它的")


def _matches(patterns: dict[str, re.Pattern[str]], lang: str, text: str) -> bool:
    """Does the pattern of `lang` (English's for a language with none) match `text` (script-folded)?"""
    pattern = patterns.get(lang) or patterns.get("en")
    return bool(pattern and pattern.search(text))


def _compile(patterns: dict[str, str], flags: int = re.I) -> dict[str, re.Pattern[str]]:
    """Per-language regexes compiled from their script-folded text (match them against folded text)."""
    return {lang: re.compile(fold_chinese(p), flags) for lang, p in patterns.items()}


_OF_CLOUD = ("", "'s", "의", "的")  # what may stand between a cloud's name and its product's


class _Terms(dict[str, str]):
    """Matched text -> id; text matched with a space left out ("擋掉http") finds the term written with it."""

    def __init__(self, terms: dict[str, str]) -> None:
        super().__init__(terms)
        self._squeezed = {t.replace(" ", ""): cid for t, cid in terms.items()}

    def __missing__(self, key: str) -> str:
        return self._squeezed[key.replace(" ", "")]


def _term_pattern(terms: dict[str, str], prefix: bool = False) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for many terms (longest first, as norm() keys: script-folded) and the table from
    matched text to its id. ASCII terms must start at a word boundary and end at one; with `prefix`,
    a term longer than three characters may end inside a word ("log" matches "logging"; "dr" never
    matches "drive"). A space beside a Korean or Chinese character may be left out ("擋掉 http" matches
    "擋掉HTTP", "http 차단" "HTTP차단")."""
    table = _Terms({norm(t): cid for t, cid in terms.items()})
    parts = []
    for t in sorted(table, key=len, reverse=True):
        esc = "".join(" ?" if c == " " and not (t[i - 1].isascii() and t[i + 1:i + 2].isascii()) else re.escape(c)
                      for i, c in enumerate(t))
        if t[0].isascii() and t[0].isalnum():
            esc = r"(?<![0-9a-z])" + esc
        if t[-1].isascii() and t[-1].isalnum() and not (prefix and len(t) > 3):
            esc += r"(?![0-9a-z])"
        parts.append(esc)
    return re.compile("|".join(parts) or r"(?!)"), table


# software placed on EC2 instances ("postgres on EC2", "EC2에 직접 설치한 PostgreSQL", "在 EC2 上自建 MySQL"): norm()ed
_ON_EC2_AFTER = re.compile(r"^\s*(?:(?:running|installed|hosted|deployed|self-managed)\s+)?(?:on|in)\s+"
                           r"(?:an?\s+|our\s+|the\s+)?(?:amazon\s+)?ec2\b")
_ON_EC2_BEFORE = re.compile(r"ec2\s*(?:instances?\s*)?(?:에|위에|上|裡|里|中)\s*(?:직접\s*)?"
                            r"(?:설치한|설치된|올린|띄운|구축한|운영하는|돌리는|自建|自架|架設|架设|安裝|安装|跑的|跑)?"
                            r"\s*(?:的\s*)?$")


def _on_ec2(key: str, start: int, end: int) -> bool:
    """Is the mention `key[start:end]` software placed on EC2 instances (a database engine run by the customer, not
    the AWS service of that engine)?"""
    return bool(_ON_EC2_AFTER.search(key[end:end + 40]) or _ON_EC2_BEFORE.search(key[max(0, start - 30):start]))
