"""CloudFormation dialects and language extensions, rewritten into plain resources before review:
SAM `Globals`, the Serverless Framework's `resources`/`functions`, and `Fn::ForEach` loops.
"""
from __future__ import annotations

import re
from typing import Any

from kb.errors import ReviewInputError
from kb.review.limits import MAX_EXPANDED_NODES, MAX_INSTANCES
from kb.review.safe_yaml import LineDict

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
# Globals section -> the SAM resource type it applies to (AWS SAM "Globals section of the template").
SAM_GLOBALS = {"Function": "AWS::Serverless::Function", "Api": "AWS::Serverless::Api",
               "HttpApi": "AWS::Serverless::HttpApi", "SimpleTable": "AWS::Serverless::SimpleTable",
               "StateMachine": "AWS::Serverless::StateMachine",
               "CapacityProvider": "AWS::Serverless::CapacityProvider"}


def transforms(data: dict[str, Any]) -> list[Any]:
    value = data.get("Transform")
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def merge_globals(global_props: Any, props: Any) -> Any:
    """SAM's rules: a resource's own value wins for plain values; mappings are merged key by key (the
    resource's keys win); lists are joined, the global entries first."""
    if isinstance(global_props, dict) and isinstance(props, dict):
        out = LineDict()
        out.lines = {**getattr(global_props, "lines", {}), **getattr(props, "lines", {})}
        for k, v in global_props.items():
            out[k] = merge_globals(v, props[k]) if k in props else v
        for k, v in props.items():
            if k not in out:
                out[k] = v
        return out
    if isinstance(global_props, list) and isinstance(props, list):
        return [*global_props, *props]
    return props


def apply_sam_globals(data: dict[str, Any], resources: dict[str, Any]) -> None:
    """Merge each `Globals` section into the properties of every resource of its type (in place)."""
    globals_ = data.get("Globals")
    if not isinstance(globals_, dict):
        return
    for section, type_ in SAM_GLOBALS.items():
        shared = globals_.get(section)
        if not isinstance(shared, dict):
            continue
        for body in resources.values():
            if isinstance(body, dict) and body.get("Type") == type_:
                props = body.get("Properties") if isinstance(body.get("Properties"), dict) else {}
                body["Properties"] = merge_globals(shared, props)


# ---- Serverless Framework (serverless.yml): CloudFormation under `resources`, Lambda functions under `functions`

def is_serverless(data: Any) -> bool:
    return isinstance(data, dict) and "service" in data and isinstance(data.get("provider"), dict) \
        and "Resources" not in data


_FILE_REF = re.compile(r"^\$\{file\(([^)]+)\)(?::([\w.-]+))?\}$")


def serverless_resources(data: dict[str, Any], include: Any) -> tuple[LineDict, list[tuple[str, str]]]:
    """The CloudFormation resources a serverless.yml declares, and Lambda functions for its `functions`.

    `include(path, key)` loads a `${file(path):key}` reference (relative to the file) and returns a
    mapping or None. Returns the resources and the references that could not be read (what, reason).
    """
    provider = data["provider"]
    if str(provider.get("name", "aws")).lower() != "aws":
        raise ReviewInputError(f"provider {provider.get('name')!r}: `kb review` reads AWS templates only.")
    resources = LineDict()
    resources.lines = {}
    unread: list[tuple[str, str]] = []
    parts = data.get("resources")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, str):
            m = _FILE_REF.match(part.strip())
            loaded = include(m.group(1).strip(), m.group(2)) if m else None
            if not isinstance(loaded, dict):
                unread.append((f"resources `{part}`", "not a local ${file(...)} the review can read"))
                continue
            part = loaded
        if isinstance(part, dict) and isinstance(part.get("Resources"), dict):
            resources.update(part["Resources"])
            resources.lines.update(getattr(part["Resources"], "lines", {}))
    functions = data.get("functions")
    if isinstance(functions, list):  # functions: [{name: {...}}, ...]
        functions = {k: v for f in functions if isinstance(f, dict) for k, v in f.items()}
    if isinstance(functions, dict):
        env = provider.get("environment") if isinstance(provider.get("environment"), dict) else {}
        for name, body in functions.items():
            body = body if isinstance(body, dict) else {}
            own = body.get("environment") if isinstance(body.get("environment"), dict) else {}
            props = LineDict({"Runtime": body.get("runtime", provider.get("runtime")), "Handler": body.get("handler"),
                              "Environment": {"Variables": {**env, **own}}})
            props.lines = {"Environment": getattr(body, "lines", {}).get("environment")
                           or getattr(functions, "lines", {}).get(name, 1)}
            logical = _logical_id(str(name)) + "LambdaFunction"
            resources[logical] = {"Type": "AWS::Lambda::Function", "Properties": props}
            resources.lines[logical] = getattr(functions, "lines", {}).get(name, 1)
    return resources, unread


def _logical_id(name: str) -> str:
    """Serverless Framework's normalised logical id: first letter upper case, `-` -> Dash, `_` -> Underscore."""
    return (name[:1].upper() + name[1:]).replace("-", "Dash").replace("_", "Underscore")


# ---- Fn::ForEach (AWS::LanguageExtensions)

def expand_foreach(name: str, spec: Any, values: dict[str, Any]) -> dict[str, Any] | None:
    """The resources a `Fn::ForEach::Name: [Id, Collection, {Key${Id}: {...}}]` loop makes when its
    collection is a literal list or a parameter with a default; None when the collection is computed or
    longer than MAX_INSTANCES * 5. Nested loops expand too."""
    if not (isinstance(spec, list) and len(spec) == 3 and isinstance(spec[0], str) and isinstance(spec[2], dict)):
        return None
    ident, coll, fragment = spec
    if isinstance(coll, dict) and set(coll) == {"Ref"}:
        coll = values.get(coll["Ref"])
        if isinstance(coll, str):
            coll = [c.strip() for c in coll.split(",")]
    if not isinstance(coll, list) or not all(isinstance(c, (str, int, float)) for c in coll) \
            or len(coll) > MAX_INSTANCES * 5:
        return None
    out: dict[str, Any] = {}
    budget = [MAX_EXPANDED_NODES]
    for item in coll:
        for key, body in fragment.items():
            key = _subst(key, ident, str(item))
            if key.startswith("Fn::ForEach::"):
                inner = expand_foreach(key, _replace(body, ident, str(item), budget), values)
                if inner is None:
                    return None
                out.update(inner)
            else:
                out[key] = _replace(body, ident, str(item), budget)
    return out


def _subst(text: str, ident: str, item: str) -> str:
    return text.replace("${" + ident + "}", item).replace("&{" + ident + "}", re.sub(r"[^A-Za-z0-9]", "", item))


def _replace(value: Any, ident: str, item: str, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise ReviewInputError(f"Fn::ForEach expands to more than {MAX_EXPANDED_NODES:,} values; refused.")
    if isinstance(value, str):
        return _subst(value, ident, item)
    if isinstance(value, dict):
        if set(value) == {"Ref"} and value["Ref"] == ident:
            return item
        out = LineDict({_subst(str(k), ident, item): _replace(v, ident, item, budget) for k, v in value.items()})
        out.lines = dict(getattr(value, "lines", {}))
        return out
    if isinstance(value, list):
        return [_replace(v, ident, item, budget) for v in value]
    return value
