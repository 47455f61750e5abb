"""HIPAA Guide chat: ask in Korean, Chinese or English; every answer quotes the AWS HIPAA whitepaper."""
from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run app/streamlit_app.py` puts app/ on sys.path, not the project root with kb/ and ingest/.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.state import ready_kb  # noqa: E402
from app.ui_chat import ask, render_assistant  # noqa: E402
from app.ui_common import filter_options  # noqa: E402

EXAMPLES = [
    "S3 버킷에 PHI를 저장할 때 암호화는 어떻게 해야 하나요?",
    "ElastiCache for Redis 傳輸加密要怎麼設定？",
    "How must connections to RDS for PostgreSQL carrying PHI be encrypted?",
]
EDITIONS = {"auto": "Auto (the question's language)", "ko": "한국어 (Korean edition)",
            "zh": "中文 (Traditional-Chinese edition)"}

st.set_page_config(page_title="HIPAA Guide", page_icon=":material/health_and_safety:", layout="centered")
state = st.session_state
state.setdefault("messages", [])
state.setdefault("context_services", [])  # services of the last answered question, for follow-ups
# Message ids key the feedback widgets; they keep counting across "New chat" so no key is reused.
state.setdefault("next_id", 0)


def _new_chat() -> None:
    state.messages = []
    state.context_services = []


def _add(message: dict) -> dict:
    message["id"] = state.next_id
    state.next_id += 1
    state.messages.append(message)
    return message


def _queue(question: str) -> None:
    state.pending = question


# Streamlit drops a widget's state while another page is shown; keep the settings in plain keys.
SETTINGS = {"restrict": [], "prefer": "auto", "n_sources": 5}
for name, default in SETTINGS.items():
    if name not in state:
        state[name] = state.get(f"keep_{name}", default)

kb = ready_kb()
if kb is None:
    st.stop()

with st.sidebar:
    st.header("Settings")
    labels = filter_options(kb)
    restrict: list[str] = st.multiselect(
        "Restrict to services", options=list(labels), format_func=labels.__getitem__, key="restrict",
        placeholder="All services (type a name: S3, 레디스, 雷迪斯…)",
        help="Questions that name no service are answered for these services.")
    prefer: str = st.selectbox("Preferred source edition", options=list(EDITIONS), format_func=EDITIONS.__getitem__,
                               key="prefer", help="Shown first; other-edition quotes also show this edition's section.")
    n_sources: int = st.slider("Sources shown", min_value=1, max_value=10, key="n_sources")
    st.button("New chat", on_click=_new_chat, icon=":material/restart_alt:", width="stretch")
    for name in SETTINGS:
        state[f"keep_{name}"] = state[name]
    st.caption("Answers quote the AWS whitepaper *Architecting for HIPAA Security and Compliance on AWS* "
               "(Korean and Chinese editions) and related documents. Not legal advice.")

st.title(":material/health_and_safety: HIPAA Guide")
st.caption("How to configure AWS services for PHI, quoted from the AWS HIPAA whitepaper · 한국어 · 中文 · English")

# Read first (the box is pinned to the bottom wherever it is called) so the examples go as soon as one is asked.
question = st.chat_input("Ask about an AWS service and PHI (한국어 · 中文 · English)") or state.pop("pending", None)
if not state.messages and not question:
    st.markdown("**Try a question:**")
    for i, example in enumerate(EXAMPLES):
        st.button(example, key=f"example_{i}", on_click=_queue, args=(example,))

for message in state.messages:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.text(message["content"])
        else:
            render_assistant(kb, message, n_sources, prefer)

if question:
    _add({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        with st.spinner("Searching the whitepaper…"):
            reply = ask(kb, question, state.context_services, restrict, prefer)
        render_assistant(kb, _add(reply), n_sources, prefer)
    answer = reply.get("answer")
    if answer and answer["services"]:
        state.context_services = [s["id"] for s in answer["services"]]
