"""The one KnowledgeBase per Streamlit server process (st.cache_resource), built on first use if missing."""
from __future__ import annotations

import streamlit as st

from kb.core import KnowledgeBase


@st.cache_resource(show_spinner=False)
def get_kb() -> KnowledgeBase:
    """The shared knowledge base; its index and models load on first use and stay loaded."""
    return KnowledgeBase()
