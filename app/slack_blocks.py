"""Block Kit rendering of answers: mrkdwn sections, one context block per citation, feedback and share buttons."""
from __future__ import annotations

import math
import re
from typing import Any

FEEDBACK_UP = "hipaa_feedback_up"
FEEDBACK_DOWN = "hipaa_feedback_down"
SHARE = "hipaa_share"
SECTION_LIMIT = 3000  # Slack rejects a section (or context element) text longer than this
MAX_BLOCKS = 50  # ... and a message with more blocks than this
QUOTE_LIMIT = 280
FALLBACK_LIMIT = 300  # the notification / screen-reader text

# Chrome around the answer, in the question's language (the answer itself is already localised).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "not_covered": ":no_entry: *Not covered by the documents.*",
        "sources": "*Sources* (verbatim quotes)",
        "up": ":thumbsup: Helpful", "down": ":thumbsdown: Not helpful", "share": "Share to channel",
        "shared_by": "Shared by <@{user}>",
        "edition": "{name} edition", "lines": "lines {a}–{b}", "page": "p. {page}", "archived": ":warning: archived",
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
        "sources": "*출처* (원문 그대로 인용)",
        "up": ":thumbsup: 도움이 됨", "down": ":thumbsdown: 도움이 안 됨", "share": "채널에 공유",
        "shared_by": "<@{user}> 님이 공유함",
        "edition": "{name} 판", "lines": "{a}–{b}행", "page": "{page}쪽", "archived": ":warning: 보관된 문서",
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
        "sources": "*來源*（逐字引用）",
        "up": ":thumbsup: 有幫助", "down": ":thumbsdown: 沒有幫助", "share": "分享到頻道",
        "shared_by": "由 <@{user}> 分享",
        "edition": "{name} 版", "lines": "第 {a}–{b} 行", "page": "第 {page} 頁", "archived": ":warning: 已封存",
        "pii": ":warning: 您的問題似乎包含個人資料（電子郵件、電話或病歷號碼等）。請勿在 Slack 中分享 PHI。",
        "thanks": "感謝您的回饋：已遮蔽個人資料後儲存，用於改進回答。",
        "expired": "此回答已不在記憶體中（機器人已重新啟動）。請重新提問。",
        "apology": "抱歉，回答時發生問題。已記錄此錯誤，請稍後再試。",
        "rate": "您在過去 {window} 秒內已提問 {limit} 次。請約 {wait} 秒後再提問。:pray:",
        "usage": "請詢問如何為 PHI 設定 AWS 服務，例如：`/hipaa S3 儲存貯體加密`",
    },
}
LANG_NAMES = {"en": {"ko": "Korean", "zh": "Chinese", "en": "English"},
              "ko": {"ko": "한국어", "zh": "중국어", "en": "영어"},
              "zh": {"ko": "韓文", "zh": "中文", "en": "英文"}}


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


def citation_text(citation: dict[str, Any], lang: str) -> str:
    """`[n] Title · Korean edition · § Section · lines 10–12` and the shortened quote below it."""
    edition = word(lang, "edition", name=LANG_NAMES.get(lang, LANG_NAMES["en"]).get(citation["lang"],
                                                                                     citation["lang"]))
    if citation.get("page"):
        where = word(lang, "page", page=citation["page"])
    else:
        where = word(lang, "lines", a=citation["line_start"], b=citation["line_end"])
    parts = [f"*[{citation['n']}]* {escape(citation['title'])}", edition, f"§ {escape(citation['section'])}", where]
    if citation.get("archived"):
        parts.append(word(lang, "archived"))
    # The quote is shown as written (escaped, in-page links reduced to their text), not restyled.
    quote = _LINK.sub(lambda m: m.group(1), escape(shorten(citation["quote"])))
    return " · ".join(parts) + f"\n“{quote}”"


def answer_blocks(answer: dict[str, Any], button_value: str, *, share: bool = False, shared_by: str | None = None,
                  pii_warning: bool = False) -> list[dict[str, Any]]:
    """The whole message: refusal banner, answer sections, citations, warnings, buttons (at most 50 blocks)."""
    lang = answer.get("lang", "en")
    head: list[dict[str, Any]] = []
    if shared_by:
        head.append(_context([word(lang, "shared_by", user=shared_by)]))
    if answer["abstained"]:
        head.append(_section(word(lang, "not_covered")))
    head += [_section(piece) for piece in split_text(to_mrkdwn(answer["answer"]))]
    tail: list[dict[str, Any]] = []
    if pii_warning:
        tail.append(_context([word(lang, "pii")]))
    buttons = [_button(word(lang, "up"), FEEDBACK_UP, button_value),
               _button(word(lang, "down"), FEEDBACK_DOWN, button_value)]
    if share:
        buttons.append(_button(word(lang, "share"), SHARE, button_value, style="primary"))
    tail.append({"type": "actions", "block_id": "hipaa_actions", "elements": buttons})
    cites = [citation_text(c, lang) for c in answer["citations"]]
    head = head[:MAX_BLOCKS - len(tail) - (3 if cites else 0)]  # an answer is never so long; if it were, stay valid
    if not cites:
        return head + tail
    room = MAX_BLOCKS - len(head) - len(tail) - 2  # divider and "Sources"
    # One context block per citation; only an answer with dozens of them shares blocks (10 elements each).
    per_block = min(10, math.ceil(len(cites) / max(room, 1)))
    groups = [cites[i:i + per_block] for i in range(0, len(cites), per_block)][:max(room, 0)]
    body = [{"type": "divider"}, _context([word(lang, "sources")])] + [_context(g) for g in groups]
    return head + body + tail


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
