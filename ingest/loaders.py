"""Loaders for text, Markdown, HTML and PDF files into SourceDoc records."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from ingest.html import html_text
from kb.errors import LoadError
from kb.lang import detect_lang
from kb.records import SourceDoc

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
             ".html": "html", ".htm": "html", ".pdf": "pdf"}
# Size limits per document (README "Ingest"). Text: 10 million characters, about 3,000 dense pages and
# 13 times the five shipped documents together (0.74 MB); at the measured 1,691 tokens/s its embedding
# alone takes about 35 minutes on 2 cores, and it adds about 150 MB to the index every start loads.
MAX_TEXT_CHARS = 10_000_000
# Files, checked before reading: parsing an HTML page takes about 40 MB of memory per MB (50 MB: 2 GB,
# 30 s); a PDF holds images besides its text, so it may be larger.
MAX_FILE_MB = {"txt": 50, "md": 50, "html": 50, "pdf": 200}


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
    check_size(path)
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
            text, found_title = html_text(text)
        _check_length(path, len(text))
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


def check_size(path: Path) -> None:
    """Refuse a file over its kind's MAX_FILE_MB before anything reads it (LoadError naming it); a
    missing or unsupported file is left to `load_document` to report."""
    kind = SUPPORTED.get(path.suffix.lower())
    try:
        size = path.stat().st_size
    except OSError:
        return
    if kind is not None and size > MAX_FILE_MB[kind] * 1_000_000:
        raise LoadError(f"{path}: the file is {size / 1e6:,.1f} MB; the limit for a {kind} file is "
                        f"{MAX_FILE_MB[kind]} MB. Split it into smaller files and ingest those.")


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


def _check_length(path: Path, chars: int, where: str = "") -> None:
    if chars > MAX_TEXT_CHARS:
        raise LoadError(f"{path}: more than {MAX_TEXT_CHARS:,} characters of text{where}, the limit per document "
                        "(about 3,000 pages). Split it into smaller files and ingest those.")


def _one_line(exc: BaseException) -> str:
    """An exception's message on one line, at most 200 characters (a parser's can span lines)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:120]
    return None


def _pdf_text(path: Path, data: bytes) -> tuple[str, tuple[int, ...], str | None]:
    """Text of every page (each followed by a blank line), where each page starts, and the title from
    the PDF's metadata. A PDF that needs no password to open is read even when an owner password
    restricts it (AES needs the `cryptography` package). Raises LoadError naming the file and, for a
    page that cannot be read or passes the length limit, the page."""
    import logging
    import warnings

    # pypdf logs (and warns about) every repair it makes to a damaged file, many lines each: the
    # user gets one line, ours, when the file cannot be read.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader, count = _pdf_open(path, data)
        starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for number in range(1, count + 1):
            try:
                page = reader.pages[number - 1].extract_text() or ""
            except Exception as exc:  # a damaged page: name it
                raise LoadError(f"{path}: page {number} of {count} cannot be read ({type(exc).__name__}: "
                                f"{_one_line(exc)}). Re-export or re-download it.") from exc
            starts.append(offset)
            body = page.rstrip() + "\n\n"
            parts.append(body)
            offset += len(body)
            _check_length(path, offset, f" by page {number} of {count}")
        try:
            meta_title = (reader.metadata or {}).get("/Title") if reader.metadata else None
        except Exception:  # a damaged information dictionary only loses the title
            meta_title = None
    title = str(meta_title).strip() if meta_title and str(meta_title).strip() else None
    return "".join(parts), tuple(starts), title


def _pdf_open(path: Path, data: bytes) -> tuple[Any, int]:
    """A pypdf reader of `data`, decrypted when no user password is needed, and its page count."""
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(f"{path}: the PDF is encrypted; save an unprotected copy and ingest that.")
        return reader, len(reader.pages)
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        if "crypt" in str(exc).lower():
            raise LoadError(f"{path}: the PDF is encrypted ({_one_line(exc)}); save an unprotected copy and "
                            "ingest that.") from exc
        raise LoadError(f"{path}: not a readable PDF ({type(exc).__name__}: {_one_line(exc)}). "
                        "Re-export or re-download it.") from exc
