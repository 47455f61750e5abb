"""Slack bot (`python -m app.slack_bot`): a thin Slack Bolt adapter that answers with cited Block Kit messages."""
from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import threading
from collections.abc import Callable
from typing import Any
from wsgiref.simple_server import WSGIServer

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient

from app.db import Database
from app.feedback import Feedback, FeedbackStore
from app.slack_blocks import (
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    SHARE,
    answer_blocks,
    fallback_text,
    notice_blocks,
    rated_blocks,
    word,
    working_blocks,
)
from app.slack_config import SlackConfig, SlackConfigError
from app.slack_reply import Post, Reply, Update
from app.slack_server import HOST, PATH, http_server, redact_bolt_logs
from app.slack_state import BoundedMap, RateLimiter
from kb.core import KnowledgeBase
from kb.errors import KBError, QueryError
from kb.lang import detect_lang
from kb.privacy import mask_pii
from kb.records import Context

log = logging.getLogger("hipaa_guide.slack")
BUTTON_VALUE_LIMIT = 2000  # Slack's limit for a button's value
_MENTION = re.compile(r"<[@!#][^|>]+(?:\|([^>]*))?>")  # users, channels, @here / user groups
_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]+))?>")  # Slack links e-mails and phones too

def clean_text(text: str) -> str:
    """A Slack message as the user wrote it: mentions dropped, links and Slack's &-escapes undone."""
    text = _MENTION.sub(lambda m: m.group(1) or "", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


class SlackBot:
    """Bolt listeners around one KnowledgeBase; state (thread services, recent answers) is in memory only,
    feedback goes to the app's database (one record per user and answer)."""

    # An answer slower than this gets a "working on it" placeholder first, updated in place with the answer.
    working_after_s = 1.0

    def __init__(self, config: SlackConfig, kb: KnowledgeBase) -> None:
        self.config = config
        self.kb = kb
        self.feedback = FeedbackStore(Database(kb.settings.db_path))
        # conversation key -> service ids of its last answer, so "what about logging?" keeps the service.
        self.threads: BoundedMap[dict[str, Any]] = BoundedMap(5000)  # thread -> Context.to_json()
        # answer key -> answer JSON, for the feedback and share buttons (re-asked from the button after a restart).
        self.answers: BoundedMap[dict[str, Any]] = BoundedMap(2000)
        self.limiter = RateLimiter(config.rate_limit, config.rate_window)
        # Slack re-sends an event it thinks was not acknowledged: answer each message once.
        self.seen: BoundedMap[bool] = BoundedMap(5000)
        # Answers take milliseconds; one at a time spares the knowledge base any question of thread safety.
        self._ask_lock = threading.Lock()
        redact_bolt_logs()
        client = WebClient(token=config.bot_token, base_url=config.api_url)
        # Bolt calls auth.test here (token verification) and verifies every HTTP request's signature.
        self.app = App(client=client, signing_secret=config.signing_secret, name="hipaa-guide")
        self.app.event("app_mention")(self.on_mention)
        self.app.event("message")(self.on_message)
        # The command is acknowledged at once; the answer follows from a lazy listener, within Slack's 3 s.
        self.app.command("/hipaa")(ack=self.ack_command, lazy=[self.on_command])
        self.app.action(FEEDBACK_UP)(self.on_feedback)
        self.app.action(FEEDBACK_DOWN)(self.on_feedback)
        self.app.action(SHARE)(self.on_share)

    # -- Slack listeners ---------------------------------------------------------------------------------

    def on_mention(self, event: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id") or event.get("subtype") or self._repeated(event):
            return
        thread_ts = event.get("thread_ts") or event["ts"]  # answer in the message's thread
        self.handle(event.get("text", ""), event.get("user", ""), f"{event['channel']}:{thread_ts}",
                    *self._poster(client, event["channel"], thread_ts))

    def on_message(self, event: dict[str, Any], client: WebClient) -> None:
        # Only people's new DMs: not bots (this one included), edits, deletions, joins or other subtypes.
        if (event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id") or not event.get("user")
                or self._repeated(event)):
            return
        # A DM is one conversation: its last service carries over whether or not the user replies in a thread.
        self.handle(event.get("text", ""), event["user"], event["channel"],
                    *self._poster(client, event["channel"], event.get("thread_ts")))

    def ack_command(self, ack: Callable[..., Any], command: dict[str, Any]) -> None:
        if clean_text(command.get("text", "")):
            ack()
        else:
            ack(text=word("en", "usage"))

    def on_command(self, command: dict[str, Any], respond: Callable[..., Any]) -> None:
        if not clean_text(command.get("text", "")):
            return

        def post(text: str, blocks: list[dict[str, Any]]) -> None:
            _check_webhook(respond(text=text, blocks=blocks, response_type="ephemeral"))

        def update(_ref: Any, text: str, blocks: list[dict[str, Any]]) -> None:
            _check_webhook(respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=True))

        key = f"cmd:{command['channel_id']}:{command['user_id']}"
        self.handle(command["text"], command["user_id"], key, post, update, share=True)

    def on_feedback(self, ack: Callable[..., Any], body: dict[str, Any], action: dict[str, Any],
                    respond: Callable[..., Any]) -> None:
        """Store the rating once per user and answer, and turn the thumbs into a thank-you line; a repeated
        click (double click, a second thumb, a stale copy) changes nothing."""
        ack()
        user = body["user"]["id"]
        lang = "en"
        try:
            answer = self.recall(action["value"])
            if answer is None:
                respond(text=word(lang, "expired"), response_type="ephemeral", replace_original=False)
                return
            lang = answer["lang"]
            rating = "up" if action["action_id"] == FEEDBACK_UP else "down"
            key = json.loads(action["value"])["k"]
            stored = self.feedback.add(Feedback.from_answer(answer, rating, source="slack", message_key=key,
                                                            user_key=user))
            if stored is None:
                log.info("repeated feedback ignored for user=%s", user)
                return
            log.info("feedback %s stored for user=%s", rating, user)
            message = body.get("message") or {}
            if message.get("blocks"):
                blocks = rated_blocks(message["blocks"], lang, user, rating)
            else:  # an ephemeral message (/hipaa): Slack does not send its blocks with the click, so rebuild them
                ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
                blocks = answer_blocks(answer, action["value"], share=ephemeral, document=self.kb.document,
                                       rated=(user, rating))
            _check_webhook(respond(text=fallback_text(answer), blocks=blocks, replace_original=True))
        except Exception:
            log.exception("feedback failed for user=%s", user)
            respond(text=word(lang, "apology"), response_type="ephemeral", replace_original=False)

    def on_share(self, ack: Callable[..., Any], body: dict[str, Any], action: dict[str, Any],
                 respond: Callable[..., Any]) -> None:
        ack()
        user = body["user"]["id"]
        try:
            answer = self.recall(action["value"])
            if answer is None:
                respond(text=word("en", "expired"), response_type="ephemeral", replace_original=False)
                return
            # The public copy starts with who shared it and the (masked) question; its buttons carry only the key.
            blocks = answer_blocks(answer, json.dumps({"k": json.loads(action["value"])["k"]}), shared_by=user,
                                   document=self.kb.document)
            # The response URL can post publicly where the bot is not a member (any channel, other DMs).
            _check_webhook(respond(text=fallback_text(answer), blocks=blocks, response_type="in_channel",
                                   replace_original=False))
            respond(delete_original=True)  # the ephemeral copy is no longer needed
            log.info("answer shared by user=%s", user)
        except Exception:
            log.exception("share failed for user=%s", user)
            respond(text=word("en", "apology"), response_type="ephemeral", replace_original=False)

    # -- answering -----------------------------------------------------------------------------------------

    def handle(self, raw_text: str, user: str, key: str, post: Post, update: Update, share: bool = False) -> None:
        """Answer one question from `user` in conversation `key`; every outcome posts something, and an answer
        slower than `working_after_s` first shows a placeholder that is then updated in place."""
        typed = clean_text(raw_text)
        # Personal data is masked before the question goes anywhere (answer, memory, buttons, feedback).
        question = mask_pii(typed)
        lang = detect_lang(question)
        with Reply(post, update, self.working_after_s, working_blocks(lang)) as reply:
            try:
                if not question:
                    reply.send(word(lang, "usage"), notice_blocks(word(lang, "usage")))
                    return
                wait = self.limiter.check(user)
                if wait:
                    text = word(lang, "rate", limit=self.config.rate_limit, window=round(self.config.rate_window),
                                wait=max(1, round(wait)))
                    reply.send(text, notice_blocks(text))
                    return
                try:
                    answer, value = self.ask(question, key)
                except QueryError as exc:  # empty or too long: the message says what to change
                    reply.send(str(exc), notice_blocks(str(exc)))
                    return
                blocks = answer_blocks(answer, value, share=share, pii_warning=question != typed,
                                       document=self.kb.document)
                reply.send(fallback_text(answer), blocks)
                # Question text may hold PHI: the log gets ids and numbers only.
                log.info("answered user=%s conversation=%s lang=%s abstained=%s citations=%d latency_ms=%.0f", user,
                         key, answer["lang"], answer["abstained"], len(answer["citations"]), answer["latency_ms"])
            except Exception as exc:
                level = logging.ERROR if not isinstance(exc, KBError) else logging.WARNING
                log.log(level, "answering failed for user=%s conversation=%s", user, key, exc_info=True)
                try:
                    reply.send(word(lang, "apology"), notice_blocks(word(lang, "apology")))
                except Exception:
                    log.exception("could not post the apology either (conversation=%s)", key)

    def ask(self, question: str, key: str) -> tuple[dict[str, Any], str]:
        """The answer's JSON, and the button value that finds it again (with what is needed to re-ask)."""
        with self._ask_lock:  # the thread's context is read and written under the lock: a follow-up sent while the
            # answer before it is still computed (its placeholder up) waits for it, and keeps its services
            kept = self.threads.get(key) or {}
            context = Context.from_json(kept)
            answer = self.kb.ask(question, context=context).to_json()
            # the thread's follow-ups keep its services, language and edition (a refused question changes nothing)
            self.threads.put(key, Context.after(answer, context).to_json())
        answer_key = secrets.token_hex(8)
        self.answers.put(answer_key, answer)
        value = json.dumps({"k": answer_key, "q": question, "s": list(context.services)}, ensure_ascii=False)
        if len(value) > BUTTON_VALUE_LIMIT:
            value = json.dumps({"k": answer_key})
        return answer, value

    def recall(self, value: str) -> dict[str, Any] | None:
        """The answer a button belongs to; re-asked (answers are deterministic) if the bot has restarted."""
        data = json.loads(value)
        answer = self.answers.get(data["k"])
        if answer is None and data.get("q"):
            with self._ask_lock:
                answer = self.kb.ask(data["q"], services=data.get("s") or None).to_json()
            self.answers.put(data["k"], answer)
        return answer

    def _repeated(self, event: dict[str, Any]) -> bool:
        return not self.seen.add(f"{event.get('channel')}:{event.get('ts')}", True)

    def _poster(self, client: WebClient, channel: str, thread_ts: str | None) -> tuple[Post, Update]:
        def post(text: str, blocks: list[dict[str, Any]]) -> str:
            response = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks,
                                               unfurl_links=False, unfurl_media=False)
            return str(response["ts"])

        def update(ts: str, text: str, blocks: list[dict[str, Any]]) -> None:
            client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

        return post, update

    # -- serving --------------------------------------------------------------------------------------------

    def http_server(self) -> WSGIServer:
        return http_server(self.app, self.config.port, self.config.signing_secret)

    def socket_mode_handler(self) -> SocketModeHandler:
        return SocketModeHandler(self.app, self.config.app_token)

    def serve(self) -> None:
        if self.config.socket_mode:
            log.info("Socket Mode: connecting to Slack")
            self.socket_mode_handler().start()
            return
        server = self.http_server()
        log.info("HTTP mode: listening on http://%s:%d%s", HOST, server.server_port, PATH)
        try:
            server.serve_forever()
        finally:
            server.server_close()


def _check_webhook(response: Any) -> None:
    if getattr(response, "status_code", 200) != 200:
        raise RuntimeError(f"response_url answered {response.status_code}: {response.body!r}")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = SlackConfig.from_env()
    except SlackConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    kb = KnowledgeBase()
    try:
        bot = SlackBot(config, kb)
    except BoltError as exc:
        print(f"error: Slack rejected SLACK_BOT_TOKEN ({exc}). Reinstall the app or copy the current token.",
              file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot reach the Slack Web API at {config.api_url} ({exc}).", file=sys.stderr)
        return 2
    try:
        kb.ask("Amazon S3 encryption")  # load the index and the model now, so the first question is fast
    except KBError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        bot.serve()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
