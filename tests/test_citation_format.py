"""The one citation format (kb/citation_format.py) every front end uses."""
from __future__ import annotations

import pytest

from kb import citation_format as cf
from kb.citation_format import DocumentInfo
from kb.records import Citation

INDEX_DOC = {"doc_id": "hipaa-ko", "title": "HIPAA 백서", "lang": "ko",
             "meta": {"title_en": "HIPAA whitepaper", "title_zh": "HIPAA 白皮書",
                      "edition": "Korean edition of the AWS whitepaper", "published": "2022-09-28",
                      "url": "https://docs.aws.amazon.com/ko_kr/x", "archived": False, "structure": "hipaa-whitepaper",
                      "priority": 1}}
CITE = Citation(n=2, chunk_id="hipaa-ko:1", doc_id="hipaa-ko", title="HIPAA 백서", lang="ko", section="Amazon S3",
                service_id="s3", quote="HTTPS를\n사용해야 합니다.", page=None, line_start=939, line_end=939)


@pytest.mark.parametrize("page,start,end,lang,expected", [
    (None, 939, 939, "en", "line 939"), (None, 939, 945, "en", "lines 939–945"), (3, None, None, "en", "p. 3"),
    (None, 939, 939, "ko", "939행"), (None, 939, 945, "ko", "939–945행"), (3, None, None, "ko", "3쪽"),
    (None, 939, 939, "zh", "第 939 行"), (3, None, None, "zh", "第 3 頁"), (None, None, None, "en", ""),
])
def test_locator_never_writes_a_range_of_one(page, start, end, lang, expected) -> None:
    assert cf.locator(page, start, end, lang) == expected


def test_title_in_the_readers_language_with_english_as_fallback() -> None:
    doc = DocumentInfo.from_index(INDEX_DOC)
    assert [doc.title_in(lang) for lang in ("ko", "zh", "en", "ja")] == ["HIPAA 백서", "HIPAA 白皮書",
                                                                          "HIPAA whitepaper", "HIPAA whitepaper"]
    bare = DocumentInfo.from_index({"doc_id": "x", "title": "노트", "lang": "ko", "meta": {}})
    assert bare.title_in("zh") == "노트" and bare.url is None and bare.published is None


def test_reference_copy_text_and_markdown() -> None:
    doc = DocumentInfo.from_index(INDEX_DOC)
    assert cf.reference(CITE, doc, "en") == ("HIPAA whitepaper (Korean edition of the AWS whitepaper, 2022-09-28), "
                                             "§ Amazon S3, line 939")
    assert cf.copy_text(CITE.to_json(), doc, "ko") == ("HIPAA 백서 (한국어판, 2022-09-28), § Amazon S3, 939행, "
                                                       "https://docs.aws.amazon.com/ko_kr/x: "
                                                       "“HTTPS를 사용해야 합니다.”")
    assert cf.markdown(CITE, doc, "zh") == ("- [2] [HIPAA 白皮書](https://docs.aws.amazon.com/ko_kr/x) (韓文版, "
                                            "2022-09-28), § Amazon S3, 第 939 行\n\n  > HTTPS를 사용해야 합니다.")
    # Without the document's facts: the citation's own title and the edition's language.
    archived = {**CITE.to_json(), "archived": True, "page": 4, "extra_field_added_later": 1}
    assert cf.copy_text(archived, None, "en") == "HIPAA 백서 (Korean edition, archived), § Amazon S3, p. 4: " \
                                                 "“HTTPS를 사용해야 합니다.”"
