"""The facet record: one catalog section x one asked topic of a question, with the requirement records that answer
it, or what stands in for them when none does (pointers, whole sentences, the section's own references)."""
from __future__ import annotations

from dataclasses import dataclass, field

from kb.catalog import Section
from kb.requirements import Requirement
from kb.spans import Span


@dataclass
class Facet:
    """One section x topic of the question. topic None = the question as a whole for the section."""

    section: Section
    topic: str | None
    records: list[Requirement] = field(default_factory=list)
    pointers: list[tuple[Section, Requirement]] = field(default_factory=list)  # when not covered
    quotes: list[Span] = field(default_factory=list)  # whole sentences on the topic no record states
    references: list[Span] = field(default_factory=list)  # the section's own "see X" on the topic (not covered, or
    # covered only by a dated or secondary source)
    section_says: list[Requirement] = field(default_factory=list)  # not covered: what the section does say
    # a "must we?" the section answers only with options ("may"): the topic's rule for every service
    rule: tuple[Section, Requirement] | None = None
    rule_last: bool = False  # ... said after the section's own records: a question asking what the requirements are
    # ("encryption reqs?") is answered from the section first, then the rule its options meet
    # a service asked about as a whole: the question asks what it needs (asks.yaml `whole`: "We record telehealth
    # sessions with Kinesis Video Streams. What do we have to configure?") and its specific words pin no record
    # down (_pinned), or it has no specific words at all
    whole: bool = False
    # asked who is responsible for the service (on the facet's topic), which neither its section nor a section
    # assigning parties for the services it names speaks for (kb/parties.py): said so, with the shared responsibility
    # model for every service as its pointers
    party_unsaid: bool = False

    @property
    def covered(self) -> bool:
        return bool(self.records or self.quotes)

    def as_json(self) -> dict:
        """What an Answer records of the facet (Answer.facets): section and topic ids, covered, record ids."""
        return {"section": self.section.id, "topic": self.topic, "covered": self.covered,
                "records": [r.id for r in self.records], "pointers": [r.id for _, r in self.pointers]}
