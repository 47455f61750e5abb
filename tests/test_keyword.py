"""The keyword analyzer: words for Latin script, bigrams for Hangul and Han."""
from __future__ import annotations

from kb.keyword import KeywordIndex, tokenize


def test_tokenize_mixed_scripts() -> None:
    assert tokenize("S3 버킷을 암호화") == ["s3", "버킷", "킷을", "암호", "호화"]
    assert tokenize("雷迪斯 傳輸加密") == ["雷迪", "迪斯", "傳輸", "輸加", "加密"]
    assert tokenize("ＫＭＳ 키") == ["kms", "키"]  # full-width letters fold; one-char runs stay


def test_particles_do_not_block_a_match() -> None:
    index = KeywordIndex.build(["버킷을 암호화합니다", "대기열 메시지", "資料加密 靜態"])
    scores = index.scores("버킷 암호화")
    assert scores.argmax() == 0 and scores[1] == 0.0
    assert index.scores("靜態加密").argmax() == 2
    assert not index.scores("완전히무관한단어").any()
