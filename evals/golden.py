"""The golden question set: hand-written cases (JSON lines) plus a coverage sweep over the catalog."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kb.catalog import Catalog

GOLDEN = Path(__file__).parent / "golden"

# One question per whitepaper service and language; several phrasings so no single template dominates.
_SWEEP = {
    "ko": ["{name}에 PHI를 저장하거나 처리할 때 지켜야 할 HIPAA 지침은?",
           "{name} 사용 시 PHI는 어떻게 보호해야 하나요?",
           "{name}에서 PHI 암호화 요구 사항이 있나요?"],
    "zh": ["使用 {name} 處理 PHI 時，HIPAA 指引有哪些要求？",
           "{name} 應如何保護 PHI？",
           "{name} 對 PHI 加密有什麼要求？"],
    "en": ["What does the HIPAA guidance say about using {name} with PHI?", "How should PHI be protected in {name}?",
           "What are the PHI encryption requirements for {name}?"],
}


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    question: str
    services: list[str]
    facts: list[list[str]]
    answerable: bool
    kind: str  # depth | unanswerable | coverage
    topic: str = "general"
    see_also: list[str] = field(default_factory=list)
    note: str = ""
    verdict: str | None = None  # yes | no | recommended | discouraged | optional | conditional | unlisted | unstated;
    # customer | aws (which party is responsible)
    context: list[str] = field(default_factory=list)  # the previous question's services (a follow-up)
    not_covered: list[str] = field(default_factory=list)  # topics the answer must say the sections do not cover

    @property
    def split(self) -> str:
        """"tune" (30% of cases, by a hash of the id: stable as cases are added) or "test". Thresholds
        and mechanisms are tuned on the tune split only; the gate and the README report the test split."""
        return "tune" if int(hashlib.sha1(self.id.encode()).hexdigest()[:8], 16) % 10 < 3 else "test"


KINDS = ("depth", "unanswerable", "coverage", "general", "multi-facet", "yes-no", "follow-up", "uncovered-topic")
SPLITS = ("tune", "test", "all")


def read_cases(path: Path, kind: str) -> list[Case]:
    """Cases of one JSON-lines file; a row's own "kind" (facets.jsonl) overrides `kind`."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc})") from exc
        row_kind = raw.get("kind", kind)
        if "kind" in raw and row_kind not in KINDS:
            raise ValueError(f"{path}:{number}: kind must be one of {', '.join(KINDS)}, not {row_kind!r}")
        cases.append(Case(id=raw["id"], lang=raw["lang"], question=raw["question"], services=list(raw["services"]),
                          facts=[list(g) for g in raw["facts"]], answerable=bool(raw["answerable"]), kind=row_kind,
                          topic=raw.get("topic", "general"), see_also=list(raw.get("see_also") or []),
                          note=raw.get("note", ""), verdict=raw.get("verdict"), context=list(raw.get("context") or []),
                          not_covered=list(raw.get("not_covered") or [])))
    return cases


def coverage_cases(catalog: Catalog) -> list[Case]:
    """Every whitepaper service asked about in ko, zh and en, by the name its edition uses."""
    out = []
    for service in catalog.whitepaper_services():
        for lang, templates in _SWEEP.items():
            template = templates[(service.order or 0) % len(templates)]
            question = template.format(name=service.name(lang))
            out.append(Case(id=f"sweep-{service.id}-{lang}", lang=lang, question=question,
                            services=[service.id], facts=[], answerable=True, kind="coverage"))
    return out


def load_cases(catalog: Catalog, folder: Path = GOLDEN, split: str = "all") -> list[Case]:
    """Every case (hand-written depth, facet and unanswerable ones, then the coverage sweep) of `split`."""
    cases = read_cases(folder / "depth.jsonl", "depth") + read_cases(folder / "unanswerable.jsonl", "unanswerable")
    if (folder / "facets.jsonl").exists():
        cases += read_cases(folder / "facets.jsonl", "depth")
    cases += coverage_cases(catalog)
    return [c for c in cases if split == "all" or c.split == split]


def add_case(catalog: Catalog, chunk_texts: dict[str, list[str]], *, lang: str, question: str,
             services: list[str], facts: list[list[str]], answerable: bool, topic: str = "general",
             note: str = "", folder: Path = GOLDEN) -> Case:
    """Append a checked case to the golden set (the feedback loop: a reported bad answer becomes a test).

    `chunk_texts` maps a catalog id to the texts of its chunks; every fact group must have an
    alternative that really is in the expected services' sections, so the case can be passed.
    """
    if lang not in _SWEEP:
        raise ValueError(f"lang must be one of {', '.join(_SWEEP)}")
    if not question.strip():
        raise ValueError("the question is empty")
    for sid in services:
        if catalog.get(sid) is None:
            raise ValueError(f"unknown service id {sid!r} (see `python -m kb services`)")
    if answerable and (not services or not facts):
        raise ValueError("an answerable case needs --service and at least one --fact")
    if not answerable and (services or facts):
        raise ValueError("an unanswerable case takes no --service or --fact")
    for group in facts:
        texts = [t.casefold() for sid in services for t in chunk_texts.get(sid, [])]
        if not any(alt.casefold() in text for alt in group for text in texts):
            raise ValueError(f"fact {group} is not in the sections of {', '.join(services)}: quote the source verbatim")
    path = folder / ("depth.jsonl" if answerable else "unanswerable.jsonl")
    existing = {c.id for c in read_cases(path, "")}
    prefix = f"{services[0]}-{lang}" if answerable else f"un-{lang}"
    number = 1 + max((int(i.rsplit("-", 1)[1]) for i in existing if i.startswith(prefix + "-")
                      and i.rsplit("-", 1)[1].isdigit()), default=0)
    case = Case(id=f"{prefix}-{number:03d}", lang=lang, question=question.strip(), services=services, facts=facts,
                answerable=answerable, kind="depth" if answerable else "unanswerable", topic=topic, note=note)
    row = {"id": case.id, "lang": lang, "question": case.question, "services": services, "topic": topic,
           "facts": facts, "answerable": answerable, "see_also": [], "note": note}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return case
