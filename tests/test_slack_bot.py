"""The Slack bot run for real in HTTP mode on a loopback port, against a local fake of the Slack Web API."""
from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml

from app.db import Database
from app.feedback import FeedbackStore
from app.slack_blocks import FEEDBACK_DOWN, FEEDBACK_UP, SHARE, answer_blocks, split_text, to_mrkdwn
from app.slack_bot import SlackBot, clean_text
from app.slack_config import SlackConfig, SlackConfigError
from ingest.pipeline import ingest
from kb.config import Settings
from kb.core import KnowledgeBase
from tests.conftest import ROOT
from tests.fake_slack import BOT_ID, BOT_TOKEN, BOT_USER_ID, SECRET, TEAM_ID, FakeSlack, SlackSender, block_errors

KO_TITLE = "Amazon Web Services에서 HIPAA 보안 및 규정 준수를 위한 설계 (발췌)"
KO_URL = "https://docs.aws.amazon.com/ko_kr/whitepapers/latest/architecting-hipaa-security-and-compliance-on-aws/welcome.html"


@dataclass
class Bot(SlackSender):
    """The running bot, the fake Slack it talks to, and where its feedback goes."""

    bot: SlackBot
    slack: FakeSlack
    feedback: Path


@pytest.fixture
def bot(env: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Bot]:
    for name, value in {"MIN_SCORE": "0.2", "CLOSEST_SCORE": "0.3",  # the fake embedder's cosines are low
                        "DB_PATH": str(tmp_path / "app.sqlite3")}.items():
        monkeypatch.setenv(f"HIPAA_GUIDE_{name}", value)
    ingest(Settings.from_env(), log=lambda _: None)
    with FakeSlack() as slack:
        config = SlackConfig.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "PORT": "0",
                                       "SLACK_API_URL": slack.api_url, "SLACK_RATE_LIMIT": "3"})
        app = SlackBot(config, KnowledgeBase())
        app.working_after_s = 30.0  # no placeholder before an answer, however loaded the machine (the first answer
        # loads the index); the tests of the placeholder set their own delay
        server = app.http_server()
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Bot(f"http://127.0.0.1:{server.server_port}/slack/events", slack.url, app, slack,
                      tmp_path / "app.sqlite3")
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)


def test_url_verification_challenge(bot: Bot) -> None:
    status, text = bot.send(json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV", "type": "url_verification"}))
    assert status == 200 and "3eZbrw1aBm2rZgRNFdxV" in text


def test_mention_is_answered_in_its_thread_with_citation_blocks(bot: Bot) -> None:
    status, _ = bot.event(type="app_mention", user="U1", channel="C0001", ts="1700000000.000100",
                          text=f"<@{BOT_USER_ID}> S3 버킷에 PHI 저장할 때 전송 중 암호화는?")
    assert status == 200
    [call] = bot.slack.wait_for("chat.postMessage")
    assert [c.token for c in bot.slack.of("auth.test")] == [BOT_TOKEN] == [call.token]  # Bolt checked it at start
    assert (call.body["channel"], call.body["thread_ts"]) == ("C0001", "1700000000.000100")
    text = call.text()
    assert text.startswith("*Amazon S3*\n• PHI가 있는 Amazon S3에는") and "**" not in text and "[1]" in text
    cites = [e["text"] for b in call.blocks("context") for e in b["elements"] if e["text"].startswith("*[")]
    # Title (linked to the official source) in the question's language, edition, date, section, line.
    assert cites and re.fullmatch(re.escape(f"*[1]* <{KO_URL}|{KO_TITLE}> · 한국어판 · 2022-09-28 · ")
                                  + r"§ Amazon Simple Storage Service\(S3\) · \d+(–\d+)?행\n“.+”", cites[0])
    assert not any(re.search(r"(\d+)–\1행", c) for c in cites)  # one line is "939행", never "939–939행"
    # Each quote appears once: the answer's bullets are the team's statements, so the quote is in its
    # source line, and only there.
    quote = "PHI를 포함하는 Amazon S3에 연결하려면 암호화된 전송 (HTTPS) 을 허용하는 엔드포인트를 사용해야 합니다."
    assert sum(c.count(quote) for c in cites) == 1 and quote not in text
    assert block_errors(call.body["blocks"]) == [] and call.body["text"]
    assert bot.slack.of("chat.update") == []  # a quick answer needs no "working on it" placeholder


def test_thread_follow_up_keeps_the_service(bot: Bot) -> None:
    bot.event(type="app_mention", user="U1", channel="C0001", ts="1.1", text=f"<@{BOT_USER_ID}> Postgres 암호화")
    bot.slack.wait_for("chat.postMessage")
    bot.event(type="app_mention", user="U1", channel="C0001", ts="1.2", thread_ts="1.1",
              text=f"<@{BOT_USER_ID}> 로깅은 어떻게 하나요?")
    follow_up = bot.slack.wait_for("chat.postMessage", where=lambda c: c.body["thread_ts"] == "1.1", count=2)[1]
    assert "Amazon RDS for PostgreSQL" in follow_up.text()
    # The same question in a new thread has no service to carry over.
    bot.event(type="app_mention", user="U2", channel="C0001", ts="2.1", text=f"<@{BOT_USER_ID}> 로깅은 어떻게 하나요?")
    [fresh] = bot.slack.wait_for("chat.postMessage", where=lambda c: c.body["thread_ts"] == "2.1")
    assert "Amazon RDS for PostgreSQL" not in fresh.text()


def test_direct_message_is_answered_in_the_dm(bot: Bot) -> None:
    bot.event(type="message", channel_type="im", channel="D0001", user="U2", text="雷迪斯 傳輸加密 要怎麼設定？")
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.body["channel"] == "D0001" and "thread_ts" not in call.body
    assert "傳輸加密" in call.text() and " · 中文版 · " in json.dumps(call.body["blocks"], ensure_ascii=False)


def test_refusal_says_not_covered(bot: Bot) -> None:
    bot.event(type="message", channel_type="im", channel="D0001", user="U2", text="How do I encrypt PHI in Azure Blob?")
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.text().startswith(":no_entry: *Not covered by the documents.*")
    assert not [b for b in call.blocks("context") if "*[1]*" in json.dumps(b)]


def test_slash_command_ephemeral_answer_then_share(bot: Bot) -> None:
    status, text = bot.command("Redis 전송 데이터 암호화", user="U3", response="cmd")
    assert status == 200 and text == ""
    [answer] = bot.slack.wait_for("response_url")
    assert answer.path == "/response/cmd" and answer.body["response_type"] == "ephemeral"
    assert "Amazon ElastiCache for Redis" in answer.text() and answer.blocks("context")
    assert bot.slack.of("chat.postMessage") == []
    bot.click(SHARE, answer.button(SHARE), user="U3", response="share")
    shared, deleted = bot.slack.wait_for("response_url", count=2, where=lambda c: c.path == "/response/share")
    assert shared.body["response_type"] == "in_channel" and shared.body["replace_original"] is False
    blocks = json.dumps(shared.body["blocks"], ensure_ascii=False)
    # The public copy says who shared it and what was asked, then the same answer.
    assert shared.body["blocks"][0]["elements"][0]["text"] == "<@U3> 님이 공유함"
    assert shared.text() == "*질문:* Redis 전송 데이터 암호화\n" + answer.text() and SHARE not in blocks
    assert deleted.body["delete_original"] is True and "Redis" not in json.dumps(shared.blocks("actions"))


def test_slash_command_is_acknowledged_before_a_slow_answer(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    release, ask = threading.Event(), bot.bot.kb.ask
    monkeypatch.setattr(bot.bot.kb, "ask", lambda *a, **k: release.wait(10) and ask(*a, **k))
    started = time.monotonic()
    assert bot.command("S3 버킷 암호화", user="U4", response="slow")[0] == 200
    assert time.monotonic() - started < 3 and bot.slack.of("response_url") == []
    release.set()
    assert bot.slack.wait_for("response_url")[0].body["response_type"] == "ephemeral"


def test_empty_slash_command_gets_usage(bot: Bot) -> None:
    status, text = bot.command("  ", user="U4", response="empty")
    assert status == 200 and "/hipaa S3 bucket encryption" in text


@pytest.mark.parametrize("secret,age", [(None, 0), ("f" * 32, 0), (SECRET, 600)], ids=["unsigned", "bad", "stale"])
def test_unverified_requests_are_rejected_without_api_calls(bot: Bot, secret: str | None, age: float,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    body = json.dumps({"type": "event_callback", "team_id": TEAM_ID, "event": {
        "type": "app_mention", "user": "U1", "channel": "C0001", "ts": "9.9", "text": "<@UBOT0001> kim@x.org"}})
    with caplog.at_level(logging.INFO):
        assert bot.send(body, secret=secret, age=age)[0] == 401
        assert bot.send(urlencode({"command": "/hipaa", "text": "S3", "user_id": "U1", "channel_id": "C1",
                                   "response_url": f"{bot.slack.url}/response/x"}), form=True, secret=secret,
                        age=age)[0] == 401
    assert "rejected a request without a valid Slack signature" in caplog.text and "kim@x.org" not in caplog.text
    # A signed request afterwards is answered: by then anything the rejected ones had started would show too.
    bot.event(type="message", channel_type="im", channel="D0009", user="U9", text="S3 암호화")
    bot.slack.wait_for("chat.postMessage")
    assert [c.body["channel"] for c in bot.slack.calls if c.method != "auth.test"] == ["D0009"]


def _raw_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize("body,content_type,headers", [
    (b'{"type": "event_callback", "event": {', "application/json", {}),
    (b"payload=%7Bbad", "application/x-www-form-urlencoded", {}),
    (b"{}", "application/json", {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
    (b"{}", "application/json", {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""}),
], ids=["truncated-json", "bad-form", "non-numeric-timestamp", "empty-headers"])
def test_malformed_unsigned_requests_get_401_before_any_parsing(bot: Bot, body: bytes, content_type: str,
                                                                headers: dict[str, str],
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """Case 10: Bolt parsed these before checking the signature and answered 500 with a traceback."""
    with caplog.at_level(logging.DEBUG):
        assert _raw_post(bot.url, body, {"Content-Type": content_type, **headers}) == 401
    assert not any(r.exc_info for r in caplog.records) and "Traceback" not in caplog.text


def test_a_signed_but_malformed_payload_gets_400_without_a_traceback(bot: Bot,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        status, _ = bot.send('{"type": "event_callback", "event": {')
    assert status == 400 and not any(r.exc_info for r in caplog.records)
    assert "signed request with a malformed payload" in caplog.text


def test_bots_edits_and_joins_are_ignored(bot: Bot) -> None:
    for event in [{"user": BOT_USER_ID, "bot_id": BOT_ID, "text": "S3 암호화"},  # the bot's own DM answer
                  {"bot_id": "BOTHER", "subtype": "bot_message", "text": "S3 암호화"},
                  {"subtype": "message_changed", "message": {"user": "U5", "text": "S3 암호화"}},
                  {"subtype": "channel_join", "user": "U5", "text": "<@U5> has joined the channel"}]:
        assert bot.event(type="message", channel_type="im", channel="D0005", **event)[0] == 200
    bot.event(type="app_mention", bot_id="BOTHER", user="U6", channel="C0001", text=f"<@{BOT_USER_ID}> S3")
    bot.event(type="message", channel_type="im", channel="D0006", user="U6", text="S3 암호화")
    bot.slack.wait_for("chat.postMessage")
    assert [c.body["channel"] for c in bot.slack.of("chat.postMessage")] == ["D0006"]


def test_feedback_click_is_stored_once_and_the_buttons_say_thanks(bot: Bot) -> None:
    bot.event(type="app_mention", user="U7", channel="C0001", ts="3.1",
              text=f"<@{BOT_USER_ID}> kim.minji@hospital.org 환자 S3 버킷 암호화는?")
    [answer] = bot.slack.wait_for("chat.postMessage")
    assert "Slack에 PHI를 올리지 마세요" in json.dumps(answer.body["blocks"], ensure_ascii=False)
    assert "hospital.org" not in json.dumps(answer.body, ensure_ascii=False)  # masked before it was answered
    value = answer.button(FEEDBACK_DOWN)
    bot.bot.answers = type(bot.bot.answers)(10)  # as after a restart: the answer is found again from the button
    posted = {"ts": "1700000001.000100", "blocks": answer.body["blocks"]}
    assert bot.click(FEEDBACK_DOWN, value, user="U7", response="fb", message=posted)[0] == 200
    [thanks] = bot.slack.wait_for("response_url")
    # The message itself changes: the thumbs become a thank-you line; everything else stays.
    assert thanks.body["replace_original"] is True and thanks.body.get("response_type") != "ephemeral"
    assert not thanks.blocks("actions") and thanks.blocks("section") == answer.blocks("section")
    [rated] = [b for b in thanks.body["blocks"] if b.get("block_id") == "hipaa_rated"]
    assert rated["elements"][0]["text"].startswith(":white_check_mark: <@U7> 님, 감사합니다: *도움이 안 됨*")
    [row] = FeedbackStore(Database(bot.feedback)).read()
    assert row["question"] == "[EMAIL] 환자 S3 버킷 암호화는?" and "hospital.org" not in json.dumps(row)
    assert (row["rating"], row["source"], row["services"]) == ("down", "slack", ["s3"]) and row["citations"]
    # A second click by the same user (a double click, or the other thumb on a stale copy) adds nothing.
    for action in (FEEDBACK_DOWN, FEEDBACK_UP):
        assert bot.click(action, value, user="U7", response="fb2", message=posted)[0] == 200
    bot.event(type="message", channel_type="im", channel="D0007", user="U7", text="S3 암호화")  # a barrier
    bot.slack.wait_for("chat.postMessage", where=lambda c: c.body["channel"] == "D0007")
    assert len(FeedbackStore(Database(bot.feedback)).read()) == 1
    assert [c.path for c in bot.slack.of("response_url")] == ["/response/fb"]


def test_feedback_on_a_private_answer_keeps_its_share_button(bot: Bot) -> None:
    bot.command("Redis 전송 데이터 암호화", user="U3", response="cmd")
    [answer] = bot.slack.wait_for("response_url")
    bot.click(FEEDBACK_UP, answer.button(FEEDBACK_UP), user="U3", response="fb")
    [thanks] = bot.slack.wait_for("response_url", where=lambda c: c.path == "/response/fb")
    [actions] = thanks.blocks("actions")
    assert [e["action_id"] for e in actions["elements"]] == [SHARE] and thanks.body["replace_original"] is True
    assert any(b.get("block_id") == "hipaa_rated" for b in thanks.body["blocks"])


def test_a_slow_answer_shows_a_working_signal_then_is_updated_in_place(bot: Bot,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    release, ask = threading.Event(), bot.bot.kb.ask
    monkeypatch.setattr(bot.bot.kb, "ask", lambda *a, **k: release.wait(10) and ask(*a, **k))
    monkeypatch.setattr(bot.bot, "working_after_s", 0.05)
    bot.event(type="app_mention", user="U1", channel="C0001", ts="6.1", text=f"<@{BOT_USER_ID}> S3 버킷 암호화")
    [placeholder] = bot.slack.wait_for("chat.postMessage")
    assert placeholder.body["text"] == ":hourglass_flowing_sand: 백서에서 찾는 중입니다…"
    assert placeholder.body["thread_ts"] == "6.1" and bot.slack.of("chat.update") == []
    release.set()
    [update] = bot.slack.wait_for("chat.update")
    assert (update.body["channel"], update.body["ts"]) == ("C0001", "1700000001.000100")  # the placeholder's ts
    assert update.text().startswith("*Amazon S3*") and update.blocks("actions")
    assert len(bot.slack.of("chat.postMessage")) == 1  # updated in place, not posted again


def test_a_follow_up_sent_while_the_answer_before_it_is_computed_keeps_the_thread(
        bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A follow-up posted while the thread's first answer still shows its placeholder was answered with no context
    (read before the first answer stored it: "로깅은 어떻게 하나요?" refused after "Postgres 암호화")."""
    release, ask = threading.Event(), bot.bot.kb.ask
    first = threading.Event()

    def slow_first(*a: object, **k: object) -> object:
        if not first.is_set():
            first.set()
            release.wait(10)
        return ask(*a, **k)

    monkeypatch.setattr(bot.bot.kb, "ask", slow_first)
    monkeypatch.setattr(bot.bot, "working_after_s", 0.05)
    bot.event(type="app_mention", user="U1", channel="C0001", ts="7.1", text=f"<@{BOT_USER_ID}> Postgres 암호화")
    bot.slack.wait_for("chat.postMessage")  # the placeholder: the first answer is still being computed
    monkeypatch.setattr(bot.bot, "working_after_s", 5.0)  # (the follow-up's own answer is posted, not a placeholder)
    bot.event(type="app_mention", user="U1", channel="C0001", ts="7.2", thread_ts="7.1",
              text=f"<@{BOT_USER_ID}> 로깅은 어떻게 하나요?")
    release.set()
    follow_up = bot.slack.wait_for("chat.postMessage", where=lambda c: c.body["thread_ts"] == "7.1", count=2)[1]
    assert "Amazon RDS for PostgreSQL" in follow_up.text()


def test_a_slow_slash_command_replaces_its_working_message(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    release, ask = threading.Event(), bot.bot.kb.ask
    monkeypatch.setattr(bot.bot.kb, "ask", lambda *a, **k: release.wait(10) and ask(*a, **k))
    monkeypatch.setattr(bot.bot, "working_after_s", 0.05)
    assert bot.command("S3 bucket encryption", user="U4", response="slowcmd")[0] == 200
    [placeholder] = bot.slack.wait_for("response_url")
    assert placeholder.body["text"].startswith(":hourglass_flowing_sand:")
    assert placeholder.body["response_type"] == "ephemeral"
    release.set()
    _, final = bot.slack.wait_for("response_url", count=2)
    assert final.body["replace_original"] is True and final.button(SHARE)


def test_a_redelivered_event_is_answered_once_and_long_questions_get_the_limit(bot: Bot) -> None:
    for _ in range(2):  # Slack retries an event it believes was not acknowledged
        bot.event(type="message", channel_type="im", channel="D0010", user="U10", ts="5.1", text="S3 암호화")
    bot.event(type="message", channel_type="im", channel="D0011", user="U10", text="가" * 4001)
    [too_long] = bot.slack.wait_for("chat.postMessage", where=lambda c: c.body["channel"] == "D0011")
    assert "4,001 characters" in too_long.body["text"]
    assert len(bot.slack.wait_for("chat.postMessage", where=lambda c: c.body["channel"] == "D0010")) == 1


def test_socket_mode_uses_the_app_token_and_the_api_url(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        config = SlackConfig.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-1-A0001-1-abcdef",
                                       "SLACK_API_URL": slack.api_url})
        handler = SlackBot(config, KnowledgeBase(Settings(index_dir=tmp_path))).socket_mode_handler()
        try:
            assert handler.client.issue_new_wss_url() == "ws://127.0.0.1:9/link"
        finally:
            handler.client.close()
    assert [c.token for c in slack.of("apps.connections.open")] == ["xapp-1-A0001-1-abcdef"]


def test_rate_limit_is_polite(bot: Bot) -> None:
    for _ in range(4):
        bot.event(type="message", channel_type="im", channel="D0008", user="U8", text="S3 버킷 암호화")
    calls = bot.slack.wait_for("chat.postMessage", count=4)
    assert sorted("질문을 3번 하셨습니다" in c.body["text"] for c in calls) == [False, False, False, True]


def test_internal_error_apologises_in_thread_and_logs(bot: Bot, monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("index exploded at /secret/path")

    monkeypatch.setattr(bot.bot.kb, "ask", broken)
    with caplog.at_level(logging.ERROR, logger="hipaa_guide.slack"):
        bot.event(type="app_mention", user="U1", channel="C0001", ts="4.1", text=f"<@{BOT_USER_ID}> S3 암호화")
        [call] = bot.slack.wait_for("chat.postMessage")
    assert call.body["thread_ts"] == "4.1" and "죄송합니다" in call.body["text"]
    assert "exploded" not in json.dumps(call.body) and "Traceback" not in json.dumps(call.body)
    assert any(r.exc_info and "exploded" in str(r.exc_info[1]) for r in caplog.records)


HTTP = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET}


@pytest.mark.parametrize("env,message", [
    ({}, "SLACK_BOT_TOKEN is not set"),
    ({"SLACK_BOT_TOKEN": "xapp-1-A0-123-abcdef"}, "must start with 'xoxb-' .*; got a token starting with 'xapp-'"),
    ({"SLACK_BOT_TOKEN": "xoxb-123"}, "starts with 'xoxb-' but only 3 character.s. follow; .* Copy the whole token"),
    ({**HTTP, "SLACK_BOT_TOKEN": "xoxb-1234-5678-abc$def"}, "after 'xoxb-' a token holds only letters, digits"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET is not set"),
    ({**HTTP, "SLACK_SIGNING_SECRET": "not-a-secret"}, "SLACK_SIGNING_SECRET looks malformed"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xoxb-123456789"}, "SLACK_APP_TOKEN is malformed"),
    ({**HTTP, "PORT": "http"}, "PORT='http' is not a number"),
    ({**HTTP, "SLACK_API_URL": "slack.com"}, "SLACK_API_URL"),
    ({**HTTP, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "abc"}, "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"),
])
def test_config_fails_fast_with_a_clear_message(env: dict[str, str], message: str) -> None:
    with pytest.raises(SlackConfigError, match=message.replace("(", r"\(")):
        SlackConfig.from_env(env)


def test_config_modes_and_defaults() -> None:
    http = SlackConfig.from_env({**HTTP, "SLACK_API_URL": "http://h/api"})
    assert (http.socket_mode, http.port, http.api_url, http.rate_limit, http.rate_window) == (False, 3000, "http://h/api/",
                                                                                            5, 60)
    socket = SlackConfig.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-1-A0-123-abcdef"})
    assert socket.socket_mode and socket.api_url == "https://slack.com/api/"


def test_startup_without_tokens_exits_with_the_message(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "app.slack_bot"], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "HIPAA_GUIDE_INDEX_DIR": str(tmp_path)}, timeout=60)
    assert result.returncode == 2 and "SLACK_BOT_TOKEN is not set" in result.stderr and "Traceback" not in result.stderr


def test_startup_with_a_rejected_token_exits(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from app.slack_bot import main

    with FakeSlack(tokens=()) as slack:
        for name, value in {**HTTP, "SLACK_API_URL": slack.api_url}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
        assert main([]) == 2
    err = capsys.readouterr().err
    assert "Slack rejected SLACK_BOT_TOKEN" in err and "invalid_auth" in err


def test_manifest_asks_for_what_the_bot_listens_to() -> None:
    m = yaml.safe_load((ROOT / "slack_app_manifest.yaml").read_text(encoding="utf-8"))
    assert set(m["oauth_config"]["scopes"]["bot"]) >= {"app_mentions:read", "chat:write", "commands", "im:history"}
    assert m["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]
    assert m["features"]["slash_commands"][0]["command"] == "/hipaa" and m["settings"]["interactivity"]["is_enabled"]


def test_markdown_to_mrkdwn_and_section_splitting() -> None:
    assert clean_text("<@UBOT0001> mail <mailto:kim@x.org|kim@x.org> &lt;S3&gt; <!here> <#C1|ops>") == \
        "mail kim@x.org <S3> ops"
    assert to_mrkdwn("**전송 중 암호화**\n- use *TLS* & [docs](https://aws.amazon.com) or [보호](#) <x>") == \
        "*전송 중 암호화*\n• use _TLS_ &amp; <https://aws.amazon.com|docs> or 보호 &lt;x&gt;"
    long = "\n\n".join(f"**Topic {i}**\n- " + "가" * 900 for i in range(8))
    pieces = split_text(to_mrkdwn(long))
    assert len(pieces) > 2 and all(len(p) <= 3000 for p in pieces) and "".join(pieces).count("가") == 7200
    assert all(len(p) == 3000 for p in split_text("x" * 9000))


def test_blocks_stay_within_slack_limits() -> None:
    cite = {"n": 1, "title": "T", "lang": "en", "section": "S", "page": 3, "line_start": None, "line_end": None,
            "archived": True, "quote": "word " * 200}
    answer = {"lang": "en", "abstained": False, "answer": "a [1]\n\n" * 2000,
              "citations": [{**cite, "n": n} for n in range(1, 80)]}
    blocks = answer_blocks(answer, "v", share=True)
    assert block_errors(blocks) == [] and len(blocks) <= 50 and blocks[-1]["type"] == "actions"
    cites = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"] if e["text"].startswith("*[")]
    assert len(cites) == 79 and cites[0].startswith("*[1]* T · English edition · § S · p. 3 · :warning: archived")
    assert cites[0].endswith("word…”") and len(cites[0]) < 400
    huge = answer_blocks({**answer, "answer": "b" * 500_000}, "v")
    assert block_errors(huge) == [] and huge[-1]["type"] == "actions"
