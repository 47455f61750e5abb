"""Details a question asks for (data/details.yaml, kb/details.py): which are asked, which an answer gives."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.details import Details

DATA = Path(__file__).resolve().parent.parent / "data" / "details.yaml"


@pytest.fixture(scope="module")
def details() -> Details:
    return Details.load(DATA)


@pytest.mark.parametrize(("question", "lang", "asked"), [
    # keeping logs for a time is also a term other sections may speak of (the audit chapter's "extended periods")
    ("How long must we keep audit logs?", "en", ["period", "log-retention"]),
    ("What is the maximum number of days CloudTrail Lake can retain events?", "en", ["period"]),
    ("감사 로그는 몇 년 보관해야 하나요?", "ko", ["period", "log-retention"]),
    ("稽核日誌應該保存多久？", "zh", ["period", "log-retention"]),
    ("Can we store PHI in CloudTrail logs?", "en", []),
    ("organization trail in cloudtrail across all accts", "en", ["all-accounts"]),
    ("Which Redis engine versions are supported?", "en", ["version"]),
    ("OpenSearch 엔진 버전은 최소 몇이어야 하나요?", "ko", ["version"]),
    ("HealthLake 用戶端至少要支援哪個 TLS 版本？", "zh", ["tls-version"]),  # a kind of version
    ("Which SQL Server editions are HIPAA eligible on Amazon RDS?", "en", ["version"]),  # an edition is a version
    ("那端點的金鑰要怎麼指定？", "zh", ["key"]),  # how to specify the key asks which key
    ("How do we specify the key for the endpoint?", "en", ["key"]),
    ("엔드포인트 키를 어떻게 지정하나요?", "ko", ["key"]),
    ("RDS SQL Server는 어떤 에디션을 써야 하나요?", "ko", ["version"]),
    ("Which parameter enforces SSL on RDS for PostgreSQL?", "en", ["setting"]),
    ("SSL 강제하려면 어떤 파라미터를 바꿔야 하나요?", "ko", ["setting"]),
    ("SSL 연결을 강제하는 파라미터도 알려주세요.", "ko", ["setting"]),  # "tell me the parameter too"
    ("Also tell me the parameter that forces SSL.", "en", ["setting"]),
    ("파라미터 스토어에 PHI 넣어도 돼요?", "ko", []),  # Parameter Store, not a parameter asked for
    ("Redshift 要強制 SSL 連線的話要改哪個參數？", "zh", ["setting"]),
    ("RDS Oracle에서 TDE 쓰려면 옵션 그룹에 뭘 추가해야 해요?", "ko", ["setting"]),
    ("Which TLS security policy should we use on ALB listeners?", "en", ["setting"]),
    ("ELB 用哪個 TLS 安全政策？", "zh", ["setting"]),
    ("How do we encrypt S3 buckets?", "en", []),
    ("What about API call logging?", "en", []),  # a follow-up about logging, not asking for an API's name
    ("Which API call does the whitepaper suggest to get a data key?", "en", ["setting"]),
    ("Systems Manager 파라미터 이름에 환자 ID를 넣어도 되나요?", "ko", []),  # about names, not asking for one
    # things a question names that the documents may not speak of
    ("Can we put PHI in Lambda environment variables?", "en", ["environment-variables"]),
    ("람다 환경변수에 환자 번호 넣어도 되나요?", "ko", ["environment-variables"]),
    ("Lambda 處理 PHI 的話環境變數可以放病患資料嗎？", "zh", ["environment-variables"]),
    ("What RTO and RPO should our DR plan meet?", "en", ["recovery-objectives"]),
    ("RDS 복구 시간 목표는 얼마로 잡아야 하나요?", "ko", ["recovery-objectives"]),
    ("Can PHI sit on EC2 instance store volumes?", "en", ["instance-store"]),
    ("EC2 執行個體存放區可以放 PHI 嗎？", "zh", ["instance-store"]),
    ("Which RTOS does FreeRTOS run?", "en", []),  # a word holding the letters is no RTO
    ("Should we copy backups to another region?", "en", ["other-region"]),
    ("S3 버킷을 다른 리전으로 복제해야 하나요?", "ko", ["other-region"]),
    ("AWS Backup 可以跨区域复制吗？", "zh", ["other-region"]),
    ("Which region should we use?", "en", []),
    ("Does CVE-2021-44228 (Log4Shell) affect our EMR clusters?", "en", ["vulnerability-ids"]),
    # multi-factor authentication of a service's users is a thing of the service itself
    ("Does WorkSpaces support MFA for user login?", "en", ["mfa"]),
    ("WorkSpaces 로그인에 2단계 인증 쓸 수 있어요?", "ko", ["mfa"]),
    ("WorkSpaces 登入可以用多因素驗證嗎？", "zh", ["mfa"]),
    ("GuardDuty 요금이 한 달에 대략 얼마 정도 나오나요?", "ko", ["pricing"]),
    ("Amazon Connect 的通話錄音存在哪裡？", "zh", ["call-recordings", "location"]),
    ("Is it OK to use SNS to push notifications that contain PHI?", "en", ["end-channels"]),
    ("SNS 推播通知可以包含 PHI 嗎？", "zh", ["end-channels"]),
    ("Pinpoint로 환자에게 SMS 보낼 때 주의할 점은?", "ko", ["sms"]),  # (an SMS asked narrows the end channels: stop 58)
    ("AWS SMS로 PHI 서버 마이그레이션해도 되나요?", "ko", []),  # AWS Server Migration Service
    ("Does AWS Shield Standard cost extra?", "en", ["pricing"]),  # whether it costs extra: a record gives it ("at
    # no additional cost"), so no note says the documents do not
    ("IAM이랑 Organizations 쓰면 돈 따로 나가?", "ko", ["pricing"]),
    ("AWS Organizations 要額外收費嗎？", "zh", ["pricing"]),
    ("Which cipher does Amazon EBS use when encrypting volumes?", "en", ["algorithm"]),
    ("Amazon S3 서버 측 암호화에 사용되는 암호화 알고리즘은 무엇인가요?", "ko", ["algorithm"]),
    ("SQS 預設有加密嗎？用的是什麼演算法？", "zh", ["algorithm"]),
    ("Are they encrypted, and can we rotate secrets?", "en", ["secret-rotation"]),
    ("Secrets Manager에 넣은 DB 비밀번호 교체도 되나요?", "ko", ["secret-rotation"]),
    ("데이터베이스 자격 증명을 AWS Secrets Manager에 저장하고 자동 교체를 설정해야 하나요?", "ko", ["secret-rotation"]),
    ("Secrets Manager 的密碼可以自動輪替嗎？", "zh", ["secret-rotation"]),
    ("Should we rotate the KMS key?", "en", ["key-rotation"]),  # a key, not a secret
    ("What endpoint URL format should Lambda use to reach S3?", "en", ["address"]),
    ("람다 함수에서 S3 버킷에 접근할 때 엔드포인트 주소를 어떤 형식으로 써야 하나요?", "ko", ["address"]),
    ("Lambda 访问 S3 时该用什么地址？", "zh", ["address"]),
    ("Which IP addresses should we allow for S3?", "en", []),  # an IP address is no endpoint address
    ("AWS KMS 的金鑰應該如何輪換？", "zh", ["key-rotation"]),
    ("KMS 키는 얼마나 자주 교체해야 하나요?", "ko", ["key-rotation", "frequency"]),
    ("액세스 키 교체 주기는?", "ko", []),  # access keys: the 2016 paper's rule, no KMS key
    ("存取金鑰要多久輪換一次？", "zh", ["period"]),
    ("What is the maximum object size in Amazon S3 Glacier Deep Archive?", "en", ["size"]),
    ("S3 객체 최대 크기는 얼마인가요?", "ko", ["size"]),
    ("S3 物件的大小上限是多少？", "zh", ["size"]),
    ("Does ElastiCache for Redis support in-transit encryption on all engine versions?", "en", ["version"]),
    ("Is Amazon Transcribe HIPAA eligible in the Seoul region?", "en", ["region"]),
    ("서울 리전에서 Transcribe에 PHI 써도 되나요?", "ko", ["region"]),
    ("ap-northeast-2 可以用 Transcribe 處理 PHI 嗎？", "zh", ["region"]),
    ("What does HealthLake cost per GB stored?", "en", ["pricing"]),
    ("How should we configure Amazon Connect for a call center that records calls containing PHI?", "en",
     ["call-recordings"]),
    ("Forecast 會拿我們的資料去改善服務或訓練其他模型嗎？", "zh", ["content-use"]),
    ("Does Comprehend use our data to train its models?", "en", ["content-use"]),
    ("Transcribe가 우리 데이터를 모델 학습에 쓰나요?", "ko", ["content-use"]),
    # the asker training its own models asks nothing of AWS's use of its content
    ("在 Amazon SageMaker 上用含 PHI 的資料訓練模型時，應如何保護資料？", "zh", []),
    ("SageMaker에서 PHI로 모델 학습할 때 암호화는?", "ko", []),
    ("When we train models on SageMaker with PHI, how do we encrypt?", "en", []),
    ("How do we train staff on HIPAA?", "en", []),
    ("Which key should Secrets Manager use to encrypt secrets?", "en", ["key"]),
    ("Secrets Manager 시크릿은 어떤 키로 암호화하나요?", "ko", ["key"]),
    ("Secrets Manager 的機密用哪個金鑰加密？", "zh", ["key"]),
    ("Which key pair should we use for EC2?", "en", []),  # a key pair, not an encryption key
    ("Which key-policy actions must Forecast be allowed?", "en", []),
    ("What does DynamoDB use to encrypt tables by default?", "en", ["default"]),
    ("DynamoDB 테이블은 기본적으로 무엇으로 암호화되나요?", "ko", ["default"]),
    ("DynamoDB 預設用什麼加密？", "zh", ["default"]),
    ("Is EBS encrypted by default?", "en", []),  # whether it is: a verdict, not a detail
    # what happens when the customer chooses nothing asks what is used by default
    ("키를 안 고르면 어떻게 되나요?", "ko", ["default"]),
    ("KMS 키를 지정하지 않으면요?", "ko", ["default"]),
    ("沒指定金鑰的話會怎樣？", "zh", ["default"]),
    ("what happens if we don't pick a KMS key?", "en", ["default"]),
    ("Can we create the secret without choosing a key?", "en", ["default"]),
    # how often: a frequency ("regularly" gives none)
    ("How often should we test restores?", "en", ["restore-testing", "frequency"]),
    ("다이제스트 파일은 얼마나 자주 검토해야 하나요?", "ko", ["frequency"]),
    ("還原測試多久一次？", "zh", ["restore-testing", "frequency"]),
    # an English term typed inside a Korean or Chinese question, two words or more
    ("Lambda environment variables에 PHI 넣어도 돼?", "ko", ["environment-variables"]),
    ("Lambda env vars 可以放病人資料嗎？", "zh", ["environment-variables"]),
    # a threshold or a time limit in minutes (stop 64)
    ("CloudWatch alarm threshold 要設多少比較好？", "zh", ["threshold"]),
    ("에스컬레이션 정책 몇 분 이내로 잡아야 하나요?", "ko", ["threshold"]),
    ("What threshold should we set for the CPU alarm?", "en", ["threshold"]),
    # rotating anything, and rotating keys or secrets (only the narrower one)
    ("can it rotate those automatically?", "en", ["rotation"]),
    ("KMS 金鑰可以自動輪替嗎？", "zh", ["key-rotation"]),
    ("Can Secrets Manager rotate DB credentials automatically?", "en", ["secret-rotation"]),
    # a length of time offered, or how fast something comes back
    ("Do we need to keep CloudTrail logs for 6 years?", "en", ["period", "log-retention"]),
    ("감사 로그 6년 보관해야 하나요?", "ko", ["period"]),
    ("CloudTrail log 要留 6 年嗎", "zh", ["period"]),
    ("what's the retrieval time from Glacier Deep Archive?", "en", ["period"]),
])
def test_the_details_a_question_asks_for(details: Details, question: str, lang: str, asked: list[str]) -> None:
    assert [d.id for d in details.asked(question, lang)] == asked


def test_a_detail_is_unstated_only_when_no_text_gives_it(details: Details) -> None:
    version, setting, period = (next(d for d in details.details if d.id == i) for i in ("version", "setting", "period"))
    assert details.unstated([version], ["Redis engine versions 3.2.6 and 4.0.10 onwards."]) == []
    assert details.unstated([version], ["Oracle Enterprise Edition 에서 TDE를 지원합니다."]) == []
    assert details.unstated([version], ["Use the latest eligible engine version."]) == [version]
    assert details.unstated([setting], ["TlsPolicy 속성을 Require로 설정합니다."]) == []
    assert details.unstated([setting], ["Set rds.force_ssl to 1."]) == []
    assert details.unstated([setting], ["mount 명령에 “-o tls” 옵션이 포함되어 있는지 확인하십시오."]) == []
    assert details.unstated([setting], ["Connections to Amazon DynamoDB must use TLS."]) == [setting]  # a name only
    assert details.unstated([period], ["로그를 1년 동안 보관합니다."]) == []
    assert details.unstated([period], ["自 2013 年 7 月起，AWS 提供標準化的 BAA。"]) == [period]  # (a calendar year)
    assert details.unstated([period, setting], ["정의된 기간 동안 보관합니다."]) == [period, setting]
    algorithm = next(d for d in details.details if d.id == "algorithm")
    assert details.unstated([algorithm], ["each message body is encrypted with AES-256 (GCM)"]) == []
    assert details.unstated([algorithm], ["cipher suites with PFS such as DHE or ECDHE"]) == []
    assert details.unstated([algorithm], ["each volume gets a unique volume encryption key"]) == [algorithm]
    key = next(d for d in details.details if d.id == "key")
    assert details.unstated([key], ["키를 선택하지 않으면 계정의 기본 키가 사용됩니다."]) == []
    assert details.unstated([key], ["AWS KMS에서 고객이 관리하는 키로 암호화합니다."]) == []
    assert details.unstated([key], ["以客戶金鑰加密"]) == []
    default = next(d for d in details.details if d.id == "default")
    assert details.unstated([default], ["without a key ID, the default Amazon S3 KMS key is used"]) == []
    assert details.unstated([default], ["TLS is not used by default"]) == []
    assert details.unstated([default], ["HIPAA 적격 서비스에 기본으로 제공되는 암호화 기능"]) == [default]  # built in
    assert details.unstated([default], ["encryption is handled automatically"]) == [default]
    # what a service encrypts with when nothing is chosen is its default (S3 Glacier's AES-256), and that key answers
    assert details.unstated([default, key], ["Amazon S3 Glacier automatically encrypts data at rest with AES 256-bit "
                                             "symmetric keys."]) == []
    assert details.unstated([default, key], ["Amazon S3 Glacier는 저장 데이터를 AES 256비트 대칭 키로 자동 "
                                             "암호화합니다."]) == []
    # ... and so is encrypting with keys the service manages itself (Amazon MQ's), in each language; a customer's is not
    for said in ("Amazon MQ encrypts messages at rest and in transit with encryption keys that it manages and stores "
                 "securely.", "Amazon MQ는 안전하게 관리하고 저장하는 암호화 키로 메시지를 암호화합니다.",
                 "Amazon MQ 使用其安全管理和存放的加密金鑰，加密靜態和傳輸中的訊息。"):
        assert details.unstated([default, key], [said]) == []
    assert details.unstated([default], ["고객이 관리하는 암호화 키로 메시지를 암호화합니다."]) == [default]
    for said in ("Amazon EventBridge encrypts data by default with AES-256 under an AWS owned CMK.",
                 "EventBridge는 기본적으로 AWS 소유 CMK로 데이터를 암호화합니다.",
                 "EventBridge 預設在 AWS 擁有的 CMK 下加密資料。"):
        assert details.unstated([key], [said]) == [], said  # an AWS owned key is a key
    for said in ("all data on it is then encrypted with AES-256 and AWS KMS managed keys.",
                 "파일 시스템의 모든 데이터가 AES-256과 AWS KMS 관리형 키로 암호화됩니다.",
                 "AWS KMS관리 키를 사용하여 암호화됩니다.",
                 "都會以 AES-256 和 AWS KMS 管理金鑰加密。", "使用 AWS KMS 受管的金鑰加密。"):
        assert details.unstated([key], [said]) == [], said  # a KMS managed key is a key (EFS's)
    assert [d.id for d in details.details if d.own] == ["mfa", "point-in-time-recovery", "cross-account", "key",
                                                        "default"]
    # (the service's own, nothing else: AWS DRS's recovery "from an earlier point in time" is no PITR of DynamoDB)
    assert details.unstated([key], ["AWS Secrets Manager encrypts every stored secret at rest with AWS KMS."]) == [key]


def test_product_names_shaped_like_identifiers_give_no_detail() -> None:
    details = Details.load(DATA, names=("CloudTrail",))
    setting = next(d for d in details.details if d.id == "setting")
    assert details.unstated([setting], ["Log API calls with CloudTrail over WebSockets."]) == [setting]
    assert details.unstated([setting], ["Set TlsPolicy to Require; CloudTrail logs the call."]) == []


def test_a_term_is_unstated_until_the_answer_speaks_of_it(details: Details) -> None:
    term = next(d for d in details.details if d.id == "environment-variables")
    assert term.term and not next(d for d in details.details if d.id == "version").term
    assert details.unstated([term], ["Encrypt PHI at rest in Lambda with keys from KMS."]) == [term]
    assert details.unstated([term], ["Lambda 환경 변수는 KMS로 암호화됩니다."]) == []
    assert details.unstated([term], ["Environment variables are encrypted at rest."]) == []
    region = next(d for d in details.details if d.id == "other-region")
    assert details.unstated([region], ["S3 데이터를 다른 AWS 리전이나 온프레미스 백업 시스템에 백업합니다."]) == []
    assert details.unstated([region], ["Replicating data across Regions is the customer's responsibility."]) == []
    assert details.unstated([region], ["S3 replicates objects across Availability Zones in a Region."]) == [region]


def test_what_is_on_by_default_of_something_else_gives_no_default_key(details: Details) -> None:
    """Asked which key is used by default, a record gives it only if it gives a key: S3's "Block Public Access is
    enabled by default" gives a default, of something else."""
    from kb.requirements import Requirement

    key, default = (next(d for d in details.details if d.id == i) for i in ("key", "default"))

    def record(en: str) -> Requirement:
        return Requirement("x.y", "x", "other", "fact", {"en": en, "ko": en, "zh": en}, ())

    public = record("S3 Block Public Access is enabled by default when a bucket is created.")
    service_key = record("If you provide no encryption configuration, Forecast encrypts data with its default "
                         "service key.")
    assert not details.gives([key, default], public, "en") and details.gives([default], public, "en")
    assert details.gives([key, default], service_key, "en")


@pytest.mark.parametrize(("question", "asked"), [
    ("Can we store PHI in Amazon CloudFront logs?", True),
    ("Do S3 server access logs hold PHI?", True),
    ("CloudFront 액세스 로그에 PHI를 넣어도 되나요?", True),
    ("Can we store PHI in CloudWatch Logs?", False),  # a logging service's name, which its section speaks of
    ("Can we put PHI in VPC Flow Logs?", False),
    ("How long do we have to keep CloudTrail logs?", False),
])
def test_a_services_own_logs_are_a_term(details: Details, question: str, asked: bool) -> None:
    lang = "ko" if any("\uac00" <= ch <= "\ud7a3" for ch in question) else "en"
    assert ("service-logs" in [d.id for d in details.asked(question, lang)]) is asked


def test_a_tls_version_is_asked_instead_of_any_version(details: Details) -> None:
    """"Which TLS version should connections to RDS use?" asks a TLS version (`narrows`): an Oracle "Enterprise Edition"
    beside it gives a version, not that one."""
    asked = details.asked("Which TLS version should connections to RDS use?", "en")
    assert [d.id for d in asked] == ["tls-version"]
    assert [d.id for d in details.asked("連線到 RDS 要使用哪個 TLS 版本？", "zh")] == ["tls-version"]
    assert [d.id for d in details.asked("Which Redis versions are supported?", "en")] == ["version"]
    assert details.unstated(asked, ["Oracle Enterprise Edition supports TDE.", "Use SSL/TLS for every connection."]) \
        == asked
    assert details.unstated(asked, ["AppFlow encrypts data in transit with TLS 1.2 or later."]) == []


def test_a_sentence_gives_the_detail_asked_when_it_names_it(details: Details) -> None:
    """A quoted sentence that names a kind of key gives the key asked (kb/quotes.py quotes it); with the default asked
    beside a key, only a key gives it (the default qualifies the key)."""
    key, default = (next(d for d in details.details if d.id == i) for i in ("key", "default"))
    assert details.said_in([key], "이러한 키는 데이터 암호화 키, 데이터베이스 키, 클러스터 키 및 KMS 키로 구성됩니다.")
    assert not details.said_in([key], "Amazon Redshift는 암호화를 위해 4개 티어, 키 기반 계층 구조를 사용합니다.")
    assert not details.said_in([key, default], "Block Public Access is enabled by default.")
    # what is used by default is given by a record's statement only, never by a quoted sentence
    assert not details.said_in([default], "Block Public Access is enabled by default.")


def test_features_the_documents_never_name_are_terms() -> None:
    """S3 Object Lock (WORM), point-in-time recovery and service quotas are things a question names that no document
    speaks of: the answer says so first (data/details.yaml)."""
    details = Details.load(DATA)
    for question, lang, ids in (
            ("S3 Object Lock compliance mode for WORM retention?", "en", ["write-once"]),
            ("S3 객체 잠금을 켜야 하나요?", "ko", ["write-once"]),
            ("Glacier 保管庫鎖定要開嗎？", "zh", ["write-once"]),
            ("Do we need PITR on DynamoDB?", "en", ["point-in-time-recovery"]),
            ("DynamoDB 글로벌 테이블도 되나요?", "ko", ["point-in-time-recovery"]),
            ("What's the max number of rules per security group?", "en", ["quota"]),
            ("보안 그룹 규칙 할당량은?", "ko", ["quota"]),
            ("Should we keep data we no longer need?", "en", []),  # keeping is no write-once storage
            ("Are EBS point-in-time snapshots encrypted?", "en", [])):  # a snapshot is no point-in-time recovery
        assert [d.id for d in details.asked(question, lang)] == ids, question
    pitr = next(d for d in details.details if d.id == "point-in-time-recovery")
    assert details.unstated([pitr], ["create point-in-time snapshots of Amazon EBS volumes"]) == [pitr]
