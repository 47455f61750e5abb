"""Language detection and the Chinese script folding used for matching (kb/lang.py)."""
from __future__ import annotations

import re

from kb.lang import _table, detect_lang, fold_chinese, latin_words, typed_in_english


def test_detect_lang_either_chinese_script() -> None:
    assert detect_lang("靜態加密") == detect_lang("静态加密") == "zh"
    assert detect_lang("S3 버킷 암호화") == "ko" and detect_lang("S3 bucket") == "en"


def test_fold_is_one_character_for_one_and_idempotent() -> None:
    text = "適用於 Redis 的 ElastiCache：傳輸加密（TLS 1.2）、髮/發、臺/台、資料庫"
    folded = fold_chinese(text)
    assert folded == "适用于 Redis 的 ElastiCache：传输加密（TLS 1.2）、发/发、台/台、资料库"
    assert len(folded) == len(text) and fold_chinese(folded) == folded
    # Every target is a BMP Han character that folds no further (the keyword tokenizer's blocks).
    table = _table()
    assert len(table) > 3000
    assert all(0x3400 <= t <= 0xFAFF and t not in table for t in table.values())


def test_fold_keeps_regex_syntax_and_other_scripts() -> None:
    pattern = r"(?<![供回對相反響適因效感])應(?![用])|可以.{0,30}嗎|[嗎吗][？?]?\s*$"
    folded = fold_chinese(pattern)
    assert re.sub(r"[\u3400-\u9fff]", "", folded) == re.sub(r"[\u3400-\u9fff]", "", pattern)
    assert re.compile(folded).search(fold_chinese("Redis 可以用嗎？")) is not None
    assert re.compile(folded).search(fold_chinese("Redis 可以用吗？")) is not None
    assert fold_chinese("S3 버킷을 ＫＭＳ café") == "S3 버킷을 ＫＭＳ café"


def test_an_english_phrase_typed_inside_a_korean_or_chinese_question() -> None:
    """English patterns read the Latin words of a mixed question (\\b holds between Latin and Han once the rest is
    blanked); a phrase of two or more words counts, one word does not (it is as often a name: "SMS로")."""
    pattern = re.compile(r"\b(?:job definitions?|sms|environment variables?)\b", re.I)
    assert typed_in_english(pattern, latin_words("AWS Batch job definition放病人資料?"))
    assert typed_in_english(pattern, latin_words("Lambda environment variables에 PHI 넣어도 돼?"))
    assert not typed_in_english(pattern, latin_words("SMS로 PHI가 있는 서버 VM을 마이그레이션"))
    assert not typed_in_english(pattern, latin_words("작업 정의에 PHI"))
    assert latin_words("작업 정의") == ""  # (no Latin letter)
