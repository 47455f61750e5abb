"""The chat's parts: which services a question runs with, and how answers, citations and feedback render."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from app.feedback import Feedback
from app.state import get_store
from app.ui_common import (
    answer_html,
    chunk_of,
    citation_from_json,
    edition,
    lang_name,
    location,
    md_text,
    passage_html,
    section_chunks,
    whitepaper_docs,
)
from kb.core import KnowledgeBase
from kb.errors import KBError


@dataclass
class Plan:
    """The services handed to kb.ask for one question, and what the page says about them."""

    services: list[str]
    note: str | None = None


def plan(kb: KnowledgeBase, question: str, previous: list[str], restrict: list[str]) -> Plan:
    """A question naming a service is answered as asked; one naming none but asking about a topic (a
    follow-up such as "what about logging?") keeps the previous question's services; otherwise the
    sidebar's filter, if any, stands in."""
    analysis = kb.analyzer.analyze(question)

    def names(ids: list[str]) -> str:
        return ", ".join(entry.name(analysis.lang) for i in ids if (entry := kb.catalog.get(i)))

    if analysis.services or analysis.uncovered:
        outside = [s.id for s in analysis.services + analysis.uncovered if restrict and s.id not in restrict]
        if outside:
            return Plan([], f"The question names {names(outside)}, outside the sidebar's service filter "
                            f"({names(restrict)}): answered as asked.")
        return Plan([])
    if analysis.clouds:  # "and on Azure?" must be refused, not answered with the previous AWS service
        return Plan([])
    # Only a follow-up about a topic the guidance covers (logging, backups...) inherits the service: the
    # kb answers whatever services it is given, so "a kimchi stew recipe?" must not come back as S3 advice.
    kept = [s for s in previous if not restrict or s in restrict] if analysis.topics else []
    if kept:
        return Plan(kept, f"Using service {names(kept)} from the previous question.")
    if restrict:
        return Plan(list(restrict), f"Restricted to {names(restrict)} (sidebar filter).")
    return Plan([])


def ask(kb: KnowledgeBase, question: str, previous: list[str], restrict: list[str],
        prefer: str = "auto") -> dict[str, Any]:
    """One assistant message: the answer's JSON, or the error message a user can act on."""
    message: dict[str, Any] = {"role": "assistant", "answer": None, "note": None, "error": None, "feedback": None}
    try:
        p = plan(kb, question, previous, restrict)
        prefer_lang = None if prefer == "auto" else prefer
        message["answer"] = kb.ask(question, services=p.services or None, prefer_lang=prefer_lang).to_json()
        message["note"] = p.note
    except KBError as exc:
        message["error"] = str(exc)
    return message


def render_assistant(kb: KnowledgeBase, message: dict[str, Any], n_sources: int, prefer: str) -> None:
    if message.get("error"):
        st.error(message["error"], icon=":material/error:")
        return
    answer = message["answer"]
    if message.get("note"):
        st.caption(f"↪ {message['note']}")
    if answer["abstained"]:
        # A refusal is a normal outcome: the documents do not cover the question.
        st.info(md_text(answer["answer"]), icon=":material/block:")
        st.caption("No citations: nothing in the documents answers this question.")
    else:
        st.markdown(answer_html(answer["answer"]), unsafe_allow_html=True)  # escaped: see answer_html
        render_citations(kb, answer["citations"], n_sources, prefer)
    st.caption(f"{lang_name(answer['lang'])} · {answer['latency_ms']:.0f} ms")
    render_feedback(message)


def render_citations(kb: KnowledgeBase, citations: list[dict[str, Any]], n_sources: int, prefer: str) -> None:
    # The preferred edition's citations come first; numbering stays that of the answer text.
    ordered = sorted(citations, key=lambda c: (prefer != "auto" and c["lang"] != prefer, c["n"]))
    for data in ordered[:n_sources]:
        render_citation(kb, data, prefer)
    if len(ordered) > n_sources:
        st.caption(f"{len(ordered) - n_sources} more source(s) not shown: raise “Sources shown” in the sidebar.")


def render_citation(kb: KnowledgeBase, data: dict[str, Any], prefer: str) -> None:
    cite = citation_from_json(data)
    where = location(cite.page, cite.line_start, cite.line_end)
    label = f"[{cite.n}] {cite.section} · {lang_name(cite.lang)} · {where}"
    with st.expander(label):
        st.markdown(f"**{cite.title}**  \n{edition(kb, cite.doc_id, cite.lang)} · § {cite.section} · {where}")
        if cite.archived:
            st.warning(cite.note or "This source is an archived paper: check current AWS guidance.",
                       icon=":material/inventory_2:")
        elif cite.note:
            st.caption(cite.note)
        chunk = chunk_of(kb, cite.chunk_id)
        st.html(passage_html(chunk.text if chunk else cite.quote, cite.lang, cite.quote))
        _render_parallel(kb, data, prefer)
        st.caption("Copy citation")
        st.code(f"{cite.reference()}: “{cite.quote}”", language=None, wrap_lines=True)


def _render_parallel(kb: KnowledgeBase, data: dict[str, Any], prefer: str) -> None:
    """The same section in the preferred edition, when the answer quotes the other one."""
    if prefer == "auto" or data["lang"] == prefer or not data.get("section_id"):
        return
    doc_id = whitepaper_docs(kb).get(prefer)
    chunks = section_chunks(kb, doc_id, section_id=data["section_id"]) if doc_id else []
    if not chunks:
        return
    first, last = chunks[0], chunks[-1]
    where = location(first.page, first.line_start, last.line_end)
    st.caption(f"Same section in the {lang_name(prefer)} edition: {first.title}, § {first.section}, {where}")
    st.html(passage_html("\n\n".join(c.text for c in chunks), prefer, height="16rem"))


def render_feedback(message: dict[str, Any]) -> None:
    """Thumbs up/down, then an optional reason and a send button; stored masked, once per answer."""
    idx = message["id"]
    sent = message.get("feedback")
    rating = st.feedback("thumbs", key=f"fb_{idx}", disabled=bool(sent))
    if sent:
        st.caption("Thanks: feedback stored (e-mails, phone numbers and record numbers masked).")
    elif rating is not None:
        st.text_input("Reason (optional)", key=f"fb_reason_{idx}",
                      placeholder="What was wrong or missing? Do not paste patient data.")
        st.button("Send feedback", key=f"fb_send_{idx}", on_click=_send_feedback, args=(idx,))
    if message.get("feedback_error"):
        st.error(message["feedback_error"], icon=":material/error:")


def _send_feedback(idx: int) -> None:
    message = next(m for m in st.session_state.messages if m.get("id") == idx)
    rating = "up" if st.session_state.get(f"fb_{idx}") == 1 else "down"
    reason = st.session_state.get(f"fb_reason_{idx}") or ""
    try:
        get_store().add(Feedback.from_answer(message["answer"], rating, reason=reason, source="streamlit"))
        message["feedback"], message["feedback_error"] = rating, None
    except OSError as exc:
        message["feedback_error"] = f"Feedback could not be saved: {exc}"
