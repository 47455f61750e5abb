"""`python -m evals tune [--write]`: choose the refusal thresholds (min_score, min_keyword,
unanchored_score; kb/calibration.py) for the index's embedder on the tune split of the golden set (the
gate scores the test split). `--write` stores them in data/calibration.yaml under the embedder's name;
the next `python -m kb ingest` carries them into the index (it re-embeds nothing for that).

Only questions that name no catalog service and no other cloud (and are not follow-ups, which take
their conversation's sections) reach the thresholds, so only those are scored: for each pair of
thresholds, the share of answerable ones answered and of unanswerable ones refused. The suggestion
maximises the lower of the two (both targets matter), then the sum, then the margin (how many grid
steps, 0.01 of cosine or 0.5 of BM25, the closest question is from being decided the other way), then
stays nearest the current thresholds: with the few questions of the tune split, a threshold no
question pins down is not moved.
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace

from evals.golden import load_cases
from kb.calibration import FILE, store
from kb.core import KnowledgeBase


def run(write: bool = False) -> int:
    kb = KnowledgeBase()
    current = kb.calibration
    rows = []
    for case in load_cases(kb.catalog, split="tune"):  # never the test split the gate scores
        analysis = kb.analyzer.analyze(case.question)
        if analysis.services or analysis.uncovered or analysis.clouds or case.context:
            continue  # a follow-up takes its conversation's sections: no threshold applies
        hits = kb.search(case.question, k=1)
        dense = hits[0].dense_score or 0.0 if hits else 0.0
        words = kb.searcher.keyword_ranking(case.question, None, 1)
        anchored = bool(analysis.topics or analysis.legal)
        rows.append((dense, words[0][1] if words else 0.0, case.answerable, case.id, anchored))
    if not rows:
        print("No golden question reaches the thresholds.", file=sys.stderr)
        return 1
    n_ans = sum(1 for r in rows if r[2]) or 1
    n_un = sum(1 for r in rows if not r[2]) or 1
    print(f"{sum(1 for r in rows if r[2])} answerable and {sum(1 for r in rows if not r[2])} unanswerable "
          "questions name no service.")
    best = None
    for d_step in range(60, 96):
        for kw in [x / 2 for x in range(0, 31)]:
            t = d_step / 100
            answered = sum(1 for d, k, a, _, _ in rows if a and d >= t and k >= kw) / n_ans
            refused = sum(1 for d, k, a, _, _ in rows if not a and (d < t or k < kw)) / n_un
            key = (min(answered, refused), answered + refused, _margin(rows, t, kw),
                   -abs(t - current.min_score), -abs(kw - current.min_keyword))
            if best is None or key > best[0]:
                best = (key, t, kw, answered, refused)
    assert best is not None
    _, t, kw, answered, refused = best
    print(f"Suggested HIPAA_GUIDE_MIN_SCORE={t:.2f} HIPAA_GUIDE_MIN_KEYWORD={kw:.1f}: answers {answered:.3f} of "
          f"answerable, refuses {refused:.3f} of unanswerable (current {current.min_score:.2f}, "
          f"{current.min_keyword:.1f})")
    # A question with no topic or legal matter either must come closer in meaning: a threshold (>= the
    # dense one) that refuses every unanswerable such question the pair lets through and keeps every
    # answerable one; the current value when it does, else midway between the two groups.
    loose = [r for r in rows if not r[4] and r[1] >= kw and r[0] >= t]
    leaked = [d for d, _, a, _, _ in loose if not a]
    kept = [d for d, _, a, _, _ in loose if a]
    low, high = max([*leaked, t - 0.01]) + 0.01, min(kept, default=1.0)
    u = current.unanchored_score if low <= current.unanchored_score <= high else round(max(t, (low + high) / 2), 2)
    lost = [cid for d, _, a, cid, _ in loose if a and d < u]
    print(f"Suggested HIPAA_GUIDE_UNANCHORED_SCORE={u:.2f} (questions with no topic: refuses every unanswerable "
          f"one; answerable ones it refuses: {', '.join(lost) or 'none'}; current {current.unanchored_score:.2f})")
    for dense, words, answerable, case_id, anchored in sorted(rows):
        kind = "answerable  " if answerable else "unanswerable"
        print(f"    dense {dense:.3f} keyword {words:6.2f} {kind} {'topic   ' if anchored else 'no topic'} {case_id}")
    if write:
        embedder = kb.index.manifest["embedder"]["name"]
        tuned = (f"evals tune, tune split, {time.strftime('%Y-%m-%d')}: {len(rows)} questions naming no service; "
                 f"answers {answered:.3f} of answerable, refuses {refused:.3f} of unanswerable")
        chosen = replace(current, min_score=t, min_keyword=kw, unanchored_score=u, tuned=tuned, source="index")
        path = kb.settings.data_file(FILE)
        store(path, embedder, chosen)
        print(f"Wrote the thresholds for {embedder} to {path}; run `python -m kb ingest` to carry them into the "
              "index.")
    return 0


def _margin(rows: list[tuple[float, float, bool, str, bool]], t: float, kw: float) -> float:
    """Grid steps (0.01 cosine, 0.5 BM25) between the thresholds (t, kw) and the question closest to being
    decided the other way: an answerable one clears both, an unanswerable one misses either."""
    out = float("inf")
    for dense, words, answerable, _, _ in rows:
        over = ((dense - t) / 0.01, (words - kw) / 0.5)
        out = min(out, min(over) if answerable else -min(over))
    return out
