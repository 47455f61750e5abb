"""Answers on the real corpus to questions a new user asks after a first one, or that set a scene first: a follow-up
that replaces a service, names a thing of the conversation's service, or asks the conversation's question of another;
which party is responsible when a record names no party but a chapter names the service; a service that only serves
the resources holding PHI; a detail of the service itself; a legal question about a business associate."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


def test_follow_ups_ask_the_conversations_question_of_what_they_name(full_index: Settings) -> None:
    """"What if we use EMR instead of Athena?" after "... on each?" asks what EMR needs as a whole (not Athena);
    "推論端點呢？" after a SageMaker question is about SageMaker's endpoints; "And what about EFS?" after "Must we
    encrypt EBS?" is answered "Yes." with EFS's obligation before its option; "那 CloudFront 呢？" after "Route 53
    可以存放 PHI 嗎？" asks whether CloudFront may hold PHI; "What about pricing?" asks nothing the documents speak
    of."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("We ingest PHI through Amazon Kinesis Data Streams, land it in Amazon S3 and query it with Amazon "
                   "Athena. What do we need to configure on each?")
    a = kb.ask("What if we use Amazon EMR instead of Athena?", context=Context.after(first))
    assert [s.id for s in a.services] == ["emr"] and "emr.bp2016-no-default-encryption-at-rest" in a.records
    first = kb.ask("當我們使用 Amazon SageMaker 以含有 PHI 的資料訓練模型時，需要加密訓練資料嗎？")
    a = kb.ask("推論端點呢？", context=Context.after(first))
    assert ([s.id for s in a.services], a.records[0]) == (["sagemaker"], "sagemaker.endpoint-kms")
    first = kb.ask("Do we have to encrypt PHI stored on Amazon EBS volumes?")
    a = kb.ask("And what about Amazon EFS?", context=Context.after(first))
    assert (a.verdict, a.records[1:3]) == ("yes", ["efs.encrypt-at-creation", "efs.client-side-encryption"])
    first = kb.ask("Amazon Route 53 可以存放 PHI 嗎？")
    a = kb.ask("那 Amazon CloudFront 呢？", context=Context.after(first))
    assert (a.verdict, [s.id for s in a.services]) == ("yes", ["cloudfront"])
    first = kb.ask("How do we encrypt S3 buckets?")
    assert kb.ask("What about pricing?", context=Context.after(first)).abstained


def test_a_service_that_only_serves_the_resources_holding_phi_stores_none(full_index: Settings) -> None:
    """"Can Route 53 store PHI?" is "No." by "do not store PHI in its names or tags; it can still provide access to
    the resources that store PHI" (not "Yes." because it has a section); using it for a PHI application is "Yes."."""
    kb = KnowledgeBase(full_index)
    for question in ("Can Amazon Route 53 store PHI?", "Amazon Route 53 可以存放 PHI 嗎？",
                     "Route 53에 PHI를 저장해도 되나요?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", "route53.no-phi-in-names-or-tags"), question
    assert kb.ask("Can we use Route 53 for our PHI application?").verdict == "yes"
    assert kb.ask("Can AWS Cloud Map store PHI?").verdict == "no"


def test_who_patches_a_managed_database_points_to_the_chapter_naming_it(full_index: Settings) -> None:
    """The RDS sections say nothing of patching: the shared responsibility chapter's "for container services such as
    Amazon RDS, AWS manages ... the operating system" speaks of it for RDS, and makes it AWS's (not EC2's "patch
    management is the customer's")."""
    kb = KnowledgeBase(full_index)
    for question, opens in (("Who patches the database engine for Amazon RDS for PostgreSQL, AWS or us?", "**AWS's.**"),
                            ("Who patches the OS of RDS instances?", "**AWS's.**"),
                            ("RDS 운영 체제 패치는 누가 하나요?", "**AWS 책임입니다.**"),
                            ("RDS 作業系統由誰修補？", "**由 AWS 負責。**")):
        a = kb.ask(question)  # "AWS manages": AWS's, and EC2's customer patching is no pointer beside it
        assert (a.verdict, a.records, a.answer.split(" ")[0]) == (
            "aws", ["shared-responsibility.bp2016-container-aws-manages"], opens.split(" ")[0]), question
        assert a.answer.startswith(opens), question
    a = kb.ask("How do we patch Lambda functions?")  # a chapter naming no Lambda is no pointer for it
    assert not any(r.startswith("shared-responsibility.") for r in a.records)


def test_a_detail_of_the_service_itself_is_not_given_by_another(full_index: Settings) -> None:
    """"Which key does CloudWatch Logs use by default?": CloudTrail's "SSE-S3 by default" and KMS's key hierarchy
    are no answer, and the answer says the documents do not give it; S3 Glacier's "automatically encrypts with AES
    256-bit symmetric keys" is its default key. A record giving the detail asked comes first: CloudTrail's SSE-S3."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Which key does Amazon CloudWatch Logs use by default to encrypt log data?")
    assert a.answer.startswith("The documents do not give a key or what is used by default for this;")
    assert a.records == ["cloudwatch-logs.encrypted-no-reencryption"]
    a = kb.ask("Amazon S3 Glacier는 기본적으로 어떤 키로 암호화되나요?")
    assert a.answer.startswith("**Amazon S3 Glacier**") and a.records[0] == "s3-glacier.encryption-at-rest-default"
    a = kb.ask("Which key encrypts CloudTrail log files by default?")
    assert a.records[0] == "cloudtrail.trail-encryption-keys"


def test_a_legal_question_about_a_business_associate_is_refused(full_index: Settings) -> None:
    """Liability (also "Who is liable if an AWS employee leaks our PHI?", which a party verdict would have answered
    "The customer's.") and a breach-notification deadline asked in Korean or Chinese are legal questions."""
    kb = KnowledgeBase(full_index)
    for question in ("Who is liable if an AWS employee leaks our PHI?", "Are we liable if AWS loses our PHI?",
                     "PHI 유출 시 HHS에 며칠 안에 통지해야 하나요?", "如果發生 PHI 外洩，我們需要在幾天內通知 HHS？"):
        a = kb.ask(question)
        assert (a.abstained, a.reason, a.verdict) == (True, "legal", None), question
    a = kb.ask("Is our company legally liable under HIPAA if a business associate leaks PHI?")
    assert (a.abstained, a.reason) == (True, "legal")
    a = kb.ask("Do we need a BAA, and what are the penalties for not having one?")  # the BAA clause is answered
    assert not a.abstained and "lawsuits" not in a.answer and "HIPAA penalties and fines" in a.answer


def test_a_pipeline_asked_as_a_whole_answers_each_service(full_index: Settings) -> None:
    """"我們用 API Gateway 接收請求，Lambda 處理後存入 S3，需要注意什麼？" names three services doing a step each: S3,
    where the data lands, is answered too (it was left out as named in passing, its HTTPS rule in Lambda's records)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("我們用 Amazon API Gateway 接收請求，Lambda 處理後存入 S3，需要注意什麼？")
    assert [f["section"] for f in a.facets if f["records"]][-1:] == ["s3"] and "s3.transit-https" in a.records


def test_an_encryption_topic_asked_by_name_keeps_its_own_record(full_index: Settings) -> None:
    """"How do we encrypt Amazon MQ messages in transit?": the TLS-protocols record answers, not only "MQ encrypts
    messages at rest and in transit" (which has the question's word "messages"); "Can MSK clusters open a public
    endpoint?" names no encryption and keeps its one record."""
    kb = KnowledgeBase(full_index)
    assert kb.ask("How do we encrypt Amazon MQ messages in transit?").records == ["mq.tls-protocols", "mq.encryption"]
    assert kb.ask("MSK 叢集可以開公有端點讓外部直接連嗎？").records == ["msk.private-connectivity"]


def test_which_party_by_the_rule_for_every_service_or_by_what_aws_manages(full_index: Settings) -> None:
    """Encrypting a service's PHI, asked as which party's, is the customer's by the rule for every service (AWS requires
    customers to encrypt PHI) when no record of the service names a party; "AWS manages host and image hardening"
    makes it AWS's; a record naming no party on another topic decides nothing (HealthLake's key management)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("EBS 볼륨 암호화는 AWS와 고객 중 누구의 책임인가요?")
    assert (a.verdict, a.records[0]) == ("customer", "encrypting-and-protecting-phi.encrypt-at-rest")
    assert a.answer.startswith("**고객 책임입니다 (모든 서비스에 적용되는 규칙에 따름).**")
    a = kb.ask("Who takes care of host and image hardening for the Comprehend environment?")
    assert (a.verdict, a.answer[:10]) == ("aws", "**AWS's.**")
    assert kb.ask("HealthLake 키 관리는 누구 책임인가요? AWS인가요, 우리인가요?").verdict is None
    # the record of where the documents speak of a topic that speaks for the service and names the party decides
    a = kb.ask("Who is responsible for configuring backups of RDS databases, AWS or us?")
    assert (a.verdict, a.records[0]) == ("customer", "auditing-backups-dr.bp2016-container-bcdr-customer")


def test_iot_devices_and_should_questions(full_index: Settings) -> None:
    """"IoT 디바이스" names IoT Core; "must devices use TLS?" is "Yes." by "all communication is encrypted with TLS" (in
    transit the connection is the service's, not a step left out); "根帳戶應該啟用 MFA 嗎？" asks "should we?"."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("IoT 디바이스에서 PHI를 전송할 때 TLS를 사용해야 하나요?")
    assert ([s.id for s in a.services], a.verdict) == (["iot-core"], "yes")
    assert a.records == ["iot-core.encryption-in-transit"]
    assert kb.ask("Do we need to encrypt ECR images?").verdict == "no"  # at rest: no step of yours
    assert kb.ask("根帳戶應該啟用 MFA 嗎？").verdict == "recommended"
    a = kb.ask("簽署 BAA 之前，我們的律師需要審查哪些條款？")  # a lawyer's review is legal advice
    assert (a.abstained, a.reason) == (True, "legal")


def test_must_we_encrypt_asks_about_the_data_at_rest_and_a_baa_scene_is_no_eligibility_question(
        full_index: Settings) -> None:
    """"Do we need to encrypt DynamoDB tables holding PHI?" is decided by the rule for every service on the data at rest
    (was "Yes." by the HTTPS record, the at-rest facet left out as fitting worse); "Before we sign the BAA, do we need
    to turn on encryption for EBS?" asks about encryption, not whether EBS may hold PHI."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Do we need to encrypt DynamoDB tables holding PHI?")
    assert (a.verdict, a.records[0]) == ("yes", "encrypting-and-protecting-phi.encrypt-at-rest")
    assert "dynamodb.encrypt-at-rest" in a.records
    a = kb.ask("Before we sign the BAA, do we need to turn on encryption for EBS?")
    assert "eligibility" not in a.topics and a.verdict == "yes"


def test_a_responsibility_question_is_decided_only_by_a_record_on_its_point(full_index: Settings) -> None:
    """"Is AWS responsible for the physical security of EC2 hosts?" asks no topic: EC2's "patch management is the
    customer's responsibility" says nothing of physical security, so it decides nothing (it was "No."); the 2016
    paper's shared responsibility chapter does, for EC2 ("AWS manages ... the physical security of the hardware")."""
    kb = KnowledgeBase(full_index)
    for question, verdict in (("Is AWS responsible for the physical security of EC2 hosts?", "yes"),
                              ("Who is responsible for the physical security of EC2 hosts?", "aws")):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == (verdict, "shared-responsibility.bp2016-infrastructure-aws-assets"), \
            question
    a = kb.ask("Is AWS responsible for patching our EC2 operating systems?")  # on its point: decided
    assert (a.verdict, a.records[0]) == ("no", "ec2.bp2016-patch-management-customer")


def test_how_to_encrypt_a_service_lists_both_kinds(full_index: Settings) -> None:
    """"How should we encrypt S3 buckets holding PHI?" asks no detail and no word of its own that a record has: both
    kinds of encryption are listed (the HTTPS record shares "buckets holding PHI", and was the only one)."""
    kb = KnowledgeBase(full_index)
    for question, service in (("How should we encrypt S3 buckets holding PHI?", "s3"),
                              ("How should I encrypt DynamoDB tables holding PHI?", "dynamodb")):
        a = kb.ask(question)
        assert {(f["section"], f["topic"]) for f in a.facets} == {
            (service, "encryption-at-rest"), (service, "encryption-in-transit")}, question


def test_a_follow_up_asking_how_long_is_told_the_documents_give_no_period(full_index: Settings) -> None:
    """"and how long do we have to keep those logs?" after a CloudTrail question asks how long, not "must we?": the
    documents give no period (it opened "Recommended." by "create specific trails")."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("How should we set up CloudTrail for accounts with PHI?")
    a = kb.ask("and how long do we have to keep those logs?", context=Context.after(first))
    assert a.verdict is None and [s.id for s in a.services] == ["cloudtrail"]
    assert a.answer.startswith("The documents do not give a length of time for this")


def test_what_a_service_encrypts_with_by_default_is_its_own_keys(full_index: Settings) -> None:
    """Amazon MQ "encrypts messages ... with encryption keys that it manages": that is what it uses by default, and
    the key (it was "the documents do not give what is used by default" above that very record)."""
    kb = KnowledgeBase(full_index)
    for question in ("What does Amazon MQ encrypt with by default?", "Amazon MQ는 기본적으로 어떤 키로 암호화하나요?",
                     "Amazon MQ 預設用什麼金鑰加密？"):
        a = kb.ask(question)
        assert "mq.encryption" in a.records and not a.answer.startswith(("The documents", "문서에는", "文件沒有")), \
            question


def test_whether_aws_or_we_are_responsible_is_decided_by_what_speaks_for_the_service(full_index: Settings) -> None:
    """Asked yes or no, as asked which party: the shared responsibility chapter's "for container services such as Amazon
    RDS, Amazon EMR ..., AWS manages ... the operating system" decides for RDS and EMR, whose own sections say nothing
    of patching (they got no verdict, under EC2's "patch management is the customer's")."""
    kb = KnowledgeBase(full_index)
    for question, verdict in (("Is AWS responsible for patching the database engine in Amazon RDS?", "yes"),
                              ("RDS의 데이터베이스 엔진 패치는 AWS가 해주나요?", "yes"),
                              ("AWS 會負責 RDS 資料庫引擎的修補嗎？", "yes"),
                              ("Are we responsible for patching the nodes in our EMR cluster?", "no")):
        a = kb.ask(question)
        assert (a.verdict, a.records) == (verdict, ["shared-responsibility.bp2016-container-aws-manages"]), question
    # asked yes or no about encrypting a service's data no record of which names a party: by the rule for every service
    a = kb.ask("Is AWS responsible for encrypting the data we send to Amazon Comprehend?")
    assert (a.verdict, a.records[0]) == ("no", "encrypting-and-protecting-phi.encrypt-at-rest")
    assert a.answer.startswith("**No, by the rule for every service.**")
    a = kb.ask("Are we responsible for encrypting DynamoDB tables?")
    assert (a.verdict, a.answer[:38]) == ("yes", "**Yes, by the rule for every service.**"[:38])
    a = kb.ask("Who is responsible for patching the servers that run AWS Lambda?")  # nothing speaks for Lambda: no
    assert a.verdict is None and "ec2.bp2016-patch-management-customer" not in a.records  # EC2 pointer as the answer


def test_a_follow_up_adding_a_service_asks_who_is_responsible_again(full_index: Settings) -> None:
    """"And RDS?" after "Is AWS responsible for patching our EC2 operating systems?" asks whether AWS patches RDS;
    "그럼 RDS는요?" after "EC2 게스트 OS 패치는 누구 책임인가요?" which party; the conversation keeps it as JSON."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("Is AWS responsible for patching our EC2 operating systems?")
    assert (first.verdict, first.responsibility) == ("no", "aws")
    context = Context.after(first.to_json())
    assert context.responsibility == "aws" and Context.after(context.to_json() | {"services": [
        {"id": s} for s in context.services]}).responsibility == "aws"
    a = kb.ask("And RDS?", context=context)
    assert (a.verdict, a.records[0]) == ("yes", "shared-responsibility.bp2016-container-aws-manages")
    first = kb.ask("EC2 게스트 OS 패치는 누구 책임인가요?")
    a = kb.ask("그럼 RDS는요?", context=Context.after(first))
    assert (first.verdict, a.verdict, a.responsibility) == ("customer", "aws", "party")
    assert kb.ask("And RDS?").responsibility is None  # (no conversation: nothing asked of RDS)


def test_which_key_is_asked_of_the_encryption_at_rest(full_index: Settings) -> None:
    """"S3는 기본으로 어떤 키를 쓰나요?" names no topic: which key encrypts S3's data at rest, not S3's whole answer
    (it opened with versioning, "기본적으로 비활성화된"); asked after an EBS question, "So which key is used if we
    don't pick one?" is EBS's (it was refused)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("S3는 기본으로 어떤 키를 쓰나요?")
    assert a.records == ["s3.encryption-at-rest-options"]
    assert a.answer.startswith("문서에는 이 질문의 키 또는 기본으로 쓰이는 것이 나와 있지 않습니다.")
    first = kb.ask("SageMaker 可以處理 PHI 嗎？")  # an endpoint's key, not its TLS ("端點" is also a transit word)
    a = kb.ask("那端點的金鑰要怎麼指定？", context=Context.after(first))
    assert "sagemaker.endpoint-kms" in a.records and a.topics[0] == "encryption-at-rest"
    first = kb.ask("How do we encrypt EBS volumes holding PHI?")
    a = kb.ask("So which key is used if we don't pick one?", context=Context.after(first))
    assert not a.abstained and [s.id for s in a.services] == ["ebs"] and "ebs.volume-keys" in a.records


def test_a_services_logs_no_record_speaks_of_get_no_yes(full_index: Settings) -> None:
    """"Can we store PHI in Amazon CloudFront logs?" was "Yes." by CloudFront's eligibility: no record speaks of its
    logs, so the answer says so and decides nothing; CloudWatch Logs, a logging service, is still "Yes."."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Can we store PHI in Amazon CloudFront logs?")
    assert a.verdict is None and a.answer.startswith("The documents do not speak of access logs")
    assert kb.ask("Can we store PHI in CloudWatch Logs?").verdict == "yes"


def test_a_key_given_without_its_default_is_said_so_and_not_padded_with_tls(full_index: Settings) -> None:
    """"EFS는 기본적으로 어떤 키로 암호화되나요?" said no key is given beside "AES-256과 AWS KMS 관리형 키";
    with the key given, only what is used by default is said to be missing, and TLS's "not used by default" is no
    answer to it (plain "encrypt" with a key asks of the encryption at rest)."""
    kb = KnowledgeBase(full_index)
    for question, lead in (("EFS는 기본적으로 어떤 키로 암호화되나요?",
                            "문서에는 이 질문의 기본으로 쓰이는 것이 나와 있지 않습니다."),
                           ("EFS 預設用哪個金鑰加密？", "文件沒有提供此問題的預設使用的項目"),
                           ("Which key does EFS use by default?", "The documents do not give what is used by default")):
        a = kb.ask(question)
        assert a.answer.startswith(lead), question
        assert a.records == ["efs.encrypt-at-creation", "efs.client-side-encryption"], question
    assert kb.ask("Which key encrypts EFS data?").records == ["efs.encrypt-at-creation", "efs.client-side-encryption"]


def test_a_bare_follow_up_after_a_yes_no_question_asks_it_of_the_service_named(full_index: Settings) -> None:
    """"그럼 CloudWatch Events는요?" after "API Gateway 로그에 PHI를 남겨도 되나요?" asks that of CloudWatch Events (it
    answered logging for both services: a service named for a topic was read as serving API Gateway); asked with a
    question of its own ("CloudTrail도 켜야 하나요?") it still serves the conversation's service."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("API Gateway 로그에 PHI를 남겨도 되나요?")
    a = kb.ask("그럼 CloudWatch Events는요?", context=Context.after(first))
    assert ([s.id for s in a.services], a.ask) == (["cloudwatch-events"], "permission")
    first = kb.ask("S3 버킷 암호화해야 하나요?")
    a = kb.ask("CloudTrail도 켜야 하나요?", context=Context.after(first))
    assert [s.id for s in a.services] == ["cloudtrail", "s3"]


def test_who_configures_network_security_and_doing_it_ourselves(full_index: Settings) -> None:
    """"... is your responsibility" names a party (VPC's 2016 record on configuring network security), and it leads a
    who-question its specific words ("NACLs") would leave it out of; "Do we have to patch the EC2 OS ourselves?" asks
    whether it is ours ("Yes.", not "Recommended."), with AWS named as the other choice whose it is ("The customer's.",
    not "No."); who configures RDS backups is said by the chapter that names it, without the engines' encryption records
    or the note that the engines not shown have sections of their own."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("who's responsible for configuring security groups and NACLs, us or AWS?")
    assert a.records[0] == "vpc.bp2016-customer-configures-network-security"
    assert kb.ask("Who is responsible for security groups?").verdict == "customer"
    assert kb.ask("보안 그룹 설정은 누구 책임인가요?").answer.startswith("**고객 책임입니다.**")
    for question in ("Do we have to patch the EC2 OS ourselves?", "我們需要自己修補 EC2 的作業系統嗎？",
                     "EC2 OS 패치는 우리가 직접 해야 하나요?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("yes", "ec2.bp2016-patch-management-customer"), question
    assert kb.ask("Do we need to patch EC2 instances ourselves or does AWS do it?").verdict == "customer"
    a = kb.ask("RDS 백업은 우리가 직접 설정해야 하나요?")
    assert (a.verdict, a.records) == ("yes", ["auditing-backups-dr.bp2016-container-bcdr-customer"])
    assert "자체 섹션" not in a.answer


def test_turning_encryption_on_for_an_existing_resource_no_record_decides(full_index: Settings) -> None:
    """"기존 RDS 인스턴스에 나중에 암호화 켤 수 있나요?" listed three engines' at-rest and TLS records under no verdict:
    the answer now says the documents do not say it, over the records on encryption at rest only (turning encryption on
    asks of the data at rest); one a record decides (EFS: "when a new file system is created") stays "No."."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("기존 RDS 인스턴스에 나중에 암호화 켤 수 있나요?")
    assert (a.verdict, a.topics) == ("unstated", ["encryption-at-rest"])
    assert a.answer.startswith("**문서에는 이미 만든 리소스에서 바꿀 수 있는지 나와 있지 않습니다.")
    a = kb.ask("Can we enable encryption on an existing DynamoDB table?")
    assert a.verdict == "unstated" and a.answer.startswith("**The documents do not say whether this can be changed")
    a = kb.ask("Can we turn on encryption for an existing EFS file system?")
    assert (a.verdict, a.records) == ("no", ["efs.encrypt-at-creation"])


def test_must_we_encrypt_what_no_record_speaks_of_is_decided_by_the_rule(full_index: Settings) -> None:
    """"錄音檔需要加密嗎?" after an Amazon Connect question: no record speaks of call recordings, yet the rule for every
    service holds for PHI anywhere ("Yes, by the rule"), said before the line that the documents do not speak of them;
    "Can we put PHI in Lambda environment variables?" stays undecided (no rule says where PHI may go)."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("我們要用 Amazon Connect 做客服中心, 會有病患通話錄音")
    a = kb.ask("錄音檔存在哪裡? 需要加密嗎", context=Context.after(first))
    assert (a.verdict, a.records[0]) == ("yes", "encrypting-and-protecting-phi.encrypt-at-rest")
    a = kb.ask("Must we encrypt Lambda environment variables?")
    assert a.verdict == "yes" and a.answer.startswith("**Yes, by the rule for every service.**")
    assert "\n\nThe documents do not speak of environment variables" in a.answer
    assert kb.ask("Can we put PHI in Lambda environment variables?").verdict is None


def test_leaving_out_what_is_recommended_and_an_existing_resource_asked_with_a_negation(full_index: Settings) -> None:
    """"Can we turn off node-to-node encryption on OpenSearch?" had no verdict: the section recommends it ("should"),
    so "Not recommended." with that record; "이미 운영중인 rds pg 인스턴스가 암호화 안 돼있는데 지금 켤 수 있나요?"
    carries a negation in its premise, and "the documents do not say" reads the same to anyone (RDS for PostgreSQL,
    not the first three engines); "Is AWS HIPAA compliant?" is answered from the BAA chapter, not refused."""
    kb = KnowledgeBase(full_index)
    for question, lead in (("Can we turn off node-to-node encryption on OpenSearch?", "**Not recommended.**"),
                           ("OpenSearch 的 node-to-node 加密可以關掉嗎？效能比較好", "**不建議。**")):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("discouraged", "opensearch.node-to-node-encryption"), question
        assert a.answer.startswith(lead), question
    a = kb.ask("이미 운영중인 rds pg 인스턴스가 암호화 안 돼있는데 지금 암호화 켤 수 있나요?")
    assert (a.verdict, [s.id for s in a.services]) == ("unstated", ["rds-postgresql"])
    a = kb.ask("Is AWS HIPAA compliant?")
    assert not a.abstained and "baa.phi-only-in-eligible-services" in a.records


def test_a_follow_up_asking_only_a_detail_keeps_the_conversations_topic(full_index: Settings) -> None:
    """"要保留多久？" after "S3 存放 PHI 要注意什麼？" and "那日誌呢？" asks how long to keep the logs: it listed S3's
    rule on object names; now the topic of the conversation is kept, and where the documents speak of keeping logs is
    given."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("S3 存放 PHI 要注意什麼？")
    second = kb.ask("那日誌呢？", context=Context.after(first))
    a = kb.ask("要保留多久？", context=Context.after(second))
    assert a.topics == ["logging"] and a.answer.startswith("文件沒有提供此問題的期限")
    assert "auditing-backups-dr.central-log-retention" in a.records and "s3.no-phi-in-names" not in a.records


def test_verdicts_a_third_trial_found_wrong(full_index: Settings) -> None:
    """"Can we turn on encryption at rest on an existing ElastiCache Redis cluster?" opened "No step of yours: the
    service already encrypts it." (its record says it encrypts once enabled at creation): a "No." to an existing
    resource is a plain "No."; "Lambda 이벤트 데이터에 PHI 넣어도 되나요?" was "예." by Lambda's eligibility: event
    data is a part of the service its rule decides; who wipes decommissioned disks is no question of who encrypts, so
    the rule for every service on encryption does not make it "the customer's"."""
    kb = KnowledgeBase(full_index)
    for question, lead in (("기존 ElastiCache Redis 클러스터에도 저장 데이터 암호화를 켤 수 있나요?", "**아니요.**"),
                           ("Can we turn on encryption at rest on an existing ElastiCache Redis cluster?", "**No.**")):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", "elasticache-redis-encryption-at-rest.enable-at-creation")
        assert a.answer.startswith(lead + " "), question
    for question in ("Lambda 이벤트 데이터에 PHI 넣어도 되나요?", "Can we put PHI in Lambda event data?"):
        a = kb.ask(question)
        assert (a.verdict, a.records[0]) == ("no", "lambda.no-phi-in-event-data"), question
    a = kb.ask("Who is responsible for wiping the physical disks that held our PHI when they are decommissioned, "
               "us or AWS?")
    assert a.verdict is None
    assert kb.ask("Who encrypts DynamoDB data, AWS or us?").verdict == "customer"
