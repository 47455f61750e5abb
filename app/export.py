"""Markdown export of one answer or a whole conversation, for an audit file or a review document: the
question, the answer with its [n] markers, and every citation in the one plain format of
kb.citation_format (title, edition, date, section, line or page, official URL, quote)."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kb import citation_format as cf
from kb.citation_format import DocumentInfo

DocLookup = Callable[[str], DocumentInfo | None]


def answer_markdown(question: str, message: dict[str, Any], document: DocLookup, heading: str = "##") -> str:
    """One exchange: `## Question`, the answer (or refusal, or error) and its sources."""
    lines = [f"{heading} {_one_line(question) or 'Question'}", ""]
    if message.get("error"):
        return "\n".join(lines + [f"*Not answered:* {message['error']}", ""])
    answer = message.get("answer") or {}
    if message.get("note"):
        lines += [f"*{message['note']}*", ""]
    if answer.get("abstained"):
        lines += ["**Not covered by the documents.**", ""]
    # The corpus's in-page links ("[보호](#)") lead nowhere outside it: keep their text.
    lines += [_DEAD_LINK.sub(r"\1", answer.get("answer", "")).strip(), ""]
    citations = answer.get("citations") or []
    if citations:
        lang = answer.get("lang", "en")
        lines += ["**Sources**", ""]
        for cite in citations:
            lines += [cf.markdown(cite, document(cite["doc_id"]), lang), ""]
    return "\n".join(lines)


def conversation_markdown(title: str, messages: list[dict[str, Any]], document: DocLookup, stamp: str) -> str:
    """Every question and its answer, in order, under one title; `stamp` says when it was exported."""
    parts = [f"# {_one_line(title) or 'HIPAA Guide conversation'}", "",
             f"*Exported from HIPAA Guide on {stamp}. Answers quote the documents verbatim; each [n] is listed "
             "under Sources.*", ""]
    question = ""
    for message in messages:
        if message.get("role") == "user":
            question = message.get("content", "")
        else:
            parts.append(answer_markdown(question, message, document))
    return "\n".join(parts).rstrip() + "\n"


_DEAD_LINK = re.compile(r"\[([^\]\n]+)\]\(#\)")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
