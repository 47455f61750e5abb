"""A question's specific words: its words that are rare among the records (kb/relevance.py `specific`), without the
names of the sections it names, the terms of the topics it asks, and the words naming the documents, their structure
or a request to be told."""
from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable

from kb.analysis import Analysis, Analyzer
from kb.catalog import Section
from kb.keyword import tokenize
from kb.relevance import Query, Relevance

NAMING_WORDS = ("whitepaper", "paper", "document", "recommend", "recommends", "according", "백서", "문서", "권장",
                "따르면", "白皮書", "白皮书", "文件", "建議", "建议", "根據", "根据", "依據", "依据")
# how a question naming a document asks what it says ("according to the 2016 paper", "문서에 따르면", "根據 ... 白皮書")
# words for the documents and their own structure ("according to the auditing, backup and DR section", "What does
# the whitepaper say about Amazon EC2?"): no word of what the question asks about, whichever records happen to have
# them ("the whitepaper's service sections that follow ...", "the whitepaper no longer requires Dedicated Instances");
# not "document" / 문서 / 文件, which name the data too ("Can Textract process documents containing PHI?")
STRUCTURE_WORDS = ("section", "sections", "chapter", "chapters", "섹션", "章節", "章节", "小節",
                   "whitepaper", "white paper", "paper", "백서", "白皮書", "白皮书")
# words asking to be told ("감사 로깅은 어디서 켜는지 알려줘"): no word of what is asked about (a clause with
# only them and a topic's terms asks for the topic as such)
REQUEST_WORDS = ("알려줘", "알려 줘", "알려주세요", "알려 주세요", "설명해줘", "설명해 주세요", "告訴我", "告诉我",
                 "請問", "请问", "tell me", "please")

# words asking to set things against each other ("SNS랑 SQS 중에 ... 어떤게 나아? 비교좀"): how the question asks, no
# word of what is asked about (the 2016 paper's DDoS baselines "비교" is no record on SNS)
COMPARE_WORDS = ("vs", "versus", "compare", "comparison", "compared", "difference", "differences", "비교", "비교좀",
                 "차이", "차이점", "比較", "比较", "差別", "差别", "差異", "差异")

# words for the data a service is given ("does Comprehend Medical store the text?", "오디오 파일이 남나요?",
# "會保留我們的文件嗎"): in a question whether it keeps what it is given, the data itself, no thing another record
# speaks of (Comprehend's "detect PII in English text documents" is no answer to it)
DATA_WORDS = ("text", "texts", "data", "content", "contents", "document", "documents", "audio", "recording",
              "recordings", "file", "files", "note", "notes", "image", "images", "input", "inputs", "텍스트",
              "데이터", "문서", "오디오", "녹음", "녹취", "파일", "이미지", "내용", "입력", "文字", "文本", "資料",
              "数据", "數據", "文件", "音訊", "音频", "錄音", "檔案", "影像", "圖片", "內容", "輸入")

_PARTICLE_BIGRAM = re.compile(r"[가-힣][는은을를요]")  # a Hangul bigram ending in a topic or object particle or the
# polite ending ("키는요?": "and the root access keys?"): it joins a word to the grammar, no word of what is asked
# ... and one of a verb ending that asks ("암호화 되나요?", "켜야 하나요?", "있을까", "될까요"): how it asks, no word of
# what ("스냅샷도 암호화 되나요?" asked of "되나", which no record has; trial 67g)
_ENDING_BIGRAM = re.compile(r"[되돼하있없않될할](?:나|까|죠|니|냐)")


@functools.cache
def structure_tokens() -> frozenset[str]:
    """STRUCTURE_WORDS, REQUEST_WORDS and COMPARE_WORDS as tokens (once per process)."""
    return frozenset(t for w in (*STRUCTURE_WORDS, *REQUEST_WORDS, *COMPARE_WORDS) for t in tokenize(w))


@functools.cache
def data_tokens() -> frozenset[str]:
    """DATA_WORDS as tokens (once per process)."""
    return frozenset(t for w in DATA_WORDS for t in tokenize(w))


def document_names(docs: Iterable[dict], named: Collection[str]) -> list[str]:
    """The titles and data/sources.yaml aliases of the documents in `named` (`docs`: the index's document records)."""
    return [n for d in docs if d["doc_id"] in named
            for n in (d.get("title") or "", *((d.get("meta") or {}).get("aliases") or ())) if n]


def words_in(words: dict[str, float], text: str) -> dict[str, float]:
    """Those of `words` (token -> idf, as `specific_words` gives them) that `text` holds: a question's words in one part
    of it (the phrase that asks, the part after a scene)."""
    held = set(tokenize(text))
    return {t: w for t, w in words.items() if t in held}


def specific_words(relevance: Relevance, analyzer: Analyzer, analysis: Analysis, sections: list[Section],
                   query: Query, ignore: set[str] = frozenset(), common: bool = False) -> dict[str, float]:
    """The question's specific words (Relevance.specific): not the names of the sections it names (their subjects
    stay: "segment our network" names Amazon VPC and asks of segmentation),
    not the terms of the topics it asks, not the tokens in `ignore` (with `common`, words in many records too).
    token -> idf over the records."""
    ignore = set(ignore) | structure_tokens()
    for s in sections:
        for label in s.labels(subjects=False):  # (the subjects it speaks of are what the question asks of it)
            ignore.update(tokenize(label))
    for word in [*analysis.kind_words, *analysis.ask_words]:  # ("and for the database?" after Aurora: a name, as
        ignore.update(tokenize(word))  # "Aurora" would be; "required or optional": how it asks)
    for t in analysis.topics:
        for term in analyzer.topic(t).terms:
            ignore.update(tokenize(term))
    ignore.update(t for t in tokenize(query.text) if _PARTICLE_BIGRAM.fullmatch(t) or _ENDING_BIGRAM.fullmatch(t))
    return relevance.specific(query, ignore, common)


def named_document_words(relevance: Relevance, analyzer: Analyzer, analysis: Analysis, sections: list[Section],
                         query: Query, named: list[str] = ()) -> dict[str, float]:
    """`specific_words`, without the words naming the documents in `named` (their title and data/sources.yaml
    aliases, and NAMING_WORDS): "2016년 AWS 보안 모범 사례 백서에서 맬웨어 방지 관련해서 뭐라고 권장해?" is about
    malware, not about records that say "best practice" or "2016"."""
    naming = [*NAMING_WORDS, *document_names(relevance.index.docs, named)] if named else []
    ignore = {t for text in naming for t in tokenize(text)}
    return specific_words(relevance, analyzer, analysis, sections, query, ignore)
