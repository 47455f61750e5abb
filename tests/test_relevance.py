"""Relevance word weights and the narrowing to the question's specific words (tiny corpus)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ingest.pipeline import ingest
from kb import focus, pruning
from kb.clauses import asked_apart, bare_topics, list_items, named_together, numbered_items, split
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.facet import Facet
from kb.focus import narrow
from kb.pruning import drop_echoes, trim
from kb.specific import specific_words


@pytest.fixture
def kb(settings: Settings) -> KnowledgeBase:
    settings = replace(settings, min_score=0.2, closest_score=0.3)
    ingest(settings, log=lambda _: None)
    return KnowledgeBase(settings)


def test_stopwords_weigh_nothing_and_latin_words_weigh_by_their_records(kb: KnowledgeBase) -> None:
    relevance = kb.chain.relevance
    q = relevance.query("Which is the metadata of PHI zebra?", "en", None)
    w = q.record_weights
    assert {t: w[t] for t in ("which", "is", "the")} == {"which": 0.0, "is": 0.0, "the": 0.0}
    assert w["metadata"] > w["phi"] > 0.0  # one record has "metadata", five of the six have "PHI"
    # a word no record has cannot match, but still counts in the question's total (its idf over the chunks)
    assert w["zebra"] == q.weights["zebra"] > w["metadata"]
    assert "zebra" not in relevance.specific(q, set())
    assert q.weights is not None and q.weights["which"] == 0.0 and q.weights["metadata"] > 0.0


def test_specific_words_leave_out_names_stopwords_and_generic_words(kb: KnowledgeBase) -> None:
    relevance = kb.chain.relevance
    q = relevance.query("Can S3 object metadata hold PHI?", "en", None)
    # "hold" is generic here: two of the six records say "holding" (stemmed to one word)
    words = relevance.specific(q, {"s3"})
    assert set(words) == {"object", "metadata"}
    assert relevance.specific_fit(q, kb.requirements.get("s3.no-phi-in-names"), words) == 1.0
    assert relevance.specific_fit(q, kb.requirements.get("s3.transit-https"), words) == 0.0


def test_a_section_is_narrowed_to_the_records_with_the_question_s_specific_words(kb: KnowledgeBase) -> None:
    s3 = kb.catalog.get("s3")
    at_rest = Facet(s3, "encryption-at-rest", [kb.requirements.get("s3.encryption-at-rest-options")])
    names = Facet(s3, "no-phi-in-metadata", [kb.requirements.get("s3.no-phi-in-names"),
                                             kb.requirements.get("s3.transit-https")])
    fits = {"s3.no-phi-in-names": 0.6, "s3.transit-https": 0.2, "s3.encryption-at-rest-options": 0.0}
    assert narrow([at_rest, names], fits) == {id(at_rest)}
    assert [r.id for r in names.records] == ["s3.no-phi-in-names"]
    # below SPECIFIC_MIN the words say too little to narrow by
    weak = Facet(s3, "encryption-at-rest", [kb.requirements.get("s3.encryption-at-rest-options")])
    assert narrow([weak], {"s3.encryption-at-rest-options": focus.SPECIFIC_MIN / 2}) == set()
    assert len(weak.records) == 1


def test_a_section_named_after_the_subject_with_none_of_the_words_is_left_out(kb: KnowledgeBase) -> None:
    """"How should we mitigate DDoS attacks on EC2 web servers?": the chapter named first answers; EC2, asked
    about as a whole, has none of the question's words. The subject itself is never left out."""
    get = kb.requirements.get
    fits = {"s3.no-phi-in-names": focus.SPECIFIC_MIN, "s3.transit-https": 0.0}

    def facets() -> tuple[Facet, Facet]:
        return Facet(kb.catalog.get("s3"), None, [get("s3.no-phi-in-names")]), \
            Facet(kb.catalog.get("rds-postgresql"), None, [get("s3.transit-https")])

    chapter, passing = facets()
    assert narrow([chapter, passing], fits, subject="s3") == {id(passing)} and passing.records == []
    chapter, subject = facets()
    assert narrow([chapter, subject], fits, subject="rds-postgresql") == set() and len(subject.records) == 1
    chapter, topical = facets()
    topical.topic = "encryption-in-transit"  # a topic asked keeps its facet
    assert narrow([chapter, topical], fits, subject="s3") == set() and len(topical.records) == 1
    weak = {**fits, "s3.no-phi-in-names": focus.SPECIFIC_MIN / 2}  # too few words to judge by
    chapter, passing = facets()
    assert narrow([chapter, passing], weak, subject="s3") == set() and len(passing.records) == 1


def test_a_record_whose_statement_an_answer_already_makes_is_left_out(kb: KnowledgeBase) -> None:
    """The whitepaper says some things twice (its encryption options in the introduction and again in its
    encryption chapter): two records, one statement, listed once."""
    s3 = kb.catalog.get("s3")
    https = kb.requirements.get("s3.transit-https")
    twin = replace(https, id="s3.transit-https-again")
    facets = [Facet(s3, "encryption-in-transit", [https]), Facet(s3, "no-phi-in-metadata", [twin])]
    assert drop_echoes(facets, lambda r: 1, lambda r: None) == {id(facets[1])}  # dropped, never "not covered"
    assert [[r.id for r in f.records] for f in facets] == [["s3.transit-https"], []]


def test_a_facet_keeps_its_only_record_when_that_record_is_merely_similar_to_another(kb: KnowledgeBase) -> None:
    """Only a record said word for word elsewhere empties a facet; one similar in meaning to another section's record
    stays when it is all its facet has (a question about both services), and goes when the facet has another."""
    s3, postgres = kb.catalog.get("s3"), kb.catalog.get("rds-postgresql")
    https = kb.requirements.get("s3.transit-https")
    pg = kb.requirements.get("rds-postgresql.transit-encryption")
    same = np.ones(4, dtype=np.float32) / 2  # cosine 1.0: an echo by meaning

    def facets(*extra):
        return [Facet(s3, "encryption-in-transit", [https]), Facet(postgres, "encryption-in-transit", [pg, *extra])]
    alone = facets()
    assert drop_echoes(alone, lambda r: 1 if r is https else 2, lambda r: same) == set()
    assert [[r.id for r in f.records] for f in alone] == [["s3.transit-https"], ["rds-postgresql.transit-encryption"]]
    other = kb.requirements.get("rds-postgresql.keep-evaluating")
    beside = facets(other)
    assert drop_echoes(beside, lambda r: 1 if r is https else 2, lambda r: same if r is not other else -same) == set()
    assert [[r.id for r in f.records] for f in beside] == [["s3.transit-https"], ["rds-postgresql.keep-evaluating"]]


def test_a_facet_s_later_records_are_listed_only_when_a_sentence_of_theirs_fits(kb: KnowledgeBase) -> None:
    s3 = kb.catalog.get("s3")
    get = kb.requirements.get
    names, https, at_rest = get("s3.no-phi-in-names"), get("s3.transit-https"), get("s3.encryption-at-rest-options")
    fit = {names.id: 1.0, https.id: 1.0 - pruning.QUOTE_FOCUS, at_rest.id: 0.5}.__getitem__
    facet = Facet(s3, "no-phi-in-metadata", [names, https, at_rest])
    trim([facet], lambda r: fit(r.id))
    assert [r.id for r in facet.records] == ["s3.no-phi-in-names", "s3.transit-https"]
    lower = {names.id: 1.0, https.id: 0.6, at_rest.id: 0.5}.__getitem__
    alone = Facet(s3, "encryption-at-rest", [at_rest, https])  # its first record stays, however it fits
    whole = Facet(s3, None, [at_rest, https])  # a service asked about as a whole keeps all
    trim([Facet(s3, "no-phi-in-metadata", [names]), alone, whole], lambda r: lower(r.id))
    assert [r.id for r in alone.records] == ["s3.encryption-at-rest-options"] and len(whole.records) == 2
    # a "must we?" keeps the facet's obligation on its topic, however its sentences fit
    transit = Facet(s3, "encryption-in-transit", [at_rest, https])
    trim([Facet(s3, "no-phi-in-metadata", [names]), transit], lambda r: lower(r.id), necessity=True)
    assert [r.id for r in transit.records] == ["s3.encryption-at-rest-options", "s3.transit-https"]


def test_a_service_asked_about_as_a_whole_lists_more_of_its_records(kb: KnowledgeBase) -> None:
    """"What do we have to configure for X?" lists up to GENERAL_PER_FACET records of X, a narrower question
    PER_FACET (every record here fits alike, so only the caps decide)."""
    from kb.analysis import Analysis
    s3 = kb.catalog.get("s3")
    records = list(kb.requirements)[:focus.GENERAL_PER_FACET]
    scores = {r.id: 1.0 for r in records}
    asked = Facet(s3, None, list(records), whole=True)
    assert len(focus.focus([asked], scores, Analysis(lang="en"))[0].records) == focus.GENERAL_PER_FACET
    narrower = Facet(s3, None, list(records))
    assert len(focus.focus([narrower], scores, Analysis(lang="en"))[0].records) == focus.PER_FACET



def test_a_statement_forbids_at_its_start_or_after_a_leading_condition() -> None:
    from kb.requirements import Requirement

    def says(en: str) -> Requirement:
        return Requirement("x.y", "x", "other", "must", {"en": en, "ko": en, "zh": en}, ())

    assert says("Do not put PHI in bucket names.").forbids
    assert says("When an Amazon S3 event triggers a Lambda function, keep PHI out of the object name.").forbids
    assert not says("If you do not use SQS server-side encryption, encrypt the payload first.").forbids
    assert not says("Encrypt PHI at rest.").forbids


def test_chinese_bigrams_across_an_ignored_word_and_lone_characters_are_no_words_of_the_question() -> None:
    from kb.relevance import _straddling_han

    # "加密" is a topic term: "密有" straddles its edge; "對" stands alone between Latin words
    assert _straddling_han("Amazon Lex 對 PHI 加密有什麼要求？", {"加密"}) == {"对", "密有"}
    assert _straddling_han("靜態加密", {"加密"}) == {"态加"}
    assert _straddling_han("Amazon Lex 對 PHI 加密有什麼要求？", set()) == {"对"}


def test_only_the_service_itself_not_supporting_something_answers_may_we_with_no() -> None:
    from kb.verdict import UNSUPPORTED

    assert UNSUPPORTED.search("Amazon MSK does not support public endpoints.")
    assert UNSUPPORTED.search("SQL Server Express Edition is not supported.")
    assert not UNSUPPORTED.search("For applications and protocols that do not support encryption, use IPsec tunnels.")


def test_services_asked_together_list_what_each_says_of_the_other(kb: KnowledgeBase) -> None:
    """A record of one service naming another asked with it is listed under it, once, when it is on the point."""
    get = kb.requirements.get
    s3, rds = kb.catalog.get("s3"), kb.catalog.get("rds-postgresql")
    names = {"rds-postgresql.transit-encryption": {"s3"}, "rds-postgresql.keep-evaluating": {"s3"}}
    ranked = {"rds-postgresql": [(0.9, get("rds-postgresql.keep-evaluating")),
                                 (0.8, get("rds-postgresql.transit-encryption"))],
              "s3": [(0.9, get("s3.transit-https"))]}

    def facets() -> list[Facet]:
        return [Facet(s3, None, [get("s3.transit-https")]),
                Facet(rds, "encryption-at-rest", [get("rds-postgresql.keep-evaluating")])]

    pair = facets()
    pruning.join(pair, ranked, lambda r: names.get(r.id, set()), lambda r: True)
    assert [r.id for r in pair[1].records] == ["rds-postgresql.keep-evaluating", "rds-postgresql.transit-encryption"]
    assert [r.id for r in pair[0].records] == ["s3.transit-https"]  # no S3 record names RDS
    off_point = facets()
    pruning.join(off_point, ranked, lambda r: names.get(r.id, set()), lambda r: False)
    assert [r.id for r in off_point[1].records] == ["rds-postgresql.keep-evaluating"]


def test_a_place_that_speaks_of_a_topic_for_every_service_defers_to_the_subject_that_answers(
        kb: KnowledgeBase) -> None:
    """Named beside the subject that answers, such a section lists only its records naming the subject; a facet so
    emptied is dropped. Without an answering subject nothing changes."""
    get = kb.requirements.get
    s3, rds = kb.catalog.get("s3"), kb.catalog.get("rds-postgresql")
    names = {"rds-postgresql.transit-encryption": {"s3"}}

    def facets() -> list[Facet]:
        return [Facet(s3, "encryption-in-transit", [get("s3.transit-https")]),
                Facet(rds, "encryption-in-transit", [get("rds-postgresql.transit-encryption")]),
                Facet(rds, "encryption-at-rest", [get("rds-postgresql.keep-evaluating")])]

    deferred = facets()
    pruning.defer(deferred, "s3", {"rds-postgresql"}, lambda r: names.get(r.id, set()))
    assert [[r.id for r in f.records] for f in deferred] == [["s3.transit-https"],
                                                              ["rds-postgresql.transit-encryption"]]
    silent = facets()
    silent[0].records = []
    pruning.defer(silent, "s3", {"rds-postgresql"}, lambda r: names.get(r.id, set()))
    assert len(silent) == 3 and silent[2].records
    silent_on_it = facets()  # the subject answers only in transit: the place keeps its records at rest
    silent_on_it[0] = Facet(s3, "encryption-at-rest", [])
    silent_on_it.insert(0, Facet(s3, "encryption-in-transit", [get("s3.transit-https")]))
    pruning.defer(silent_on_it, "s3", {"rds-postgresql"}, lambda r: names.get(r.id, set()))
    assert [(f.topic, [r.id for r in f.records]) for f in silent_on_it] == [
        ("encryption-in-transit", ["s3.transit-https"]), ("encryption-at-rest", []),
        ("encryption-in-transit", ["rds-postgresql.transit-encryption"]),
        ("encryption-at-rest", ["rds-postgresql.keep-evaluating"])]
    compared = facets()  # "S3 vs RDS for PostgreSQL?": asked about beside the subject, it keeps its records
    pruning.defer(compared, "s3", {"rds-postgresql"}, lambda r: names.get(r.id, set()), frozenset({"rds-postgresql"}))
    assert [[r.id for r in f.records] for f in compared] == [
        ["s3.transit-https"], ["rds-postgresql.transit-encryption"], ["rds-postgresql.keep-evaluating"]]


def test_a_topic_asked_in_a_clause_of_its_own_keeps_its_best_record(kb: KnowledgeBase) -> None:
    """"... 要怎麼挑？支援哪種伺服器端加密？": the second clause has none of the question's words and asks for the
    topic as such; its best-ranked record stays beside those the words keep."""
    get = kb.requirements.get

    def facet() -> Facet:
        return Facet(kb.catalog.get("s3"), "encryption-in-transit", [
            get("rds-postgresql.transit-encryption"), get("s3.no-phi-in-names"), get("s3.transit-https")])

    fits = {"rds-postgresql.transit-encryption": 0.6}
    words_only = facet()
    narrow([words_only], fits)
    assert [r.id for r in words_only.records] == ["rds-postgresql.transit-encryption"]
    clause = facet()  # the best-ranked record of the topic, not the names rule ranked before it
    narrow([clause], fits, bare=frozenset({"encryption-in-transit"}))
    assert [r.id for r in clause.records] == ["rds-postgresql.transit-encryption", "s3.transit-https"]


def test_clauses_of_a_question_name_sections_apart_and_topics_bare(kb: KnowledgeBase) -> None:
    analyzer, relevance = kb.chain.analyzer, kb.chain.relevance

    def read(question: str) -> tuple[frozenset[str], frozenset[str]]:
        a = analyzer.analyze(question)
        q = relevance.query(question, a.lang, None)
        clauses = split(question)
        return asked_apart(analyzer, a, clauses), bare_topics(analyzer, a, clauses,
                                                              specific_words(relevance, analyzer, a, a.services, q))

    # (in the tiny corpus "object" and "hold" are generic: no clause has a specific word, each topic is asked bare)
    assert read("Can S3 object metadata hold PHI? And RDS for PostgreSQL connections?") == (
        frozenset({"s3", "rds-postgresql"}), frozenset({"no-phi-in-metadata", "encryption-in-transit"}))
    assert read("Which S3 object metadata can hold PHI? What about server-side encryption?") == (
        frozenset(), frozenset({"no-phi-in-metadata", "encryption-at-rest"}))
    assert read("Can S3 object metadata hold PHI, and what server-side encryption?") == (
        frozenset(), frozenset({"no-phi-in-metadata", "encryption-at-rest"}))  # ", and" parts clauses too
    assert read("Which server-side encryption covers S3 object metadata?") == (frozenset(), frozenset())
    assert split("S3에 PHI 저장해도 되는지, 그리고 감사 로깅은 어디서 켜는지 알려줘") == [
        "S3에 PHI 저장해도 되는지", "감사 로깅은 어디서 켜는지 알려줘"]  # ", 그리고" parts as ", and" does
    assert split("MSK 저장 데이터 암호화는 어떻게 하고, 퍼블릭 엔드포인트로 접근 가능한가요?") == [
        "MSK 저장 데이터 암호화는 어떻게 하고", "퍼블릭 엔드포인트로 접근 가능한가요"]  # so does a verb's -고 and
    # a comma
    assert split("S3하고 DynamoDB, 둘 다 되나요?") == ["S3하고 DynamoDB, 둘 다 되나요"]  # (not a noun's 하고 alone)
    assert split("Is Athena ok for PHI queries and do the query results need to be encrypted?") == [
        "Is Athena ok for PHI queries", "do the query results need to be encrypted"]  # "and" before a question's verb
    assert split("Do we encrypt and log S3 access?") == ["Do we encrypt and log S3 access"]
    assert split("DR 演練在 AWS 上建議怎麼做,要跨 region 嗎") == [
        "DR 演練在 AWS 上建議怎麼做", "要跨 region 嗎"]  # (a comma typed as "," between Chinese characters parts as
    # "，" does; not one between Latin words: "S3, EBS")
    assert split("S3, EBS 都要加密嗎") == ["S3, EBS 都要加密嗎"]
    words = {"metadata": 1.0}  # a clause with a word of the question asks for more than its topic
    a = kb.chain.analyzer.analyze("Which S3 object metadata can hold PHI? What about server-side encryption?")
    q = relevance.query("Which S3 object metadata can hold PHI? What about server-side encryption?", "en", None)
    assert bare_topics(kb.chain.analyzer, a, split(q.text), words) == frozenset({"encryption-at-rest"})


def test_services_named_side_by_side_are_each_asked_about(kb: KnowledgeBase) -> None:
    """"S3 and Amazon RDS for PostgreSQL" (or 랑, 和; or "vs", "or", 아니면, 還是) names both as what is asked about;
    "between" names a relation (unless it is a choice between them),
    and a service named as where data goes is not joined to the other."""
    analyzer = kb.chain.analyzer
    for question in ("Can we use S3 and Amazon RDS for PostgreSQL with PHI?",
                     "S3랑 Amazon RDS for PostgreSQL 암호화는?", "S3 和 Amazon RDS for PostgreSQL 可以放 PHI 嗎？"):
        assert named_together(analyzer, question) == {"s3", "rds-postgresql"}, question
    for question in ("S3 vs Amazon RDS for PostgreSQL for PHI?", "Should we use S3 or Amazon RDS for PostgreSQL?",
                     "S3 아니면 Amazon RDS for PostgreSQL 중 뭐가 나아요?", "S3 還是 Amazon RDS for PostgreSQL？",
                     "Should we choose between S3 and Amazon RDS for PostgreSQL?"):  # set against each other
        assert named_together(analyzer, question) == {"s3", "rds-postgresql"}, question
    for question in ("S3 -> Amazon RDS for PostgreSQL: where do we encrypt?",
                     "S3 → Amazon RDS for PostgreSQL 파이프라인"):
        assert named_together(analyzer, question) == {"s3", "rds-postgresql"}, question  # a pipeline's stages
    assert named_together(analyzer, "What is encrypted between S3 and Amazon RDS for PostgreSQL?") == frozenset()
    assert named_together(analyzer, "Export Amazon RDS for PostgreSQL snapshots into S3?") == frozenset()


def test_a_section_asked_apart_is_never_one_named_in_passing(kb: KnowledgeBase) -> None:
    get = kb.requirements.get
    s3, rds = kb.catalog.get("s3"), kb.catalog.get("rds-postgresql")
    scores = {"s3.no-phi-in-names": 1.0, "rds-postgresql.transit-encryption": 0.8}
    analysis = kb.chain.analyzer.analyze("Can S3 object metadata hold PHI? And RDS for PostgreSQL connections?")

    def run(apart: frozenset[str]) -> list[str]:
        facets = [Facet(s3, None, [get("s3.no-phi-in-names")]),
                  Facet(rds, None, [get("rds-postgresql.transit-encryption")])]
        names = {"s3.no-phi-in-names": {"rds-postgresql"}}
        return [f.section.id for f in focus.focus(facets, scores, analysis, lambda r: names.get(r.id, set()),
                                                  apart=apart)]

    assert run(frozenset()) == ["s3"]  # 0.8 < SECTION_SHARE of S3's, and S3's record names it
    assert run(frozenset({"rds-postgresql"})) == ["s3", "rds-postgresql"]


def test_a_fallback_record_comes_after_the_measure_it_falls_back_from() -> None:
    """"If you do not use Amazon SQS server-side encryption, encrypt the payload" is listed after the server-side
    encryption record, however that one scored; a measure no record states adds nothing."""
    from kb.requirements import Requirement

    def rec(rid: str, en: str, topic: str = "encryption-at-rest") -> Requirement:
        return Requirement(rid, "sqs", topic, "must", {"en": en, "ko": en, "zh": en}, ())

    sse = rec("sqs.sse", "Protect Amazon SQS messages at rest with server-side encryption integrated with AWS KMS.")
    fallback = rec("sqs.fallback", "If you do not use Amazon SQS server-side encryption, encrypt the message payload.")
    https = rec("sqs.https", "Encrypt Amazon SQS server-side traffic with HTTPS.", "encryption-in-transit")
    assert focus.with_measure([fallback], [fallback, https, sse]) == [sse, fallback]
    assert focus.with_measure([fallback], [fallback, https]) == [fallback]  # another topic's record is no measure
    assert focus.with_measure([sse, fallback], [sse, fallback]) == [sse, fallback]


@pytest.mark.parametrize("question,items", [
    ("What IAM practices should we follow for admins - MFA, root account, least privilege?",
     ["What IAM practices should we follow for admins", "MFA", " root account", " least privilege"]),
    ("관리자 계정: MFA, 루트 계정, 최소 권한은?", ["관리자 계정: MFA", " 루트 계정", " 최소 권한은"]),
    ("加密、備份和日誌要怎麼設定？", ["加密", "備份", "日誌要怎麼設定"]),
    ("Lambda and S3?", []),  # two are a pair named together, not a list
    ("Is it TLS or SSE, and which key?", []),  # "or" offers a choice
    # a part that asks is no item: two services, then a question
    ("S3 and Glacier for long-term PHI archives - what should we set on each?", []),
    ("root 帳號、IAM 使用者、MFA 要怎麼設？", ["root 帳號", "IAM 使用者", "MFA 要怎麼設"]),
])
def test_the_items_of_a_list_a_question_enumerates(question: str, items: list[str]) -> None:
    assert list_items(question) == items


@pytest.mark.parametrize("question,items", [
    ("請確認：1) IoT Core 傳輸加密 2) Kinesis 靜態加密 3) Athena 結果", ["IoT Core 傳輸加密 ", "Kinesis 靜態加密 ",
                                                                      "Athena 結果"]),
    ("Qs: (a) HTTPS on API GW, (b) re-encrypt CWL?", ["HTTPS on API GW, ", "re-encrypt CWL?"]),
    ("① S3 ② EFS", ["S3 ", "EFS"]),
    ("Do we need TLS 1.2 on ELB? and 2.0 clients?", []),  # (versions are no markers)
    ("1) only one item", []),
])
def test_the_numbered_items_of_a_ticket(question: str, items: list[str]) -> None:
    assert numbered_items(question) == items
