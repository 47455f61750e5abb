"""One writer at a time, and an index that survives a kill at any step of its swap (issue 15, cases
03 and 04): ingests run as processes of their own (tests/ingest_runner.py, with the fake embedder)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.loaders import user_doc_id
from ingest.pipeline import ingest
from kb.config import Settings
from kb.errors import IndexBusyError
from kb.index import Index
from kb.index_swap import WriterLock, leftovers

from .conftest import DATA, ROOT, run_cli

CASES = DATA / "reliability"  # a.md and b.md of cases 03 and 04 (04's user_doc.md and second.md are the same)


def _quiet(_: str) -> None:
    pass


def _runner(env: Settings, *args: str, extra: dict[str, str] | None = None,
            stderr: object = subprocess.PIPE) -> subprocess.Popen[str]:
    environ = {**os.environ, "HIPAA_GUIDE_DATA_DIR": str(env.data_dir), "HIPAA_GUIDE_INDEX_DIR": str(env.index_dir),
               "HIPAA_GUIDE_EMBEDDER": "fake", "HIPAA_GUIDE_PROGRESS": "false", **(extra or {})}
    return subprocess.Popen([sys.executable, "-m", "tests.ingest_runner", *args], cwd=ROOT, env=environ, text=True,
                            stdout=subprocess.PIPE, stderr=stderr)  # type: ignore[arg-type]


def _wait_for(predicate, what: str, seconds: float = 60) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def docs(tmp_path: Path) -> tuple[Path, Path]:
    own = tmp_path / "own"
    own.mkdir()
    return shutil.copy(CASES / "a.md", own / "a.md"), shutil.copy(CASES / "b.md", own / "b.md")


def test_two_ingests_at_once_keep_both_documents(env: Settings, docs: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = docs
    ingest(env, log=_quiet)
    go = tmp_path / "go"
    first = _runner(env, "ingest", str(a), extra={"HOLD": str(go)})
    _wait_for(lambda: Path(f"{go}.started").exists(), "the first ingest to start embedding")
    err = tmp_path / "second.err"
    with err.open("w") as fh:
        second = _runner(env, "ingest", str(b), stderr=fh)
        _wait_for(lambda: "waiting for it to finish" in err.read_text(), "the second ingest to wait")
        assert first.poll() is None and second.poll() is None
        go.touch()
        out1, _ = first.communicate(timeout=120)
        out2, _ = second.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, 0)
    assert "1 added" in out1 and "1 added" in out2
    assert f"Another ingest (process {first.pid}, since " in err.read_text()
    held = {d["doc_id"] for d in Index.load(env.index_dir).docs}
    assert {user_doc_id(a), user_doc_id(b)} <= held


def test_no_wait_refuses_while_another_ingest_writes(env: Settings, docs: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = docs
    ingest(env, log=_quiet)
    go = tmp_path / "go"
    first = _runner(env, "ingest", str(a), extra={"HOLD": str(go)})
    _wait_for(lambda: Path(f"{go}.started").exists(), "the first ingest to start embedding")
    refused = _runner(env, "ingest", "--no-wait", str(b))
    out, err = refused.communicate(timeout=120)
    go.touch()
    first.communicate(timeout=120)
    assert refused.returncode == 2 and out == ""
    assert err == (f"error: Another ingest (process {first.pid}, since {err.split('since ')[1].split(')')[0]}) "
                   f"is writing the index at {env.index_dir}; run yours when it has finished "
                   "(or without --no-wait, to wait for it).\n")
    held = {d["doc_id"] for d in Index.load(env.index_dir).docs}
    assert user_doc_id(a) in held and user_doc_id(b) not in held


def test_lock_is_one_writer_at_a_time_in_process(settings: Settings) -> None:
    with WriterLock(settings.index_dir):
        with WriterLock(settings.index_dir):  # re-entrant in the same thread
            pass
        out: list[BaseException] = []

        def other() -> None:
            try:
                with WriterLock(settings.index_dir, wait=False):
                    pass
            except BaseException as exc:  # noqa: BLE001
                out.append(exc)

        import threading

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert len(out) == 1 and isinstance(out[0], IndexBusyError)
    with WriterLock(settings.index_dir, wait=False):  # released
        pass


@pytest.mark.parametrize("mode", ["exchange", "two renames"])
def test_a_kill_at_any_step_of_the_swap_leaves_a_loadable_index(env: Settings, docs: tuple[Path, Path],
                                                               tmp_path: Path, mode: str) -> None:
    """What a kill at each step leaves on disk (copied at that step by the runner) still loads, with
    the user's document, and nothing left over; the next ingest goes on from there."""
    a, b = docs
    ingest(env, [a], log=_quiet)  # the user's document, before the interrupted ingest
    snapshots = tmp_path / "snapshots"
    extra = {"SNAPSHOTS": str(snapshots), **({"NO_EXCHANGE": "1"} if mode == "two renames" else {})}
    run = _runner(env, "ingest", str(b), extra=extra)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    steps = sorted(snapshots.iterdir())
    names = [p.name.split("-", 1)[1] for p in steps]
    flushed = names.index(next(n for n in names if n.startswith("after-sync_tree")))
    kinds = [n.split("-")[0] + " " + n.split("-")[1] for n in names[:3] + names[flushed:]]
    swap = ["before exchange", "after exchange", "before rmtree", "after rmtree"] if mode == "exchange" else [
        "before rename", "after rename", "before rename", "after rename", "before rmtree", "after rmtree"]
    assert kinds == ["before write", "after write", "before sync_tree", "after sync_tree", "before swap_in", *swap,
                     "before sync_dir", "after sync_dir", "after swap_in"]
    if mode == "two renames":  # case 04's moment: the index renamed to .index.old, the new one not in place
        assert "after-rename-index-.index.old" in names
    for snapshot in steps:
        folder = snapshot / "index"
        index = Index.load(folder)
        assert user_doc_id(a) in {d["doc_id"] for d in index.docs}, f"lost after a kill at {snapshot.name}"
        assert leftovers(folder) == [], f"left over after a kill at {snapshot.name}"
    for snapshot in (steps[0], steps[len(steps) // 2], steps[-1]):
        report = ingest(replace(env, index_dir=snapshot / "index"), [b], log=_quiet)
        held = {d["doc_id"] for d in Index.load(snapshot / "index").docs}
        assert {user_doc_id(a), user_doc_id(b)} <= held and not report.errors


@pytest.mark.parametrize("mode,step", [("exchange", "after-exchange"),
                                       ("two renames", "after-rename-index-.index.old")])
def test_a_real_kill_mid_swap_releases_the_lock_and_keeps_the_index(env: Settings, docs: tuple[Path, Path],
                                                                    tmp_path: Path, mode: str, step: str) -> None:
    a, b = docs
    ingest(env, [a], log=_quiet)
    extra = {"NO_EXCHANGE": "1"} if mode == "two renames" else {}
    listing = _runner(env, "ingest", str(b), extra={**extra, "SNAPSHOTS": str(tmp_path / "steps")})
    listing.communicate(timeout=120)
    number = next(int(p.name[:3]) for p in sorted((tmp_path / "steps").iterdir()) if p.name[4:].startswith(step))
    b.write_text(b.read_text(encoding="utf-8") + "\n변경된 문단입니다.\n", encoding="utf-8")
    killed = _runner(env, "ingest", str(b), extra={**extra, "KILL_AT": str(number)})
    killed.communicate(timeout=120)
    assert killed.returncode == 9
    # The kernel released the dead writer's lock: the next ingest does not wait, and repairs first.
    again = _runner(env, "ingest", "--no-wait", str(b))
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    held = Index.load(env.index_dir)
    assert {user_doc_id(a), user_doc_id(b)} <= {d["doc_id"] for d in held.docs}
    assert held.texts[user_doc_id(b)] == b.read_text(encoding="utf-8") and leftovers(env.index_dir) == []


def _index_copy(folder: Path, name: str) -> Path:
    target = folder.parent / name
    shutil.copytree(folder, target)
    return target


def test_crash_between_the_two_renames_is_finished_by_the_next_ingest(env: Settings, docs: tuple[Path, Path],
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Case 04 as the old version left it: no index folder, the previous one in .index.old and the new
    (complete) one in a .tmp- folder; the user's file is gone since."""
    a, b = docs
    ingest(env, [a], log=_quiet)
    previous = _index_copy(env.index_dir, "previous")
    ingest(env, [b], log=_quiet)
    _index_copy(env.index_dir, ".index.tmp-k2x9")
    shutil.rmtree(env.index_dir)
    previous.rename(env.index_dir.parent / ".index.old")
    a.unlink()
    code, out, err = run_cli(capsys, "ingest")
    assert code == 0
    assert err.splitlines()[0] == (f"Restored the index at {env.index_dir} from .index.tmp-k2x9 (an ingest was "
                                   "interrupted while swapping it in); removed 1 leftover folder of an interrupted "
                                   "ingest.")
    assert f"warning: {a} is gone; keeping the indexed copy of {user_doc_id(a)}." in err
    held = {d["doc_id"] for d in Index.load(env.index_dir).docs}
    assert {user_doc_id(a), user_doc_id(b)} <= held
    assert leftovers(env.index_dir) == []


def test_only_the_previous_index_left_is_restored_on_load(env: Settings, docs: tuple[Path, Path]) -> None:
    a, _ = docs
    ingest(env, [a], log=_quiet)
    _index_copy(env.index_dir, ".index.old")
    incomplete = _index_copy(env.index_dir, ".index.tmp-half")
    (incomplete / "manifest.json").unlink()  # killed while writing: no manifest yet
    shutil.rmtree(env.index_dir)
    index = Index.load(env.index_dir)  # a reader (kb ask, the app) finds it restored
    assert user_doc_id(a) in {d["doc_id"] for d in index.docs}
    assert env.index_dir.is_dir() and leftovers(env.index_dir) == []


def test_reader_during_a_two_rename_swap_reads_the_previous_index(env: Settings, docs: tuple[Path, Path]) -> None:
    a, _ = docs
    ingest(env, [a], log=_quiet)
    with WriterLock(env.index_dir):  # a writer between its two renames (in another thread: not re-entrant)
        env.index_dir.rename(env.index_dir.parent / ".index.old")
        import threading

        got: list[Index] = []
        thread = threading.Thread(target=lambda: got.append(Index.load(env.index_dir)))
        thread.start()
        thread.join()
        assert user_doc_id(a) in {d["doc_id"] for d in got[0].docs}
        (env.index_dir.parent / ".index.old").rename(env.index_dir)


def test_rebuild_keeps_the_documents_a_user_added(env: Settings, docs: tuple[Path, Path]) -> None:
    a, b = docs
    ingest(env, [a, b], log=_quiet)
    b.unlink()  # its file is gone: the stored copy is kept
    report = ingest(env, rebuild=True, log=_quiet)
    held = {d["doc_id"] for d in Index.load(env.index_dir).docs}
    assert {user_doc_id(a), user_doc_id(b)} <= held and report.kept == [user_doc_id(b)]


def test_damaged_index_is_rebuilt_with_the_documents_it_lists(env: Settings, docs: tuple[Path, Path]) -> None:
    a, _ = docs
    ingest(env, [a], log=_quiet)
    (env.index_dir / "chunks.jsonl").write_text("{not json\n", encoding="utf-8")
    lines: list[str] = []
    report = ingest(env, log=lines.append)
    assert report.written and lines[0].startswith(f"warning: the index at {env.index_dir} cannot be reused (Index at ")
    assert user_doc_id(a) in {d["doc_id"] for d in Index.load(env.index_dir).docs}
