"""Who a requirement record makes responsible, and the verdict for "Is AWS responsible for ...?": the records'
English statements say it ("... is the customer's responsibility", "AWS is responsible for security of the cloud")."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.analysis import Analysis
    from kb.facet import Facet
    from kb.requirements import Requirement

# a statement that assigns a responsibility to someone ("is responsible", "the customer's responsibility")
# ("You, not AWS, initialize and manage the CloudHSM cryptographic domain")
ASSIGNS = re.compile(r"\b(?:is|are) responsible\b|'s responsibility\b|\bresponsibility of\b|\bis your responsibility\b"
                     r"|\byou, not AWS,", re.I)
# ... to the customer ("you are then responsible for the encryption process"), or to AWS
CUSTOMER_OWNS = re.compile(r"\bcustomers?(?: is| are)? responsib|\bcustomer's responsibility\b|\byou are (?:then )?"
                           r"responsible\b|\btake responsibility\b|\bresponsibility of the customer\b|"
                           r"\bis your responsibility\b|\byou, not AWS,", re.I)
AWS_OWNS = re.compile(r"\bAWS (?:is|are) responsible\b|\bAWS's responsibility\b|\bresponsibility of AWS\b|"
                      r"\bAWS manages\b")  # (the shared responsibility chapter's "for container services such as Amazon
# RDS, AWS manages ... the operating system"; "under the shared responsibility model, AWS manages host and image
# hardening")


_CUSTOMER = re.compile(r"\bcustomer|\byou\b|\byour\b", re.I)  # a statement speaking of the customer's part at all


def sole_party(statement: str) -> str | None:
    """ "aws" or "customer": the one party an English statement makes responsible, speaking of no other's part ("AWS
    is responsible for the security of the physical infrastructure"; not "AWS ... security of the cloud, the customer
    ... in the cloud"); None otherwise."""
    if AWS_OWNS.search(statement) and not _CUSTOMER.search(statement):
        return "aws"
    return "customer" if CUSTOMER_OWNS.search(statement) and not AWS_OWNS.search(statement) else None


def names_party(statement: str) -> bool:
    """Does an English statement make the customer or AWS responsible for something (CUSTOMER_OWNS, AWS_OWNS: "AWS
    manages ... the operating system" too, which ASSIGNS, the ranking's test, leaves out: "What is the customer
    responsible for?" is not answered with what AWS manages first)?"""
    return bool(CUSTOMER_OWNS.search(statement) or AWS_OWNS.search(statement))


def whose(a: Analysis, facets: list[Facet], parts: int = 1,
          names: Callable[[Requirement], set[str]] | None = None) -> tuple[str | None, Requirement | None]:
    """(verdict, deciding record) for a question asking who is responsible. Asked which party (`a.party`: "Is
    disaster recovery AWS's job or ours?", "RDS 암호화는 AWS 책임인가요, 고객 책임인가요?", "EC2 패치는 누가 해야
    하나요?"): "customer" or "aws", the party the first record listed on what is asked makes responsible. Asked yes or
    no whether AWS (`a.provider`: "Is AWS responsible for patching our EC2 operating systems?") or else the asker ("Are
    we responsible for ...?") is: "yes", or "no" when that record makes the other party responsible ("Patch management
    ... is the customer's responsibility"). (None, None) when no record listed on what is asked (`facets`: a topic
    asked, or a section as a whole) makes one party responsible, or the first naming a party names both ("AWS is
    responsible for security of the cloud, the customer for security in the cloud"), or the first naming a party in
    one section's records names another than in another section's, or than none in another service's ("Who patches the
    OS on EC2, AWS or us? and for RDS?": each section's record says whose; "... Lambda 런타임은요?": the customer's for
    EC2 says nothing of Lambda), or a question of several `parts` (kb/clauses.py `split`) lists records naming
    different parties ("who patches the guest OS on EC2 - us or AWS? and for the hypervisor?": the customer, then
    AWS), or, asked of services none of whose records names a party, the record deciding is a general chapter's that
    does not name them (`names`: the catalog ids a record's statement names)."""
    asked = [f for f in facets if f.topic in a.topics or f.topic is None] or facets
    owner, record = _first_owner([r for f in asked for r in f.records])
    if owner is None:
        return None, None
    if (parts > 1 or not any(f.section.kind == "service" for f in asked)) \
            and len({_first_owner([r])[0] for f in asked for r in f.records} - {None}) > 1:
        return None, None  # (... or the model itself, asked of no service, lists what each party does: "who is
        # responsible for what under the shared responsibility model", not "AWS's." by its physical infrastructure)
    sections = {f.section.id: f.section for f in asked}
    owners = {sid: _first_owner([r for f in asked if f.section.id == sid for r in f.records])[0] for sid in sections}
    if len(set(owners.values()) - {None}) > 1 \
            or len({owners[sid] for sid, s in sections.items() if s.kind == "service"}) > 1:
        return None, None
    services = {sid for sid, s in sections.items() if s.kind == "service"}
    if services and names is not None and not any(owners[sid] for sid in services) \
            and record.section not in services and not names(record) & services:
        return None, None  # ... nor, when no record of the service asked names one, by a general chapter's record that
        # does not name it ("共同責任模型下 GuardDuty 偵測到的威脅誰要負責處理": not AWS's by the security of its
        # physical infrastructure, "intrusion detection"; trial 65h WRONG)
    if a.provider and a.open and not a.party:  # asked whether AWS does it beside a sentence asking what is ours ("...
        return None, None  # 是不是就 AWS 會幫我們顧好？我們自己還要負責哪些？"): the records say who does what, no yes
    return (owner if a.party else "yes" if (owner == "aws") == a.provider else "no"), record


def _first_owner(records: list[Requirement]) -> tuple[str | None, Requirement | None]:
    """("customer" | "aws", record): the party the first of `records` naming one makes responsible; (None, that
    record) when it names both; (None, None) when none names one."""
    for r in records:
        customer, aws = bool(CUSTOMER_OWNS.search(r.statement["en"])), bool(AWS_OWNS.search(r.statement["en"]))
        if customer != aws:
            return ("customer" if customer else "aws"), r
        if customer:
            return None, r
    return None, None
