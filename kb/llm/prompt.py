"""The prompt of a generated answer: the (masked) question, its facets and the numbered sources.

The model is asked to answer in the asker's language, to end every sentence with the [n] of the
sources it rests on, and to write the fixed "not covered" sentence (NOT_COVERED) for any part of the
question the sources are silent on. kb/llm/verify.py then checks exactly these rules.
"""
from __future__ import annotations

from collections.abc import Sequence

from langchain_core.prompts import ChatPromptTemplate

from kb.llm.sources import Source

LANG_NAMES = {"ko": "Korean", "zh": "Chinese (the same script as the question: Traditional or Simplified)",
              "en": "English"}
# The sentence that marks a gap; the verifier keeps it without a citation (it asserts nothing).
NOT_COVERED = {
    "en": "Not covered by the sources",
    "ko": "제공된 자료에서 다루지 않음",
    "zh": "所提供的資料未涵蓋",
}

INSTRUCTIONS = """You answer questions from cloud engineers about configuring AWS services for workloads that \
hold protected health information (PHI) under HIPAA. You may use ONLY the numbered sources given; they \
are verbatim quotes of the AWS HIPAA whitepaper and related documents, some with a requirement \
statement written by the reviewing team.

Rules:
1. Write in {lang_name}, whatever the language of the sources.
2. Every sentence ends with the numbers of the sources it rests on, in square brackets, before the \
full stop: "Enable default encryption on the bucket [1]." or "... [2][3]." Cite only numbers listed \
under Sources.
3. Say only what the cited sources say. Copy numbers, versions, ports and AWS setting or API names \
exactly as the sources write them; never add one that the cited source does not contain.
4. Where the sources do not answer part of the question, write one sentence "{not_covered}: <that \
part>." without a number, and do not guess.
5. Short plain sentences; no headings, no introduction, no closing remarks."""

# One human message (instructions first): some servers' chat templates (Gemma's among them) drop a
# system message, and every chat model reads a user turn.
TEMPLATE = INSTRUCTIONS + """

Question: {question}
{facets}
Sources:
{sources}

Answer in {lang_name}, with [n] after every sentence:"""

PROMPT = ChatPromptTemplate.from_messages([("human", TEMPLATE)])


def render_sources(sources: Sequence[Source]) -> str:
    """Each source as a numbered block: kind, language, section, then the statement and the quote."""
    blocks = []
    for s in sources:
        head = f"[{s.n}] {s.kind}, {s.lang}, {s.title + ' > ' if s.title else ''}{s.section}"
        body = [f"Requirement: {s.statement}"] if s.statement else []
        body.append(f"Quote: {' '.join(s.quote.split())}")
        blocks.append("\n".join([head, *body]))
    return "\n\n".join(blocks)


def render_facets(facets: Sequence[str]) -> str:
    """The "service x topic" labels the question asks about, or nothing when it has none."""
    return f"The question is about: {'; '.join(facets)}.\n" if facets else ""


def prompt_inputs(question: str, lang: str, facets: Sequence[str], sources: Sequence[Source],
                  mask: bool = True) -> dict[str, str]:
    """The PROMPT's variables. With `mask`, personal data in the question (e-mail addresses, phone,
    social-security, resident and card numbers, medical record numbers) is replaced by placeholders
    such as [EMAIL] before anything is sent to the model."""
    if mask:
        question = mask_pii(question)
    return {"question": question, "lang_name": LANG_NAMES.get(lang, LANG_NAMES["en"]),
            "not_covered": NOT_COVERED.get(lang, NOT_COVERED["en"]), "facets": render_facets(facets),
            "sources": render_sources(sources)}


def mask_pii(text: str) -> str:
    """The one masking of personal data (kb/privacy.py), applied before a question leaves the machine."""
    from kb.privacy import mask_pii as mask

    return mask(text)
