"""Loaders: every supported type reads, every kind of bad file fails with a message naming it."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from ingest.html import DROP, html_text
from ingest.loaders import MAX_FILE_MB, MAX_TEXT_CHARS, load_document, user_doc_id
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


# --- Reliability (issue 15): HTML in linear time, size limits, owner-password PDFs ---

RELIABILITY = DATA / "reliability"  # inputs of ../shared/cases/reliability, copied


def _edited_tree_text(html: str) -> tuple[str, str | None]:
    """The previous HTML extraction, which edited the tree (quadratic in siblings): the reference
    the one-pass walk of ingest/html.py must equal (both on the lxml parser)."""
    import re

    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(sorted(DROP)):
        tag.decompose()
    for tag in soup.select('[role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"]'):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.find(attrs={"role": "main"}) or soup.body or soup
    for level in range(1, 7):
        for h in root.find_all(f"h{level}"):
            h.replace_with(f"\n\n{'#' * level} {h.get_text(' ', strip=True)}\n\n")
    for li in root.find_all("li"):
        li.insert_before("\n- ")
    for block in root.find_all(["p", "div", "section", "tr", "br", "pre", "table", "ul", "ol"]):
        block.insert_after("\n\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in root.get_text().splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    if not title:
        h1 = re.search(r"^# (.+)$", text, re.M)
        title = h1.group(1) if h1 else None
    return text, title


def _random_html(rng: random.Random, depth: int = 0) -> str:
    tags = ["div", "p", "span", "h1", "h2", "h3", "h6", "li", "ul", "ol", "main", "article", "section", "table",
            "tr", "td", "br", "pre", "b", "a", "nav", "script", "footer", "body", "title", "svg", "em"]
    attrs = ["", ' role="main"', ' role="navigation"', ' aria-hidden="true"', ' class="x"', ' role="banner"']
    out = []
    for _ in range(rng.randint(1, 5)):
        if rng.random() < 0.35 or depth > 5:
            out.append(rng.choice(["text", "Hello world", "  spaced  out ", "a\nb", "&amp; ok", "<!-- c -->",
                                   "x\u00a0y", "", "\t"]))
        else:
            tag = rng.choice(tags)
            inner = _random_html(rng, depth + 1)
            out.append("<br>" if tag == "br" else f"<{tag}{rng.choice(attrs)}>{inner}" +
                       (f"</{tag}>" if rng.random() < 0.9 else ""))
    return "".join(out)


def test_html_walk_gives_what_the_tree_edits_gave() -> None:
    rng = random.Random(15)
    for _ in range(400):
        html = _random_html(rng)
        if rng.random() < 0.5:
            html = f"<html><head><title>{rng.choice(['T', ''])}</title></head><body>{html}</body></html>"
        assert html_text(html) == _edited_tree_text(html), html


def test_html_nested_headings_and_many_siblings(tmp_path: Path) -> None:
    # A heading inside one of a lower level is its own Markdown line, within the outer one's text.
    assert html_text("<main><h2>Outer <h1>inner</h1> tail</h2><p>x</p></main>") == ("## Outer # inner tail\n\nx\n",
                                                                                    None)
    # 60,000 paragraphs side by side (the tree edits looked each one up in its parent: minutes).
    path = tmp_path / "wide.html"
    path.write_text("<main>" + "<p>Encrypt PHI.</p>" * 60000 + "</main>", encoding="utf-8")
    doc = load_document(path)
    assert doc.text == "Encrypt PHI.\n\n" * 59999 + "Encrypt PHI.\n"
    deep = tmp_path / "deep.html"
    deep.write_text("<div>" * 100000 + "Deep text." + "</div>" * 100000, encoding="utf-8")
    assert "Deep text." in load_document(deep).text


def test_text_over_the_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    at_limit = tmp_path / "at-limit.txt"
    at_limit.write_text("a" * (MAX_TEXT_CHARS - 1) + "\n", encoding="utf-8")
    assert len(load_document(at_limit).text) == MAX_TEXT_CHARS
    big = tmp_path / "big.md"
    big.write_text("가" * (MAX_TEXT_CHARS + 1), encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_document(big)
    assert str(err.value) == (f"{big}: more than 10,000,000 characters of text, the limit per document "
                              "(about 3,000 pages). Split it into smaller files and ingest those.")


def test_file_over_its_size_limit_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as fh:  # sparse: nothing is written to disk
        fh.truncate(MAX_FILE_MB["html"] * 1_000_000 + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(LoadError) as err:
        load_document(huge)
    assert str(err.value) == (f"{huge}: the file is 50.0 MB; the limit for a html file is 50 MB. "
                              "Split it into smaller files and ingest those.")


def test_pdf_over_the_text_limit_names_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = write_pdf(tmp_path / "long.pdf", [["A" * 40], ["B" * 40], ["C" * 40]])
    monkeypatch.setattr("ingest.loaders.MAX_TEXT_CHARS", 90)
    with pytest.raises(LoadError, match=r"long\.pdf: more than 90 characters of text by page 3 of 3, the limit"):
        load_document(pdf)


def test_owner_password_pdfs_open_without_a_password(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    plain = write_pdf(tmp_path / "plain.pdf", [["Encrypt PHI at rest with AWS KMS."], ["Second page."]])
    for algorithm in ("AES-256", "AES-128", "RC4-128"):
        writer = PdfWriter(clone_from=str(plain))
        writer.encrypt(user_password="", owner_password="owner-secret", algorithm=algorithm)
        path = tmp_path / f"owner-{algorithm}.pdf"
        with path.open("wb") as fh:
            writer.write(fh)
        doc = load_document(path)
        assert doc.text == "Encrypt PHI at rest with AWS KMS.\n\nSecond page.\n\n", algorithm
    # The case's own file (AES, owner password only): the 2016 paper's first pages.
    doc = load_document(RELIABILITY / "owner_only_aes.pdf")
    assert doc.text.split()[:5] == ["AWS", "Security", "Best", "Practices", "August"]


def test_pdf_with_a_user_password_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(write_pdf(tmp_path / "p.pdf", [["Secret."]])))
    writer.encrypt(user_password="user-secret", owner_password="owner-secret", algorithm="AES-256")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(LoadError, match=r"^.*locked\.pdf: the PDF is encrypted; save an unprotected copy"):
        load_document(path)
