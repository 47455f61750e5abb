"""HIPAA Guide's web app (`streamlit run app/streamlit_app.py`): the chat, Browse by service and Design review.

Its packages (app, kb...) are imported as installed: scripts/setup.sh installs the checkout editable
(`pip install -e .`); `python -m streamlit run app/streamlit_app.py` from the checkout's root also finds them.
Settings: app/.streamlit/config.toml, next to this file, so they apply whatever folder the app is started
from (loopback address only, no usage statistics).
"""
from __future__ import annotations

import streamlit as st

from app import ui_style

st.set_page_config(page_title="HIPAA Guide", page_icon=":material/health_and_safety:", layout="centered")
ui_style.inject()
page = st.navigation([
    st.Page("chat_page.py", title="Chat", icon=":material/forum:", default=True),
    st.Page("pages/1_Browse_by_service.py", title="Browse by service", icon=":material/menu_book:",
            url_path="browse"),
    st.Page("pages/3_Design_review.py", title="Design review", icon=":material/fact_check:", url_path="review"),
])
page.run()
