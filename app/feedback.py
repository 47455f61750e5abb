"""Answer feedback (thumbs up/down) stored as JSON lines, with personal data masked before writing."""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Order matters: the most specific patterns run first so a number is masked once, by its right name.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("MRN", re.compile(r"(?i)(?:\bMRN\b|medical record (?:number|no\.?)|의무\s*기록\s*번호|의료\s*기록\s*번호|"
                       r"환자\s*번호|病歷號碼?|病历号码?|病歷號|病历号)\s*[:#：]?\s*[A-Z]{0,3}[-\d]{4,}")),
    ("RRN", re.compile(r"\b\d{6}\s?-\s?[1-8]\d{6}\b")),  # Korean resident registration number
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("CARD", re.compile(r"\b(?:\d[ -]?){13,16}\b")),
    ("PHONE", re.compile(r"(?<![\w-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])"
                         r"\d{3,4}[ .-]\d{4}(?![\w-])")),
    ("ID", re.compile(r"(?i)\b[A-Z]\d{9}\b")),  # Taiwan national ID
]


def mask_pii(text: str) -> str:
    """Replace e-mail addresses, phone numbers, SSNs, resident numbers, card numbers and medical
    record numbers with placeholders such as [EMAIL]; everything else is kept."""
    for name, pattern in _PATTERNS:
        text = pattern.sub(f"[{name}]", text)
    return text


@dataclass
class Feedback:
    """One rating of one answer, in the shape `python -m evals add-case` needs to make a golden case."""

    rating: str  # "up" | "down"
    question: str
    lang: str
    answer: str
    services: list[str]
    citations: list[str]  # chunk ids, in citation order
    abstained: bool
    reason: str = ""
    source: str = "streamlit"  # streamlit | slack
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    @classmethod
    def from_answer(cls, answer: dict[str, Any], rating: str, reason: str = "", source: str = "streamlit") -> Feedback:
        """From an Answer's JSON (`Answer.to_json()`)."""
        return cls(rating=rating, question=answer["question"], lang=answer["lang"], answer=answer["answer"],
                   services=[s["id"] for s in answer["services"]],
                   citations=[c["chunk_id"] for c in answer["citations"]], abstained=answer["abstained"],
                   reason=reason, source=source)


class FeedbackStore:
    """Appends masked feedback to a JSON-lines file; safe for the threads of one server process."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def add(self, feedback: Feedback) -> dict[str, Any]:
        if feedback.rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {feedback.rating!r}")
        record = asdict(feedback)
        for key in ("question", "answer", "reason"):
            record[key] = mask_pii(record[key])
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
        return record

    def read(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
