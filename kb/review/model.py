"""Records of a design review: parsed resources, findings, and the report they make up."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kb.cite import Passage

SCHEMA = "hipaa-guide/review/v1"
_TF_REF = re.compile(r"^\$\{(var|local)\.([A-Za-z0-9_-]+)\}$")


@dataclass(frozen=True)
class Computed:
    """A value the template computes (an intrinsic function, an interpolation): not a literal.

    `text` keeps the template string of !Sub or a Terraform interpolation ("http://${host}/x"), which
    still shows a URL scheme; references to resources or parameters without a default have none.
    """

    text: str | None = None


UNKNOWN = Computed()


@dataclass
class Resource:
    """One resource of a template, or one service a design document names."""

    name: str  # CloudFormation logical id, Terraform address, or the service's name in a document
    type: str  # AWS::S3::Bucket, aws_s3_bucket, or "mention"
    properties: dict[str, Any]
    file: str
    line: int | None
    prop_lines: dict[str, int] = field(default_factory=dict)  # top-level property -> line
    service_id: str | None = None  # preset for document mentions; else from the resource map


@dataclass
class Template:
    """A parsed input: its resources plus what references in it resolve to."""

    tool: str  # cloudformation | terraform | document
    source: str  # the path as the user gave it
    resources: list[Resource]
    values: dict[str, Any] = field(default_factory=dict)  # parameter/variable/local defaults
    data: dict[str, Any] = field(default_factory=dict)  # Terraform data sources by address
    lang: str = "en"  # language of a design document's prose

    def resolve(self, value: Any) -> Any:
        """A literal for `value` where the template gives one (a parameter default), else UNKNOWN
        for computed values; plain values pass through."""
        if self.tool == "cloudformation" and isinstance(value, dict) and len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" and isinstance(arg, str) and arg in self.values:
                return self.values[arg]
            if key == "Fn::Sub":
                return Computed(arg if isinstance(arg, str) else arg[0] if arg and isinstance(arg[0], str) else None)
            if key == "Ref" or key.startswith("Fn::"):
                return UNKNOWN
        if self.tool == "terraform" and isinstance(value, str) and "${" in value:
            m = _TF_REF.match(value)
            key = f"{m.group(1)}.{m.group(2)}" if m else None
            return self.values[key] if key in self.values else Computed(None if m else value)
        return value


@dataclass
class Finding:
    """The template contradicts the guidance (or uses a service the whitepaper does not cover)."""

    rule_id: str
    level: str  # error | warning
    title: str
    message: str
    resource: str
    resource_type: str
    file: str
    line: int | None
    service_id: str | None
    topic: str | None
    fix: str | None
    citations: list[Passage]

    def to_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "level": self.level, "title": self.title, "message": self.message,
                "resource": self.resource, "resource_type": self.resource_type, "file": self.file,
                "line": self.line, "service_id": self.service_id, "topic": self.topic, "fix": self.fix,
                "citations": [p.to_json() for p in self.citations]}


@dataclass
class ResourceReport:
    resource: Resource
    service_id: str | None
    service_name: str | None
    covered: bool | None  # None: no whitepaper service for this type
    findings: list[Finding] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)  # settings given by expressions: not checked

    def to_json(self, checklist: list[Passage]) -> dict[str, Any]:
        r = self.resource
        return {"name": r.name, "type": r.type, "file": r.file, "line": r.line, "service_id": self.service_id,
                "service_name": self.service_name, "covered": self.covered,
                "findings": [f.rule_id for f in self.findings], "unverified": self.unverified,
                "checklist": [p.id for p in checklist]}


@dataclass
class Report:
    """The whole review; `checklists` holds each service's requirement passages once."""

    source: str
    tool: str
    lang: str
    resources: list[ResourceReport]
    checklists: dict[str, list[Passage]]
    service_names: dict[str, str]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.resources for f in r.findings]

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0

    def summary(self) -> dict[str, int]:
        findings = self.findings
        return {"resources": len(self.resources),
                "mapped": sum(1 for r in self.resources if r.service_id),
                "uncovered": sum(1 for r in self.resources if r.covered is False),
                "unmapped": sum(1 for r in self.resources if r.service_id is None),
                "findings": len(findings),
                "errors": sum(1 for f in findings if f.level == "error"),
                "warnings": sum(1 for f in findings if f.level == "warning")}

    def to_json(self) -> dict[str, Any]:
        passages = {p.id: p for ps in self.checklists.values() for p in ps}
        return {
            "schema": SCHEMA, "source": self.source, "tool": self.tool, "lang": self.lang,
            "summary": self.summary(),
            "findings": [f.to_json() for f in self.findings],
            "resources": [r.to_json(self.checklists.get(r.service_id or "", [])) for r in self.resources],
            "checklists": {sid: {"name": self.service_names.get(sid, sid), "passages": [p.id for p in ps]}
                           for sid, ps in self.checklists.items()},
            "passages": {pid: p.to_json() for pid, p in passages.items()},
        }
