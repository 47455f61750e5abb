"""The one KnowledgeBase per Streamlit server process (st.cache_resource), built on first use if missing."""
from __future__ import annotations

import threading

import streamlit as st

from app.feedback import FeedbackStore
from kb.core import KnowledgeBase
from kb.errors import KBError

# Two browser tabs opening a fresh server at once must not both build the index.
_BUILD_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def get_kb() -> KnowledgeBase:
    """The shared knowledge base; its index and models load on first use and stay loaded."""
    return KnowledgeBase()


@st.cache_resource(show_spinner=False)
def get_store() -> FeedbackStore:
    """The shared feedback store (its lock serialises the sessions' appends)."""
    return FeedbackStore(get_kb().settings.feedback_path)


def _index_exists(kb: KnowledgeBase) -> bool:
    return (kb.settings.index_dir / "manifest.json").exists()


def ready_kb() -> KnowledgeBase | None:
    """The knowledge base with its index loaded, building a missing index with a progress bar.

    Problems are shown in the page with st.error (never a traceback) and give None.
    """
    try:
        kb = get_kb()
        if not _index_exists(kb):
            with _BUILD_LOCK:
                if not _index_exists(kb):
                    _build(kb)
        # Load now, so that a broken or mismatched index is reported here rather than mid-answer.
        kb.index  # noqa: B018
        kb.catalog  # noqa: B018
        return kb
    except KBError as exc:
        st.error(str(exc), icon=":material/error:")
    except Exception as exc:  # disk full, unreadable data folder...: still a message, not a traceback
        st.error(f"The knowledge base could not be opened: {type(exc).__name__}: {exc}", icon=":material/error:")
    return None


def _build(kb: KnowledgeBase) -> None:
    """Run the ingest with a visible progress bar (first start of a fresh clone)."""
    from ingest.pipeline import ingest

    intro = "No index yet: building it from the corpus (first start only; a few minutes on 2 cores)."
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
        report = ingest(kb.settings, log=lambda _line: None, on_progress=on_progress)
    except KBError as exc:
        raise KBError(f"The index is missing and could not be built: {exc}") from exc
    finally:
        bar.empty()
    if report.errors:
        st.warning("The index was built, but some documents could not be read:\n\n"
                   + "\n".join(f"- {err}" for err in report.errors))
    st.success(f"Index built: {report.summary()}.", icon=":material/check_circle:")
