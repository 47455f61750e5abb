"""The golden question set: hand-written cases (JSON lines) plus a coverage sweep over the catalog."""
from __future__ import annotations

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


def read_cases(path: Path, kind: str) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc})") from exc
        cases.append(Case(id=raw["id"], lang=raw["lang"], question=raw["question"], services=list(raw["services"]),
                          facts=[list(g) for g in raw["facts"]], answerable=bool(raw["answerable"]), kind=kind,
                          topic=raw.get("topic", "general"), see_also=list(raw.get("see_also") or []),
                          note=raw.get("note", "")))
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


def load_cases(catalog: Catalog, folder: Path = GOLDEN) -> list[Case]:
    cases = read_cases(folder / "depth.jsonl", "depth") + read_cases(folder / "unanswerable.jsonl", "unanswerable")
    return cases + coverage_cases(catalog)
