"""Small records passed between ingestion, the index and the front ends."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any

from kb.spans import Span


@dataclass(frozen=True)
class SourceDoc:
    """A loaded document: the text chunks are sliced from, plus what a citation needs about it."""

    doc_id: str
    title: str
    lang: str
    path: str
    kind: str  # txt | md | html | pdf
    text: str
    sha256: str
    # Character offset where each PDF page starts in `text` (page n is pages[n-1]); empty otherwise.
    page_starts: tuple[int, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def page_at(self, offset: int) -> int | None:
        """1-based PDF page holding character `offset`, or None for documents without pages (a binary
        search: splitting asks this for every chunk and span, so a linear scan made it quadratic)."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))

    def describe(self) -> dict[str, Any]:
        """Everything but the text, for the index's document list."""
        data = asdict(self)
        data.pop("text")
        data["page_starts"] = list(self.page_starts)
        return data


@dataclass(frozen=True)
class Chunk:
    """A verbatim slice of a source document, keyed by the AWS service its section covers."""

    chunk_id: str
    doc_id: str
    title: str
    lang: str
    section: str  # heading path, " > "-separated
    service_id: str  # catalog id of the top-level service, or "general"
    section_id: str | None  # most specific catalog entry the section matched, if any
    start: int  # character span in the source text: text == source[start:end]
    end: int
    line_start: int | None
    line_end: int | None
    page: int | None
    page_end: int | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        return cls(**data)


@dataclass(frozen=True)
class Hit:
    """A ranked search result."""

    rank: int
    score: float
    chunk: Chunk
    dense_rank: int | None = None
    keyword_rank: int | None = None
    dense_score: float | None = None  # cosine similarity of query and passage

    def to_json(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "title": c.title,
            "lang": c.lang,
            "section": c.section,
            "service_id": c.service_id,
            "section_id": c.section_id,
            "line_start": c.line_start,
            "line_end": c.line_end,
            "page": c.page,
            "text": c.text,
        }


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from one chunk that supports one statement of an answer."""

    n: int
    chunk_id: str
    doc_id: str
    title: str
    lang: str
    section: str
    service_id: str | None
    quote: str
    page: int | None
    line_start: int | None
    line_end: int | None
    section_id: str | None = None  # most specific catalog entry of the cited section
    archived: bool = False
    note: str | None = None  # e.g. that the source is an archived 2016 paper
    span_id: str | None = None  # the quotable span quoted: "<doc_id>:<start>-<end>"
    records: tuple[str, ...] = ()  # ids of the requirement records this quote is evidence of, in this answer
    sections: tuple[str, ...] = ()  # the catalog sections of those records (a general topic's quote may sit
    #                                 under another heading of its document: the 2016 paper's IAM chapter)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["records"] = list(self.records)
        data["sections"] = list(self.sections)
        return data

    @classmethod
    def of(cls, n: int, span: Span, doc: dict[str, Any], records: tuple[str, ...] = ()) -> Citation:
        """The citation of one quotable span; `doc` is the document's entry in the index
        (SourceDoc.describe()). The one way every front end and the review build a citation."""
        meta = doc.get("meta") or {}
        archived = bool(meta.get("archived"))
        return cls(n=n, chunk_id=span.chunk_id, doc_id=span.doc_id, title=doc.get("title", span.doc_id),
                   lang=span.lang, section=span.section, service_id=span.service_id, quote=span.quote,
                   page=span.page, line_start=span.line_start, line_end=span.line_end, section_id=span.section_id,
                   archived=archived,
                   note=f"archived {meta.get('published')} paper; may be out of date" if archived else None,
                   span_id=span.id, records=records)

    def reference(self, lang: str = "en") -> str:
        """One line for a design document, "Title (Korean edition), § Section, line 939", its labels in `lang`
        ("(한국어판)", "(韓文版)") (kb/citation_format.py writes every citation; with the document's facts it
        adds its date)."""
        from kb.citation_format import reference

        return reference(self, None, lang)


@dataclass(frozen=True)
class SectionRef:
    """A catalog section an answer draws on (kb.catalog.Section), by id and display name."""

    id: str
    name: str


@dataclass(frozen=True)
class Context:
    """What a follow-up keeps from the conversation: the previous answer's sections, language, the
    whitepaper edition it quoted, the topics it asked and how it asked (`Context.after(answer)`; topic ids of
    data/topics.yaml, an Answer.ask: "DynamoDB도 해야 하나요?" after "S3 버킷은 암호화해야 하나요?" asks DynamoDB the
    same); JSON-friendly for chat history and Slack."""

    services: tuple[str, ...] = ()
    lang: str | None = None
    edition: str | None = None
    topics: tuple[str, ...] = ()
    ask: str | None = None
    responsibility: str | None = None  # an Answer.responsibility: "Who patches EC2?" then "And RDS?" asks who, of RDS
    question: str | None = None  # the question the last answer answered (Answer.restated or Answer.question): "why?"
    # or "중국어 문서에서는?" asks it again
    does: bool = False  # an Answer.does: "Can we use Security Hub to check HIPAA compliance?" then "那 GuardDuty 呢？"
    # asks what GuardDuty does, not whether it may hold PHI
    records: tuple[str, ...] = ()  # the requirement records the last answer stated: a follow-up on the same
    # services lists what it adds, not those again ("로그 파일 무결성 검증도 켜야 돼?" after the encrypted trail)

    @classmethod
    def after(cls, answer: Answer | dict[str, Any], previous: Context | None = None) -> Context:
        """The conversation's context once `answer` (an Answer or its JSON) is given. A refused answer (`abstained`)
        keeps `previous`, the context it was asked in, when given: a question the documents do not cover ("Azure
        Blob?") does not make the next one ("그럼 로깅은?") lose the service the conversation was about; so does the
        edition after an answer quoting the other edition once ("중국어판에는?": Answer.restated)."""
        data = answer.to_json() if isinstance(answer, Answer) else answer
        if data.get("abstained") and previous is not None:
            return previous
        edition = (previous.edition or data.get("edition")) if data.get("restated") and previous is not None \
            else data.get("edition")
        # (the other edition's words, asked for once, do not change the edition the conversation quotes)
        return cls(tuple(s["id"] for s in data.get("services") or ()), data.get("lang"), edition,
                   tuple(data.get("topics") or ()), data.get("ask"), data.get("responsibility"),
                   data.get("restated") or data.get("question"), bool(data.get("does")),
                   tuple(data.get("records") or ()))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Context:
        """The Context `to_json` gave (a chat's or a Slack thread's stored context; missing keys are empty)."""
        return cls(tuple(data.get("services") or ()), data.get("lang"), data.get("edition"),
                   tuple(data.get("topics") or ()), data.get("ask"), data.get("responsibility"), data.get("question"),
                   bool(data.get("does")), tuple(data.get("records") or ()))

    def to_json(self) -> dict[str, Any]:
        return {"services": list(self.services), "lang": self.lang, "edition": self.edition,
                "topics": list(self.topics), "ask": self.ask, "responsibility": self.responsibility,
                "question": self.question, "does": self.does, "records": list(self.records)}


@dataclass
class Answer:
    """What `ask` returns: the answer text with [n] markers and the citations they point at."""

    question: str
    lang: str
    abstained: bool
    answer: str
    services: list[SectionRef]
    citations: list[Citation]
    latency_ms: float = 0.0
    topics: list[str] = field(default_factory=list)
    not_covered: list[SectionRef] = field(default_factory=list)
    reason: str | None = None  # why the answer abstained
    verdict: str | None = None  # yes | no | recommended | discouraged | optional | conditional | unlisted | unstated
    # | unrequired (none of the records that fit requires it);
    # customer | aws (which party is responsible)
    ask: str | None = None  # how the question asks: permission | necessity | yes-no | None (kb/analysis.py)
    responsibility: str | None = None  # asked who is responsible: "party" (which one: "Who patches EC2?"), "aws"
    # ("Is AWS responsible for ...?"), "asker" ("Are we responsible for ...?"); None otherwise
    does: bool = False  # asked what a service does or can be used for (Analysis.does)
    facets: list[dict[str, Any]] = field(default_factory=list)  # {"section", "topic", "covered", "records"}
    records: list[str] = field(default_factory=list)  # requirement record ids the answer states
    edition: str | None = None  # whitepaper edition quoted ("ko" / "zh"): a follow-up keeps it
    restated: str | None = None  # the conversation's question a follow-up asked again ("why?", "in the Chinese
    # edition?"): what was answered
    # How the text was written: "extractive" (quoted sentences) or "llm" (generated, every sentence
    # verified by kb/llm/verify.py); `model` names the chat model ("openai:gpt-4o-mini"), also when a
    # generated answer fell back to the extractive one (`fallback` then says why: "error", "timeout",
    # "unsupported"). `generated_sentences` counts what the model wrote, `dropped_sentences` what the
    # verifier removed.
    generator: str = "extractive"
    model: str | None = None
    dropped_sentences: int = 0
    generated_sentences: int = 0
    fallback: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "lang": self.lang,
            "abstained": self.abstained,
            "answer": self.answer,
            "services": [asdict(s) for s in self.services],
            "citations": [c.to_json() for c in self.citations],
            "latency_ms": round(self.latency_ms, 2),
            "topics": self.topics,
            "not_covered": [asdict(s) for s in self.not_covered],
            "reason": self.reason,
            "verdict": self.verdict,
            "ask": self.ask,
            "responsibility": self.responsibility,
            "does": self.does,
            "facets": self.facets,
            "records": self.records,
            "edition": self.edition,
            "restated": self.restated,
            "generator": self.generator,
            "model": self.model,
            "dropped_sentences": self.dropped_sentences,
            "generated_sentences": self.generated_sentences,
            "fallback": self.fallback,
        }
