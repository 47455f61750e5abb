"""Resource type -> whitepaper service, from data/resource_map.yaml (by engine or family where it matters)."""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from kb.errors import ConfigError
from kb.review.model import Computed, Resource, Template


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
        """Read and validate data/resource_map.yaml; ConfigError names the file, line and entry at fault."""
        from kb.errors import ReviewInputError
        from kb.review.safe_yaml import load_yaml

        try:
            raw = load_yaml(Path(path).read_text(encoding="utf-8"), str(path))
        except (OSError, ReviewInputError) as exc:
            raise ConfigError(f"cannot read the resource map ({exc}); restore data/resource_map.yaml.") from exc
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}:1: needs `cloudformation:` and `terraform:` mappings; restore the file.")
        table: dict[str, dict[str, Mapping]] = {}
        for tool in ("cloudformation", "terraform"):
            entries = raw.get(tool) or {}
            if not isinstance(entries, dict):
                raise ConfigError(f"{path}:{raw.lines.get(tool, 1)}: `{tool}` must map resource types to entries.")
            table[tool] = {}
            for type_, value in entries.items():
                try:
                    table[tool][str(type_)] = _mapping(value)
                except (TypeError, AttributeError) as exc:
                    raise ConfigError(f"{path}:{entries.lines.get(str(type_), 1)}: `{tool}` entry `{type_}`: {exc}; "
                                      "use a catalog id or {service|by+values, missing, supporting}.") from exc
        return cls(table)

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


_MAPPING_KEYS = {"service", "by", "values", "missing", "supporting"}


def _mapping(value: object) -> Mapping:
    if isinstance(value, str):
        return Mapping(service=value)
    if not isinstance(value, dict):
        raise TypeError(f"bad entry {value!r}")
    if set(value) - _MAPPING_KEYS:
        raise TypeError(f"unknown field {sorted(set(value) - _MAPPING_KEYS)[0]!r}")
    if not value.get("service") and not (value.get("by") and isinstance(value.get("values"), dict)):
        raise TypeError("needs `service`, or `by` with `values`")
    return Mapping(service=value.get("service"), by=value.get("by"),
                   values=tuple((str(k), str(v)) for k, v in (value.get("values") or {}).items()),
                   missing=value.get("missing"), supporting=bool(value.get("supporting", False)))
