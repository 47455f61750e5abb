"""Answers on the real corpus (trial round, stop 59): whether a service keeps the text it is given, secrets named as DB
passwords, data that holds no PHI, the study notes' Amazon Cognito section, and disaster recovery asked beside a
service's backups."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


_NO = {  # "the text", "the audio files" name the data the service is given, no thing another record speaks of (stop
    # 58: Comprehend's "detect PII in English text documents" held "text" and took the verdict away)
    "does Comprehend Medical store the text?": "keeps no data", "Does Transcribe keep the audio files we send?":
    "keeps no data", "Translate 會保留我們傳的文字嗎?": "keeps no data",
    # the negation names the services, not the question: "No." by the rule that PHI goes only into eligible services
    # (trial 59g: no verdict)
    "그럼 BAA 대상 서비스 아닌거에 PHI 넣어도 되나?": "outside the BAA",
    "不在 BAA 範圍的服務可以放 PHI 嗎？": "outside the BAA",
    "Can we store PHI in services that are not HIPAA eligible?": "outside the BAA"}


@pytest.mark.parametrize("question", sorted(_NO))
def test_answered_no(full_index: Settings, question: str) -> None:
    """Whether a service keeps the data it is given, and PHI in services outside the BAA (`_NO`: which)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "no", a.answer


def test_a_thing_another_record_speaks_of_still_outdoes_keeping_no_data(full_index: Settings) -> None:
    """Custom models are no data given: their record, not "Comprehend does not retain or store any data", answers."""
    a = KnowledgeBase(full_index).ask("Does Comprehend store custom models?")
    assert a.verdict is None, a.answer


@pytest.mark.parametrize("question", ["DB 비번이랑 API 키 같은 시크릿은 KMS로 관리해야 하나요",
                                      "시크릿 어디에 저장해야 돼요",
                                      "where should we keep third-party API keys for the PHI app?"])
def test_secrets_asked_by_what_they_are_reach_secrets_manager(full_index: Settings, question: str) -> None:
    """DB passwords and third-party API keys are what the Secrets Manager section stores (trial 58b WRONG: KMS's
    data-key records alone; "시크릿 어디에" was refused)."""
    a = KnowledgeBase(full_index).ask(question)
    assert not a.abstained
    assert a.services[0].id == "secrets-manager", [s.id for s in a.services]


def test_an_api_gateway_api_key_is_no_secret(full_index: Settings) -> None:
    """API Gateway's own API keys name no Secrets Manager."""
    a = KnowledgeBase(full_index).ask("API Gateway API keys 要怎麼設定?")
    assert [s.id for s in a.services] == ["api-gateway"]


_NO_PHI = {"韌體更新檔放 S3 再用 CloudFront 發佈，需要開加密嗎？": "文件的規定是針對 PHI 的",
           "Do we need to encrypt the static website assets in S3?": "The documents' rules are for PHI.",
           "Do we need to encrypt synthetic test data in RDS?": "The documents' rules are for PHI."}


@pytest.mark.parametrize("question", sorted(_NO_PHI))
def test_data_that_holds_no_phi_gets_no_verdict_by_the_rule_for_phi(full_index: Settings, question: str) -> None:
    """Firmware, static website assets and synthetic data hold no PHI: the rule that PHI be encrypted does not decide
    (trial 58k WRONG: "是（依適用於所有服務的規則）" for firmware), and the answer says first that the rules are for
    PHI."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None
    assert a.answer.startswith("**" + _NO_PHI[question].lstrip("*")), a.answer[:200]


def test_de_identified_data_says_once_that_the_documents_do_not_speak_of_it(full_index: Settings) -> None:
    """De-identified data is a term the documents do not speak of (data/details.yaml): that note alone, no verdict
    (was "예 (모든 서비스에 적용되는 규칙에 따름)")."""
    a = KnowledgeBase(full_index).ask("비식별화된 데이터도 S3에 암호화해야 하나요?")
    assert a.verdict is None
    assert a.answer.startswith("문서는 비식별화(익명화)된 데이터에 대해 다루지 않습니다."), a.answer[:200]
    assert "문서의 지침은 PHI에 대한 것입니다" not in a.answer


def test_phi_in_s3_still_must_be_encrypted(full_index: Settings) -> None:
    a = KnowledgeBase(full_index).ask("Do we need to encrypt PHI in S3?")
    assert a.verdict == "yes"


@pytest.mark.parametrize("question", ["cognito + lambda: make sure patients only access their own records",
                                      "Cognito로 환자별 접근 제어 어떻게 해요?"])
def test_the_study_notes_cognito_section_is_listed(full_index: Settings, question: str) -> None:
    """The study notes have an AWS Cognito section (roles mapped to users, each reaching only what it is authorized
    for); trial 59a WRONG listed only Comprehend's multi-tenancy bullet."""
    a = KnowledgeBase(full_index).ask(question)
    assert "cognito.notes-roles-per-user" in a.records, a.records


@pytest.mark.parametrize("question", ["backup and DR for ec2 media servers, whats recommended?",
                                      "EC2랑 EBS 백업은 어떻게 하고 DR은 어떻게 구성?"])
def test_disaster_recovery_beside_a_service_lists_the_chapters_dr_on_it(full_index: Settings, question: str) -> None:
    """The EC2 section gives no backups or DR; the audit, backup and DR chapter's record on DR for EC2 (several
    Availability Zones, Elastic IP failover) is listed, not the 2016 paper's BC/DR tools of RDS (trials 59a, 59c)."""
    a = KnowledgeBase(full_index).ask(question)
    assert "auditing-backups-dr.ec2-multi-az-failover" in a.records, a.records
    assert "auditing-backups-dr.bp2016-container-bcdr-customer" not in a.records, a.records


def test_the_dr_section_named_asks_no_disaster_recovery(full_index: Settings) -> None:
    """"the auditing, backup and DR section" names the chapter: its S3 availability record answers."""
    a = KnowledgeBase(full_index).ask(
        "What availability is Amazon S3 designed for according to the auditing, backup and DR section?")
    assert "auditing-backups-dr.s3-redundant-copies" in a.records, a.records


@pytest.mark.parametrize("question", [
    "Transcribe로 통화 녹취 텍스트 변환하고 Comprehend Medical로 분석하려는데 둘다 PHI 처리 가능한가요",
    "is Kinesis Video Streams ok for live call audio with PHI? HIPAA eligible?"])
def test_eligibility_stands_beside_data_the_documents_do_not_speak_of(full_index: Settings, question: str) -> None:
    """Whether a service may process PHI is decided by its section whatever data it is given: call recordings, of
    which the documents do not speak, are said to be so after the verdict (trial 59b: no verdict)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "yes", a.answer
    _, _, rest = a.answer.partition("\n\n")
    assert rest.startswith(("문서는 통화 녹음에 대해 다루지 않습니다.",
                            "The documents do not speak of call recordings")), rest[:100]


@pytest.mark.parametrize("question", ["Can we put PHI in Lambda environment variables?",
                                      "Okta로 SSO 붙여서 WorkSpaces에 PHI 써도 되나요?"])
def test_a_part_or_a_product_the_documents_never_name_keeps_no_verdict(full_index: Settings, question: str) -> None:
    """A part of the service the documents do not speak of, or a product they never name, is no eligibility
    question: a "Yes." would read as one for the environment variables or for Okta."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None, a.answer


def test_reading_patient_results_aloud_asks_whether_polly_may_process_phi(full_index: Settings) -> None:
    """"念出病患的檢驗結果" uses Polly on PHI (trial 59b: no verdict)."""
    a = KnowledgeBase(full_index).ask("可以用 Amazon Polly 念出病患的檢驗結果嗎？")
    assert a.verdict == "yes", a.answer


def test_each_service_of_a_who_patches_comparison_is_answered(full_index: Settings) -> None:
    """EC2's patching is the customer's; for container services such as RDS, AWS manages the operating system: both
    are listed, and no one verdict speaks for both (trial 59a WRONG: "The customer's." by EC2's record alone, RDS
    dropped as a section named in passing because its borrowed record was ranked 0)."""
    a = KnowledgeBase(full_index).ask("Who patches the OS on EC2 vs on managed services like RDS?")
    assert a.verdict is None, a.answer
    assert {"ec2.bp2016-patch-management-customer", "shared-responsibility.bp2016-container-aws-manages"} <= set(
        a.records), a.records


@pytest.mark.parametrize("question", ["EMR w/ PHI - encryption at rest and in transit reqs?",
                                      "EMR 叢集處理 PHI 的話，靜態和傳輸中加密要怎麼開？"])
def test_a_whitepaper_section_silent_on_transit_gets_the_2016_advice(full_index: Settings, question: str) -> None:
    """The EMR section says nothing of encryption in transit; the 2016 paper's advice (SSH to the master node, TLS for
    Thrift, REST or Avro) fills the gap, never its "node traffic needs no additional protection" (trial 59f WRONG:
    "no guidance on encryption in transit")."""
    a = KnowledgeBase(full_index).ask(question)
    assert "emr.bp2016-ssh-and-tls-access" in a.records, a.records
    assert "emr.bp2016-node-traffic-same-az" not in a.records


def test_the_dr_chapter_still_answers_where_ebs_snapshots_are_kept(full_index: Settings) -> None:
    """Only encryption gaps are filled so: backups are the DR chapter's (its EBS snapshot record, not the 2016
    paper's "two copies in one Availability Zone")."""
    a = KnowledgeBase(full_index).ask(
        "HIPAA 백업 요건 때문에 EBS 스냅샷을 쓰려는데, 스냅샷은 어디에 저장되고 어떻게 복제되나요?")
    assert "auditing-backups-dr.ebs-snapshots" in a.records, a.records


@pytest.mark.parametrize("question", ["Do we need AWS Config to track resource configuration changes?",
                                      "我們需要開 AWS Config 來追蹤資源設定變更嗎?"])
def test_what_aws_config_is_used_for_comes_from_the_whitepaper(full_index: Settings, question: str) -> None:
    """Asked whether it is needed to track changes, AWS Config's own section says what it is for (monitor and evaluate
    architectures), not only the study notes' "enable it in every Region" (trial 59g WRONG)."""
    a = KnowledgeBase(full_index).ask(question)
    assert "aws-config.no-phi" in a.records, a.records


def test_a_negated_question_about_every_service_keeps_no_verdict(full_index: Settings) -> None:
    """"모든 AWS 서비스에 PHI 넣으면 안 되나요?" asks with a negation: a Korean "아니요" would read as "it is
    allowed"."""
    a = KnowledgeBase(full_index).ask("모든 AWS 서비스에 PHI 넣으면 안 되나요?")
    assert a.verdict is None, a.answer


@pytest.mark.parametrize("question", ["should devs have access to prod PHI? how to do least privilege w/ IAM",
                                      "開發人員可以存取正式環境的 PHI 嗎？"])
def test_who_may_have_access_gets_no_verdict(full_index: Settings, question: str) -> None:
    """The documents speak of least privilege, not of who may have access: "Recommended." by "an IAM user per
    individual" read as "give developers access" (trial 59h WRONG)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None, a.answer


@pytest.mark.parametrize("question", ["發生資安事件時，AWS 會幫我們處理事件回應嗎？",
                                      "사고 나면 AWS가 대응해 주나요?"])
def test_whether_aws_responds_to_incidents_leads_with_whose_job_it_is(full_index: Settings, question: str) -> None:
    """"AWS 會幫我們處理", "AWS가 대응해 주나요" ask who is responsible: the record that investigation is mostly the
    customer's leads, not the abuse-report handling (trials 59b, 59h)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "security-logging.bp2016-guest-os-logs-are-customer-side", a.records


@pytest.mark.parametrize("question", ["should our CI/CD pipeline use IAM user access keys or an IAM role?",
                                      "should the build server use access keys or a role?"])
def test_access_keys_or_a_role_lists_roles_instead_of_long_term_credentials(full_index: Settings,
                                                                             question: str) -> None:
    """The 2016 paper weighs long-term credentials against roles' temporary ones (trial 59c: root and MFA records
    instead)."""
    a = KnowledgeBase(full_index).ask(question)
    assert "aws-iam.bp2016-roles-instead-of-long-term-credentials" in a.records, a.records


def test_texting_through_sns_still_points_to_pinpoint(full_index: Settings) -> None:
    """Only the general chapters' records naming the service asked come first among pointers: VPC's "resource
    policies (S3, SNS, ...)" is no word on SMS (own questions, stop 59: it displaced Amazon Pinpoint's short code)."""
    a = KnowledgeBase(full_index).ask("SNS로 환자에게 문자 보내도 되나요?")
    assert "amazon-pinpoint.sms-dedicated-short-code" in a.records, a.records
    assert not any(r.startswith("vpc.") for r in a.records), a.records


@pytest.mark.parametrize("question", ["CloudTrail跟CloudWatch差在哪？兩個都要開嗎",
                                      "Do we need both CloudTrail and CloudWatch?"])
def test_both_services_get_one_verdict_only_when_each_is_obliged(full_index: Settings, question: str) -> None:
    """"Yes." by CloudTrail's "create a trail" is no answer for CloudWatch, which has no obligation of its own (trial
    59i WRONG)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None, a.answer


def test_a_rule_for_every_service_still_answers_for_both(full_index: Settings) -> None:
    a = KnowledgeBase(full_index).ask("Do we need to encrypt both S3 and EBS?")
    assert a.verdict == "yes", a.answer


@pytest.mark.parametrize("question", ["we think an admin password got leaked, what do we do first",
                                      "管理員密碼外洩了，第一步要做什麼？"])
def test_a_leaked_password_is_an_incident(full_index: Settings, question: str) -> None:
    """Leaked credentials are a compromise: the incident-response chapter answers (trial 59i WRONG: refused)."""
    a = KnowledgeBase(full_index).ask(question)
    assert not a.abstained
    assert a.services[0].id == "incident-response", [s.id for s in a.services]


def test_mfa_typed_against_chinese_is_asked(full_index: Settings) -> None:
    """"需要開MFA嗎？" (no space before MFA) after a WorkSpaces question asks about MFA: the WorkSpaces section does not
    speak of it, the account chapter does (trial 59i WRONG: the WorkSpaces volume encryption again)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("醫生想在家用WorkSpaces看病歷，要怎麼設定比較安全？")
    a = kb.ask("需要開MFA嗎？", context=Context.after(first))
    assert a.answer.startswith("Amazon WorkSpaces 章節沒有談到多因素驗證（MFA）"), a.answer[:120]
    assert any(r.startswith("aws-account-security.") for r in a.records), a.records


def test_a_dead_letter_queue_follow_up_keeps_sqs(full_index: Settings) -> None:
    """A DLQ is an SQS queue: "+DLQ도 암호화해야 하나요?" after SQS asks of SQS (own questions, stop 59: read as a
    new question about a name no document mentions, answered by the BAA chapter)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("SQS 설정 알려줘")
    a = kb.ask("DLQ도 암호화해야 하나요?", context=Context.after(first))
    assert [s.id for s in a.services] == ["sqs"], [s.id for s in a.services]
