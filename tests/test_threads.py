"""The thread-safety contract of KnowledgeBase (kb/core.py): one instance shared by many threads."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

import kb.core
from ingest.pipeline import ingest
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.lazy import SHARED, once

QUESTIONS = ["S3 버킷에 PHI 저장할 때 암호화는?", "雷迪斯 傳輸加密 要怎麼設定？", "Is Amazon S3 HIPAA eligible?",
             "What's the weather in Boston?", "S3 object names with PHI?", "Redis AUTH"]


@pytest.fixture
def settings_built(settings: Settings) -> Settings:
    settings = replace(settings, min_score=0.2, closest_score=0.3)
    ingest(settings, log=lambda _: None)
    return settings


def test_concurrent_asks_on_a_fresh_instance_build_each_part_once_and_answer_as_alone(
        settings_built: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = {q: KnowledgeBase(settings_built).ask(q).to_json() for q in QUESTIONS}
    loads = []
    real_load = kb.core.Index.load

    def counting_load(*args, **kwargs):
        loads.append(threading.get_ident())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(kb.core.Index, "load", counting_load)
    SHARED.clear()  # (else the instance above lent its parts: test_shared_parts)
    shared = KnowledgeBase(settings_built)
    start = threading.Barrier(8)

    def ask(i: int) -> tuple[str, dict]:
        start.wait()  # every thread reaches the first (lazy) load at the same moment
        q = QUESTIONS[i % len(QUESTIONS)]
        return q, shared.ask(q).to_json()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(ask, range(48)))
    assert len(loads) == 1  # the index is opened once, by one thread
    for q, got in results:
        expected = alone[q]
        assert {k: v for k, v in got.items() if k != "latency_ms"} == \
               {k: v for k, v in expected.items() if k != "latency_ms"}


def test_once_builds_one_value_per_object_under_a_race() -> None:
    calls = []

    class Owner:
        @once
        def part(self) -> object:
            calls.append(1)
            threading.Event().wait(0.05)  # long enough for every thread to arrive while it builds
            return object()

    owner, other = Owner(), Owner()
    start = threading.Barrier(6)

    def read(_: int) -> object:
        start.wait()
        return owner.part

    with ThreadPoolExecutor(max_workers=6) as pool:
        seen = set(map(id, pool.map(read, range(6))))
    assert len(seen) == 1 and len(calls) == 1
    assert other.part is not owner.part and len(calls) == 2


def test_blas_threads_are_limited_once_the_index_is_loaded(settings: Settings) -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    ingest(settings, log=lambda _: None)
    threadpool_limits(2, user_api="blas")  # as a process may have them before
    KnowledgeBase(replace(settings, blas_threads=1)).open()
    blas = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and set(blas) == {1}
