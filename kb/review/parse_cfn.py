"""CloudFormation templates (YAML with short-form tags such as !Ref and !Sub, or JSON) -> resources."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from kb.errors import ReviewInputError
from kb.review.model import Resource, Template


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based), for findings and SARIF regions."""

    lines: dict[str, int]


class CfnLoader(yaml.SafeLoader):
    """SafeLoader that reads CloudFormation's short-form tags as their long forms."""


def _mapping(loader: CfnLoader, node: yaml.MappingNode, deep: bool = False) -> LineDict:
    loader.flatten_mapping(node)
    data = LineDict()
    data.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[str(key)] = key_node.start_mark.line + 1
    return data


def _node_value(loader: CfnLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return _mapping(loader, node)


def _short_form(loader: CfnLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    """!Ref X -> {"Ref": X}; !GetAtt A.B -> {"Fn::GetAtt": [A, B]}; any other !Name -> {"Fn::Name": ...}."""
    value = _node_value(loader, node)
    if tag_suffix in ("Ref", "Condition"):
        return {tag_suffix: value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{tag_suffix}": value}


CfnLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
CfnLoader.add_multi_constructor("!", _short_form)


def load_yaml(text: str, label: str) -> Any:
    try:
        return yaml.load(text, Loader=CfnLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ReviewInputError(f"{label}{line}: invalid YAML ({exc.problem or exc.context}). "
                               "Fix the template and run the review again.") from exc
    except yaml.YAMLError as exc:
        raise ReviewInputError(f"{label}: invalid YAML ({exc}).") from exc


def load_json(text: str, label: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewInputError(f"{label}:{exc.lineno}:{exc.colno}: invalid JSON ({exc.msg}). "
                               "Fix the template and run the review again.") from exc
    try:
        # JSON is YAML too: the line-tracking loader adds line numbers when it can read the file.
        return yaml.load(text, Loader=CfnLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return data


def parse_cloudformation(path: Path, label: str, text: str) -> Template:
    """Parse a CloudFormation template; raise ReviewInputError naming the file and line if it is not one."""
    is_json = path.suffix.lower() == ".json" or text.lstrip().startswith("{")
    data = load_json(text, label) if is_json else load_yaml(text, label)
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise ReviewInputError(f"{label}: not a CloudFormation template (no Resources section). "
                               "`kb review` reads CloudFormation YAML/JSON, Terraform .tf files or folders, "
                               "and Markdown/text design documents.")
    resources_node = data["Resources"]
    params = data.get("Parameters") if isinstance(data.get("Parameters"), dict) else {}
    values = {k: v["Default"] for k, v in params.items() if isinstance(v, dict) and "Default" in v}
    lines = getattr(resources_node, "lines", None) or _json_lines(text, list(resources_node))
    resources = []
    for logical_id, body in resources_node.items():
        if str(logical_id).startswith("Fn::"):
            continue  # Fn::ForEach loops (AWS::LanguageExtensions) expand only at deploy time
        if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
            line = lines.get(str(logical_id))
            raise ReviewInputError(f"{label}:{line or 1}: resource {logical_id!r} has no Type.")
        props = body.get("Properties") if isinstance(body.get("Properties"), dict) else {}
        prop_lines = getattr(props, "lines", None) or {}
        resources.append(Resource(name=str(logical_id), type=body["Type"], properties=dict(props), file=label,
                                  line=lines.get(str(logical_id)), prop_lines=dict(prop_lines)))
    return Template(tool="cloudformation", source=label, resources=resources, values=values)


def _json_lines(text: str, keys: list[str]) -> dict[str, int]:
    """Lines of the resource keys when only the json module could read the file."""
    out: dict[str, int] = {}
    start = text.find('"Resources"')
    for key in keys:
        m = re.compile(r'"' + re.escape(str(key)) + r'"\s*:').search(text, max(start, 0))
        if m:
            out[str(key)] = text.count("\n", 0, m.start()) + 1
    return out
