"""The review as SARIF 2.1.0 (GitHub code scanning and other static-analysis viewers)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePath
from typing import Any

from kb.review.model import Finding, NotReviewed, Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_URI = "https://docs.aws.amazon.com/whitepapers/latest/architecting-hipaa-security-and-compliance-on-aws/welcome.html"
CONFIG_RULE_URI = "https://docs.aws.amazon.com/config/latest/developerguide/{}.html"


def artifact_uri(file: str) -> str:
    """A repository-relative POSIX path where possible (code scanning matches results to files by it)."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return path.resolve().as_uri()
    return PurePath(os.path.normpath(path)).as_posix()


def _rule(f: Finding) -> dict[str, Any]:
    help_text = f"{f.title}. Fix: {f.fix}" if f.fix else f.title
    if f.config_rule:
        help_text += f" AWS Config managed rule: {', '.join(f.config_rule)}."
    config_md = ("\n\n**AWS Config:** " + ", ".join(f"[`{c}`]({CONFIG_RULE_URI.format(c)})" for c in f.config_rule)
                 if f.config_rule else "")
    return {
        "id": f.rule_id,
        "name": "".join(part.capitalize() for part in f.rule_id.split("-")),
        "shortDescription": {"text": f.title},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text + " The finding quotes the whitepaper passage that requires the setting.",
                 "markdown": f"**{f.title}**\n\n{('**Fix:** ' + f.fix) if f.fix else ''}{config_md}"},
        "helpUri": TOOL_URI,
        "defaultConfiguration": {"level": f.level},
        "properties": {"tags": ["hipaa", "security", f.topic or "other"], "topic": f.topic,
                       "awsConfigRules": list(f.config_rule)},
    }


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    quotes = " ".join(f"Whitepaper: “{' '.join(p.quote.split())}” ({p.citation.reference()}; {p.id})."
                      for p in f.citations)
    fix = f" Fix: {f.fix}" if f.fix else ""
    fingerprint = hashlib.sha256(f"{f.rule_id}|{f.file}|{f.resource}".encode()).hexdigest()[:32]
    return {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": f.level,
        "message": {"text": f"{f.resource} ({f.resource_type}): {f.message}{fix} {quotes}".strip()},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(f.file)},
                "region": {"startLine": max(1, f.line or 1)},
            },
            "logicalLocations": [{"name": f.resource, "kind": "resource"}],
        }],
        "partialFingerprints": {"hipaaGuideFinding/v1": fingerprint},
        "properties": {"service": f.service_id, "topic": f.topic, "resourceType": f.resource_type,
                       "citations": [{"id": p.id, "quote": p.quote, "reference": p.citation.reference()}
                                     for p in f.citations]},
    }


def _notification(n: NotReviewed) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(n.file)}}
    if n.line:
        location["region"] = {"startLine": max(1, n.line)}
    return {"level": "warning", "message": {"text": f"Not reviewed: {n.what}: {n.reason}."},
            "descriptor": {"id": "not-reviewed"}, "locations": [{"physicalLocation": location}]}


def to_sarif(report: Report, version: str = "0.1.0") -> dict[str, Any]:
    """One run; its rules are those the results use, in order of first use. Parts of the input that could
    not be reviewed are `toolExecutionNotifications` of the run's invocation (warning level)."""
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results = []
    for f in report.findings:
        if f.rule_id not in index:
            index[f.rule_id] = len(rules)
            rules.append(_rule(f))
        results.append(_result(f, index[f.rule_id]))
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "HIPAA Guide", "version": version, "informationUri": TOOL_URI,
                                "rules": rules}},
            "invocations": [{"executionSuccessful": True, "exitCode": report.exit_code,
                             "toolExecutionNotifications": [_notification(n) for n in report.not_reviewed]}],
            "results": results,
            "properties": {"source": report.source, "summary": report.summary()},
        }],
    }
