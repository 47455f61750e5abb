"""The verdict on whether a service may hold PHI at all ("Can we use Amazon Translate on clinical notes?", "SQL
Server Express?", "Can CloudWatch store PHI?")."""
from __future__ import annotations

import re

from kb.analysis import Analysis
from kb.editions import bars_phi, edition_asked, edition_unlisted, editions, editions_only, said, version_unlisted
from kb.facet import Facet
from kb.relevance import Query
from kb.requirements import Requirement
from kb.topics import ELIGIBILITY
from kb.verdict_base import VerdictBase

_TRANSMITS = re.compile(r"\btransmit", re.I)  # a service that keeps no data and passes none through either


class EligibilityVerdicts(VerdictBase):
    """Eligibility verdicts. Read-only: shared across threads."""

    def _eligibility(self, a: Analysis, facets: list[Facet], query: Query | None
                     ) -> tuple[str | None, Requirement | None]:
        """(verdict, the record that decides it) for an eligibility question: "yes" (with the service's own record,
        or None for the line saying each has its own section), "conditional", "unlisted" for a product edition or
        release the conditions do not list, "no" for a forbidden edition or when the question would store or pass data
        through a service that cannot hold any; (None, None) when the conditions do not decide it."""
        records = [r for f in facets if f.topic == ELIGIBILITY for r in f.records if r.topic == ELIGIBILITY]  # (not
        # the obligations listed beside "needs no additional configuration": no conditions of eligibility, kb/facets.py)
        former = {x for s in a.services for x in s.formerly}  # a former name's section (CloudWatch Events beside
        # EventBridge) decides nothing where the service's own does: "EventBridge 可以處理 PHI 嗎?" was "否。" by "no
        # PHI in CloudWatch Events"
        records = [r for r in records if r.section not in former] or records
        listing = next((r for r in records if not r.forbids and editions(said(r))), None)
        if listing is not None and query is not None:  # a service whose eligibility is a list of editions
            asked = editions(query.text)
            banned = next((r for r in records if r.forbids and edition_asked(r, query)), None)
            if banned is not None:
                return "no", banned  # "SQL Server Express?"
            # "SQL Server 2008 R2 Standard?": not as written, only these; no edition asked: these conditions
            if asked and edition_unlisted(query, listing):  # ("QuickSight Standard?": PHI in Enterprise only)
                return ("no" if editions_only(listing) else "unlisted"), listing
            return "conditional", listing
        catalog = self.analyzer.catalog
        others = {catalog.top(s.id).id for s in a.services if s.kind == "service"} - {
            catalog.top(records[0].section).id} if records else set()
        if records and records[0].forbids and others and not others <= {
                catalog.top(sid).id for sid in self._statement_names(records[0])}:
            return None, None  # one of the services asked forbids it, the others are not said to: "KMS 跟 CloudHSM
            # 可以拿來存 PHI 嗎？" is no "否。" for KMS by CloudHSM's "cannot store or transmit PHI" (trial 61j)
        if records and records[0].forbids:  # the record that fits best forbids it ("SQL Server Express?"); one
            # forbidding PHI in the service as a whole, no edition named, forbids putting it there ("Can X-Ray store
            # PHI?", "CloudWatch 事件裡可以帶 PHI 嗎？"), not using the service in a PHI workload ("Is X-Ray ok to use
            # in our PHI app?": yes, with no PHI in X-Ray itself, as for a service that cannot hold any)
            if bars_phi(records[0]) and not (a.puts_data and (query is None or self.analyzer.asks_to_store(
                    query.text, a.lang, "stores" if a.stores else "carries"))):
                return "conditional", records[0]
            return "no", records[0]
        unable = next((r for r in records if r.holds_no_data), None)
        if a.carries and unable is not None and self._names_others(a, unable) and (
                query is None or self.analyzer.asks_to_store(query.text, a.lang, "carries")):
            return "no", unable  # "pass patient records through SWF?": it cannot store or transmit data
        keeps = next((r for f in facets for r in f.records if r.keeps_no_data), None)
        beside = next((r for f in facets for r in f.records if r.only_beside_phi), None)
        for record in (keeps, beside):  # "Can CloudWatch store PHI?": it stores none itself; "Can Route 53 store PHI?":
            # not in its names or tags, and it serves the resources that store it
            if a.stores and record is not None and not a.negated and self._names_others(a, record) and (
                    query is None or self.analyzer.asks_to_store(query.text, a.lang)):
                return "no", record
        passes_none = unable or next((r for r in records if r.keeps_no_data and _TRANSMITS.search(
            r.statement["en"])), None)
        if passes_none is not None:  # "Can we use Step Functions with PHI?": in a PHI workload, with no PHI
            # passing through it ("cannot store, transmit or process PHI"); nothing for a second service it does
            # not name ("CloudWatch 和 CloudWatch Logs 可以儲存 PHI 嗎？")
            return ("conditional", passes_none) if self._names_others(a, passes_none) else (None, None)
        conditions = [r for r in records if r.strength in ("must", "should") or r.scope]
        if conditions and not version_unlisted(query, conditions[0]):
            return "conditional", conditions[0]
        if conditions:
            return None, None  # "Redis 3.2.4?": a version the conditions do not list ("4.0.10 onwards" may
            # include it: versions are ranges, editions are not); the conditions are shown
        # one service's own record says it ("Amazon Translate can process documents containing PHI"), unless it is
        # about a feature the question does not name ("Is Redshift eligible?" is not led by "Redshift Spectrum is
        # within the BAA's scope"); for several, the line saying each has its own section leads, unless the record
        # is about a feature the question names ("Is Redshift Spectrum covered by the BAA, and ... S3 ...?")
        several = len({f.section.id for f in facets if f.topic == ELIGIBILITY}) > 1
        if len(a.services) > 1 and a.stores and keeps is not None:  # "GuardDuty vs Security Hub vs Inspector - can
            return None, None  # any of them store PHI ...?": not "Yes." for them all when one is to encounter none
        feature = self._feature_of(records[0], query) if records else None
        lead = records[0] if records and feature is not False and (not several or feature) else None
        return "yes", lead
