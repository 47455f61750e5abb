"""`python -m evals tune [--write]`: choose the refusal thresholds (min_score, min_keyword,
unanchored_score; kb/calibration.py) for the index's embedder on the tune split of the golden set (the
gate scores the test split). `--write` stores them in data/calibration.yaml under the embedder's name;
the next `python -m kb ingest` carries them into the index (it re-embeds nothing for that).

Only questions that name no catalog service and no other cloud reach the thresholds, so only those
are scored: for each pair of thresholds, the share of answerable ones answered and of unanswerable
ones refused. The suggestion maximises the lower of the two (both targets matter), then the sum,
then prefers the loosest thresholds (fewest answerable questions put at risk).
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
        if analysis.services or analysis.uncovered or analysis.clouds:
            continue
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
            key = (min(answered, refused), answered + refused, -t, -kw)
            if best is None or key > best[0]:
                best = (key, t, kw, answered, refused)
    assert best is not None
    _, t, kw, answered, refused = best
    print(f"Suggested HIPAA_GUIDE_MIN_SCORE={t:.2f} HIPAA_GUIDE_MIN_KEYWORD={kw:.1f}: answers {answered:.3f} of "
          f"answerable, refuses {refused:.3f} of unanswerable (current {current.min_score:.2f}, "
          f"{current.min_keyword:.1f})")
    # A question with no topic or legal matter either must come closer in meaning: the loosest
    # threshold (>= the dense one) that refuses every unanswerable such question the pair lets through.
    loose = [r for r in rows if not r[4] and r[1] >= kw and r[0] >= t]
    leaked = [d for d, _, a, _, _ in loose if not a]
    u = max(t, round(max(leaked) + 0.01, 2)) if leaked else t
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
