"""Splitting speed for `python -m evals bench`: ingest's split of one document at 1x, 10x and 100x
size (100 thousand to 10 million characters, the per-document limit). Linear splitting keeps the
microseconds per character flat across the three sizes; the quadratic one took 28 s for 4 MB.

Documents (seeded, so every run splits the same text):
- manual: what case 07's generator writes (Markdown sections of English sentences, blank lines);
- unterminated Korean: lines that stop mid-sentence on a particle, with blank lines between (one run
  of "sentence" across the whole document: 200 KB took 33 s before);
- links and banners: paragraphs with Markdown links and a running banner repeated inside lines.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable

from ingest.split import split_document
from kb.catalog import Catalog
from kb.records import SourceDoc

BASE_CHARS = 100_000
FACTORS = (1, 10, 100)
_WORDS = ("encrypt PHI data at rest in transit using AWS KMS keys TLS logging audit CloudTrail backup bucket "
          "must").split()
_KO = "데이터 암호화 버킷 로깅 감사 백업 전송 저장 고객 키 관리 서비스".split()


def _manual(rng: random.Random, size: int) -> str:
    """Case 07's gen.py: "# Manual", then sentences, 2% section headings, 20% blank lines."""
    out, n, section = ["# Manual\n\n"], 0, 0
    while n < size:
        if rng.random() < 0.02:
            section += 1
            line = f"\n## Section {section}\n\n"
        else:
            line = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 25))).capitalize() + ".\n" + \
                ("\n" if rng.random() < 0.2 else "")
        out.append(line)
        n += len(line)
    return "".join(out)


def _unterminated_korean(rng: random.Random, size: int) -> str:
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choice(_KO) for _ in range(rng.randint(5, 12))) + " 고객이\n\n"
        out.append(line)
        n += len(line)
    return "".join(out)


def _links_and_banners(rng: random.Random, size: int) -> str:
    out, n = [], 0
    while n < size:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 20))]
        words.insert(rng.randrange(len(words)), f"[{rng.choice(_WORDS)}](#{rng.choice(_WORDS)})")
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), "HIPAA Guide manual")
        line = " ".join(words).capitalize() + ".\n" + ("\nHIPAA Guide manual\n\n" if rng.random() < 0.1 else "")
        out.append(line)
        n += len(line)
    return "".join(out)


DOCUMENTS: dict[str, Callable[[random.Random, int], str]] = {
    "manual": _manual, "unterminated Korean": _unterminated_korean, "links and banners": _links_and_banners}


def run(catalog: Catalog) -> dict:
    """For each document and factor: characters, seconds and microseconds per character of one split
    (chunk 900, min 200: the default settings); `ratio_100x_1x` is the per-character cost at 100x over
    that at 1x (about 1 when linear, about 100 when quadratic)."""
    out: dict[str, dict] = {}
    catalog.mentions("warm-up")  # compiles the catalog's name pattern once (0.3 s), outside the timings
    for name, make in DOCUMENTS.items():
        rows = {}
        for factor in FACTORS:
            text = make(random.Random(15), BASE_CHARS * factor)
            doc = SourceDoc(doc_id="bench", title="bench", lang="en", path="bench.md", kind="md", text=text,
                            sha256="")
            started = time.perf_counter()
            split = split_document(doc, catalog, max_chars=900, min_chars=200)
            seconds = time.perf_counter() - started
            rows[f"{factor}x"] = {"chars": len(text), "seconds": round(seconds, 3),
                                  "us_per_char": round(seconds / len(text) * 1e6, 3), "spans": len(split.spans)}
        first, last = rows[f"{FACTORS[0]}x"]["us_per_char"], rows[f"{FACTORS[-1]}x"]["us_per_char"]
        out[name] = {**rows, "ratio_100x_1x": round(last / first, 2) if first else None}
    return out
