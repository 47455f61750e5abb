"""The `python -m kb` commands (also `hipaa-guide`): services, search, ingest, and their error exits."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb.cli import main
from kb.config import Settings

from .conftest import run_cli


def test_services_json_lists_catalog(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "services", "--json")
    entries = json.loads(out)
    assert code == 0
    assert [e["id"] for e in entries if e["kind"] == "service" and e["covered"]] == [
        "elasticache-redis", "rds-postgresql", "s3"]
    redis = next(e for e in entries if e["id"] == "elasticache-redis")
    assert redis["names"] == {"en": "Amazon ElastiCache for Redis", "ko": "아마존 포 ElastiCache 레디스용",
                              "zh": "Amazon ElastiCache 的雷迪斯"}


def test_services_text_marks_uncovered(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "services", "--kind", "service")
    assert code == 0
    line = next(row for row in out.splitlines() if row.startswith("elasticache-memcached"))
    assert "NOT covered" in line


def test_ingest_then_search_json(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "ingest")
    assert code == 0 and "2 added" in out
    code, out, _ = run_cli(capsys, "search", "雷迪斯 傳輸加密", "--k", "3", "--json")
    result = json.loads(out)
    assert code == 0 and result["query"] == "雷迪斯 傳輸加密"
    assert [h["rank"] for h in result["hits"]] == [1, 2, 3]
    top = result["hits"][0]
    assert set(top) >= {"rank", "score", "chunk_id", "doc_id", "lang", "section", "service_id", "text"}
    assert (top["doc_id"], top["service_id"], top["section"]) == (
        "mini-zh", "elasticache-redis", "Amazon ElastiCache 的雷迪斯 > 傳輸加密")


def test_search_service_filter_accepts_alias(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "ingest")
    code, out, _ = run_cli(capsys, "search", "암호화", "--k", "10", "--service", "Postgres", "--json")
    hits = json.loads(out)["hits"]
    assert code == 0 and hits
    assert {h["service_id"] for h in hits} == {"rds-postgresql"}


def test_search_text_output(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "ingest")
    code, out, _ = run_cli(capsys, "search", "S3 버킷 암호화", "--k", "1")
    assert code == 0
    assert out.startswith("1. [") and "mini-ko (ko) · Amazon Simple Storage Service(S3) · L85-89 · service=s3" in out


@pytest.mark.parametrize("argv,message", [
    (["search", "   "], "The question is empty"),
    (["search", "x" * 4001], "4,001 characters long; the limit is 4,000"),
    (["search", "S3", "--service", "Azure Blob"], "Unknown service 'Azure Blob'"),
])
def test_bad_queries_exit_2(env: Settings, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    run_cli(capsys, "ingest")
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err


def test_search_without_index_says_which_command_builds_it(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "search", "S3")
    assert code == 2
    assert f"No index found at {env.index_dir}. Build it with `python -m kb ingest`" in err


def test_ingest_reports_bad_files_and_exits_1(env: Settings, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    code, out, err = run_cli(capsys, "ingest", str(bad))
    assert code == 1
    assert f"error: {bad}: not a readable PDF" in err
    assert "2 added" in out and "1 failed" in out


def test_bad_setting_is_a_clear_error(env: Settings, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPAA_GUIDE_CHUNK_MAX_CHARS", "lots")
    code, _, err = run_cli(capsys, "search", "S3")
    assert code == 2 and "HIPAA_GUIDE_CHUNK_MAX_CHARS='lots' is invalid" in err


def test_help_names_the_command_it_runs_as(capsys: pytest.CaptureFixture[str]) -> None:
    """`hipaa-guide` (the console script, kb.cli:main) and `python -m kb` are one command line."""
    with pytest.raises(SystemExit):
        main(["--help"])
    assert capsys.readouterr().out.startswith("usage: hipaa-guide ")
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-m", "kb", "--help"], cwd=root, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.startswith("usage: python -m kb ")
    assert "ingest" in run.stdout and "review" in run.stdout


NOT_UTF8 = ("the terminal's encoding is not UTF-8. Switch it to UTF-8 (for example `export LANG=ko_KR.UTF-8` or "
            "zh_TW.UTF-8, or the terminal's own setting) and run the command again")


@pytest.mark.parametrize("argv,label", [
    ([b"ask", "S3 버킷 암호화는?".encode("euc-kr")], "question"),
    ([b"search", "S3 버킷".encode("euc-kr")], "query"),
    ([b"search", b"S3", b"--service", "레디스".encode("euc-kr")], "service name"),
    ([b"ask", "雷迪斯 加密".encode("big5")], "question"),
])
def test_text_typed_in_a_non_utf8_terminal_is_one_line_exit_2(env: Settings, argv: list[bytes], label: str) -> None:
    """Case 11: EUC-KR (or Big5) bytes in the arguments; a real process, as the terminal starts it."""
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    environ = {**os.environ, "HIPAA_GUIDE_DATA_DIR": str(env.data_dir), "HIPAA_GUIDE_INDEX_DIR": str(env.index_dir),
               "LC_ALL": "C.UTF-8"}
    out = subprocess.run([sys.executable.encode(), b"-m", b"kb", *argv], cwd=ROOT, env=environ, capture_output=True)
    text = next(a for a in reversed(argv) if not a.isascii()).decode("utf-8", "surrogateescape")
    first = next(i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff")
    byte = ord(text[first]) - 0xDC00
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode("ascii") == (f"error: the {label} is not UTF-8 text (byte 0x{byte:02x} "
                                          f"at character {first + 1}): {NOT_UTF8}.\n")


def test_output_a_terminal_cannot_show_is_one_line_exit_2(env: Settings, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    run_cli(capsys, "ingest")
    terminal = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr("sys.stdout", terminal)
    code, _, err = run_cli(capsys, "search", "S3 버킷 암호화")
    assert code == 2
    assert err == f"error: cannot print the result: {NOT_UTF8} (it is ascii).\n"


def test_ingest_refuses_documents_over_the_size_limits_by_name(env: Settings, capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    """Case 07: a 50 MB text file (refused before it is read) and one over 10 million characters;
    the other documents are indexed, the index keeps its documents."""
    huge = tmp_path / "huge.md"
    with huge.open("wb") as fh:
        fh.truncate(52_428_872)  # what the case's generator writes for "50 MB" (sparse here)
    long = tmp_path / "long.txt"
    long.write_text("Encrypt PHI at rest. " * 476_191, encoding="utf-8")  # 10,000,011 characters
    code, out, err = run_cli(capsys, "ingest", str(huge), str(long))
    assert code == 1 and "2 added" in out and "2 failed" in out
    assert err.splitlines()[:2] == [
        f"error: {huge}: the file is 52.4 MB; the limit for a md file is 50 MB. Split it into smaller files and "
        "ingest those.",
        f"error: {long}: more than 10,000,000 characters of text, the limit per document (about 3,000 pages). "
        "Split it into smaller files and ingest those."]


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`python -m kb services | head -n 1`: output nobody reads any more is dropped quietly (exit 141, as a
    shell reports SIGPIPE), without a traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "kb", "services"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parents[1])
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the command prints (it is still importing)
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err.decode()) == (141, "")
