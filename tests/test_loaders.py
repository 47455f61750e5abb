"""Loaders: every supported type reads, every kind of bad file fails with a message naming it."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_document, user_doc_id
from kb.errors import LoadError

from .conftest import DATA
from .pdfgen import write_pdf

# Third-party data for local trials and CI only: never part of the project, so a test using it skips
# where it is absent (a user's clone).
SAMPLE_PDF = Path(__file__).resolve().parents[2] / "shared" / "samples" / "AWS_Security_Best_Practices_2016-08.pdf"
needs_sample = pytest.mark.skipif(not SAMPLE_PDF.exists(),
                                  reason=f"{SAMPLE_PDF} is not here (CI and local trials only)")


def test_markdown_keeps_text_verbatim() -> None:
    path = DATA / "corpus" / "mini-ko.md"
    doc = load_document(path, doc_id="mini-ko")
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.kind == "md" and doc.lang == "ko" and doc.page_starts == ()
    assert doc.title == "Amazon Web Services에서 HIPAA 보안 및 규정 준수를 위한 설계"


def test_text_language_is_detected_from_script(tmp_path: Path) -> None:
    (tmp_path / "zh.txt").write_text("靜態加密 與 傳輸加密\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Encrypt PHI at rest.\n", encoding="utf-8")
    assert load_document(tmp_path / "zh.txt").lang == "zh"
    assert load_document(tmp_path / "en.txt").lang == "en"


def test_html_keeps_main_content_and_drops_chrome(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>RDS guide</title><script>var tracking = 1;</script><style>p{}</style></head>"
        "<body><nav><a href='/'>Home</a> <a href='/x'>Menu link</a></nav>"
        "<main><h1>Amazon RDS</h1><p>Encrypt the database with KMS.</p>"
        "<h2>In transit</h2><p>Use SSL/TLS connections.</p><ul><li>Require TLS 1.2</li></ul></main>"
        "<footer>Copyright footer</footer></body></html>", encoding="utf-8")
    doc = load_document(path)
    assert doc.title == "RDS guide"
    assert doc.text == ("# Amazon RDS\n\nEncrypt the database with KMS.\n\n## In transit\n\n"
                        "Use SSL/TLS connections.\n\n- Require TLS 1.2\n")
    for chrome in ("tracking", "Menu link", "Copyright footer", "p{}"):
        assert chrome not in doc.text


def test_generated_pdf_keeps_page_numbers(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "three.pdf", [["First page text."], ["Second page text."], ["Third page text."]])
    doc = load_document(pdf)
    assert doc.kind == "pdf" and doc.lang == "en" and len(doc.page_starts) == 3
    second = doc.text[doc.page_starts[1]:doc.page_starts[2]]
    assert "Second page text." in second
    assert doc.page_at(doc.page_starts[1]) == 2 and doc.page_at(len(doc.text) - 1) == 3


@needs_sample
def test_sample_pdf_keeps_page_numbers() -> None:
    doc = load_document(SAMPLE_PDF)
    assert doc.kind == "pdf" and doc.lang == "en"
    assert len(doc.page_starts) == 79
    # The table of contents continues on page 4 of the PDF.
    page4 = doc.text[doc.page_starts[3]:doc.page_starts[4]]
    assert "Protecting Data at Rest on Amazon S3 28" in page4
    assert doc.page_at(doc.page_starts[3]) == 4
    assert doc.page_at(doc.page_starts[4] - 1) == 4
    assert doc.page_at(len(doc.text) - 1) == 79


def test_malformed_pdf_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref\n")
    with pytest.raises(LoadError, match=r"broken\.pdf: not a readable PDF"):
        load_document(bad)


def test_truncated_real_pdf_fails_cleanly(tmp_path: Path) -> None:
    whole = write_pdf(tmp_path / "whole.pdf", [[f"Line {i} of page {p}." for i in range(40)] for p in range(3)])
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(whole.read_bytes()[:1500])
    with pytest.raises(LoadError, match=r"truncated\.pdf"):
        load_document(bad)


def test_encrypted_pdf_says_so(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(LoadError, match=r"locked\.pdf: the PDF is encrypted"):
        load_document(path)


def test_non_utf8_text_names_file_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("암호화 지침".encode("cp949"))
    with pytest.raises(LoadError, match=r"legacy\.txt: not valid UTF-8 .*iconv -f cp949"):
        load_document(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"empty\.md: the file is empty"):
        load_document(path)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoadError, match=r"notes\.docx: unsupported file type '\.docx'"):
        load_document(path)


def test_user_doc_id_is_stable_and_readable(tmp_path: Path) -> None:
    path = tmp_path / "My Design Doc.md"
    assert user_doc_id(path) == user_doc_id(path)
    assert user_doc_id(path).startswith("my-design-doc-")
    assert user_doc_id(path) != user_doc_id(tmp_path / "other" / "My Design Doc.md")
