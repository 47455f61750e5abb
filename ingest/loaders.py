"""Loaders for text, Markdown, HTML and PDF files into SourceDoc records."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from kb.errors import LoadError
from kb.lang import detect_lang
from kb.records import SourceDoc

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
             ".html": "html", ".htm": "html", ".pdf": "pdf"}
# Elements that are page chrome, never content.
_HTML_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template",
              "svg", "iframe", "button")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def slugify(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-_")
    return slug[:48] or "doc"


def user_doc_id(path: Path) -> str:
    """A stable id for a user's document: its name plus a short hash of its absolute path."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:6]
    return f"{slugify(path.stem)}-{digest}"


def load_document(path: Path, *, doc_id: str | None = None, title: str | None = None,
                  lang: str | None = None, meta: dict[str, Any] | None = None) -> SourceDoc:
    """Read one file; raise LoadError naming the file when it cannot be used."""
    path = Path(path)
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                        f"use one of {', '.join(sorted(set(SUPPORTED)))}.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror or exc}).") from exc
    if not data.strip():
        raise LoadError(f"{path}: the file is empty.")
    page_starts: tuple[int, ...] = ()
    found_title = None
    if kind == "pdf":
        text, page_starts, found_title = _pdf_text(path, data)
    else:
        text = _decode(path, data)
        if kind == "html":
            text, found_title = _html_text(text)
    if not text.strip():
        raise LoadError(f"{path}: no text could be extracted from it.")
    if found_title is None:
        found_title = _first_line_title(text) or path.stem
    return SourceDoc(
        doc_id=doc_id or user_doc_id(path),
        title=title or found_title,
        lang=lang or detect_lang(text[:20000]),
        path=str(path),
        kind=kind,
        text=text,
        sha256=sha256_bytes(data),
        page_starts=page_starts,
        meta=dict(meta or {}),
    )


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}). "
            "Convert it first, e.g. `iconv -f cp949 -t utf-8` for Korean or `-f big5` for Chinese."
        ) from exc
    # Quotes are checked against this text, so keep it as-is apart from a byte-order mark.
    return text[1:] if text.startswith("\ufeff") else text


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:120]
    return None


def _html_text(html: str) -> tuple[str, str | None]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(_HTML_DROP):
        tag.decompose()
    for tag in soup.select('[role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"]'):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.find(attrs={"role": "main"}) or soup.body or soup
    # Headings become Markdown headings so the splitter sees the document's structure.
    for level in range(1, 7):
        for h in root.find_all(f"h{level}"):
            h.replace_with(f"\n\n{'#' * level} {h.get_text(' ', strip=True)}\n\n")
    for li in root.find_all("li"):
        li.insert_before("\n- ")
    for block in root.find_all(["p", "div", "section", "tr", "br", "pre", "table", "ul", "ol"]):
        block.insert_after("\n\n")
    raw = root.get_text()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    if not title:
        h1 = re.search(r"^# (.+)$", text, re.M)
        title = h1.group(1) if h1 else None
    return text, title


def _pdf_text(path: Path, data: bytes) -> tuple[str, tuple[int, ...], str | None]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(f"{path}: the PDF is encrypted; save an unprotected copy and ingest that.")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"{path}: not a readable PDF ({exc}). Re-export or re-download it.") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        if "crypt" in str(exc).lower():
            raise LoadError(f"{path}: the PDF is encrypted; save an unprotected copy and ingest that.") from exc
        raise LoadError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc}).") from exc
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        body = page.rstrip() + "\n\n"
        parts.append(body)
        offset += len(body)
    title = str(meta_title).strip() if meta_title and str(meta_title).strip() else None
    return "".join(parts), tuple(starts), title
