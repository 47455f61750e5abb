"""Answers on the real corpus (trial round, stop 37): who is responsible for what lies under an infrastructure
service (the 2016 paper's shared responsibility chapter names EC2), whether a service encrypts by default when the
question offers doing it oneself as the other choice, "we don't need X, right?", questions naming no service or topic
that the documents answer, and a hospital's EMR system."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase

pytestmark = pytest.mark.slow

AWS_ASSETS = "shared-responsibility.bp2016-infrastructure-aws-assets"
PATCHING = "ec2.bp2016-patch-management-customer"


def test_who_is_responsible_under_ec2_by_the_record_that_fits_best(full_index: Settings) -> None:
    """The hypervisor, hardware and network infrastructure under EC2 are AWS's ("AWS manages ... the network
    infrastructure and the virtualization infrastructure"), not the customer's by EC2's patching record; the OS and
    its patches stay the customer's."""
    kb = KnowledgeBase(full_index)
    for question in ("who patches the hypervisor under our EC2 instances?", "하이퍼바이저 패치는 누가 해요?",
                     "EC2 底層的虛擬化層由誰負責修補？", "Who is responsible for the network infrastructure under EC2?",
                     "Who secures the hardware our EC2 instances run on?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("aws", AWS_ASSETS), question
    a = kb.ask("Who patches the OS on our EC2 instances?")
    assert (a.verdict, a.records[0]) == ("customer", PATCHING)
    a = kb.ask("EC2 패치는 누가 해야 하나요?")  # (the chapter's customer record fits the Korean a little better)
    assert a.verdict == "customer" and PATCHING in a.records[:2]


def test_on_by_default_or_do_it_ourselves(full_index: Settings) -> None:
    """Offered "do it myself" as the other choice, the question is whether the service encrypts by default: "Yes." by
    its own statement (not "The customer's, by the rule for every service")."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("is Secrets Manager encryption on by default or do I have to pick a KMS key myself?")
    assert (a.verdict, a.records[0]) == ("yes", "secrets-manager.encryption-at-rest")
    a = kb.ask("CloudWatch Logs 的 log group 預設就有加密嗎？還是要自己綁 KMS key？")
    assert (a.verdict, a.records[0]) == ("yes", "cloudwatch-logs.encrypted-no-reencryption")
    assert kb.ask("Is EBS encrypted by default or do we have to turn it on ourselves?").verdict == "unstated"


def test_we_do_not_need_it_right_is_answered_no(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    for question in ("We don't need to encrypt EBS volumes, right?", "EBS 不加密也可以吧？",
                     "our PHI never leaves the private VPC so we don't need TLS between services inside it, right?"):
        assert kb.ask(question).verdict == "no", question


def test_a_question_naming_no_service_or_topic_that_a_record_answers(full_index: Settings) -> None:
    """No passage is close enough, but the 2016 paper's records are (chain.py UNANCHORED_RECORD); off-topic questions
    stay refused."""
    kb = KnowledgeBase(full_index)
    for question in ("Should we use separate AWS accounts for production and development?",
                     "開發環境和正式環境要分開帳號嗎？"):
        a = kb.ask(question)
        assert not a.abstained and a.records[0] == "aws-account-security.bp2016-separate-environment-accounts", question
    for question in ("git에서 브랜치 전략 추천해줘", "How do we train staff on HIPAA?",
                     "Should I use tabs or spaces in Python?"):
        assert kb.ask(question).abstained, question


def test_a_hospitals_emr_system_is_no_amazon_emr(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    a = kb.ask("Amazon MQ 브로커로 병원 EMR 시스템끼리 HL7 메세지 주고받는데 뭐 설정해야 돼요?")
    assert [s.id for s in a.services] == ["mq"] and not any(r.startswith("emr.") for r in a.records)


def test_a_section_that_only_points_back_shares_its_slot(full_index: Settings) -> None:
    """Comprehend Medical's section only sends the reader to Amazon Comprehend's: with two other services named, both
    are shown (an answer covers three services; the pointer and the section it points to count as one)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Step Functions로 Textract → Comprehend Medical 파이프라인 돌려서 진료기록지 처리할건데 세 서비스 각각 "
               "뭐 챙겨야 돼요?")
    assert [s.id for s in a.services] == ["step-functions", "textract", "comprehend-medical", "comprehend"]
    comprehend = [r for r in a.records if not r.startswith(("step-functions.", "textract."))]  # (its subsections')
    assert len(comprehend) >= 2 and "표시하지 않은" not in a.answer


def test_may_we_use_a_subsection_lists_its_encryption_step(full_index: Settings) -> None:
    kb = KnowledgeBase(full_index)
    a = kb.ask("Lambda@Edge 可以拿來處理含 PHI 的 request 嗎？有什麼限制？")
    assert a.verdict == "yes" and "lambda-edge.connections-encrypted" in a.records


def test_a_thing_of_the_service_its_section_does_not_speak_of(full_index: Settings) -> None:
    """MFA for WorkSpaces users: the IAM chapter's console MFA is no answer; the WorkSpaces section is said to be
    silent on it, and WorkDocs' RADIUS MFA answers for WorkDocs."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Does WorkSpaces support MFA for user login?")
    assert a.verdict is None and a.answer.startswith(
        "The Amazon WorkSpaces section does not speak of multi-factor authentication (MFA); what the documents do say")
    a = kb.ask("WorkSpaces 로그인에 MFA 쓸 수 있어요?")
    assert a.answer.startswith("Amazon WorkSpaces 섹션은 다단계 인증(MFA)에 대해")
    a = kb.ask("Can WorkDocs use MFA?")
    assert a.records[0] == "workdocs.mfa" and "does not speak" not in a.answer


def test_what_to_set_up_on_a_database_includes_encryption_at_rest(full_index: Settings) -> None:
    """"뭐 설정해요?" / "options at creation" ask what the database needs as a whole: encryption at rest (a way, then
    the rule it meets) beside TLS, not TLS alone."""
    kb = KnowledgeBase(full_index)
    for question, way in (("RDS PostgreSQL 에 PHI 저장하려면 뭐 설정해요?", "rds-postgresql.encryption-at-rest-kms"),
                          ("What options should we set when creating an RDS PostgreSQL instance for PHI?",
                           "rds-postgresql.encryption-at-rest-kms"),
                          ("aurora mysql 클러스터 새로 만드는데 PHI 들어갈 거예요. 클러스터 생성할때 체크해야 되는 "
                           "옵션 뭐있어요?",
                           "aurora.encrypt-at-rest-kms")):
        a = kb.ask(question)
        assert way in a.records and "encrypting-and-protecting-phi.encrypt-at-rest" in a.records, question


def test_leaving_out_encryption_that_a_section_only_recommends(full_index: Settings) -> None:
    """Only a recommended way at rest ("encrypt training artifacts with KMS"): storing PHI still must be encrypted;
    node-to-node TLS that OpenSearch recommends stays "Not recommended." to turn off; a scene saying it is encrypted
    already asks a fact, not leave-out."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("SageMaker notebook instance 只是給 data scientist 測試用，應該不用特別加密吧？")
    assert (a.verdict, a.records[0]) == ("no", "encrypting-and-protecting-phi.encrypt-at-rest")
    assert kb.ask("Can we turn off node-to-node encryption on OpenSearch?").verdict == "discouraged"
    assert kb.ask("Since the RDS instance is encrypted, we don't need to encrypt its snapshots separately, right?"
                  ).verdict is None
    a = kb.ask("SSM Parameter Store 값은 SecureString으로 암호화하니까 파라미터 이름에 환자번호 들어가도 "
               "상관없는 거 맞죠?")
    assert a.verdict == "no"


def test_patient_monitoring_and_sms_reminders(full_index: Settings) -> None:
    """"환자 모니터링 장비" is the workload, not a logging question (encryption stays); a permission to send PHI by SMS
    through Pinpoint lists the dedicated short code it needs."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("병동 환자 모니터링 장비 → IoT Greengrass → IoT Core → Kinesis Data Streams로 데이터 보내는데 "
               "구간별로 PHI 관련 설정 체크리스트 주세요")
    assert "kinesis-data-streams.server-side-encryption" in a.records
    a = kb.ask("Can we send appointment reminders with patient names by SMS through Amazon Pinpoint?")
    assert a.verdict == "yes" and "amazon-pinpoint.sms-dedicated-short-code" in a.records
    a = kb.ask("Pinpoint로 환자한테 예약 알림 문자 메시지 보내도 되나요? PHI 들어가요")
    assert "amazon-pinpoint.sms-dedicated-short-code" in a.records


def test_a_follow_up_is_not_decided_by_the_first_service_of_the_conversation(full_index: Settings) -> None:
    """"and can we audit who deployed it?" after Lambda and the Serverless Application Repository: the repository's
    CloudTrail record answers, so Lambda's silence on logging is no "The documents do not say."."""
    from kb.records import Context

    kb = KnowledgeBase(full_index)
    first = kb.ask("we want to share an internal lambda app that processes PHI through the Serverless Application "
                   "Repository - anything to watch out for?")
    a = kb.ask("and can we audit who deployed it?", context=Context.after(first))
    assert a.verdict != "unstated" and any(r.startswith("serverless-application-repository.") for r in a.records)


def test_network_separation_and_subnets_name_the_vpc_chapter(full_index: Settings) -> None:
    """"네트워크 분리" went to the 2016 logging chapter and "How should we segment our network?" was refused: both name
    Amazon VPC, whose records (the whitepaper's and the 2016 paper's) speak of network access control."""
    kb = KnowledgeBase(full_index)
    for question in ("네트워크 분리는 어떻게 하라고 되어 있어요?", "How should we segment our network?",
                     "Can we put the database in a public subnet?"):
        a = kb.ask(question)
        assert not a.abstained and [s.id for s in a.services] == ["vpc"], question


def test_segmentation_questions_list_the_segmentation_records(full_index: Settings) -> None:
    """The subjects a section speaks of name it and stay words of the question (services.yaml `subjects`):
    "segment our network" lists the 2016 paper's "segment your infrastructure into zones" (VPC's access-control and
    IPsec records before); "망분리" and "네트워크 분리" find it by its Korean words (data/equivalents.yaml, 세분화,
    영역), "public subnet" the public and private subnets record."""
    kb = KnowledgeBase(full_index)
    for question in ("How should we segment our network?", "망분리 해야 하나요?",
                     "네트워크 분리는 어떻게 하라고 되어 있어요?", "網路隔離要怎麼做？"):
        records = kb.ask(question).records
        assert {"vpc.bp2016-segment-into-zones", "vpc.bp2016-walls-between-zones"} & set(records), question
        assert "vpc.bp2016-trusted-site-connections" not in records, question
    assert "vpc.bp2016-public-private-subnets" in kb.ask("Can we put the database in a public subnet?").records


def test_a_service_that_holds_no_data_is_no_when_asked_to_carry_it(full_index: Settings) -> None:
    """"... does using it change which services we can put PHI in?" puts PHI in other services: AMS, whose tools cannot
    store or transmit PHI, may still run PHI workloads ("Yes, with conditions."); passing records through Step Functions
    or SWF stays "No."."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("is AWS Managed Services (AMS) ok to run our PHI workloads? does using it change which services we can "
               "put PHI in?")
    assert a.verdict == "conditional"
    assert kb.ask("Can we pass patient records between Step Functions workflow steps?").verdict == "no"
    assert kb.ask("SWF로 환자 데이터를 넘겨도 되나요?").verdict == "no"
