"""The web app's pages, run by Streamlit as scripts (app/streamlit_app.py lists them), never imported: a package
so that the import contract (pyproject.toml) checks their imports too."""
