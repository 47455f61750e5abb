"""The default corpus's sources manifest (data/sources.yaml, fields in its header comment) and discovery of
user files."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.loaders import SUPPORTED
from kb.datafile import read

_TEXT = {"type": "string", "minLength": 1}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["sources"],
    "additionalProperties": False,
    "properties": {"sources": {"type": "array", "items": {
        "type": "object",
        "required": ["id", "file", "title", "lang"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$",
                   "description": "lowercase letters, digits and dashes"},
            "file": _TEXT, "title": _TEXT, "title_en": _TEXT, "title_ko": _TEXT, "title_zh": _TEXT,
            "lang": {"enum": ["ko", "zh", "en"]},
            "edition": _TEXT,
            "published": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
                          "description": "YYYY-MM-DD or YYYY-MM"},
            "url": {"type": ["string", "null"], "pattern": r"^https?://", "description": "an http(s) address"},
            "archived": {"type": "boolean"},
            "structure": {"enum": ["hipaa-whitepaper", "generic"]},
            "service": {"type": "string"},
            "priority": {"enum": [1, 2, 3]},
            "aliases": {"type": "array", "items": _TEXT},
        },
    }}},
}
_SPEC_KEYS = {"id", "file", "title", "lang", "structure", "service"}


@dataclass(frozen=True)
class SourceSpec:
    """A file to ingest and what is known about it before reading it."""

    path: Path
    doc_id: str | None = None
    title: str | None = None
    lang: str | None = None
    structure: str = "generic"
    service: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def default_sources(sources_path: Path, corpus_dir: Path) -> list[SourceSpec]:
    """One SourceSpec per entry of the manifest at `sources_path` (SCHEMA, ids unique), its file under
    `corpus_dir`; the other fields go to `meta`. Raises DataFileError naming the file, line and field."""
    doc = read(sources_path, SCHEMA)
    doc.unique(["sources"])
    specs = []
    for item in doc.data["sources"]:
        meta = {k: v for k, v in item.items() if k not in _SPEC_KEYS}
        meta["default_corpus"] = True
        specs.append(SourceSpec(path=corpus_dir / item["file"], doc_id=item["id"], title=item.get("title"),
                                lang=item.get("lang"), structure=item.get("structure", "generic"),
                                service=item.get("service"), meta=meta))
    return specs


def user_sources(paths: list[Path]) -> tuple[list[SourceSpec], list[str]]:
    """Files named on the command line; folders are searched recursively for supported types.

    Returns the specs and the problems found (a missing path), which do not stop the others.
    """
    specs: list[SourceSpec] = []
    problems: list[str] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
            if not found:
                problems.append(f"{path}: no {', '.join(sorted(set(SUPPORTED)))} files in this folder.")
            specs.extend(SourceSpec(path=p) for p in found)
        elif path.exists():
            specs.append(SourceSpec(path=path))
        else:
            problems.append(f"{path}: no such file or folder.")
    return specs, problems
