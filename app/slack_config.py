"""Slack bot settings: the one place that reads SLACK_* and PORT from the environment, validated up front."""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from kb.errors import ConfigError

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_PORT = 3000
# Slack signing secrets are hex strings (32 characters today); anything else is a copy-paste mistake.
_SIGNING_SECRET = re.compile(r"[0-9a-fA-F]{16,128}")


class SlackConfigError(ConfigError):
    """A Slack setting is missing or malformed; the message names the variable and the fix."""


@dataclass(frozen=True)
class SlackConfig:
    """Everything the Slack bot needs besides the knowledge base (which reads HIPAA_GUIDE_*)."""

    bot_token: str
    signing_secret: str = ""  # required in HTTP mode only: Socket Mode traffic is not signed
    app_token: str | None = None  # set -> Socket Mode
    api_url: str = DEFAULT_API_URL
    port: int = DEFAULT_PORT  # HTTP mode, on 127.0.0.1; 0 lets the OS pick a free port (tests)
    rate_limit: int = 5  # questions per user ...
    rate_window: float = 60.0  # ... per this many seconds

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    def __post_init__(self) -> None:
        _check_token("SLACK_BOT_TOKEN", self.bot_token, "xoxb-",
                     "the Bot User OAuth Token from OAuth & Permissions")
        if self.app_token is not None:
            _check_token("SLACK_APP_TOKEN", self.app_token, "xapp-",
                         "an app-level token with the connections:write scope from Basic Information")
        elif not self.signing_secret:
            raise SlackConfigError("SLACK_SIGNING_SECRET is not set. HTTP mode verifies every request with it: "
                                   "copy the Signing Secret from Basic Information > App Credentials "
                                   "(or set SLACK_APP_TOKEN to use Socket Mode).")
        if self.signing_secret and not _SIGNING_SECRET.fullmatch(self.signing_secret):
            raise SlackConfigError("SLACK_SIGNING_SECRET looks malformed: Slack's signing secret is a hex string "
                                   "(Basic Information > App Credentials > Signing Secret, not the Client Secret "
                                   "or a token).")
        parsed = urlparse(self.api_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or not self.api_url.endswith("/"):
            raise SlackConfigError(f"SLACK_API_URL={self.api_url!r} must be an http(s) URL ending with '/', "
                                   f"e.g. {DEFAULT_API_URL}")
        if not 0 <= self.port <= 65535:
            raise SlackConfigError(f"PORT={self.port} must be between 1 and 65535 (0 picks a free port).")
        if self.rate_limit < 1 or self.rate_window <= 0:
            raise SlackConfigError("SLACK_RATE_LIMIT must be at least 1 and SLACK_RATE_WINDOW_SECONDS above 0.")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SlackConfig:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        if get("SLACK_CLIENT_ID") and get("SLACK_CLIENT_SECRET"):
            # Bolt reads these itself and would switch to multi-workspace OAuth, ignoring SLACK_BOT_TOKEN.
            raise SlackConfigError("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set: this single-workspace bot "
                                   "uses SLACK_BOT_TOKEN; unset them in its environment.")
        bot_token = get("SLACK_BOT_TOKEN")
        if bot_token is None:
            raise SlackConfigError("SLACK_BOT_TOKEN is not set. Install the app in your workspace and copy the "
                                   "Bot User OAuth Token (xoxb-...) from OAuth & Permissions.")
        api_url = get("SLACK_API_URL") or DEFAULT_API_URL
        # WebClient joins base_url and the method name verbatim, so a missing slash would break every call.
        api_url = api_url if api_url.endswith("/") else api_url + "/"
        return cls(bot_token=bot_token, signing_secret=get("SLACK_SIGNING_SECRET") or "",
                   app_token=get("SLACK_APP_TOKEN"), api_url=api_url,
                   port=_number(get("PORT"), "PORT", int, DEFAULT_PORT),
                   rate_limit=_number(get("SLACK_RATE_LIMIT"), "SLACK_RATE_LIMIT", int, 5),
                   rate_window=_number(get("SLACK_RATE_WINDOW_SECONDS"), "SLACK_RATE_WINDOW_SECONDS", float, 60.0))


_TOKEN_BODY = re.compile(r"[A-Za-z0-9-]+")


def _check_token(name: str, value: str, prefix: str, where: str) -> None:
    # Messages show at most the token's prefix, never the secret part.
    if any(ch.isspace() or ch in "'\"" for ch in value):
        raise SlackConfigError(f"{name} is malformed: it contains spaces or quotes; paste only the token ({where}).")
    if not value.startswith(prefix):
        # Name the kind of token that was given: swapping the bot and app tokens is the usual mistake.
        given = f"a token starting with {value.split('-', 1)[0] + '-'!r}" if "-" in value else "something else"
        raise SlackConfigError(f"{name} is malformed: it must start with {prefix!r} ({where}); got {given}.")
    rest = value[len(prefix):]
    if len(rest) <= 8:
        raise SlackConfigError(f"{name} is malformed: it starts with {prefix!r} but only {len(rest)} character(s) "
                               f"follow; Slack's tokens are much longer. Copy the whole token ({where}).")
    if not _TOKEN_BODY.fullmatch(rest):
        raise SlackConfigError(f"{name} is malformed: after {prefix!r} a token holds only letters, digits and "
                               f"dashes; copy it again ({where}).")


def _number(raw: str | None, name: str, kind: type[int] | type[float], default: int | float) -> int | float:
    if raw is None:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise SlackConfigError(f"{name}={raw!r} is not a number.") from None
