"""Findings rules (data/review_rules.yaml): conditions on resource properties, and the passages they cite."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.errors import ConfigError
from kb.review.model import Computed, Resource, Template

_CONDITION_KEYS = {"path", "missing", "is", "is_not", "missing_ok", "matches", "version_below", "related", "contains"}


@dataclass(frozen=True)
class CiteSpec:
    section: str  # catalog id, or "$service" for the resource's own service
    keywords: dict[str, tuple[str, ...]]  # edition language -> words the sentence must contain

    def section_for(self, service_id: str | None) -> str | None:
        return service_id if self.section == "$service" else self.section


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    level: str
    topic: str
    fix: str | None
    services: tuple[str, ...]  # empty: any service the type maps to
    checks: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]  # (resource type, conditions)
    cite: tuple[CiteSpec, ...]

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
    def load(cls, path: Path) -> RuleSet:
        import yaml

        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
            rules = [_rule(r) for r in raw["rules"]]
            uncovered = _rule({**raw["uncovered"], "checks": []})
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read the review rules ({exc}); restore data/review_rules.yaml.") from exc
        ids = [r.id for r in rules]
        if len(set(ids)) != len(ids):
            raise ConfigError(f"{path}: duplicate rule ids.")
        return cls(rules, uncovered)

    def for_type(self, resource_type: str) -> list[Rule]:
        return self._by_type.get(resource_type, [])


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
        if "is_not" in cond and not cond.get("missing_ok"):
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
    others = [r for r in template.resources if r.type == cond["related"] and _refers(r, resource, template)]
    text = cond.get("contains")
    if text:
        others = [r for r in others if text.lower() in _text_of(r, template).lower()]
    what = f"no `{cond['related']}` refers to it" + (f" with `{text}`" if text else "")
    return (not others, what, None)


def _refers(other: Resource, target: Resource, template: Template) -> bool:
    """Does `other` point at `target` (Ref/GetAtt/Sub in CloudFormation, type.name.attr in Terraform)?"""
    blob = json.dumps(other.properties, default=str)
    if template.tool == "terraform":
        return f"{target.name}." in blob
    name = re.escape(target.name)
    return bool(re.search(rf'"Ref": "{name}"|"Fn::GetAtt": \["{name}"|\$\{{{name}[.}}]', blob))


def _text_of(resource: Resource, template: Template) -> str:
    """The resource's properties as text, plus any Terraform data source they use (policy documents)."""
    blob = json.dumps(resource.properties, default=str)
    extra = [json.dumps(body, default=str) for addr, body in template.data.items() if f"{addr}." in blob]
    return "\n".join([blob, *extra])


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


def _rule(raw: dict[str, Any]) -> Rule:
    checks = []
    for check in raw["checks"]:
        conditions = tuple(check["when"])
        for c in conditions:
            if not set(c) <= _CONDITION_KEYS or ("path" in c) == ("related" in c):
                raise ValueError(f"rule {raw['id']}: bad condition {c}")
        checks.append((str(check["type"]), conditions))
    cite = tuple(CiteSpec(str(c["section"]), {k: tuple(v) for k, v in c.items() if k != "section"})
                 for c in raw["cite"])
    if raw["level"] not in ("error", "warning"):
        raise ValueError(f"rule {raw['id']}: level must be error or warning")
    return Rule(id=str(raw["id"]), title=str(raw["title"]), level=str(raw["level"]), topic=str(raw["topic"]),
                fix=raw.get("fix"), services=tuple(raw.get("services") or ()), checks=tuple(checks), cite=cite)
