"""Answers on the real corpus (trial round, stop 43): a question of two yes/no parts only one of which asks about
every service, blocking plain HTTP, putting PHI in a service, a breach notice under the BAA, Korean letters for a
service name. (An edition a service allows PHI in alone: tests/test_real_models.py.)"""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

pytestmark = pytest.mark.slow


def test_a_second_clause_about_every_service_does_not_answer_the_first(full_index: Settings) -> None:
    """"Does AWS sign a BAA, and can we put PHI in any AWS service?" was answered "No." (by "only in the eligible
    services"), which reads as "AWS signs no BAA"."""
    kb = KnowledgeBase(full_index)
    for q in ("Does AWS sign a BAA, and can we put PHI in any AWS service?",
              "AWS가 BAA에 서명해 주나요? 그리고 모든 서비스에 PHI를 넣어도 되나요?"):
        a = kb.ask(q)
        assert a.verdict is None, q
        assert "baa.phi-only-in-eligible-services" in a.records, q
    assert kb.ask("Does the BAA let us put PHI in any AWS service?").verdict == "no"


def test_blocking_plain_http_asks_for_encrypted_transport(full_index: Settings) -> None:
    """"S3 bucket 政策要怎麼設才能擋掉 HTTP？" listed only "buckets are private by default" (its 才能 was read as a
    word of the question, and blocking HTTP as no topic); "擋掉HTTP" without a space reads the same."""
    kb = KnowledgeBase(full_index)
    for q in ("S3 bucket 政策要怎麼設才能擋掉 HTTP？", "S3 bucket 政策要怎麼設才能擋掉HTTP？",
              "S3 버킷 정책으로 HTTP차단하려면?", "how do we block http to our S3 bucket"):
        a = kb.ask(q)
        assert "encryption-in-transit" in a.topics, q
        assert a.records[0] == "s3.transit-https", q
    a = kb.ask("Should PHI be sent to an OpenSearch cluster over plain HTTP?")  # plain HTTP asks about transit, and
    # "should" asked of it is "Not recommended." by "send all PHI over HTTPS" (stop 62; it asked no topic before, as
    # "Recommended." would have read as sending it over HTTP)
    assert a.topics == ["encryption-in-transit"] and a.verdict == "discouraged"


def test_putting_phi_in_a_service_asks_to_store_it(full_index: Settings) -> None:
    """"Route 53 能放 PHI 嗎" was answered "是。" by the line saying Route 53 has a section of its own; the section
    says no PHI goes in its names or tags and it only gives access to the resources that hold PHI."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Route 53 能放 PHI 嗎")
    assert (a.verdict, a.records[0]) == ("no", "route53.no-phi-in-names-or-tags")


def test_a_breach_notice_under_the_baa_is_a_legal_matter(full_index: Settings) -> None:
    """"Under the BAA how many days does AWS have to notify us of a breach of unsecured PHI?" was answered with the
    BAA's encryption records, the same line under two headings."""
    kb = KnowledgeBase(full_index)
    for q in ("Under the BAA how many days does AWS have to notify us of a breach of unsecured PHI?",
              "BAA상 AWS는 침해 사실을 며칠 안에 알려줘야 하나요?"):
        a = kb.ask(q)
        assert a.abstained, q
    assert not kb.ask("Does the BAA require encrypting PHI?").abstained


def test_elastic_beanstalk_in_korean_letters_is_named(full_index: Settings) -> None:
    """"엘라스틱 빈스톡 환경 이름에 환자ID 붙여서 만들어도 되나요?" was answered with Connect, App Mesh and WorkDocs."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("엘라스틱 빈스톡 환경 이름에 환자ID 붙여서 만들어도 되나요?")
    assert [s.id for s in a.services] == ["elastic-beanstalk"]
    assert a.verdict == "no"


def test_a_measure_the_documents_do_not_speak_of_is_no_yes_by_the_rule(full_index: Settings) -> None:
    """A "must we?" about key rotation (KMS 고객관리형 키 자동 로테이션) opened "예 (by the rule for every service)."
    then said the documents do not cover key rotation; "encrypt PHI" does not say whether rotation is required. A
    place PHI is put keeps the rule's "Yes." ("Must we encrypt Lambda environment variables?")."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("KMS 고객관리형 키 자동 로테이션 켜야 하나요? HIPAA 기준으로 키 교체 주기 정해진 거 있나요?")
    assert a.verdict is None
    assert a.answer.startswith("문서는 고객 KMS 키 교체(로테이션)에 대해 다루지 않습니다.")
    assert kb.ask("Must we encrypt Lambda environment variables?").verdict == "yes"
