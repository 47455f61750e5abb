"""Product editions and releases a question names ("SQL Server 2008 R2 Standard edition", "QuickSight 標準版",
"Redis 3.2.4") and whether a requirement record lists them: what makes an eligibility condition "not as written"."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kb.analysis import Analysis
from kb.asks import PERMISSION, YES_NO
from kb.topics import ELIGIBILITY

if TYPE_CHECKING:
    from kb.facet import Facet
    from kb.relevance import Query
    from kb.requirements import Requirement

_VERSION = re.compile(r"\b\d+\.\d+(?:\.\d+)?\b")  # an engine or software version ("3.2.6", "6.0")
# product editions, each in the words of the three languages (the whitepaper's SQL Server, Oracle and QuickSight
# sections name them); Chinese folded to both scripts
_EDITIONS = (("standard edition", "standard 에디션", "스탠다드", "標準版", "标准版", "standard 版", "standard版"),
             ("enterprise edition", "enterprise 에디션", "엔터프라이즈", "企業版", "企业版", "enterprise 版",
              "enterprise版"),
             ("express edition", "express 에디션", "익스프레스", "express 版"),
             ("web edition", "web 에디션", "웹 에디션", "web 版", "網頁版", "网页版"),
             ("developer edition", "developer 에디션", "개발자 에디션", "developer 版"))
_RELEASE = re.compile(r"\b(?:19|20)\d\d\b|\b\d+\.\d+(?:\.\d+)?\b")  # a product release: a year ("2008 R2") or a version
_VERSION_AT = re.compile(r"(?<![\d.])\d+\.\d+(?:\.\d+)?(?!\.?\d)")  # "4.0.9" also in "4.0.9에서도"
_WORD = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)+")
_FILLER = {"engine", "version", "versions", "and", "or", "v", "엔진", "버전", "및", "版本", "引擎", "和", "或"}
_CLAUSE = re.compile(r";|, and |\band on\b")  # the parts of a statement listing release and edition combinations


def said(record: Requirement) -> str:
    """Everything a record says: its statements, scope and evidence quotes, in one text."""
    return " ".join([*record.statement.values(), *(record.scope or {}).values(), *(e.quote for e in record.evidence)])


def editions(text: str, bare: bool = False) -> list[tuple[str, ...]]:
    """The product editions `text` names (`_EDITIONS` entries); with `bare`, also by the edition's word alone
    ("SQL Server Express": enough to match a record forbidding it, not to read "standard" as an edition)."""
    folded = text.casefold()
    return [words for words in _EDITIONS if any(w in folded for w in words)
            or (bare and re.search(rf"(?<![a-z]){words[0].split()[0]}(?![a-z])", folded))]  # "Express로"


def edition_asked(record: Requirement, query: Query) -> bool:
    """Does the question name, even by its word alone, an edition the record names ("SQL Server Express로")?"""
    return bool(set(editions(said(record))) & set(editions(query.text, bare=True)))


def other_edition(record: Requirement, query: Query | None) -> bool:
    """Is `record` about product editions (SQL Server Express) none of which the question names?"""
    return query is not None and bool(editions(said(record))) and not edition_asked(record, query)


def edition_unlisted(query: Query | None, record: Requirement) -> bool:
    """Does the question name a product edition ("QuickSight Standard edition", "標準版") that the record does
    not (it allows "Enterprise Edition only"), or with a release ("2008 R2", "2019") that no part of the
    English statement names with that edition ("2008 R2 Enterprise Edition only, and on 2012, 2014 and 2016
    Web, Standard and Enterprise Editions" lists no 2008 R2 Standard, nor any 2019)?"""
    if query is None:
        return False
    asked = editions(query.text)
    if not asked:
        return False
    english = " ".join([record.statement["en"], (record.scope or {}).get("en", "")]).casefold()
    keys = [words[0].split()[0] for words in asked]  # "standard edition" -> "standard"
    if any(not any(w in said(record).casefold() for w in words)
           and not re.search(rf"\b{k}\b[^.;]{{0,40}}\beditions?\b", english)
           for words, k in zip(asked, keys, strict=True)):
        return True  # ("Web, Standard and Enterprise Editions" names the Web edition)
    releases = _RELEASE.findall(query.text)
    if not releases:
        return False
    parts = [p for p in _CLAUSE.split(record.statement["en"].casefold()) if _RELEASE.search(p)]
    if not parts:
        return False  # the record lists editions, not releases
    return not any(all(r.casefold() in p for r in releases) and all(re.search(rf"\b{k}\b", p) for k in keys)
                   for p in parts)


def editions_only(record: Requirement) -> bool:
    """Does `record` allow PHI in the editions it names and no others, with no releases ("Use only Amazon QuickSight
    Enterprise Edition for data containing PHI"): an edition it does not name is then a "no", not "not as
    written" (the SQL Server list of releases and editions stays a list)?"""
    english = record.statement["en"]
    return record.topic == ELIGIBILITY and record.strength == "must" and bool(re.search(r"\bonly\b", english)) \
        and bool(editions(english)) and not _RELEASE.search(english)


def version_unlisted(query: Query | None, record: Requirement) -> bool:
    """Does the question name a version ("Redis 3.2.4", "Elasticsearch 5.6") that the record's statement, scope
    and evidence do not? Its conditions may exclude it ("3.2.6 and 4.0.10 or later"): no "Yes, with conditions"."""
    asked = _VERSION.findall(query.text) if query is not None else []
    return any(v not in _VERSION.findall(said(record)) for v in asked)


def edition_scope(a: Analysis, facets: list[Facet], query: Query | None) -> Requirement | None:
    """For a yes/no or "may we?" question naming a product edition: the first listed record (not a prohibition)
    whose statement or scope names editions but not the one asked ("TDE ... (Scope: SQL Server Enterprise
    Edition)" for "Standard 에디션도 되나요?"), else None. An eligibility question's list of editions is decided
    in `decide` (no edition asked: its conditions)."""
    if query is None or a.negated or a.ask not in (PERMISSION, YES_NO) or not editions(query.text):
        return None
    if any(r.forbids and edition_asked(r, query) for f in facets for r in f.records):
        return None  # "SQL Server Express?": the rule forbidding it decides ("No.")
    listed = [r for f in facets for r in f.records]
    only = next((r for r in listed if editions_only(r)), None)
    if only is not None:  # "QuickSight Standard edition for PHI?": PHI in Enterprise Edition only
        return only if edition_unlisted(query, only) else None
    # a feature's own scope before the service's list of editions ("TDE ... Standard 에디션도?": TDE is Enterprise only,
    # though the service takes PHI on Standard)
    for r in sorted(listed, key=lambda r: r.topic == ELIGIBILITY):
        if not r.forbids and editions(" ".join([r.statement["en"], *(r.scope or {}).values()])):
            return r if edition_unlisted(query, r) else None
    return None


def _product_versions(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The (product word, version) pairs `text` names: "Redis engine versions 3.2.6 and 4.0.10 onwards" ->
    [("redis", (3, 2, 6)), ("redis", (4, 0, 10))]: the product is the nearest word before the version that is
    no filler ("engine", "versions", "and") and no other version ("" when none is). Versions are padded to
    three numbers ("6.0" is (6, 0, 0))."""
    out: list[tuple[str, tuple[int, ...]]] = []
    for m in _VERSION_AT.finditer(text):
        before = _WORD.findall(text[max(0, m.start() - 80):m.start()])[::-1][:6]
        product = next((w for w in before if w.casefold() not in _FILLER and not w[0].isdigit()), "")
        numbers = tuple(int(n) for n in m.group(0).split("."))
        out.append((product.casefold(), numbers + (0,) * (3 - len(numbers))))
    return out


def version_scope(a: Analysis, facets: list[Facet], query: Query | None,
                  others: Callable[[], list[Requirement]]) -> Requirement | None:
    """For a yes/no or "may we?" question naming a product and version ("ElastiCache Redis 4.0.9",
    "Elasticsearch 5.6"): the first record, listed or of the sections asked about (`others()`, only called for such a
    question), whose English
    scope names versions of that product, none of them the one asked, and a later one ("3.2.6 and 4.0.10
    onwards", "Elasticsearch 6.0 or later"): the conditions do not list it. None otherwise (a version past
    the last one named is within "or later"; a product the scope does not name is not decided)."""
    if query is None or a.negated or a.ask not in (PERMISSION, YES_NO):
        return None
    asked = [(p, v) for p, v in _product_versions(query.text) if p]
    if not asked:
        return None
    for r in [*(r for f in facets for r in f.records), *others()]:
        named = _product_versions((r.scope or {}).get("en", ""))
        for product, version in asked:
            same = [v for p, v in named if p == product]
            if same and version not in same and version < max(same):
                return r
    return None


def bars_phi(record: Requirement) -> bool:
    """Does `record` forbid PHI in its service as a whole, no product edition named ("Do not use AWS X-Ray to store or
    process PHI", "Ensure PHI does not flow into CloudWatch Events"; not "Do not use SQL Server Express")? It answers
    a question putting PHI in the service with no, one using the service in a PHI workload with "yes, with no PHI in
    the service itself"."""
    return record.forbids and record.topic == ELIGIBILITY and not editions(said(record))
