"""Simplified-Chinese questions against the Traditional corpus (evals/simplified.py): the figures the
script-folding change reported, kept as floors."""
from __future__ import annotations

from evals.simplified import QUESTIONS, measure


def _share(cell: str) -> float:
    hits, cases = cell.split(" ")[0].split("/")
    return int(hits) / int(cases)


def test_simplified_questions_read_like_traditional_ones() -> None:
    figures = measure()
    own = figures[f"own Simplified questions ({len(QUESTIONS)})"]
    assert _share(own["services"]) == 1.0 and _share(own["topic"]) == 1.0
    t2s = next(row for name, row in figures.items() if "OpenCC t2s" in name)
    ceiling = next(row for name, row in figures.items() if "Traditional originals" in name)
    # Script alone changes nothing: a question converted to Simplified is read as its Traditional original.
    assert _share(t2s["same services as Traditional"]) == _share(t2s["same topics as Traditional"]) == 1.0
    for measure_name in ("services", "topic", "keyword hit@1"):
        assert t2s[measure_name] == ceiling[measure_name], measure_name
    assert _share(own["keyword hit@1"]) >= 0.55  # unfiltered BM25 over both editions (19/32 when measured)
