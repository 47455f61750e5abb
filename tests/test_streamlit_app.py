"""The Streamlit chat and Browse pages through Streamlit's AppTest, on the tiny corpus and fake embedder."""
from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app.db import Database
from app.feedback import FeedbackStore
from app.history import History
from ingest.pipeline import ingest
from kb.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CHAT = str(ROOT / "app" / "streamlit_app.py")
BROWSE = str(ROOT / "app" / "pages" / "1_Browse_by_service.py")
TIMEOUT = 60
KO_Q = "S3 버킷에 PHI 저장할 때 전송 중 암호화는?"
KO_TITLE = "Amazon Web Services에서 HIPAA 보안 및 규정 준수를 위한 설계 (발췌)"
EN_TITLE = "Architecting for HIPAA Security and Compliance on Amazon Web Services (excerpt)"
KO_URL = "https://docs.aws.amazon.com/ko_kr/whitepapers/latest/architecting-hipaa-security-and-compliance-on-aws/"


@pytest.fixture
def app_env(env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The test corpus's settings in the environment (the app reads Settings.from_env), with the
    fake embedder's own refusal thresholds, the database under tmp, and no knowledge base cached."""
    monkeypatch.setenv("HIPAA_GUIDE_MIN_SCORE", "0.2")
    monkeypatch.setenv("HIPAA_GUIDE_CLOSEST_SCORE", "0.3")
    monkeypatch.setenv("HIPAA_GUIDE_DB_PATH", str(tmp_path / "var" / "app.sqlite3"))
    st.cache_resource.clear()
    yield Settings.from_env()
    st.cache_resource.clear()


@pytest.fixture
def indexed(app_env: Settings) -> Settings:
    ingest(app_env, log=lambda _: None)
    return app_env


def _chat(*questions: str, setup: dict | None = None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(CHAT, default_timeout=TIMEOUT)
    for key, value in (setup or {}).items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    for question in questions:
        at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def _last_answer(at: AppTest) -> dict:
    return at.session_state.messages[-1]["answer"]


def _feedback_rows(settings: Settings) -> list[sqlite3.Row]:
    with Database(settings.db_path).reading() as conn:
        return conn.execute("SELECT * FROM feedback").fetchall()


def test_korean_answer_links_every_marker_to_its_citation(indexed: Settings) -> None:
    at = _chat("S3 객체 이름에 환자 번호를 넣어도 되나요?")
    assert not at.error
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    answer = _last_answer(at)
    assert not answer["abstained"] and len(answer["citations"]) > 1
    message_id = at.session_state.messages[-1]["id"]
    body = next(m.value for m in at.markdown if 'class="hg-answer"' in m.value)
    assert body.startswith('<div class="hg-answer" lang="ko">')
    assert "<strong>아니요.</strong> 버킷 이름, 객체 이름, 메타데이터에 PHI를 넣지 않습니다." in body  # bold as HTML
    for cite in answer["citations"]:  # every [n] is a link to its passage on the page
        assert f'<a class="hg-cite" href="#hg-cite-{message_id}-{cite["n"]}"' in body
    # Every citation has its expander (no "Sources shown" limit hides one whose marker is in the text).
    assert [e.label.split(" ")[0] for e in at.expander] == [f"[{c['n']}]" for c in answer["citations"]]
    first = answer["citations"][0]
    assert re.fullmatch(r"\[1\] Amazon Simple Storage Service\(S3\) · Korean edition · (line \d+|lines \d+–\d+)",
                        at.expander[0].label)
    passage = next(h.value for h in at.expander[0].get("html") if "hg-passage" in h.value)
    assert f'id="hg-cite-{message_id}-1"' in passage and f">{html.escape(first['quote'])}</mark>" in passage
    # Title in the answer's language, edition, date, section, line, official URL.
    head = at.expander[0].markdown[0].value
    assert head.startswith(f"**{KO_TITLE}**") and "published 2022-09-28" in head and f"]({KO_URL}" in head
    # The copyable citation, in the one plain format.
    copy = at.expander[0].code[0].value
    assert copy.startswith(f"{KO_TITLE} (한국어판, 2022-09-28), § Amazon Simple Storage Service(S3), ")
    assert KO_URL in copy and copy.endswith(f": “{first['quote']}”") and "lines 1-1" not in copy
    assert any(c.value.startswith("Answered in Korean · quoting the Korean edition · ") for c in at.caption)
    assert len(at.feedback) == 1


def test_english_question_gets_english_titles(indexed: Settings) -> None:
    at = _chat("How must S3 buckets holding PHI be encrypted in transit?")
    answer = _last_answer(at)
    assert answer["lang"] == "en" and answer["citations"]
    edition, name = {"mini-ko": ("Korean edition (excerpt)", "Korean"),
                     "mini-zh": ("Traditional-Chinese edition (excerpt)", "Chinese")}[answer["citations"][0]["doc_id"]]
    assert at.expander[0].markdown[0].value.startswith(f"**{EN_TITLE}**")
    assert at.expander[0].code[0].value.startswith(f"{EN_TITLE} ({edition}, 2022-09-28), § ")
    assert any(c.value.startswith(f"Answered in English · quoting the {name} edition") for c in at.caption)


def test_example_question_is_asked_on_click(indexed: Settings) -> None:
    at = _chat()
    assert [b.key for b in at.button if (b.key or "").startswith("example_")] == ["example_0", "example_1",
                                                                                  "example_2"]
    at.button(key="example_0").click().run()
    assert not at.exception and not at.error
    assert at.chat_message[0].children and _last_answer(at)["services"][0]["id"] == "s3"
    assert not [b for b in at.button if b.key == "example_0"]  # the examples make way for the chat


def test_conversation_survives_a_reload_and_can_be_deleted(indexed: Settings) -> None:
    at = _chat(KO_Q, "로깅은 어떻게 하나요?")
    conversation = at.query_params["c"][0] if isinstance(at.query_params["c"], list) else at.query_params["c"]
    at.feedback[0].set_value(1).run()
    # A new session with the same URL: the same conversation, its context and its feedback state.
    again = _chat(query={"c": conversation})
    assert [m.name for m in again.chat_message] == ["user", "assistant", "user", "assistant"]
    assert again.session_state.conversation == conversation
    assert again.session_state.context_services == at.session_state.context_services
    assert again.feedback[0].value == 1 and again.feedback[1].value is None
    # The sidebar lists it under its first question; deleting it leaves an empty chat.
    assert [b.label for b in again.sidebar.button if (b.key or "").startswith("conv_")] == [KO_Q]
    again.button[[b.label for b in again.button].index("Delete this conversation")].click().run()
    assert again.session_state.messages == [] and not again.query_params.get("c")
    assert History(Database(indexed.db_path)).conversations() == []
    gone = _chat(query={"c": conversation})
    assert any("no longer stored" in i.value for i in gone.info) and gone.session_state.messages == []


def test_new_chat_starts_empty_and_a_past_conversation_opens_from_the_sidebar(indexed: Settings) -> None:
    at = _chat(KO_Q)
    first = at.session_state.conversation
    at.button[[b.label for b in at.button].index("New chat")].click().run()
    assert at.session_state.messages == [] and at.session_state.context_services == []
    assert at.session_state.conversation is None and not at.query_params.get("c")
    at.chat_input[0].set_value("레디스 전송 암호화는?").run()
    assert at.feedback[0].value is None and at.session_state.conversation != first
    at.button(key=f"conv_{first}").click().run()
    assert at.session_state.conversation == first
    assert [m.get("content") for m in at.session_state.messages if m["role"] == "user"] == [KO_Q]


def test_one_click_stores_feedback_and_a_reason_updates_it(indexed: Settings) -> None:
    at = _chat("환자 kim.minji@hospital.org MRN 5551234 의 S3 버킷 암호화는?")
    at.feedback[0].set_value(0).run()  # thumbs down: stored at once
    assert not at.exception
    [row] = _feedback_rows(indexed)
    assert (row["rating"], row["source"], row["reason"]) == ("down", "streamlit", "")
    assert row["question"] == "환자 [EMAIL] MRN [MRN] 의 S3 버킷 암호화는?" and row["services"] == '["s3"]'
    assert any(c.value.startswith("Thanks: feedback stored, rated not helpful") for c in at.caption)
    idx = at.session_state.messages[-1]["id"]
    at.text_input(key=f"fb_reason_{idx}").input("틀림; 연락 010-9999-8888").run()
    at.button(key=f"fb_send_{idx}").click().run()
    at.feedback[0].set_value(1).run()  # the other thumb changes the same record
    [row] = _feedback_rows(indexed)
    assert (row["rating"], row["reason"]) == ("up", "틀림; 연락 [PHONE]")
    assert "9999-8888" not in str(dict(row)) and "kim.minji" not in str(dict(row))
    assert at.feedback[0].value == 1 and any("with your reason" in c.value for c in at.caption)
    # The record is in the shape `evals add-case` needs.
    [record] = FeedbackStore(Database(indexed.db_path)).read()
    assert record["services"] == ["s3"] and record["citations"] and record["lang"] == "ko"


def test_personal_data_is_masked_before_the_question_is_answered_shown_or_stored(indexed: Settings) -> None:
    at = _chat("주민번호900101-1234567 환자 S3 버킷 암호화는?")
    assert at.session_state.messages[0]["content"] == "주민번호[RRN] 환자 S3 버킷 암호화는?"
    assert _last_answer(at)["question"] == "주민번호[RRN] 환자 S3 버킷 암호화는?"
    assert any(c.value.startswith("Personal data in this question") for c in at.caption)
    raw = b"".join(p.read_bytes() for p in indexed.db_path.parent.iterdir())  # the database and any journal
    assert b"1234567" not in raw and b"[RRN]" in raw


def test_refusal_looks_like_a_refusal(indexed: Settings) -> None:
    at = _chat("ElastiCache for Memcached에 PHI를 저장할 때 암호화는?")
    assert not at.error and not at.expander
    assert any("Amazon ElastiCache for Memcached에 대한 섹션이 없습니다" in i.value for i in at.info)
    assert any(c.value.startswith("No citations") for c in at.caption)
    assert _last_answer(at)["abstained"]


def test_follow_up_keeps_the_previous_service_and_says_so(indexed: Settings) -> None:
    at = _chat("Postgres on RDS: how must connections carrying PHI be encrypted?", "로깅은 어떻게 하나요?")
    assert [s["id"] for s in _last_answer(at)["services"]] == ["rds-postgresql"]
    assert any(c.value == "↪ Using service Amazon RDS for PostgreSQL from the previous question." for c in at.caption)
    # A question naming its own service is answered as asked, and becomes the new context.
    at.chat_input[0].set_value("레디스 전송 암호화는?").run()
    assert [s["id"] for s in _last_answer(at)["services"]] == ["elasticache-redis"]
    assert at.session_state.context_services == ["elasticache-redis"]
    # Another cloud is refused, not answered with the previous AWS service; so is an off-topic question.
    at.chat_input[0].set_value("How do I encrypt PHI in Azure Blob Storage?").run()
    assert _last_answer(at)["reason"] == "other-cloud"
    at.chat_input[0].set_value("오늘 저녁 김치찌개 레시피 알려줘").run()
    assert _last_answer(at)["abstained"] and at.session_state.messages[-1]["note"] is None


def test_service_filter_restricts_questions_naming_none(indexed: Settings) -> None:
    at = _chat()
    options = at.multiselect(key="restrict").options
    assert any("Amazon RDS for PostgreSQL" in o for o in options)
    at.multiselect(key="restrict").set_value(["rds-postgresql"]).run()
    at.chat_input[0].set_value("로깅은 어떻게 하나요?").run()
    assert not at.exception
    answer = _last_answer(at)
    assert [s["id"] for s in answer["services"]] == ["rds-postgresql"]
    # The section has no logging guidance (the test corpus has no audit chapter to point to): said plainly.
    assert answer["citations"] == []
    assert "Amazon RDS for PostgreSQL 섹션에는 로깅 및 감사에 대한 지침이 없습니다." in answer["answer"]
    assert any(c.value.startswith("↪ Restricted to Amazon RDS for PostgreSQL") for c in at.caption)
    # A question that names a service outside the filter says so.
    at.chat_input[0].set_value("S3 버킷 암호화").run()
    assert any("outside the sidebar's service filter" in c.value for c in at.caption)


def test_preferred_edition_is_the_one_quoted(indexed: Settings) -> None:
    at = _chat(setup={"keep_prefer": "zh"})
    at.chat_input[0].set_value(KO_Q).run()
    assert not at.exception
    answer = _last_answer(at)
    assert answer["lang"] == "ko" and {c["doc_id"] for c in answer["citations"]} == {"mini-zh"}
    assert any('lang="zh-Hant"' in h.value for h in at.expander[0].get("html"))
    assert any(c.value.startswith("Answered in Korean · quoting the Chinese edition") for c in at.caption)


def test_oversized_question_gets_a_web_answer_not_a_command(indexed: Settings) -> None:
    at = _chat()
    assert at.chat_input[0].max_chars == 4000  # the box itself stops at the limit (Streamlit cuts the value too)
    at.chat_input[0].set_value("가" * 4001).run()
    assert at.session_state.messages[0]["content"] == "가" * 4000 and not at.error
    # Text that reaches the page by another way still gets a message about the page, not a command.
    from app.ui_chat import ask
    from kb.core import KnowledgeBase

    error = ask(KnowledgeBase(indexed), "가" * 4001, [], [])["error"]
    assert "the limit is 4,000" in error and "Design review page" in error
    assert "python" not in error and "kb review" not in error


def test_every_free_text_box_has_a_length_limit(indexed: Settings) -> None:
    at = _chat(KO_Q)
    at.feedback[0].set_value(1).run()
    assert [t.max_chars for t in at.text_input] == [1000]
    assert at.chat_input[0].max_chars == 4000


def test_missing_index_is_built_with_progress(app_env: Settings) -> None:
    assert not (app_env.index_dir / "manifest.json").exists()
    at = _chat()
    assert any(s.value.startswith("Index built:") for s in at.success)
    assert (app_env.index_dir / "manifest.json").exists()
    at.chat_input[0].set_value("S3 버킷 암호화").run()
    assert _last_answer(at)["citations"]


def test_mismatched_index_offers_a_rebuild_in_the_page(indexed: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPAA_GUIDE_CHUNK_MAX_CHARS", "700")  # the saved index was cut at 900
    at = AppTest.from_file(CHAT, default_timeout=TIMEOUT).run()
    [error] = [e.value for e in at.error]
    assert error.startswith("The search index cannot be used") and "python -m" not in error
    assert not at.chat_input
    at.button[[b.label for b in at.button].index("Rebuild the index now")].click().run()
    assert any(s.value.startswith("Index built:") for s in at.success)
    at.run()
    assert not at.error and at.chat_input


def test_index_that_cannot_be_built_shows_an_error(app_env: Settings, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    monkeypatch.setenv("HIPAA_GUIDE_DATA_DIR", str(empty))
    at = AppTest.from_file(CHAT, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.error and "services.yaml" in at.error[0].value
    assert not at.chat_input


def test_an_unwritable_database_does_not_stop_the_chat(indexed: Settings, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("HIPAA_GUIDE_DB_PATH", str(blocker / "app.sqlite3"))
    st.cache_resource.clear()
    at = _chat(KO_Q)
    assert _last_answer(at)["citations"]
    assert any(w.value.startswith("This conversation is not being saved") for w in at.warning)


def test_ingest_reports_embedding_progress(settings: Settings) -> None:
    calls: list[tuple[int, int]] = []
    ingest(settings, log=lambda _: None, on_progress=lambda done, total: calls.append((done, total)))
    totals = [t for _, t in calls]
    phases = [t for i, t in enumerate(totals) if i == 0 or t != totals[i - 1]]
    assert len(phases) == 3  # chunks, then quotable spans, then the requirement statements
    for total in phases:
        done = [d for d, t in calls if t == total]
        assert done == sorted(done) and done[-1] == total


def test_navigation_names_the_pages(indexed: Settings) -> None:
    source = Path(CHAT).read_text(encoding="utf-8")
    assert 'title="Chat"' in source and "st.navigation(" in source
    assert (ROOT / "app" / ".streamlit" / "config.toml").exists()  # read whatever the working directory


def test_browse_shows_both_editions_side_by_side(indexed: Settings) -> None:
    at = AppTest.from_file(BROWSE, default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error
    box = at.selectbox(key="browse_service")
    assert box.options[0].startswith("1. Amazon ElastiCache for Redis · 아마존 포 ElastiCache 레디스용")
    box.set_value("s3").run()
    ko, zh = at.columns[0], at.columns[1]
    assert ko.subheader[0].value == "한국어 · Amazon Simple Storage Service(S3)"
    assert zh.subheader[0].value == "中文 · Amazon Simple Storage Service (Amazon S3)"
    assert any("HTTPS" in h.value for h in ko.get("html"))
    assert ko.caption[0].value.startswith(f"{KO_TITLE} · Korean edition (excerpt) · 2022-09-28 · [official source]")
    refs = [c.value for c in ko.caption] + [c.value for c in zh.caption]
    assert any(r.startswith(f"{EN_TITLE} (Korean edition (excerpt), 2022-09-28), § Amazon Simple Storage "
                            "Service(S3), line") for r in refs)
    assert any(r.startswith(f"{EN_TITLE} (Traditional-Chinese edition (excerpt), 2022-09-28), § ") for r in refs)


def test_review_markdown_shows_code_not_backticks_inside_html() -> None:
    from app.ui_common import web_markdown

    report = ("## HIPAA design review: `pasted.tf`\n\n<details><summary><b>Amazon S3</b> (<code>s3</code>) — 2; "
              "`aws_s3_bucket.<b>phi</b>`</summary>\n\n- “quote” — `hipaa-ko:1-2`\n\n"
              "<sub>(`python -m kb review`)</sub>")
    assert web_markdown(report) == (
        "## HIPAA design review: `pasted.tf`\n\n<details><summary><b>Amazon S3</b> (<code>s3</code>) — 2; "
        "<code>aws_s3_bucket.&lt;b&gt;phi&lt;/b&gt;</code></summary>\n\n- “quote” — `hipaa-ko:1-2`\n\n"
        "<sub>(<code>python -m kb review</code>)</sub>")


def test_design_review_results_are_scrolled_into_view(full_kb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPAA_GUIDE_INDEX_DIR", str(full_kb.settings.index_dir))
    monkeypatch.setenv("HIPAA_GUIDE_EMBEDDER", "fake")
    monkeypatch.delenv("HIPAA_GUIDE_DATA_DIR", raising=False)
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app" / "pages" / "3_Design_review.py"), default_timeout=TIMEOUT).run()
        assert at.text_area(key="paste_text").max_chars == 1_000_000
        at.text_area(key="paste_text").input((ROOT / "tests" / "data" / "templates" / "cfn" / "phi-stack.yaml")
                                             .read_text(encoding="utf-8"))
        at.button[0].click().run()
        assert not at.exception and at.metric
        scripts = [h.value for h in at.get("html") if "scrollIntoView" in h.value]
        assert len(scripts) == 1 and 'getElementById("hg-review-results")' in scripts[0]
        assert any('id="hg-review-results"' in h.value for h in at.get("html"))
        html_lines = [line for m in at.markdown for line in m.value.splitlines() if line.startswith("<")]
        assert any("<summary>" in line for line in html_lines) and not any("`" in line for line in html_lines)
    finally:
        st.cache_resource.clear()


def test_a_generated_answer_streams_its_draft_then_the_verified_answer_replaces_it(
        indexed: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace as with_

    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from app.ui_chat import ask
    from kb.core import KnowledgeBase
    from kb.llm.generator import LLMGenerator
    from tests.llm_helpers import hash_embed

    kb = KnowledgeBase(with_(indexed, llm="openai:fake"))
    quote = "PHI를 포함하는 Amazon S3에 연결하려면 암호화된 전송 (HTTPS) 을 허용하는 엔드포인트를 사용해야 합니다."
    model = GenericFakeChatModel(messages=iter([AIMessage(content=f"{quote} [1]")]))
    monkeypatch.setitem(kb.__dict__, "llm", LLMGenerator(model, hash_embed, label="openai:fake"))
    drafts: list[str] = []
    message = ask(kb, KO_Q, [], [], on_draft=drafts.append)
    answer = message["answer"]
    assert len(drafts) > 1 and drafts[-1] == f"{quote} [1]"  # the draft grew token by token
    assert answer["generator"] == "llm" and answer["model"] == "openai:fake" and answer["dropped_sentences"] == 0
    assert answer["answer"].startswith(quote[:-1]) and [c["n"] for c in answer["citations"]] == [1]
