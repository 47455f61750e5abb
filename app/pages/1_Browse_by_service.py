"""Browse by service: one service's whitepaper section in the Korean and Chinese editions, side by side."""
from __future__ import annotations

import streamlit as st

from app.state import ready_kb
from app.ui_common import chunk_reference, lang_name, passage_html, service_label, whitepaper_docs

st.set_page_config(page_title="Browse by service · HIPAA Guide", page_icon=":material/menu_book:", layout="wide")
kb = ready_kb()
if kb is None:
    st.stop()

st.title(":material/menu_book: Browse by service")
st.caption("Read a service's section of the AWS HIPAA whitepaper in the Korean and Chinese editions, side by side.")

services = kb.whitepaper_services()
ids = [s.id for s in services]
labels = {s.id: f"{s.order}. {service_label(s)}" for s in services}
# Open on the service the chat last answered about, if there is one.
recent = [i for i in st.session_state.get("context_services", []) if i in labels]
service_id: str = st.selectbox("Service", options=ids, format_func=labels.__getitem__,
                               index=ids.index(recent[0]) if recent else 0, key="browse_service")

docs = whitepaper_docs(kb)
editions = [lang for lang in ("ko", "zh") if lang in docs] or sorted(docs)
if not editions:
    st.info("The index holds no whitepaper edition split by service.", icon=":material/info:")
    st.stop()

for column, lang in zip(st.columns(len(editions), gap="medium"), editions, strict=True):
    with column:
        doc_id = docs[lang]
        chunks = kb.chunks(doc_id, service_id=service_id)
        doc = kb.document(doc_id)
        st.subheader(f"{lang_name(lang)} · {kb.service(service_id).name(lang)}")
        if doc is not None:
            about = [doc.title, doc.edition or lang_name(lang), doc.published or ""]
            link = f" · [official source]({doc.url})" if doc.url else ""
            st.caption(" · ".join(a for a in about if a) + link)
        if not chunks:
            st.info(f"The {lang_name(lang)} edition has no section for this service.", icon=":material/info:")
        section = None
        for chunk in chunks:
            if chunk.section != section:  # a subsection heading (encryption, authentication...)
                section = chunk.section
                st.markdown(f"**§ {section}**")
            st.html(passage_html(chunk.text, lang, height="none"))
            st.caption(chunk_reference(kb, chunk))
