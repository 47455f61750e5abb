"""Serving the Bolt app in HTTP mode: Bolt's WSGI adapter on a threaded loopback server, behind a check of the
request's Slack signature that runs before anything parses the body, with redacted logs."""
from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("hipaa_guide.slack")
HOST = "127.0.0.1"  # a TLS-terminating proxy (or tunnel) in front forwards Slack's requests here
PATH = "/slack/events"
# Slack's event, command and interaction payloads are a few kilobytes; anything far larger is not from Slack.
MAX_BODY_BYTES = 1_000_000


class RedactBodies(logging.Filter):
    """Bolt logs a rejected request's body; a body holds the question, and a question may hold PHI."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "body:" in message:
            record.msg, record.args = message.split("body:", 1)[0] + "body: [redacted])", ()
        return True


REDACT = RedactBodies()


class DropTokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that it is unused next to our client, which holds that token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


DROP_TOKEN_NOTICE = DropTokenNotice()


def redact_bolt_logs() -> None:
    """Idempotent: a logger keeps one copy of a given filter object."""
    logging.getLogger("slack_bolt.RequestVerification").addFilter(REDACT)
    logging.getLogger("slack_bolt.App").addFilter(DROP_TOKEN_NOTICE)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # one thread per request, so a slow client never holds up Slack's next request


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the access log goes to debug, not stderr
        log.debug("%s - %s", self.address_string(), format % args)


StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class SignedOnly:
    """WSGI middleware: a POST to /slack/events reaches Bolt only with a valid, fresh Slack signature.

    Bolt parses the body (and the timestamp header) before it checks the signature, so an unsigned request
    with a truncated body or a non-numeric timestamp made it answer 500 and log a traceback. Here the raw
    body is checked first: unsigned, badly signed, stale or oversized requests get 401/400/413 and one log
    line; a signed request that still fails inside Bolt gets 500 with a plain body (the log has the details)."""

    def __init__(self, app: WSGIApp, signing_secret: str) -> None:
        self.app = app
        self.verifier = SignatureVerifier(signing_secret)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != PATH:
            return self.app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(start_response, 400, "bad request")
        if length < 0 or length > MAX_BODY_BYTES:
            return _plain(start_response, 413, "request too large")
        body = environ["wsgi.input"].read(length) if length else b""
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not (timestamp.isdigit() and signature and self.verifier.is_valid(body, timestamp, signature)):
            log.info("rejected a request without a valid Slack signature (%d bytes)", len(body))
            return _plain(start_response, 401, "invalid request signature")
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        try:
            return list(self.app(environ, start_response))
        except (ValueError, KeyError, TypeError) as exc:  # a signed but malformed payload
            log.warning("signed request with a malformed payload (%s)", type(exc).__name__)
            return _plain(start_response, 400, "malformed payload")
        except Exception:
            log.exception("internal error while handling a signed request")
            return _plain(start_response, 500, "internal error")


def _plain(start_response: StartResponse, status: int, text: str) -> list[bytes]:
    reason = {400: "Bad Request", 401: "Unauthorized", 413: "Payload Too Large", 500: "Internal Server Error"}
    data = json.dumps({"ok": False, "error": text}).encode()
    start_response(f"{status} {reason[status]}", [("Content-Type", "application/json"),
                                                   ("Content-Length", str(len(data)))])
    return [data]


def http_server(app: App, port: int, signing_secret: str) -> WSGIServer:
    """Bolt's WSGI adapter on 127.0.0.1:port at /slack/events behind SignedOnly; port 0 picks a free one.
    Call serve_forever() to run it."""
    handler = SignedOnly(SlackRequestHandler(app, path=PATH), signing_secret)
    return make_server(HOST, port, handler, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
