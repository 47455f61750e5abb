"""Personal-data masking (kb/privacy.py): every kind, glued to Hangul, Han and Latin text, in all three languages."""
from __future__ import annotations

import itertools

import pytest

from kb.privacy import PLACEHOLDERS, find_pii, mask_pii

# (placeholder, identifier as people write it)
IDENTIFIERS = [
    ("[EMAIL]", "kim.minji+phi@hospital.co.kr"),
    ("[RRN]", "900101-1234567"),
    ("[RRN]", "9001012234567"),
    ("[SSN]", "123-45-6789"),
    ("[SSN]", "123456789"),
    ("[ID]", "A123456789"),
    ("[ID]", "F234567890"),
    ("[CARD]", "4111 1111 1111 1111"),
    ("[CARD]", "5500-0000-0000-0004"),
    ("[PHONE]", "010-1234-5678"),
    ("[PHONE]", "01012345678"),
    ("[PHONE]", "02-123-4567"),
    ("[PHONE]", "+82 10-1234-5678"),
    ("[PHONE]", "0912-345-678"),
    ("[PHONE]", "0912345678"),
    ("[PHONE]", "+886 912 345 678"),
    ("[PHONE]", "(02) 2345-6789"),
    ("[PHONE]", "(555) 123-4567"),
    ("[PHONE]", "555-123-4567"),
    ("[PHONE]", "5551234567"),
    ("[PHONE]", "+1 555 123 4567"),
]

# Text around an identifier, glued to it with no space: {} is the identifier.
GLUE = {
    "ko": ["환자 연락처{}로 연락 바람", "주민번호{}입니다", "번호는{}이고", "{}번으로"],
    "zh": ["病人資料{}，請勿外流", "電話{}的病患", "身分證{}。"],
    "en": ["contact:{}.", "call {} now", "({})", "id={};"],
}


@pytest.mark.parametrize("lang,template,placeholder,value", [
    (lang, template, placeholder, value)
    for (lang, templates), (placeholder, value) in itertools.product(GLUE.items(), IDENTIFIERS)
    for template in templates
])
def test_identifier_glued_to_text_is_masked(lang: str, template: str, placeholder: str, value: str) -> None:
    text = template.format(value)
    assert mask_pii(text) == template.format(placeholder)


@pytest.mark.parametrize("text,masked", [
    # Labelled identifiers keep their label; the value goes.
    ("MRN A12B34567", "MRN [MRN]"),
    ("MRN: 00123456 and MRN#A-998877", "MRN: [MRN] and MRN#[MRN]"),
    ("의료기록번호12345678 확인", "의료기록번호[MRN] 확인"),
    ("환자번호: 20231234입니다", "환자번호: [MRN]입니다"),
    ("病歷號碼：20231234的病人", "病歷號碼：[MRN]的病人"),
    ("病历号A1234567", "病历号[MRN]"),
    ("Patient John Smith DOB 1990-01-01", "Patient [NAME] DOB [DOB]"),
    ("patient name: Kim Minji, date of birth 01/02/1990", "patient name: [NAME], date of birth [DOB]"),
    ("환자 김민지 님", "환자 [NAME] 님"),
    ("환자김민지의 생년월일1990.01.02", "환자[NAME]의 생년월일[DOB]"),
    ("성명: 남궁민수", "성명: [NAME]"),
    ("病患王小明，生日1990年1月2日", "病患[NAME]，生日[DOB]"),
    ("患者姓名：歐陽娜娜", "患者姓名：[NAME]"),
    ("Dr. Smith asked", "Dr. [NAME] asked"),
    # Several kinds in one text, as in a feedback reason.
    ("환자 김민지 주민번호900101-1234567, 연락처 010-1234-5678로 연락 바람. 病人身分證A123456789，電話0912-345-678",
     "환자 [NAME] 주민번호[RRN], 연락처 [PHONE]로 연락 바람. 病人身分證[ID]，電話[PHONE]"),
    ("주민등록번호 900101-1234567", "주민등록번호 [RRN]"),
])
def test_labelled_identifiers_and_names(text: str, masked: str) -> None:
    assert mask_pii(text) == masked


@pytest.mark.parametrize("text", [
    "S3 버킷 암호화는 TLS 1.2와 AES-256",
    "RDS on port 5432 since 2022-09-28",
    "account 123456789012 and arn:aws:kms:us-east-1:123456789012:key/1234abcd",
    "10.0.0.1/16, 192.168.100.200, version 3.11.4",
    "DR plan for Amazon S3; 환자 데이터를 저장; 病患資料加密",
    "환자 연락처를 저장하는 DynamoDB 테이블",
    "patient records in Amazon S3",
    "2016년 8월 백서, 第 3 頁, lines 939-945",
])
def test_ordinary_text_is_kept(text: str) -> None:
    assert mask_pii(text) == text and find_pii(text) == []


def test_masking_is_idempotent_and_every_placeholder_survives_it() -> None:
    text = " ".join(f"{p} {v}" for p, v in IDENTIFIERS)
    once = mask_pii(text)
    assert mask_pii(once) == once
    assert mask_pii(" ".join(PLACEHOLDERS)) == " ".join(PLACEHOLDERS)


def test_find_pii_gives_kinds_and_spans() -> None:
    text = "메일 kim@x.org, 전화 010-1234-5678"
    assert [(f.kind, text[f.start:f.end]) for f in find_pii(text)] == [("EMAIL", "kim@x.org"),
                                                                       ("PHONE", "010-1234-5678")]


@pytest.mark.parametrize("unit,masked_unit", [
    ("x", "x"), ("1", "1"), ("a@", "a@"), ("a.", "a."), ("A1", "A1"), ("+1 ", "+1 "), ("(5", "(5"), ("가1", "가1"),
    ("환자 ", "환자 "), ("病患", "病患"), ("kim@x.org ", "[EMAIL] "), ("환자 김민지 ", "환자 [NAME] "),
    ("call 010-1234-5678 ", "call [PHONE] "),
])
def test_long_runs_of_one_pattern_are_handled(unit: str, masked_unit: str) -> None:
    """Inputs that made the old masking quadratic (case 05: a 100,000-character reason). Their time is measured by
    `python -m evals bench`; here, that they finish with the right result."""
    n = 100_000 // len(unit)
    assert mask_pii(unit * n) == masked_unit * n
