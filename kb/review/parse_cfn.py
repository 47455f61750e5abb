"""CloudFormation templates (YAML with short-form tags, or JSON), SAM and Serverless Framework files -> resources.

One file makes one Template (its own scope of parameters). Nested stacks and SAM applications it creates
are returned as `Nested` references for the workspace loader to follow; macros, included snippets and
loops over computed collections are returned as NotReviewed parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import ReviewInputError
from kb.review.cfn_dialects import (
    SAM_TRANSFORM,
    apply_sam_globals,
    expand_foreach,
    is_serverless,
    serverless_resources,
    transforms,
)
from kb.review.limits import read_text
from kb.review.model import NotReviewed, Resource, Template
from kb.review.safe_yaml import LineDict, load_json, load_yaml

STACK_TYPES = {"AWS::CloudFormation::Stack": "TemplateURL", "AWS::Serverless::Application": "Location"}
KNOWN_TRANSFORMS = {SAM_TRANSFORM, "AWS::LanguageExtensions"}
NOT_A_TEMPLATE = ("not a CloudFormation template (no Resources section) nor a Serverless Framework file. "
                  "`kb review` reads CloudFormation/SAM YAML or JSON, serverless.yml, Terraform .tf files or folders, "
                  "and Markdown/text design documents.")


@dataclass
class Nested:
    """A nested stack (AWS::CloudFormation::Stack) or SAM application a template creates."""

    name: str  # logical id in the parent (with the parent's prefix)
    location: Any  # TemplateURL / Location as written
    parameters: dict[str, Any]  # as written; resolved in the parent's scope by the loader
    file: str
    line: int | None


@dataclass
class CfnFile:
    template: Template
    nested: list[Nested] = field(default_factory=list)
    not_reviewed: list[NotReviewed] = field(default_factory=list)


def load_data(path: Path, label: str, text: str | None = None) -> Any:
    """The parsed YAML or JSON of a file (bounded: see kb/review/safe_yaml.py)."""
    text = read_text(path, label) if text is None else text
    if not text.strip():
        raise ReviewInputError(f"{label}: the file is empty; nothing to review.")
    is_json = path.suffix.lower() == ".json" or text.lstrip().startswith("{")
    return load_json(text, label) if is_json else load_yaml(text, label)


def looks_like_template(data: Any) -> bool:
    return is_serverless(data) or (isinstance(data, dict) and isinstance(data.get("Resources"), dict))


def parse_cloudformation(path: Path, label: str, text: str | None = None, parameters: dict[str, Any] | None = None,
                         prefix: str = "", data: Any = None, boundary: Path | None = None) -> CfnFile:
    """Parse a CloudFormation, SAM or Serverless file; `parameters` (from a parent stack) override defaults.
    Serverless `${file(...)}` includes are read only inside `boundary` when one is given.

    Raises ReviewInputError naming the file and line when it is malformed or not a template.
    """
    data = load_data(path, label, text) if data is None else data
    dialect = ""
    out_unread: list[NotReviewed] = []
    if is_serverless(data):
        dialect = "serverless"
        try:
            resources, unread = serverless_resources(data, lambda p, key: _include(path, label, p, key, boundary))
        except ReviewInputError as exc:
            raise ReviewInputError(f"{label}: {exc}") from exc
        where = getattr(data, "lines", {}).get("resources")
        out_unread += [NotReviewed(what, label, where, why) for what, why in unread]
    elif isinstance(data, dict) and isinstance(data.get("Resources"), dict):
        resources = data["Resources"]
    else:
        raise ReviewInputError(f"{label}: {NOT_A_TEMPLATE}")
    params = data.get("Parameters") if isinstance(data.get("Parameters"), dict) else {}
    values = {k: v["Default"] for k, v in params.items() if isinstance(v, dict) and "Default" in v}
    values.update(parameters or {})
    names = transforms(data)
    if SAM_TRANSFORM in names:
        dialect = "sam"
        apply_sam_globals(data, resources)
    top_line = getattr(data, "lines", {}).get("Transform")
    for name in names:
        if isinstance(name, dict) and name.get("Name") == "AWS::Include":
            where = (name.get("Parameters") or {}).get("Location") if isinstance(name.get("Parameters"), dict) else None
            out_unread.append(NotReviewed(f"included snippet AWS::Include ({where})", label, top_line,
                                          "the snippet lives outside the template: review it on its own"))
        elif not isinstance(name, str) or name not in KNOWN_TRANSFORMS:
            shown = name.get("Name") if isinstance(name, dict) else name
            out_unread.append(NotReviewed(f"macro `{shown}`", label, top_line,
                                          "a macro rewrites the template at deploy time; what it adds is not reviewed"))
    template = Template(tool="cloudformation", source=label, resources=[], values=values, dialect=dialect,
                        document=data if dialect == "serverless" else {})
    result = CfnFile(template, not_reviewed=out_unread)
    lines = getattr(resources, "lines", {})
    for logical_id, body in _expanded(resources, values, label, lines, result):
        line = lines.get(str(logical_id))
        if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
            raise ReviewInputError(f"{label}:{line or 1}: resource {logical_id!r} has no Type.")
        props = body.get("Properties") if isinstance(body.get("Properties"), dict) else LineDict()
        name = f"{prefix}{logical_id}"
        if body["Type"] in STACK_TYPES:
            location = props.get(STACK_TYPES[body["Type"]])
            nested_params = props.get("Parameters") if isinstance(props.get("Parameters"), dict) else {}
            result.nested.append(Nested(name, location, nested_params, label, line))
            continue
        if "Fn::Transform" in props or "Fn::Transform" in body:
            result.not_reviewed.append(NotReviewed(f"Fn::Transform in `{name}`", label, line,
                                                   "a macro changes this resource at deploy time; reviewed as written"))
        template.resources.append(Resource(name=name, type=body["Type"], properties=dict(props), file=label,
                                           line=line, prop_lines=dict(getattr(props, "lines", {}) or {}),
                                           address=str(logical_id)))
    return result


def _expanded(resources: dict[str, Any], values: dict[str, Any], label: str, lines: dict[str, int],
              result: CfnFile) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for logical_id, body in resources.items():
        key = str(logical_id)
        if key.startswith("Fn::ForEach::"):
            expanded = expand_foreach(key, body, values)
            if expanded is None:
                result.not_reviewed.append(NotReviewed(f"loop `{key}`", label, lines.get(key),
                                                       "its collection is computed at deploy time"))
                continue
            out += [(k, v) for k, v in expanded.items()]
            lines.update({k: lines.get(key) for k in expanded if k not in lines})
        elif key == "Fn::Transform":
            result.not_reviewed.append(NotReviewed("resources from Fn::Transform", label, lines.get(key),
                                                   "included or generated at deploy time: review the snippet itself"))
        else:
            out.append((key, body))
    return out


_LOCAL_URL = re.compile(r"^(?!https?://|s3://)[^:{}$]+$", re.I)


def local_template(parent: Path, location: Any) -> Path | None:
    """The local file a TemplateURL/Location names (a relative or file path), or None for an S3/HTTPS URL,
    a Serverless Application Repository app or a computed value."""
    if not isinstance(location, str):
        return None
    text = location[7:] if location.startswith("file://") else location
    if not _LOCAL_URL.match(text):
        return None
    return (parent.parent / text) if not Path(text).is_absolute() else Path(text)


def inside(path: Path, boundary: Path | None) -> bool:
    """Is `path` inside `boundary` (always, without one)? Symbolic links and `..` are resolved first."""
    return boundary is None or path.resolve().is_relative_to(boundary.resolve())


def _include(path: Path, label: str, relative: str, key: str | None, boundary: Path | None) -> Any:
    target = path.parent / relative
    if not target.is_file() or not inside(target, boundary):
        return None
    data = load_data(target, str(Path(label).parent / relative))
    for step in (key.split(".") if key else []):
        data = data.get(step) if isinstance(data, dict) else None
    return data
