"""Conversations kept in the app's database (app/history.py) and their Markdown export (app/export.py)."""
from __future__ import annotations

from pathlib import Path

from app.db import Database
from app.export import answer_markdown, conversation_markdown
from app.history import History
from kb.citation_format import DocumentInfo

ANSWER = {"question": "S3 암호화? 010-1234-5678", "lang": "ko", "abstained": False,
          "answer": "**S3** 지침:\n- HTTPS를 사용해야 합니다. [1]\n- 자세한 내용은 [보호](#)를 참조하십시오. [2]",
          "services": [{"id": "s3", "name": "S3"}], "latency_ms": 3.0,
          "citations": [{"n": 1, "chunk_id": "d:1", "doc_id": "d", "title": "백서", "lang": "ko", "section": "S3",
                         "service_id": "s3", "quote": "HTTPS를 사용해야 합니다.", "page": None, "line_start": 939,
                         "line_end": 939, "archived": False, "note": None},
                        {"n": 2, "chunk_id": "d:2", "doc_id": "d", "title": "백서", "lang": "ko", "section": "S3",
                         "service_id": "s3", "quote": "자세한 내용은 보호를 참조하십시오.", "page": None,
                         "line_start": 940, "line_end": 942, "archived": False, "note": None}]}
DOC = DocumentInfo(doc_id="d", title="백서", lang="ko", titles={"ko": "백서", "en": "Whitepaper"},
                   edition="Korean edition of the AWS whitepaper", published="2022-09-28", url="https://example.com/ko")


def test_messages_are_stored_masked_in_order_and_listed_newest_first(tmp_path: Path) -> None:
    history = History(Database(tmp_path / "app.sqlite3"))
    history.add("c1", {"role": "user", "content": "S3 암호화? 010-1234-5678", "uid": "u1"})
    history.add("c1", {"role": "assistant", "answer": ANSWER, "note": "환자 김민지", "error": None, "uid": "u2",
                       "id": 7, "db_id": 99})
    history.add("c2", {"role": "user", "content": "레디스? " + "가" * 100})
    loaded = history.load("c1")
    assert loaded.damaged == [] and [m["role"] for m in loaded.messages] == ["user", "assistant"]
    user, reply = loaded.messages
    assert user["content"] == "S3 암호화? [PHONE]" and user["uid"] == "u1"
    assert reply["answer"]["question"] == "S3 암호화? [PHONE]" and reply["note"] == "환자 [NAME]"
    assert reply["answer"]["citations"] == ANSWER["citations"]  # quotes are the documents' words: kept
    assert "id" not in reply and reply["db_id"] != 99  # page ids are not stored; db ids are the database's
    convs = history.conversations()
    assert [c.id for c in convs] == ["c2", "c1"] and convs[1].title == "S3 암호화? [PHONE]"
    assert len(convs[0].title) == 80 and convs[0].title.endswith("…")
    assert history.exists("c1") and history.delete("c1") and not history.exists("c1")
    assert history.load("c1").messages == [] and not history.delete("c1")


def test_a_damaged_message_is_skipped_and_reported(tmp_path: Path) -> None:
    history = History(Database(tmp_path / "app.sqlite3"))
    history.add("c", {"role": "user", "content": "q"})
    with history.db.transaction() as conn:
        conn.execute("INSERT INTO messages (conversation_id, role, body, created) "
                     "VALUES ('c', 'assistant', '{\"ro', 't')")
    history.add("c", {"role": "user", "content": "q2"})
    loaded = history.load("c")
    assert [m["content"] for m in loaded.messages] == ["q", "q2"] and loaded.damaged == [2]


def test_markdown_export_carries_the_question_answer_and_citations() -> None:
    text = answer_markdown("S3 암호화?", {"answer": ANSWER, "note": None, "error": None}, {"d": DOC}.get)
    assert text.startswith("## S3 암호화?\n\n**S3** 지침:\n- HTTPS를 사용해야 합니다. [1]")
    assert "[보호](#)" not in text and "자세한 내용은 보호를 참조하십시오. [2]" in text
    assert ("- [1] [백서](https://example.com/ko) (한국어판, 2022-09-28), § S3, 939행\n\n"
            "  > HTTPS를 사용해야 합니다.") in text
    assert "- [2] [백서](https://example.com/ko) (한국어판, 2022-09-28), § S3, 940–942행" in text
    whole = conversation_markdown("S3 암호화?", [{"role": "user", "content": "S3 암호화?"},
                                                {"role": "assistant", "answer": ANSWER},
                                                {"role": "user", "content": "Azure?"},
                                                {"role": "assistant", "error": "too long"}], {"d": DOC}.get, "now")
    assert whole.startswith("# S3 암호화?\n\n*Exported from HIPAA Guide on now.")
    assert whole.count("## ") == 2 and "## Azure?\n\n*Not answered:* too long" in whole
