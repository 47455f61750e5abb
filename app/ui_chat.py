"""The chat's parts: which services a question runs with, and how questions, answers and citations render."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app.export import answer_markdown
from app.ui_common import (
    answer_html,
    cite_anchor,
    md_text,
    passage_html,
    text_html,
    whitepaper_docs,
)
from app.ui_feedback import render_feedback
from kb import citation_format as cf
from kb.core import MAX_QUERY_CHARS, KnowledgeBase
from kb.errors import IndexCorruptError, IndexMismatchError, KBError
from kb.lang import detect_lang
from kb.phrases import language_name
from kb.records import Context


@dataclass
class Plan:
    """The services handed to kb.ask for one question, and what the page says about them."""

    services: list[str]
    note: str | None = None


def plan(kb: KnowledgeBase, question: str, previous: list[str], restrict: list[str]) -> Plan:
    """A question naming a service is answered as asked; one naming none but asking about a topic (a
    follow-up such as "what about logging?") keeps the previous question's services; otherwise the
    sidebar's filter, if any, stands in."""
    analysis = kb.analyze(question)

    def names(ids: list[str]) -> str:
        return ", ".join(entry.name(analysis.lang) for i in ids if (entry := kb.service(i)))

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


def conversation_after(answer: dict[str, Any], conversation: dict[str, Any] | None) -> dict[str, Any]:
    """The chat's conversation once `answer` (JSON, not refused) is given: `Context.after` as JSON, without services
    (`plan` passes those: a follow-up keeps them only when it asks a topic)."""
    return {**Context.after(answer, Context.from_json(conversation or {})).to_json(), "services": []}


def ask(kb: KnowledgeBase, question: str, previous: list[str], restrict: list[str],
        prefer: str = "auto", conversation: dict[str, Any] | None = None,
        on_draft: Callable[[str], None] | None = None) -> dict[str, Any]:
    """One assistant message: the answer's JSON, or an error message a web user can act on in the page.
    `conversation` (`conversation_after` the last answer: its Context as JSON, no services) keeps a
    follow-up in the conversation's edition (when the sidebar says "auto") and, for "KMS?", its language; "why?" or
    "중국어 문서에서는?" asks its question again. With a chat model configured
    (HIPAA_GUIDE_LLM), `on_draft` receives the generated draft as it grows; the message holds the
    verified answer that replaces it."""
    message: dict[str, Any] = {"role": "assistant", "answer": None, "note": None, "error": None}
    if len(question) > MAX_QUERY_CHARS:  # the box stops at the limit; a pasted or scripted text may not
        message["error"] = (f"The question is {len(question):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
                            "Ask about one service or setting at a time, or check a whole template or design "
                            "document on the Design review page.")
        return message
    try:
        p = plan(kb, question, previous, restrict)
        prefer_lang = None if prefer == "auto" else prefer
        conversation = conversation or {}
        edition = None if prefer_lang else conversation.get("edition")
        context = Context.from_json({**conversation, "edition": edition, "services": ()})  # (the services come
        # from `plan`)
        draft = ""
        for part in kb.ask_stream(question, services=p.services or None, prefer_lang=prefer_lang, context=context):
            if isinstance(part, str):
                draft += part
                if on_draft is not None:
                    on_draft(draft)
            else:
                message["answer"] = part.to_json()
        message["note"] = p.note
    except (IndexMismatchError, IndexCorruptError):
        message["error"] = ("The search index no longer matches this version's settings or is damaged. Reload the "
                            "page: the app offers to rebuild it.")
    except KBError as exc:
        message["error"] = str(exc)
    return message


def render_user(message: dict[str, Any]) -> None:
    st.html(text_html(message["content"], detect_lang(message["content"])))
    if message.get("masked"):
        st.caption("Personal data in this question (numbers, e-mail, names after “patient”…) was masked before it "
                   "was answered or saved.")


def render_assistant(kb: KnowledgeBase, message: dict[str, Any], prefer: str, question: str) -> None:
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
        numbers = {c["n"] for c in answer["citations"]}
        st.markdown(answer_html(answer["answer"], answer["lang"], message["id"], numbers),
                    unsafe_allow_html=True)  # escaped: see answer_html
        render_citations(kb, message, prefer)
    st.caption(language_caption(answer))
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        render_feedback(message)
    with right:
        st.download_button("Export answer", answer_markdown(question, message, kb.document),
                           file_name=f"hipaa-guide-answer-{message['id']}.md", mime="text/markdown",
                           key=f"export_{message['id']}", on_click="ignore", icon=":material/download:",
                           help="This question and answer with its citations, as Markdown.")


def language_caption(answer: dict[str, Any]) -> str:
    """What language the answer is written in and which editions it quotes, named in English."""
    parts = [f"Answered in {language_name(answer['lang'], 'en')}"]
    quoted = sorted({c["lang"] for c in answer["citations"]})
    if quoted:
        parts.append("quoting the " + " and ".join(cf.edition_label(lang) for lang in quoted))
    parts.append(f"{answer['latency_ms']:.0f} ms")
    return " · ".join(parts)


def render_citations(kb: KnowledgeBase, message: dict[str, Any], prefer: str) -> None:
    """Every citation of the answer (each [n] in the text has one), in the answer's numbering."""
    answer = message["answer"]
    for cite in answer["citations"]:
        render_citation(kb, cite, answer["lang"], message["id"], prefer)


def render_citation(kb: KnowledgeBase, cite: dict[str, Any], ui_lang: str, message_id: int, prefer: str) -> None:
    doc = kb.document(cite["doc_id"])
    where = cf.locator(cite.get("page"), cite.get("line_start"), cite.get("line_end"), "en", cite.get("page_end"))
    label = f"[{cite['n']}] {cite['section']} · {cf.edition_label(cite['lang'])} · {where}"
    with st.expander(label):
        facts = [doc.edition if doc and doc.edition else cf.edition_label(cite["lang"])]
        if doc and doc.published:
            facts.append(f"published {doc.published}")
        facts += [f"§ {cite['section']}", where]
        head = f"**{md_text(cf.title(cite, doc, ui_lang))}**  \n{md_text(' · '.join(facts))}"
        if doc and doc.url:
            head += f"  \n[Official source]({doc.url})"
        st.markdown(head)
        if cite.get("archived"):
            st.warning(cite.get("note") or "This source is an archived paper: check current AWS guidance.",
                       icon=":material/inventory_2:")
        elif cite.get("note"):
            st.caption(cite["note"])
        chunk = kb.chunk(cite["chunk_id"])
        st.html(passage_html(chunk.text if chunk else cite["quote"], cite["lang"], cite["quote"],
                             anchor=cite_anchor(message_id, cite["n"])))
        _render_parallel(kb, cite, prefer)
        st.caption("Copy citation")
        st.code(cf.copy_text(cite, doc, ui_lang), language=None, wrap_lines=True)


def _render_parallel(kb: KnowledgeBase, cite: dict[str, Any], prefer: str) -> None:
    """The same section in the preferred edition, when the answer quotes the other one."""
    if prefer == "auto" or cite["lang"] == prefer or not cite.get("section_id"):
        return
    doc_id = whitepaper_docs(kb).get(prefer)
    chunks = kb.chunks(doc_id, section_id=cite["section_id"]) if doc_id else []
    if not chunks:
        return
    first, last = chunks[0], chunks[-1]
    where = cf.locator(first.page, first.line_start, last.line_end)
    other = kb.document(doc_id)
    st.caption(f"Same section in the {cf.edition_label(prefer)}: {other.title_in('en') if other else first.title}, "
               f"§ {first.section}, {where}")
    st.html(passage_html("\n\n".join(c.text for c in chunks), prefer, height="16rem"))
