"""Writing the index folder safely: one writer at a time, an atomic swap, recovery after a crash.

Beside the index folder `<parent>/<name>` (var/index by default) live:

    .<name>.lock     the writer lock: `fcntl.flock` on it, held by an ingest from start to end (the
                     kernel releases it when its process ends, however it ends: no stale lock)
    .<name>.tmp-*    a new index being written; with no writer holding the lock, a leftover
    .<name>.old      the previous index, only during a two-rename swap (see below)

A new index is written to a `.tmp-` folder (every file flushed to disk, manifest.json last), then
swapped in. On Linux the swap is one `renameat2(RENAME_EXCHANGE)` call: the folder is a complete
index at every instant, old or new. Where the file system cannot exchange (and on other systems) it
is two renames, folder to `.old` then `.tmp-` to folder; a crash between them leaves no folder, and
`recover` (run by the next ingest, or by a load that finds no folder) finishes the swap with the
newest complete index. The lock is POSIX only (fcntl): HIPAA Guide runs on Linux and macOS.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kb.errors import IndexBusyError

MANIFEST = "manifest.json"
_held: dict[tuple[str, int], int] = {}  # (lock file, thread) -> depth: the lock is re-entrant per thread
_held_guard = threading.Lock()


def lock_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock"


def old_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.old"


def tmp_prefix(folder: Path) -> str:
    return f".{folder.name}.tmp-"


class WriterLock:
    """Exclusive right to change the index folder, for one process (and thread) at a time.

    wait=True: when another writer holds it, `log` says who and this blocks until it is free (Ctrl+C
    stops the wait); wait=False: raise IndexBusyError at once. Re-entrant within a thread.
    """

    def __init__(self, folder: Path, *, wait: bool = True, log: Callable[[str], None] | None = None) -> None:
        self.folder = Path(folder)
        self.path = lock_path(self.folder)
        self.wait = wait
        self.log = log or (lambda line: print(line, file=sys.stderr))
        self._fd: int | None = None
        self._key = (str(self.path.resolve()), threading.get_ident())

    def __enter__(self) -> WriterLock:
        import fcntl

        with _held_guard:
            if self._key in _held:
                _held[self._key] += 1
                return self
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                if not self.wait:
                    raise IndexBusyError(f"Another ingest{holder} is writing the index at {self.folder}; run yours "
                                         "when it has finished (or without --no-wait, to wait for it).") from None
                self.log(f"Another ingest{holder} is writing the index at {self.folder}; waiting for it to "
                         "finish (Ctrl+C to stop) ...")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": time.strftime("%Y-%m-%d %H:%M:%S")}).encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        with _held_guard:
            _held[self._key] = 1
        return self

    def __exit__(self, *exc: object) -> None:
        with _held_guard:
            _held[self._key] -= 1
            if _held[self._key]:
                return
            del _held[self._key]
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


def _holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 200, 0) or b"{}")
        return f" (process {int(info['pid'])}, since {info['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def swap_in(tmp: Path, folder: Path) -> None:
    """Make the complete index in `tmp` the index at `folder` and remove the previous one. The
    caller holds the writer lock; `tmp` is a sibling of `folder`."""
    if not folder.exists():
        os.rename(tmp, folder)
    elif _exchange(tmp, folder):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous index
    else:
        old = old_path(folder)
        if old.exists():
            shutil.rmtree(old)
        os.rename(folder, old)
        os.rename(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)
    sync_dir(folder.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False  # this file system (or kernel) cannot exchange: rename twice instead
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def sync_tree(root: Path) -> None:
    """Flush every file and folder under `root` to disk (so a complete manifest means complete files)."""
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        sync_dir(Path(dirpath))


def sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot flush a folder; the files themselves are flushed
    finally:
        os.close(fd)


def _complete(path: Path) -> bool:
    try:
        json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        return True
    except (OSError, ValueError):
        return False


def leftovers(folder: Path) -> list[Path]:
    """The `.tmp-` folders and the `.old` folder beside `folder`."""
    found = [p for p in folder.parent.glob(f"{tmp_prefix(folder)}*") if p.is_dir()] if folder.parent.is_dir() else []
    return found + ([old_path(folder)] if old_path(folder).is_dir() else [])


def recover(folder: Path) -> str | None:
    """Repair what an interrupted swap left (the caller holds the writer lock): with no folder, the
    newest complete `.tmp-` index (the swap was under way) or else `.old` becomes the folder; then
    every leftover is removed. Returns what was done, or None when nothing was left over."""
    folder = Path(folder)
    found = leftovers(folder)
    if not found:
        return None
    done = []
    if not folder.exists():
        complete = sorted((p for p in found if _complete(p)), key=lambda p: (p != old_path(folder), _mtime(p)))
        if complete:
            os.rename(complete[-1], folder)
            sync_dir(folder.parent)
            found.remove(complete[-1])
            done.append(f"restored the index at {folder} from {complete[-1].name} (an ingest was interrupted "
                        "while swapping it in)")
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    if found:
        done.append(f"removed {len(found)} leftover folder{'s' if len(found) != 1 else ''} of an interrupted ingest")
    return "; ".join(done).capitalize() + "." if done else None


def _mtime(path: Path) -> float:
    try:
        return (path / MANIFEST).stat().st_mtime
    except OSError:
        return 0.0


def reading_folder(folder: Path) -> Path:
    """Where to read the index of `folder` from: `folder`, after `recover` when an interrupted ingest
    left folders beside it and no writer is busy; while a writer is between its two renames (no
    folder for a moment), the previous index in `.old`."""
    folder = Path(folder)
    if not leftovers(folder):
        return folder
    try:
        with WriterLock(folder, wait=False):  # re-entrant: an ingest holding it recovers here too
            recover(folder)
        return folder
    except (IndexBusyError, OSError):
        old = old_path(folder)
        return old if not folder.exists() and _complete(old) else folder

