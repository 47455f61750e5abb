"""The chat's feedback: one click on a thumb stores it (masked, in the app's database); a reason can be
added after; clicking the other thumb changes the same record, clicking the chosen one again withdraws it."""
from __future__ import annotations

from typing import Any

import streamlit as st

from app.feedback import REASON_LIMIT, Feedback
from app.state import get_store
from kb.errors import KBError

SOURCE = "streamlit"
USER = "local"  # the chat is single-user (loopback only): one rating per answer
THUMBS = {1: "up", 0: "down"}
WORDS = {"up": "helpful", "down": "not helpful"}


def render_feedback(message: dict[str, Any]) -> None:
    idx = message["id"]
    sent = message.get("feedback") or {}
    default = {v: k for k, v in THUMBS.items()}.get(sent.get("rating", ""))
    st.feedback("thumbs", key=f"fb_{idx}", default=default, on_change=_on_thumb, args=(idx,))
    if sent.get("rating"):
        reason = " with your reason" if sent.get("reason") else ""
        st.caption(f"Thanks: feedback stored, rated {WORDS[sent['rating']]}{reason} (personal data masked).")
        st.text_input("Reason (optional)", key=f"fb_reason_{idx}", value=sent.get("reason", ""),
                      max_chars=REASON_LIMIT, placeholder="What was wrong or missing? No patient data, please.",
                      on_change=_on_reason, args=(idx,))
        st.button("Send reason", key=f"fb_send_{idx}", on_click=_on_reason, args=(idx,),
                  type="tertiary", icon=":material/send:")
    if message.get("feedback_error"):
        st.error(message["feedback_error"], icon=":material/error:")


def _message(idx: int) -> dict[str, Any]:
    return next(m for m in st.session_state.messages if m.get("id") == idx)


def _on_thumb(idx: int) -> None:
    message = _message(idx)
    value = st.session_state.get(f"fb_{idx}")
    key = message["uid"]  # which answer a record rates: a random id given when it was asked
    try:
        if value is None:
            get_store().withdraw(SOURCE, key, USER)
            message["feedback"], message["feedback_error"] = None, None
            return
        reason = (message.get("feedback") or {}).get("reason", "")
        _save(message, THUMBS[value], reason, key)
    except (KBError, OSError) as exc:
        message["feedback_error"] = f"Feedback could not be saved: {exc}"


def _on_reason(idx: int) -> None:
    message = _message(idx)
    sent = message.get("feedback") or {}
    if not sent.get("rating"):
        return
    reason = str(st.session_state.get(f"fb_reason_{idx}") or "")[:REASON_LIMIT]
    try:
        _save(message, sent["rating"], reason, message["uid"])
    except (KBError, OSError) as exc:
        message["feedback_error"] = f"Feedback could not be saved: {exc}"


def _save(message: dict[str, Any], rating: str, reason: str, key: str) -> None:
    record = get_store().save(Feedback.from_answer(message["answer"], rating, reason=reason, source=SOURCE,
                                                   message_key=key, user_key=USER))
    message["feedback"] = {"rating": rating, "reason": record["reason"]}
    message["feedback_error"] = None
