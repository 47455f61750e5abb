"""The chat page: ask in Korean, Chinese or English; every answer quotes the AWS HIPAA whitepaper.

Conversations are kept in the app's database (app/history.py); the page's URL carries the conversation's
id (`?c=...`), so a reload, a bookmark or the sidebar's history brings it back.
"""
from __future__ import annotations

import time
import uuid
from typing import Any

import streamlit as st

from app.export import conversation_markdown
from app.state import get_history, get_store, ready_kb
from app.ui_chat import ask, conversation_after, render_assistant, render_user
from app.ui_common import filter_options
from app.ui_feedback import SOURCE, USER
from kb.core import MAX_QUERY_CHARS
from kb.errors import KBError
from kb.privacy import mask_pii

EXAMPLES = [
    "S3 버킷에 PHI를 저장할 때 암호화는 어떻게 해야 하나요?",
    "ElastiCache for Redis 傳輸加密要怎麼設定？",
    "How must connections to RDS for PostgreSQL carrying PHI be encrypted?",
]
EDITIONS = {"auto": "Auto (the question's language)", "ko": "한국어 (Korean edition)",
            "zh": "中文 (Traditional-Chinese edition)"}
# Short enough to show whole in the one-line box of a 390-pixel-wide phone (checked by tests/test_browser.py).
PLACEHOLDER = "Ask about an AWS service and PHI"
HISTORY_SHOWN = 30
state = st.session_state
state.setdefault("messages", [])
state.setdefault("context_services", [])  # services of the last answered question, for follow-ups
state.setdefault("context", {})  # language, edition, topics, ask of the last answer (kb.records.Context)
state.setdefault("conversation", None)  # the conversation's id in the database (and the URL's ?c=)
# Page-local message ids key the widgets; they keep counting across conversations so no key is reused.
state.setdefault("next_id", 0)


def _add(message: dict[str, Any]) -> dict[str, Any]:
    message["id"] = state.next_id
    message.setdefault("uid", uuid.uuid4().hex)  # stable across reloads: what feedback records point at
    state.next_id += 1
    state.messages.append(message)
    return message


def _reset() -> None:
    state.messages, state.context_services, state.conversation = [], [], None
    st.query_params.clear()


def _open(conversation: str) -> None:
    """Show a stored conversation, with the feedback already given on its answers."""
    try:
        loaded = get_history().load(conversation)
        uids = [m["uid"] for m in loaded.messages if m.get("role") == "assistant" and m.get("uid")]
        ratings = get_store().ratings(SOURCE, uids, USER)
    except KBError as exc:
        state.notice = f"That conversation could not be opened: {exc}"
        _reset()
        return
    state.messages, state.context_services = [], []
    for message in loaded.messages:
        message["feedback"] = ratings.get(message.get("uid", ""))
        _add(message)
        answer = message.get("answer")
        if answer and answer.get("services"):
            state.context_services = [s["id"] for s in answer["services"]]
    state.conversation = conversation
    st.query_params["c"] = conversation
    if loaded.damaged:
        state.notice = (f"{len(loaded.damaged)} damaged message(s) of this conversation could not be read and are "
                        "not shown.")


def _delete() -> None:
    try:
        get_history().delete(state.conversation)
        st.toast("Conversation deleted.", icon=":material/delete:")
    except KBError as exc:
        state.notice = f"The conversation could not be deleted: {exc}"
    _reset()


def _save(message: dict[str, Any]) -> None:
    """Keep the message in the conversation's history; the chat goes on (and says so) if it cannot."""
    if state.conversation is None:
        state.conversation = uuid.uuid4().hex
        st.query_params["c"] = state.conversation
    try:
        message["db_id"] = get_history().add(state.conversation, message)
    except KBError as exc:
        st.warning(f"This conversation is not being saved: {exc}", icon=":material/warning:")


def _queue(question: str) -> None:
    state.pending = question


def _sync_with_url() -> None:
    """Open the conversation the URL names (after a reload or a bookmark); put the current one back into the
    URL when it lost it (coming back from another page)."""
    wanted = st.query_params.get("c")
    if wanted and wanted != state.conversation:
        if get_history().exists(wanted):
            _open(wanted)
        else:
            state.notice = "That conversation is no longer stored (it may have been deleted)."
            _reset()
    elif not wanted and state.conversation:
        st.query_params["c"] = state.conversation


# Streamlit drops a widget's state while another page is shown; keep the settings in plain keys.
SETTINGS = {"restrict": [], "prefer": "auto"}
for name, default in SETTINGS.items():
    if name not in state:
        state[name] = state.get(f"keep_{name}", default)

kb = ready_kb()
if kb is None:
    st.stop()
try:
    _sync_with_url()
except KBError as exc:
    state.notice = f"Saved conversations cannot be read: {exc}"

with st.sidebar:
    st.button("New chat", on_click=_reset, icon=":material/add_comment:", width="stretch", type="primary")
    st.header("Settings")
    labels = filter_options(kb)
    restrict: list[str] = st.multiselect(
        "Restrict to services", options=list(labels), format_func=labels.__getitem__, key="restrict",
        placeholder="All services (type a name: S3, 레디스, 雷迪斯…)",
        help="Questions that name no service are answered for these services.")
    prefer: str = st.selectbox("Preferred source edition", options=list(EDITIONS), format_func=EDITIONS.__getitem__,
                               key="prefer", help="Shown first; other-edition quotes also show this edition's section.")
    for name in SETTINGS:
        state[f"keep_{name}"] = state[name]
    st.header("History")
    # Filled at the end of the run, so a question asked in this run is listed already.
    history_box = st.container()
    st.caption("Answers quote the AWS whitepaper *Architecting for HIPAA Security and Compliance on Amazon Web "
               "Services* (Korean and Chinese editions, 2022-09-28) and related documents, word for word. "
               "No language model writes them. Not legal advice.")



def _render_history() -> None:
    try:
        past = get_history().conversations(HISTORY_SHOWN)
    except KBError as exc:
        past = []
        st.caption(f"History unavailable: {exc}")
    if not past:
        st.caption("Your questions appear here, kept on this computer with personal data masked.")
    for conv in past:
        st.button(conv.title or "(no question)", key=f"conv_{conv.id}", on_click=_open, args=(conv.id,),
                  width="stretch", type="secondary" if conv.id == state.conversation else "tertiary",
                  help=f"Asked {conv.created.replace('T', ' ').rstrip('Z')} UTC")
    if state.conversation and state.messages:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        title = next((m["content"] for m in state.messages if m.get("role") == "user"), "")
        st.download_button("Export conversation", conversation_markdown(title, state.messages, kb.document, stamp),
                           file_name=f"hipaa-guide-{time.strftime('%Y%m%d-%H%M')}.md", mime="text/markdown",
                           on_click="ignore", icon=":material/download:", width="stretch",
                           help="Every question and answer with its citations, as Markdown.")
        st.button("Delete this conversation", on_click=_delete, icon=":material/delete:", width="stretch")


st.title(":material/health_and_safety: HIPAA Guide")
st.caption("How to configure AWS services for PHI, quoted from the AWS HIPAA whitepaper · 한국어 · 中文 · English")
if state.get("notice"):
    st.info(state.pop("notice"), icon=":material/info:")

# Read first (the box is pinned to the bottom wherever it is called) so the examples go as soon as one is asked.
question = st.chat_input(PLACEHOLDER, max_chars=MAX_QUERY_CHARS) or state.pop("pending", None)
# One slot for the examples: the first question's messages replace it at once instead of leaving the old
# buttons on the page while the answer is computed.
examples = st.empty()
if not state.messages and not question:
    with examples.container():
        st.markdown("**Try a question** (Korean, Chinese or English):")
        for i, example in enumerate(EXAMPLES):
            st.button(example, key=f"example_{i}", on_click=_queue, args=(example,))
else:
    examples.empty()

asked = ""
for message in state.messages:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            asked = message["content"]
            render_user(message)
        else:
            render_assistant(kb, message, prefer, asked)

if question and question.strip():
    # Personal data is masked before the question is answered, shown or stored.
    masked = mask_pii(question.strip())
    user = _add({"role": "user", "content": masked, "masked": masked != question.strip()})
    with st.chat_message("user"):
        render_user(user)
    _save(user)
    with st.chat_message("assistant"):
        draft = st.empty()  # a generated answer's draft streams here, then gives way to the verified one
        with st.spinner("Searching the whitepaper…"):
            reply = ask(kb, masked, state.context_services, restrict, prefer, state.context,
                        on_draft=lambda text: draft.markdown(f"_Draft, being checked against the sources:_\n\n{text}"))
        draft.empty()
        _add(reply)
        _save(reply)
        render_assistant(kb, reply, prefer, masked)
    answer = reply.get("answer")
    if answer and answer["services"]:
        state.context_services = [s["id"] for s in answer["services"]]
    if answer and not answer["abstained"]:
        state.context = conversation_after(answer, state.context)

with history_box:
    _render_history()
