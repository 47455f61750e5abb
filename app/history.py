"""The chat's conversations, kept in the app's database (app/db.py) so that a reload or a restart finds them.

A conversation is a list of messages, each a JSON body:
- user: `{"role": "user", "content": str}`
- assistant: `{"role": "assistant", "answer": Answer.to_json() | None, "note": str | None, "error": str | None}`

Personal data is masked (kb.privacy) in the question, the answer text, the note and the error before a
body is written; the quoted passages (citations) come from the documents and are kept verbatim. The chat
is single-user (it listens on the loopback address only), so every conversation in the file is listed.
Thread-safe: a History holds only its Database.
"""
from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from app.db import Database
from kb.privacy import mask_pii

log = logging.getLogger("hipaa_guide.history")
TITLE_CHARS = 80
# What a page adds to a message for itself (widget ids, feedback shown): not part of the stored body.
_PAGE_ONLY = frozenset({"id", "db_id", "feedback", "feedback_error"})


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str  # the first question, masked and shortened
    created: str  # ISO 8601 UTC
    updated: str


@dataclass
class Loaded:
    """A conversation's readable messages (each with its database id under "db_id"), and the ids of
    messages that could not be read (a damaged body), which are left out."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    damaged: list[int] = field(default_factory=list)


def new_id() -> str:
    """A conversation id for the page's URL: random, so one conversation's id reveals no other."""
    return uuid.uuid4().hex


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def masked(message: dict[str, Any]) -> dict[str, Any]:
    """A copy of `message` with personal data masked wherever a user's words can appear."""
    out = dict(message)
    for key in ("content", "note", "error"):
        if isinstance(out.get(key), str):
            out[key] = mask_pii(out[key])
    if isinstance(out.get("answer"), dict):
        answer = dict(out["answer"])
        for key in ("question", "answer"):
            if isinstance(answer.get(key), str):
                answer[key] = mask_pii(answer[key])
        out["answer"] = answer
    return out


class History:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, conversation_id: str, message: dict[str, Any]) -> int:
        """Append `message` (masked here) to the conversation, creating it on its first message; returns the
        message's id. Raises StoreError, having written nothing, when the database cannot be written."""
        body = masked({k: v for k, v in message.items() if k not in _PAGE_ONLY})
        stamp = now()
        title = _title(body) if body.get("role") == "user" else ""
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO conversations (id, title, created, updated) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT(id) DO UPDATE SET updated = excluded.updated, "
                         "title = CASE WHEN conversations.title = '' THEN excluded.title ELSE conversations.title END",
                         (conversation_id, title, stamp, stamp))
            cursor = conn.execute("INSERT INTO messages (conversation_id, role, body, created) VALUES (?, ?, ?, ?)",
                                  (conversation_id, body.get("role", ""), json.dumps(body, ensure_ascii=False), stamp))
            return int(cursor.lastrowid)

    def load(self, conversation_id: str) -> Loaded:
        """The conversation's messages in order; a damaged body is skipped, logged and reported."""
        out = Loaded()
        with self.db.reading() as conn:
            rows = conn.execute("SELECT id, body FROM messages WHERE conversation_id = ? ORDER BY id",
                                (conversation_id,)).fetchall()
        for row in rows:
            try:
                body = json.loads(row["body"])
                if not isinstance(body, dict) or body.get("role") not in ("user", "assistant"):
                    raise ValueError("not a message")
            except ValueError:
                log.warning("conversation %s: message %d is damaged and was skipped", conversation_id, row["id"])
                out.damaged.append(int(row["id"]))
                continue
            body["db_id"] = int(row["id"])
            out.messages.append(body)
        return out

    def exists(self, conversation_id: str) -> bool:
        with self.db.reading() as conn:
            return conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is not None

    def conversations(self, limit: int = 50) -> list[Conversation]:
        """The most recently updated conversations first."""
        with self.db.reading() as conn:
            rows = conn.execute("SELECT id, title, created, updated FROM conversations "
                                "ORDER BY updated DESC, rowid DESC LIMIT ?", (limit,)).fetchall()
        return [Conversation(r["id"], r["title"], r["created"], r["updated"]) for r in rows]

    def delete(self, conversation_id: str) -> bool:
        """Delete the conversation and its messages (feedback already given is kept); False if unknown."""
        with self.db.transaction() as conn:
            return conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,)).rowcount > 0


def _title(body: dict[str, Any]) -> str:
    text = " ".join(str(body.get("content") or "").split())
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "…"
