"""Question analysis against the real catalog: services, look-alikes, other clouds, topics."""
from __future__ import annotations

import pytest

from kb.analysis import Analyzer
from kb.catalog import Catalog
from kb.config import Settings

SETTINGS = Settings.from_env({})
ANALYZER = Analyzer.load(Catalog.load(SETTINGS.catalog_path), SETTINGS)


@pytest.mark.parametrize("question,lang,covered,uncovered", [
    ("RDS Postgres에 PHI 넣을 때 암호화?", "ko", ["rds-postgresql"], []),
    ("雷迪斯 傳輸加密", "zh", ["elasticache-redis"], []),
    ("Is Greengrass HIPAA eligible?", "en", ["iot-greengrass"], []),
    ("Kafka 관리형 서비스 암호화", "ko", ["msk"], []),
    ("EKS 클러스터 로깅", "ko", ["eks"], []),
    ("Athena results stored in S3", "en", ["athena", "s3"], []),
    ("ElastiCache for Memcached encryption", "en", [], ["elasticache-memcached"]),
    ("RDS for Db2 암호화", "ko", [], ["rds-db2"]),
    ("RDS 可以存病歷嗎", "zh", ["rds-mariadb", "rds-mysql", "rds-oracle", "rds-postgresql", "rds-sqlserver"], []),
    ("What's the weather forecast for Boston tomorrow?", "en", [], []),
    # a service's short name that is an English word names it as a name: in Korean or Chinese text, or
    # capitalised inside an English sentence, not first in it and not in a capitalised phrase
    ("Forecast에서 데이터세트 만들 때 암호화 설정은?", "ko", ["forecast"], []),
    ("Glue 作業讀取含 PHI 的資料時要注意什麼？", "zh", ["aws-glue"], []),
    ("Can we use Translate on clinical notes?", "en", ["amazon-translate"], []),
    ("Translate the notes into Korean, then keep them in S3", "en", ["s3"], []),
    ("Can we keep Protected Health Information in S3?", "en", ["s3"], []),
    ("The Forecast data-protection page warns against what?", "en", ["forecast"], []),  # "The" opens the sentence
    # a service named by its full name comes before one read from a short name that is an ordinary word
    ("Which Glue connection option should DataBrew use for JDBC?", "en", ["glue-databrew", "aws-glue"], []),
    # Korean and Chinese names are often written without their spaces
    ("공동책임모델에서 고객 책임은 어디까지인가요?", "ko", ["shared-responsibility"], []),
    ("S3버킷 암호화", "ko", ["s3"], []),
    ("Amazon Kinesis 串流寫入 Redshift 時要如何保護 PHI？", "zh",
     ["redshift", "kinesis-data-streams", "kinesis-data-firehose", "kinesis-video-streams"], []),
])
def test_services_named(question: str, lang: str, covered: list[str], uncovered: list[str]) -> None:
    a = ANALYZER.analyze(question)
    assert a.lang == lang
    assert [s.id for s in a.services] == covered
    assert [s.id for s in a.uncovered] == uncovered


def test_short_names_count_in_questions_only() -> None:
    """Ingest reads headings and running text with the full names and aliases only."""
    catalog = ANALYZER.catalog
    assert catalog.mentions("Forecast에서 데이터세트 만들 때") == []
    assert [(e.id, start, end) for e, start, end in catalog.short_mentions("Forecast에서  데이터세트")] == [
        ("forecast", 0, 8)]


def test_a_heading_naming_a_family_belongs_to_no_one_member() -> None:
    from kb.catalog import first_service

    catalog = ANALYZER.catalog
    assert first_service(catalog, ["Amazon RDS에서 유휴 데이터 보호"]) is None  # the 2016 paper's heading
    assert first_service(catalog, ["Amazon RDS for PostgreSQL 암호화"]).id == "rds-postgresql"
    assert [s.id for s, _, _ in catalog.mentions("Amazon RDS")][:2] == ["rds-mariadb", "rds-mysql"]


@pytest.mark.parametrize("question,ask,topics", [
    ("EMR local disks: must they be encrypted?", "necessity", ["encryption-at-rest"]),
    ("Should we enable MFA for the root user?", "necessity", ["access"]),
    ("EMR 클러스터 로컬 디스크도 꼭 암호화해야 하나요?", "necessity", ["encryption-at-rest"]),
    ("Must PHI workloads on EC2 run on Dedicated Instances?", "necessity", []),
    ("ELB 到 EC2 之間的流量要加密嗎？", "necessity", ["encryption-in-transit"]),
    ("只要用 HTTPS 就好嗎？", "yes-no", ["encryption-in-transit"]),  # "as long as": not "must we"
    ("HIPAA 감사 로그는 법적으로 몇 년 보관해야 하나요?", None, ["logging"]),  # how many years: no yes or no
    ("HIPAA 稽核日誌依法要保存幾年？", None, ["logging"]),
    ("PHI 암호화 관련해서 SQS랑 ECS 구간별로 뭘 설정해야 하나요?", None,  # "뭘" asks what: no yes or no
     ["encryption-at-rest", "encryption-in-transit"]),
    ("루트 계정 액세스 키 지워야 하나요?", "necessity", ["access"]),  # any verb before 야, not only 해야
    ("EBS 볼륨도 암호화 켜둬야 하나요?", "necessity", ["encryption-at-rest", "encryption-in-transit"]),
    # "해야 돼요?" asks "must we?", not the "돼요?" of "may we?"
    ("EBS 볼륨은 꼭 암호화해야 돼요?", "necessity", ["encryption-at-rest", "encryption-in-transit"]),
    # KMS speaks of encryption at rest for every service: "KMS 암호화" is at rest
    ("SageMaker 노트북 인스턴스에서 PHI 다룰 때 KMS 암호화 없이 써도 되나요?", "permission", ["encryption-at-rest"]),
    ("EC2 OS 패치랑 취약점 스캔은 HIPAA 관점에서 어떻게 관리하는 게 맞아요?", None, ["patching"]),
    ("跑 PHI 的 EC2 主機，OS 修補跟弱點掃描要怎麼規劃？", None, ["patching"]),
    ("S3에 PHI 넣어도 돼요?", "permission", []),
    ("전송 중 암호화 켜려면 엔진 버전 몇 이상이어야 돼요?", None, ["encryption-in-transit"]),  # how many: open
    # a long object between 必須 and 嗎 ("... 的 Amazon SQS 佇列啟用伺服器端加密嗎？") is still "must we?"
    ("我們必須為存放 PHI 的 Amazon SQS 佇列啟用伺服器端加密嗎？", "necessity", ["encryption-at-rest"]),
    # both topics named without spaces ("저장시", "전송중")
    ("EFS에 PHI 올릴 예정인데 저장시 암호화랑 전송중 암호화 어케 켜요?", None,
     ["encryption-at-rest", "encryption-in-transit"]),
    ("EFS 檔名可以有病患姓名嗎？", "permission", ["no-phi-in-metadata"]),  # a file name
    ("how do we prove the logs werent tampered with?", None, ["logging"]),  # tampering is the logs'
    ("這整條流程要注意哪些加密跟記錄？", None, ["logging", "encryption-at-rest", "encryption-in-transit"]),
    ("For SageMaker hosted endpoints, how is data on the instances encrypted?", None,  # a hosted model, no connection
     ["encryption-at-rest", "encryption-in-transit"]),
])
def test_how_a_question_asks_and_about_what(question: str, ask: str | None, topics: list[str]) -> None:
    a = ANALYZER.analyze(question)
    assert (a.ask, a.topics) == (ask, topics)


@pytest.mark.parametrize("question,without", [
    ("Is it OK to send PHI to SQS without TLS?", True),
    ("Can we store PHI on unencrypted EBS volumes?", True),
    ("PHI 웹앱 앞에 WAF를 두면 암호화는 신경 안 써도 되나요?", True),
    ("S3 可以不加密存病歷嗎？", True),
    ("Glacier vault 不另外開 KMS 加密，可以直接拿來封存病歷嗎？", True),
    ("EMR 叢集不開傳輸中加密可以嗎？", True),
    ("Is it OK to send PHI through Amazon SES without creating a configuration set?", True),
    ("Is S3 HIPAA eligible even if we don't enable encryption?", True),
    ("Can we use TLS 1.2 for SQS?", False),
    ("RDS 암호화 설정은 어떻게 하나요?", False),
    ("EBS 加密要怎麼開？", False),
    # what a service detects is no measure left out
    ("Can AWS Config detect unencrypted resources?", False),
    ("Can Security Hub flag any unencrypted S3 buckets?", False),
    ("AWS Config 能不能偵測沒有加密的資源？", False),
    ("S3 沒有加密可以放 PHI 嗎？", True),
    # plain HTTP is transport left unencrypted
    ("Can we terminate TLS at the ALB and send plain http to the targets?", True),
    ("ALB에서 TLS 종료하고 백엔드까지는 http로 보내도 되나요?", True),
    ("ALB 終止 TLS 之後，到後端可以走 http 嗎？", True),
    ("Can we use https to the targets?", False),
])
def test_a_question_asking_to_leave_a_measure_out(question: str, without: bool) -> None:
    assert ANALYZER.analyze(question).without is without


def test_plain_encryption_in_a_clause_of_its_own() -> None:
    """A clause asking of encryption and nothing else asks both kinds, though another clause's copies are at rest."""
    a = ANALYZER.analyze("How do we set up encryption for Aurora MySQL? Are snapshots and read replicas encrypted too?")
    assert set(a.topics) == {"backup", "encryption-at-rest", "encryption-in-transit"} and a.encrypt_clause
    a = ANALYZER.analyze("Are Aurora snapshots encrypted?")
    assert a.topics == ["backup", "encryption-at-rest"] and not a.encrypt_clause


@pytest.mark.parametrize("question,unsigned", [
    ("還沒跟 AWS 簽 BAA 之前，可以先把真實病歷丟到 S3 bucket 測試嗎？", True),
    ("沒有簽 BAA 的帳號可以存放 PHI 嗎？", True),
    ("We haven't signed the BAA yet. Can we load real patient records into RDS?", True),
    ("Can we keep patient data in our AWS account without a BAA?", True),
    ("BAA 체결 전에 실제 환자 데이터를 S3에 올려도 되나요?", True),
    ("BAA 없이 AWS에 환자 데이터를 저장해도 되나요?", True),
    ("BAA 체결 안 하고 HIPAA 대상 서비스로 PHI 처리해도 돼요?", True),
    ("Can we process PHI in eligible services without signing a BAA?", True),
    ("不簽 BAA 可以把 PHI 放 S3 嗎？", True),
    ("BAA 還沒簽，可以先用 DynamoDB 存病歷嗎？", True),
    ("Do we have to sign a BAA before we put PHI in S3?", False),
    ("BAA를 체결하면 모든 서비스에 PHI를 넣어도 되나요?", False),
    ("簽了 BAA 之後哪些服務可以放 PHI？", False),
])
def test_a_question_about_phi_before_or_without_the_baa(question: str, unsigned: bool) -> None:
    assert ANALYZER.analyze(question).unsigned is unsigned


@pytest.mark.parametrize("question,general", [
    ("got it. and in general, should we separate prod and dev accounts?", True),
    ("그럼 로그는 일반적으로 어디에 보관해요?", True),
    ("回到一般的問題：帳號要怎麼規劃？", True),
    ("金鑰管理一般有什麼建議？", True),
    ("and generally, how long should logs be kept?", True),
    ("一般使用者要給哪些權限？", False),  # (ordinary users, not "in general")
    ("And what about logging for it?", False),  # (the conversation's service, asked about logging)
    ("그럼 로그는요?", False),
])
def test_a_question_turning_to_what_holds_in_general(question: str, general: bool) -> None:
    assert ANALYZER.analyze(question).general is general


@pytest.mark.parametrize("question,compliant,refers_back", [
    ("Is Amazon SES HIPAA compliant?", True, False),
    ("Amazon SES 符合 HIPAA 嗎？", True, False),
    ("SES는 HIPAA 대상인가요?", True, False),
    ("그럼 거기에 올린 아카이브는 기본으로 암호화돼요?", False, True),
    ("Does that service keep its own logs?", False, True),
    ("那它的金鑰可以自己管理嗎？", False, True),
    ("how should we set up the VPC for its jobs?", False, True),  # its jobs: the conversation's service's
    ("앞단에 API Gateway 붙이면 거기서는 뭘 조심해야 돼요?", False, False),  # "there": the service it just named
    ("Can we use Amazon SES for PHI?", False, False),
    ("can it rotate those automatically?", False, True),  # (what "it" does: stop 64)
])
def test_a_compliance_question_and_one_pointing_back(question: str, compliant: bool, refers_back: bool) -> None:
    a = ANALYZER.analyze(question)
    assert (a.compliant, a.refers_back) == (compliant, refers_back)


@pytest.mark.parametrize("question,adds", [
    ("Should we turn on CloudTrail too?", True),
    ("What about KMS?", True),
    ("CloudTrail도 켜야 하나요?", True),
    ("그럼 KMS는요?", True),
    ("我們也要開 CloudTrail 嗎？", True),
    ("那 KMS 呢？", True),
    ("Should we turn on CloudTrail?", False),
    ("KMS 키를 써야 하나요?", False),
    ("那裡的金鑰可以自己管理嗎", False),
])
def test_a_question_adding_a_service_to_the_conversations(question: str, adds: bool) -> None:
    assert ANALYZER.analyze(question).adds is adds


def test_viewing_phi_in_a_service_asks_whether_it_may_hold_phi() -> None:
    for question in ("WorkSpaces로 원격 진료팀 VDI 구성하려는데 거기서 PHI 띄워도 되나요?",
                     "Can our clinicians view PHI in Amazon WorkSpaces?", "可以在 WorkSpaces 上調閱病歷嗎？"):
        assert ANALYZER.analyze(question).eligibility, question


def test_a_compliance_question_naming_no_topic_asks_eligibility() -> None:
    assert ANALYZER.analyze("Is Amazon SES HIPAA compliant?").eligibility
    sse = ANALYZER.analyze("Is our S3 setup HIPAA compliant if we only use SSE-S3?")  # SSE-S3: a name and a topic
    assert sse.topics == ["encryption-at-rest"] and not sse.eligibility
    assert ANALYZER.analyze("CloudTrail 要怎麼設定？").topics == []  # CloudTrail is what logging is about: no topic


def test_a_word_holding_a_term_is_not_that_topic() -> None:
    """카탈로그 and 프로그램 hold 로그; a patient's name is PHI, not a resource name."""
    assert ANALYZER.analyze("AWS Glue 크롤러로 S3 데이터 카탈로그 만들어도 되나요?").topics == []
    assert ANALYZER.analyze("EHR 프로그램을 EC2에서 돌려도 되나요?").topics == []
    polly = ANALYZER.analyze("Can we use Amazon Polly to read discharge instructions that include patient names?")
    assert polly.topics == [] and polly.eligibility
    names = ANALYZER.analyze("Can we put patient names in S3 object keys?")  # the object key is the name asked
    assert names.topics == ["no-phi-in-metadata"] and not names.eligibility
    # logs holding PHI are the data moved, not a question about logging
    assert ANALYZER.analyze("Kinesis Firehose로 PHI 섞인 로그 S3로 보내려고 하는데 설정 뭐 해야 함?").topics == []
    assert ANALYZER.analyze("We ship logs containing PHI to S3 through Firehose. What do we set up?").topics == []
    assert ANALYZER.analyze("CloudTrail 로그는 얼마나 보관해야 하나요?").topics == ["logging"]


def test_data_we_uploaded_is_no_transfer_asked_about() -> None:
    assert ANALYZER.analyze("Amazon Forecast는 우리가 업로드한 학습 데이터를 서비스 안에 보관하나요?").topics == []
    assert ANALYZER.analyze("S3 업로드 구간 암호화는 어떻게 하나요?").topics == ["encryption-in-transit"]


@pytest.mark.parametrize("question", ["SNS 토픽 이름에 환자 ID를 넣어도 되나요?",
                                      "Can a DynamoDB table name include the patient's MRN?"])
def test_a_resource_name_asks_about_phi_in_names(question: str) -> None:
    assert ANALYZER.analyze(question).topics == ["no-phi-in-metadata"]


def test_stored_and_transmitted_name_the_two_encryption_topics() -> None:
    assert ANALYZER.topics_of("Must we encrypt PHI stored in or transmitted by DynamoDB?", question=True) \
        == ["encryption-at-rest", "encryption-in-transit"]


def test_an_english_question_asks_at_the_start_of_any_of_its_sentences() -> None:
    """"We run Amazon MQ ... What do we have to configure?" is open, not a "must we?"; "We use S3. Can we put PHI
    in it?" is a "may we?"."""
    assert ANALYZER.ask_of("We run Amazon MQ for HL7. What do we have to configure so PHI stays encrypted?", "en") \
        is None
    assert ANALYZER.ask_of("We use Amazon S3 for imaging. Can we put PHI in it?", "en") == "permission"


@pytest.mark.parametrize("question,ask", [
    ("And must SQS be encrypted too?", "necessity"),
    ("But can we keep PHI in the logs?", "permission"),
    ("So is DynamoDB encrypted by default?", "yes-no"),
    ("And what do we configure for SQS?", None),
    # ... and a question may follow a scene set off by a dash
    ("elasticache redis for session data w/ PHI - do I need in-transit encryption, what setting?", "necessity"),
    ("Redis with PHI — can we skip TLS inside the VPC?", "permission"),
    ("Amazon Translate - what do we configure?", None),
    ("Is the re-encryption step needed?", "necessity"),  # (no dash set off by spaces: "re-encryption")
])
def test_an_english_follow_up_may_open_with_a_conjunction(question: str, ask: str | None) -> None:
    assert ANALYZER.ask_of(question, "en") == ask


def test_a_service_named_inside_a_topic_term_is_no_subject() -> None:
    """"SSE-KMS for S3": KMS is how S3 encrypts; S3 is what the question is about. "SSE-KMS" alone keeps KMS."""
    assert [s.id for s in ANALYZER.analyze("Must we use SSE-KMS for S3?").services][:1] == ["s3"]
    assert [s.id for s in ANALYZER.analyze("S3 SSE-KMS 꼭 써야 하나요?").services][:1] == ["s3"]
    assert [s.id for s in ANALYZER.analyze("Is SSE-KMS required?").services] == ["kms"]


@pytest.mark.parametrize("question,carries", [
    ("Can we use Amazon SWF to pass patient records between workflow steps?", True),
    ("SWF로 환자 데이터를 넘겨도 되나요?", True),
    ("Step Functions 可以存放病歷嗎？", True),
    ("Can we use AWS Step Functions in a PHI workload?", False),
    ("Step Functions를 PHI 워크로드에 써도 되나요?", False),
    ("怎么防 DDoS？Shield 能不能直接处理 PHI？", True),  # processing PHI in the service itself
    ("Can AWS Shield process PHI?", True),
    ("Shield가 PHI를 직접 처리해도 되나요?", True),
    ("Can we use Amazon SWF to coordinate workflows that process PHI?", False),  # a relative clause: the workflows
    ("Can we use Amazon SWF to coordinate workflows that store PHI?", False),
    ("可以用 Shield 保護處理 PHI 的網站嗎？", False),
    ("Does Comprehend retain the text we send it?", True),  # the service itself keeps data
    ("진료 녹음을 Transcribe로 텍스트로 바꾸면 AWS 쪽에 데이터가 남나요?", True),
    ("Auto Scaling 會直接處理我們的客戶內容嗎？", True),  # "我們的": a possessive, no relative clause
])
def test_a_question_asking_to_store_or_pass_data_through_the_service(question: str, carries: bool) -> None:
    assert ANALYZER.analyze(question).carries is carries


@pytest.mark.parametrize("question,ask", [
    ("DynamoDB 백업도 암호화되나요?", "yes-no"),  # a passive "-되나요" asks what happens, not for permission
    ("CodeCommit 저장 데이터는 암호화돼요?", "yes-no"),
    ("DynamoDB에 PHI 넣어도 되나요?", "permission"),
    ("DynamoDB에 PHI 넣어도되나요?", "permission"),
    ("S3 객체 키에 환자번호 넣어도 되죠?", "permission"),  # a "may we?" asking for agreement
    ("EFS 파일 이름에 환자 이름을 써도 괜찮죠?", "permission"),
    ("S3에 PHI를 저장하면 되나요?", "permission"),
])
def test_a_korean_passive_asks_yes_or_no(question: str, ask: str) -> None:
    assert ANALYZER.analyze(question).ask == ask


@pytest.mark.parametrize("question,stores,names", [
    ("Can Amazon CloudWatch store PHI?", True, False),
    ("CloudWatch 可以存放 PHI 嗎？", True, False),
    ("Can we use Amazon Comprehend on clinical notes?", False, False),
    ("Is it OK to put a patient's MRN in an Elastic Beanstalk environment name?", False, True),
    ("Can we store patient names in DynamoDB?", True, False),  # the names are the data
    ("Amazon Connect 콜플로우 이름이나 보안 프로필에 환자 이름 넣어도 되나요?", False, True),
])
def test_keeping_data_in_the_service_and_speaking_of_its_names(question: str, stores: bool, names: bool) -> None:
    a = ANALYZER.analyze(question)
    assert (a.stores, a.names) == (stores, names)


@pytest.mark.parametrize("question,negated,asker_first", [
    ("Is CloudWatch Logs data NOT encrypted?", True, False),
    ("QLDB 데이터는 기본적으로 암호화되지 않나요?", True, False),
    ("Amazon QLDB 的資料不會加密嗎？", True, False),
    ("IoT Core 通訊有沒有加密？", False, False),  # 有沒有 and 是不是 ask yes or no
    ("Do we store PHI in AWS CloudFormation?", False, True),
    ("Does Comprehend store the text we send it?", False, False),  # "we" after the service: a relative clause
    ("我們可以在 CloudFormation 中儲存 PHI 嗎？", False, True),
])
def test_a_negated_question_and_one_about_what_the_customer_does(question: str, negated: bool,
                                                                  asker_first: bool) -> None:
    a = ANALYZER.analyze(question)
    assert (a.negated, a.asker_first) == (negated, asker_first)


@pytest.mark.parametrize("question,ask,default,supports,every", [
    ("Is EBS encrypted by default?", "yes-no", True, False, False),
    ("EBS 스냅샷도 자동으로 암호화 되나요?", "yes-no", True, False, False),  # "-화 되나요" is passive, not "may I?"
    ("S3에 PHI 넣어도 되나요?", "permission", False, False, False),
    ("DynamoDB 預設有加密嗎？", "yes-no", True, False, False),
    ("RDS PostgreSQL 的自動備份和快照也會一起加密嗎？", "yes-no", False, False, False),  # automated backups: a noun
    ("Are automatic backups of RDS encrypted?", "yes-no", False, False, False),
    ("SQS 서버측 암호화 지원하나요?", "yes-no", False, True, False),
    ("ElastiCache Redis 支援傳輸中加密嗎？", "yes-no", False, True, False),
    ("Does the BAA let us put PHI in any AWS service?", "yes-no", False, False, True),
    ("Once we sign the BAA can we use every AWS service for PHI?", "permission", False, False, True),
    ("簽了 BAA 之後，是不是所有 AWS 服務都可以處理 PHI？", "yes-no", False, False, True),
])
def test_by_default_supports_and_every_service(question: str, ask: str, default: bool, supports: bool,
                                               every: bool) -> None:
    a = ANALYZER.analyze(question)
    assert (a.ask, a.default, a.supports, a.every) == (ask, default, supports, every)


@pytest.mark.parametrize("question,existing", [
    ("Can we turn on encryption at rest for an existing EFS file system?", True),
    ("기존 클러스터에도 적용 가능한가요?", True),
    ("已建立的 Neptune 執行個體可以之後再開啟加密嗎？", True),
    ("Can we turn on encryption at rest for EFS?", False),
])
def test_a_question_about_a_resource_that_already_exists(question: str, existing: bool) -> None:
    assert ANALYZER.analyze(question).existing is existing


@pytest.mark.parametrize("question", ["Amazon Polly로 환자 안내 음성을 만들어도 되나요?",
                                      "可以用 Amazon Transcribe 轉錄門診錄音嗎？",
                                      "Can we use Amazon Transcribe on outpatient recordings?"])
def test_making_or_transcribing_clinical_content_asks_for_eligibility(question: str) -> None:
    assert ANALYZER.analyze(question).eligibility


def test_the_first_service_named_is_the_subject() -> None:
    look_alike_first = ANALYZER.analyze("MemoryDB 可以当 Redis 的替代品存 PHI 吗？")
    assert look_alike_first.subject_uncovered and look_alike_first.refuse_outright()
    covered_first = ANALYZER.analyze("Redis와 Memcached 중 PHI 전송 암호화는?")
    assert not covered_first.subject_uncovered and not covered_first.refuse_outright()
    assert [s.id for s in covered_first.uncovered] == ["elasticache-memcached"]


def test_other_clouds() -> None:
    oci = ANALYZER.analyze("Will Oracle Cloud Infrastructure sign a BAA?")
    assert oci.clouds == ["Oracle Cloud Infrastructure"]
    assert "rds-oracle" not in [s.id for s in oci.services]  # "Oracle" belongs to the cloud's name
    assert oci.refuse_outright()  # the BAA is a general topic, not an AWS service
    both = ANALYZER.analyze("Azure Blob Storage와 S3 버킷의 암호화 차이는?")
    assert both.clouds == ["Microsoft Azure"] and [s.id for s in both.services] == ["s3"]
    assert not both.refuse_outright()
    # a name right after a cloud's is that cloud's product: "Azure Kubernetes Service" is no Amazon EKS question
    for question in ("Can we run PHI workloads on Azure Kubernetes Service?",
                     "애저 쿠버네티스 서비스에 PHI를 올려도 되나요?"):
        aks = ANALYZER.analyze(question)
        assert (aks.clouds, aks.services, aks.refuse_outright()) == (["Microsoft Azure"], [], True), question
    moving = ANALYZER.analyze("We are moving from Azure to EKS; what must we configure?")
    assert [s.id for s in moving.services] == ["eks"] and not moving.refuse_outright()


@pytest.mark.parametrize("question,parted", [
    ("Is Route 53 ok to use in a HIPAA account? And can we put patient names in DNS records?", True),
    ("Route 53 써도 되나요? DNS 레코드에 환자 이름 넣어도 되나요?", True),
    ("Route 53 可以用嗎？DNS 記錄可以放病患姓名嗎？", True),
    ("Can we put patient names in Route 53 DNS records?", False),  # one clause
    ("Can we put PHI in Lambda environment variables? How should we encrypt them?", False),  # the other asks how
    ("Can we use S3 for PHI? Is encryption at rest required?", False),  # no part asked
])
def test_a_part_and_the_service_asked_apart(question: str, parted: bool) -> None:
    """One clause asks yes or no of a part or name of the service, another of the service itself: no one verdict
    answers both (kb/verdict.py)."""
    assert ANALYZER.analyze(question).parted is parted


def test_software_run_outside_aws_names_no_aws_service() -> None:
    """The software a service runs (services.yaml `engines`), in a question placing it outside AWS (out_of_scope.yaml
    `outside`), names no AWS service: out of scope, like another cloud. Named with the AWS service, or without such a
    place, it names the service as before."""
    for question, sid in (("Whats the best Kubernetes ingress controller for an on-prem cluster?", "eks"),
                          ("온프레미스 Redis 클러스터 튜닝 어떻게 해요?", "elasticache-redis"),
                          ("地端 Kafka 叢集要怎麼調校效能？", "msk")):
        a = ANALYZER.analyze(question)
        assert ([s.id for s in a.elsewhere], a.services, a.refuse_outright()) == ([sid], [], True), question
    for question, ids in (("How do we secure PHI in Kubernetes?", ["eks"]),
                          ("We run Kafka on-prem and want to move it to MSK - what do we need for PHI?", ["msk"]),
                          ("Our on-prem Postgres holds PHI - how do we encrypt it before migrating to RDS?",
                           ["rds-postgresql"])):  # ("RDS" + "Postgres": RDS for PostgreSQL)
        a = ANALYZER.analyze(question)
        assert ([s.id for s in a.services], a.refuse_outright()) == (ids, False), question
    isolation = ANALYZER.analyze("地端 Kubernetes 叢集要怎麼做網路隔離？")  # (a subject names no AWS service there)
    assert (isolation.services, isolation.refuse_outright()) == ([], True)
    segment = ANALYZER.analyze("We connect our on-prem data center to AWS; how should we segment the network?")
    assert [s.id for s in segment.services] == ["vpc"] and not segment.refuse_outright()
    moving = ANALYZER.analyze("We are moving from on-prem to AWS: what do we need for HIPAA?")
    assert not moving.elsewhere and not moving.refuse_outright()  # the place alone refuses nothing


def test_software_run_on_ec2_names_ec2_not_the_service_of_that_engine() -> None:
    """"we run postgres on EC2 with PHI on EBS volumes. how should we back it up?" was answered as Amazon RDS for
    PostgreSQL: the engine placed on EC2 instances is the customer's software."""
    for question, ids in (("we run postgres on EC2 with PHI on EBS volumes. how should we back it up?", ["ec2", "ebs"]),
                          ("EC2에 직접 설치한 PostgreSQL에 PHI가 있는데 백업은?", ["ec2"]),
                          ("在 EC2 上自建 MySQL 存 PHI，要怎麼加密？", ["ec2"]),
                          ("Kafka running on EC2 instances: how do we encrypt broker traffic?", ["ec2"]),
                          ("RDS Postgres or Postgres on EC2 for PHI?", ["rds-postgresql", "ec2"]),  # (named as RDS)
                          ("Should we move Postgres from EC2 to RDS?", ["rds-postgresql", "ec2"])):
        a = ANALYZER.analyze(question)
        assert ([s.id for s in a.services], a.refuse_outright()) == (ids, False), question


@pytest.mark.parametrize("question,topics", [
    ("S3 암호화는?", ["encryption-at-rest", "encryption-in-transit"]),
    ("How do I enable TLS for Redis?", ["encryption-in-transit"]),
    ("CloudTrail 日誌 稽核", ["logging"]),
    ("스냅샷 백업 보존", ["backup"]),
    ("What about cross-region replication?", ["backup"]),  # replication and versioning keep copies
    ("EC2에 모의해킹 하려면 AWS 허가 받아야 하나요?", ["patching"]),  # a penetration test finds vulnerabilities
    ("Does GuardDuty access or store our PHI?", []),  # handling the data, not access control
    ("Amazon GuardDuty 會不會存取或儲存我們的 PHI？", []),
    ("버전 관리도 켜야 하나요?", ["backup"]),
    # plain "encryption" beside other topics in a list is asked as such (both kinds); going with one, at rest
    ("What do we need in DynamoDB: encryption, backups and logging?",
     ["logging", "backup", "encryption-at-rest", "encryption-in-transit"]),
    ("DynamoDB 加密、備份和日誌要怎麼設？", ["logging", "backup", "encryption-at-rest", "encryption-in-transit"]),
    ("RDS 암호화된 백업은?", ["backup", "encryption-at-rest"]),
    ("RDS 백업 암호화는?", ["backup", "encryption-at-rest"]),
    ("Are DynamoDB backups encrypted?", ["backup", "encryption-at-rest"]),
    ("Where should encryption of PHI in backups be turned on?", ["backup", "encryption-at-rest"]),
    # a plain encryption word listed beside an explicit transit term asks at rest too
    ("用 Textract 做病歷 OCR，S3 輸入檔加密跟傳輸要怎麼設？", ["encryption-in-transit", "encryption-at-rest"]),
    ("How do we encrypt data in transit to SQS?", ["encryption-in-transit"]),
    # a field of a record is no name or metadata field ("store encrypted fields as raw binary")
    ("DynamoDB 암호화된 필드는 어떻게 저장하나요?", ["encryption-at-rest", "encryption-in-transit"]),
    ("Can we put PHI in the name fields of Auto Scaling groups?", ["no-phi-in-metadata"]),
    ("可以把病患姓名放在 SQS 訊息屬性裡嗎？", ["no-phi-in-metadata"]),  # message attributes are metadata
    # the short names of simplified and Taiwan Chinese ("对象名" is no "名稱")
    ("S3 对象名能带 PHI 吗？", ["no-phi-in-metadata"]),
    ("SQS 队列名能包含病历号吗？", ["no-phi-in-metadata"]),
    # the protocol a service talks over is how data moves
    ("Lex 聊天機器人和用戶端之間用什麼協定通訊？", ["encryption-in-transit"]),
    ("Which protocol does Amazon Lex use with clients?", ["encryption-in-transit"]),
    # a data encryption key is what encryption uses; managing keys is access control and keys, in every language
    ("資料加密金鑰要怎麼產生？", ["encryption-at-rest", "encryption-in-transit"]),
    ("How do we generate a data encryption key?", ["encryption-at-rest", "encryption-in-transit"]),
    ("RDS 金鑰管理要注意什麼？", ["access"]),
    ("What about key management for RDS?", ["access"]),
    # an endpoint's instances are what a service hosts (their storage is at rest), not a connection's endpoint
    ("엔드포인트 인스턴스 스토리지는 어떻게 암호화해요?", ["encryption-at-rest", "encryption-in-transit"]),
    ("How do we encrypt the endpoint instance storage?", ["encryption-at-rest", "encryption-in-transit"]),
    ("Which endpoint should we use for HTTPS?", ["encryption-in-transit"]),
    # encryption as such in a clause of its own, beside a clause on TLS: both kinds
    ("What encryption settings does EFS need for PHI, and is TLS on by default?",
     ["encryption-in-transit", "encryption-at-rest"]),
])
def test_topics(question: str, topics: list[str]) -> None:
    assert ANALYZER.analyze(question).topics == topics


@pytest.mark.parametrize("question,eligibility", [
    # one clause asks whether the service may hold PHI, another asks a topic
    ("Can we store PHI in Amazon S3, and what encryption settings do we need on the bucket?", True),
    ("S3에 PHI 저장해도 되나요? 암호화는 어떻게 설정해요?", True),
    ("可以用 DynamoDB 存 PHI 嗎？加密要怎麼設？", True),
    ("可以用 Amazon SES 寄送含有病患資料的 email 嗎？要注意什麼？", True),
    ("Can we store PHI in S3 without encryption, and how do we log access?", False),  # its own clause has a topic
    ("레디스에 환자 세션 캐싱하는데 AUTH 토큰 없이 그냥 써도 되나요?", False),  # asks to leave a measure out
    ("May we put PHI in AWS Batch job definitions?", False),  # a part of the service
    ("Is it OK to put patient identifiers in SNS message attributes?", False),
    ("Can we store PHI in DynamoDB table attributes?", True),  # an item's attributes are its data
    ("다이나모에 진료 예약 데이터 넣어도 되나요?", True),
    ("Can we use Amazon Translate on clinical notes?", True),
    ("Amazon Translate로 진료 기록을 번역해도 되나요?", True),
    ("DynamoDB 可以存放 PHI 嗎？", True),
    ("Amazon HealthLake 可以用來存放 PHI 嗎？", True),
    ("Kinesis로 환자 데이터 보내도 되나요?", True),
    ("Can we use Amazon SES to email lab results to patients?", True),  # (trial 38: no verdict before)
    ("SES로 환자한테 검사 결과 메일 보내도 되나요?", True),
    ("可以用 SES 寄檢驗報告給病患嗎？", True),
    # orchestrating or coordinating work whose payload has PHI uses the service with PHI (trial 42)
    ("is step functions ok to orchestrate the consumers if the payload has PHI?", True),
    ("Step Functions로 PHI 들어간 작업 오케스트레이션 해도 돼요?", True),
    ("含 PHI 的資料可以用 Step Functions 編排嗎？", True),
    ("SageMaker notebook 可以拿來跑含 PHI 的資料嗎？", True),  # run, on data holding PHI
    ("what about SNS for sending alerts w/ PHI to clinicians?", False),  # (no permission asked: uses_phi below)
    ("Can I put PHI in S3 object names?", False),  # a detail (names), not the service as a whole
    ("Can I use customer managed keys with S3?", False),  # permission, but not about holding PHI
])
def test_eligibility_questions(question: str, eligibility: bool) -> None:
    assert ANALYZER.analyze(question).eligibility is eligibility


@pytest.mark.parametrize("text", [
    "Set it when you create the replication group.",
    "Redis 복제 그룹 생성 시 요청 매개변수 내에서 설정해야 합니다.",
    "必須在建立 Redis 複寫群組時於請求參數內設定。",
])
def test_a_phrase_that_holds_a_topic_term_but_names_something_else_signals_no_topic(text: str) -> None:
    assert ANALYZER.topics_of(text) == [] and ANALYZER.terms_in(text) == []
    assert ANALYZER.topics_of(text.replace("group", "").replace("그룹", "").replace("群組", "")) == ["backup"]


@pytest.mark.parametrize("question,whole", [
    ("We record telehealth sessions with Amazon Kinesis Video Streams. What do we have to configure?", True),
    ("How should PHI be protected in AWS KMS?", True),
    ("What does Amazon SQS need for PHI?", True),
    ("雷迪斯 放 PHI 要開哪些設定？", True),
    ("Lex에 PHI 넣을 때 뭘 설정해야 하나요?", True),
    ("S3 버킷 쪽에 뭐뭐 설정해둬야 하나요?", True),
    ("要讓 Amazon API Gateway 傳送含有病患資料的請求，應該如何設定？", True),
    ("WorkSpaces 用戶端和 WorkSpace 之間的通訊怎麼保護？", False),  # one link of it, not the service as a whole
    ("Which Redis engine versions does ElastiCache support?", False),
    ("API 閘道的授權可以用什麼簽章機制？", False),
    ("OpenSearch 엔진 버전은 최소 몇이어야 하나요?", False),
    # what a document recommends on a subject: all it says of it
    ("What does the 2016 paper recommend for protecting data at rest in Amazon RDS?", True),
    ("2016년 백서에서 맬웨어 방지 관련해서 뭐라고 권장해?", True),
    ("2016 年的白皮書對 DDoS 防護有什麼建議？", True),
    # what something should include: a list
    ("What should our disaster recovery plan for PHI workloads include?", True),
    ("재해 복구 계획에는 무엇을 포함해야 하나요?", True),
    ("災難復原計畫應該包含哪些內容？", True),
    ("Can a DynamoDB table name include the patient's MRN?", False),
    ("환자 이름이 포함된 파일을 S3에 올려도 되나요?", False),
    ("2016년 AWS 보안 모범 사례 문서에 따르면 루트 계정은 어떻게 관리해야 하나요?", True),
    ("According to the 2016 paper, how should we manage the root account?", True),
    ("How should we centralize security logs across accounts?", False),  # "security" is no "secure"
    ("AWS Transfer Family로 받은 PHI를 Amazon S3에 저장합니다. 각 서비스에서 무엇을 구성해야 하나요?", True),
    ("Amazon Forecast에서 PHI 데이터를 어떻게 보호하나요?", True),
    ("我們將 PHI 從 Amazon API Gateway 傳到 AWS Step Functions；兩邊各需要設定什麼？", True),
    ("Amazon Forecast에서 암호화 키는 어떻게 관리되나요?", False),  # how it is managed: not what we must do
    ("What should we do to lock down the AWS root user?", True),
    ("PHI 워크로드의 백업과 재해 복구는 어떻게 준비해야 하나요?", True),  # how to prepare it: what the chapter says
    ("How should we prepare backups and disaster recovery for PHI workloads?", True),
    ("PHI 工作負載的備份與災難復原要如何準備？", True),
    ("DDoS 공격은 어떻게 막나요?", True),  # how to defend against it: what the service and chapter say of it
    ("DDoS 攻擊要怎麼防護？", True),
    # ... and what the documents say of it
    ("What does the whitepaper say about Amazon EC2?", True),
    ("What does the HIPAA guidance say about using Amazon EMR with PHI?", True),
    ("Tell me about Amazon Neptune", True),
    ("백서에서 DynamoDB에 대해 뭐라고 하나요?", True),
    ("白皮書對 DynamoDB 怎麼說？", True),
    ("Does the whitepaper say DynamoDB is encrypted by default?", False),
    ("DynamoDB 기본 암호화 키는 뭔가요?", False),
    # anything to set up, or to do apart
    ("Transfer Family SFTP into S3 - anything special we need to configure?", True),
    ("Is there anything we need to set up for Fargate?", True),
    ("Does Fargate need any extra configuration before it can run PHI workloads?", True),
    ("API Gateway로 트리거하면 따로 챙길 거 있어요?", True),
    ("那 Fargate 呢？也要另外設定嗎", True),
    ("Fargate 需要額外設定嗎？", True),
])
def test_a_question_asking_what_a_service_needs_as_a_whole(question: str, whole: bool) -> None:
    assert ANALYZER.analyze(question).whole is whole


@pytest.mark.parametrize("question,choice", [
    ("S3에 PHI 저장할 때 SSE-S3로 충분한가요? 아니면 SSE-KMS 꼭 써야 하나요?", True),
    ("Do we have to use TLS to the targets, or is terminating at the ALB fine?", True),
    ("備份要用 AWS Backup 還是自己寫腳本？", True),
    ("Do we have to encrypt the Firehose stream itself or is S3 default encryption enough?", True),
    ("Is disaster recovery AWS's job or ours?", True),  # between two parties: no yes or no, the records say who
    ("Can we use S3 or DynamoDB for PHI?", False),  # either is asked about, not a choice between them
    ("S3 또는 EBS에 PHI 저장해도 되나요?", False),
    ("可以用 S3 或是 EBS 存 PHI 嗎？", False),
])
def test_a_question_offering_a_choice(question: str, choice: bool) -> None:
    assert ANALYZER.analyze(question).choice is choice


def test_medical_records_are_not_logs() -> None:
    assert "logging" not in ANALYZER.analyze("Amazon Translate로 진료 기록을 번역해도 되나요?").topics
    assert ANALYZER.analyze("CloudTrail 호출 기록 보관해야 하나요?").topics == ["logging"]


@pytest.mark.parametrize("simplified,traditional", [
    ("适用于 Redis 的 ElastiCache 传输加密要怎么设置？", "適用於 Redis 的 ElastiCache 傳輸加密要怎麼設定？"),
    ("弹性容器服务的任务日志需要保留吗？", "彈性容器服務的任務日誌需要保留嗎？"),
    ("SNS 主题可以放病历号吗？", "SNS 主題可以放病歷號嗎？"),
    ("使用阿里云的对象存储可以吗？", "使用阿里雲的物件儲存可以嗎？"),
    ("HIPAA 罚款是多少？", "HIPAA 罰款是多少？"),
    ("数据库备份谁负责？", "資料庫備份誰負責？"),
])
def test_simplified_reads_like_traditional(simplified: str, traditional: str) -> None:
    """Chinese is matched script-folded: a Simplified question names the same services, topics, clouds,
    legal matters and way of asking as its Traditional spelling, though only the Traditional alias or
    term is in the data files."""
    s, t = ANALYZER.analyze(simplified), ANALYZER.analyze(traditional)
    assert s.lang == t.lang == "zh"
    assert ([x.id for x in s.services], s.topics, s.clouds, s.legal, s.ask, s.responsibility, s.uses_phi) == (
        [x.id for x in t.services], t.topics, t.clouds, t.legal, t.ask, t.responsibility, t.uses_phi)


def test_simplified_alias_and_topic_term() -> None:
    a = ANALYZER.analyze("Redis 静态加密可以用客户管理的密钥吗？")
    assert [s.id for s in a.services] == ["elasticache-redis-encryption-at-rest"]  # alias kept in Traditional only
    assert "encryption-at-rest" in a.topics and a.ask == "permission"  # 靜態 is the term; 可以嗎 the pattern
    assert [s.id for s in ANALYZER.analyze("CloudWatch 日志怎么保留？").services] == ["cloudwatch-logs"]


def test_a_topic_term_inside_a_service_name_asks_nothing() -> None:
    assert ANALYZER.analyze("CloudWatch 日志怎么保留？").topics == []  # 日志 is CloudWatch Logs' name here
    assert ANALYZER.analyze("Does AWS Backup encrypt data?").topics == ["encryption-at-rest", "encryption-in-transit"]
    assert ANALYZER.analyze("Does AWS Backup encrypt its backups?").topics == ["backup", "encryption-at-rest"]
    assert ANALYZER.analyze("What protects traffic in AWS Elastic Disaster Recovery?").topics == [
        "encryption-in-transit"]  # not "disaster recovery" (backup)
    assert ANALYZER.analyze("Should I turn on S3 server access logging?").topics == ["logging"]


def test_a_topic_rule_is_a_must_record_of_a_general_chapter_on_that_topic() -> None:
    from kb.requirements import RequirementCatalog

    records = RequirementCatalog.load(SETTINGS.requirements_dir)
    rules = {t.id: records.get(t.rule) for t in ANALYZER.topics if t.rule}
    assert sorted(rules) == ["encryption-at-rest", "encryption-in-transit"]
    for topic, record in rules.items():
        assert record is not None and record.strength == "must" and record.topic == topic
        assert ANALYZER.catalog.top(record.section).kind == "general"
    listings = {t.id: records.get(t.listing) for t in ANALYZER.topics if t.listing}
    assert list(listings) == ["eligibility"] and listings["eligibility"] is not None
    assert listings["eligibility"].topic == "eligibility" and listings["eligibility"].strength == "fact"
    model = [records.get(i) for i in ANALYZER.responsibility_model]  # (kb/parties.py: said where no record says who)
    assert [r.id for r in model if r is not None] == list(ANALYZER.responsibility_model) == [
        "shared-responsibility.notes-security-of-vs-in-the-cloud",
        "shared-responsibility.bp2016-three-service-categories"]
    assert all(r.section == "shared-responsibility" for r in model)


def test_a_disk_or_volume_is_storage() -> None:
    for q in ("SageMaker 筆記本執行個體的磁碟怎麼加密？", "WorkSpaces 디스크는 어떻게 암호화하나요?",
              "How do we encrypt the volumes of our EMR cluster?"):
        a = ANALYZER.analyze(q)
        assert a.topics == ["encryption-at-rest"] and a.implied == [], q


def test_a_topic_whose_heading_reads_as_a_rule_has_a_subject_for_not_covered_sentences() -> None:
    names = ANALYZER.topic("no-phi-in-metadata")
    assert names.subject("en") == "PHI in names, tags or metadata" and names.label("en").startswith("No PHI")
    assert ANALYZER.topic("logging").subject("ko") == ANALYZER.topic("logging").label("ko")  # default: the heading


def test_a_general_chapter_named_by_a_topic_term_is_told_apart() -> None:
    """"audit logs" names the logging chapter and asks about logging (the planner lists a service answering the
    topic first); "BAA" names its chapter by its own name."""
    a = ANALYZER.analyze("How do we get audit logs for who touched which tables on our RDS SQL Server instance?")
    assert [s.id for s in a.services] == ["security-logging", "rds-sqlserver"] and a.topical == ["security-logging"]
    assert ANALYZER.analyze("Does the BAA cover Amazon S3?").topical == []



def test_the_record_topics_are_the_topics_of_the_lexicon() -> None:
    """kb/requirements.py's TOPICS (the records' schema) and data/topics.yaml name the same topics."""
    from kb.requirements import TOPICS

    assert {t.id for t in ANALYZER.topics} == set(TOPICS)


def test_a_misspelled_service_beside_one_spelled_right_is_read_too() -> None:
    """"Redhsift랑 EMR": EMR is found by its name, Redshift one slip away; both are asked about, and the reading is
    said (the answer's note)."""
    a = ANALYZER.analyze("Redhsift랑 EMR 감사 로그 설정은 어떻게 하나요?")
    assert [s.id for s in a.services if s.kind == "service"] == ["emr", "redshift"]
    assert [(w, e.id) for w, e in a.misspelled] == [("Redhsift", "redshift")]
    assert ANALYZER.analyze("EMR 감사 로그 설정은 어떻게 하나요?").misspelled == []


def test_every_ask_flag_is_a_field_of_the_analysis() -> None:
    """The asks.yaml keys read as flags set the Analysis field of their name: a key without one would only add an
    attribute nothing reads."""
    from dataclasses import fields

    from kb.analysis import Analysis
    from kb.asks import FLAGS
    assert set(FLAGS) <= {f.name for f in fields(Analysis)}


@pytest.mark.parametrize("question,topics,respelled", [
    ("hey do we realy need to encrpyt sagemaker notebooks if they touch phi??",
     ["encryption-at-rest", "encryption-in-transit"], [("encrpyt", "encrypt")]),
    ("How do I enable loggign on S3?", ["logging"], [("loggign", "logging")]),
    ("how to configure encyrption for EFS", ["encryption-at-rest", "encryption-in-transit"],
     [("encyrption", "encryption")]),
    ("Our logistics platform stores PHI in DynamoDB", [], []),  # an ordinary word, however it starts
    ("Can we use Lambda in conjunction with DynamoDB for PHI?", [], []),  # two slips from "connection"
    ("In addition, which IAM policies apply?", ["access"], []),  # not "audition", not "policyes"
    ("encyption at rest, or restoring from backups?", ["encryption-at-rest", "backup"], [("encyption", "encryption")]),
    ("Are encrypted EBS snapshots copied across Regions?", ["backup", "encryption-at-rest"], []),
])
def test_a_misspelled_topic_word_is_read_as_the_word(question: str, topics: list[str],
                                                      respelled: list[tuple[str, str]]) -> None:
    a = ANALYZER.analyze(question)
    assert (a.topics, a.respelled) == (topics, respelled)


@pytest.mark.parametrize("question,ask,adds", [
    ("Redis AUTH 꼭 써야 돼?", "necessity", False),
    ("전송 중 암호화 꼭 해야 됨?", "necessity", False),
    ("Secrets Manager에 PHI 들어간 값 저장해도 됨?", "permission", False),
    ("DocumentDB는요?", None, True),
    ("그럼 Lambda는?", None, True),
])
def test_casual_korean_must_and_what_about(question: str, ask: str | None, adds: bool) -> None:
    a = ANALYZER.analyze(question)
    assert (a.ask, a.adds) == (ask, adds)


def test_a_named_way_of_encrypting_asks_about_encryption_at_rest() -> None:
    """"EBS 一定要用客戶受管金鑰嗎？" names a way of meeting the at-rest rule (topics.yaml `ways`): it asks about
    encryption at rest; a KMS named inside such a way is not the question's subject."""
    assert ANALYZER.names_a_way("EBS 一定要用客戶受管金鑰嗎？", "encryption-at-rest")
    assert not ANALYZER.names_a_way("EBS 一定要加密嗎？", "encryption-at-rest")
    assert "encryption-at-rest" in ANALYZER.analyze("EBS 一定要用客戶受管金鑰嗎？").topics
    assert [s.id for s in ANALYZER.analyze("RDS 一定要用客戶受管的 KMS 金鑰嗎？").services][-1] == "kms"


@pytest.mark.parametrize("question,which", [
    ("Which algorithm does SQS server-side encryption use?", True),
    ("What key does RDS use for encryption at rest?", True),
    ("Postgres on RDS 저장 데이터 암호화는 어떤 키로 하나요?", True),
    ("S3 静态数据加密有哪些选项？", True),
    ("DynamoDB 要用哪個金鑰？", True),
    ("How do we encrypt RDS for PostgreSQL?", False),
    ("What are the PHI encryption requirements for Amazon Polly?", False),
    ("What encryption requirements apply to RDS for MySQL?", False),
    ("What about Lambda?", False),
    ("RDS for PostgreSQL은 어떻게 암호화하나요?", False),
    ("Amazon Polly 對 PHI 加密有什麼要求？", False),
    ("SES는 어떤 요구 사항이 있나요?", False),
])
def test_a_question_asking_which_thing(question: str, which: bool) -> None:
    """Which key, setting, option or algorithm, not how to meet a topic nor what its requirements are."""
    assert ANALYZER.analyze(question).which is which


@pytest.mark.parametrize("question,each", [
    ("We stream PHI from Kinesis Data Streams into S3 via Firehose. What must we configure on each?", True),
    ("What do SQS and Lambda need for PHI, both of them?", True),
    ("Transfer Family와 S3, 각각 무엇을 설정해야 하나요?", True),
    ("SQS 和 Lambda 分別要設定什麼？", True),
    ("紙本病歷上傳 S3 -> Textract -> OpenSearch，每一段要怎麼保護 PHI？", True),
    ("S3 데이터레이크 -> Glue ETL -> Athena 구간별로 뭐 설정해야 해요?", True),
    ("How do we encrypt S3 and DynamoDB?", False),
    ("Is each object in S3 encrypted?", False),
    ("SQS랑 Lambda 어떻게 보호해야 돼요?", False),
])
def test_a_question_asking_of_each_service(question: str, each: bool) -> None:
    """"On each", "both of them", "각각", "分別": every service the question names is asked about."""
    assert ANALYZER.analyze(question).each is each


def test_a_question_asking_what_each_service_needs_reads_topics_from_its_asking_phrase() -> None:
    """The story before "what do we configure on each?" names no topic asked ("上傳": upload, in transit); the
    asking phrase's own ("What encryption ...": both kinds) are what is asked."""
    a = ANALYZER.analyze("病歷掃描檔上傳到 S3,用 Textract 擷取文字,再用 Comprehend Medical 分析,"
                         "每個服務分別要設定什麼?")
    assert (a.each, a.whole, a.topics) == (True, True, [])
    a = ANALYZER.analyze("We upload scans to S3 and extract text with Textract. What encryption do we configure on "
                         "each?")
    assert sorted(a.topics) == sorted(a.implied) == ["encryption-at-rest", "encryption-in-transit"]


@pytest.mark.parametrize("question,provider", [
    ("Is AWS responsible for patching our EC2 operating systems?", True),
    ("Is disaster recovery AWS's job?", True),
    ("Does AWS take care of disaster recovery for us?", True),
    ("EC2 운영 체제 패치는 AWS 책임인가요?", True),
    ("DR은 AWS가 다 해주나요?", True),
    ("災難復原 AWS 都會幫我們處理嗎？", True),
    ("EC2 作業系統的修補是由 AWS 負責嗎？", True),
    ("Are we responsible for patching EC2 instances?", False),
    ("我們要自己負責 EC2 的修補嗎？", False),
    ("Does S3 encrypt objects by default?", False),
])
def test_a_question_naming_aws_as_the_party(question: str, provider: bool) -> None:
    """AWS named as the party that owns or does something: with "responsible", a record assigning it decides."""
    assert ANALYZER.analyze(question).provider is provider


@pytest.mark.parametrize("question,topics", [
    ("What should we log for auditing PHI access?", ["logging"]),
    ("What will the auditor ask about S3 versioning?", ["backup"]),  # the people who audit, not audit logs
    ("S3 刪除保護要怎麼設？稽核的時候會被問", []),
    ("What audit logs should we keep?", ["logging"]),
    ("SageMaker API 呼叫有記錄嗎？", ["logging"]),  # whether calls are recorded
    ("如何使用 AWS CloudTrail 和 AWS Config 稽核 PHI 的存取？", ["logging"]),
    ("Who should have access to PHI in S3?", ["access"]),
    ("How does AWS dispose of failed disks that held PHI?", ["disposal"]),
    ("PHI 저장했던 스토리지 삭제하면 물리 디스크 폐기는 어떻게 하나요?", ["disposal"]),
    ("EBS 볼륨 삭제하면 디스크는 어떻게 폐기되나요?", ["disposal"]),
    ("Which key encrypts the EBS volumes at rest?", ["encryption-at-rest"]),
    ("Amazon AppStream 2.0 使用者驗證要怎麼做？", ["access"]),
    ("How do we control who can use our KMS keys?", ["access"]),
    ("CloudTrail 日誌檔完整性驗證要開嗎？", ["logging"]),
    ("다이나모는 기본으로 암호화된다던데 따로 설정 안 해도 되나요?", ["encryption-at-rest"]),
    ("Is S3 Glacier encrypted by default?", ["encryption-at-rest"]),
    ("파일 게이트웨이 전송 구간 암호화는 어떻게 해요?", ["encryption-in-transit"]),
    ("Kafka 관리형 서비스(MSK)에 저장되는 데이터는 어떻게 암호화되나요?", ["encryption-at-rest"]),
    ("MSK 儲存的資料怎麼加密？", ["encryption-at-rest"]),
])
def test_topics_read_from_what_a_phrase_names(question: str, topics: list[str]) -> None:
    """"PHI access" is what an audit log records, not a question about access control; "access to PHI" still is.
    Disposal of data and media is a topic of its own, and the disks disposed of do not ask about encryption at rest
    beside it; who may sign in or use a thing is access control (not plain 驗證: log file validation). Default
    encryption is at rest, and a transmission leg is in transit."""
    assert ANALYZER.analyze(question).topics == topics


@pytest.mark.parametrize("question,ask,topics", [
    # a phrase setting the scene names no topic asked when the asking phrase names one
    ("S3 儲存 PHI 時，傳輸加密和物件命名有什麼規定？", None, ["encryption-in-transit", "no-phi-in-metadata"]),
    ("DynamoDB에 PHI를 저장할 때, 백업은 어떻게 해야 하나요?", None, ["backup"]),
    ("When storing PHI in DynamoDB, how do we back it up?", None, ["backup"]),
    ("If we use KMS keys for S3, do we also need HTTPS?", "necessity", ["encryption-in-transit"]),
    # ... and is what is asked about when the asking phrase names none
    ("EMR 叢集要加密的話，白皮書叫我們去看哪裡？", None, ["encryption-at-rest", "encryption-in-transit"]),
    # a yes/no question after a condition; "When should ...?" asks when
    ("When an Aurora cluster is encrypted with a KMS key we manage, are its snapshots and automated backups encrypted "
     "too?", "yes-no", ["backup", "encryption-at-rest"]),
    ("After we enable encryption on RDS MySQL, are read replicas encrypted?", "yes-no",
     ["backup", "encryption-at-rest"]),  # (a read replica is a copy, as snapshots are: at rest, not in transit)
    ("When should we rotate KMS keys?", None, []),
    ("推論端點呢？", None, []),  # a model's inference endpoint, not a connection's
    ("簽署 BAA 之前，S3 的傳輸加密要怎麼設定？", None, ["encryption-in-transit"]),
    # the BAA of a scene is no eligibility question beside what the asking phrase asks
    ("Before we sign the BAA, do we need to turn on encryption for EBS?", "necessity",
     ["encryption-at-rest", "encryption-in-transit"]),
    # ... unless the asking phrase names only plain "encrypt": the scene's "傳輸" says which
    ("使用 AWS IoT Core 傳輸病患裝置資料時，需要加密嗎？", "necessity",
     ["encryption-in-transit", "encryption-at-rest"]),
    ("根帳戶應該啟用 MFA 嗎？", "necessity", ["access"]),  # "should we?"
])
def test_a_scene_setting_phrase_is_not_what_is_asked(question: str, ask: str | None, topics: list[str]) -> None:
    a = ANALYZER.analyze(question)
    assert (a.ask, a.topics) == (ask, topics)


@pytest.mark.parametrize("question,party", [
    ("Who patches EC2?", True),
    ("Who is responsible for patching EC2 instances?", True),
    ("Is disaster recovery AWS's job or ours?", True),  # a choice between the parties
    ("RDS 암호화는 AWS 책임인가요, 고객 책임인가요?", True),
    ("EC2 패치는 누가 해야 하나요?", True),
    ("是 AWS 負責還是我們自己要負責 EC2 的作業系統修補？", True),
    ("誰要修補 EC2 的作業系統？", True),
    ("RDS 운영 체제 패치는 누가 하나요?", True),  # "who does it"
    ("Who hardens the hosts for Amazon Comprehend?", True),
    ("who's on the hook for patching the OS on EC2 boxes, AWS or us?", True),
    ("Who actually holds the keys in CloudHSM?", True),
    ("Is AWS responsible for patching our EC2 operating systems?", False),  # yes or no
    ("Who should have access to PHI in S3?", False),  # access control
    ("DynamoDB 表的靜態加密用的是誰管理的金鑰？", False),  # whose key: no responsibility asked
])
def test_a_question_asking_which_party_is_responsible(question: str, party: bool) -> None:
    assert ANALYZER.analyze(question).party is party


@pytest.mark.parametrize("question", ["AWS 是否負責加密我們存放在 S3 上的 PHI？",
                                      "AWS가 우리 S3 데이터의 암호화를 책임지나요?",
                                      "AWS 是否負責修補我們 EC2 執行個體的作業系統？"])
def test_aws_as_the_subject_asks_whether_aws_is_responsible(question: str) -> None:
    """AWS is the one asked about, though "我們"/"우리" names the asker's data (it was read as "are we responsible?" and
    answered "Yes.")."""
    a = ANALYZER.analyze(question)
    assert (a.responsibility, a.provider) == (True, True)


def test_a_follow_up_adding_a_service_and_a_korean_provider_question() -> None:
    """"So what about Comprehend?" adds a service to the conversation (as "What about ...?"); "RDS의 데이터베이스 엔진
    패치는 AWS가 해주나요?" asks whether AWS is responsible."""
    assert ANALYZER.analyze("So what about Comprehend?").adds
    a = ANALYZER.analyze("RDS의 데이터베이스 엔진 패치는 AWS가 해주나요?")
    assert (a.responsibility, a.provider, a.party) == (True, True, False)


@pytest.mark.parametrize("question", ["and how long do we have to keep those logs?", "So which key should we use?",
                                      "Also, what about the snapshots?"])
def test_a_follow_up_opening_with_a_conjunction_still_asks_how_or_which(question: str) -> None:
    """"and how long do we have to keep those logs?" asks how long (a detail the documents may not give), not "do we
    have to?" (it was answered "Recommended." by an unrelated CloudTrail record)."""
    a = ANALYZER.analyze(question)
    assert (a.open, a.ask) == (True, None)


def test_what_aws_manages_names_aws_as_the_party() -> None:
    from kb.responsibility import ASSIGNS, names_party

    said = "For container services such as Amazon RDS, AWS manages the operating system and the application platform."
    assert names_party(said) and not ASSIGNS.search(said)  # (the ranking's bonus is for records that assign in words)
    assert names_party("Patch management is the customer's responsibility.")
    assert not names_party("Amazon RDS encrypts automated backups.")


@pytest.mark.parametrize("question,replaced", [
    ("What if we use Amazon EMR instead of Athena?", ["athena"]),
    ("Athena 대신 EMR을 쓰면요?", ["athena"]),
    ("改用 EMR 取代 Athena 呢？", ["athena"]),
    ("How do we encrypt Athena query results with EMR?", []),
])
def test_a_service_the_question_replaces(question: str, replaced: list[str]) -> None:
    a = ANALYZER.analyze(question)
    assert a.replaced == replaced and "athena" in [s.id for s in a.services]  # (the chain drops it in a follow-up)


def test_a_legal_question_about_a_business_associate_is_legal_only() -> None:
    """"liable if a business associate leaks PHI?" names the BAA's topic in the clause that asks the law question;
    "Do we need a BAA, and what are the penalties?" asks the BAA question in a clause of its own."""
    a = ANALYZER.analyze("Is our company legally liable under HIPAA if a business associate leaks PHI?")
    assert (a.legal, a.legal_only) == (["litigation"], True)
    a = ANALYZER.analyze("Do we need a BAA, and what are the penalties for not having one?")
    assert (a.legal, a.legal_only) == (["penalties"], False)
    assert ANALYZER.analyze("Is S3 reliable enough for PHI backups?").legal == []  # "reliable" holds no "liable"
    assert ANALYZER.analyze("PHI 유출 시 HHS에 며칠 안에 통지해야 하나요?").legal == ["breach-notification"]


@pytest.mark.parametrize("question", ["ELB 的 listener 要用哪個 TLS 版本或安全政策?",
                                      "Which security policy should our ALB listener use?",
                                      "ALB 리스너 보안 정책은 뭘로 해야 하나요?"])
def test_a_listeners_security_policy_is_its_tls_negotiation(question: str) -> None:
    """A security policy of a listener or endpoint is its TLS negotiation configuration, not an access policy (it
    added "the ELB section has no guidance on access control" and the 2016 paper's multi-account strategy)."""
    assert ANALYZER.analyze(question).topics == ["encryption-in-transit"]


@pytest.mark.parametrize(("question", "services", "flags"), [
    # short names engineers write: "rds pg" is RDS for PostgreSQL (it answered MariaDB's TLS record "Yes.")
    ("rds pg connections - do we need SSL?", ["rds-postgresql"], {"ask": "necessity"}),
    # "...인 거 맞죠?" asks yes or no; "已經建好的" is a resource that exists; "關掉" leaves a measure out
    ("ddb 테이블 저장 암호화는 기본으로 켜져 있는거 맞죠?", ["dynamodb"], {"ask": "yes-no", "default": True}),
    ("已經建好的 EBS volume 沒加密，可以直接幫它開加密嗎？", ["ebs"], {"existing": True}),
    ("OpenSearch 的 node-to-node 加密可以關掉嗎？", ["opensearch"], {"without": True}),
    ("ElastiCache Redis 的 AUTH 可以不用嗎？", ["elasticache-redis"], {"without": True}),
    ("Lambda 이벤트 데이터에 PHI 넣어도 되나요?", ["lambda"], {"part": True}),  # a part of the service, not eligibility
    # Taiwan's word for a fine is a legal matter
    ("違反 HIPAA 會被處多少罰鍰？", [], {"legal": ["penalties"]}),
    # HIPAA compliant naming no service (kb/chain.py asks it of the BAA chapter: it was refused as off-topic)
    ("Is AWS HIPAA compliant?", [], {"compliant": True, "topics": []}),
    ("AWS는 HIPAA를 준수하나요?", [], {"compliant": True, "topics": []}),
    # asked which thing to use, a service that speaks of the topic for every service is the means, not the subject
    ("which kms key should we use to encrypt ecr images?", ["ecr", "kms"], {"which": True}),
    ("Should we enable CloudTrail for S3?", ["cloudtrail", "s3"], {"which": False}),
])
def test_short_names_and_everyday_wording(question: str, services: list[str], flags: dict) -> None:
    a = ANALYZER.analyze(question)
    assert [s.id for s in a.services] == services, question
    assert {k: getattr(a, k) for k in flags} == flags, question


@pytest.mark.parametrize("question,flags", [
    # "on by default, or must I do it myself?" asks what the service does by default (a yes or no says which)
    ("is Secrets Manager encryption on by default or do I have to pick a KMS key myself?",
     {"ask": "yes-no", "default_choice": True, "responsibility": False, "choice": False}),
    ("CloudWatch Logs 的 log group 預設就有加密嗎？還是要自己綁 KMS key？",
     {"ask": "yes-no", "default_choice": True, "responsibility": False, "topics": ["encryption-at-rest"]}),
    ("Secrets Manager는 기본으로 암호화되나요 아니면 우리가 KMS 키를 골라야 하나요?",
     {"ask": "yes-no", "default_choice": True}),
    # ... not a choice between two ways, nor of party ("AWS or us?"), nor one without a default
    ("Does S3 use SSE-S3 by default or SSE-KMS?", {"default_choice": False}),
    ("Is EBS encrypted by default, or does AWS handle it?", {"default_choice": False}),
    ("Who encrypts EBS, AWS or us?", {"default_choice": False, "party": True}),
    # "we don't need X, right?" asks whether X may be left out
    ("our PHI never leaves the private VPC so we don't need TLS between services inside it, right?",
     {"ask": "permission", "without": True}),
    ("We don't need to encrypt EBS volumes, right?", {"ask": "permission", "without": True}),
    ("EBS 不加密也可以吧？", {"ask": "permission", "without": True}),
    ("We don't need MFA for this, do we?", {"without": True}),
    # ... not when the scene says it is already encrypted (the snapshots of an encrypted instance are a fact asked)
    ("Since the RDS instance is encrypted, we don't need to encrypt its snapshots separately, right?",
     {"ask": "yes-no", "without": False}),  # (", right?" asks yes or no; negated, it gets no verdict)
    ("EBS volumes are encrypted by default, right?", {"ask": "yes-no", "without": False}),
    ("EC2 게스트 OS 패치는 AWS가 해주죠?", {"ask": "yes-no", "without": False}),  # "-죠?" confirms: yes or no
    ("RDS 암호화는 어떻게 하죠?", {"ask": None, "without": False}),  # ... not after "어떻게" (how)
    ("SageMaker notebook instance 只是給 data scientist 測試用，應該不用特別加密吧？",
     {"ask": "permission", "without": True}),
    ("파라미터 이름에 환자번호 들어가도 상관없는 거 맞죠?", {"ask": "permission"}),
    ("Amazon Pinpoint 可以發含 PHI 的簡訊嗎？", {"ask": "permission", "eligibility": True}),
    # patient monitoring is what the workload does, not logging; "what do we check at creation?" asks it as a whole
    ("환자 모니터링 장비 → IoT Core → Kinesis Data Streams 구간별 PHI 설정 체크리스트", {"topics": []}),
    ("remote patient monitoring app storing vitals in DynamoDB: what do we configure?", {"topics": [], "whole": True}),
    ("aurora mysql 클러스터 생성할때 체크해야 되는 옵션 뭐있어요?", {"whole": True}),
    ("RDS PostgreSQL 에 PHI 저장하려면 뭐 설정해요?", {"whole": True}),
    # colloquial Korean "how" asks no yes or no; 접근제어 is access control
    ("Neptune에 PHI 넣으려는데 암호화랑 접근제어 어케 해야 하나요", {"open": True,
                                                 "topics": ["access", "encryption-at-rest", "encryption-in-transit"]}),
])
def test_defaults_negated_confirmations_and_colloquial_asks(question: str, flags: dict) -> None:
    a = ANALYZER.analyze(question)
    assert {k: getattr(a, k) for k in flags} == flags


@pytest.mark.parametrize("question,services", [
    # one question after a scene that asks nothing: the service it asks about comes first
    ("We're migrating an on-prem Oracle DB with PHI into RDS using DMS. What do we need to set up on the DMS side?",
     ["dms", "rds-oracle"]),
    ("온프레미스 오라클에서 RDS로 DMS 써서 마이그레이션 하려는데 PHI 있어요. DMS 쪽에서 뭘 챙겨야 하나요?",
     ["dms", "rds-oracle"]),
    # ... not when the scene asks too, nor when the asking phrase names a general chapter only
    ("Is Redshift Spectrum covered by the BAA, and how must connections to the S3 data it queries be protected?",
     ["redshift", "baa"]),
])
def test_the_service_the_asking_phrase_names_comes_first(question: str, services: list[str]) -> None:
    assert [s.id for s in ANALYZER.analyze(question).services][:2] == services


@pytest.mark.parametrize("question,first", [
    ("do we need log file validation and KMS encryption on our CloudTrail trails?", "cloudtrail"),
    ("Should CloudTrail logs be encrypted with KMS?", "cloudtrail"),
    ("KMS 키로 암호화된 DynamoDB 테이블이면 충분한가요?", "dynamodb"),
    ("用 KMS 加密 CloudTrail 的 trail 是必要的嗎？", "cloudtrail"),
    ("How should we manage KMS keys for S3?", "kms"),  # KMS asked about, no encryption word beside it
])
def test_a_key_service_named_as_what_another_is_encrypted_with_comes_after_it(question: str, first: str) -> None:
    assert ANALYZER.analyze(question).services[0].id == first


@pytest.mark.parametrize(("question", "lang"), [
    ("Is the KMS key required or optional there?", "en"),
    ("is log file integrity validation required or just recomended?", "en"),
    ("감사(audit) 설정은 필수에요 선택이에요?", "ko"),
    ("트레일은 꼭 만들어야 하나요 선택인가요?", "ko"),
    ("靜態加密是必須的還是選配？", "zh"),
    ("Must we use TLS for RDS connections, or can we skip it?", "en"),  # (or leave it out: stop 64)
    ("RDS 연결에 TLS 꼭 써야 하나요, 아니면 안 써도 되나요?", "ko"),
    ("RDS 連線一定要用 TLS 嗎？還是可以不用？", "zh"),
])
def test_required_or_optional_asks_whether_it_is_required(question: str, lang: str) -> None:
    """"Required or optional?" is a "must we?" (answered "Required." / "Recommended."), not a choice between two ways
    (which gets no verdict); its words are no words of what is asked about."""
    a = ANALYZER.analyze(question)
    assert (a.lang, a.ask, a.required, a.choice) == (lang, "necessity", True, False)
    assert a.ask_words


def test_a_choice_between_ways_is_not_required_or_optional() -> None:
    a = ANALYZER.analyze("Should we use SSE-S3 or SSE-KMS for the bucket?")
    assert (a.required, a.choice) == (False, True)


@pytest.mark.parametrize(("question", "ask"), [
    ("RDS KMS 키는 고객 관리형 키를 써야 하나요, AWS 관리형 키로도 되나요?", "necessity"),
    ("DynamoDB 암호화는 꼭 해야 하나요, 기본 암호화로도 되나요?", "necessity"),
    ("S3에 PHI 저장해도 되나요? 암호화는 꼭 해야 하나요?", "permission"),  # (leave first, then a "must we?")
])
def test_whether_one_thing_is_needed_then_leave_for_another_asks_necessity(question: str, ask: str) -> None:
    """"Must we use X, or is Y OK?" asks whether X is required, as "do we need X or is Y enough?" does (stop 64: the
    Korean "써야 하나요, ...로도 되나요?" read as leave for Y, with no verdict)."""
    assert ANALYZER.analyze(question).ask == ask


@pytest.mark.parametrize(("question", "lang"), [
    ("RDS 자동 백업 보존기간 HIPAA상 최소 며칠로 해야 함?", "ko"),
    ("CloudWatch alarm threshold 要設多少比較好？", "zh"),
])
def test_how_many_days_or_how_much_is_an_open_question(question: str, lang: str) -> None:
    """A figure asked for ("최소 며칠", "要設多少") is what the question asks, not yes or no (stop 64: the period the
    documents do not give went unsaid)."""
    a = ANALYZER.analyze(question)
    assert (a.lang, a.open) == (lang, True)


@pytest.mark.parametrize(("question", "services"), [
    ("RDS 연결에 TLS 꼭 써야 하나요, 아니면 VPC 안이면 안 써도 되나요?", ["rds-mariadb", "rds-mysql", "rds-oracle"]),
    ("Do RDS connections need TLS, or is the VPC private enough?", ["rds-mariadb", "rds-mysql", "rds-oracle"]),
    ("For Redshift, is the VPC enough or do we need TLS too?", ["redshift"]),
])
def test_what_is_offered_instead_of_a_measure_is_no_service_asked(question: str, services: list[str]) -> None:
    """"Must we use TLS, or is the VPC enough?" asks whether TLS is required (stop 65: the Korean "아니면 ... 안 써도
    되나요?" read as negated, no verdict); the VPC, offered instead, is one way and comes after the services asked."""
    a = ANALYZER.analyze(question)
    assert (a.ask, a.required, a.negated) == ("necessity", True, False)
    assert a.ways == ["vpc"]
    assert [s.id for s in a.services][:len(services)] == services


@pytest.mark.parametrize("question", [
    "EBS volume 加密可以自己選 KMS key 嗎？",
    "Can we pick our own KMS key for EBS encryption?",
    "EBS 암호화할 때 우리가 만든 KMS 키를 써도 되나요?",
])
def test_a_key_chosen_for_a_service_names_kms_as_its_means(question: str) -> None:
    """A KMS key chosen or used for another service's encryption names KMS as how that service encrypts (stop 65: no
    verdict, KMS read as a service asked of its own)."""
    a = ANALYZER.analyze(question)
    assert [s.id for s in a.services] == ["ebs", "kms"]
    assert a.means == ["kms"]


@pytest.mark.parametrize(("question", "topical"), [
    ("PHI 접근하는 IAM 권한은 어떻게 관리하라고 되어있나요? 최소권한 원칙?", []),  # ("IAM": its names open with it)
    ("分析師很多，要用 IAM user 還是 role？", ["aws-iam"]),  # (the users asked of: "MFA for IAM users ...?")
    ("What should we use instead of putting access keys on the instance?", ["aws-account-security"]),
])
def test_a_chapter_named_by_its_opening_word_is_not_named_by_a_topic_term(question: str, topical: list[str]) -> None:
    assert ANALYZER.analyze(question).topical == topical


@pytest.mark.parametrize(("question", "responsibility"), [
    ("and the WAF rules, is that on us too?", True),
    ("Encrypting EBS volumes - is that on us?", True),
    ("Is that on the roadmap for us?", False),
])
def test_is_that_on_us_asks_whose_it_is(question: str, responsibility: bool) -> None:
    assert ANALYZER.analyze(question).responsibility is responsibility


@pytest.mark.parametrize(("question", "requires"), [
    ("What does HIPAA require for backup and disaster recovery?", True),
    ("備份跟災難復原(DR)在 HIPAA 下有什麼要求？", True),
    ("백업/DR 관련 HIPAA 요구사항이 뭐예요?", True),
    ("How do we back up DynamoDB tables?", False),
])
def test_a_question_speaking_of_what_is_required(question: str, requires: bool) -> None:
    assert ANALYZER.analyze(question).requires is requires


@pytest.mark.parametrize("question", [
    "Lex 챗봇에서 환자 생년월일 입력받아도 되나?",
    "Lex 聊天機器人可以讓病人輸入生日嗎？",
    "Can our Lex bot collect patient birth dates?",
])
def test_collecting_patient_data_in_a_service_asks_whether_it_may_hold_phi(question: str) -> None:
    """Collecting or taking in patient data (입력받다, 輸入, collect) uses the service with PHI (stop 65: no verdict
    for Lex)."""
    a = ANALYZER.analyze(question)
    assert (a.ask, a.uses_phi, [s.id for s in a.services]) == ("permission", True, ["lex"])
