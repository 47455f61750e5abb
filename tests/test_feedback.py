"""The feedback store (app/feedback.py) and the database under it (app/db.py): masking before writing, one
record per user and message, writes that are all or nothing (a full disk), damaged records skipped."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.db import MIGRATIONS, Database, StoreError
from app.feedback import REASON_LIMIT, Feedback, FeedbackError, FeedbackStore, import_jsonl, main
from tests.conftest import ROOT

ANSWER = {"question": "환자 kim@x.org MRN 5551234 S3 암호화?", "lang": "ko", "answer": "...[1]",
          "services": [{"id": "s3", "name": "S3"}], "citations": [{"chunk_id": "hipaa-ko:1"}], "abstained": False}


def _store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(Database(tmp_path / "var" / "app.sqlite3"))


def test_store_masks_question_answer_and_reason(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add(Feedback.from_answer(ANSWER, "down", reason="wrong; call 010-9999-8888"))
    [row] = store.read()
    assert row["question"] == "환자 [EMAIL] MRN [MRN] S3 암호화?"
    assert row["reason"] == "wrong; call [PHONE]"
    assert (row["rating"], row["services"], row["citations"], row["source"], row["abstained"]) == \
        ("down", ["s3"], ["hipaa-ko:1"], "streamlit", False)
    raw = b"".join(p.read_bytes() for p in (tmp_path / "var").iterdir())
    assert b"kim@x.org" not in raw and b"9999-8888" not in raw


@pytest.mark.parametrize("feedback,message", [
    (Feedback(rating="meh", question="q", lang="en", answer="a", services=[], citations=[], abstained=True),
     "rating must be 'up' or 'down'"),
    (Feedback(rating="up", question="q", lang="en", answer="a", services=[], citations=[], abstained=True,
              reason="x" * (REASON_LIMIT + 1)), "the limit is 1,000"),
    (Feedback(rating="up", question="q", lang="en", answer="a", services="s3", citations=[], abstained=True),  # type: ignore[arg-type]
     "lists of ids"),
])
def test_bad_feedback_writes_nothing(tmp_path: Path, feedback: Feedback, message: str) -> None:
    store = _store(tmp_path)
    with pytest.raises(FeedbackError, match=message):
        store.add(feedback)
    assert store.read() == []


def test_one_record_per_user_and_message(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first = Feedback.from_answer(ANSWER, "up", source="slack", message_key="k1", user_key="U1")
    assert store.add(first) is not None
    assert store.add(Feedback.from_answer(ANSWER, "down", source="slack", message_key="k1", user_key="U1")) is None
    assert store.add(Feedback.from_answer(ANSWER, "down", source="slack", message_key="k1", user_key="U2"))
    assert [(r["rating"], r["source"]) for r in store.read()] == [("up", "slack"), ("down", "slack")]
    # save() updates this user's record instead; withdraw() removes it.
    store.save(Feedback.from_answer(ANSWER, "down", reason="고침", source="slack", message_key="k1", user_key="U1"))
    assert [(r["rating"], r["reason"]) for r in store.read()] == [("down", "고침"), ("down", "")]
    assert store.ratings("slack", ["k1", "k2"], "U1") == {"k1": {"rating": "down", "reason": "고침"}}
    assert store.withdraw("slack", "k1", "U1") and not store.withdraw("slack", "k1", "U1")
    assert len(store.read()) == 1
    # Without a message key every add is its own record.
    for _ in range(2):
        store.add(Feedback.from_answer(ANSWER, "up"))
    assert len(store.read()) == 3


def test_damaged_records_are_skipped_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path)
    store.add(Feedback.from_answer(ANSWER, "up"))
    with store.db.transaction() as conn:  # a row written by hand (or by a bug): not the shape we write
        conn.execute("INSERT INTO feedback (source, message_key, user_key, rating, question, lang, answer, services, "
                     "citations, abstained, created, updated) VALUES ('x', 'm', '', 'up', 'q', 'en', 'a', "
                     "'[\"s3\"', '[]', 0, 't', 't')")
    store.add(Feedback.from_answer(ANSWER, "down"))
    scan = store.scan()
    assert [r["rating"] for r in scan.records] == ["up", "down"]
    assert len(scan.damaged) == 1 and scan.damaged[0].startswith("feedback record 2 is damaged")
    # The export writes the good records and reports the damaged one.
    monkeypatch.setenv("HIPAA_GUIDE_DB_PATH", str(store.db.path))
    out = tmp_path / "feedback.jsonl"
    assert main(["export", "--out", str(out)]) == 0
    assert [json.loads(line)["rating"] for line in out.read_text(encoding="utf-8").splitlines()] == ["up", "down"]
    assert "warning: feedback record 2 is damaged" in capsys.readouterr().err


def test_old_feedback_files_import_with_damaged_lines_skipped(tmp_path: Path) -> None:
    good = {"rating": "down", "question": "S3 010-1234-5678", "lang": "ko", "answer": "a", "services": ["s3"],
            "citations": ["c"], "abstained": False, "reason": "r", "source": "slack", "created": "2026-01-01T00:00:00Z"}
    old = tmp_path / "feedback.jsonl"
    # A partial line left by a full disk, with the next append glued to it, then a good line.
    old.write_text(json.dumps(good)[:40] + json.dumps(good) + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    store = _store(tmp_path)
    stored, problems = import_jsonl(store, old)
    assert stored == 1 and len(problems) == 1 and problems[0].startswith(f"{old}:1: damaged line skipped")
    [row] = store.read()
    assert row["question"] == "S3 [PHONE]" and row["source"] == "slack" and row["created"] == good["created"]


_FILL_UNTIL_FULL = """
import resource, signal, sys
sys.path.insert(0, {root!r})
from app.db import Database
from app.feedback import Feedback, FeedbackStore
# The file-size limit makes every write past 96 KB fail, as a full disk does.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (96 * 1024, 96 * 1024))
store = FeedbackStore(Database({db!r}))
acknowledged = 0
for i in range(10_000):
    try:
        store.add(Feedback(rating="up", question=f"question {{i}} " + "S3 암호화 " * 150, lang="ko",
                           answer="answer " * 300, services=["s3"], citations=["c"], abstained=False, reason=f"r{{i}}"))
    except OSError as exc:
        print(acknowledged, type(exc).__name__, exc)
        break
    acknowledged += 1
"""


def test_a_full_disk_loses_no_acknowledged_record_and_leaves_the_file_usable(tmp_path: Path) -> None:
    db = tmp_path / "app.sqlite3"
    child = subprocess.run([sys.executable, "-c", textwrap.dedent(_FILL_UNTIL_FULL.format(root=str(ROOT), db=str(db)))],
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    acknowledged, kind, *message = child.stdout.split()
    assert kind == "StoreError" and "could not be used" in " ".join(message)
    # Space is back (no limit in this process): every acknowledged record is there, whole, and more can be added.
    store = FeedbackStore(Database(db))
    scan = store.scan()
    assert len(scan.records) == int(acknowledged) > 0 and scan.damaged == []
    assert [r["reason"] for r in scan.records] == [f"r{i}" for i in range(int(acknowledged))]
    store.add(Feedback(rating="down", question="after space freed", lang="en", answer="a", services=[], citations=[],
                       abstained=False))
    assert store.read()[-1]["question"] == "after space freed"


def test_schema_version_table_and_a_newer_database_is_refused(tmp_path: Path) -> None:
    db = Database(tmp_path / "app.sqlite3")
    assert db.version() == len(MIGRATIONS)
    with db.transaction() as conn:
        conn.execute("UPDATE schema_version SET version = ?", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match="newer than this HIPAA Guide knows"):
        FeedbackStore(Database(db.path)).read()


def test_a_damaged_database_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "app.sqlite3"
    path.write_bytes(b"this is not a database " * 100)
    with pytest.raises(StoreError, match="move .* aside") as info:
        FeedbackStore(Database(path)).add(Feedback.from_answer(ANSWER, "up"))
    assert isinstance(info.value, OSError)
    assert path.read_bytes() == b"this is not a database " * 100


def test_sqlite_rolls_back_a_failed_write(tmp_path: Path) -> None:
    db = Database(tmp_path / "app.sqlite3")
    with pytest.raises(sqlite3.IntegrityError), db.transaction() as conn:
        conn.execute("INSERT INTO conversations VALUES ('c', 't', 'x', 'x')")
        conn.execute("INSERT INTO conversations VALUES ('c', 't', 'x', 'x')")
    with db.reading() as conn:
        assert conn.execute("SELECT count(*) FROM conversations").fetchone()[0] == 0
