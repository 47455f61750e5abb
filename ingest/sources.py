"""The default corpus's sources manifest (data/sources.yaml) and discovery of user files."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.loaders import SUPPORTED
from kb.errors import KBError


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
    import yaml

    try:
        raw = yaml.safe_load(sources_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KBError(f"Cannot read the sources manifest {sources_path} ({exc}).") from exc
    specs = []
    for item in raw.get("sources", []):
        meta = {k: v for k, v in item.items() if k not in {"id", "file", "title", "lang", "structure", "service"}}
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
