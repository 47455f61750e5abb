"""Answers on the real corpus (trial round, stop 39): a service that takes no PHI itself, detecting unencrypted
resources, other privacy laws, what the guidance says about a service, a chapter named beside the service it sees
also, data disposal, who may sign in or use a key, and plain "encryption" asked in a clause of its own."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


def test_a_service_that_takes_no_phi_is_used_beside_it(full_index: Settings) -> None:
    """"Can we use Service Catalog with PHI?" opened "Yes, with conditions." before "cannot be used to store, transmit
    or process PHI" (read as a contradiction, also as the follow-up "what about Service Catalog?"): the verdict line
    says the service serves a PHI workload with no PHI in it. Asked to store PHI, it stays "No."."""
    kb = KnowledgeBase(full_index)
    lead = "**Yes, in a PHI workload, with no PHI in the service itself.** "
    a = kb.ask("Can we use Service Catalog with PHI?")
    assert (a.verdict, a.records[0]) == ("conditional", "service-catalog.no-phi") and a.answer.startswith(lead)
    first = kb.ask("Can our CloudFormation templates contain PHI? anything to configure there?")
    a = kb.ask("what about Service Catalog?", context=Context.after(first))
    assert a.verdict == "conditional" and a.answer.startswith(lead)
    a = kb.ask("AWS Step Functions를 PHI 워크로드에 써도 되나요?")
    assert a.answer.startswith("**예, PHI 워크로드에서 사용할 수 있습니다. 단, 서비스 자체에는 PHI를 두지 않습니다.** ")
    a = kb.ask("可以在 PHI 工作負載中使用 AWS Config 嗎？")
    assert a.answer.startswith("**可以用於 PHI 工作負載，但服務本身不放 PHI。** ")
    assert kb.ask("Can Service Catalog store PHI?").verdict == "no"
    assert kb.ask("Can we use AWS Transfer for SFTP to send patient files?").verdict == "conditional"


def test_detecting_unencrypted_resources_leaves_no_measure_out(full_index: Settings) -> None:
    """"Can AWS Config detect unencrypted resources?" was "No, by the rule for every service." (read as "may we leave
    encryption out?"); what a service detects is no measure left out. Storing PHI unencrypted stays "No."."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Can AWS Config detect unencrypted resources? Is it mandatory for HIPAA?")
    assert a.verdict == "unstated" and a.answer.startswith("**The documents do not say.**")
    assert kb.ask("AWS Config 能不能偵測沒有加密的資源？HIPAA 環境一定要開嗎？").verdict is None
    for question in ("Can we store PHI unencrypted in S3?", "S3 沒有加密可以放 PHI 嗎？"):
        assert kb.ask(question).verdict == "no", question


def test_other_privacy_laws_are_refused(full_index: Settings) -> None:
    """42 CFR Part 2 and state laws are no HIPAA guidance: refused (was answered from the shared responsibility
    chapter); with a service and a topic asked beside it, the service's guidance and the note."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Does 42 CFR Part 2 apply to substance use disorder records we keep on AWS, and how is it different "
               "from HIPAA?")
    assert a.abstained and "privacy laws other than HIPAA" in a.answer
    a = kb.ask("Do state privacy laws like CMIA change how we encrypt PHI in S3?")
    assert not a.abstained and "s3.transit-https" in a.records and "privacy laws other than HIPAA" in a.answer


def test_what_the_guidance_says_about_a_service_is_its_whole_answer(full_index: Settings) -> None:
    """"What does the whitepaper say about Amazon EC2?" listed only "the whitepaper no longer requires Dedicated
    Instances" (the word "whitepaper" pinned it); "What does the HIPAA guidance say about using Amazon RDS for MySQL
    with PHI?" only its TLS record. Both ask what the section says as a whole: each encryption requirement."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("What does the whitepaper say about Amazon EC2?")
    assert "document-revisions.dedicated-tenancy-not-required" not in a.records
    assert {"ec2.encrypt-traffic-inside-vpc", "ec2.file-or-full-disk-encryption"} <= set(a.records)
    a = kb.ask("What does the HIPAA guidance say about using Amazon RDS for MySQL with PHI?")
    assert {"rds-mysql.transit-encryption", "rds-mysql.encryption-at-rest-kms"} <= set(a.records)
    for question in ("백서에서 DynamoDB에 대해 뭐라고 하나요?", "白皮書對 DynamoDB 怎麼說？"):
        assert {"dynamodb.transit-https", "dynamodb.encrypt-at-rest"} <= set(kb.ask(question).records), question


def test_a_named_chapter_stays_beside_the_service_it_sees_also(full_index: Settings) -> None:
    """"What does the guidance say about DDoS protection?" names the 2016 paper's DDoS chapter; AWS Shield (its
    see_also) fits "protection" better and was listed instead of it; now after it."""
    a = KnowledgeBase(full_index).ask("What does the guidance say about DDoS protection?")
    assert a.records[0].startswith("ddos-protection.") and "aws-shield.standard-automatic" in a.records


def test_data_disposal_is_asked_as_such(full_index: Settings) -> None:
    """"물리 디스크 폐기" read only encryption at rest (the general rule, the BAA): the 2016 paper's disposal
    records are on a topic of their own now; disks disposed of are no question about encryption at rest."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("PHI 저장했던 스토리지 삭제하면 물리 디스크 폐기는 AWS가 어떻게 처리하나요? "
               "저희가 따로 해야 할 건 있음?")
    assert a.topics == ["disposal"]
    assert a.records[:2] == ["encrypting-and-protecting-phi.bp2016-deletion-unallocates-blocks",
                             "encrypting-and-protecting-phi.bp2016-media-sanitization"]
    a = kb.ask("How does AWS dispose of failed disks that held PHI?")
    assert a.topics == ["disposal"] and a.records[0].startswith("encrypting-and-protecting-phi.bp2016-")
    a = kb.ask("刪除 S3 資料後，AWS 會怎麼銷毀實體媒體？")
    assert a.topics == ["disposal"] and "章節沒有關於資料刪除與媒體銷毀的指引" in a.answer
    assert kb.ask("Does HealthLake keep deleted FHIR resources?").topics == []  # deleting is no disposal


def test_signing_in_asks_access_control(full_index: Settings) -> None:
    """"那使用者驗證要怎麼做？" after AppStream repeated its two bullets: user sign-in is access control, which the
    AppStream section is silent on (said, with where the documents speak of it)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Amazon AppStream 2.0 使用者驗證要怎麼做？")
    assert a.topics == ["access"] and "Amazon AppStream 2.0 章節沒有關於存取控制與金鑰的指引" in a.answer
    assert kb.ask("How do we control who can use our KMS keys?").topics == ["access"]


def test_plain_encryption_in_a_clause_of_its_own_asks_both_kinds(full_index: Settings) -> None:
    """"How do we set up encryption for Aurora MySQL? Are snapshots and read replicas encrypted too?" listed only the
    snapshots record: the first clause asks for encryption as such (Aurora MySQL's TLS rule too)."""
    kb = KnowledgeBase(full_index)
    for question in ("How do we set up encryption for Aurora MySQL? Are snapshots and read replicas encrypted too?",
                     "Aurora MySQL에 환자 진료데이터 넣을 예정인데 암호화 설정 어케 해야 돼요? "
                     "스냅샷이랑 리드 복제본도 암호화 되나요?"):
        records = kb.ask(question).records
        assert {"aurora.encrypted-storage-backups", "aurora.encrypt-at-rest-kms", "aurora.transit-ssl-tls"} \
            <= set(records), question


def test_a_backup_policy_is_no_access_policy_and_a_vault_is_asked_of(full_index: Settings) -> None:
    """"AWS Backup으로 ... 백업 정책 만들려는데 ... 백업 볼트 암호화 어떻게 설정?" read "정책" as access control ("the
    AWS Backup section has no guidance on access control") and lost the vault record ("볼트", an alias word, was no
    word of the question): a backup policy is a plan for copies, and a vault is what the question asks about."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("AWS Backup으로 EC2랑 EBS 백업 정책 만들려는데 PHI 있으면 백업 볼트 암호화 어떻게 설정해야 돼요? "
               "기존 스냅샷은 무슨 키로 암호화됨?")
    assert "access" not in a.topics and "aws-backup.vault-encryption-key" in a.records
    assert "aws-backup" in [s.id for s in kb.ask("How should we configure encryption for Backup vaults?").services]


def test_rotating_secrets_in_secrets_manager_is_said_unspoken(full_index: Settings) -> None:
    """"Secrets Manager로 관리하는게 권장인가요? 자동 교체도 되나요?" dropped its second clause: the Secrets Manager
    section never speaks of rotating secrets, and the answer says so first (not of rotating KMS keys: "automatic
    rotation" of Secrets Manager); the 2016 paper's rotating of credentials is listed from where it says it (stop 53:
    "the documents do not speak of it" was untrue of that paper)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("DB 비번이랑 API 키 같은 시크릿은 Secrets Manager로 관리하는게 권장인가요? 자동 교체도 되나요?")
    assert a.answer.startswith("AWS Secrets Manager 섹션은 시크릿·비밀번호 교체(로테이션)에 대해 다루지 않습니다.")
    assert "aws-account-security.bp2016-rotate-credentials" in a.records, a.records
    a = kb.ask("Does Secrets Manager support automatic rotation?")
    assert a.answer.startswith("The AWS Secrets Manager section does not speak of rotating secrets or passwords;")
    zh = kb.ask("Secrets Manager 可以自動輪替嗎？")
    assert zh.answer.startswith("AWS Secrets Manager 章節沒有談到機密或密碼的輪替"), zh.answer[:80]


def test_signing_in_with_corporate_accounts_is_identity_federation(full_index: Settings) -> None:
    """"用公司 AD 帳號登入 AWS，不要每個人建 IAM user" was answered by "create an IAM user for each person": the 2016
    paper's identity federation record (a corporate directory) comes first now."""
    a = KnowledgeBase(full_index).ask("我們想讓員工用公司 AD 帳號登入 AWS，不要每個人建 IAM user，要怎麼做？")
    assert a.records[0] == "aws-iam.bp2016-identity-federation"


def test_intrusion_detection_names_the_network_chapter(full_index: Settings) -> None:
    """"IDS/IPS in front of the EC2 hosts" was answered by EC2's encryption: the VPC section (the 2016 paper's threat
    protection layers) speaks of it; "patient IDs" names no IDS."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("do we need an IDS/IPS in front of the EC2 hosts that handle PHI? how do ppl usually deploy that on AWS")
    assert a.services[0].id == "vpc" and "vpc.bp2016-inline-security-appliances" in a.records
    assert "vpc" not in [s.id for s in kb.ask("Can I put patient IDs in S3 bucket names?").services]


def test_classifying_assets_is_answered_by_the_2016_paper(full_index: Settings) -> None:
    """Asked how to classify assets, the answer was the BAA's encryption: the 2016 paper's two asset categories and
    sample asset table (a record of their own now) answer it."""
    kb = KnowledgeBase(full_index)
    for question in ("How should we classify our information assets?", "정보 자산은 어떻게 분류해야 하나요?",
                     "PHI 相關的資產要怎麼分類？資產清冊要列哪些欄位？"):
        a = kb.ask(question)
        assert not a.abstained and "shared-responsibility.bp2016-asset-categories" in a.records, question


def test_services_each_asked_as_a_whole_are_not_narrowed_to_the_words_of_their_use(full_index: Settings) -> None:
    """"S3 and Glacier for long-term PHI archives - what should we set on each?" read "S3", "Glacier for long-term PHI
    archives" and the question as a list of three and kept for S3 only "back up log files to S3 for reliable long-term
    storage" and an ACL note; each service is asked what it needs as a whole."""
    a = KnowledgeBase(full_index).ask("S3 and Glacier for long-term PHI archives - what should we set on each?")
    assert {"s3.transit-https", "s3-glacier.encryption-at-rest-default"} <= set(a.records)
    assert "s3.notes-no-open-acls" not in a.records


def test_each_leg_of_a_pipeline_is_asked_as_a_whole(full_index: Settings) -> None:
    """"紙本病歷掃描後上傳 S3 -> Textract -> OpenSearch，每一段要怎麼保護 PHI？" read "上傳" as the one topic asked (in
    transit only): each leg (每一段, 구간별) asks what each service needs as a whole."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("紙本病歷掃描後上傳 S3 -> Textract 擷取文字 -> 存到 OpenSearch 做搜尋，每一段要怎麼保護 PHI？")
    assert a.topics == [] and {"s3.encryption-at-rest-options", "textract.encryption-at-rest",
                               "opensearch.encrypt-phi"} <= set(a.records)
    a = kb.ask("S3 데이터레이크 -> Glue ETL -> Athena 구간별로 뭐 설정해야 해요?")
    assert {"aws-glue.etl-sse-s3-parameter", "athena.encrypt-query-results"} <= set(a.records)


def test_cross_account_access_names_the_iam_chapter(full_index: Settings) -> None:
    """"跨帳號 (cross-account) 存取 PHI ... 讀正式環境帳號的 S3 資料" was answered by S3's generic guidance: the 2016
    paper's IAM chapter speaks of cross-account roles (a subject of it), and is not deferred to S3 on access."""
    kb = KnowledgeBase(full_index)
    for question in ("跨帳號 (cross-account) 存取 PHI 要怎麼設計？例如分析帳號要讀正式環境帳號的 S3 資料",
                     "How should an analytics account read PHI in S3 in our production account? cross-account access"):
        assert "aws-iam.bp2016-cross-account-roles" in kb.ask(question).records, question


def test_an_uncovered_service_set_against_a_covered_one_leaves_it_answered(full_index: Settings) -> None:
    """"Macie vs GuardDuty 差在哪？" answered only from passing mentions of Macie (Forecast, Auto Scaling): GuardDuty,
    set against it, is answered, and Macie said to have no section. An uncovered service asked alone is refused."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Macie vs GuardDuty - which one can find PHI in our S3 buckets?")
    assert not a.abstained and a.records[0] == "guardduty.no-phi"
    assert "the documents have no section on Amazon Macie" in a.answer
    assert kb.ask("ElastiCache for Memcached 可以放 PHI 嗎？").abstained


def test_tenant_isolation_is_answered_from_the_one_section_that_speaks_of_it(full_index: Settings) -> None:
    """"我們是 SaaS，多租戶架構放 PHI，租戶之間要怎麼隔離？" was answered by the general encryption rule and the BAA:
    the only place the documents speak of tenants is the multi-tenancy part of the Comprehend section (a subject of it),
    which answers, labelled as Comprehend's and, where the question does not name it, said to be no general guidance."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("We're a multi-tenant SaaS holding PHI. How should we isolate tenants?")
    assert a.records and all(r.startswith("multi-tenancy.") for r in a.records)
    assert "only inside the Amazon Comprehend section" in a.answer
    a = kb.ask("我們是 SaaS，多租戶架構放 PHI，租戶之間要怎麼隔離比較好？")
    assert a.records and all(r.startswith("multi-tenancy.") for r in a.records)
    assert a.answer.startswith("**Amazon Comprehend > 多租戶**")
