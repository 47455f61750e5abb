"""Answers on the real corpus (trial rounds, stop 68): a breach of PHI the documents do not speak of, a detection
service asked how to detect, a service that should never see PHI, who gives breach notice, whether AWS does the
forensics, another vendor's product ending in an AWS short name, contingency planning, S3 versioning in Korean, EKS
secrets, and the way beside a fact for "how do we encrypt"."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

from .conftest import conversation

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("question", "opening"), [
    ("PHI 유출 사고 대응 절차는?", "문서는 PHI 유출에 대해 다루지 않습니다."),
    ("PHI 外洩的事件應變要怎麼做？", "文件沒有談到PHI 外洩；"),
    ("What should we do after a PHI breach on AWS?", "The documents do not speak of a breach or leak of PHI;"),
])
def test_a_breach_of_phi_is_said_not_covered_before_the_incident_chapter(full_index: Settings, question: str,
                                                                         opening: str) -> None:
    """The incident chapter is the 2016 paper's abuse reports and compromised instances; a question about PHI that
    leaked was answered from it as if it spoke of that (trial 68a: "침해" read as a breach). The answer says the
    documents do not speak of it, then lists the chapter."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.answer.startswith(opening), a.answer[:200]
    assert [s.id for s in a.services] == ["incident-response"]
    assert a.verdict is None


@pytest.mark.parametrize("question", ["S3 버킷에서 PHI 유출 방지하려면?", "How do we prevent a data breach in S3?"])
def test_keeping_phi_from_leaking_is_the_services_guidance_not_incident_response(full_index: Settings,
                                                                                question: str) -> None:
    """"S3 버킷에서 PHI 유출 방지하려면?" was answered with the 2016 paper's compromise advice and no S3 record."""
    a = KnowledgeBase(full_index).ask(question)
    assert [s.id for s in a.services] == ["s3"]
    assert a.records and all(r.startswith("s3.") for r in a.records), a.records
    assert "PHI 유출에 대해 다루지" not in a.answer and "do not speak of a breach" not in a.answer


@pytest.mark.parametrize("question", [
    "incident response - how do we detect a breach early, does it mention GuardDuty or anything",
    "如何及早偵測入侵？白皮書有提到 GuardDuty 嗎",
])
def test_asking_how_to_detect_names_what_the_detection_service_does(full_index: Settings, question: str) -> None:
    """GuardDuty was named but its section left out: its one record on PHI lost to the incident chapter, and what it
    does (threat detection) is a description, listed only when asked (trial 68d WRONG)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "guardduty.threat-detection", a.records


@pytest.mark.parametrize(("question", "verdict"), [
    ("Can we send PHI to GuardDuty?", "no"),
    ("Can GuardDuty be used in our PHI environment?", "conditional"),
])
def test_a_service_that_should_never_see_phi_is_no_place_to_send_it(full_index: Settings, question: str,
                                                                    verdict: str) -> None:
    """"Amazon GuardDuty should not encounter PHI: it analyses ... logs, and PHI is not stored in them" answered
    "Can we send PHI to GuardDuty?" with "Yes." (as "cannot store or transmit PHI" answers no for Step Functions)."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == (verdict, "guardduty.no-phi")


@pytest.mark.parametrize("question", [
    "發生資安事件 (PHI外洩) 時 誰負責通報 AWS 還是我們自己?",
    "PHI 유출되면 신고는 누가 해요? AWS? 우리?",
    "If PHI leaks, who has to notify, AWS or us?",
])
def test_who_gives_breach_notice_is_a_legal_matter(full_index: Settings, question: str) -> None:
    """"誰負責通報" was answered "由客戶負責。" by the 2016 paper's line on investigating incidents (trial 68d WRONG);
    who notifies, as when, is breach notification, which the documents do not speak of."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.abstained, a.reason) == (True, "legal")


def test_whether_aws_does_the_forensics_is_answered_by_whose_job_it_is(full_index: Settings) -> None:
    """"那 AWS 會幫我們做鑑識 forensic 嗎" got the isolation steps and no verdict (trial 68d); the 2016 paper says AWS
    cannot see inside the instances and investigation is mostly the customer's."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "PHI 外洩的事件應變要怎麼做？", "那 AWS 會幫我們做鑑識 forensic 嗎")
    assert (a.verdict, a.records[0]) == ("no", "security-logging.bp2016-guest-os-logs-are-customer-side")
    a = kb.ask("Will AWS do forensics for us on a compromised instance?")
    assert (a.verdict, a.records[0]) == ("no", "security-logging.bp2016-guest-os-logs-are-customer-side")


def test_another_vendors_product_ending_in_a_short_name_names_no_aws_service(full_index: Settings) -> None:
    """"Azure AD Connect로 ..." was answered with Amazon Connect's rules (trial 68b WRONG): a capitalised word right
    before a short name makes it another product's name, unless that word opens the question ("Can Translate ...")."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Azure AD Connect로 온프렘 AD 동기화할때 HIPAA 맞추려면 뭐 설정해야되나요?")
    assert (a.abstained, a.reason, a.services) == (True, "other-cloud", [])
    catalog = kb.catalog
    assert [s.id for s, _, _ in catalog.short_mentions("Google Translate로 번역해도 돼?")] == []
    assert [s.id for s, _, _ in catalog.short_mentions("Can Translate handle PHI?")] == ["amazon-translate"]
    assert [s.id for s, _, _ in catalog.short_mentions("Is Config ok?")] == ["aws-config"]
    assert [s.id for s, _, _ in catalog.short_mentions("Lambda에서 Translate 호출")] == ["amazon-translate"]


@pytest.mark.parametrize("question", [
    "what does the guide say about contingency planning and multi-AZ?",
    "비상 계획 어떻게 세워야 하나요?",
])
def test_contingency_planning_is_the_dr_chapters(full_index: Settings, question: str) -> None:
    """"contingency planning, multi-AZ" named no topic and the question was refused (trial 68c)."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "auditing-backups-dr.contingency-plan", a.records
    assert "auditing-backups-dr.ec2-multi-az-failover" in a.records


def test_versioning_transliterated_in_korean_is_the_backup_topic(full_index: Settings) -> None:
    """"버저닝이랑 서버 액세스 로그도 켜야 되나요?" read only logging: "the documents do not say" (trial 68a
    WRONG), though the 2016 paper says S3 versioning is off by default and recommends it."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "세션 노트를 S3에 올리려는데 HIPAA 때문에 S3에서 꼭 켜야하는 암호화 설정이 뭐에요?",
                     "버저닝이랑 서버 액세스 로그도 켜야 되나요?")
    assert "s3.bp2016-versioning" in a.records
    assert a.verdict != "unstated"
    assert kb.ask("S3 버저닝 켜야 돼?").records[0] == "s3.bp2016-versioning"


@pytest.mark.parametrize("question", ["EKS 的 secrets 要另外用 KMS 加密嗎", "EKS secret도 KMS로 암호화해야 돼?",
                                      "Do EKS secrets need KMS encryption?"])
def test_eks_secrets_are_no_phi_the_rule_for_phi_decides(full_index: Settings, question: str) -> None:
    """"+EKS 的 secrets 要另外用 KMS 加密嗎" was "是（依適用於所有服務的規則）" (trial 68c WRONG): Kubernetes
    secrets hold credentials, not PHI, and the documents refer EKS to another whitepaper."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.verdict is None
    assert "eks.separate-whitepaper" in a.records


@pytest.mark.parametrize("question", ["Aurora PostgreSQL 암호화 어떻게 해요?", "Aurora PostgreSQL 要怎麼加密？",
                                      "How do I encrypt Aurora PostgreSQL?"])
def test_how_to_encrypt_lists_the_way_not_only_a_fact(full_index: Settings, question: str) -> None:
    """The Korean and Chinese questions listed only "an encrypted Aurora instance encrypts its backups too" (a fact
    their words fitted a little better) and left out how to encrypt: with keys you manage in AWS KMS."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "aurora-postgresql.encrypt-at-rest-kms", a.records
    assert "aurora-postgresql.transit-ssl-tls" in a.records


@pytest.mark.parametrize(("question", "opening"), [
    ("Someone's AWS access key leaked on a public repo, what do we do?",
     "The documents do not speak of leaked or stolen credentials;"),
    ("액세스 키가 유출됐어요 어떻게 해야 하나요?", "문서는 자격 증명 유출에 대해 다루지 않습니다."),
    ("存取金鑰外洩了怎麼辦？", "文件沒有談到憑證外洩；"),
])
def test_leaked_credentials_are_said_not_covered(full_index: Settings, question: str, opening: str) -> None:
    """A stolen laptop's AWS credentials got the abuse playbook as if the documents spoke of it (trial 68a WRONG);
    leaked credentials are the narrower detail when a leak of credentials is asked (not "PHI 유출 또는 ...")."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.answer.startswith(opening), a.answer[:200]
    assert a.verdict is None


def test_a_doctors_dictation_is_phi_put_into_the_service(full_index: Settings) -> None:
    """"Can we use Amazon Transcribe for doctor dictation?" had no verdict beside "Transcribe may be used with data
    containing PHI": dictation and clinicians' notes are PHI the service is used on."""
    a = KnowledgeBase(full_index).ask("Can we use Amazon Transcribe for doctor dictation?")
    assert (a.verdict, a.records[0]) == ("yes", "transcribe.phi-eligible")


@pytest.mark.parametrize(("question", "opening"), [
    ("do I need VPC flow logs for HIPAA audit logging?", "**The documents do not say it is required.** VPC Flow Logs"),
    ("VPC 플로우 로그 꼭 켜야 돼?", "**문서는 필수라고 하지 않습니다.** VPC 흐름 로그는"),
    ("VPC 流量日誌一定要開嗎？", "**文件沒有說這是必要的。** VPC 流程日誌"),
])
def test_a_must_we_answered_only_by_facts_says_none_requires_it(full_index: Settings, question: str,
                                                                 opening: str) -> None:
    """"do I need VPC flow logs?" had no verdict over "VPC Flow Logs provide an audit trail of connections to
    instances that hold PHI" (trial 68b): the documents describe it and require it nowhere the answer looked."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == ("unrequired", "vpc.flow-logs")
    assert a.answer.startswith(opening), a.answer[:200]


def test_vdi_is_what_workspaces_provides_not_a_name_the_documents_lack(full_index: Settings) -> None:
    """"WorkSpaces로 의료진 VDI 구성할때 ..." opened with "문서는 VDI에 대해 다루지 않습니다" over WorkSpaces' own
    records (trial 68b): a virtual desktop is the computing shorthand of WorkSpaces and AppStream 2.0."""
    a = KnowledgeBase(full_index).ask("WorkSpaces로 의료진 VDI 구성할때 PHI 보호 관련해서 뭐 신경써야 함?")
    assert a.answer.startswith("**Amazon WorkSpaces**"), a.answer[:120]
    assert "workspaces.volume-encryption" in a.records


def test_encrypted_by_default_is_decided_by_the_topics_the_answer_lists(full_index: Settings) -> None:
    """"does athena encrypt query results by default?" had no verdict (trial 68c): plain "encrypt" also read
    encryption in transit, whose record says what Athena does by default; the query results are data at rest, the
    one topic the answer lists records of, and none says they are encrypted by default."""
    a = KnowledgeBase(full_index).ask("does athena encrypt query results by default?")
    assert (a.verdict, a.records) == ("unstated", ["athena.encrypt-query-results"])


def test_an_informal_korean_isnt_it_asks_yes_or_no(full_index: Settings) -> None:
    """"+그럼 DynamoDB 저장 암호화는 기본으로 켜져 있는거 맞지?" had no verdict (trial 68a): "거 맞지?" is the casual
    "right?" of "거 맞죠?"."""
    a = KnowledgeBase(full_index).ask("DynamoDB 저장 암호화는 기본으로 켜져 있는거 맞지?")
    assert (a.ask, a.verdict) == ("yes-no", "unstated")


def test_asking_how_two_services_differ_is_no_word_of_a_record(full_index: Settings) -> None:
    """"DynamoDB랑 Aurora 중에 HIPAA 관점에서 뭐가 달라요?" listed only each service's TLS record (trial 68a): "달라"
    (differ) narrowed the sections to a record that happens to hold the word."""
    a = KnowledgeBase(full_index).ask("DynamoDB랑 Aurora 중에 HIPAA 관점에서 뭐가 달라요?")
    assert {"dynamodb.transit-https", "dynamodb.encrypt-at-rest", "aurora.transit-ssl-tls"} <= set(a.records)


@pytest.mark.parametrize("question", ["which AWS services help detect a breach?", "침해 탐지는 어떤 서비스로 해요?"])
def test_which_service_detects_a_breach_is_guardduty(full_index: Settings, question: str) -> None:
    """"which AWS services help detect a breach?" got how AWS's abuse team detects abuse (trial 68g WRONG); threat
    and breach detection is what the whitepaper's GuardDuty section describes."""
    a = KnowledgeBase(full_index).ask(question)
    assert a.records[0] == "guardduty.threat-detection", a.records


def test_a_general_chapter_giving_the_detail_is_no_section_silent_on_it(full_index: Settings) -> None:
    """"給外部合作醫院上傳用的 IAM role 要注意什麼？要強制 MFA 嗎" opened with "IAM ... 章節沒有談到多因素驗證
    （MFA）" over the account chapter's MFA records it then listed (trial 68h): a question naming no service is
    answered by the general chapters together."""
    a = KnowledgeBase(full_index).ask("給外部合作醫院上傳用的 IAM role 要注意什麼？要強制 MFA 嗎")
    assert "沒有談到多因素驗證" not in a.answer
    assert "aws-account-security.bp2016-enable-mfa" in a.records


@pytest.mark.parametrize("question", ["發生病患資料外洩，法規規定要在幾天內通知病人？",
                                      "if there is a breach, how many days do we have to notify patients?"])
def test_a_breach_that_happened_before_the_deadline_asked_is_no_question_of_its_own(full_index: Settings,
                                                                                   question: str) -> None:
    """"發生病患資料外洩，法規規定要在幾天內通知病人？" got the abuse playbook and no word of the deadline (trial 68g):
    how many days the notice may take is breach notification, and the event before it asks nothing."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.abstained, a.reason) == (True, "legal")


def test_phi_leaked_in_chinese_names_the_incident_chapter(full_index: Settings) -> None:
    """"發生 PHI 外洩，要怎麼處理？" was answered with the BAA's encryption records ("PHI 유출" named the incident
    chapter in Korean); keeping it from leaking is still the service's guidance."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("發生 PHI 外洩，要怎麼處理？")
    assert [s.id for s in a.services] == ["incident-response"]
    assert a.answer.startswith("文件沒有談到PHI 外洩；"), a.answer[:100]
    assert [s.id for s in kb.ask("S3 要怎麼防止 PHI 外洩？").services] == ["s3"]


@pytest.mark.parametrize(("question", "verdict"), [
    ("共同責任模型下，資料加密是客戶的責任嗎？", "yes"),
    ("Is AWS responsible for encrypting our data under shared responsibility?", "no"),
])
def test_whose_job_encrypting_is_decided_by_the_rule_not_a_record_silent_on_it(full_index: Settings, question: str,
                                                                               verdict: str) -> None:
    """"共同責任模型下，資料加密是客戶的責任嗎？" was "是。" by the 2016 paper's abstracted services (the customer
    manages data and IAM permissions), which never speaks of encrypting (trial 68f): the rule that customers encrypt PHI
    decides."""
    a = KnowledgeBase(full_index).ask(question)
    assert (a.verdict, a.records[0]) == (verdict, "encrypting-and-protecting-phi.encrypt-at-rest")


def test_another_region_written_in_chinese_is_a_way_not_what_the_plan_requires(full_index: Settings) -> None:
    """"備份需要放到另一個region嗎？" was "是。" by the contingency plan, which requires exact copies, not copies in
    another Region (trial 68k WRONG; "跨 region" was mended in stop 67)."""
    a = KnowledgeBase(full_index).ask("備份需要放到另一個region嗎？DR要怎麼做比較好")
    assert a.verdict is None
    assert "auditing-backups-dr.dr-mechanisms" in a.records


def test_whether_a_measure_can_block_something_is_no_prohibition_of_another(full_index: Settings) -> None:
    """"+그럼 버킷 정책으로 암호화 안된 업로드 막는것도 가능해?" was "아니요." by "avoid open ACL settings" (trial 68j
    WRONG): asking whether a measure can block something is not asking to do what a prohibition forbids."""
    kb = KnowledgeBase(full_index)
    a = conversation(kb, "S3에 유전체 데이터(FASTQ, BAM) 올릴때 암호화 어떻게 해야돼? SSE-KMS 꼭 써야함?",
                     "그럼 버킷 정책으로 암호화 안된 업로드 막는것도 가능해?")
    assert a.verdict is None
    assert "s3.transit-https" in a.records
    assert kb.ask("Can a bucket policy block unencrypted uploads to S3?").verdict is None
    assert kb.ask("Can we put PHI in S3 object names?").verdict == "no"
