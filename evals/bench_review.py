"""Design-review benchmarks: review time and peak memory at 1x, 10x and 100x input size (CloudFormation and
Terraform), a 1,000-resource generated template (target: under 5 s), and how fast bombs are refused.

Each measurement runs in a fresh process (peak RSS is per process); loading the index is not timed. The
100x inputs are folders of ten files, because one template may not exceed CloudFormation's 1 MB limit.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from kb.config import ROOT

BASE = 100  # resources at 1x
TARGET_1000_S = 5.0  # issue 13: a 1,000-resource generated template is reviewed in under 5 s

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from kb.core import KnowledgeBase
from kb.errors import ReviewInputError
from kb.review import Reviewer
reviewer = Reviewer(KnowledgeBase())
reviewer.review(Path(sys.argv[2]))  # warm: passages of the services used are read once per process
t = time.perf_counter()
try:
    report = reviewer.review(Path(sys.argv[1]))
    outcome = {"resources": len(report.resources), "findings": len(report.findings)}
except ReviewInputError as exc:
    outcome = {"refused": str(exc)[:120]}
seconds = time.perf_counter() - t
print(json.dumps({"seconds": round(seconds, 3), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF)
                  .ru_maxrss / 1024, 1), **outcome}))
"""


def cfn_template(n: int, start: int = 0) -> str:
    """n resources in groups of four: a bucket, its TLS-only policy, a queue, a PostgreSQL instance."""
    res: dict[str, object] = {}
    for i in range(start, start + n // 4):
        res[f"Bucket{i}"] = {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"phi-{i}"}}
        res[f"Policy{i}"] = {"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": f"Bucket{i}"}, "PolicyDocument": {"Statement": [
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}}
        res[f"Queue{i}"] = {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": True}}
        res[f"Db{i}"] = {"Type": "AWS::RDS::DBInstance", "Properties": {
            "Engine": "postgres", "EngineVersion": "16.3", "StorageEncrypted": True}}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": res}, indent=1)


def tf_module(n: int, start: int = 0) -> str:
    """The same four kinds of resource in Terraform."""
    parts = []
    for i in range(start, start + n // 4):
        parts.append(
            f'resource "aws_s3_bucket" "b{i}" {{\n  bucket = "phi-{i}"\n}}\n'
            f'resource "aws_s3_bucket_policy" "b{i}" {{\n  bucket = aws_s3_bucket.b{i}.id\n'
            f'  policy = jsonencode({{ Statement = [{{ Effect = "Deny", Action = "s3:*", Condition = {{ Bool = '
            f'{{ "aws:SecureTransport" = "false" }} }} }}] }})\n}}\n'
            f'resource "aws_sqs_queue" "q{i}" {{\n  sqs_managed_sse_enabled = true\n}}\n'
            f'resource "aws_db_instance" "d{i}" {{\n  engine = "postgres"\n  storage_encrypted = true\n}}\n')
    return "".join(parts)


def _write(folder: Path, tool: str, n: int) -> Path:
    """One file up to 10x; at 100x a folder of ten files (each stays under the 1 MB limit)."""
    files = 10 if n > 10 * BASE else 1
    target = folder / f"{tool}-{n}"
    target.mkdir()
    for k in range(files):
        name, text = (f"stack{k}.json", cfn_template(n // files, k * n)) if tool == "cloudformation" else \
            (f"main{k}.tf", tf_module(n // files, k * n))
        (target / name).write_text(text, encoding="utf-8")
    return target if files > 1 else next(target.iterdir())


def _child(path: Path, warm: Path, index_dir: Path | None) -> dict:
    env = {**os.environ, **({"HIPAA_GUIDE_INDEX_DIR": str(index_dir)} if index_dir else {})}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(warm)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_review_bench(index_dir: Path | None = None) -> dict:
    """Run against the index at `index_dir` (default: the settings'). Returns
    {"scaling": {tool: [{"size", "resources", "seconds", "ms_per_resource", "peak_rss_mb", "findings"}]},
     "linear": {tool: time per resource at 100x / at 1x}, "generated_1000": {...}, "refused": {...}}."""
    result: dict = {"scaling": {}, "linear": {}}
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        folder = Path(tmp)
        warm = folder / "warm.json"
        warm.write_text(cfn_template(8), encoding="utf-8")
        for tool in ("cloudformation", "terraform"):
            rows = []
            for factor in (1, 10, 100):
                n = BASE * factor
                got = _child(_write(folder, tool, n), warm, index_dir)
                rows.append({"size": f"{factor}x", "resources": n, "seconds": got["seconds"],
                             "ms_per_resource": round(1000 * got["seconds"] / n, 3),
                             "peak_rss_mb": got["peak_rss_mb"], "findings": got.get("findings")})
                print(f"review {tool} {factor}x: {got}", file=sys.stderr)
            result["scaling"][tool] = rows
            result["linear"][tool] = round(rows[-1]["ms_per_resource"] / max(rows[0]["ms_per_resource"], 1e-9), 2)
        # As the reliability case generates it: 1,000 buckets, JSON with indent 1.
        gen = folder / "generated-1000.json"
        gen.write_text(json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
            f"Bucket{i}": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"phi-bucket-{i}"}}
            for i in range(1000)}}, indent=1), encoding="utf-8")
        got = _child(gen, warm, index_dir)
        result["generated_1000"] = {**got, "target_s": TARGET_1000_S, "met": got["seconds"] < TARGET_1000_S}
        refused = {}
        for name in ("merge_bomb.yaml", "alias_bomb_in_policy.yaml", "deep.json", "deep.tf"):
            got = _child(ROOT / "tests" / "data" / "templates" / "reliability" / name, warm, index_dir)
            refused[name] = {"seconds": got["seconds"], "peak_rss_mb": got["peak_rss_mb"],
                             "refused": "refused" in got}
        result["refused"] = refused
    return result
