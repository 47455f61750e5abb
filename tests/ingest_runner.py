"""Run `python -m kb ARGS` in a process of its own with the tests' fake embedder, for the tests of
concurrent ingests and of crashes during the index swap (tests/test_index_swap.py). Environment:

- KILL_AT=N: die (os._exit(9), like `kill -9`: no cleanup) at the Nth step of writing and swapping
  in the index: before and after writing the new index, flushing it, and each exchange, rename,
  removal and folder flush;
- SNAPSHOTS=DIR: at every such step, copy the index folder and what lies beside it (.index.*) to
  DIR/NNN-what (what a kill there would leave on disk), and print the steps;
- NO_EXCHANGE=1: the file system "cannot exchange", so the swap takes its two renames;
- HOLD=PATH: once embedding starts, create PATH.started and wait until PATH exists.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from kb import embeddings, index, index_swap
from kb.cli import main
from tests.conftest import FakeEmbeddings

_steps = 0


def _step(what: str) -> None:
    global _steps
    _steps += 1
    snapshots = os.environ.get("SNAPSHOTS")
    if snapshots:
        folder = Path(os.environ["HIPAA_GUIDE_INDEX_DIR"])
        target = Path(snapshots) / f"{_steps:03d}-{what}"
        target.mkdir(parents=True)
        for path in folder.parent.iterdir():
            if path == folder or path.name.startswith(f".{folder.name}."):
                if path.is_dir():
                    shutil.copytree(path, target / path.name)
                else:
                    shutil.copy(path, target / path.name)
    if _steps == int(os.environ.get("KILL_AT", "0")):
        os._exit(9)


def _counted(fn, name: str):  # noqa: ANN001, ANN202 - wraps any callable
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        shown = "-".join(Path(str(a)).name for a in args if isinstance(a, (str, Path)))[:60]
        _step(f"before-{name}-{shown}")
        result = fn(*args, **kwargs)
        _step(f"after-{name}-{shown}")
        return result
    return wrapper


class _HeldEmbeddings(FakeEmbeddings):
    def _encode(self, texts: list[str], is_query: bool):  # noqa: ANN202
        hold = os.environ.get("HOLD")
        if hold and not is_query:
            Path(hold + ".started").touch()
            while not Path(hold).exists():
                time.sleep(0.05)
        return super()._encode(texts, is_query)


def _install() -> None:
    fake = _HeldEmbeddings()
    embeddings.FACTORIES["fake"] = lambda batch_size: fake
    if os.environ.get("KILL_AT") or os.environ.get("SNAPSHOTS"):
        index.sync_tree = _counted(index.sync_tree, "sync_tree")
        index.Index._write = _counted(index.Index._write, "write")
        index_swap.swap_in = _counted(index_swap.swap_in, "swap_in")
        index.swap_in = index_swap.swap_in
        index_swap._exchange = _counted(index_swap._exchange, "exchange")
        index_swap.sync_dir = _counted(index_swap.sync_dir, "sync_dir")
        index_swap.os.rename = _counted(os.rename, "rename")
        index_swap.shutil.rmtree = _counted(shutil.rmtree, "rmtree")
    if os.environ.get("NO_EXCHANGE"):
        index_swap._exchange = lambda a, b: False


if __name__ == "__main__":
    _install()
    sys.exit(main(sys.argv[1:]))
