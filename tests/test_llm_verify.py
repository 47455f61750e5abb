"""The verifier: which generated sentences survive, and why the others are dropped."""
from __future__ import annotations

import pytest

from kb.llm.sources import Source
from kb.llm.verify import SIMILARITY_FLOOR, Verifier, cited, detail_in, details, split_sentences
from tests.llm_helpers import QUOTES, SOURCES, hash_embed


@pytest.fixture
def verifier() -> Verifier:
    return Verifier(hash_embed)


def _reasons(verifier: Verifier, text: str, sources=SOURCES) -> dict[str, str | None]:
    return {v.text: v.reason for v in verifier.verify(text, sources, "question").verdicts}


def test_split_keeps_markers_written_after_the_full_stop_with_their_sentence() -> None:
    text = "Use HTTPS for S3. [1] Use TLS 1.2 for RDS [2].\n근거 없는 문장입니다. 두 번째 문장입니다 [3]。"
    assert [s for s, _ in split_sentences(text)] == [
        "Use HTTPS for S3 [1].", "Use TLS 1.2 for RDS [2].", "근거 없는 문장입니다.", "두 번째 문장입니다 [3]。"]
    assert [newline for _, newline in split_sentences(text)] == [True, False, True, False]


def test_markdown_headings_are_layout_not_sentences() -> None:
    assert split_sentences("## Encryption\n**In transit**\nUse HTTPS for S3 [1].") == [("Use HTTPS for S3 [1].", True)]


def test_cited_reads_single_grouped_and_repeated_markers() -> None:
    assert cited("Use HTTPS [2][1, 3] and again [2].") == (2, 1, 3)
    assert cited("No markers here.") == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("Use TLS 1.2 on port 5432.", ["1.2", "5432"]),
    ("Set aws:SecureTransport in the bucket policy.", ["aws:SecureTransport"]),
    ("Set StorageEncrypted and use SSE-KMS.", ["StorageEncrypted", "SSE-KMS"]),
    ("Set rds.force_ssl to 1.", ["1", "rds.force_ssl"]),
    ("Run `aws s3api put-bucket-encryption` first.", ["aws s3api put-bucket-encryption"]),
    ("Amazon S3 and EC2 need HTTPS.", []),  # service names with digits are not numbers
    ("전송 중 암호화는 TLS 1.2 이상이어야 합니다.", ["1.2"]),
])
def test_details_finds_numbers_versions_ports_and_setting_names(text: str, expected: list[str]) -> None:
    assert details(text) == expected


@pytest.mark.parametrize(("detail", "evidence", "found"), [
    ("1.2", "TLS 1.2 or later", True),
    ("1.2", "TLS 11.2", False),
    ("1.2", "TLS 1.25", False),
    ("1000", "up to 1,000 requests", True),
    ("sse-kms", "use SSE-KMS keys", True),
    ("aws:SecureTransport", "the aws: SecureTransport key", True),
    ("SSE-C", "SSE-KMS", False),
])
def test_detail_in_matches_whole_numbers_and_names_case_insensitively(detail: str, evidence: str, found: bool) -> None:
    assert detail_in(detail, evidence) is found


def test_supported_sentences_are_kept_with_their_citations(verifier: Verifier) -> None:
    text = (f"{QUOTES[1][:-1]} [1].\n"
            "Connections to Amazon RDS for PostgreSQL must be encrypted with TLS 1.2 [2].")
    result = verifier.verify(text, SOURCES, "q")
    assert [v.kept for v in result.verdicts] == [True, True]
    assert all(v.similarity is not None and v.similarity >= SIMILARITY_FLOOR for v in result.verdicts)
    assert result.text == text and result.used == [1, 2] and (result.kept, result.dropped) == (2, 0)
    assert result.supported


def test_uncited_sentence_is_dropped(verifier: Verifier) -> None:
    reasons = _reasons(verifier, f"{QUOTES[3][:-1]} [3]. Amazon Redshift also compresses every column.")
    assert reasons == {f"{QUOTES[3][:-1]} [3].": None, "Amazon Redshift also compresses every column.": "uncited"}


def test_sentence_citing_a_source_that_was_not_given_is_dropped(verifier: Verifier) -> None:
    reasons = _reasons(verifier, f"{QUOTES[3][:-1]} [3]. {QUOTES[3][:-1]} [3][4].")
    assert list(reasons.values()) == [None, "unknown-source"]


@pytest.mark.parametrize("sentence", [
    "Connections to Amazon RDS for PostgreSQL must be encrypted with TLS 1.3 [2].",  # version
    "Connections to Amazon RDS for PostgreSQL must be encrypted with TLS 1.2 on port 3306 [2].",  # port
    "Connections to Amazon S3 containing PHI must use SSE-KMS endpoints [1].",  # setting
    "Connections to Amazon S3 containing PHI must set aws:SecureTransport [1].",  # policy key
    "Connections to Amazon S3 containing PHI must use TLS 1.2 [1].",  # number from another source
])
def test_sentence_whose_number_or_setting_is_not_in_its_quote_is_dropped(verifier: Verifier, sentence: str) -> None:
    [verdict] = verifier.verify(sentence, SOURCES, "q").verdicts
    assert (verdict.kept, verdict.reason) == (False, "unsupported-detail")
    assert verdict.missing


def test_a_detail_may_come_from_any_cited_source_or_its_requirement_statement(verifier: Verifier) -> None:
    sources = [*SOURCES, Source(4, "requirement", "ko", "S3", "PHI를 포함하는 S3 연결은 HTTPS를 사용해야 합니다.",
                                statement="S3 bucket policies must deny requests where aws:SecureTransport is false.")]
    text = "S3 bucket policies must deny requests where aws:SecureTransport is false [4]."
    [verdict] = verifier.verify(text, sources, "q").verdicts
    assert verdict.kept, verdict
    both = "Connections to Amazon RDS for PostgreSQL must be encrypted with TLS 1.2 [1][2]."
    assert verifier.verify(both, SOURCES, "q").verdicts[0].kept


def test_sentence_far_from_its_quote_in_meaning_is_dropped(verifier: Verifier) -> None:
    [verdict] = verifier.verify("Kimchi stew needs plenty of garlic and chili [1].", SOURCES, "q").verdicts
    assert (verdict.kept, verdict.reason) == (False, "low-similarity")
    assert verdict.similarity is not None and verdict.similarity < SIMILARITY_FLOOR


def test_not_covered_sentence_is_kept_without_a_citation_unless_it_adds_details(verifier: Verifier) -> None:
    question = "How long must RDS backups be kept?"
    kept = verifier.verify("Not covered by the sources: how long RDS backups must be kept.", SOURCES, question)
    assert [v.gap for v in kept.verdicts] == [True] and kept.kept == 1
    assert not kept.supported  # nothing cited: the caller falls back
    added = verifier.verify("Not covered by the sources: keep RDS backups for 35 days.", SOURCES, question)
    assert added.verdicts[0].reason == "uncited"


def test_fewer_than_half_surviving_is_not_supported(verifier: Verifier) -> None:
    text = f"{QUOTES[3][:-1]} [3]. It is free. It is fast. It scales."
    result = verifier.verify(text, SOURCES, "q")
    assert (result.kept, result.dropped, result.supported) == (1, 3, False)
    half = verifier.verify(f"{QUOTES[3][:-1]} [3]. It is free.", SOURCES, "q")
    assert (half.kept, half.dropped, half.supported) == (1, 1, True)
