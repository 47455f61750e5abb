"""What one Streamlit server process shares between its sessions (st.cache_resource): the knowledge base,
built on first use if missing, and the database of conversations and feedback."""
from __future__ import annotations

import threading

import streamlit as st

from app.db import Database
from app.feedback import FeedbackStore
from app.history import History
from kb.core import KnowledgeBase
from kb.errors import IndexCorruptError, IndexMismatchError, KBError

# Two browser tabs opening a fresh server at once must not both build the index.
_BUILD_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def get_kb() -> KnowledgeBase:
    """The shared knowledge base; its index and models load on first use and stay loaded."""
    return KnowledgeBase()


@st.cache_resource(show_spinner=False)
def get_db() -> Database:
    """The shared database handle (a path: each operation opens its own connection)."""
    return Database(get_kb().settings.db_path)


def get_store() -> FeedbackStore:
    return FeedbackStore(get_db())


def get_history() -> History:
    return History(get_db())


def ready_kb() -> KnowledgeBase | None:
    """The knowledge base with its index loaded, building a missing index with a progress bar.

    Problems are shown in the page with st.error (never a traceback) and give None.
    """
    try:
        kb = get_kb()
        if not kb.has_index():
            with _BUILD_LOCK:
                if not kb.has_index():
                    _build(kb)
        # Load now, so that a broken or mismatched index is reported here rather than mid-answer.
        return kb.open()
    except (IndexMismatchError, IndexCorruptError) as exc:
        # An index from another version or settings: the page can rebuild it (no command line needed).
        st.error(f"The search index cannot be used: {_first_sentence(exc)}", icon=":material/error:")
        if st.button("Rebuild the index now", icon=":material/build:", type="primary"):
            with _BUILD_LOCK:
                _build(get_kb(), rebuild=True)
            get_kb.clear()  # the next run opens the new index
            st.button("Continue", icon=":material/arrow_forward:")
    except KBError as exc:
        st.error(str(exc), icon=":material/error:")
    except Exception as exc:  # disk full, unreadable data folder...: still a message, not a traceback
        st.error(f"The knowledge base could not be opened: {type(exc).__name__}: {exc}", icon=":material/error:")
    return None


def _first_sentence(exc: Exception) -> str:
    """The error's explanation without its command-line advice (the page offers a button instead)."""
    text = str(exc)
    cut = text.find(" Re-run `")
    cut = cut if cut >= 0 else text.find("; rebuild it with `")
    return (text[:cut] if cut >= 0 else text).rstrip(" .;") + "."


def _build(kb: KnowledgeBase, rebuild: bool = False) -> None:
    """Run the ingest with a visible progress bar (first start of a fresh clone, or a rebuild)."""
    intro = ("Rebuilding the index from the corpus (a few minutes on 2 cores)." if rebuild else
             "No index yet: building it from the corpus (first start only; a few minutes on 2 cores).")
    bar = st.progress(0.0, text=intro)
    step = {"n": 0, "total": -1, "done": -1}

    def on_progress(done: int, total: int) -> None:
        # ingest reports two phases (chunks, then sentences); a new total or a restart is the next one.
        if total != step["total"] or done <= step["done"]:
            step["n"] += 1
        step["total"], step["done"] = total, done
        what = "passages" if step["n"] == 1 else "sentences"
        bar.progress(done / max(total, 1), text=f"{intro} Embedding {what}: {done:,} / {total:,}")

    try:
        report = kb.ingest(rebuild=rebuild, log=lambda _line: None, on_progress=on_progress)
    except KBError as exc:
        raise KBError(f"The index is missing and could not be built: {exc}") from exc
    finally:
        bar.empty()
    if report.errors:
        st.warning("The index was built, but some documents could not be read:\n\n"
                   + "\n".join(f"- {err}" for err in report.errors))
    st.success(f"Index built: {report.summary()}.", icon=":material/check_circle:")
