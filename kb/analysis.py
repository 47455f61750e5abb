"""Question analysis: language, the services named (covered or not), other clouds, and topics."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.catalog import Catalog, Service, norm
from kb.lang import detect_lang


@dataclass(frozen=True)
class Topic:
    id: str
    labels: dict[str, str]
    terms: tuple[str, ...]
    evidence_sections: tuple[str, ...] = ()  # general sections that answer this topic for any service

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]


@dataclass
class Analysis:
    lang: str
    services: list[Service] = field(default_factory=list)  # named and covered by the corpus
    uncovered: list[Service] = field(default_factory=list)  # named AWS services the whitepaper lacks
    clouds: list[str] = field(default_factory=list)  # other clouds named
    topics: list[str] = field(default_factory=list)
    subject_uncovered: bool = False  # the first AWS service named is one the whitepaper lacks

    def refuse_outright(self) -> bool:
        """Out of scope before any retrieval: the question is about an uncovered AWS service, or
        names another cloud and no covered AWS service (general topics like the BAA do not count)."""
        if self.subject_uncovered or (self.uncovered and not self.services):
            return True
        return bool(self.clouds) and not any(s.kind != "general" for s in self.services)


class Analyzer:
    """Reads a question with the catalog, the topic lexicon and the out-of-scope list (all data files)."""

    def __init__(self, catalog: Catalog, topics: list[Topic], clouds: dict[str, list[str]],
                 encryption_terms: tuple[str, ...] = ()) -> None:
        self.catalog = catalog
        self.topics = topics
        self.encryption_terms = encryption_terms
        self._clouds = _term_pattern({t: cid for cid, terms in clouds.items() for t in terms})

    @classmethod
    def load(cls, catalog: Catalog, data_dir: Path) -> Analyzer:
        import yaml

        raw = yaml.safe_load((data_dir / "topics.yaml").read_text(encoding="utf-8"))
        topics = [Topic(t["id"], t["labels"], tuple(norm(x) for x in t.get("terms") or ()),
                        tuple(t.get("evidence_sections") or ())) for t in raw["topics"]]
        encryption = tuple(norm(x) for x in raw.get("encryption_terms") or ())
        scope = yaml.safe_load((data_dir / "out_of_scope.yaml").read_text(encoding="utf-8"))
        clouds = {c["name"]: list(c["terms"]) for c in scope["clouds"]}
        return cls(catalog, topics, clouds, encryption)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def topics_of(self, text: str, question: bool = False) -> list[str]:
        """Topic ids whose terms occur in `text`, most occurrences first.

        Plain "encryption" counts as both encryption topics in a question (the asker wants both) and
        as encryption at rest in guidance text (transit guidance names TLS, HTTPS or transit).
        """
        key = norm(text)
        counts = [(sum(key.count(term) for term in t.terms), t.id) for t in self.topics if t.terms]
        found = [tid for n, tid in sorted(counts, key=lambda c: -c[0]) if n > 0]
        encryption = {"encryption-at-rest", "encryption-in-transit"}
        if not encryption & set(found) and any(term in key for term in self.encryption_terms):
            found += ["encryption-at-rest", "encryption-in-transit"] if question else ["encryption-at-rest"]
        return found

    def analyze(self, question: str) -> Analysis:
        result = Analysis(lang=detect_lang(question), topics=self.topics_of(question, question=True))
        key = norm(question)
        cloud_hits = list(self._clouds[0].finditer(key))
        result.clouds = sorted({self._clouds[1][m.group(0)] for m in cloud_hits})
        seen: set[str] = set()
        for entry, start, end in self.catalog.mentions(question):
            # "Oracle" inside "Oracle Cloud" names the cloud, not RDS for Oracle.
            if entry.id in seen or any(m.start() < end and start < m.end() for m in cloud_hits):
                continue
            seen.add(entry.id)
            if entry.kind == "service" and not result.services and not result.uncovered:
                result.subject_uncovered = not entry.covered
            (result.services if entry.covered else result.uncovered).append(entry)
        return result


def _term_pattern(terms: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    table = {norm(t): cid for t, cid in terms.items()}
    parts = []
    for t in sorted(table, key=len, reverse=True):
        esc = re.escape(t)
        if t[0].isascii() and t[0].isalnum():
            esc = r"(?<![0-9a-z])" + esc
        if t[-1].isascii() and t[-1].isalnum():
            esc += r"(?![0-9a-z])"
        parts.append(esc)
    return re.compile("|".join(parts) or r"(?!)"), table
