"""A refusal: what the documents are, why the question is outside them (a service with no section, another cloud,
software outside AWS, a legal matter), where to look instead, and the closest sections there are."""
from __future__ import annotations

from collections.abc import Callable

from kb.analysis import Analysis
from kb.catalog import Catalog, Section
from kb.phrases import ELIGIBLE_SERVICES_URL, legal_note, phrase
from kb.records import Answer, SectionRef


def refusal(question: str, a: Analysis, name: Callable[[Section, str], str], closest: list[Section],
            reason: str | None = None) -> Answer:
    """The abstaining Answer for `question` (`name`: a section's display name in a language, Composer.name; `reason`:
    Answer.reason, else read from the analysis: "uncovered-service", "other-cloud", "outside-aws"; names no
    document mentions are said to be so)."""
    sep = phrase(a.lang, "sep")
    parts = [phrase(a.lang, "refuse", why=phrase(a.lang, "documents"))]
    if a.uncovered:
        parts.append(phrase(a.lang, "refuse_uncovered", names=sep.join(s.name(a.lang) for s in a.uncovered)))
        reason = reason or "uncovered-service"
    elif a.clouds:
        parts.append(phrase(a.lang, "refuse_cloud", names=sep.join(a.clouds)))
        reason = reason or "other-cloud"
    elif a.elsewhere:  # (the AWS services running that software are the closest)
        parts.append(phrase(a.lang, "refuse_outside"))
        reason = reason or "outside-aws"
    elif a.unmentioned:  # "문서에 HITRUST 인증 얘기 있나요?"
        parts.append(phrase(a.lang, "refuse_unmentioned", names=sep.join(a.unmentioned)))
    if a.legal:
        parts.append(legal_note(a.lang, a.legal))
    else:
        parts.append(phrase(a.lang, "where_instead", url=ELIGIBLE_SERVICES_URL))
    if closest:
        parts.append(phrase(a.lang, "closest", names=sep.join(name(s, a.lang) for s in closest)))
    return Answer(question=question, lang=a.lang, abstained=True, answer=" ".join(p.strip() for p in parts),
                  services=[], citations=[], topics=a.topics,
                  not_covered=[SectionRef(s.id, s.name(a.lang)) for s in a.uncovered], reason=reason)


def see_also(catalog: Catalog, uncovered: list[Section]) -> list[Section]:
    """The covered sections the catalog names as near the services with no section (catalog `see_also`), once each."""
    out: list[Section] = []
    for s in uncovered:
        for sid in s.see_also:
            near = catalog.get(sid)
            if near is not None and near.covered and near not in out:
                out.append(near)
    return out
