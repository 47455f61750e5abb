"""The quotable span: one whole sentence (or a lead-in with its list) of a source document.

Spans are computed once at ingest (`ingest/segment.py`) and are the only thing answers, `kb cite`,
`kb review` and feedback quote. A span's id is `<doc_id>:<start>-<end>`, character offsets in the
document's text, so it survives re-chunking and is checked verbatim: `text[start:end]` is the source
range, `quote` is how it reads (banners inside it left out, link markup shown as its text).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_ID = re.compile(r"^(?P<doc>.+):(?P<start>\d+)-(?P<end>\d+)$")


def span_id(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}:{start}-{end}"


def parse_span_id(value: str) -> tuple[str, int, int]:
    """("hipaa-ko", 120, 190) from "hipaa-ko:120-190"; raises ValueError for anything else."""
    m = _ID.match(value)
    if not m or int(m["start"]) >= int(m["end"]):
        raise ValueError(f"not a span id (DOC:START-END): {value!r}")
    return m["doc"], int(m["start"]), int(m["end"])


@dataclass(frozen=True)
class Span:
    """One quotable unit of a document.

    start/end: character offsets in the document text; gaps: (start, end) ranges inside it that the
    quote leaves out (a banner between two pages); items: list items carried after a lead-in;
    lead_in: id of the sentence that introduces the list this item belongs to (an item quoted alone).
    Lines are 1-based and given for text/Markdown sources; page for PDFs.
    """

    id: str
    doc_id: str
    chunk_id: str
    start: int
    end: int
    quote: str
    section: str
    section_id: str | None
    service_id: str
    line_start: int | None
    line_end: int | None
    page: int | None
    lang: str
    gaps: tuple[tuple[int, int], ...] = ()
    items: int = 0
    lead_in: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["gaps"] = [list(g) for g in self.gaps]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        return cls(**{**data, "gaps": tuple(tuple(g) for g in data.get("gaps") or ())})
