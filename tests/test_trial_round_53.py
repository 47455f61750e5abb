"""Answers on the real corpus (trial round, stop 53): a thing the named section does not speak of that another section
does (SMS, key policies), a "must we?" about a thing decided only by a record that speaks of it, the whole of a
service named for the topic asked (CloudTrail), services that hold no PHI, related documents' own sections on a
service the whitepaper lacks (AWS Artifact), and askers' words the documents say otherwise."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.phrases import phrase
from kb.records import Context

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("question", "lang"), [("SNS SMS로 예약 알림 보낼때 PHI 넣어도 돼?", "ko"),
                                                ("Can we use SNS to send SMS notifications containing PHI to patients?",
                                                 "en"),
                                                ("可以用 SNS 發 SMS 把檢驗結果傳給病人嗎？", "zh")])
def test_sms_is_said_to_be_outside_the_sns_section_and_pinpoint_answers(full_index: Settings, question: str,
                                                                        lang: str) -> None:
    """The Korean question was "예." by SNS's eligibility ("SMS로" hid the term from a \\b pattern), the English one
    said "The documents do not speak of push notifications, SMS or email": the SNS section does not, Amazon
    Pinpoint's does ("use a dedicated short code"). No verdict; the note names the SNS section."""
    kb = KnowledgeBase(full_index)
    a = kb.ask(question)
    sns = kb.chain.composer.name(kb.catalog.get("sns"), lang)
    label = {"en": "SMS text messages", "ko": "SMS 문자 메시지", "zh": "簡訊（SMS）"}[lang]  # (SMS asked: stop 58)
    assert a.verdict is None, a.verdict
    assert a.answer.startswith(phrase(lang, "term_unstated_of", sections=sns, detail=label, below="")), a.answer[:150]
    assert "amazon-pinpoint.sms-dedicated-short-code" in a.records, a.records


def test_a_thing_no_section_speaks_of_is_still_unspoken_of(full_index: Settings) -> None:
    """Another section's record is listed only when it fits the question nearly as well as the answer's best: Cognito's
    "immutable" user attributes are no answer to S3 Object Lock, which no document names."""
    a = KnowledgeBase(full_index).ask("Can we use S3 Object Lock for PHI backups?")
    assert a.answer.startswith(phrase("en", "term_unstated", detail="S3 Object Lock or other write-once (WORM) storage",
                                      below="")), a.answer[:120]
    assert not any(r.startswith("multi-tenancy.") for r in a.records), a.records


def test_key_policies_are_answered_from_the_page_that_speaks_of_them(full_index: Settings) -> None:
    """"KMS key policy - who should be allowed to use the CMKs?" got KMS's general records: the KMS section says
    nothing of key policies, the Forecast data-protection page does."""
    a = KnowledgeBase(full_index).ask("KMS key policy - who should be allowed to use the CMKs that encrypt PHI?")
    assert a.answer.startswith("The AWS Key Management Service (AWS KMS) section does not speak of key policies"), \
        a.answer[:120]
    assert any(r.startswith("forecast.page-key-policy") for r in a.records), a.records


@pytest.mark.parametrize("question", ["備份與災難復原：PHI 資料需要跨區域複製嗎？",
                                      "DR strategy for PHI - do we need multi region backups?"])
def test_a_must_we_about_another_region_is_not_yes_by_the_contingency_plan(full_index: Settings,
                                                                          question: str) -> None:
    """Both were "Yes." by "maintain a contingency plan and exact copies of ePHI", which says nothing of Regions; the
    record that does ("replicating across Regions, when the business needs it, is the customer's") decides no yes."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None, (a.verdict, a.records[:1])
    assert "auditing-backups-dr.bp2016-no-cross-region-replication" in a.records, a.records


def test_lifecycle_rules_are_said_to_be_unspoken_of(full_index: Settings) -> None:
    """"can we use S3 lifecycle rules to delete PHI ...?" was "Yes." by S3's eligibility; no document names lifecycle
    rules."""
    a = KnowledgeBase(full_index).ask("can we use S3 lifecycle rules to delete PHI after the retention period?")
    assert a.verdict is None and a.answer.startswith(phrase("en", "term_unstated", detail="lifecycle rules",
                                                            below="")), a.answer[:120]


@pytest.mark.parametrize("question", ["CloudTrail로 SageMaker API 호출 감사 로그 꼭 남겨야 하나요?",
                                      "Do we need CloudTrail for audit logging?"])
def test_a_must_we_about_cloudtrail_logging_is_decided_by_creating_trails(full_index: Settings, question: str) -> None:
    """The Korean question was "Recommended." by log file integrity validation, the record its words ("로그") fit
    best: the section's first obligation on logging, create trails, decides, listed or not."""
    a = KnowledgeBase(full_index).ask(question)  # (since stop 55 "Yes.": the audit logging the AWS BAA requires)
    assert a.verdict == "yes" and a.records[0] == "cloudtrail.create-trails", (a.verdict, a.records)


def test_cloudtrail_named_after_a_log_chapter_is_asked_as_a_whole(full_index: Settings) -> None:
    """"稽核日誌 CloudTrail 要開哪些設定？日誌要怎麼保護" names the 2016 paper's log chapter first; CloudTrail, the
    service named for logging, is still asked as a whole: its encrypted-trail record protects the logs."""
    a = KnowledgeBase(full_index).ask("稽核日誌 CloudTrail 要開哪些設定？日誌要怎麼保護")
    assert {"cloudtrail.encrypted-trail", "cloudtrail.create-trails"} <= set(a.records), a.records


@pytest.mark.parametrize("question", ["Do we need to encrypt Step Functions state data?",
                                      "Step Functions 的狀態資料會存 PHI 嗎，要加密嗎？"])
def test_a_service_that_holds_no_phi_is_not_sent_to_the_encryption_rule(full_index: Settings, question: str) -> None:
    """"Do we need to encrypt Step Functions state data?" was "Yes, by the rule for every service" and both pointed
    to "encrypt PHI stored in eligible services" under "the section has no guidance": Step Functions cannot store,
    transmit or process PHI, which is what the section says."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None, a.verdict
    assert a.records == ["step-functions.no-phi"], a.records


def test_a_general_chapter_is_never_said_to_have_its_own_whitepaper_section(full_index: Settings) -> None:
    """An eligibility question naming SSH beside Systems Manager said "EC2 key pairs and administrative access
    (SSH/RDP) has its own section in the AWS HIPAA whitepaper", a chapter of the 2016 paper."""
    a = KnowledgeBase(full_index).ask("can we use SSM Session Manager instead of an SSH bastion for PHI hosts")
    assert "EC2 key pairs and administrative access (SSH/RDP) has its own section" not in a.answer, a.answer


@pytest.mark.parametrize(("question", "lang"), [("What is AWS Artifact used for?", "en"),
                                                ("稽核時要提供哪些證據？AWS Artifact 有用嗎？", "zh")])
def test_a_service_only_the_study_notes_have_a_section_on_is_answered_from_it(full_index: Settings, question: str,
                                                                              lang: str) -> None:
    """Both were refused ("they have no section on AWS Artifact"): the study notes have one (accept the BAA, AWS
    documents only); the answer says the whitepaper has no section and what the related documents say."""
    kb = KnowledgeBase(full_index)
    a = kb.ask(question)
    assert not a.abstained, a.reason
    name = kb.chain.composer.name(kb.catalog.get("aws-artifact"), lang)
    lead = phrase(lang, "uncovered_related", names=name, url="")
    assert a.answer.startswith(lead[:lead.index(name) + len(name)]), a.answer[:120]
    assert a.records and all(r.startswith("aws-artifact.") for r in a.records), a.records


@pytest.mark.parametrize(("question", "record"), [
    ("PHI 유출 의심될때 인시던트 대응 뭐부터 해야하나요", None),
    ("IAM 비밀번호 정책 어떻게 설정하는게 좋음?", "aws-iam.bp2016-password-policy"),
    ("刪除的 PHI 要怎麼確保無法還原？", "encrypting-and-protecting-phi.bp2016-delete-keys-for-disposal"),
])
def test_askers_words_the_documents_say_otherwise(full_index: Settings, question: str, record: str | None) -> None:
    """"인시던트 대응" was refused ("사고 대응" was answered); "비밀번호 정책" got the access-key row of the 2016 table
    (the paper says 암호); "無法還原" got HealthLake's deleted FHIR resources (the disposal record says 無法復原)."""
    a = KnowledgeBase(full_index).ask(question)
    assert not a.abstained, a.reason
    if record is None:
        assert [s.id for s in a.services] == ["incident-response"], a.services
    else:
        assert a.records[0] == record, a.records


@pytest.mark.parametrize("question", ["KMS 키 자동 rotation 꼭 켜야하나요", "KMS 金鑰要開自動 rotation 嗎？"])
def test_key_rotation_typed_in_english_is_said_to_be_unspoken_of(full_index: Settings, question: str) -> None:
    """"KMS 키 자동 rotation 꼭 켜야하나요" got KMS's key-tag and eligibility records as if they answered it."""
    a = KnowledgeBase(full_index).ask(question)
    lang = "ko" if "키" in question else "zh"
    label = {"ko": "고객 KMS 키 교체(로테이션)", "zh": "自有 KMS 金鑰的輪替"}[lang]
    assert a.verdict is None and a.answer.startswith(phrase(lang, "term_unstated", detail=label, below="")), \
        a.answer[:120]


@pytest.mark.parametrize("question", ["可以把病歷丟進 Amazon Comprehend Medical 做實體擷取嗎？",
                                      "Is Amazon Polly ok for reading out lab results to patients?"])
def test_putting_records_into_a_service_asks_its_eligibility(full_index: Settings, question: str) -> None:
    """Both had no verdict: "把病歷丟進 ... 嗎" was too long for the Chinese "可以 ... 嗎" and "丟" no verb of putting
    PHI in; "reading out lab results" no verb of using PHI."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict == "yes" and a.records[0] == "baa.phi-only-in-eligible-services", (a.verdict, a.records)


@pytest.mark.parametrize("question", ["PHI 백업이랑 DR 전략 알려줘",
                                      "What backup and DR strategy should we use for PHI?"])
def test_a_strategy_asks_for_the_whole_chapter(full_index: Settings, question: str) -> None:
    """The Korean and English questions listed only the contingency-plan record (the Chinese one the whole chapter):
    asking for a strategy asks what the chapter says, EBS snapshots and AWS DRS included."""
    a = KnowledgeBase(full_index).ask(question)
    records = set(a.records)
    assert {"auditing-backups-dr.contingency-plan", "auditing-backups-dr.elastic-disaster-recovery"} <= records, \
        a.records


def test_a_misspelt_service_the_whitepaper_lacks_is_read_and_said_to_be_uncovered(full_index: Settings) -> None:
    """"Congito 用來做病患登入可以嗎" raised QueryError ("The question is empty"): the unknown name and the Chinese
    run after it were cut as one word, leaving nothing to search. "Congito" is Amazon Cognito, which the whitepaper
    lacks: the answer says so and what the documents say of it elsewhere."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Congito 用來做病患登入可以嗎")
    assert [s.id for s in a.not_covered] == ["cognito"], (a.not_covered, a.answer[:120])
    assert "Congito" in a.answer and "Amazon Cognito" in a.answer, a.answer


def test_opsworks_alone_names_its_three_sections(full_index: Settings) -> None:
    """"OpsWorks 是 HIPAA eligible 嗎" named no service ("問題中沒有指明 AWS 服務"): the whitepaper has a section for
    each of its three offerings."""
    a = KnowledgeBase(full_index).ask("OpsWorks 是 HIPAA eligible 嗎")
    assert {s.id for s in a.services} == {"opsworks-chef-automate", "opsworks-puppet-enterprise", "opsworks-stacks"}, \
        a.services


def test_two_services_compared_get_no_one_party(full_index: Settings) -> None:
    """"who patches the DB engine on RDS vs EC2-hosted database?" was "The customer's." by EC2's patching record, which
    says nothing of RDS (where AWS manages the operating system)."""
    a = KnowledgeBase(full_index).ask("shared responsibility: who patches the DB engine on RDS vs EC2-hosted database?")
    assert a.verdict is None, (a.verdict, a.records[:1])


@pytest.mark.parametrize(("first", "again", "lang"), [("S3 버킷은 암호화해야 하나요?", "확실해요?", "ko"),
                                                      ("Do we need to encrypt EBS volumes?", "are you sure?", "en"),
                                                      ("DynamoDB 要加密嗎？", "你確定嗎？", "zh")])
def test_are_you_sure_answers_the_question_again(full_index: Settings, first: str, again: str, lang: str) -> None:
    """"Are you sure?" after a yes/no answer re-listed part of the guidance with no verdict (three times in 53h): it
    asks the last question again, said so."""
    kb = KnowledgeBase(full_index)
    a = kb.ask(first)
    b = kb.ask(again, context=Context.after(a))
    assert (b.verdict, b.records[:1]) == (a.verdict, a.records[:1]) and a.verdict == "yes", (b.verdict, b.records)
    assert b.answer.endswith(phrase(lang, "restated_sure", question=first)), b.answer[-150:]


def test_all_regions_is_said_to_be_unspoken_of(full_index: Settings) -> None:
    """"Should CloudTrail be enabled in all regions?" was "Recommended." by "create specific trails", which says
    nothing of Regions."""
    a = KnowledgeBase(full_index).ask("Should CloudTrail be enabled in all regions?")
    assert a.verdict is None and a.answer.startswith(
        "The AWS CloudTrail section does not speak of settings in every AWS Region"), a.answer[:120]


def test_leaving_encryption_out_over_direct_connect_is_no(full_index: Settings) -> None:
    """"Direct Connect 쓰면 따로 암호화 안해도 되죠?" (no covered service named) got no verdict and led with the 2016
    paper's "you may decide not to use IPsec": the rule for every service does not let PHI in transit go
    unencrypted, the topic the records naming Direct Connect speak of."""
    a = KnowledgeBase(full_index).ask("Direct Connect 쓰면 따로 암호화 안해도 되죠?")
    assert (a.verdict, a.records[0]) == ("no", "encrypting-and-protecting-phi.encrypt-in-transit"), \
        (a.verdict, a.records)


@pytest.mark.parametrize("question", ["那靜態加密呢？", "그럼 저장 암호화는요?", "what about encryption at rest?"])
def test_a_follow_up_asking_encryption_keeps_a_silent_service(full_index: Settings, question: str) -> None:
    """"那靜態加密呢？" after an AWS Transfer Family question was answered by the encryption chapter alone, "no service
    named": its words ("加密") were read as the question's own, which only a general chapter has."""
    a = KnowledgeBase(full_index).ask(question, context=Context(services=("transfer-sftp",)))
    assert [s.id for s in a.services] == ["transfer-sftp"], a.services


def test_phi_in_a_part_no_document_names_gets_the_free_form_rule(full_index: Settings) -> None:
    """"Elastic Beanstalk 환경 변수에 PHI 넣어도 되나요?" listed two eligibility records under "the documents do not
    speak of environment variables"; its rule on PHI in free-form fields is the nearest it says."""
    a = KnowledgeBase(full_index).ask("Elastic Beanstalk 환경 변수에 PHI 넣어도 되나요?")
    assert a.records[0] == "elastic-beanstalk.no-phi-in-free-form-fields", a.records


def test_a_short_name_compared_first_in_the_sentence_is_named(full_index: Settings) -> None:
    """"Config vs CloudTrail for audit logging, which one do we need?" answered CloudTrail alone: "Config", an ordinary
    word first in the sentence, is AWS Config when set against another service."""
    a = KnowledgeBase(full_index).ask("Config vs CloudTrail for audit logging, which one do we need?")
    assert {"aws-config", "cloudtrail"} <= {s.id for s in a.services}, a.services


def test_an_alternative_comes_with_the_way_it_is_the_alternative_to(full_index: Settings) -> None:
    """"do we terminate TLS at the ELB?" listed only "Alternatively, pass encrypted sessions through to the back-end
    instances", which reads as "don't terminate at the load balancer"."""
    a = KnowledgeBase(full_index).ask("do we terminate TLS at the ELB?")
    assert a.records[:2] == ["elb.terminate-tls-at-load-balancer", "elb.pass-through-to-back-end"], a.records


def test_cloudtrail_after_a_log_chapter_named_by_a_topic_term_is_the_subject(full_index: Settings) -> None:
    """"감사 로그 CloudTrail 꼭 켜야 하나요? 로그 보관은?" was "예." by the 2016 paper's log-retention record (the
    chapter "감사 로그" names came first), with nothing of CloudTrail's: CloudTrail is what the "must we?" asks of
    (create trails decides), and the later clause on keeping logs keeps the log chapter's records."""
    a = KnowledgeBase(full_index).ask("감사 로그 CloudTrail 꼭 켜야 하나요? 로그 보관은?")  # ("Yes." since stop 55)
    assert (a.verdict, a.records[0]) == ("yes", "cloudtrail.create-trails"), (a.verdict, a.records)
    assert any(r.startswith("security-logging.") for r in a.records), a.records


def test_a_former_name_with_a_section_of_its_own_is_listed_and_said(full_index: Settings) -> None:
    """"EventBridge 이벤트에 PHI 넣어도 되나요?" was "예." by EventBridge's eligibility: the whitepaper gives its former
    name, Amazon CloudWatch Events, whose section says PHI must not flow into it; that section is listed and said to be
    the old name's (services.yaml `formerly`). Stop 58: no verdict either way (trial 58b read "아니요" by the old name's
    section as contradicting EventBridge's own); the note says only that section bars PHI."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("EventBridge 이벤트에 PHI 넣어도 되나요?")
    assert a.verdict is None and "cloudwatch-events.no-phi-in-events" in a.records, (a.verdict, a.records)
    assert phrase("ko", "formerly_forbids", service=kb.chain.composer.name(kb.catalog.get("eventbridge"), "ko"),
                  former=kb.chain.composer.name(kb.catalog.get("cloudwatch-events"), "ko")) in a.answer, a.answer
    b = kb.ask("How does EventBridge encrypt event data by default?")  # (not "CloudWatch Events has no guidance")
    assert [s.id for s in b.services] == ["eventbridge", "cloudwatch-events"] and all(
        r.startswith("eventbridge.") for r in b.records), b.records


@pytest.mark.parametrize(("question", "service"), [("發生資料外洩事件要怎麼處理？", "incident-response"),
                                                   ("發生資料外洩時要怎麼處理？", "incident-response"),
                                                   ("환자 데이터 유출 의심되면 뭐부터?", "incident-response"),
                                                   ("CloudWatch 的 log 需要加密嗎？用KMS?", "cloudwatch-logs"),
                                                   ("根帳號要怎麼保護？", "aws-account-security")])
def test_askers_names_for_a_section(full_index: Settings, question: str, service: str) -> None:
    """"發生資料外洩事件要怎麼處理？" (handling a data breach) was refused; "CloudWatch 的 log" was read as CloudWatch
    and answered "monitor CloudWatch API calls with CloudTrail"; "根帳號" (帳號, not the alias's 帳戶) was refused."""
    a = KnowledgeBase(full_index).ask(question)
    assert not a.abstained and a.services[0].id == service, (a.reason, a.services)


def test_needing_a_baa_before_one_can_is_a_must_we(full_index: Settings) -> None:
    """"我們需要先簽 BAA 才能用 AWS 處理 PHI 嗎?" got no verdict (53m; the Korean and English asks got one): "才能 ...
    嗎" (only then can we ...?) was read as "may we?"; it asks "must we first?"."""
    a = KnowledgeBase(full_index).ask("我們需要先簽 BAA 才能用 AWS 處理 PHI 嗎?")
    assert (a.ask, a.verdict) == ("necessity", "yes"), (a.ask, a.verdict)
