"""Serving the Bolt app in HTTP mode: Bolt's WSGI adapter on a threaded loopback server, with redacted logs."""
from __future__ import annotations

import logging
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger("hipaa_guide.slack")
HOST = "127.0.0.1"  # a TLS-terminating proxy (or tunnel) in front forwards Slack's requests here
PATH = "/slack/events"


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


def http_server(app: App, port: int) -> WSGIServer:
    """Bolt's WSGI adapter (signature verification included) on 127.0.0.1:port at /slack/events; port 0 picks
    a free one. Call serve_forever() to run it."""
    return make_server(HOST, port, SlackRequestHandler(app, path=PATH), server_class=ThreadingWSGIServer,
                       handler_class=QuietHandler)
