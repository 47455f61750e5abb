"""Answer feedback (thumbs up/down, an optional reason) from the chat and the Slack bot, kept in the app's
database with personal data masked (kb.privacy) before anything is written.

One record per user and message: `(source, message_key, user_key)` is unique. `save` (the chat) stores
a click at once and updates the same record when the rating changes or a reason is added; `add` (Slack)
ignores a repeated click. Records carry what `python -m evals add-case` needs (question, language,
answer, service ids, cited chunk ids, rating, reason); `python -m app.feedback export` writes them as
JSON lines, skipping and reporting a damaged record instead of failing.

    python -m app.feedback export [--out FILE]     # JSON lines, one record each (stdout by default)
    python -m app.feedback import-jsonl FILE        # records of the old feedback.jsonl file (damaged lines skipped)

Thread-safe: a FeedbackStore holds only its Database.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.db import Database
from kb.errors import KBError
from kb.privacy import mask_pii

log = logging.getLogger("hipaa_guide.feedback")
RATINGS = ("up", "down")
REASON_LIMIT = 1000  # characters; the chat's reason box allows no more
_TEXT_FIELDS = ("question", "answer", "reason")
_INSERT = ("INSERT INTO feedback (source, message_key, user_key, rating, reason, question, lang, answer, services, "
           "citations, abstained, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (source, message_key, user_key) ")
_COLUMNS = ("rating", "question", "lang", "answer", "services", "citations", "abstained", "reason", "source",
            "created")


class FeedbackError(KBError):
    """Feedback that cannot be stored as given (unknown rating, reason too long)."""


@dataclass
class Feedback:
    """One rating of one answer, in the shape `python -m evals add-case` needs to make a golden case."""

    rating: str  # "up" | "down"
    question: str
    lang: str
    answer: str
    services: list[str]
    citations: list[str]  # chunk ids, in citation order
    abstained: bool
    reason: str = ""
    source: str = "streamlit"  # streamlit | slack
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    # Which message was rated, by whom: one record per pair. Empty: a new record every time.
    message_key: str = ""
    user_key: str = ""

    @classmethod
    def from_answer(cls, answer: dict[str, Any], rating: str, reason: str = "", source: str = "streamlit",
                    message_key: str = "", user_key: str = "") -> Feedback:
        """From an Answer's JSON (`Answer.to_json()`)."""
        return cls(rating=rating, question=answer["question"], lang=answer["lang"], answer=answer["answer"],
                   services=[s["id"] for s in answer["services"]],
                   citations=[c["chunk_id"] for c in answer["citations"]], abstained=answer["abstained"],
                   reason=reason, source=source, message_key=message_key, user_key=user_key)

    def record(self) -> dict[str, Any]:
        """The stored (and exported) form, personal data masked. Raises FeedbackError for bad input."""
        if self.rating not in RATINGS:
            raise FeedbackError(f"rating must be 'up' or 'down', not {self.rating!r}")
        if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in (self.services, self.citations)):
            raise FeedbackError("services and citations must be lists of ids")
        if len(self.reason) > REASON_LIMIT:
            raise FeedbackError(f"The reason is {len(self.reason):,} characters long; the limit is {REASON_LIMIT:,}.")
        data = {k: v for k, v in asdict(self).items() if k in _COLUMNS}
        for key in _TEXT_FIELDS:
            data[key] = mask_pii(data[key])
        return data


@dataclass
class Scan:
    """Every readable record, and a line for each damaged one (left out)."""

    records: list[dict[str, Any]]
    damaged: list[str]


class FeedbackStore:
    def __init__(self, db: Database | Path) -> None:
        self.db = db if isinstance(db, Database) else Database(Path(db))

    def add(self, feedback: Feedback) -> dict[str, Any] | None:
        """Store a new record; None (nothing written) when this user already rated this message."""
        record = feedback.record()
        with self.db.transaction() as conn:
            cursor = conn.execute(_INSERT + "DO NOTHING", _row(feedback, record))
            return record if cursor.rowcount else None

    def save(self, feedback: Feedback) -> dict[str, Any]:
        """Store the record, or update this user's record of this message (rating, reason)."""
        record = feedback.record()
        with self.db.transaction() as conn:
            conn.execute(_INSERT + "DO UPDATE SET rating = excluded.rating, reason = excluded.reason, "
                         "updated = excluded.updated", _row(feedback, record))
        return record

    def withdraw(self, source: str, message_key: str, user_key: str = "") -> bool:
        """Delete this user's record of this message (the chosen thumb clicked again); False if none."""
        with self.db.transaction() as conn:
            return conn.execute("DELETE FROM feedback WHERE source = ? AND message_key = ? AND user_key = ?",
                                (source, message_key, user_key)).rowcount > 0

    def ratings(self, source: str, message_keys: list[str], user_key: str = "") -> dict[str, dict[str, str]]:
        """message key -> {"rating", "reason"} of this user's records among `message_keys`."""
        if not message_keys:
            return {}
        marks = ",".join("?" * len(message_keys))
        with self.db.reading() as conn:
            rows = conn.execute(f"SELECT message_key, rating, reason FROM feedback WHERE source = ? AND user_key = ? "
                                f"AND message_key IN ({marks})", (source, user_key, *message_keys)).fetchall()
        return {r["message_key"]: {"rating": r["rating"], "reason": r["reason"]} for r in rows}

    def scan(self) -> Scan:
        """All records, oldest first; a damaged one (unparseable lists, unknown rating) is skipped and reported."""
        with self.db.reading() as conn:
            rows = conn.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        out = Scan([], [])
        for row in rows:
            try:
                record = {key: row[key] for key in _COLUMNS}
                record["services"], record["citations"] = json.loads(row["services"]), json.loads(row["citations"])
                record["abstained"] = bool(record["abstained"])
                if record["rating"] not in RATINGS or not isinstance(record["services"], list) \
                        or not isinstance(record["citations"], list):
                    raise ValueError("unexpected values")
            except (ValueError, TypeError) as exc:
                out.damaged.append(f"feedback record {row['id']} is damaged ({exc}) and was skipped")
                continue
            out.records.append(record)
        for line in out.damaged:
            log.warning(line)
        return out

    def read(self) -> list[dict[str, Any]]:
        return self.scan().records


def _row(feedback: Feedback, record: dict[str, Any]) -> tuple[Any, ...]:
    message_key = feedback.message_key or f"once:{uuid.uuid4().hex}"
    return (record["source"], message_key, feedback.user_key, record["rating"], record["reason"], record["question"],
            record["lang"], record["answer"], json.dumps(record["services"]), json.dumps(record["citations"]),
            int(bool(record["abstained"])), record["created"], record["created"])


def import_jsonl(store: FeedbackStore, path: Path) -> tuple[int, list[str]]:
    """Records of a feedback JSON-lines file (the format before the database); damaged lines are skipped and
    reported. Returns (records stored, problems)."""
    stored, problems = 0, []
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8"))
                fields = {k: data[k] for k in ("rating", "question", "lang", "answer", "services", "citations",
                                               "abstained")}
                feedback = Feedback(**fields, reason=data.get("reason", ""), source=data.get("source", "streamlit"),
                                    created=data.get("created") or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
                store.add(feedback)
                stored += 1
            except (ValueError, KeyError, TypeError, FeedbackError) as exc:
                problems.append(f"{path}:{n}: damaged line skipped ({type(exc).__name__}: {str(exc)[:80]})")
    return stored, problems


def main(argv: list[str] | None = None) -> int:
    from kb.config import Settings

    parser = argparse.ArgumentParser(prog="python -m app.feedback", description="Export or import answer feedback.")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="write every record as one JSON line (what evals add-case needs)")
    export.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    imp = sub.add_parser("import-jsonl", help="add the records of an old feedback.jsonl file")
    imp.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        store = FeedbackStore(Settings.from_env().db_path)
        if args.command == "import-jsonl":
            stored, problems = import_jsonl(store, args.file)
            for line in problems:
                print(f"warning: {line}", file=sys.stderr)
            print(f"imported {stored} record(s) from {args.file}")
            return 0
        scan = store.scan()
    except (KBError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in scan.records)
    for line in scan.damaged:
        print(f"warning: {line}", file=sys.stderr)
    if not args.out:
        sys.stdout.write(lines)
        return 0
    tmp = args.out.with_name(args.out.name + ".tmp")
    try:
        tmp.write_text(lines, encoding="utf-8")
        tmp.replace(args.out)  # the export appears whole or not at all
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        print(f"error: cannot write {args.out} ({exc}).", file=sys.stderr)
        return 2
    print(f"exported {len(scan.records)} record(s) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
