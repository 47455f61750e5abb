"""HIPAA Guide's web app (`streamlit run app/streamlit_app.py`): the chat, Browse by service and Design review.

Settings: app/.streamlit/config.toml, next to this file, so they apply whatever folder the app is started
from (loopback address only, no usage statistics).
"""
from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run app/streamlit_app.py` puts app/ on sys.path, not the project root with kb/ and ingest/.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import ui_style  # noqa: E402

st.set_page_config(page_title="HIPAA Guide", page_icon=":material/health_and_safety:", layout="centered")
ui_style.inject()
page = st.navigation([
    st.Page("chat_page.py", title="Chat", icon=":material/forum:", default=True),
    st.Page("pages/1_Browse_by_service.py", title="Browse by service", icon=":material/menu_book:",
            url_path="browse"),
    st.Page("pages/3_Design_review.py", title="Design review", icon=":material/fact_check:", url_path="review"),
])
page.run()
