"""What a yes/no question asks to use: a service as the means of encrypting ("要用 KMS 加密嗎？"), a way to encrypt in
transit ("IPsec 꼭 걸어야?"), a service itself ("Should we use the root account?"), one way of several a record offers,
or a thing a record recommends something instead of (kb/verdict.py decides with them)."""
from __future__ import annotations

import re

from kb.analysis import Analysis
from kb.asks import NECESSITY
from kb.catalog import norm
from kb.clauses import last_phrase
from kb.equivalents import held
from kb.facet import Facet
from kb.keyword import fold, tokenize
from kb.relevance import Query
from kb.requirements import Requirement
from kb.topics import AT_REST, IN_TRANSIT
from kb.verdict_base import ALTERNATIVE, FUNCTION_HAN, VerdictBase

# "must we use X?" asks about a way to do it
USE = re.compile(r"\b(?:use|using|required?)\b|사용|써야|이용|필수|使用|採用|采用|(?:要|得|須|须|需)用", re.I)
# how a question asks whether to use a service it names ("Should we use CloudHSM instead?", "CloudHSM을 꼭 써야
# 하나요?", "要改用 CloudHSM 嗎？"): the words before the name, or after it in Korean
_USE_BEFORE = re.compile(r"(?:\b(?:use|using|adopt|go with|switch to)\s+(?:the\s+)?(?:aws\s+|amazon\s+)?"
                         r"|(?:使用|採用|改用|(?:要|得|須|需|該|應該)用)\s*)$")  # ("日常管理要用根帳號嗎？")
_CONFIGURE = re.compile(r"configur|set ?up|settings?\b|設定|配置|組態|设置|구성|설정", re.I)  # (what using it needs)
_USE_AFTER = re.compile(r"^\s*(?:을|를)?\s*(?:(?:평소에?|평상시에?|일상적으로|매일|항상|주로)\s*)?(?:꼭\s*|반드시\s*)?"
                        r"(?:사용|써|쓰|이용|도입)"
                        r"|^\s*(?:有)?(?:需要|必要|一定要|必須|必须|得|要)(?:使)?用\s*(?:嗎|吗|呢|[?？]|$)")
# ("루트 계정 평소에 써야 하나요?", "那 CloudHSM 有需要用嗎？"; not "EC2 一定要用專用執行個體嗎？", EC2 using another)
_TRANSIT_MEANS = re.compile(r"\b(?:IPsec|VPN|TLS|SSL|HTTPS)\b", re.I)  # ways to encrypt in transit a question names
# ... named as the path the data takes ("over a site-to-site VPN", "VPN 통해", "透過 VPN")
_THROUGH_BEFORE = re.compile(r"(?:\b(?:over|via|through|across)\s+(?:an?\s+|the\s+|our\s+)?(?:[\w-]+\s+){0,2}"
                             r"|(?:透過|經由|经由|通過|通过|走)\s*(?:[\w-]+\s*){0,2})$", re.I)
_THROUGH_AFTER = re.compile(r"^\s*(?:tunnels?\s*|connections?\s*|터널\s*|연결\s*)?(?:을\s*|를\s*|로\s*|으로\s*)?"
                            r"(?:통해|통하여|거쳐|경유)")
_TUNNELS = frozenset({"ipsec", "vpn"})  # ... of which a tunnel, named alone, is one way asked about (not TLS, the
# encryption a section's records require by name: "MSK TLS 필요함?" is "Yes.", stop 55)
_KEYS = re.compile(r"\bkeys?\b|\bHSMs?\b", re.I)  # a record speaking of keys (where they come from: `key_store_to_use`)
KEY_STORE_SHARE = 0.5  # of a service's own records speaking of keys, for it to be where keys come from (KMS: 9 of 10,
# CloudHSM: 9 of 10; DynamoDB, RDS for Oracle: 1 of several; measured on data/requirements, stop 66)
_INSTEAD_OF = re.compile(r"\binstead of\b(.{0,80})", re.I)  # what a record recommends against, named after it
_QUESTION_WORDS = frozenset({"should", "must", "need", "with", "from", "into", "that", "this", "them", "their"})


class MeansVerdicts(VerdictBase):
    """The ways and means a question asks to use, read for Verdicts.decide. Immutable: shared across threads."""

    def _means_asked(self, a: Analysis, query: Query | None) -> bool:
        """Does the phrase that asks name a service as the means of encrypting at rest ("要用 KMS 加密嗎", "do we have
        to use KMS for it?") beside a service it encrypts, and no other kind of encryption ("KMS and TLS?")? The means
        alone ("靜態加密要用 KMS 嗎?") is decided with the section's own records (below)."""
        if query is None or not a.means or set(a.means) >= {s.id for s in a.services}:
            return False
        asking = last_phrase(query.text)
        key = norm(asking)
        names = {entry.id for entry, start, end in self.analyzer.catalog.mentions(asking)
                 if not self.analyzer.inside_a_way(key, start, end)}  # (not "SSE-KMS" named as one of the ways to
        # choose from: "Do we need to encrypt S3 objects holding PHI, SSE-S3 or SSE-KMS?" is yes, by the rule)
        return bool(names & set(a.means)) and IN_TRANSIT not in self.analyzer.topics_of(asking, plain=False)

    def transit_means_asked(self, a: Analysis, query: Query | None) -> bool:
        """Does a "must we?" name a tunnel that encrypts in transit (IPsec, a VPN), and no other way, in the phrase that
        asks ("IPsec 꼭 걸어야 하나요?", "Do we need IPsec over Direct Connect?"), so that the rule for every service is
        what is required and the tunnel one means to it?"""
        if a.ask != NECESSITY or a.without or query is None:
            return False
        asking = last_phrase(query.text)
        found = list(_TRANSIT_MEANS.finditer(asking))
        named = {m.group(0).lower() for m in found}
        if any(_THROUGH_BEFORE.search(asking[:m.start()]) or _THROUGH_AFTER.match(asking[m.end():]) for m in found):
            return False  # (the path the data takes, not what is asked: "DMS로 ... Site-to-Site VPN 통해 RDS로 옮길 때
            # 암호화 필요해요?" asks whether to encrypt; was "Not as such" with the VPN read as the means asked)
        return len(named) == 1 and named <= _TUNNELS  # (two named are the choice of a way: "Do we still need
        # TLS/IPsec for PHI over DX?" asks whether to encrypt at all: "Yes, by the rule", stop 41)

    def key_store_to_use(self, a: Analysis, query: Query | None) -> bool:
        """Does a "must we?" on encryption at rest ask whether to use a service keys come from, and no other service,
        in the phrase that asks (as `_to_use` reads it: "那 CloudHSM 有需要用嗎？" after a KMS question, "should
        we use CloudHSM instead?" after RDS encryption)? A service keys come from: at least KEY_STORE_SHARE of its
        own records speak of keys or HSMs (KMS, CloudHSM; not RDS for Oracle, whose TDE keys are one record of
        many). The rule for every service requires encryption, not that service: one way to meet it (was "Yes, by
        the rule"; trial 66c WRONG)."""
        if query is None or a.ask != NECESSITY or a.without or AT_REST not in a.topics or self.records is None \
                or _CONFIGURE.search(query.text):
            return False
        used = self._named_to_use(last_phrase(query.text))  # ("RDS 암호화에 KMS 써야 하나요?": KMS, not RDS)
        if not used:
            return False
        for sid in used:
            own = [r for r in self.records.of({sid}) if r.section == sid]
            if not own or sum(bool(_KEYS.search(r.statement["en"])) for r in own) < KEY_STORE_SHARE * len(own):
                return False
        return True

    def _to_use(self, query: Query | None) -> bool:
        """Does the question ask whether to use a service it names ("Should we use CloudHSM instead?", "CloudHSM을 꼭
        써야 하나요?", "要改用 CloudHSM 嗎？"), rather than whether something about it is needed?"""
        if query is None or _CONFIGURE.search(query.text):  # ("用 Amazon Translate 翻譯 ... 需要額外配置嗎？" asks what
            return False  # using it needs)
        return bool(self._named_to_use(query.text))

    def _named_to_use(self, text: str) -> set[str]:
        """The catalog ids `text` names as a thing to use (_USE_BEFORE before the name, or _USE_AFTER after it)."""
        key = norm(text)
        return {entry.id for entry, start, end in self.analyzer.catalog.mentions(text)
                if _USE_BEFORE.search(key[:start]) or _USE_AFTER.match(key[end:])}

    def _alternative(self, query: Query | None, record: Requirement) -> bool:
        """Is `record` an obligation that holds only when what the question asks about is skipped: "If you
        do not use SQS server-side encryption, encrypt the payload" for "Do we need SQS server-side
        encryption?" (the question and the condition share a topic term), not for "Must SQS queues be
        encrypted at rest?" (they must, one way or the other)."""
        if query is None or record.strength != "must" or not record.statement["en"].lower().startswith(ALTERNATIVE):
            return False
        conditions = [re.split(r"[,，、]", record.says(lang))[0] for lang in dict.fromkeys(("en", query.lang))]
        asked = set(self.analyzer.terms_in(query.text))
        return bool(asked & {t for c in conditions for t in self.analyzer.terms_in(c)}) or bool(
            record.topic and self.analyzer.names_a_way(query.text, record.topic)
            and any(self.analyzer.names_a_way(c, record.topic) for c in conditions))  # ("SSE" for "server-side")

    def _asks_way(self, a: Analysis, query: Query | None, asked: list[Facet], option: Requirement,
                  rule: Requirement) -> bool:
        """Does a "must we use ...?" ("... required?") name one of the ways an option record offers (a term of its topic
        the rule for every service lacks: "SSE-KMS", "server-side encryption"; or the option's own words the question
        shares and the rule lacks: "customer managed KMS keys", "client-side"), rather than the encryption itself
        ("Must we use encryption at rest for S3?")? The names of the sections asked about (`asked`) are no such words;
        a service named as the way is ("KMS"). A way data/topics.yaml lists for the topic (`ways`) needs no "use"
        ("DynamoDB에 클라이언트 측 암호화 꼭 해야 돼?"); the option may then be a statement of fact (EBS: "you choose
        the KMS key")."""
        if query is not None and a.ask == NECESSITY and option.topic and (musts := self._must_clauses(query)) \
                and not any(self.analyzer.names_a_way(c, option.topic) or USE.search(c) for c in musts):
            return False  # the clause asking "must we?" is where a way is asked to be used, not one asking which way
            # is the default beside it ("CloudTrail 기본 암호화는 SSE-S3야 KMS야? 무결성 검증도 켜야 됨?" asks whether
            # to validate the logs; trial 63a WRONG "그 자체가 필수는 아닙니다")
        if query is not None and option.topic and self.analyzer.names_a_way(query.text, option.topic):
            # ... unless it asks whether to encrypt at all and names ways only as the choice to make ("Do we need to
            # encrypt S3 objects holding PHI, SSE-S3 or SSE-KMS?": yes, by the rule; trial 57n WRONG "Not as such")
            return not (len(self.analyzer.ways_named(query.text, option.topic)) > 1
                        and self.analyzer.says_encrypt(norm(query.text)) and not USE.search(query.text))
        if query is None or not USE.search(query.text) or option.strength != "may":
            return False
        # a term of the option's topic the rule lacks names a way ("SSE-KMS", "client-side encryption"; not "encryption
        # at rest", which the rule says)
        terms = [set(tokenize(t)) for t in self.analyzer.terms_in(query.text)
                 if option.topic in self.analyzer.topics_of(t, plain=False)]
        if any(toks and not self.relevance.has_words(rule, query.lang, toks) for toks in terms):
            return True
        words = self._words(a, asked, query, common=True)
        return any(self.relevance.specific_fit(query, option, {t: w}) and not self.relevance.specific_fit(
            query, rule, {t: w}) for t, w in words.items() if not FUNCTION_HAN.search(t))


def instead_of_asked(record: Requirement, question: str, alike: dict[str, tuple[str, ...]]) -> bool:
    """Does `record` (an English statement recommending one thing "instead of" another) name, in what it replaces,
    a word of what the English `question` asks to use ("use long-lived access keys": "instead of distributing
    long-term credentials"), itself or as another term of its entry in data/equivalents.yaml (`alike`, of
    Equivalents.alike: "access keys on EC2 instances" are long-term credentials)?"""
    replaced = _INSTEAD_OF.search(record.statement["en"])
    used = USE.search(question)
    if replaced is None or used is None or record.strength not in ("must", "should", "may"):
        return False
    words = {t for t in tokenize(question[used.end():]) if len(t) > 3 and t not in _QUESTION_WORDS}
    return bool(held(words, alike, set(tokenize(replaced.group(1))), lambda: fold(replaced.group(1))))
