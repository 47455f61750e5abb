"""The app's SQLite database (`HIPAA_GUIDE_DB_PATH`, default var/hipaa-guide.sqlite3): the chat's
conversations and messages, and the feedback of the chat and the Slack bot.

Writes are all or nothing: each is one transaction, so a full disk, a crash or a kill leaves the file as
it was before the write (SQLite's journal), never half a record. Every operation opens its own
connection (sqlite3 connections are not shared across threads), so the Streamlit server's session threads
and the Slack bot's request threads, even in two processes, may use one file: SQLite serialises the
writers and readers wait out a commit (each up to BUSY_TIMEOUT_S). The default rollback journal is kept
(not write-ahead logging): it needs no extra 32 KB shared-memory file and leaves nothing behind after a
failed write, so a nearly full disk still takes small writes once some space is back.

Schema migrations: table `schema_version(version)`; MIGRATIONS[i] takes version i to i + 1, applied in
order, each in its own transaction, the first time a `Database` is used.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.errors import KBError

BUSY_TIMEOUT_S = 10.0

MIGRATIONS: list[str] = [
    # 1: conversations with their messages (JSON bodies, masked), feedback (one row per user and message).
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        body TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        message_key TEXT NOT NULL,
        user_key TEXT NOT NULL,
        rating TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        question TEXT NOT NULL,
        lang TEXT NOT NULL,
        answer TEXT NOT NULL,
        services TEXT NOT NULL,
        citations TEXT NOT NULL,
        abstained INTEGER NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        UNIQUE (source, message_key, user_key)
    );
    """,
]


class StoreError(KBError, OSError):
    """The database cannot be opened or written (disk full, unwritable folder, damaged file); nothing was
    written. An OSError too, so callers that handle I/O failures handle this one."""


class Database:
    """One SQLite file. Shared freely across threads: it holds only its path and a once-only migration flag."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._ready = False
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A connection inside one write transaction: committed when the block ends, rolled back (nothing
        written) when it raises. Raises StoreError for storage failures."""
        self._migrate()
        with self._connection() as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads (one consistent snapshot per statement). Raises StoreError."""
        self._migrate()
        with self._connection() as conn:
            yield conn

    def version(self) -> int:
        with self.reading() as conn:
            return _version(conn)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Cannot open the database {self.path} ({exc}). Check that the folder is writable, "
                             "or set HIPAA_GUIDE_DB_PATH to another file.") from exc
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a bug in the statement, not a storage failure
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from exc
        finally:
            conn.close()

    def _migrate(self) -> None:
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            with self._connection() as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                current = _version(conn)
                if current > len(MIGRATIONS):
                    raise StoreError(f"The database {self.path} has schema version {current}, newer than this "
                                     f"HIPAA Guide knows ({len(MIGRATIONS)}). Upgrade HIPAA Guide, or set "
                                     "HIPAA_GUIDE_DB_PATH to another file.")
                for version in range(current, len(MIGRATIONS)):
                    # executescript commits first, so the migration and its version bump are one transaction.
                    conn.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[version]}; DELETE FROM schema_version; "
                                       f"INSERT INTO schema_version VALUES ({version + 1}); COMMIT;")
            self._ready = True


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _storage_error(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "full" in text:
        hint = "the disk is full: free some space and try again"
    elif "I/O" in text:
        hint = "the disk may be full or failing: free some space and try again"
    elif "not a database" in text or "malformed" in text:
        hint = (f"the file is damaged: move {path} aside (a new one is created) or restore it from a backup")
    elif "locked" in text or "busy" in text:
        hint = "another process kept it busy: try again"
    elif "readonly" in text or "unable to open" in text:
        hint = "it is not writable: check the folder's permissions or set HIPAA_GUIDE_DB_PATH"
    else:
        hint = "nothing was written"
    return StoreError(f"The database {path} could not be used ({text}): {hint}.")
