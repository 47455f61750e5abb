"""The verdict on a yes/no question about what a service itself does ("Does Transfer for SFTP store PHI?", "Is IoT
Core traffic encrypted?"), decided by the service's own statement of fact."""
from __future__ import annotations

import re
from collections.abc import Callable

from kb.analysis import Analysis
from kb.facet import Facet
from kb.focus import NAMES
from kb.relevance import Query
from kb.requirements import Requirement
from kb.specific import data_tokens, specific_words, words_in
from kb.topics import ELIGIBILITY
from kb.verdict_base import (
    ALTERNATIVE,
    BACKUP,
    ENCRYPTION,
    FUNCTION_HAN,
    UNSUPPORTED,
    UNSUPPORTED_SHARE,
    VerdictBase,
)

# a yes/no question about what the customer must do ("PHI 암호화 요구 사항이 있나요?", "Is there a requirement ..."):
# the service encrypting on its own does not answer it with yes
_ASKS_DUTY = re.compile(r"\brequire|\bneed|\bmust\b|\bhave to\b|요구|필요|해야|要求|需要|必須|必须|應該|应该", re.I)


class FactVerdicts(VerdictBase):
    """Verdicts on what a service does itself. Read-only: shared across threads."""

    def _fact(self, a: Analysis, facets: list[Facet], query: Query | None) -> tuple[str | None, Requirement | None]:
        """A yes/no question about what the service itself does, decided by a statement of fact of its own section:
        "Does AWS Transfer for SFTP store PHI itself?" -> "No." by "it does not store, process or transmit PHI";
        "Is device communication with AWS IoT Core encrypted?" -> "Yes." by "all communication is encrypted with TLS"
        (when every encryption topic asked that the section speaks of is answered so, by the record of the topic that
        fits the question best; "conditional" when that record names a condition). Only for a question about one
        service, asked without a negation, with the service as its subject (not "Do we ...?"), and when the deciding
        record fits the question at least UNSUPPORTED_SHARE of any other record of the service (a names rule aside).
        (None, None) otherwise: a yes/no question about anything else gets the records without a verdict."""
        subject = a.subject
        if subject is None or query is None or a.without or a.negated or a.asker_first:
            return None, None  # "Is X not encrypted?", "Do we store PHI in X?"
        family = self.analyzer.catalog.descendants(subject.id)
        own = [f for f in facets if f.section.id in family]
        if self.records is not None and not self.records.of(family):  # a section with no records that points to
            own = facets  # another (Comprehend Medical: "see the previous section")
            family = {sid for f in facets for sid in self.analyzer.catalog.descendants(f.section.id)}
        listed = [r for f in own for r in f.records]
        rivals = [r for r in (self.records.of(family) if self.records is not None else listed) if r.topic != NAMES]

        def outdone(record: Requirement) -> bool:
            """Does another record of the service fit the question clearly better ("Does Comprehend store custom
            models?" is about its custom-models record, not "Comprehend does not retain or store any data"; "Does the
            Kinesis Video Streams SDK encrypt stored data?" about the SDK's)? A names rule never counts: it names
            the thing asked about ("archives") in every question about it."""
            best = max((self._fit(query, r) for r in rivals if r.id != record.id
                        and not (a.default and r.topic == record.topic)), default=0.0)  # (asked what it does by
            # default, not by the records on what to choose: "..., or do I have to pick a KMS key myself?")
            return self._fit(query, record) < UNSUPPORTED_SHARE * best

        def decides(record: Requirement, beaten: Callable[[Requirement], bool] = outdone) -> bool:
            """Not `beaten` (outdone), and naming every other service the question names ("Do Comprehend and S3 store
            data?" is not answered by Comprehend's record; "RoboMaker 模擬伺服器用的 EBS 磁碟區有加密嗎？" is, by the
            record on the EBS volumes RoboMaker uses), unless they are named only in the scene the asking phrase
            leaves (Analysis.scene: "我們要用 DataSync 把舊 PACS 的影像搬到 S3，傳輸過程預設有加密嗎？" asks what
            DataSync does, not S3; trial 64h)."""
            return not beaten(record) and (a.default_choice or a.scene or self._names_others(a, record))

        def worded_out(record: Requirement) -> bool:
            """Does a record fitting the question clearly better also hold more of its specific words ("custom
            models")? A record that fits better by meaning alone does not outdo the one saying the service keeps no
            data ("Does Comprehend Medical store the clinical notes we send it?" is not about Comprehend's VPC
            record), nor do words for the data given it (kb/specific.py DATA_WORDS: "store the text" is not about
            the PII record's "English text documents")."""
            words = {t: w for t, w in self._words(a, facets, query).items() if t not in data_tokens()}
            mine = self.relevance.specific_fit(query, record, words)
            return any(self.relevance.specific_fit(query, r, words) > mine for r in rivals if r.id != record.id
                       and self._fit(query, record) < UNSUPPORTED_SHARE * self._fit(query, r))

        if a.carries and not set(a.topics) - {ELIGIBILITY, "other"}:
            keeps = next((r for r in listed if r.keeps_no_data), None)
            return ("no", keeps) if keeps is not None and decides(keeps, worded_out) else (None, None)
        asked_topics = set(a.topics)
        if not asked_topics & set(ENCRYPTION) or asked_topics - {*ENCRYPTION, BACKUP} \
                or (_ASKS_DUTY.search(query.text) and not a.default):  # ("on by default, or must we enable it?" asks
            # what the service does by default)
            return None, None
        deciding = [BACKUP] if BACKUP in a.topics else a.topics  # "백업도 암호화되나요?" asks about the backups
        if BACKUP in a.topics and asked_topics & set(ENCRYPTION) and (not any(
                r.encrypts_backups for f in own for r in f.records)  # ... unless no record of them says copies are
            # encrypted and an encryption topic is asked too: "does MGN encrypt the replicated data by default, both
            # in transit and on the EBS side?" asks of the data it replicates (was "not said to be on by default"
            # while both records say so; trial 62g WRONG)
                or (a.services and {s.id for s in a.services} <= self.analyzer.pointers([BACKUP]))):  # ... or the
            # backups of a service that is what backups are about are the data it keeps ("AWS Backup 備份會加密嗎？預設
            # vault 有加密嗎": its encryption records, "the default vault is encrypted"; was "not said to be on by
            # default", trial 63n WRONG)
            deciding = [t for t in a.topics if t != BACKUP]
        asked = [f for f in own if f.topic in deciding and f.records]
        if not asked:
            return None, None
        # the facet's own records (not a names rule); never one of the other encryption topic that only mentions this
        # one ("the Kinesis Video Streams SDK encrypts frames with TLS; it does not affect data stored at rest")
        mine = [[r for r in f.records if r.topic == f.topic] or [r for r in f.records if f.topic not in ENCRYPTION
                                                                  or r.topic not in ENCRYPTION] for f in asked]
        if not all(mine):
            return None, None
        tops = [max(records, key=lambda r: self._fit(query, r)) for records in mine]
        # "Does SQS support server-side encryption?": a record telling the customer to use it says it does
        # (not by one that holds only when it is not used: "If you do not use SQS server-side encryption, ...")
        offers = [max([r for r in records if not r.statement["en"].lower().startswith(ALTERNATIVE)] or records,
                      key=lambda r: self._fit(query, r)) for records in mine]
        offered = a.supports and not a.default and BACKUP not in deciding and all(
            (r.strength in ("must", "should", "may") or r.encrypts) and not r.forbids  # (or one saying it encrypts:
            # "Does Glacier support encryption for PHI archives?", AES-256 at rest beside HTTPS endpoints)
            and not UNSUPPORTED.search(r.statement["en"])
            and not r.statement["en"].lower().startswith(ALTERNATIVE) for r in offers)
        tops = offers if offered else tops
        if a.default and not offered:  # "Is Secrets Manager encrypted by default?": by "it encrypts every stored
            # secret", though "choose the key; else the account's default key is used" shares more words
            tops = [next((r for r in sorted([*records, *(r for r in rivals if r.topic == top.topic
                                                          and r not in records)], key=lambda r: -self._fit(query, r))
                          if r.encrypts and r.strength == "fact" and not outdone(r)), top)
                    for records, top in zip(mine, tops, strict=True)]
        if not offered and not all(r.encrypts_backups if BACKUP in deciding else r.encrypts for r in tops):
            if not a.default:  # "AWS Organizations 會幫我們加密客戶資料嗎？": "No." by "it does not encrypt customer
                # content itself" (the services launched in it do, as the record goes on to say)
                return ("no", tops[0]) if BACKUP not in deciding and all(r.encrypts_not for r in tops) \
                    and all(decides(r) for r in tops) else (None, None)
            # "Is EFS traffic encrypted by default?" -> "No." by "TLS is not used by default"; "Is EBS encrypted by
            # default?": no record of it says so -> "unstated" (the records say what to enable)
            off = next((r for records in mine for r in records if r.off_by_default), None)
            if off is not None:
                return ("no", off) if not outdone(off) else (None, None)
            # a record saying what happens by default ("new clusters accept only TLS connections by default") answers
            # it in its own words, whichever way the question is put ("accept non-TLS connections by default?")
            listing = {f.topic for f in asked}
            stated = any(r.says_default for r in [*rivals, *(r for f in facets for r in f.records)]
                         if r.topic in listing)  # (any record of the service on a topic the
            # answer lists records of, listed or not: "does athena encrypt query results by default?" reads plain
            # "encrypt" as in transit too, but the results are at rest; trial 68c; or one the answer lists, of another
            # service named too: "EMR 讀取 S3 ... 傳輸預設有加密嗎？", EMR's "HTTPS by default"; the asked facets'
            # records, `mine`, are among them)
            return (None, None) if stated else ("unstated", None)
        if not all(decides(top) for top in tops):
            return None, None  # another record of the service fits better: the question asks about that
        words = {t: w for t, w in specific_words(self.relevance, self.analyzer, a, a.services, query).items()
                 if not FUNCTION_HAN.search(t)} if a.lang != "zh" and not a.default_choice else {}  # (Chinese
        # bigrams: synonyms, not things; the other choice's words are no thing asked about: "pick a KMS key myself")
        told = self.analyzer.after_scene(query.text)  # (words of a scene ending in a connective are what the asker
        # has, not what is asked: "우리 EMR DB가 RDS MySQL인데 ... 스냅샷도 암호화 되는거 맞나요?", trial 67g)
        if told is not None:
            words = words_in(words, told)
        known = rivals + listed
        if any(not any(self.relevance.specific_fit(query, r, {t: w}) for r in known) for t, w in words.items()):
            return None, None  # it asks of something no record of the service speaks of ("... at rest on the device?")
        if offered:
            return "yes", tops[0]
        lead = next((r for r in tops if r.encrypts_if), tops[0])
        if a.default and lead.encrypts_if and not (BACKUP in deciding and lead.encrypts_backups):
            # "Is the Glue Data Catalog encrypted by default?": only "when encryption is enabled as the objects are
            # created", which is no default; but copies of an encrypted resource are encrypted with it, which is what
            # "스냅샷이랑 read replica도 자동으로 암호화됨?" asks ("Yes, with conditions"; trial 60h WRONG: "the
            # documents do not say it is on by default" above the record saying so)
            return "unstated", None
        return ("conditional" if lead.encrypts_if or lead.strength != "fact" else "yes"), lead
