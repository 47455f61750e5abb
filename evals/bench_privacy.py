"""Masking speed for `python -m evals bench`: 1 MB of text through kb.privacy.mask_pii, target under a second.

Inputs (each 1,000,000 characters): the corpus's Korean and Chinese text with identifiers of every kind
glued into it every ~2 KB (what feedback and questions look like, at scale), and single runs that made the
old masking quadratic (one letter, one digit, "a@", "1-", "A1", "a.", "환자 ").
"""
from __future__ import annotations

import time
from pathlib import Path

from kb.privacy import mask_pii

TARGET_S = 1.0
SIZE = 1_000_000
IDENTIFIERS = ["주민번호900101-1234567입니다", "연락처 010-1234-5678로", "病人身分證A123456789，電話0912-345-678",
               "SSN 123-45-6789", "call (555) 123-4567", "kim.minji@hospital.org", "MRN A12B34567",
               "Patient John Smith DOB 1990-01-01", "환자 김민지", "+886 912 345 678", "card 4111 1111 1111 1111"]
RUNS = ["x", "1", "a@", "1-", "A1", "a.", "환자 "]


def inputs(corpus_dir: Path) -> dict[str, str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))] or ["S3 버킷 암호화 TLS 1.2. "]
    base = "\n".join(texts)
    pieces, i, size = [], 0, 0
    while size < SIZE:
        chunk = base[(i * 2000) % max(len(base) - 2000, 1):][:2000] + " " + IDENTIFIERS[i % len(IDENTIFIERS)] + " "
        pieces.append(chunk)
        size += len(chunk)
        i += 1
    out = {"corpus+identifiers": "".join(pieces)[:SIZE]}
    for unit in RUNS:
        out[f"run of {unit.strip()!r}"] = (unit * (SIZE // len(unit) + 1))[:SIZE]
    return out


def run(corpus_dir: Path) -> dict:
    """Seconds to mask each 1 MB input (best of 3), the worst of them, and whether it meets the target."""
    seconds = {}
    for name, text in inputs(corpus_dir).items():
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            mask_pii(text)
            best = min(best, time.perf_counter() - started)
        seconds[name] = round(best, 3)
    worst = max(seconds.values())
    return {"chars": SIZE, "seconds": seconds, "worst_s": worst, "target_s": TARGET_S, "meets_target": worst < TARGET_S}
