"""Simplified-Chinese questions against the Traditional-Chinese corpus: service detection, topic detection
and keyword retrieval hit@1 (`python -m evals.simplified`).

Users in Taiwan write Traditional, others Simplified; the zh edition, the aliases and the terms are
Traditional. Two question sets:
- QUESTIONS: written in Simplified with mainland wording (存储桶, 数据库, 日志), with the catalog entries and
  the topic a reader expects;
- the golden set's Traditional zh questions converted by OpenCC, by script only (t2s) and with mainland
  phrases (tw2sp: 資料庫 -> 数据库), scored against the golden services and topic, and for agreement with
  the analysis of the Traditional original (script should not change what a question is about).

Keyword hit@k: one of the k best BM25 chunks of the shipped documents (split as ingest splits them, no
embedder needed; no filter by the services named, unlike answers) belongs to an expected entry. Needs
only the catalog, the data files and OpenCC (about 3 s). The Traditional originals are the ceiling.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

# (question, expected catalog ids, expected topic or None)
QUESTIONS: list[tuple[str, list[str], str | None]] = [
    ("S3 存储桶的静态加密怎么开启？", ["s3"], "encryption-at-rest"),
    ("RDS for PostgreSQL 的传输加密需要配置 SSL 吗？", ["rds-postgresql"], "encryption-in-transit"),
    ("适用于 MySQL 的 RDS 静态加密怎么开？", ["rds-mysql"], "encryption-at-rest"),
    ("DynamoDB 表里可以存放病人的病历吗？", ["dynamodb"], None),
    ("Lambda 函数的日志应该怎么保留？", ["lambda"], "logging"),
    ("CloudTrail 审计日志要保留多久？", ["cloudtrail"], "logging"),
    ("KMS 密钥的权限应该怎么管理？", ["kms"], "access"),
    ("EBS 卷的快照需要加密吗？", ["ebs"], "backup"),
    ("弹性容器服务的任务定义里能不能放病历号？", ["ecs"], None),
    ("SQS 队列里的消息需要加密吗？", ["sqs"], "encryption-at-rest"),
    ("简单通知服务的主题可以用来发送患者通知吗？", ["sns"], None),
    ("API 网关的端点要怎么启用 TLS？", ["api-gateway"], "encryption-in-transit"),
    ("Redis 缓存的传输加密怎么设置？", ["elasticache-redis"], "encryption-in-transit"),
    ("Redshift 数据仓库的静态加密怎么做？", ["redshift"], "encryption-at-rest"),
    ("EFS 文件系统的传输加密怎么开？", ["efs"], "encryption-in-transit"),
    ("CloudWatch 日志需要用 KMS 加密吗？", ["cloudwatch-logs"], "encryption-at-rest"),  # 日志: the service name
    ("Kinesis 数据流里的 PHI 要怎么加密？", ["kinesis-data-streams"], "encryption-at-rest"),
    ("Athena 查询结果存在 S3 里需要加密吗？", ["athena", "s3"], "encryption-at-rest"),
    ("EKS 集群的控制平面日志要怎么开启？", ["eks"], "logging"),
    ("Comprehend 医疗可以分析病历吗？", ["comprehend-medical"], None),
    ("AWS Backup 的备份计划怎么设置？", ["aws-backup"], "backup"),
    ("负载均衡器 ELB 怎么配置 HTTPS 监听器？", ["elb"], "encryption-in-transit"),
    ("虚拟私有云的流日志要开吗？", ["vpc"], "logging"),
    ("根用户的访问密钥应该怎么处理？", ["aws-account-security"], "access"),
    ("商业伙伴增补合约要跟 AWS 签吗？", ["baa"], "eligibility"),
    ("责任共担模型下灾难恢复是谁的责任？", ["shared-responsibility"], "backup"),
    ("CloudFront 要怎么强制使用 HTTPS？", ["cloudfront"], "encryption-in-transit"),
    ("SageMaker 笔记本实例的存储卷需要加密吗？", ["sagemaker"], "encryption-at-rest"),
    ("Step Functions 状态机的定义里可以放 PHI 吗？", ["step-functions"], None),
    ("WorkSpaces 虚拟桌面的磁盘要加密吗？", ["workspaces"], "encryption-at-rest"),
    ("SES 简单电子邮件服务发送的邮件要怎么加密传输？", ["ses"], "encryption-in-transit"),
    ("SNS 主题的访问策略怎么写？", ["sns"], "access"),
]


@dataclass
class Tally:
    """Hits out of cases for one measure."""

    hits: int = 0
    cases: int = 0

    def add(self, hit: bool) -> None:
        self.hits += bool(hit)
        self.cases += 1

    def __str__(self) -> str:
        share = self.hits / self.cases if self.cases else 0.0
        return f"{self.hits}/{self.cases} ({share:.0%})"


def golden_zh(root: Path) -> list[dict]:
    """The golden set's zh questions (depth, facets, unanswerable)."""
    rows = []
    for name in ("depth.jsonl", "facets.jsonl", "unanswerable.jsonl"):
        path = root / "evals" / "golden" / name
        if path.exists():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("lang") == "zh"]


def measure(verbose: bool = False) -> dict[str, dict[str, str]]:
    """Every figure, by question set and measure (`verbose`: each own question's reading, to stderr)."""
    import numpy as np
    import opencc

    from evals.metrics import matches_service
    from ingest.pipeline import default_corpus
    from kb.analysis import Analyzer
    from kb.catalog import Catalog
    from kb.config import ROOT, Settings
    from kb.index import passage_text
    from kb.keyword import KeywordIndex

    settings = Settings.from_env({})
    catalog = Catalog.load(settings.catalog_path)
    analyzer = Analyzer.load(catalog, settings)
    chunks = [c for _, split in default_corpus(settings) for c in split.chunks]
    keyword = KeywordIndex.build([passage_text(c) for c in chunks])

    def named(question: str) -> set[str]:
        a = analyzer.analyze(question)
        return {s.id for s in a.services + a.uncovered}

    def names_all(question: str, expected: list[str]) -> bool:
        found = named(question)
        return all(any(f in catalog.descendants(e) for f in found) for e in expected)

    def hit_at(k: int, question: str, expected: list[str]) -> bool:
        scores = keyword.scores(question)
        top = [chunks[int(i)] for i in np.argsort(-scores, kind="stable")[:k] if scores[i] > 0]
        return any(matches_service(catalog, e, c.service_id, c.section_id) for c in top for e in expected)

    out: dict[str, dict[str, str]] = {}
    own = {"services": Tally(), "topic": Tally(), "keyword hit@1": Tally(), "keyword hit@5": Tally()}
    for question, expected, topic in QUESTIONS:
        own["services"].add(names_all(question, expected))
        if topic:
            own["topic"].add(topic in analyzer.analyze(question).topics)
        own["keyword hit@1"].add(hit_at(1, question, expected))
        own["keyword hit@5"].add(hit_at(5, question, expected))
        if verbose:
            scores = keyword.scores(question)
            best = chunks[int(np.argmax(scores))] if scores.any() else None
            print(f"{question}  named={sorted(named(question))} topics={analyzer.analyze(question).topics} "
                  f"top={best.section_id if best else None}", file=sys.stderr)
    out[f"own Simplified questions ({len(QUESTIONS)})"] = {k: str(v) for k, v in own.items()}

    golden = golden_zh(ROOT)
    for config in (None, "t2s", "tw2sp"):  # None: the Traditional originals themselves, the ceiling
        converter = opencc.OpenCC(config or "t2s")
        tallies = {"services": Tally(), "topic": Tally(), "keyword hit@1": Tally(), "keyword hit@5": Tally(),
                   "same services as Traditional": Tally(), "same topics as Traditional": Tally()}
        converted = 0
        for row in golden:
            original = row["question"]
            simplified = converter.convert(original)
            if simplified == original:  # already Simplified (or no Han to convert): not a conversion case
                continue
            if config is None:
                simplified = original
            converted += 1
            expected = row.get("services") or []
            if row.get("answerable", True) and expected:
                tallies["services"].add(names_all(simplified, expected))
                tallies["keyword hit@1"].add(hit_at(1, simplified, expected))
                tallies["keyword hit@5"].add(hit_at(5, simplified, expected))
            if row.get("topic") not in (None, "other", "general"):
                tallies["topic"].add(row["topic"] in analyzer.analyze(simplified).topics)
            tallies["same services as Traditional"].add(named(simplified) == named(original))
            tallies["same topics as Traditional"].add(
                analyzer.analyze(simplified).topics == analyzer.analyze(original).topics)
        name = f"converted by OpenCC {config}" if config else "Traditional originals of those"
        out[f"golden zh {name} ({converted})"] = {k: str(v) for k, v in tallies.items()}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.simplified", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="each own question's reading, to stderr")
    args = parser.parse_args(argv)
    figures = measure(args.verbose)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    for name, row in figures.items():
        print(name)
        for measure_name, value in row.items():
            print(f"  {measure_name:30} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
