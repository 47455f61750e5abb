"""The requirement catalog: every record valid and verbatim, every obligation sentence of the whitepaper
cited, broken files named by file, line and field, and the `kb requirements` command."""
from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from ingest.pipeline import default_corpus
from kb import coverage
from kb.catalog import Catalog
from kb.citation_format import whitepaper_docs
from kb.config import Settings
from kb.errors import DataFileError
from kb.requirements import LANGS, RequirementCatalog
from kb.wording import Wording
from tests.conftest import run_cli

SETTINGS = Settings.from_env({})


@lru_cache(maxsize=1)
def shipped() -> tuple[RequirementCatalog, list, dict[str, str], list[str]]:
    corpus = default_corpus(SETTINGS)
    texts = {doc.doc_id: doc.text for doc, _ in corpus}
    spans = [s for _, split in corpus for s in split.spans]
    catalog = Catalog.load(SETTINGS.catalog_path)
    records = RequirementCatalog.load(SETTINGS.requirements_dir, sections={s.id for s in catalog}, texts=texts)
    return records, spans, texts, whitepaper_docs(d.describe() for d, _ in corpus)


def test_every_evidence_span_is_verbatim_and_every_record_trilingual() -> None:
    records, spans, texts, editions = shipped()
    assert len(records) > 600
    quotable = {s.id for s in spans}
    for r in records:
        assert set(r.statement) == set(LANGS) and all(r.statement[lang].strip() for lang in LANGS)
        for e in r.evidence:
            doc_id, rng = e.span.rsplit(":", 1)
            start, end = map(int, rng.split("-"))
            assert texts[doc_id][start:end] == e.quote, r.id
            assert e.span in quotable, (r.id, e.span)
    assert coverage.problems(spans, editions, records, Catalog.load(SETTINGS.catalog_path)) == []


def test_every_obligation_sentence_of_the_whitepaper_is_evidence_of_a_record() -> None:
    records, spans, _, editions = shipped()
    wording = Wording.load(SETTINGS.data_file("guidance.yaml"))
    gaps = coverage.uncovered(spans, editions, wording, records)
    assert [(g.section_id, g.span.id) for g in gaps] == []
    # ... and the check has something to check: the editions state hundreds of obligations.
    obligations = [s for s in spans if s.doc_id in editions and wording.kind(s.quote, s.lang) == "requirement"]
    assert len(obligations) > 300


def test_all_119_services_have_records_or_only_point_elsewhere() -> None:
    records, *_ = shipped()
    catalog = Catalog.load(SETTINGS.catalog_path)
    empty = [s.id for s in catalog.whitepaper_services() if not records.of(catalog.descendants(s.id))]
    assert empty == ["comprehend-medical"]  # "see the previous section" (followed to Amazon Comprehend)
    # EKS's section only refers to another whitepaper: its one record says so
    assert [r.id for r in records.of(["eks"])] == ["eks.separate-whitepaper"]


def test_records_of_several_sections_come_in_file_order() -> None:
    records, *_ = shipped()
    wanted = ["s3", "ec2", "s3", "dynamodb"]  # (any order, a section named twice)
    found = records.of(wanted)
    assert found == [r for r in records.records if r.section in {"s3", "ec2", "dynamodb"}]
    assert {r.section for r in found} == {"s3", "ec2", "dynamodb"}
    assert records.of({"nowhere"}) == [] and records.of([]) == []


def test_cli_check_and_coverage_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "requirements", "--check")
    assert code == 0 and out == "" and ", 0 problems." in err
    code, out, err = run_cli(capsys, "requirements", "--coverage")
    assert code == 0 and out == "" and err.startswith("0 obligation sentences")


def test_named_only_records_are_kept_apart_for_questions_naming_their_document() -> None:
    """The 2016 paper's advice inside a whitepaper service section (EMR's "nodes in one Availability Zone need
    no extra protection") is no record of the section for answers and reviews; `kb cite` still finds it."""
    records = shipped()[0]
    reserved = {r.id: r for r in records.reserved}
    node = reserved["emr.bp2016-node-traffic-same-az"]
    named = [r for r in records.reserved if r.named_only]
    assert node.named_only and all(r.named_only != r.describes for r in records.reserved)
    assert all(e.doc_id == "security-best-practices-2016-ko" for r in named for e in r.evidence)
    assert node not in records.of({"emr"}) and node not in list(records) and len(records) == len(records.records)
    assert records.get(node.id) is node and node in records.by_span[node.evidence[0].span]
    assert {r.id for r in records.of({"emr"})}.isdisjoint(reserved)


def test_records_describing_a_service_are_kept_apart_for_questions_asking_what_it_does() -> None:
    """What a service does ("GuardDuty is a managed threat detection service") is no record of its section for answers
    on protecting PHI in it, reviews or Browse: it is reserved, and `get` and `by_span` know it."""
    records = shipped()[0]
    describing = sorted(r.id for r in records.reserved if r.describes)
    assert describing == ["amazon-inspector.security-assessment", "aws-organizations.no-additional-cost",
                          "eks.managed-control-plane", "firewall-manager.central-rules", "guardduty.threat-detection",
                          "s3-transfer-acceleration.edge-locations", "security-hub.aggregates-findings",
                          "security-hub.response-workflows", "vm-import-export.no-additional-cost"]
    threat = records.get("guardduty.threat-detection")
    assert threat is not None and threat not in records.of({"guardduty"}) and threat not in list(records)
    assert threat in records.by_span[threat.evidence[0].span]


def _copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SETTINGS.data_dir, data)
    monkeypatch.setenv("HIPAA_GUIDE_DATA_DIR", str(data))
    return data / "requirements" / "s3.yaml"


@pytest.mark.parametrize("old,new,message", [
    ("      zh: 連線至", "      zz: 連線至",
     r"s3\.yaml:\d+: requirements\[\d+\]\.statement\.zz: unknown field; remove it or use one of: en, ko, zh\."),
    ("    strength: must", "    strength: always",
     r"s3\.yaml:\d+: requirements\[\d+\]\.strength: 'always' is not allowed; use one of: must, should"),
    ("    topic: encryption-in-transit", "    topic: transit",
     r"s3\.yaml:\d+: requirements\[\d+\]\.topic: 'transit' is not allowed; use one of:"),
    ("    section: s3\n", "    section: s4\n",
     r"s3\.yaml:\d+: requirements\[0\]\.section: unknown catalog section 's4'"),
    ("quote: PHI를 포함하는 Amazon S3에 연결하려면", "quote: PHI를  포함하는 Amazon S3에 연결하려면",
     r"s3\.yaml:\d+: requirements\[\d+\]\.evidence\[0\]\.quote: not the verbatim text of hipaa-ko:"),
    ("requirements:\n", "requirements:\n  - [\n", r"s3\.yaml:\d+: not valid YAML"),
])
def test_a_broken_file_names_file_line_and_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str], old: str, new: str,
                                                 message: str) -> None:
    path = _copy(tmp_path, monkeypatch)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = run_cli(capsys, "requirements", "--check")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert re.search(message, err), err
    catalog = Catalog.load(SETTINGS.catalog_path)
    with pytest.raises(DataFileError):
        RequirementCatalog.load(path.parent, sections={e.id for e in catalog}, texts=shipped()[2])


def test_duplicate_ids_are_refused_with_both_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy(tmp_path, monkeypatch)
    shutil.copy(path, path.with_name("s3-copy.yaml"))
    with pytest.raises(DataFileError, match=r"s3\.yaml:\d+: requirements\[0\]\.id: duplicate id 's3\.[a-z-]+' "
                                            r"\(also in .*s3-copy\.yaml\)"):
        RequirementCatalog.load(path.parent)


def test_draft_lists_spans_with_kind_and_citing_records(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "requirements", "--draft", "S3")
    assert code == 0 and out.startswith("# hipaa-ko\n")
    assert "[requirement] hipaa-ko:" in out and "cited by: s3.transit-https" in out
    assert "    verbatim: '자세한 내용은 암호화를 사용한 데이터 [보호](#)를 참조하십시오.'" in out


@pytest.mark.parametrize("text,lang,refers", [
    ("따라서 다른 서비스에서 내보낸 PHI를 Logs로 전송하여 다시 암호화할 필요가 없습니다.", "ko", True),
    ("이 옵션을 선택하면 EFS 파일 시스템에 있는 모든 데이터가 암호화됩니다.", "ko", True),
    ("이제 FreeRTOS를 실행하는 적격 장치를 사용할 때", "ko", False),
    ("因此，Amazon GuardDuty 不應遇到任何 PHI。", "zh", True),
    ("此外，客戶應啟用稽核。", "zh", False),  # "in addition" opens a sentence of its own
    ("These snapshots can be accessed at any time.", "en", True),
    ("Thistle is not a service.", "en", False),
])
def test_a_sentence_that_refers_back_is_told(text: str, lang: str, refers: bool) -> None:
    assert Wording.load(SETTINGS.data_file("guidance.yaml")).is_back_reference(text, lang) is refers


def test_if_you_need_more_protection_is_no_pointer() -> None:
    """"如需" (if you need) is a pointer only with the information it points to ("如需詳細資訊，請參閱")."""
    wording = Wording.load(SETTINGS.data_file("guidance.yaml"))
    shield = "如需針對 Web 應用程式的攻擊提供更高層級的保護，客戶可以 AWS Shield Advanced 訂閱。"
    assert wording.kind(shield, "zh") != "reference"
    assert wording.kind("如需使用 Amazon EMR 加密的相關資訊，請參閱 加密選項。", "zh") == "reference"


def test_a_sentence_whose_main_clause_points_elsewhere_is_a_reference() -> None:
    """Its other clause may hold requirement words ("고려해야 하는", "應考慮"); a list whose last item points
    elsewhere is still what its lead-in says, and a requirement with no pointer stays one."""
    wording = Wording.load(SETTINGS.data_file("guidance.yaml"))
    assert wording.kind("이 보안 문제를 해결하기 위해 고려해야 하는 보호 장치를 포함한 자세한 내용은 개발자 안내서를 "
                        "참조하십시오.", "ko") == "reference"
    assert wording.kind("如需包括解決此安全問題時應考慮之保護措施的詳細資訊，請參閱開發人員指南。", "zh") == "reference"
    assert wording.kind("For more information on the safeguards you must consider, see the developer guide.",
                        "en") == "reference"
    listed = "다음과 같이 보호하는 것이 좋습니다. • MFA를 사용합니다. • 자세한 내용은 안내서를 참조하십시오."
    assert wording.kind(listed, "ko") == "requirement"
    assert wording.kind("고객은 전송 중 암호화를 사용해야 합니다.", "ko") == "requirement"


def test_the_services_that_cannot_hold_data_are_told_from_their_statements() -> None:
    """"cannot store or transmit data" (SWF), not "itself does not store ... PHI" of a service that moves files
    into S3 (Transfer for SFTP) nor "logs do not contain PHI" (RoboMaker)."""
    records = shipped()[0]
    unable = {r.id for r in records.records if r.holds_no_data}
    assert {"swf.no-data-storage", "step-functions.no-phi", "aws-config.no-phi", "cloudhsm.no-phi"} <= unable
    assert not unable & {"transfer-sftp.no-phi-in-service", "robomaker.logs-contain-no-phi",
                         "managed-flink.no-unencrypted-storage", "xray.no-phi"}
    assert all(records.get(i).topic == "eligibility" for i in unable)


def test_the_services_that_keep_no_data_and_the_facts_that_say_it_encrypts() -> None:
    """keeps_no_data is wider than holds_no_data (Transfer for SFTP stores none itself), never a record about logs;
    encrypts reads the statement's first clause, with its condition (encrypts_if) and backups (encrypts_backups)."""
    records = shipped()[0]
    keeps = {r.id for r in records.records if r.keeps_no_data}
    assert {"transfer-sftp.no-phi-in-service", "comprehend.no-data-retention", "amazon-translate.no-data-at-rest",
            "cloudformation.no-phi", "swf.no-data-storage", "guardduty.no-phi"} <= keeps  # ("GuardDuty should not
    # encounter PHI": of the service, not of the logs it reads)
    assert not keeps & {"robomaker.logs-contain-no-phi", "fargate.infrastructure-only"}
    get = records.get
    assert get("cloudwatch-logs.encrypted-no-reencryption").encrypts  # "..., so PHI ... does not need to be"
    assert get("iot-core.encryption-in-transit").encrypts and not get("iot-core.encryption-in-transit").encrypts_if
    assert get("neptune.encrypted-logs-backups-snapshots").encrypts_if  # "For encrypted Amazon Neptune instances"
    assert not get("sqs.server-side-encryption").encrypts  # an obligation, not a fact
    assert get("rds-postgresql.encryption-at-rest-kms").encrypts_backups  # "...; backups ... are then encrypted"
    assert get("rds-postgresql.encryption-at-rest-kms").encrypts_if  # "of an encrypted instance"
    assert not get("ebs.evaluate-encryption").encrypts_backups


def test_what_a_statement_says_of_defaults() -> None:
    """says_default: what happens by default ("default to TLS", "the default vault is encrypted", "by default");
    off_by_default: what is off unless turned on, which is never said to be done for you."""
    get = shipped()[0].get
    assert get("documentdb.transit-encrypted-endpoints").says_default  # "new clusters accept only TLS by default"
    assert get("aws-backup.vault-encryption-key").says_default  # "the default vault is encrypted"
    assert get("msk.transit-defaults").says_default  # "clusters created from the CLI or console default to TLS"
    assert not get("msk.transit-defaults").done_for_you  # ... which can be changed: "may we leave it out?" is still No
    for record in ("efs.transit-tls", "emr.bp2016-no-default-encryption-at-rest"):
        assert get(record).off_by_default and not get(record).says_default and not get(record).done_for_you, record
    assert not get("ebs.volume-keys").says_default and not get("ebs.volume-keys").off_by_default


def test_a_sentence_that_sends_the_reader_to_the_previous_section() -> None:
    wording = Wording.load(SETTINGS.data_file("guidance.yaml"))
    assert wording.refers_to_previous_section("지침은 이전 섹션을 참조하십시오.", "ko")
    assert wording.refers_to_previous_section("如需指引，請參閱前一 Amazon Comprehend 節。", "zh")
    assert not wording.refers_to_previous_section("추가 정보는 Amazon EKS의 HIPAA 백서를 참조하십시오.", "ko")

