"""The numbered sources a generated answer may cite: verbatim quotes, optionally with a team statement."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kb.records import Citation


@dataclass(frozen=True)
class Source:
    """One numbered source shown to the model and checked by the verifier.

    n          the number the answer cites as [n] (the Citation's n, so markers need no renumbering)
    kind       "requirement" (a team-written `statement` backed by the verbatim `quote`) or "passage"
               (the verbatim `quote` alone)
    lang       language of the quote ("ko", "zh", "en"); the statement may be in any language
    section    the document's section path, " > "-separated
    quote      verbatim text of the source document
    statement  the requirement as the team wrote it, for kind "requirement"; else None
    title      the document's title (shown to the model, for context only)
    """

    n: int
    kind: str
    lang: str
    section: str
    quote: str
    statement: str | None = None
    title: str = ""

    def evidence(self) -> list[str]:
        """The texts a sentence citing this source may rest on: the quote, then the statement."""
        return [self.quote] + ([self.statement] if self.statement else [])


def from_citations(citations: Iterable[Citation], statements: dict[int, str] | None = None) -> list[Source]:
    """Sources for an answer's citations, numbered as the citations are. `statements` maps a citation
    number to the team-written requirement that citation backs (kind "requirement"); the others are
    plain passages."""
    statements = statements or {}
    return [Source(n=c.n, kind="requirement" if c.n in statements else "passage", lang=c.lang, section=c.section,
                   quote=c.quote, statement=statements.get(c.n), title=c.title) for c in citations]
