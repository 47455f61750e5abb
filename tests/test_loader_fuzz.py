"""Fuzz test of the PDF and HTML loaders (a seeded generator): random bytes, truncations, flipped bytes,
deep nesting, and the inputs that made html.parser or tree edits quadratic. Each gives a document
or a LoadError of one line naming the file, never another exception, within 10 s and 2 GB each
(tests/loader_fuzz_worker.py loads them in a process of its own with those limits)."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT
from .pdfgen import write_pdf

SEED = 15


def _pdf_inputs(folder: Path, rng: random.Random) -> list[Path]:
    good = write_pdf(folder / "good.pdf", [["Encrypt PHI at rest with AWS KMS.", "Use TLS in transit."],
                                           ["Second page about CloudTrail logging."], ["Third page."]])
    data = good.read_bytes()
    blobs: dict[str, bytes] = {}
    for i in range(6):
        blobs[f"random-{i}.pdf"] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
        blobs[f"random-header-{i}.pdf"] = b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
    for i in range(12):
        blobs[f"truncated-{i}.pdf"] = data[:rng.randint(1, len(data) - 1)]
    for i in range(12):
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        blobs[f"flipped-{i}.pdf"] = bytes(flipped)
    head = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
    tail = b"\nendobj\ntrailer << /Root 1 0 R >>"
    deep = 20000
    blobs["deep-dict.pdf"] = head + b"<< /K " * deep + b">>" * deep + tail
    blobs["deep-array.pdf"] = head + b"[" * deep + b"]" * deep + tail
    blobs["deep-content.pdf"] = data.replace(b"BT", b"q " * deep + b"[" * 5000 + b"BT", 1)
    blobs["self-parent.pdf"] = data.replace(b"/Parent 2 0 R", b"/Parent 4 0 R", 1)
    blobs["huge-length.pdf"] = data.replace(b"/Length ", b"/Length 99999999", 1)
    blobs["no-xref.pdf"] = data.split(b"xref")[0]
    paths = [good]
    for name, blob in blobs.items():
        path = folder / name
        path.write_bytes(blob)
        paths.append(path)
    return paths


def _html_inputs(folder: Path, rng: random.Random) -> list[Path]:
    page = ("<html><head><title>RDS guide</title></head><body><nav>menu</nav><main><h1>Amazon RDS</h1>"
            "<p>Encrypt the database with KMS.</p><h2>In transit</h2><ul><li>Require TLS 1.2</li></ul>"
            "<table><tr><td>a</td></tr></table></main><footer>f</footer></body></html>")
    texts: dict[str, str] = {
        "deep-div.html": "<div>" * 50000 + "deep text" + "</div>" * 50000,
        "deep-unclosed.html": "<div><span>" * 30000 + "text",
        "misnested.html": "<b><i>" * 20000 + "x" + "</b></i>" * 20000,
        "deep-headings.html": "<h1><h2><h3><h4><h5><h6>" * 3000 + "t",
        "unclosed-tags.html": "<a" * 50000,
        "unclosed-comments.html": "<!--" * 50000,
        "end-tags.html": "</" * 50000,
        "siblings.html": "<main>" + "<p>x</p><li>y</li>" * 50000 + "</main>",
        "entities.html": "&" * 100000 + "&#" * 50000,
    }
    for i in range(10):
        texts[f"truncated-{i}.html"] = page[:rng.randint(1, len(page) - 1)]
    for i in range(10):
        alphabet = "<>/!-=\"'&#;abp hdivl\n"
        texts[f"markup-{i}.html"] = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5000)))
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    for i in range(6):
        path = folder / f"random-{i}.html"
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000))))
        paths.append(path)
    return paths


def test_pdf_and_html_loaders_fail_by_name_within_bounds(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    paths = _pdf_inputs(tmp_path, rng) + _html_inputs(tmp_path, rng)
    out = subprocess.run([sys.executable, "-m", "tests.loader_fuzz_worker", *map(str, paths)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["path"] for r in rows] == [str(p) for p in paths]
    bad = [r for r in rows if r["outcome"] not in ("ok", "load_error")]
    assert bad == []
    for r in rows:
        if r["outcome"] == "load_error":
            assert r["message"].startswith(f"{r['path']}: ") and "\n" not in r["message"], r
    outcomes = {Path(r["path"]).name: r["outcome"] for r in rows}
    # The structured inputs keep their text, however deep or malformed.
    for name in ("deep-div.html", "deep-unclosed.html", "misnested.html", "siblings.html", "good.pdf"):
        assert outcomes[name] == "ok", name
    for r in rows:  # random bytes that are not UTF-8: refused with the position of the first bad byte
        path = Path(r["path"])
        if path.name.startswith("random-") and path.suffix == ".html":
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                assert r["message"].startswith(f"{path}: not valid UTF-8 (byte ")
                assert f"offset {exc.start})" in r["message"]
