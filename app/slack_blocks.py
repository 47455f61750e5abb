"""Block Kit rendering of answers: mrkdwn sections, one context block per citation, feedback and share buttons,
and the thank-you state the feedback buttons turn into."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from kb import citation_format as cf
from kb.citation_format import DocumentInfo

DocLookup = Callable[[str], DocumentInfo | None]

FEEDBACK_UP = "hipaa_feedback_up"
FEEDBACK_DOWN = "hipaa_feedback_down"
SHARE = "hipaa_share"
ACTIONS = "hipaa_actions"  # block_id of the buttons
RATED = "hipaa_rated"  # block_id of the thank-you line that replaces the feedback buttons
SECTION_LIMIT = 3000  # Slack rejects a section (or context element) text longer than this
MAX_BLOCKS = 50  # ... and a message with more blocks than this
QUOTE_LIMIT = 280
FALLBACK_LIMIT = 300  # the notification / screen-reader text

# Chrome around the answer, in the question's language (the answer itself is already localised).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "not_covered": ":no_entry: *Not covered by the documents.*",
        "sources": "*Sources*",
        "up": ":thumbsup: Helpful", "down": ":thumbsdown: Not helpful", "share": "Share to channel",
        "shared_by": "Shared by <@{user}>", "question": "*Question:* {question}",
        "working": ":hourglass_flowing_sand: Looking this up in the whitepaper…",
        "rated_up": ":white_check_mark: Thanks, <@{user}>: rated *helpful*. Feedback stored (personal data masked).",
        "rated_down": ":white_check_mark: Thanks, <@{user}>: rated *not helpful*. Feedback stored (personal data "
                      "masked); it is used to improve the answers.",
        "archived": ":warning: archived",
        "pii": ":warning: Your question looks like it contains personal data (an e-mail address, phone or record "
               "number…). Please keep PHI out of Slack.",
        "thanks": "Thanks for the feedback: it is stored (personal data masked) to improve the answers.",
        "expired": "This answer is no longer in memory (the bot restarted). Please ask again.",
        "apology": "Sorry, something went wrong while answering. It has been logged; please try again in a moment.",
        "rate": "You have asked {limit} questions in the last {window} seconds. "
                "Please wait about {wait} seconds, then ask again. :pray:",
        "usage": "Ask me how to configure an AWS service for PHI, e.g. `/hipaa S3 bucket encryption` or "
                 "`@HIPAA Guide how must RDS for PostgreSQL connections be encrypted?` "
                 "(Korean, Chinese or English).",
    },
    "ko": {
        "not_covered": ":no_entry: *제공된 문서에서 다루지 않는 내용입니다.*",
        "sources": "*출처*",
        "up": ":thumbsup: 도움이 됨", "down": ":thumbsdown: 도움이 안 됨", "share": "채널에 공유",
        "shared_by": "<@{user}> 님이 공유함", "question": "*질문:* {question}",
        "working": ":hourglass_flowing_sand: 백서에서 찾는 중입니다…",
        "rated_up": ":white_check_mark: <@{user}> 님, 감사합니다: *도움이 됨*으로 평가했습니다. 개인 정보를 가린 뒤 "
                    "저장했습니다.",
        "rated_down": ":white_check_mark: <@{user}> 님, 감사합니다: *도움이 안 됨*으로 평가했습니다. 개인 정보를 "
                      "가린 뒤 저장하여 답변 개선에 사용합니다.",
        "archived": ":warning: 보관된 문서",
        "pii": ":warning: 질문에 개인 정보(이메일, 전화번호, 기록 번호 등)가 포함된 것 같습니다. "
               "Slack에 PHI를 올리지 마세요.",
        "thanks": "피드백 감사합니다. 개인 정보를 가린 뒤 저장하여 답변 개선에 사용합니다.",
        "expired": "이 답변은 더 이상 메모리에 없습니다(봇이 다시 시작됨). 다시 질문해 주세요.",
        "apology": "죄송합니다. 답변하는 중 문제가 발생했습니다. 기록해 두었으니 잠시 후 다시 시도해 주세요.",
        "rate": "최근 {window}초 동안 질문을 {limit}번 하셨습니다. 약 {wait}초 후에 다시 질문해 주세요. :pray:",
        "usage": "AWS 서비스를 PHI용으로 구성하는 방법을 물어보세요. 예: `/hipaa S3 버킷 암호화`",
    },
    "zh": {
        "not_covered": ":no_entry: *所提供的文件未涵蓋此內容。*",
        "sources": "*來源*",
        "up": ":thumbsup: 有幫助", "down": ":thumbsdown: 沒有幫助", "share": "分享到頻道",
        "shared_by": "由 <@{user}> 分享", "question": "*問題：* {question}",
        "working": ":hourglass_flowing_sand: 正在白皮書中查找…",
        "rated_up": ":white_check_mark: 感謝 <@{user}>：評為*有幫助*。已遮蔽個人資料後儲存。",
        "rated_down": ":white_check_mark: 感謝 <@{user}>：評為*沒有幫助*。已遮蔽個人資料後儲存，用於改進回答。",
        "archived": ":warning: 已封存",
        "pii": ":warning: 您的問題似乎包含個人資料（電子郵件、電話或病歷號碼等）。請勿在 Slack 中分享 PHI。",
        "thanks": "感謝您的回饋：已遮蔽個人資料後儲存，用於改進回答。",
        "expired": "此回答已不在記憶體中（機器人已重新啟動）。請重新提問。",
        "apology": "抱歉，回答時發生問題。已記錄此錯誤，請稍後再試。",
        "rate": "您在過去 {window} 秒內已提問 {limit} 次。請約 {wait} 秒後再提問。:pray:",
        "usage": "請詢問如何為 PHI 設定 AWS 服務，例如：`/hipaa S3 儲存貯體加密`",
    },
}
def word(lang: str, key: str, **values: object) -> str:
    return WORDS.get(lang, WORDS["en"])[key].format(**values)


def escape(text: str) -> str:
    """Slack treats &, < and > as control characters in mrkdwn and plain text alike."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]*)\)")
_ITALIC = re.compile(r"(?<![*\w])\*(?![\s*])([^*\n]+?)(?<![\s*])\*(?![*\w])")
_BOLD = re.compile(r"\*\*(?!\s)(.+?)(?<!\s)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[-*+]\s+", re.MULTILINE)


def to_mrkdwn(markdown: str) -> str:
    """The answer's Markdown as Slack mrkdwn: **bold** -> *bold*, *italic* -> _italic_, headings bold,
    bullets as •, [text](url) as a Slack link (or just the text for the sources' in-page `#` links)."""
    text = escape(markdown)
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>" if m.group(2).startswith(("http://", "https://"))
                     else m.group(1), text)
    text = _HEADING.sub(lambda m: f"**{m.group(1)}**", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    text = _ITALIC.sub(r"_\1_", text)  # before bold, so the *x* that bold produces is not turned into _x_
    return _BOLD.sub(r"*\1*", text)


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut between paragraphs, else lines, else anywhere."""
    pieces: list[str] = []
    current = ""
    for para in text.split("\n\n"):
        parts = [para] if len(para) <= limit else _split_lines(para, limit)
        for part in parts:
            candidate = f"{current}\n\n{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                pieces.append(current)
                current = part
    if current.strip():
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def _split_lines(para: str, limit: int) -> list[str]:
    out: list[str] = []
    current = ""
    for line in para.split("\n"):
        while len(line) > limit:  # one enormous line: a hard cut is all that is left
            if current:
                out.append(current)
                current = ""
            out.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
        else:
            out.append(current)
            current = line
    if current:
        out.append(current)
    return out


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis (at a space when one is near)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.7:  # Latin text: do not cut a word; CJK text has few spaces, cut anywhere
        cut = cut[:space]
    return cut.rstrip(" ,.;:，、。") + "…"


def citation_text(citation: dict[str, Any], lang: str, answer_text: str = "", doc: DocumentInfo | None = None) -> str:
    """`[n] <url|Title> · Korean edition · 2022-09-28 · § Section · line 939`, and the shortened quote below it
    unless the answer's text already holds it (each quote appears once)."""
    title = escape(cf.title(citation, doc, lang))
    parts = [f"*[{citation['n']}]* " + (f"<{doc.url}|{title}>" if doc and doc.url else title),
             cf.edition_label(citation["lang"], lang)]
    if doc and doc.published:
        parts.append(doc.published)
    parts.append(f"§ {escape(citation['section'])}")
    where = cf.locator(citation.get("page"), citation.get("line_start"), citation.get("line_end"), lang,
                       citation.get("page_end"))
    if where:
        parts.append(where)
    if citation.get("archived"):
        parts.append(word(lang, "archived"))
    line = " · ".join(parts)
    if _squash(citation["quote"]) in _squash(answer_text):
        return line
    # The quote is shown as written (escaped, in-page links reduced to their text), not restyled.
    quote = _LINK.sub(lambda m: m.group(1), escape(shorten(citation["quote"])))
    return f"{line}\n“{quote}”"


def _squash(text: str) -> str:
    """Text without spaces, Markdown emphasis or in-page links, to compare a quote with an answer."""
    return re.sub(r"\s+|\*\*", "", _DEAD_LINK.sub(r"\1", text))


_DEAD_LINK = re.compile(r"\[([^\]\n]+)\]\(#\)")


def answer_blocks(answer: dict[str, Any], button_value: str, *, share: bool = False, shared_by: str | None = None,
                  pii_warning: bool = False, document: DocLookup = lambda _doc_id: None,
                  rated: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """The whole message: (shared: who shared it and the question), refusal banner, answer sections, citations,
    warnings, and the buttons, or `rated` = (user, "up"|"down")'s thank-you line instead of the thumbs (at most
    50 blocks)."""
    lang = answer.get("lang", "en")
    head: list[dict[str, Any]] = []
    if shared_by:
        head.append(_context([word(lang, "shared_by", user=shared_by)]))
        if answer.get("question"):
            head.append(_section(word(lang, "question", question=escape(shorten(answer["question"], 500)))))
    if answer["abstained"]:
        head.append(_section(word(lang, "not_covered")))
    head += [_section(piece) for piece in split_text(to_mrkdwn(answer["answer"]))]
    tail: list[dict[str, Any]] = []
    if pii_warning:
        tail.append(_context([word(lang, "pii")]))
    buttons = [] if rated else [_button(word(lang, "up"), FEEDBACK_UP, button_value),
                                _button(word(lang, "down"), FEEDBACK_DOWN, button_value)]
    if share:
        buttons.append(_button(word(lang, "share"), SHARE, button_value, style="primary"))
    if rated:
        tail.append(thanks_block(lang, *rated))
    if buttons:
        tail.append({"type": "actions", "block_id": ACTIONS, "elements": buttons})
    cites = [citation_text(c, lang, answer["answer"], document(c.get("doc_id", ""))) for c in answer["citations"]]
    head = head[:MAX_BLOCKS - len(tail) - (3 if cites else 0)]  # an answer is never so long; if it were, stay valid
    if not cites:
        return head + tail
    room = MAX_BLOCKS - len(head) - len(tail) - 2  # divider and "Sources"
    # One context block per citation; only an answer with dozens of them shares blocks (10 elements each).
    per_block = min(10, math.ceil(len(cites) / max(room, 1)))
    groups = [cites[i:i + per_block] for i in range(0, len(cites), per_block)][:max(room, 0)]
    body = [{"type": "divider"}, _context([word(lang, "sources")])] + [_context(g) for g in groups]
    return head + body + tail


def thanks_block(lang: str, user: str, rating: str) -> dict[str, Any]:
    """The line that replaces the thumbs once `user` has rated the answer."""
    block = _context([word(lang, "rated_up" if rating == "up" else "rated_down", user=user)])
    block["block_id"] = RATED
    return block


def rated_blocks(blocks: list[dict[str, Any]], lang: str, user: str, rating: str) -> list[dict[str, Any]]:
    """A posted message's blocks with its thumbs replaced by the thank-you line (other buttons kept)."""
    out: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("block_id") != ACTIONS:
            out.append(block)
            continue
        out.append(thanks_block(lang, user, rating))
        rest = [e for e in block.get("elements", []) if e.get("action_id") not in (FEEDBACK_UP, FEEDBACK_DOWN)]
        if rest:
            out.append({**block, "elements": rest})
    return out


def working_blocks(lang: str) -> tuple[str, list[dict[str, Any]]]:
    """The placeholder posted while a slow answer is computed."""
    return word(lang, "working"), [_context([word(lang, "working")])]


def fallback_text(answer: dict[str, Any]) -> str:
    """Plain text for notifications and clients that cannot show blocks."""
    first = " ".join(answer["answer"].replace("**", "").split())
    return escape(shorten(first, FALLBACK_LIMIT))


def notice_blocks(text: str) -> list[dict[str, Any]]:
    return [_section(piece) for piece in split_text(text)]


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(texts: list[str]) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t[:SECTION_LIMIT]} for t in texts]}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {"type": "button", "action_id": action_id, "value": value,
                              "text": {"type": "plain_text", "text": label, "emoji": True}}
    if style:
        button["style"] = style
    return button
