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
    Amazon RDS, AWS manages ... the operating system" is where the documents speak of it for RDS, before EC2's "patch
    management is the customer's"."""
    kb = KnowledgeBase(full_index)
    a = kb.ask("Who patches the database engine for Amazon RDS for PostgreSQL, AWS or us?")
    assert a.verdict is None
    assert a.records[:2] == ["shared-responsibility.bp2016-container-aws-manages",
                             "ec2.bp2016-patch-management-customer"]
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
    kb = KnowledgeBase(full_index)
    a = kb.ask("Is our company legally liable under HIPAA if a business associate leaks PHI?")
    assert (a.abstained, a.reason) == (True, "legal")
    a = kb.ask("Do we need a BAA, and what are the penalties for not having one?")  # the BAA clause is answered
    assert not a.abstained and "lawsuits" not in a.answer and "HIPAA penalties and fines" in a.answer
