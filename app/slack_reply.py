"""One reply to one question: posted at once when the answer is quick; when it takes longer than a delay, a
"working on it" placeholder first, then the same message updated in place with the answer."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger("hipaa_guide.slack")

Blocks = list[dict[str, Any]]
# post(text, blocks) -> a reference to the posted message (its ts), or None where none is needed (response_url)
Post = Callable[[str, Blocks], Any]
# update(reference, text, blocks): replace the posted message
Update = Callable[[Any, str, Blocks], None]


class Reply:
    """Used by one request thread, plus the timer thread that posts the placeholder; a lock orders the two, so
    the answer always lands in the placeholder if one was posted and is never posted twice."""

    def __init__(self, post: Post, update: Update, delay_s: float, placeholder: tuple[str, Blocks]) -> None:
        self._post, self._update, self._placeholder = post, update, placeholder
        self._lock = threading.Lock()
        self._posted = False  # the placeholder is up
        self._ref: Any = None
        self._done = False
        self._timer = threading.Timer(delay_s, self._show_placeholder)
        self._timer.daemon = True

    def __enter__(self) -> Reply:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()

    def send(self, text: str, blocks: Blocks) -> None:
        """The final message: the placeholder updated in place, or a new message if none was posted."""
        self._timer.cancel()
        with self._lock:
            self._done = True
            if self._posted:
                self._update(self._ref, text, blocks)
            else:
                self._post(text, blocks)

    def _show_placeholder(self) -> None:
        with self._lock:
            if self._done:
                return
            try:
                self._ref = self._post(*self._placeholder)
                self._posted = True
            except Exception:  # the answer will then be posted as a new message
                log.warning("could not post the working-on-it placeholder", exc_info=True)
