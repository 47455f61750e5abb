"""YAML and JSON templates read with bounded memory and time: depth, alias/merge expansion, duplicate keys.

PyYAML itself keeps aliases as shared references, but its merge-key handling copies every merged pair
(a "billion laughs" of `<<` keys takes gigabytes) and anything that walks the result expands the aliases.
So the event stream is checked first, in one pass with constant work per event: nesting depth and the
number of values the document would expand to (MAX_EXPANDED_NODES). Only then is it built, with merge keys
applied as YAML defines them (explicit keys win, earlier merges win over later ones) without copies of
copies, and with every mapping remembering the line of each key. Duplicate keys are refused, as
CloudFormation refuses them.
"""
from __future__ import annotations

import json
import re
from typing import Any

import yaml

from kb.errors import ReviewInputError
from kb.review.limits import MAX_DEPTH, MAX_EXPANDED_NODES, check_json_depth, too_deep

_Base = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
_MERGE_TAG = "tag:yaml.org,2002:merge"


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based), for findings and SARIF regions."""

    lines: dict[str, int]


class CfnLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that reads CloudFormation's short-form tags (!Ref, !Sub, !GetAtt ...) as their long forms."""


def _where(mark: Any) -> str:
    return f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1"


def _mapping(loader: CfnLoader, node: yaml.MappingNode) -> LineDict:
    label = getattr(loader, "label", "template")
    data = LineDict()
    data.lines = {}
    merged: dict[Any, Any] = {}
    merged_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source_node in sources:
                source = loader.construct_object(source_node, deep=True)
                if not isinstance(source, dict):
                    raise ReviewInputError(f"{label}:{_where(source_node.start_mark)}: a merge key (<<) needs a "
                                           "mapping or a list of mappings.")
                for k, v in source.items():
                    if k not in merged:  # the first merged mapping wins (YAML merge-key rules)
                        merged[k] = v
                        merged_lines[str(k)] = getattr(source, "lines", {}).get(str(k), key_node.start_mark.line + 1)
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ReviewInputError(f"{label}:{_where(key_node.start_mark)}: a mapping key must be a plain "
                                   "value, not a list or mapping.") from None
        line = key_node.start_mark.line + 1
        if key in data:
            raise ReviewInputError(
                f"{label}:{_where(key_node.start_mark)}: duplicate key {key!r} (first at line {data.lines[str(key)]}); "
                "CloudFormation rejects duplicate keys and a parser would silently keep the last. Remove one.")
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[str(key)] = line
    for k, v in merged.items():
        if k not in data:
            data[k] = v
            data.lines[str(k)] = merged_lines[str(k)]
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


def check_events(text: str, label: str) -> None:
    """One pass over the YAML events: refuse nesting deeper than MAX_DEPTH and documents whose aliases and
    merge keys would expand to more than MAX_EXPANDED_NODES values. Constant work per event."""
    sizes: dict[str, int] = {}  # anchor -> number of values it stands for, fully expanded
    stack: list[list[Any]] = []  # [values so far, anchor] of each open mapping or sequence
    total = 0
    for event in yaml.parse(text, Loader=CfnLoader):
        if isinstance(event, yaml.AliasEvent):
            n = sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            n = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise too_deep(label, _where(event.start_mark))
            stack.append([1, event.anchor])
            total += 1
            continue
        elif isinstance(event, yaml.CollectionEndEvent):
            count, anchor = stack.pop()
            if anchor:
                sizes[anchor] = count
            if stack:
                stack[-1][0] += count
            continue
        else:
            continue
        total += n
        if stack:
            stack[-1][0] += n
        if total > MAX_EXPANDED_NODES:
            raise ReviewInputError(
                f"{label}:{_where(event.start_mark)}: YAML aliases (*name) and merge keys (<<) would expand this "
                f"document to more than {MAX_EXPANDED_NODES:,} values; refused (an alias bomb). Write the "
                "repeated parts out, or review the template CloudFormation would deploy.")


def load_yaml(text: str, label: str) -> Any:
    """Parse YAML (CloudFormation short-form tags allowed) within the limits; ReviewInputError with
    `file:line:column` otherwise."""
    try:
        check_events(text, label)
        loader = CfnLoader(text)
        loader.label = label
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ReviewInputError(f"{label}:{_where(mark)}: invalid YAML ({exc.problem or exc.context}). "
                               "Fix the template and run the review again.") from exc
    except yaml.YAMLError as exc:
        raise ReviewInputError(f"{label}: invalid YAML ({str(exc).splitlines()[0]}).") from exc
    except RecursionError as exc:  # a parser recursing below MAX_DEPTH on an odd construct: still one line
        raise too_deep(label, "1") from exc


def load_json(text: str, label: str) -> Any:
    """Parse JSON within the limits. JSON is YAML too, so the line-tracking loader adds line numbers (and
    catches duplicate keys) when it can read the file; otherwise the json module's result is used."""
    check_json_depth(text, label)
    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _json_object(pairs, text, label))
    except json.JSONDecodeError as exc:
        raise ReviewInputError(f"{label}:{exc.lineno}:{exc.colno}: invalid JSON ({exc.msg}). "
                               "Fix the template and run the review again.") from exc
    except RecursionError as exc:
        raise too_deep(label, "1") from exc
    try:
        return load_yaml(text, label)
    except ReviewInputError as exc:
        if "duplicate key" in str(exc):
            raise
        return data


def _json_object(pairs: list[tuple[str, Any]], text: str, label: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            hits = [text.count("\n", 0, m.start()) + 1
                    for m in re.finditer(r'"' + re.escape(json.dumps(key)[1:-1]) + r'"\s*:', text)]
            where = f"{hits[1]}" if len(hits) > 1 else "1"
            first = f" (first at line {hits[0]})" if hits else ""
            raise ReviewInputError(f"{label}:{where}: duplicate key {key!r}{first}; CloudFormation rejects "
                                   "duplicate keys and a parser would silently keep the last. Remove one.")
        out[key] = value
    return out
