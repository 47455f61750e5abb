"""A small local fake of Slack: the Web API and response URLs (a real HTTP server on 127.0.0.1 recording calls),
and the signed requests Slack sends to an app."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

BOT_TOKEN = "xoxb-1234-5678-fakebottoken"
TEAM_ID, BOT_USER_ID, BOT_ID = "T0001", "UBOT0001", "BBOT0001"
SECRET = "0123456789abcdef0123456789abcdef"


@dataclass
class Call:
    method: str  # Web API method ("chat.postMessage") or "response_url"
    path: str
    token: str | None
    body: dict[str, Any] = field(default_factory=dict)

    def blocks(self, kind: str) -> list[dict[str, Any]]:
        return [b for b in self.body["blocks"] if b["type"] == kind]

    def text(self) -> str:
        """The message's section texts."""
        return "\n".join(b["text"]["text"] for b in self.blocks("section"))

    def button(self, action_id: str) -> str:
        """The value of the message's button `action_id`."""
        return next(e["value"] for b in self.blocks("actions") for e in b["elements"] if e["action_id"] == action_id)


class FakeSlack:
    """Answers like Slack: auth.test, chat.postMessage, chat.update, chat.postEphemeral, apps.connections.open
    and response_url posts; rejects unknown tokens (invalid_auth), updates of messages it never posted
    (message_not_found) and blocks Slack would refuse (invalid_blocks)."""

    def __init__(self, tokens: tuple[str, ...] = (BOT_TOKEN,)) -> None:
        self.tokens = set(tokens)
        self.calls: list[Call] = []
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self.posted: set[tuple[str, str]] = set()  # (channel, ts) of chat.postMessage, for chat.update
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def of(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, where: Callable[[Call], bool] = lambda c: True,
                 timeout: float = 10.0) -> list[Call]:
        """The first `count` calls of `method` matching `where`, waiting up to `timeout` seconds for them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method and where(c)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} {method} call(s) within {timeout} s; got "
                                         f"{[(c.method, c.body.get('text', '')[:60]) for c in self.calls]}")
                self._changed.wait(left)

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _answer(self, method: str, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        if method == "apps.connections.open":
            ok = bool(token and token.startswith("xapp-"))
            return {"ok": True, "url": "ws://127.0.0.1:9/link"} if ok else {"ok": False, "error": "invalid_auth"}
        if token not in self.tokens:
            return {"ok": False, "error": "invalid_auth" if token else "not_authed"}
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "hipaa-guide",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            if not body.get("channel") or (method == "chat.postEphemeral" and not body.get("user")):
                return {"ok": False, "error": "channel_not_found"}
            if not (body.get("text") or body.get("blocks")):
                return {"ok": False, "error": "no_text"}
            if block_errors(body.get("blocks")):
                return {"ok": False, "error": "invalid_blocks", "errors": block_errors(body.get("blocks"))}
            ts = f"1700000{next(self._ts):03d}.000100"
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            self.posted.add((body["channel"], ts))
            return {"ok": True, "channel": body["channel"], "ts": ts, "message": {**body, "ts": ts}}
        if method == "chat.update":
            if (body.get("channel"), body.get("ts")) not in self.posted:
                return {"ok": False, "error": "message_not_found"}
            if block_errors(body.get("blocks")):
                return {"ok": False, "error": "invalid_blocks", "errors": block_errors(body.get("blocks"))}
            return {"ok": True, "channel": body["channel"], "ts": body["ts"], "text": body.get("text", "")}
        return {"ok": False, "error": "unknown_method"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or "{}")
                else:
                    body = dict(parse_qsl(raw))
                    if isinstance(body.get("blocks"), str):
                        body["blocks"] = json.loads(body["blocks"])
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else body.get("token")
                if self.path.startswith("/response/"):
                    fake._record(Call("response_url", self.path, None, body))
                    errors = block_errors(body.get("blocks"))
                    self._send(400 if errors else 200, {"ok": not errors})
                elif self.path.startswith("/api/"):
                    method = self.path.removeprefix("/api/").split("?")[0]
                    fake._record(Call(method, self.path, token, body))
                    self._send(200, fake._answer(method, token, body))
                else:
                    self._send(404, {"ok": False, "error": "not_found"})

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

        return Handler


def block_errors(blocks: list[dict[str, Any]] | None) -> list[str]:
    """What Slack would reject in a message's blocks (the limits this bot can run into)."""
    if not blocks:
        return []
    errors = [f"{len(blocks)} blocks (max 50)"] if len(blocks) > 50 else []
    for i, block in enumerate(blocks):
        texts = [block["text"]["text"]] if block["type"] == "section" else []
        if block["type"] == "context":
            if not 1 <= len(block["elements"]) <= 10:
                errors.append(f"block {i}: {len(block['elements'])} context elements (1-10)")
            texts += [e["text"] for e in block["elements"]]
        if block["type"] == "actions":
            ids = [e["action_id"] for e in block["elements"]]
            if len(set(ids)) != len(ids):
                errors.append(f"block {i}: duplicate action_id")
            errors += [f"block {i}: button value over 2000" for e in block["elements"] if len(e["value"]) > 2000]
        errors += [f"block {i}: text of {len(t)} chars (1-3000)" for t in texts if not 1 <= len(t) <= 3000]
    return errors


@dataclass
class SlackSender:
    """Sends what Slack sends to an app's request URL: events, slash commands and button clicks, signed."""

    url: str  # the app's /slack/events
    response_base: str  # where response_url points (the FakeSlack server)

    def send(self, body: str, form: bool = False, secret: str | None = SECRET, age: float = 0) -> tuple[int, str]:
        """POST `body` signed with `secret` (unsigned when None) `age` seconds ago; returns status and text."""
        headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/json"}
        if secret is not None:
            ts = str(int(time.time() - age))
            digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
            headers |= {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def event(self, **event: Any) -> tuple[int, str]:
        event.setdefault("ts", f"{time.time():.6f}")
        return self.send(json.dumps({"token": "x", "team_id": TEAM_ID, "api_app_id": "A0001", "type": "event_callback",
                                     "event_id": f"Ev{time.monotonic_ns()}", "event_time": int(time.time()),
                                     "event": event}))

    def command(self, text: str, user: str, response: str) -> tuple[int, str]:
        return self.send(urlencode({"token": "x", "team_id": TEAM_ID, "channel_id": "C0001", "user_id": user,
                                    "command": "/hipaa", "text": text, "trigger_id": "1.2.3",
                                    "response_url": f"{self.response_base}/response/{response}"}), form=True)

    def click(self, action_id: str, value: str, user: str, response: str,
              message: dict[str, Any] | None = None) -> tuple[int, str]:
        """A button click; on an ephemeral message unless `message` (the posted message: ts, blocks) is given,
        which Slack sends along for ordinary messages only."""
        container = {"type": "message", "is_ephemeral": message is None}
        payload = {"type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": user}, "api_app_id": "A0001",
                   "channel": {"id": "C0001"}, "container": container,
                   "trigger_id": "1.2.3", "response_url": f"{self.response_base}/response/{response}",
                   "actions": [{"type": "button", "action_id": action_id, "block_id": "hipaa_actions",
                                "value": value, "action_ts": f"{time.time():.6f}"}]}
        if message is not None:
            payload["message"] = {"type": "message", "user": BOT_USER_ID, **message}
            container["message_ts"] = message.get("ts")
        return self.send(urlencode({"payload": json.dumps(payload)}), form=True)
