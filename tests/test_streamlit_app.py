"""The Streamlit chat and Browse pages through Streamlit's AppTest, on the tiny corpus and fake embedder."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ingest.pipeline import ingest
from kb.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CHAT = str(ROOT / "app" / "streamlit_app.py")
BROWSE = str(ROOT / "app" / "pages" / "1_Browse_by_service.py")
TIMEOUT = 60


@pytest.fixture
def app_env(env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The test corpus's settings in the environment (the app reads Settings.from_env), with the
    fake embedder's own refusal thresholds, feedback under tmp, and no knowledge base cached."""
    monkeypatch.setenv("HIPAA_GUIDE_MIN_SCORE", "0.2")
    monkeypatch.setenv("HIPAA_GUIDE_CLOSEST_SCORE", "0.3")
    monkeypatch.setenv("HIPAA_GUIDE_FEEDBACK_PATH", str(tmp_path / "feedback" / "feedback.jsonl"))
    st.cache_resource.clear()
    yield Settings.from_env()
    st.cache_resource.clear()


@pytest.fixture
def indexed(app_env: Settings) -> Settings:
    ingest(app_env, log=lambda _: None)
    return app_env


def _chat(*questions: str, setup: dict | None = None) -> AppTest:
    at = AppTest.from_file(CHAT, default_timeout=TIMEOUT)
    for key, value in (setup or {}).items():
        at.session_state[key] = value
    at.run()
    for question in questions:
        at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def _last_answer(at: AppTest) -> dict:
    return at.session_state.messages[-1]["answer"]


def test_korean_question_shows_answer_with_citations(indexed: Settings) -> None:
    at = _chat("S3 버킷에 PHI 저장할 때 전송 중 암호화는?")
    assert not at.error
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    lead = "<strong>Amazon Simple Storage Service(S3)</strong> 관련 지침"  # bold as HTML: see answer_html
    assert any(m.value.startswith(lead) for m in at.markdown)
    answer = _last_answer(at)
    assert not answer["abstained"] and answer["citations"]
    # One expander per citation (up to "Sources shown"), each with the quote highlighted in its passage.
    assert at.expander[0].label.startswith("[1] Amazon Simple Storage Service(S3) · 한국어 · line")
    first = answer["citations"][0]
    passages = [h.value for h in at.expander[0].get("html")]
    assert any(f">{_escape(first['quote'])}</mark>" in p for p in passages)
    # The copyable one-line reference for design documents.
    codes = [c.value for c in at.expander[0].code]
    assert codes and codes[0].startswith(f"{first['title']} (ko edition), § Amazon Simple Storage Service(S3), line")
    assert len(at.feedback) == 1


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def test_example_question_is_asked_on_click(indexed: Settings) -> None:
    at = _chat()
    at.button(key="example_0").click().run()
    assert not at.exception and not at.error
    assert at.chat_message[0].children and _last_answer(at)["services"][0]["id"] == "s3"
    assert not [b for b in at.button if b.key == "example_0"]  # the examples make way for the chat


def test_new_chat_forgets_history_context_and_feedback(indexed: Settings) -> None:
    at = _chat("S3 버킷에 PHI 저장할 때 전송 중 암호화는?")
    at.feedback[0].set_value(1).run()
    at.button[[b.label for b in at.button].index("New chat")].click().run()
    assert at.session_state.messages == [] and at.session_state.context_services == []
    at.chat_input[0].set_value("레디스 전송 암호화는?").run()
    assert at.feedback[0].value is None and not [t for t in at.text_input if t.key.startswith("fb_reason")]


def test_sources_shown_limits_the_expanders(indexed: Settings) -> None:
    at = _chat("S3 버킷에 PHI 저장할 때 전송 중 암호화는?", setup={"keep_n_sources": 1})
    assert len(_last_answer(at)["citations"]) > 1
    assert len(at.expander) == 1
    assert any("more source(s) not shown" in c.value for c in at.caption)


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
    assert {c["service_id"] for c in answer["citations"]} == {"rds-postgresql"}
    assert any(c.value.startswith("↪ Restricted to Amazon RDS for PostgreSQL") for c in at.caption)
    # A question that names a service outside the filter says so.
    at.chat_input[0].set_value("S3 버킷 암호화").run()
    assert any("outside the sidebar's service filter" in c.value for c in at.caption)


def test_preferred_edition_is_the_one_quoted(indexed: Settings) -> None:
    at = _chat(setup={"keep_prefer": "zh"})
    at.chat_input[0].set_value("S3 버킷에 PHI 저장할 때 전송 중 암호화는?").run()
    assert not at.exception
    answer = _last_answer(at)
    assert answer["lang"] == "ko" and {c["doc_id"] for c in answer["citations"]} == {"mini-zh"}
    assert any('lang="zh-Hant"' in h.value for h in at.expander[0].get("html"))


def test_feedback_is_stored_with_personal_data_masked(indexed: Settings) -> None:
    at = _chat("환자 kim.minji@hospital.org MRN 5551234 의 S3 버킷 암호화는?")
    at.feedback[0].set_value(0).run()  # thumbs down
    at.text_input(key="fb_reason_1").input("틀림; 연락 010-9999-8888").run()
    at.button(key="fb_send_1").click().run()
    assert not at.exception
    assert any(c.value.startswith("Thanks: feedback stored") for c in at.caption)
    raw = indexed.feedback_path.read_text(encoding="utf-8")
    assert "kim.minji" not in raw and "5551234" not in raw and "9999-8888" not in raw
    [row] = [json.loads(line) for line in raw.splitlines()]
    assert row["rating"] == "down" and row["source"] == "streamlit"
    assert row["question"] == "환자 [EMAIL] [MRN] 의 S3 버킷 암호화는?"
    assert row["reason"] == "틀림; 연락 [PHONE]"
    assert row["services"] == ["s3"] and row["citations"]
    # Sent once: the thumbs are now disabled and no second row can be written.
    assert at.feedback[0].disabled and not [b for b in at.button if b.key == "fb_send_1"]


def test_oversized_question_shows_the_error_in_the_page(indexed: Settings) -> None:
    at = _chat("가" * 4001)
    assert any("the limit is 4,000" in e.value for e in at.error)
    assert not at.exception


def test_missing_index_is_built_with_progress(app_env: Settings) -> None:
    assert not (app_env.index_dir / "manifest.json").exists()
    at = _chat()
    assert any(s.value.startswith("Index built:") for s in at.success)
    assert (app_env.index_dir / "manifest.json").exists()
    at.chat_input[0].set_value("S3 버킷 암호화").run()
    assert _last_answer(at)["citations"]


def test_index_that_cannot_be_built_shows_an_error(app_env: Settings, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    monkeypatch.setenv("HIPAA_GUIDE_DATA_DIR", str(empty))
    at = AppTest.from_file(CHAT, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.error and "services.yaml" in at.error[0].value
    assert not at.chat_input


def test_ingest_reports_embedding_progress(settings: Settings) -> None:
    calls: list[tuple[int, int]] = []
    ingest(settings, log=lambda _: None, on_progress=lambda done, total: calls.append((done, total)))
    totals = [t for _, t in calls]
    phases = [t for i, t in enumerate(totals) if i == 0 or t != totals[i - 1]]
    assert len(phases) == 2  # chunks, then sentences
    for total in phases:
        done = [d for d, t in calls if t == total]
        assert done == sorted(done) and done[-1] == total


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
    refs = [c.value for c in ko.caption] + [c.value for c in zh.caption]
    assert any(r.startswith("Amazon Web Services에서 HIPAA 보안 및 규정 준수를 위한 설계 (발췌) (ko edition), "
                            "§ Amazon Simple Storage Service(S3), lines ") for r in refs)
    assert any(r.startswith("Amazon Web Services 上的 HIPAA 安全與合規架構 (摘錄) (zh edition), § ") for r in refs)
