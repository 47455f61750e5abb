"""Members of a service family named by the family's name ("RDS": the five RDS engines' sections) often say the same
thing in the same words, each of itself ("Encrypt Amazon RDS for MariaDB databases with keys you manage in AWS KMS",
"... for MySQL ..."): an answer lists such a record once, under the first member that has it, and says which members
say the same, instead of repeating it per engine (trials 59, 60e, 60h: "RDS backup and DR" listed one encryption
record three times)."""
from __future__ import annotations

import re
from collections.abc import Iterable

from kb.facet import Facet
from kb.requirements import Requirement


def _said(record: Requirement, names: Iterable[str]) -> str:
    """The record's English statement with its section's names written as one mark: what it says of whichever member
    it is a record of."""
    text = record.statement["en"]
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", "§", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip().casefold()


def collapse(facets: list[Facet], members: set[str]) -> tuple[list[Facet], dict[str, list[str]]]:
    """`facets` with the records of a member of `members` (section ids named by their family's name) left out when an
    earlier member's facet on the same topic lists one saying the same of itself (`_said`), and a member's facet left
    out when nothing of it is left; with, per first member (section id), the members found to say the same as it, in
    order; so is a member's facet silent on a topic an earlier member is silent on too. Facets of other sections are
    kept as they are."""
    seen: dict[tuple[str | None, str], str] = {}  # (topic, what it says) -> the member that listed it first
    same: dict[str, list[str]] = {}
    out: list[Facet] = []
    for f in facets:
        if f.section.id in members and not f.covered and f.topic is not None:  # silent on a topic: said once too
            first = seen.setdefault((f.topic, ""), f.section.id)
            if first != f.section.id:
                if f.section.id not in same.setdefault(first, []):
                    same[first].append(f.section.id)
                continue
        if f.section.id not in members or not f.records:
            out.append(f)
            continue
        labels = [*f.section.names.values(), *f.section.aliases]
        kept = []
        for r in f.records:
            key = (f.topic, _said(r, labels))
            first = seen.setdefault(key, f.section.id)
            if first == f.section.id:
                kept.append(r)
            elif f.section.id not in same.setdefault(first, []):
                same[first].append(f.section.id)
        f.records = kept
        if kept:  # (one whose records all said the same is left out with its rule and pointers: an earlier member's
            out.append(f)  # facet on the topic has them)
    return out, {k: v for k, v in same.items() if v}
