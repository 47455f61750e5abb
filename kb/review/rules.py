"""Findings rules (data/review_rules.yaml, fields in its header comment): conditions on resource properties,
and the requirement records they cite."""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.datafile import DataFile, read
from kb.review.model import Computed, Resource, Template, references

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$", "description": "lowercase letters, digits and dashes"}
_TEXT = {"type": "string", "minLength": 1}
_CONFIG_RULE = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)+$",
                "description": "an AWS Config managed rule identifier: lowercase words joined by dashes"}
_VALUES = {"type": "array", "minItems": 1, "items": {"type": ["string", "number", "boolean"]}}
_FLAG = {"type": "boolean"}
_CONDITION = {"type": "object", "additionalProperties": False, "properties": {
    "path": {"type": "array", "minItems": 1, "items": {"type": ["string", "object"], "minProperties": 1}},
    "related": _TEXT, "contains": _TEXT, "via": _TEXT,
    "missing": _FLAG, "is": _VALUES, "is_not": _VALUES, "missing_ok": _FLAG, "matches": {**_TEXT, "format": "regex"},
    "version_below": _TEXT, "if_missing": _FLAG}}
_TESTS = ("missing", "is", "is_not", "matches", "version_below")  # what a `path` condition checks: one of these
_RULE = {"type": "object", "required": ["id", "title", "level", "topic", "requirements"],
         "additionalProperties": False, "properties": {
             "id": _ID, "title": _TEXT, "level": {"enum": ["error", "warning"]}, "topic": _ID, "fix": _TEXT,
             "services": {"type": "array", "items": _ID},
             "config_rule": {**_CONFIG_RULE, "type": ["string", "array"], "items": _CONFIG_RULE},
             "requirements": {"type": "array", "minItems": 1, "items": _TEXT},
             "checks": {"type": "array", "items": {
                 "type": "object", "required": ["type", "when"], "additionalProperties": False,
                 "properties": {"type": _TEXT, "when": {"type": "array", "minItems": 1, "items": _CONDITION}}}}}}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["uncovered", "rules"],
    "additionalProperties": False,
    "properties": {"uncovered": {**_RULE, "properties": {k: v for k, v in _RULE["properties"].items()
                                                         if k != "checks"}},
                   "rules": {"type": "array", "items": _RULE}},
}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    level: str
    topic: str
    fix: str | None
    services: tuple[str, ...]  # empty: any service the type maps to
    checks: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]  # (resource type, conditions)
    requirements: tuple[str, ...]  # requirement record ids the rule enforces (data/requirements/)
    config_rule: tuple[str, ...] = ()  # AWS Config managed rule identifiers checking the same setting

    def types(self) -> set[str]:
        return {t for t, _ in self.checks}


@dataclass(frozen=True)
class Outcome:
    """Result of one rule on one resource: bad (a finding), ok, or unknown (computed values)."""

    bad: bool | None
    detail: str
    line: int | None


class RuleSet:
    def __init__(self, rules: list[Rule], uncovered: Rule) -> None:
        self.rules = rules
        self.uncovered = uncovered
        self._by_type: dict[str, list[Rule]] = {}
        for rule in rules:
            for t in rule.types():
                self._by_type.setdefault(t, []).append(rule)

    @classmethod
    def load(cls, path: Path, records: Collection[str] | None = None) -> RuleSet:
        """Read and validate data/review_rules.yaml (SCHEMA; rule ids unique, each condition `path` with one
        test or `related`; with `records`, the requirement record ids a rule may name). Raises DataFileError
        (a ConfigError) naming the file, line and field at fault."""
        doc = read(path, SCHEMA)
        doc.unique(["rules"])
        rules = [_rule(doc, ["rules", i], records) for i in range(len(doc.data["rules"]))]
        return cls(rules, _rule(doc, ["uncovered"], records))

    def for_type(self, resource_type: str) -> list[Rule]:
        return self._by_type.get(resource_type, [])

    def enforcing(self) -> dict[str, tuple[str, ...]]:
        """Requirement record id -> ids of the rules that check it (what `kb cite` shows under a record)."""
        out: dict[str, list[str]] = {}
        for rule in [*self.rules, self.uncovered]:
            for rid in rule.requirements:
                out.setdefault(rid, []).append(rule.id)
        return {k: tuple(v) for k, v in out.items()}


def evaluate(rule: Rule, resource: Resource, template: Template) -> Outcome | None:
    """The first check of `rule` for this resource type that fires; else unknown or ok (None: no check)."""
    unknown: Outcome | None = None
    ok: Outcome | None = None
    for type_, conditions in rule.checks:
        if type_ != resource.type:
            continue
        results = [_condition(c, resource, template) for c in conditions]
        if all(r[0] is True for r in results):
            line = next((r[2] for r in results if r[2]), resource.line)
            return Outcome(True, "; ".join(r[1] for r in results), line)
        if any(r[0] is False for r in results):
            ok = ok or Outcome(False, "", resource.line)
        elif unknown is None:
            detail = "; ".join(r[1] for r in results if r[0] is None)
            unknown = Outcome(None, detail, resource.line)
    return unknown or ok


def show_path(path: list[Any]) -> str:
    parts = []
    for step in path:
        parts.append("[" + ",".join(f"{k}={v}" for k, v in step.items()) + "]" if isinstance(step, dict) else str(step))
    return ".".join(parts).replace(".[", "[")


def _condition(cond: dict[str, Any], resource: Resource, template: Template) -> tuple[bool | None, str, int | None]:
    """(bad?, what was seen, line of the property)."""
    if "related" in cond:
        return _related(cond, resource, template)
    if "via" in cond:
        return _via(cond, resource, template)
    path = cond["path"]
    name = show_path(path)
    line = resource.prop_lines.get(str(path[0]))
    values = values_at(resource.properties, path, template)
    known = [v for v in values if not isinstance(v, Computed)]
    texts = [v.text for v in values if isinstance(v, Computed) and v.text]
    computed = len(known) < len(values)
    if "matches" in cond:
        # A URL pattern still shows in a computed string ("http://${Host}/x"); a bare reference to a
        # resource or parameter is never a literal URL, so it does not leave the check open.
        hit = next((v for v in [*known, *texts] if isinstance(v, str) and re.search(cond["matches"], v, re.I)), None)
        return (True, f"`{name}` is `{hit}`", line) if hit is not None else (False, "", line)
    if cond.get("missing"):
        if known:
            return False, "", line
        if computed:
            return None, f"`{name}` is computed", line
        return True, f"`{name}` is not set", line
    if not known:
        if computed:
            return None, f"`{name}` is computed", line
        if ("is_not" in cond and not cond.get("missing_ok")) or cond.get("if_missing"):
            return True, f"`{name}` is not set", line
        return False, "", line
    if "is" in cond:
        hit = next((v for v in known if _same(v, cond["is"])), None)
    elif "is_not" in cond:
        hit = next((v for v in known if not _same(v, cond["is_not"])), None)
    else:
        hit = next((v for v in known if _version_below(v, cond["version_below"])), None)
    if hit is not None:
        return True, f"`{name}` is `{_show(hit)}`", line
    return (None, f"`{name}` is computed", line) if computed else (False, "", line)


def values_at(value: Any, path: list[Any], template: Template) -> list[Any]:
    """The values at `path`: lists on the way are expanded, "*" takes all values, {k: v} filters items."""
    current = [value]
    for step in path:
        nxt: list[Any] = []
        for v in current:
            v = template.resolve(v)
            items = v if isinstance(v, list) else [v]
            for item in items:
                item = template.resolve(item)
                if isinstance(item, Computed):
                    nxt.append(item)
                elif isinstance(step, dict):
                    if isinstance(item, dict) and all(_same(template.resolve(item.get(k)), [want])
                                                      for k, want in step.items()):
                        nxt.append(item)
                elif step == "*" and isinstance(item, dict):
                    nxt.extend(item.values())
                elif isinstance(item, dict) and step in item:
                    nxt.append(item[step])
        current = nxt
    out = [template.resolve(v) for v in current]
    return [v for v in out if isinstance(v, Computed) or v not in (None, "", [], {})]


def _related(cond: dict[str, Any], resource: Resource, template: Template) -> tuple[bool | None, str, int | None]:
    others = template.referrers(resource, cond["related"])
    text = cond.get("contains")
    if text:
        others = [r for r in others if text.lower() in template.text_of(r)]
    what = f"no `{cond['related']}` refers to it" + (f" with `{text}`" if text else "")
    return (not others, what, None)


def _via(cond: dict[str, Any], resource: Resource, template: Template) -> tuple[bool | None, str, int | None]:
    """Check a resource the property `via` names (a parameter group): absent means the engine's default
    group (nothing set there); a group defined elsewhere, or a computed name, leaves the check open."""
    prop = cond["via"]
    line = resource.prop_lines.get(prop, resource.line)
    raw = resource.properties.get(prop)
    inner = {k: v for k, v in cond.items() if k != "via"}
    if raw is None or (isinstance(raw, str) and raw.lower().startswith("default.")):
        target = Resource(name="default", type="default", properties={}, file=resource.file, line=None)
        bad, detail, _ = _condition(inner, target, template)
        return bad, (f"`{prop}` is not set (the default group)" if raw is None else f"`{prop}` is `{raw}`") + \
            (f": {detail}" if detail else ""), line
    refs = {address for address, _key in references(template, Resource("via", "via", {prop: raw}, "", None))}
    named = template.resolve(raw)
    target = next((r for r in template.resources if r is not resource and (
        r.local in refs or (isinstance(named, str) and named in (r.properties.get("name"), r.properties.get(
            "DBParameterGroupName"), r.properties.get("DBClusterParameterGroupName"))))), None)
    if target is None:
        return None, f"`{prop}` names a group this review cannot see", line
    bad, detail, _ = _condition(inner, target, template)
    return bad, f"its group `{target.name}`: {detail}" if detail else "", line


def _same(value: Any, choices: list[Any]) -> bool:
    return _show(value).lower() in {_show(c).lower() for c in choices}


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _version_below(value: Any, floor: str) -> bool:
    def parts(v: str) -> tuple[int, ...] | None:
        m = re.match(r"^\d+(?:\.\d+)*", str(v).strip())
        return tuple(int(x) for x in m.group(0).split(".")) if m else None

    have, want = parts(value), parts(floor)
    return have is not None and want is not None and have < want


def _rule(doc: DataFile, where: list[Any], records: Collection[str] | None) -> Rule:
    """The Rule of the schema-checked entry at `where`, after the checks the schema cannot express."""
    raw = doc.get(where)
    if records is not None:
        doc.refer([*where, "requirements"], records, "a requirement record id",
                  "use an id from `python -m kb requirements --list`")
    checks = []
    for k, check in enumerate(raw.get("checks") or ()):
        for n, cond in enumerate(check["when"]):
            at = [*where, "checks", k, "when", n]
            if ("path" in cond) == ("related" in cond):
                raise doc.fail(at, "needs either `path` or `related` (one of them)", "see the header comment")
            if "path" in cond and sum(t in cond for t in _TESTS) != 1:
                raise doc.fail(at, f"a `path` condition needs exactly one of: {', '.join(_TESTS)}",
                               "see the header comment")
        checks.append((check["type"], tuple(check["when"])))
    config = raw.get("config_rule") or ()
    return Rule(id=raw["id"], title=raw["title"], level=raw["level"], topic=raw["topic"], fix=raw.get("fix"),
                services=tuple(raw.get("services") or ()), checks=tuple(checks),
                requirements=tuple(raw["requirements"]), config_rule=(config,) if isinstance(config, str) else
                tuple(config))
