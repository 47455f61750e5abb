"""The keyword analyzer: stemmed words for Latin script, bigrams for Hangul and Han, Chinese in one script."""
from __future__ import annotations

from kb.keyword import KeywordIndex, tokenize


def test_tokenize_mixed_scripts() -> None:
    assert tokenize("S3 버킷을 암호화") == ["s3", "버킷", "킷을", "암호", "호화"]
    assert tokenize("雷迪斯 傳輸加密") == ["雷迪", "迪斯", "传输", "输加", "加密"]  # Han folded to Simplified
    assert tokenize("ＫＭＳ 키") == ["kms", "키"]  # full-width letters fold; one-char runs stay


def test_particles_do_not_block_a_match() -> None:
    index = KeywordIndex.build(["버킷을 암호화합니다", "대기열 메시지", "資料加密 靜態"])
    scores = index.scores("버킷 암호화")
    assert scores.argmax() == 0 and scores[1] == 0.0
    assert index.scores("靜態加密").argmax() == 2
    assert not index.scores("완전히무관한단어").any()


def test_traditional_and_simplified_give_the_same_tokens() -> None:
    assert tokenize("静态加密") == tokenize("靜態加密")
    assert tokenize("S3 儲存貯體的伺服器端加密") == tokenize("S3 储存贮体的伺服器端加密")
    # Words that differ between the regions are not folded into each other: 資料庫 is not 数据库.
    assert tokenize("資料庫") != tokenize("数据库")


def test_a_simplified_question_finds_a_traditional_passage() -> None:
    index = KeywordIndex.build(["Redis 傳輸加密：使用 TLS 連線", "靜態加密：使用 KMS 金鑰", "存取日誌與稽核"])
    assert index.scores("静态加密怎么设置").argmax() == 1
    assert index.scores("访问日志与稽核").argmax() == 2
    assert index.scores("传输加密").argmax() == 0


def test_english_words_are_stemmed() -> None:
    assert tokenize("Encrypted logs, encryption logging") == ["encrypt", "log", "encrypt", "log"]
    index = KeywordIndex.build(["Create an encrypted trail", "Review the digest files", "버킷 암호화"])
    assert index.scores("Do we have to encrypt the trail?").argmax() == 0
    assert tokenize("KMS, TLS 1.2, SSE-S3") == ["kms", "tls", "1", "2", "sse", "s3"]  # names stay whole
