"""The page's own CSS and its one small script: Korean line breaking, passages and highlights, the phone
layout of chat messages, and the [n] links that open their citation."""
from __future__ import annotations

import streamlit as st

# Phones: below this width the avatar sits above the message instead of taking a column beside it.
PHONE_MAX_WIDTH_PX = 640

CSS = f"""<style>
/* Korean wraps between words (spaces), never inside one; a long URL may still break to fit. Chinese, which
   has no spaces, keeps the normal rule (break between any two characters). */
[lang="ko"], [data-testid="stExpander"] summary, [data-testid="stChatMessageContent"] p:not(:lang(zh)),
[data-testid="stChatMessageContent"] li:not(:lang(zh)) {{
  word-break: keep-all; overflow-wrap: break-word;
}}
.hg-passage {{
  white-space: pre-wrap; line-height: 1.65; padding: 0.6rem 0.85rem; margin: 0.2rem 0 0.6rem 0;
  border-left: 3px solid #9aa5b1; background: #f6f8fa; border-radius: 4px; font-size: 0.95rem;
  color: #1f2328; overflow-y: auto; scroll-margin-top: 4rem;
}}
mark.hg-quote {{ background: #ffe58a; color: #1f2328; padding: 0 2px; border-radius: 2px; }}
a.hg-cite {{ text-decoration: none; font-weight: 600; padding: 0 1px; }}
a.hg-cite:hover {{ text-decoration: underline; }}
.hg-question {{ white-space: pre-wrap; }}
/* The thumb chosen stays clearly visible. */
[data-testid="stFeedbackButtonActive"] {{ background: #e8f0fe; border-radius: 6px; outline: 2px solid #1a73e8; }}
.hg-flash {{ animation: hg-flash 1.6s ease-out; }}
@keyframes hg-flash {{ from {{ box-shadow: 0 0 0 3px #1a73e8; }} to {{ box-shadow: 0 0 0 3px transparent; }} }}
@media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
  [data-testid="stChatMessage"] {{ flex-direction: column; gap: 0.35rem; padding-left: 0; padding-right: 0; }}
  [data-testid="stChatMessage"] > [data-testid^="stChatMessageAvatar"] {{ width: 1.5rem; height: 1.5rem; }}
  [data-testid="stChatMessageContent"] {{ width: 100%; max-width: 100%; margin-left: 0; }}
}}
</style>"""

# [n] in an answer: open the citation's expander if it is closed, bring it into view and flash it. The
# links are ordinary #anchors, so without the script they still scroll to the passage.
SCRIPT = """<script>
(function () {
  if (window.__hgCiteLinks) return;
  window.__hgCiteLinks = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.hg-cite") : null;
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var details = target.closest("details");
    if (details && !details.open) {
      var summary = details.querySelector("summary");
      if (summary) summary.click();
    }
    setTimeout(function () {
      (details || target).scrollIntoView({block: "start", behavior: "smooth"});
      target.classList.remove("hg-flash"); void target.offsetWidth; target.classList.add("hg-flash");
    }, 150);
  }, true);
})();
</script>"""


def inject() -> None:
    """Add the CSS (an invisible style element) and the link script to the page; safe to call every run."""
    st.html(CSS)
    st.html(SCRIPT, unsafe_allow_javascript=True, width=1)
