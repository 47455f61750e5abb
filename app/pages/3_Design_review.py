"""Design review: upload (or paste) a template or design document and read the cited HIPAA review."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import streamlit as st

from app.state import get_kb
from app.ui_common import web_markdown
from kb.errors import KBError, ReviewInputError
from kb.review import render_markdown, to_sarif

UPLOAD_TYPES = ["yaml", "yml", "json", "template", "tf", "md", "markdown", "txt"]
PASTE_KINDS = {"CloudFormation (YAML)": ".yaml", "CloudFormation (JSON)": ".json", "Terraform (.tf)": ".tf",
               "Design document (Markdown or text)": ".md"}
# The paste box's limit: CloudFormation's own largest template (1 MB, uploaded through S3).
PASTE_LIMIT = 1_000_000
LANGS = {"auto": "Auto (a Chinese document → 中文, else 한국어)", "ko": "한국어 edition", "zh": "中文 edition",
         "all": "Both editions"}


def scroll_to(anchor: str, nonce: int) -> None:
    """Bring `anchor` into view once per submission (`nonce` makes each submission's script new)."""
    st.html(f'<script data-run="{nonce}">setTimeout(function () {{ var e = document.getElementById("{anchor}"); '
            f'if (e) e.scrollIntoView({{block: "start", behavior: "smooth"}}); }}, 200);</script>',
            unsafe_allow_javascript=True, width=1)


def _write_inputs(folder: Path, files: list, pasted: str, suffix: str) -> tuple[Path, str]:
    """Put the upload(s) or the pasted text on disk; several files make one folder, reviewed together."""
    if files:
        if len(files) > 1:  # reviewed as one folder: templates, nested stacks and .tf files of a module together
            if any(Path(f.name).suffix.lower() in (".md", ".markdown", ".txt") for f in files):
                raise ReviewInputError("Upload one design document at a time; several files must be templates.")
            module = folder / "uploaded"
            module.mkdir()
            for f in files:
                (module / Path(f.name).name).write_bytes(f.getvalue())
            return module, "uploaded files"
        target = folder / Path(files[0].name).name
        target.write_bytes(files[0].getvalue())
        return target, files[0].name
    target = folder / f"pasted{suffix}"
    target.write_text(pasted, encoding="utf-8")
    return target, target.name


st.set_page_config(page_title="Design review · HIPAA Guide", page_icon=":material/fact_check:", layout="wide")
st.title(":material/fact_check: Design review")
st.caption("Check an AWS CloudFormation template, a Terraform module or a design document against the AWS HIPAA "
           "whitepaper: findings where the design contradicts the guidance, each with the passage that requires "
           "the setting, and the cited checklist for every service it uses.")

try:
    kb = get_kb()
    reviewer = kb.reviewer  # one per server, like the knowledge base: resource map, rules and passages read once
except KBError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

with st.form("review_form"):
    files = st.file_uploader("Template or design document", type=UPLOAD_TYPES, accept_multiple_files=True,
                             help="CloudFormation/SAM YAML or JSON, serverless.yml, .tf files, several of them "
                                  "together (nested stacks, a module), or Markdown/text.")
    with st.expander("…or paste it"):
        kind = st.selectbox("Kind", list(PASTE_KINDS), key="paste_kind")
        pasted = st.text_area("Template or document text", height=220, key="paste_text", max_chars=PASTE_LIMIT)
    lang = st.radio("Quote the whitepaper from", list(LANGS), format_func=LANGS.__getitem__, horizontal=True,
                    key="review_lang")
    submitted = st.form_submit_button("Review", type="primary")

if submitted:
    if not files and not pasted.strip():
        st.warning("Upload a file or paste a template first.", icon=":material/upload_file:")
        st.stop()
    with tempfile.TemporaryDirectory(prefix="hipaa-review-") as tmp:
        try:
            path, label = _write_inputs(Path(tmp), list(files or []), pasted, PASTE_KINDS[kind])
            # Uploads may not make the server read its own files (a TemplateURL or module source outside).
            report = reviewer.review(path, lang=lang, label=label, confine=True)
        except KBError as exc:  # unreadable input: the message names the file and line
            st.error(str(exc), icon=":material/error:")
            st.stop()
    st.session_state["review_report"] = report
    st.session_state["review_runs"] = st.session_state.get("review_runs", 0) + 1

report = st.session_state.get("review_report")
if report is not None:
    st.html('<div id="hg-review-results"></div>')
    if submitted:  # results appear below the form: bring them into view
        scroll_to("hg-review-results", st.session_state["review_runs"])
    summary = report.summary()
    cols = st.columns(4)
    cols[0].metric("Errors", summary["errors"])
    cols[1].metric("Warnings", summary["warnings"])
    cols[2].metric("Resources" if report.tool != "document" else "Services named", summary["resources"])
    cols[3].metric("Not covered by the whitepaper", summary["uncovered"])
    markdown = render_markdown(report, kb.topic_labels("en"))
    stem = Path(report.source).stem or "review"
    downloads = st.columns(3)
    downloads[0].download_button("Markdown (PR comment)", markdown, file_name=f"{stem}-hipaa-review.md",
                                 mime="text/markdown")
    downloads[1].download_button("JSON", json.dumps(report.to_json(), ensure_ascii=False, indent=1),
                                 file_name=f"{stem}-hipaa-review.json", mime="application/json")
    downloads[2].download_button("SARIF", json.dumps(to_sarif(report), ensure_ascii=False, indent=1),
                                 file_name=f"{stem}-hipaa-review.sarif", mime="application/sarif+json")
    # The report uses <details> blocks for the per-service checklists, as in a pull request comment.
    st.markdown(web_markdown(markdown), unsafe_allow_html=True)
