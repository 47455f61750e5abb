"""A question's clauses, and what asking in a clause of its own means for an answer: the sections a clause names
alone are each asked about (none is named in passing), and a topic asked in a clause that has none of the
question's specific words is asked for as such ("Snowball 匯入作業的目標 S3 儲存貯體要怎麼挑？支援哪種
伺服器端加密？")."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.catalog import merge_mentions, norm
from kb.keyword import tokenize

if TYPE_CHECKING:
    from kb.analysis import Analysis, Analyzer

# where a question's clauses part: a sentence end, ", and/but/or" (English), a Chinese comma or a semicolon
_CLAUSE = re.compile(r"[?？!！。\n]\s*|,\s*(?:and|but|or)\s+|\s+and\s+(?=(?:do|does|is|are|can|must|should|will)\s)"
                     r"|\s+and\s+(?=(?:how|where|which|why|what)\s+(?:\w+\s+){0,3}?(?:do|does|is|are|can|must|should|will"
                     r"|would)\s)"
                     r"|,\s*(?:그리고|그런데|또한)\s+|(?<=[가-힣][고며]),\s*|[，；;]"
                     r"|(?<=[\u3400-\u9fff]),\s*(?=[\u3400-\u9fff])")
# (a comma typed as "," between Chinese characters parts as "，" does: "DR 演練在 AWS 上建議怎麼做,要跨
# region 嗎", two clauses; ", 그리고" parts a Korean question as ", and" does an English one; so does a verb
# joined by -고 or -며 before a comma: "저장 데이터 암호화는 어떻게 하고, 퍼블릭 엔드포인트로 접근
# 가능한가요?"; and "and" before a question's verb: "Is Athena ok for PHI queries and do the query results
# need to be encrypted?"), or before a question word and its verb: "do we need to keep cloudtrail logs and
# where should they be stored")


def split(question: str) -> list[str]:
    """The clauses of `question`, in order, none empty."""
    return [c for c in _CLAUSE.split(question) if c.strip()]


_PHRASE = re.compile(r"[?？!！。\n,，、；;:：]|\.\s")  # what ends a phrase of a question, commas too


def without_premises(question: str, premise: re.Pattern[str] | None) -> str:
    """`question` without the phrases before its last that set a scene (`premise`, asks.yaml: "When an Aurora cluster
    is encrypted with a KMS key we manage, ...", "S3 儲存 PHI 時，...", "...을 저장할 때, ..."); `question` itself when
    it has none. The phrases are those last_phrase splits on."""
    if premise is None:
        return question
    phrases = [p for p in _PHRASE.split(question) if p.strip()]
    kept = [p for p in phrases[:-1] if not premise.search(p)] + phrases[-1:]
    return " ".join(kept) if len(kept) < len(phrases) else question


# a scene ending inside a sentence: a Korean connective ("올릴때 ", "변환하면 ", "쓰는데 "), a Chinese "...時" or
# "...的話"
_SCENE_CONNECTIVE = re.compile(r"(?<=[가-힣])(?:때|면|는데|은데|니까|면서)\s|(?:時|的時候|的話|之後)[，,\s]?")


def after_the_scene(question: str) -> str:
    """`question` without the scenes its sentences set before what they ask ("통화 녹음 파일 s3에 올릴때
    버킷명이나 객체 이름에 환자 이름 써도 되나요": "버킷명이나 객체 이름에 환자 이름 써도 되나요"); a sentence
    setting none is kept whole ("錄音檔存在哪裡? 需要加密嗎")."""
    kept = []
    for sentence in re.split(r"(?<=[?？!！。])\s*", question):
        parts = _SCENE_CONNECTIVE.split(sentence)
        kept.append(parts[-1] if len(parts) > 1 and parts[-1].strip() else sentence)
    return " ".join(kept)


def last_phrase(question: str) -> str:
    """The last phrase of `question`, the one that asks ("病歷掃描檔上傳到 S3,用 Textract 擷取文字,...,
    每個服務分別要設定什麼?": "每個服務分別要設定什麼"); "" for none."""
    return next((c for c in reversed(_PHRASE.split(question)) if c.strip()), "")


# what parts the items of a list a clause enumerates ("MFA, root account, least privilege"; not "or": a choice)
_ITEM = re.compile(r"[,，、;/]|\s[-–—:]\s|\band\b|및|그리고|和|與|与|及|以及|還有|还有")  # (a spaced dash or colon
# ends the list's head: "... for admins - MFA, root account, least privilege")
LIST_MIN = 3  # items: two are a pair a clause names together, three a list of what is asked
# a part that opens by asking is the list's head, no item of it ("S3 and Glacier for long-term PHI archives - what
# should we set on each?" names two services, then asks; a Korean or Chinese list asks after its last item:
# "MFA 要怎麼設")
_ASKING_PART = re.compile(r"^\s*(?:(?:what|how|which|why|should|must|do we|can we|is it|are there)\b|어떻게|무엇|뭘|"
                          r"什麼|如何|怎麼|哪些)", re.I)


def parts(text: str) -> list[str]:
    """The parts of `text` between the words and marks that join the items of a list (commas, "and", "및", "和": "ECS
    on Fargate behind an ALB, Aurora Postgres, S3 for patient uploads")."""
    return [p for p in _ITEM.split(text) if p.strip()]


# a marker of a numbered or lettered item ("1)", "(b)", "2.", "③"), where a list of things to check starts each
_MARKER = re.compile(r"(?:^|(?<=[\s:：;；,，、]))(?:\([1-9a-h]\)|[1-9a-h]\)|[1-9][.．](?!\d)|[①-⑨])\s*")


def numbered_items(question: str) -> list[str]:
    """The items of a numbered or lettered list in `question` ("請確認：1) IoT Core 傳輸加密 2) Kinesis 靜態加密
    3) Athena ...", "Qs: (a) is HTTPS enforced on API GW ..., (b) ..."), two or more, each up to the next marker;
    else none. A ticket's items are what it asks; the services its scene names beside them are context."""
    marks = list(_MARKER.finditer(question))
    if len(marks) < 2:
        return []
    ends = [m.start() for m in marks[1:]] + [len(question)]
    return [question[m.end():end] for m, end in zip(marks, ends, strict=True)]


def list_items(question: str) -> list[str]:
    """The items of each clause of `question` that enumerates at least LIST_MIN of them besides a part that asks, in
    order ("What IAM practices ... - MFA, root account, least privilege?": its three items, the first with the clause's
    head)."""
    out: list[str] = []
    for clause in split(question):
        items = [p for p in _ITEM.split(clause) if p.strip()]
        if sum(not _ASKING_PART.search(p) for p in items) >= LIST_MIN:
            out += items
    return out


def asked_apart(analyzer: Analyzer, analysis: Analysis, clauses: list[str], question: str = "") -> frozenset[str]:
    """The ids of the sections `analysis` read from a question that one of its `clauses` (`split`) asking something
    names alone ("최소 권한 원칙이 뭔가요? 루트 계정은 평소에 써도 되나요?": IAM, then the account's root user); a
    family named alone names its members so beside a clause naming a service alone ("Who patches the OS on EC2, AWS or
    us? and for RDS?": the RDS engines; not beside a general chapter: "在責任共擔模型裡，RDS 這類服務被歸為哪一類？"
    asks of the model)."""
    if len(clauses) < 2 or len(analysis.services) < 2:
        return frozenset()
    named = {s.id for s in analysis.services}
    alone = [({s.id for s in a.services} & named if (a := analyzer.analyze(c)) is not None else set(), c)
             for c in clauses if _asks(analyzer, c, analysis.lang, question or clauses[-1])]
    out = {next(iter(ids)) for ids, _ in alone if len(ids) == 1}
    if any(analyzer.catalog.get(sid).kind == "service" for sid in out):
        out |= {sid for ids, clause in alone if len(ids) > 1 and _one_family(analyzer, clause) for sid in ids}
    return frozenset(out)


def _asks(analyzer: Analyzer, clause: str, lang: str, question: str) -> bool:
    """Does a clause of `question` ask something: yes or no, openly, or with a question mark after it? Not one setting a
    scene ("懷疑放 PHI 的 EC2 被入侵了，事件應變流程要怎麼做？": EC2 is where it happened, not a service asked
    about apart from the incident-response chapter)."""
    return analyzer.clause_asks(clause, lang) is not None or analyzer.flagged(clause, lang, "open") \
        or marked(clause, question) or clause.strip() == question.strip()


def marked(clause: str, question: str) -> bool:
    """Does a question mark follow `clause` (one of `split`'s) in `question` ("S3 버킷은 기본적으로 비공개죠?": split
    drops it)?"""
    return re.search(re.escape(clause.strip()) + r"\s*[?？]", question) is not None


def _one_family(analyzer: Analyzer, clause: str) -> bool:
    """Does `clause` name services only by one family name ("and for RDS?")?"""
    own, family = analyzer.catalog.mentions_split(clause)
    return not any(s.kind == "service" for s, _, _ in own) and len({(start, end) for _, start, end in family}) == 1


def each_asked(analysis: Analysis) -> frozenset[str]:
    """The ids of the services a question asks of one by one ("We stream PHI from Kinesis Data Streams into S3 via
    Firehose. What must we configure on each?", "각각", "各自"): all it names, two or more; a question saying it asks of
    two ("兩邊各自") while it names three names one in passing, and gets none. A question asking what a pipeline of
    LIST_MIN or more services needs as a whole asks of each too."""
    ids = frozenset(s.id for s in analysis.services)
    if analysis.whole and len(ids) >= LIST_MIN and not analysis.both:  # a pipeline asked about as a whole ("API
        return ids  # Gateway 接收請求，Lambda 處理後存入 S3，需要注意什麼？": S3, where it lands, too)
    if not analysis.each or len(ids) < 2 or (analysis.both and len(ids) != 2):
        return frozenset()
    return ids


# between two services named together ("Lambda and S3", "SQS랑 Lambda", "SQS 和 SNS") or set against each other ("KMS vs
# CloudHSM", "DynamoDB 아니면 RDS", "Redshift 還是 Athena"): each is asked about
_BETWEEN = re.compile(r"\bbetween\b|之間|之间|사이")
_CHOOSING = re.compile(r"\b(?:choos\w*|pick\w*|decid\w*|differences?|compar\w*) between\b|사이에서\s*(?:선택|고르|골라)"
                       r"|(?:之間|之间)(?:選|选|挑|怎麼選|的差)")  # "choose between KMS and CloudHSM" sets them against
_TOGETHER = re.compile(r"\s*(?:and|&|/|,|or|vs\.?|versus|와|과|랑|이랑|하고|및|또는|혹은|아니면"
                       r"|和|跟|與|及|、|或|還是|还是|-+>|=+>|[→⇒➔➜➝➞➡])\s*")  # (an arrow links the stages of a
# pipeline: "Kinesis Data Streams -> Firehose -> S3")


def named_together(analyzer: Analyzer, question: str) -> frozenset[str]:
    """The ids of the services `question` names side by side, joined by "and", "랑", "和" and the like ("Can we
    use Lambda and S3 with PHI?"): each is asked about, none named in passing."""
    key = norm(question)
    if _BETWEEN.search(key) and not _CHOOSING.search(key):
        return frozenset()  # "Athena 和 S3 之間傳輸的資料": what passes between them, about the first
    found = sorted((m for m in merge_mentions(*analyzer.catalog.mentions_split(question, short=True))
                    if m[0].kind == "service"), key=lambda m: m[1])  # (a short name too: "EMR or Glue for ETL")
    spans: dict[tuple[int, int], set[str]] = {}  # a family name's members share its span ("RDS vs EC2": every RDS
    for m in found:  # engine is side by side with EC2, not only the last one listed)
        spans.setdefault((m[1], m[2]), set()).add(m[0].id)
    out: set[str] = set()
    runs = sorted(spans.items())
    for ((_, a_end), a), ((b_start, _), b) in zip(runs, runs[1:], strict=False):
        if a != b and _TOGETHER.fullmatch(key[a_end:b_start]):
            out |= a | b
    return frozenset(out)


def bare_topics(analyzer: Analyzer, analysis: Analysis, clauses: list[str], words: dict[str, float]
                ) -> frozenset[str]:
    """The topics of `analysis` that one of a question's `clauses` (`split`; two or more) names by their own terms
    while it has none of the question's specific `words` (Relevance.specific); a clause asking of encryption and of no
    topic names both kinds read from it ("How do we set up encryption for Aurora MySQL? Are snapshots and read
    replicas encrypted too?": the first clause asks for encryption as such, not only for the copies)."""
    if len(clauses) < 2:
        return frozenset()

    def named(clause: str) -> list[str]:
        own = analyzer.topics_of(clause, question=True, plain=False)
        kinds = analysis.implied if analysis.encrypt_clause and analyzer.encrypt_clause(clause) else [
            t for t in analyzer.topics_of(clause, question=True) if own and t in analysis.implied]  # ("log 要加密嗎？":
        # the logs' encryption at rest, plain "加密" beside another topic's term)
        return [*own, *kinds]

    return frozenset(t for c in clauses if not set(tokenize(c)) & words.keys()
                     for t in named(c) if t in analysis.topics)
