"""Knowledge bases of one process opened on the same data files and index share their parts (kb/lazy.py SHARED): a
changed data file or a newly written index is built again, and a missing index is shared by none."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.errors import IndexMissingError
from kb.lazy import Shared, files_digest


@pytest.fixture
def built(settings: Settings) -> Settings:
    settings = replace(settings, min_score=0.2, closest_score=0.3)
    ingest(settings, log=lambda _: None)
    return settings


def test_two_knowledge_bases_on_the_same_files_share_their_parts_and_answer_alike(built: Settings) -> None:
    one, two = KnowledgeBase(built), KnowledgeBase(built)
    first = one.ask("S3 버킷에 PHI 저장할 때 암호화는?").to_json()
    for part in ("catalog", "analyzer", "requirements", "wording", "index", "searcher", "chain"):
        assert getattr(two, part) is getattr(one, part), part
    second = two.ask("S3 버킷에 PHI 저장할 때 암호화는?").to_json()
    assert {k: v for k, v in second.items() if k != "latency_ms"} == {k: v for k, v in first.items()
                                                                     if k != "latency_ms"}


def test_a_changed_data_file_is_read_again_and_the_older_knowledge_base_keeps_its_parts(built: Settings) -> None:
    one = KnowledgeBase(built)
    analyzer, index = one.analyzer, one.index
    asks = built.data_dir / "asks.yaml"
    shipped = built.data_file("asks.yaml")
    asks.write_text(shipped.read_text(encoding="utf-8") + "\n# a comment changes the file\n", encoding="utf-8")
    two = KnowledgeBase(built)
    assert two.analyzer is not analyzer and two.catalog is not one.catalog
    assert two.index is not index  # (the index's parts read the data files too: the chain's analyzer)
    assert one.analyzer is analyzer


def test_a_newly_written_index_is_opened_by_the_next_knowledge_base_and_by_the_one_that_wrote_it(
        built: Settings, tmp_path: Path) -> None:
    reader, writer = KnowledgeBase(built), KnowledgeBase(built)
    before = reader.index
    assert writer.index is before
    doc = tmp_path / "own.md"
    doc.write_text("# Own notes\n\nEvery bucket holding PHI must block public access at the account level.\n",
                   encoding="utf-8")
    assert writer.ingest([doc], log=lambda _: None).written
    after = writer.index
    assert after is not before and len(after.docs) == len(before.docs) + 1
    assert KnowledgeBase(built).index is after
    assert reader.index is before  # (an object keeps what it opened: KnowledgeBase.ingest's contract)


def test_a_missing_index_is_reported_each_time_and_nothing_is_kept(settings: Settings) -> None:
    for _ in range(2):
        with pytest.raises(IndexMissingError):
            KnowledgeBase(settings).ask("S3 encryption?")


def test_the_most_recently_used_parts_are_kept_and_a_failed_build_keeps_nothing() -> None:
    shared = Shared(size=2)
    built = []

    def build(value: str) -> str:
        built.append(value)
        return value

    assert shared.get("a", lambda: build("a")) == "a"
    shared.get("b", lambda: build("b"))
    shared.get("a", lambda: build("a"))  # (a used last: b is the oldest)
    shared.get("c", lambda: build("c"))
    shared.get("a", lambda: build("a"))
    shared.get("b", lambda: build("b"))
    assert built == ["a", "b", "c", "b"]
    with pytest.raises(ZeroDivisionError):
        shared.get("d", lambda: 1 / 0)
    assert shared.get("d", lambda: build("d")) == "d" and built[-1] == "d"


def test_the_files_digest_changes_with_a_name_or_a_content_and_tells_missing_from_empty(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    first = files_digest(folder)
    assert files_digest(folder) == first
    (folder / "a.yaml").write_text("x: 2\n", encoding="utf-8")
    second = files_digest(folder)
    assert second != first
    (folder / "a.yaml").rename(folder / "b.yaml")
    assert files_digest(folder) not in (first, second)
    empty = tmp_path / "empty.json"
    empty.write_text("", encoding="utf-8")
    assert files_digest(empty) != files_digest(tmp_path / "missing.json")
