"""Resource type -> whitepaper service, from data/resource_map.yaml (by engine or family where it matters;
fields in the file's header comment)."""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.datafile import load_data
from kb.review.model import Computed, Resource, Template

TOOLS = ("cloudformation", "terraform")
_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$", "description": "lowercase letters, digits and dashes"}
_GLOBS = {"type": "object", "minProperties": 1, "additionalProperties": _ID}
# A value is a catalog id, or a mapping with `service`, or `by` + `values` (and `missing`), and `supporting`.
_ENTRY = {
    "type": ["string", "object"], "pattern": _ID["pattern"],
    "additionalProperties": False,
    "properties": {"service": _ID, "by": {"type": "string", "minLength": 1}, "values": _GLOBS, "missing": _ID,
                   "supporting": {"type": "boolean"}},
    "dependentRequired": {"by": ["values"], "values": ["by"], "missing": ["by"]},
    "anyOf": [{"required": ["service"]}, {"required": ["by"]}],
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": list(TOOLS),
    "additionalProperties": False,
    "properties": {"engines": {"type": "object", "additionalProperties": _GLOBS},  # anchors for `values`
                   **{tool: {"type": "object", "additionalProperties": _ENTRY} for tool in TOOLS}},
}


@dataclass(frozen=True)
class Mapping:
    service: str | None = None
    by: str | None = None  # property that picks the service
    values: tuple[tuple[str, str], ...] = ()  # (glob pattern, catalog id), first match wins
    missing: str | None = None  # catalog id when `by` is absent
    supporting: bool = False


@dataclass(frozen=True)
class Match:
    service_id: str | None
    supporting: bool = False
    note: str | None = None  # why a listed type could not be mapped


class ResourceMap:
    """Lookup of resource types of both tools."""

    def __init__(self, table: dict[str, dict[str, Mapping]]) -> None:
        self.table = table

    @classmethod
    def load(cls, path: Path) -> ResourceMap:
        """Read and validate data/resource_map.yaml (SCHEMA). Raises DataFileError (a ConfigError) naming the
        file, line and entry at fault."""
        raw = load_data(path, SCHEMA)
        return cls({tool: {str(type_): _mapping(value) for type_, value in raw[tool].items()} for tool in TOOLS})

    def types(self, tool: str) -> list[str]:
        return list(self.table.get(tool, {}))

    def services(self) -> set[str]:
        """Every catalog id the map can produce (for checking the data file against the catalog)."""
        out: set[str] = set()
        for entries in self.table.values():
            for m in entries.values():
                out.update(x for x in (m.service, m.missing, *(sid for _, sid in m.values)) if x)
        return out

    def lookup(self, resource: Resource, template: Template) -> Match:
        if resource.service_id:  # design documents name the service directly
            return Match(resource.service_id)
        m = self.table.get(template.tool, {}).get(resource.type)
        if m is None:
            return Match(None)
        if m.by is None:
            return Match(m.service, m.supporting)
        raw = template.resolve(resource.properties.get(m.by))
        if raw is None:
            note = None if m.missing else f"`{m.by}` is not set: cannot tell which service this is"
            return Match(m.missing, m.supporting, note)
        if isinstance(raw, (Computed, dict, list)):
            return Match(None, m.supporting, f"`{m.by}` is computed by the template: cannot tell which service this is")
        value = str(raw).lower()
        for pattern, sid in m.values:
            if fnmatch.fnmatchcase(value, pattern.lower()):
                return Match(sid, m.supporting)
        return Match(None, m.supporting, f"`{m.by}` {raw!r} is not in data/resource_map.yaml")


def _mapping(value: str | dict[str, Any]) -> Mapping:
    """A Mapping from one schema-checked entry: a catalog id or {service | by + values, missing, supporting}."""
    if isinstance(value, str):
        return Mapping(service=value)
    return Mapping(service=value.get("service"), by=value.get("by"),
                   values=tuple((str(k), v) for k, v in (value.get("values") or {}).items()),
                   missing=value.get("missing"), supporting=value.get("supporting", False))
