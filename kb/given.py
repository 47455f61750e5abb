"""Whether an answer gives the details its question asks for (kb/details.py: a length of time, a version, a
parameter name, an endpoint address): what the answer's quotes, statements and scopes say, and, for a detail
asked in a clause of its own, only what the records of the services that clause names say."""
from __future__ import annotations

from kb import clauses
from kb.analysis import Analysis, Analyzer
from kb.catalog import Catalog
from kb.compose import Composed
from kb.details import Detail, Details
from kb.requirements import RequirementCatalog


class Given:
    """Checks the details an answer gives. Read-only: shared across threads."""

    def __init__(self, details: Details, catalog: Catalog, analyzer: Analyzer, records: RequirementCatalog) -> None:
        self.details = details
        self.catalog = catalog
        self.analyzer = analyzer
        self.records = records

    def sections(self, question: str, a: Analysis, asked: list[Detail]) -> dict[str, set[str]]:
        """Per detail asked in a question of several clauses, the top-level sections whose records may give it:
        those the clauses asking it name, else those the question names (`a`) ("... 저장·전송 암호화를 어떻게 설정해야
        하나요? SSL 연결을 강제하는 파라미터도 알려주세요.": RDS for PostgreSQL's, not the KMS record's
        "GenerateDataKey"); an `own` detail (the key a service uses, its default), those the question names in a
        question of one clause too. Detail id -> section ids; empty for a one-clause question asking no `own` one."""
        parts = clauses.split(question)
        named = {self.catalog.top(s.id).id for s in a.services if s.kind != "general"}
        out: dict[str, set[str]] = {d.id: set(named) for d in asked if d.own and named}
        if len(parts) < 2 or not asked:
            return out
        for part in parts:
            mine = self.details.asked(part, a.lang)
            clause = self.analyzer.analyze(part) if mine else None
            sections = {self.catalog.top(s.id).id for s in clause.services} if clause is not None else set()
            for d in mine:
                out.setdefault(d.id, set()).update(sections or named)  # (an own detail: the services named, too)
        return {k: v for k, v in out.items() if v}

    def unstated(self, asked: list[Detail], composed: Composed, lang: str,
                 about: dict[str, set[str]] | None = None) -> list[Detail]:
        """The details of `asked` that the answer's quotes, statements and scopes (in `lang`) do not give (not its
        notes: "2016년 문서" is no length of time); a detail asked of some services (`about`, `sections`) only by
        records of those services or of the general chapters (an `own` detail: of those services only), not by another
        service's unless its statement names one of them ("... what S3 endpoint format should the function use?" after
        a Lambda clause: Lambda's "address Amazon S3 as https://bucket.s3-aws-region.amazonaws.com")."""
        said = [r for rid in composed.records if (r := self.records.get(rid)) is not None]
        out = []
        for d in asked:
            sections = (about or {}).get(d.id)
            mine = [r for r in said if not sections or self.catalog.top(r.section).id in sections
                    or (self.catalog.top(r.section).kind == "general" and not d.own)
                    or (not d.own and any(self.catalog.top(e.id).id in sections
                                          for e, _, _ in self.catalog.mentions(r.statement["en"])))]
            ids = {r.id for r in mine}
            quotes = [c.quote for c in composed.citations if not sections or ids & set(c.records)]
            out += self.details.unstated([d], [*quotes, *(r.says(lang) for r in mine),
                                               *((r.scope.get(lang) or r.scope["en"]) for r in mine if r.scope)])
        return out
