"""The topic lexicon (data/topics.yaml): which topics a question or a guidance sentence speaks of (encryption at rest
or in transit, logging, access, backup, ...), read from their terms, and one regex for many terms."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kb.catalog import norm
from kb.clauses import split
from kb.config import Settings
from kb.datafile import read

ELIGIBILITY = "eligibility"  # the topic of whether a service may hold PHI at all (data/topics.yaml)
AT_REST = "encryption-at-rest"  # the topic a "must we encrypt X?" asks about (data/topics.yaml)
IN_TRANSIT = "encryption-in-transit"
TERMS = {"type": "array", "items": {"type": "string", "minLength": 1}}
TOPICS_SCHEMA = {
    "type": "object", "required": ["topics"], "additionalProperties": False,
    "properties": {
        "encryption_terms": TERMS,
        "not_terms": TERMS,
        "responsibility_model": TERMS,
        "topics": {"type": "array", "items": {
            "type": "object", "required": ["id", "labels"], "additionalProperties": False,
            "properties": {"id": {"type": "string"}, "terms": TERMS, "pointers": TERMS, "ways": TERMS,
                           "naming": TERMS, "absorbs": TERMS,
                           "rule": {"type": "string", "minLength": 1}, "listing": {"type": "string", "minLength": 1},
                           "subject": {"type": "object", "required": ["en", "ko", "zh"],
                                       "additionalProperties": {"type": "string"}},
                           "labels": {"type": "object", "required": ["en", "ko", "zh"],
                                      "additionalProperties": {"type": "string"}}}}},
    },
}


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


def load_topics(settings: Settings) -> tuple[list[Topic], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Read topics.yaml (Settings.data_file; TOPICS_SCHEMA, ids unique): the topics, the plain encryption words,
    the phrases that signal no topic, norm()ed, and the requirement ids of the shared responsibility model
    (`responsibility_model`). Raises DataFileError naming the file, line and field."""
    doc = read(settings.data_file("topics.yaml"), TOPICS_SCHEMA)
    doc.unique(["topics"])
    raw = doc.data
    topics = [Topic(t["id"], t["labels"], tuple(norm(x) for x in t.get("terms") or ()),
                    tuple(t.get("pointers") or ()), t.get("rule"), t.get("subject"), t.get("listing"),
                    tuple(norm(x) for x in t.get("ways") or ()), tuple(t.get("naming") or ()),
                    frozenset(norm(x) for x in t.get("absorbs") or ()))
              for t in raw["topics"]]
    encryption = tuple(norm(x) for x in raw.get("encryption_terms") or ())
    return (topics, encryption, tuple(norm(x) for x in raw.get("not_terms") or ()),
            tuple(raw.get("responsibility_model") or ()))


class TopicReader:
    """Reads the topics a text speaks of with the topic lexicon. Immutable after construction: shared across
    threads."""

    def __init__(self, topics: list[Topic], encryption_terms: tuple[str, ...] = (), not_terms: tuple[str, ...] = (),
                 responsibility_model: tuple[str, ...] = ()) -> None:
        self.topics = topics
        # the records stating the shared responsibility model for every service (topics.yaml), in order
        self.responsibility_model = responsibility_model
        self.places = frozenset(p for t in topics for p in t.pointers)  # every topic's pointers
        # per topic with `ways`: one pattern for them, longest first ("sse-kms" before "sse"), a Latin way as a whole
        # word, plural too ("sse" is no way inside "assessment"), matched against norm()ed text
        self._ways = {t.id: re.compile("|".join(
            rf"(?<![a-z0-9]){re.escape(w)}(?:e?s)?(?![a-z0-9])" if w.isascii() else re.escape(w)
            for w in sorted(t.ways, key=len, reverse=True))) for t in topics if t.ways}
        self.encryption_terms = encryption_terms
        # One pattern for every topic term, longest first: "server access logging" is logging, not access; a
        # phrase of `not_terms` ("replication group": an ElastiCache resource, not a copy) signals no topic.
        self._topic_terms = term_pattern({**{t: topic.id for topic in topics for t in topic.terms},
                                          **{t: "" for t in not_terms}}, prefix=True)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def pointers(self, topic_ids: Iterable[str]) -> set[str]:
        """The section ids the topics' `pointers` name: the chapters and services that speak of them for every
        service (topics.yaml)."""
        return {p for t in topic_ids for p in self.topic(t).pointers}

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
        return bool(self.ways_named(text, topic))

    def ways_named(self, text: str, topic: str) -> set[str]:
        """The distinct ways of meeting `topic`'s rule that `text` names (Topic.ways, norm()ed)."""
        pattern = self._ways.get(topic)
        return {m.group(0) for m in pattern.finditer(norm(text))} if pattern is not None else set()

    def terms_in(self, text: str) -> list[str]:
        """The topic terms `text` uses, norm()ed, in order ("server-side encryption", "伺服器端加密")."""
        pattern, table = self._topic_terms
        return list(dict.fromkeys(m.group(0) for m in pattern.finditer(norm(text)) if table[m.group(0)]))


NEAR = 24  # characters: a topic term this close to a plain encryption word is read with it (16 missed "encryption
# of PHI in backups")
# what joins the items of a list ("encryption, backups and logging", "암호화, 백업 및 로깅", "加密、備份和日誌")
_LIST = re.compile(r"[,，、;/]|\band\b|\bor\b|및|그리고|와 |과 |랑 |하고 |和|與|及|或|跟|以及|還有")


class _Terms(dict[str, str]):
    """Matched text -> id; text matched with a space left out ("擋掉http") finds the term written with it."""

    def __init__(self, terms: dict[str, str]) -> None:
        super().__init__(terms)
        self._squeezed = {t.replace(" ", ""): cid for t, cid in terms.items()}

    def __missing__(self, key: str) -> str:
        return self._squeezed[key.replace(" ", "")]


class TermPattern:
    """A regex of many terms (term_pattern) that first checks whether any term can match: a match, its spaces left
    out, is one of the terms with theirs left out, so a text holding none of those squeezed terms is skipped without
    running the alternation (measured: the 8662 inflected legal phrases of out_of_scope.yaml took 4-17 ms per
    question through the regex, most of the analysis time; the check takes about 0.05 ms). Same matches as the
    regex. Immutable: shared across threads."""

    def __init__(self, pattern: re.Pattern[str], terms: Iterable[str]) -> None:
        self.pattern = pattern
        self._starts: dict[str, list[str]] = {}  # squeezed terms by their first two characters
        self._short: set[str] = set()  # squeezed terms of one character
        for term in {t.replace(" ", "") for t in terms}:
            if len(term) < 2:
                self._short.add(term)
            else:
                self._starts.setdefault(term[:2], []).append(term)

    def could_match(self, key: str) -> bool:
        """Does `key` (a norm()ed text) hold a term with its spaces left out (the regex may still find none)?"""
        squeezed = key.replace(" ", "")
        return any(c in squeezed for c in self._short) or any(
            squeezed.startswith(term, i) for i in range(len(squeezed) - 1)
            for term in self._starts.get(squeezed[i:i + 2], ()))

    def finditer(self, key: str) -> Iterator[re.Match[str]]:
        """The regex's matches in `key`, left to right (re.Pattern.finditer)."""
        return self.pattern.finditer(key) if self.could_match(key) else iter(())

    def search(self, key: str) -> re.Match[str] | None:
        """The regex's first match in `key`, or None (re.Pattern.search)."""
        return self.pattern.search(key) if self.could_match(key) else None


def term_pattern(terms: dict[str, str], prefix: bool = False) -> tuple[TermPattern, dict[str, str]]:
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
    return TermPattern(re.compile("|".join(parts) or r"(?!)"), table), table
