"""Names no document mentions (kb/unmentioned.py), over a small text standing in for the documents."""
from __future__ import annotations

import pytest

from kb.catalog import Catalog
from kb.config import Settings
from kb.unmentioned import Unmentioned, without_names

SETTINGS = Settings.from_env({})
TEXTS = {"doc": "Amazon S3 버킷은 SSE-S3로 암호화합니다. 네트워크 ACL과 NACL 규칙, 외부 IdP, Java 7."}
FINDER = Unmentioned(Catalog.load(SETTINGS.catalog_path), TEXTS, also=["AWS Security Best Practices", "SG"])


@pytest.mark.parametrize(("question", "lang", "names"), [
    ("Can we federate console access from Okta with SAML?", "en", ["Okta", "SAML"]),  # a capitalised word, an acronym
    ("문서에 HITRUST 인증 얘기 있나요?", "ko", ["HITRUST"]),
    ("Okta를 IdP로 쓰려는데 Okta도 BAA 범위에 들어가나요?", "ko", ["Okta"]),  # a particle is no part of the name
    ("Is HITRUST CSF certification inherited?", "en", ["HITRUST CSF"]),  # a run of such words is one name
    ("is all of this available incl. GovCloud?", "en", ["GovCloud"]),  # an inner capital
    ("Okta SSO for the console?", "en", []),  # an English sentence's first word is capitalised whatever it is
    ("Should we use NACLs and SGs in S3?", "en", []),  # a plural of a word the documents (or `also`) have
    ("Ticket INFRA-4471: Java app on Amazon S3?", "en", []),  # a ticket (digits); a word of the documents; a name
    ("Per the Best Practices paper, is MFA required?", "en", []),  # a document's title; an ordinary acronym
    ("Is Amazon Aurora Eligible For PHI With Okta?", "en", []),  # Title Case: capitals say nothing
    ("can we use okta?", "en", []),  # lower case: a word, not a name
    ("RDS (Performance Java) 보존 기간은?", "ko", ["Performance Java"]),  # a capitalised word the documents have, after
    ("Can we use Okta Java and SAML?", "en", ["Okta Java", "SAML"]),  # a name, is of it ("Performance Insights")
    ("Can we use Java Okta?", "en", ["Okta"]),  # (before it, not: "Aurora Serverless ACU")
    ("Okta NACL rules?", "ko", ["Okta"]),  # (an acronym stands alone)
])
def test_names(question: str, lang: str, names: list[str]) -> None:
    assert FINDER.names(question, lang) == names


def test_known_words_are_skipped() -> None:
    """Words the question was read as misspelling ("Medcial" of Comprehend Medical) are no unmentioned names."""
    assert FINDER.names("is Comprehend Medcial ok?", "en", known=["Medcial"]) == []
    assert FINDER.names("is Comprehend Medcial ok?", "en") == ["Medcial"]


def test_without_names_drops_the_word_after_each_name() -> None:
    assert without_names("문서에 HITRUST 인증 얘기 있나요?", ["HITRUST"]).split() == ["문서에", "얘기", "있나요?"]
    assert without_names("Okta, and MFA?", ["Okta"]) == " , and MFA?"


def test_mentioned_names() -> None:
    """The names the documents do have: "SOC" beside "HITRUST" is something else the question asks about."""
    assert FINDER.mentioned("HITRUST? SOC 2 報告 and the Java app?", "en") == ["Java"]
    assert FINDER.mentioned("문서에 HITRUST 인증 얘기 있나요?", "ko") == []


def test_a_name_glossing_words_the_documents_have_is_mentioned() -> None:
    """"전용 인스턴스(Dedicated Instance)": the English name glosses words the documents have (the Korean edition says
    전용 인스턴스), in parentheses after them or before them; "성능 개선 도우미(Performance Insights)" glosses words no
    document has."""
    finder = Unmentioned(Catalog.load(SETTINGS.catalog_path), {"doc": "EC2 전용 인스턴스를 사용하는 경우"})
    assert finder.names("EC2에서 전용 인스턴스(Dedicated Instance)를 반드시 써야 하나요?", "ko") == []
    assert finder.names("Dedicated Instance（전용 인스턴스）를 써야 하나요?", "ko") == []
    assert finder.names("RDS 성능 개선 도우미(Performance Insights) 보존 기간은?", "ko") == ["Performance Insights"]
