"""A product variant a question names after a covered service ("Amazon Aurora Serverless", "RDS Custom",
"DynamoDB Accelerator") that no document names: the whitepaper's section on the service does not say the variant
is eligible, so an eligibility question about it is answered "the documents do not name it", not "Yes"."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from kb.catalog import Catalog, Section
from kb.editions import editions

# words a question capitalises after a service name that name no variant (acronyms of the subject matter)
_NOT_VARIANT = frozenset({"hipaa", "phi", "ephi", "baa", "aws", "amazon", "pii", "hitech",
                          "service"})  # ("Elasticsearch Service": the service's former name, no variant of it)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_NEXT = re.compile(r"[ \t]+([A-Z][A-Za-z0-9-]*)")  # the capitalised word right after a name ("Aurora Serverless는")


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


class Variants:
    """Finds unnamed variants. `texts`: doc id -> the text of every document of the index. Read-only: shared
    across threads."""

    def __init__(self, catalog: Catalog, texts: dict[str, str]) -> None:
        self.catalog = catalog
        self.texts = texts

    @functools.cached_property
    def _corpus(self) -> str:
        """Every document's text, casefolded, whitespace runs as one space (built on the first question that names
        a capitalised word after a service; two threads may both build it, to the same value)."""
        return " ".join(_spaced(t) for t in self.texts.values())

    def unnamed(self, question: str, sections: Iterable[Section], lang: str, aliases: bool = True
                ) -> tuple[str, str | None] | None:
        """The variant the question names after one of `sections` that no document names: a section's or its
        family's name or alias, then a capitalised word that is no acronym of the subject matter nor a name of
        another catalog entry ("Aurora Serverless", "RDS Custom"), when no document has those words together; or
        such an alias itself ("Aurora Serverless" is one of Aurora's). Returned with the family name it was named
        after, as written ("Amazon RDS" of "Amazon RDS Custom"; None when by the section's own name). None when
        there is none, or when an English question capitalises most of its ordinary words (Title Case: "Is Amazon
        Aurora Eligible For PHI?"). With `aliases` False, only a capitalised word after a name, not an alias the
        catalog gives the section ("Parameter Store" is Systems Manager's: its records on parameter names answer)."""
        if lang == "en" and title_case(question, self.catalog):
            return None
        for section in sections:
            labels, family = _labels(self.catalog, section)
            for start, end in _found(question, labels):
                text = question[start:end]
                base = next((label for label in labels if len(label) < len(text)
                             and _NEXT.match(text, len(label)) and text.casefold().startswith(label.casefold())), None)
                own = {label.casefold() for label in section.labels()}
                if aliases and base is not None and _spaced(text) not in self._corpus \
                        and self._next(question, start + len(base)) \
                        and text.casefold() not in {n.casefold() for n in section.names.values()} \
                        and not (base.casefold() in family and text[len(base):].strip().casefold() in own):
                    # an alias the documents never use: "Aurora Serverless" routes questions to Aurora's section, which
                    # does not name it (not the section's own name, "AWS Transfer Family", nor a name and an engine
                    # the catalog names, "RDS PostgreSQL"; nor the family's name before one of the section's own,
                    # its former name: "Kinesis Data Firehose" is Amazon Data Firehose, trial 67b WRONG "文件沒有提到")
                    return text, (text[:len(base)] if base.casefold() in family else None)
                word = self._next(question, end)
                if word is None or _spaced(f"{text} {word}") in self._corpus:
                    continue
                run = self._run(question, end)
                if aliases or not any(_spaced(run).startswith(_spaced(label)) for label in labels):
                    # (without `aliases`, not another of the section's own names after it: "SSM Parameter Store" is
                    # Systems Manager's, whose records on parameter names answer what is asked of it)
                    return f"{text} {run}", (text if text.casefold() in family else None)
        return None

    def _next(self, text: str, end: int) -> str | None:
        """The capitalised word right after a name ending at `end`, when it is no acronym, no name of another
        catalog entry and does not start a product edition's name."""
        nxt = _NEXT.match(text, end)
        if nxt is None or nxt.group(1).isupper() or nxt.group(1).casefold() in _NOT_VARIANT \
                or self.catalog.mentions(nxt.group(1)) or editions(text[nxt.start(1):nxt.start(1) + 40]):
            return None  # (an acronym, "Amazon Redshift SQL queries", names no variant; a product edition,
            # "QuickSight Standard edition", is one kb/editions.py weighs against the conditions listed)
        return nxt.group(1)

    def _run(self, text: str, end: int, most: int = 3) -> str:
        """The capitalised words (`_next`, at most `most`) right after a name ending at `end`, as written: the whole
        name of the variant ("Parameter Store" of "AWS Systems Manager Parameter Store", not "Parameter")."""
        words: list[str] = []
        while len(words) < most and (word := self._next(text, end)) is not None:
            words.append(word)
            end = text.index(word, end) + len(word)
        return " ".join(words)

    def features(self, text: str, section: Section) -> list[str]:
        """What `text` (a record's English statement) names after `section`'s name, casefolded ("amazon redshift
        spectrum" of "Amazon Redshift Spectrum ... is within the scope of the BAA"): a feature, or a variant."""
        labels, _ = _labels(self.catalog, section)
        return [_spaced(f"{text[start:end]} {word}") for start, end in _found(text, labels)
                if (word := self._next(text, end)) is not None]


def _labels(catalog: Catalog, section: Section) -> tuple[list[str], set[str]]:
    """The ASCII names and aliases of `section` and of its families, longest first; and (casefolded) those that are
    only a family's ("Amazon RDS")."""
    families = {label for fam in catalog.families if section.id in fam.members for label in fam.aliases}
    labels = sorted({label for label in [*section.labels(), *families] if label.isascii()}, key=len, reverse=True)
    return labels, {label.casefold() for label in families} - {label.casefold() for label in section.labels()}


def _found(text: str, labels: list[str]) -> list[tuple[int, int]]:
    """Where `labels` (longest first) occur in `text` as whole words, a longer one's place not taken by a shorter."""
    found: list[tuple[int, int]] = []
    for label in labels:
        for m in re.finditer(rf"(?<![\w@-]){re.escape(label)}(?![\w@-])", text, re.I):
            if not any(s <= m.start() and m.end() <= e for s, e in found):
                found.append(m.span())
    return found


def title_case(question: str, catalog: Catalog) -> bool:
    """Are more than half of an English question's ordinary words (not its first word, not acronyms, not
    words of the catalog names it) capitalised?"""
    named = {w.casefold() for s, _, _ in catalog.mentions(question) for label in s.labels()
             for w in _LATIN_WORD.findall(label)}
    words = [w for w in _LATIN_WORD.findall(question)[1:] if not w.isupper() and w.casefold() not in named]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 > len(words)
