"""Load each file named on the command line with ingest.loaders.load_document, inside limits: address
space LIMIT_MB for the whole process, SECONDS per file. Prints one JSON line per file:
{"path", "outcome": "ok" | "load_error" | "crash" | "timeout" | "memory", "message", "seconds"}.
Run by tests/test_loader_fuzz.py in its own process, so the limits bind nothing else."""
from __future__ import annotations

import json
import resource
import signal
import sys
import time
from pathlib import Path

LIMIT_MB = 2048
SECONDS = 10


class Timeout(BaseException):
    """Raised by the alarm: a BaseException, so no `except Exception` in a parser can swallow it."""


def _alarm(signum: int, frame: object) -> None:
    raise Timeout()


def main(paths: list[str]) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_MB * 2**20, LIMIT_MB * 2**20))
    signal.signal(signal.SIGALRM, _alarm)
    from ingest.loaders import load_document
    from kb.errors import KBError, LoadError

    for path in paths:
        started = time.perf_counter()
        signal.alarm(SECONDS)
        try:
            load_document(Path(path))
            outcome, message = "ok", ""
        except LoadError as exc:
            outcome, message = "load_error", str(exc)
            if "MemoryError" in message:
                outcome = "memory"
        except KBError as exc:
            outcome, message = "crash", f"{type(exc).__name__}: {exc}"
        except Timeout:
            outcome, message = "timeout", f"more than {SECONDS} s"
        except MemoryError:
            outcome, message = "memory", f"more than {LIMIT_MB} MB"
        except Exception as exc:  # a traceback for the user: what the test looks for
            outcome, message = "crash", f"{type(exc).__name__}: {exc}"
        finally:
            signal.alarm(0)
        print(json.dumps({"path": path, "outcome": outcome, "message": message,
                          "seconds": round(time.perf_counter() - started, 3)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
