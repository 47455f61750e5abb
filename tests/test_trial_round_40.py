"""Answers on the real corpus (trial round, stop 40): VPC endpoints, a clause asking what a service's section says as a
whole beside a clause asking a topic, breach notification however it is inflected, a follow-up asking whether a new
service may be used with PHI, the secure disposal chapter under its own name, and incident response on a compromised
instance."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.records import Context

pytestmark = pytest.mark.slow


def test_vpc_endpoints_are_answered_from_the_one_section_that_speaks_of_them(full_index: Settings) -> None:
    """"VPC endpoints?" was answered by VPN and Direct Connect records (or refused as AWS PrivateLink, which has no
    section): the documents speak of interface VPC endpoints only in the Comprehend section's network segmentation
    part (a subject of it). Its record answers, said to be no general guidance, also beside a service the question
    names (S3: its own HTTPS endpoint record stays)."""
    kb = KnowledgeBase(full_index)
    note = "only inside the Amazon Comprehend section (Amazon Comprehend > Network segmentation and hardening)"
    a = kb.ask("Do we need VPC endpoints so PHI traffic to AWS APIs stays off the internet?")
    assert "network-segmentation.interface-endpoint" in a.records and note in a.answer
    a = kb.ask("VPC endpoints for S3 - required for PHI?")
    assert {"network-segmentation.interface-endpoint", "s3.transit-https"} <= set(a.records) and note in a.answer
    a = kb.ask("PHI 傳到 S3 要走 VPC 端點嗎？")
    assert "network-segmentation.interface-endpoint" in a.records
    assert "文件僅在 Amazon Comprehend 章節內（Amazon Comprehend > 網路分段與強化）談到此內容" in a.answer
    a = kb.ask("VPC 엔드포인트 써야 하나요? PHI 트래픽이 인터넷 안 타게")
    assert "network-segmentation.interface-endpoint" in a.records and "Amazon Comprehend 섹션 안" in a.answer
    assert "only inside" not in kb.ask("How do we configure Amazon Comprehend jobs in a VPC?").answer
    # nothing decides whether a thing only a part of another service's section speaks of is needed (was "Yes." by
    # S3's HTTPS endpoint rule)
    a = kb.ask("Do we need VPC endpoints for Lambda to reach S3 privately?")
    assert a.verdict is None and note in a.answer and "network-segmentation.interface-endpoint" in a.records


def test_a_clause_asking_the_whole_section_lists_its_facts_too(full_index: Settings) -> None:
    """"백서에서는 API Gateway 설정 관련해서 뭐라고 하나요? 캐시나 로깅 주의점 있음?" listed only the logging records:
    the first clause asks what the section says as a whole, so the records beside the topic come too, facts
    included (API Gateway writes no non-cached data to disk; it uses HTTPS endpoints)."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("API Gateway로 PHI 받는 REST API 구성하려는데요, 백서에서는 API Gateway 설정 관련해서 뭐라고 하나요? "
               "캐시나 로깅 주의점 있음?")
    assert {"api-gateway.uncached-data-not-on-disk", "api-gateway.transit-https",
            "api-gateway.phi-captured-only-by-eligible-services"} <= set(a.records)


def test_breach_notification_is_refused_however_it_is_inflected(full_index: Settings) -> None:
    """"What's the deadline for notifying HHS after a PHI breach?" was answered with the BAA's encryption records (the
    legal term was "notify hhs"): a legal phrase's words match in any inflection."""
    kb = KnowledgeBase(full_index)
    answered = [q for q in ("What's the deadline for notifying HHS after a PHI breach in our AWS account?",
                            "If S3 data leaks, who notifies the affected patients and how fast?",
                            "S3 데이터가 유출되면 환자에게 통지는 언제까지 해야 하나요?",
                            "침해 사고 나면 HHS에 며칠 안에 보고해야 해요?")
                if not (a := kb.ask(q)).abstained or a.records]
    assert answered == []
    a = kb.ask("Do we have to encrypt S3 if we already notified HHS of a breach?")
    assert not a.abstained and "s3.transit-https" in a.records
    assert "The documents do not cover legal matters (breach-notification deadlines)" in a.answer


def test_a_follow_up_asking_to_use_a_new_service_with_phi_is_its_own_question(full_index: Settings) -> None:
    """"and can we use AWS Directory Service for Microsoft AD for this with PHI workloads?" after two access-control
    questions was read as asking the conversation's topic ("the section has no guidance on access control"): asking
    whether a service may be used with PHI is a question of its own, answered as when asked alone."""
    kb = KnowledgeBase(full_index)
    first = kb.ask("We want SSO from our on-prem Active Directory into AWS instead of creating IAM users for everyone. "
                   "how does that work?")
    second = kb.ask("do those federated users get long-term access keys or temp creds?", context=Context.after(first))
    context = Context.after(second, Context.after(first))
    a = kb.ask("and can we use AWS Directory Service for Microsoft AD for this with PHI workloads?", context=context)
    alone = kb.ask("can we use AWS Directory Service for Microsoft AD with PHI workloads?")
    assert (a.verdict, a.records) == ("yes", alone.records) and a.topics == []
    assert "previous question's topics" not in a.answer
    first = kb.ask("WorkSpaces 給醫師用要注意什麼？")  # signing in is access control (a follow-up on it was refused)
    a = kb.ask("那登入呢？", context=Context.after(first))
    assert not a.abstained and a.topics == ["access"] and [s.id for s in a.services] == ["workspaces"]


def test_secure_disposal_is_answered_under_its_own_chapter(full_index: Settings) -> None:
    """The 2016 paper's disposal records were shown under the whitepaper's "Encrypting and protecting PHI on AWS"
    heading: they are a chapter of their own, "Secure disposal of data and media"."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("How does AWS dispose of storage media?")
    assert a.answer.startswith("**Secure disposal of data and media**\n")
    assert a.records[0] == "encrypting-and-protecting-phi.bp2016-deletion-unallocates-blocks"
    a = kb.ask("EBS 볼륨 지우면 PHI 데이터가 물리적으로 어떻게 폐기되는지 궁금하고, "
               "우리 쪽에서 추가로 할 수 있는 폐기 통제는 뭐가 있나요?")
    assert "  - 데이터와 미디어의 안전한 폐기: " in a.answer and "AWS에서의 PHI 암호화 및 보호" not in a.answer
    a = kb.ask("PHI 的資料刪除後，實體硬碟怎麼處理？")  # (was answered by the BAA)
    assert a.answer.startswith("**資料與媒體的安全銷毀**\n")


def test_a_lone_korean_function_word_narrows_nothing(full_index: Settings) -> None:
    """"PHI 있는 EC2 인스턴스가 침해된 것 같을 때 사고 대응 어떻게 해야 하나요?" was answered with EC2 host IDS, DNS and
    patching records: the lone word "것" was read as the question's own word and kept only the one forensics-chapter
    record that has it. Now the chapter's records on a compromised instance answer."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("PHI 있는 EC2 인스턴스가 침해된 것 같을 때 사고 대응 어떻게 해야 하나요?")
    assert a.records[0] == "security-logging.bp2016-rebuild-compromised-instances"
    assert "security-logging.bp2016-forensics-isolate-instance" in a.records
    assert "ec2.bp2016-host-ids" not in a.records
