"""Records of a design review: parsed resources, findings, and the report they make up."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from kb.cite import CitedSpan
from kb.review.tf_expr import UNKNOWN as TF_UNKNOWN
from kb.review.tf_expr import resolve_string

SCHEMA = "hipaa-guide/review/v1"
_TF_BARE_REF = re.compile(r"^\$\{[A-Za-z_][\w.\-\[\]\"]*\}$")
_SLS_SELF = re.compile(r"^\$\{self:([\w.\-]+)\}$")
# Exit codes of `kb review` (README.md, "Citation lookup and design review").
EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT, EXIT_PARTIAL = 0, 1, 2, 3


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
    address: str | None = None  # how siblings refer to it: Terraform `type.name` inside its module; else `name`
    key: Any = None  # Terraform instance key (count index or for_each key), None for a single instance
    notes: list[str] = field(default_factory=list)  # how it was read: "count is computed: reviewed once"

    @property
    def local(self) -> str:
        return self.address or self.name


@dataclass(frozen=True)
class NotReviewed:
    """A part of the input the review could not read: a remote nested stack, a registry module, a macro."""

    what: str  # "nested stack `Storage` (https://...)", "module `vpc` (terraform-aws-modules/vpc/aws)"
    file: str
    line: int | None
    reason: str  # why, and what to do

    def to_json(self) -> dict[str, Any]:
        return {"what": self.what, "file": self.file, "line": self.line, "reason": self.reason}


@dataclass
class Template:
    """A parsed input: its resources plus what references in it resolve to."""

    tool: str  # cloudformation | terraform | document
    source: str  # the file or module folder, as it appears in the report
    resources: list[Resource]
    values: dict[str, Any] = field(default_factory=dict)  # parameter/variable/local values (Computed if unknown)
    data: dict[str, Any] = field(default_factory=dict)  # Terraform data sources by address
    lang: str = "en"  # language of a design document's prose
    dialect: str = ""  # sam | serverless for those CloudFormation dialects
    document: dict[str, Any] = field(default_factory=dict)  # a Serverless file, for ${self:...} references
    _refs: dict[int, set[tuple[str, str | None]]] = field(default_factory=dict, repr=False)
    _referrers: dict[str, dict[str, list[Resource]]] = field(default_factory=dict, repr=False)
    _texts: dict[int, str] = field(default_factory=dict, repr=False)
    _names: dict[int, set[str]] = field(default_factory=dict, repr=False)

    def resolve(self, value: Any) -> Any:
        """A literal for `value` where the template gives one (a parameter default, a variable, a local
        value), else a Computed for values known only at deploy time; plain values pass through."""
        if self.tool == "cloudformation" and isinstance(value, dict) and len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" and isinstance(arg, str) and arg in self.values:
                return self.values[arg]
            if key == "Fn::Sub":
                return Computed(arg if isinstance(arg, str) else arg[0] if arg and isinstance(arg[0], str) else None)
            if key == "Ref" or key.startswith("Fn::"):
                return UNKNOWN
        if isinstance(value, str) and "${" in value:
            if self.tool == "terraform":
                got = resolve_string(value, self.values)
                if got is TF_UNKNOWN:
                    return Computed(None if _TF_BARE_REF.match(value) else value)
                return got
            if self.dialect == "serverless":  # Serverless Framework variables: ${self:...}, ${opt:...}, ${env:...}
                m = _SLS_SELF.match(value)
                got = _dig(self.document, m.group(1).split(".")) if m else None
                return got if got is not None and not isinstance(got, (dict, list)) else Computed(value)
        return value

    # ---- references between resources of this template (built once, so a review stays linear)
    def refs(self, resource: Resource) -> set[tuple[str, str | None]]:
        """(address, instance key or None) of every sibling `resource` refers to: Ref/GetAtt/${X} in
        CloudFormation, `type.name[key].attr` in Terraform (a computed index counts as any instance)."""
        got = self._refs.get(id(resource))
        if got is None:
            got = self._refs[id(resource)] = references(self, resource)
        return got

    def referrers(self, target: Resource, type_: str) -> list[Resource]:
        """Resources of `type_` that refer to `target`."""
        index = self._referrers.get(type_)
        if index is None:
            index = self._referrers[type_] = {}
            for other in self.resources:
                if other.type == type_:
                    for address, _key in self.refs(other):
                        bucket = index.setdefault(address, [])
                        if not bucket or bucket[-1] is not other:
                            bucket.append(other)
        return [r for r in index.get(target.local, ()) if any(
            a == target.local and (k is None or target.key is None or k == str(target.key)) for a, k in self.refs(r))]

    def text_of(self, resource: Resource) -> str:
        """The resource's properties as lower-case text, plus the Terraform data sources they use."""
        got = self._texts.get(id(resource))
        if got is None:
            blob = json.dumps(resource.properties, default=str)
            extra = [json.dumps(body, default=str) for addr, body in self.data.items() if f"{addr}." in blob]
            got = self._texts[id(resource)] = "\n".join([blob, *extra]).lower()
        return got


_CFN_REFS = re.compile(r'"Ref": "([^"]+)"|"Fn::GetAtt": \["([^"]+)"|"Fn::GetAtt": "([^".]+)|\$\{([A-Za-z0-9]+)[.}]')
_TF_REFS = re.compile(r'(?<![\w.])([a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)(?:\[([^\]]*)\])?')


def references(template: Template, resource: Resource) -> set[tuple[str, str | None]]:
    """What `resource` refers to among the template's resources (see Template.refs); not cached."""
    blob = json.dumps(resource.properties, default=str)
    out: set[tuple[str, str | None]] = set()
    if template.tool == "terraform":
        names = template._names.get(len(template.resources))
        if names is None:  # addresses of the template's resources, computed once per size of the list
            names = template._names[len(template.resources)] = {r.local for r in template.resources}
        for m in _TF_REFS.finditer(blob):
            if m.group(1) in names:
                key = m.group(2)
                if key is not None:
                    key = key.replace("\\", "").strip().strip('"')
                    key = key if re.fullmatch(r"-?\d+|[\w.-]+", key) and not key.startswith(("each.", "count.", "var.",
                                                                                           "local.")) else None
                out.add((m.group(1), key))
    else:
        for m in _CFN_REFS.finditer(blob):
            out.add((next(g for g in m.groups() if g), None))
    return out


def _dig(data: Any, path: list[str]) -> Any:
    for step in path:
        if not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data


@dataclass
class Workspace:
    """Everything one `kb review PATH` reads: templates (each its own scope: a CloudFormation file or
    nested stack, a Terraform module instance, a document), what could not be reviewed, files ignored."""

    source: str
    templates: list[Template]
    not_reviewed: list[NotReviewed] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def tool(self) -> str:
        tools = {t.tool for t in self.templates}
        return tools.pop() if len(tools) == 1 else ("mixed" if tools else "none")


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
    citations: list[CitedSpan]
    config_rule: tuple[str, ...] = ()  # AWS Config managed rules that check the same setting in an account
    # The requirement records the finding enforces: (id, the team's statement in English)
    requirements: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "level": self.level, "title": self.title, "message": self.message,
                "resource": self.resource, "resource_type": self.resource_type, "file": self.file,
                "line": self.line, "service_id": self.service_id, "topic": self.topic, "fix": self.fix,
                "config_rule": list(self.config_rule),
                "requirements": [{"id": rid, "statement": text} for rid, text in self.requirements],
                "citations": [p.to_json() for p in self.citations]}


@dataclass
class ResourceReport:
    resource: Resource
    service_id: str | None
    service_name: str | None
    covered: bool | None  # None: no whitepaper service for this type
    findings: list[Finding] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)  # settings given by expressions: not checked

    def to_json(self, checklist: list[CitedSpan]) -> dict[str, Any]:
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
    checklists: dict[str, list[CitedSpan]]
    service_names: dict[str, str]
    not_reviewed: list[NotReviewed] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files of a folder that are not templates

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.resources for f in r.findings]

    @property
    def exit_code(self) -> int:
        """1 with findings; else 3 when parts could not be reviewed (never a silent pass); else 0."""
        if self.findings:
            return EXIT_FINDINGS
        return EXIT_PARTIAL if self.not_reviewed else EXIT_CLEAN

    def summary(self) -> dict[str, int]:
        findings = self.findings
        return {"resources": len(self.resources),
                "mapped": sum(1 for r in self.resources if r.service_id),
                "uncovered": sum(1 for r in self.resources if r.covered is False),
                "unmapped": sum(1 for r in self.resources if r.service_id is None),
                "findings": len(findings),
                "errors": sum(1 for f in findings if f.level == "error"),
                "warnings": sum(1 for f in findings if f.level == "warning"),
                "not_reviewed": len(self.not_reviewed)}

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
            "not_reviewed": [n.to_json() for n in self.not_reviewed],
            "ignored": self.ignored,
            "exit_code": self.exit_code,
        }
