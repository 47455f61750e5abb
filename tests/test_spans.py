"""Quotable spans: whole sentences across line wraps and page breaks, lead-ins with their lists, no
markup, fragments or banners in a quote, stable `doc:start-end` ids."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.split import split_document
from kb.catalog import Catalog
from kb.spans import parse_span_id

from .conftest import DATA
from .pdfgen import wrap, write_pdf

CATALOG = Catalog.load(DATA / "services.yaml")
FIELD_PDF = Path(__file__).parent / "data" / "field" / "pdf"


def _quotes(path: Path, **kw: object) -> list[str]:
    doc = load_document(path, **kw)
    split = split_document(doc, CATALOG, max_chars=900, min_chars=200)
    for s in split.spans:
        assert parse_span_id(s.id) == (doc.doc_id, s.start, s.end)
        chunk = next(c for c in split.chunks if c.chunk_id == s.chunk_id)
        assert chunk.start <= s.start and s.end <= chunk.end, "a chunk never cuts a span"
    return [s.quote for s in split.spans]


def _md(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_sentence_broken_by_a_page_break_is_one_span(tmp_path: Path) -> None:
    text = ("# Amazon EFS\n\n사용이 간편하며 고객이\n\n"
            "파일 시스템을 빠르고 쉽게 생성할 수 있습니다. 다음 문장입니다.\n\n"
            "客戶應使用 6.0 或更新版本。客戶應確保 PHI 在服務中進行靜\n\n態和傳輸中加密。\n\n"
            "AWS 계정에는 암호가 있어야 합니다. 콘솔에 로그인해 브라우저\n\n기반 인터페이스를 사용할 수 있습니다.\n")
    assert _quotes(_md(tmp_path, text)) == [
        "사용이 간편하며 고객이 파일 시스템을 빠르고 쉽게 생성할 수 있습니다.", "다음 문장입니다.",
        "客戶應使用 6.0 或更新版本。", "客戶應確保 PHI 在服務中進行靜態和傳輸中加密。",
        "AWS 계정에는 암호가 있어야 합니다.", "콘솔에 로그인해 브라우저 기반 인터페이스를 사용할 수 있습니다."]


def test_paragraphs_that_end_a_sentence_stay_apart_and_a_dangling_term_is_dropped(tmp_path: Path) -> None:
    text = ("# Amazon Comprehend\n\n사용자 고유의 키를 사용하여 암호화합니다. AWS KMS\n\n"
            "Amazon Comprehend 사용자는 S3 암호화를 사용해야 합니다.\n")
    assert _quotes(_md(tmp_path, text)) == ["사용자 고유의 키를 사용하여 암호화합니다.",
                                            "Amazon Comprehend 사용자는 S3 암호화를 사용해야 합니다."]


def test_link_markup_is_shown_as_its_text_and_never_splits_a_sentence(tmp_path: Path) -> None:
    text = ("# Amazon S3\n\n자세한 내용은 암호화를 사용한 데이터 [보호](#)를 참조하십시오. "
            "버킷 이름에는 PHI를 사용하지 마십시오. "
            "[리전 엔드포인트 목록은 서비스 엔드포인트를 참조하십시오.AWS](#)\n\n"
            "이 서비스는 [보호를 제공합니다.](#) 데이터 센터는 안전합니다.\n\n[목록은 여기를 참조하십시오](#)\n\n"
            "이 데이터는 암호화되지 않습니다.\n")
    assert _quotes(_md(tmp_path, text)) == [
        "자세한 내용은 암호화를 사용한 데이터 보호를 참조하십시오.", "버킷 이름에는 PHI를 사용하지 마십시오.",
        "리전 엔드포인트 목록은 서비스 엔드포인트를 참조하십시오.AWS", "이 서비스는 보호를 제공합니다.",
        "데이터 센터는 안전합니다.", "이 데이터는 암호화되지 않습니다."]


def test_a_lead_in_carries_its_list_and_long_lists_stand_item_by_item(tmp_path: Path) -> None:
    long_item = "Use TLS 1.2 or later for every connection that carries PHI between the application and the store. " * 7
    text = ("# Amazon SQS\n\nCustomers must meet the following requirements:\n\n- Encrypt the queue.\n- Use HTTPS.\n\n"
            f"The service supports these options:\n\n- {long_item.strip()}\n- Rotate keys yearly.\n\n"
            "Other text follows.\n\n- A list without a lead-in.\n")
    doc = load_document(_md(tmp_path, text))
    spans = split_document(doc, CATALOG, max_chars=900, min_chars=200).spans
    assert [s.quote for s in spans][:1] == ["Customers must meet the following requirements:\n- Encrypt the queue.\n"
                                            "- Use HTTPS."]
    assert spans[0].items == 2
    lead = next(s for s in spans if s.quote == "The service supports these options:")
    items = [s for s in spans if s.lead_in == lead.id]
    assert [s.quote for s in items][-1] == "Rotate keys yearly." and len(items) == 8
    assert spans[-1].quote == "A list without a lead-in." and spans[-1].lead_in is None


def test_banners_inside_a_sentence_are_left_out_of_the_quote(tmp_path: Path) -> None:
    banner = "This paper has been archived"
    text = "# 개요\n\n" + "\n\n".join([banner, "첫 문장입니다."] * 4) + (
        f"\n\n계정에는 암호가 있어야 합니다. 사용자 이름과 암호로 콘솔에 로그인해 브라우저\n\n{banner}\n\n"
        "기반 인터페이스를 사용할 수 있습니다.\n\n"
        f"보안은 **{banner}** 핵심적 기능 요구 사항입니다.\n")
    doc = load_document(_md(tmp_path, text))
    spans = split_document(doc, CATALOG, max_chars=900, min_chars=200).spans
    quotes = [s.quote for s in spans]
    assert "사용자 이름과 암호로 콘솔에 로그인해 브라우저 기반 인터페이스를 사용할 수 있습니다." in quotes
    assert "보안은 핵심적 기능 요구 사항입니다." in quotes
    glued = next(s for s in spans if s.quote.startswith("사용자"))
    assert banner in doc.text[glued.start:glued.end] and len(glued.gaps) == 1


def test_code_tables_titles_and_images_are_not_quotable(tmp_path: Path) -> None:
    text = ('# Forecast\n\nCreateGrant\n{ "eventVersion": "1.08", "userIdentity": {} }\n\n| a | b |\n|---|---|\n\n'
            "![diagram](img.png)\n\nAmazon Forecast 서비스의 암호화 키 모니터링\n\nForecast는 키를 사용합니다.\n\n"
            "```\nnot a sentence.\n```\n")
    assert _quotes(_md(tmp_path, text)) == ["Forecast는 키를 사용합니다."]


def test_a_table_cell_of_several_sentences_is_quoted_sentence_by_sentence(tmp_path: Path) -> None:
    """The 2016 paper's two-column rows (a label, then a paragraph of up to 1,000 characters) are one
    sentence per span, the first with its label; a short last cell (a date) stays with its row; a Markdown
    row of the whitepaper's broken PDF tables stays whole."""
    text = ("# Security\n\n"
            "<p>손상 완화.</p>\t<p>다음 조치를 취하는 것이 좋습니다.</p> <ul> 손상된 인스턴스는 안전하지 않은 것으로 "
            "간주합니다. 인스턴스를 격리합니다.</ul> <p>Engine 3.2.6 is listed.</p>\n\n"
            "마이너 업데이트\t포괄적이지 않은 언어를 수정 하세요.\t2022년 4월 6일\n\n"
            "| 2017 年 3 月 | 已更新服務清單。添加了 Amazon API Gateway 的說明。 |\n")
    assert _quotes(_md(tmp_path, text)) == [
        "손상 완화. | 다음 조치를 취하는 것이 좋습니다.", "손상된 인스턴스는 안전하지 않은 것으로 간주합니다.",
        "인스턴스를 격리합니다.", "Engine 3.2.6 is listed.",
        "마이너 업데이트 | 포괄적이지 않은 언어를 수정 하세요. | 2022년 4월 6일",
        "2017 年 3 月 | 已更新服務清單。添加了 Amazon API Gateway 的說明。"]


def test_pdf_sentences_wrapped_over_lines_and_pages_are_whole(tmp_path: Path) -> None:
    para = ("Sessions that carry patient records must encrypt both the front-end listener and the back-end "
            "listener. Plain HTTP between the load balancer and its targets is not acceptable for this data.")
    pdf = write_pdf(tmp_path / "wrapped.pdf", [["Elastic Load Balancing", *wrap(para)],
                                               wrap("Customers must keep audit logs and review them")])
    doc = load_document(pdf)
    spans = split_document(doc, CATALOG, max_chars=900, min_chars=200).spans
    assert [(s.quote, s.page) for s in spans] == [
        ("Sessions that carry patient records must encrypt both the front-end listener and the back-end listener.", 1),
        ("Plain HTTP between the load balancer and its targets is not acceptable for this data.", 1),
        ("Customers must keep audit logs and review them", 2)]


@pytest.mark.skipif(not (FIELD_PDF / "wrapped-lines.pdf").exists(), reason="field case PDF not copied")
def test_field_case_pdf_quotes_are_whole_sentences() -> None:
    quotes = _quotes(FIELD_PDF / "wrapped-lines.pdf")
    assert quotes == ["Sessions that carry patient records must encrypt both the front-end listener and the "
                      "back-end listener.",
                      "Plain HTTP between the load balancer and its targets is not acceptable for this data."]


def test_html_citations_have_a_line_of_the_extracted_text_and_a_section() -> None:
    doc = load_document(Path(__file__).parent / "data" / "field" / "html" / "runbook.html")
    split = split_document(doc, CATALOG, max_chars=900, min_chars=200)
    span = next(s for s in split.spans if s.quote.startswith("The team must confirm"))
    assert span.section == "Records platform runbook > Before go-live"
    assert span.page is None and span.line_start == doc.text.count("\n", 0, span.start) + 1
    assert doc.text.splitlines()[span.line_start - 1].startswith("The team must confirm")


def test_a_bold_run_cut_by_a_sentence_end_leaves_no_marker_in_either_quote(tmp_path: Path) -> None:
    """The 2016 paper bolds a lead phrase across a sentence end ("**AWS 계정.** 이 계정은 ..."): each
    sentence is quoted without the half of the marker pair it holds."""
    text = "# AWS 계정\n\n**인프라 서비스: 이 범주에는 EC2가 있습니다. 그리고 EBS도** 있습니다. 다음 문장입니다.\n"
    quotes = _quotes(_md(tmp_path, text))
    assert quotes == ["인프라 서비스: 이 범주에는 EC2가 있습니다.", "그리고 EBS도 있습니다.", "다음 문장입니다."]


def test_a_heading_with_a_banner_printed_into_it_still_heads_its_section(tmp_path: Path) -> None:
    """The 2016 paper's PDF prints its archive banner into a heading line and into that heading's entry in the
    table of contents (where it took the place of a word): the heading is found, without the banner."""
    banner = "This paper has been archived"
    toc = "\n".join(["개요\t1", "계정 보안\t2", f"보안 모니터링, 알림, {banner} 추적 및 대응\t3", "부록 가\t4",
                     "부록 나\t5"])
    text = (f"목차\n\n{toc}\n\n" + "\n\n".join([banner, "첫 문장입니다."] * 4)
            + "\n\n계정 보안\n\n계정에는 암호가 있어야 합니다.\n\n"
            + f"보안 모니터링, 알림, 감사 추적 및 대응 **{banner}**\n\n로그는 중앙에 보관해야 합니다.\n")
    doc = load_document(_md(tmp_path, text))
    split = split_document(doc, CATALOG, max_chars=900, min_chars=200)
    chunk = next(c for c in split.chunks if "로그는 중앙에" in c.text)
    assert chunk.section == "보안 모니터링, 알림, 감사 추적 및 대응"
    assert "로그는 중앙에 보관해야 합니다." in [s.quote for s in split.spans]
