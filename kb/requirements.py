"""The requirement catalog: every obligation of the guidance as one reviewed, cited record.

A record (`data/requirements/*.yaml`, schema in data/requirements/README.md) holds the team's one-line
statement in English, Korean and Chinese (a summary, shown as such, never as a quote) and the verbatim
evidence spans that state it in every edition that has it. Answers, `kb cite`, `kb review`, the
Browse page and the Slack bot all quote through these records.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.datafile import read
from kb.spans import parse_span_id

LANGS = ("en", "ko", "zh")
TOPICS = ("encryption-at-rest", "encryption-in-transit", "logging", "access", "backup", "patching", "disposal",
          "no-phi-in-metadata", "eligibility", "other")
STRENGTHS = ("must", "should", "may", "fact")
_ID = r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
_TEXT = {"type": "string", "minLength": 3}
_TRILINGUAL = {"type": "object", "required": list(LANGS), "additionalProperties": False,
               "properties": {lang: _TEXT for lang in LANGS}}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["requirements"],
    "additionalProperties": False,
    "properties": {"requirements": {"type": "array", "items": {
        "type": "object",
        "required": ["id", "section", "topic", "strength", "statement", "evidence"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": _ID},
            "section": {"type": "string", "minLength": 1},
            "topic": {"enum": list(TOPICS)},
            "strength": {"enum": list(STRENGTHS)},
            "statement": _TRILINGUAL,
            "evidence": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["span", "quote"], "additionalProperties": False,
                "properties": {"span": {"type": "string", "pattern": r"^[A-Za-z0-9_.-]+:\d+-\d+$"},
                               "quote": {"type": "string", "minLength": 1}}}},
            "scope": _TRILINGUAL,
            "config_rules": {"type": "array", "items": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"}},
            "missing": {"type": "array", "items": {"type": "string"}},
            "garbled": {"type": "array", "items": {"type": "string"}},
            "note": {"type": "string"},
            "named_only": {"type": "boolean"},
            "describes": {"type": "boolean"},
        },
        "dependentRequired": {"missing": ["note"], "garbled": ["note"]},
    }}},
}


@dataclass(frozen=True)
class Evidence:
    """One verbatim span stating a record: `quote == text[start:end]` of document `doc_id`."""

    span: str  # "<doc_id>:<start>-<end>"
    quote: str

    @property
    def doc_id(self) -> str:
        return parse_span_id(self.span)[0]


# The team's English statements say so in these words (data/requirements/README.md: statements are reviewed).
_BAA_REQUIRES = re.compile(r"\b(?:that|as) the AWS BAA requires\b")  # "... can be used for the audit logging
# that the AWS BAA requires" (CloudTrail)
_REMOVES = re.compile(r"(?:(?:disable|deactivate|delete|remove|revoke|lock)(?:,| and| or)? )*"
                      r"(?:disable|deactivate|delete|remove|revoke)\b", re.I)  # (Requirement.removes)
_ALTERNATIVE = re.compile(r"alternatively\b|if you do(?: not|n't) use\b", re.I)  # (Requirement.alternative)
_NOT_REQUIRED = re.compile(r"\bno longer requires?\b|\bnot required\b|\bneeds? no\b|\bdoes not need\b|"
                           r"\bneed not\b|\bno (?:other|additional|extra|further|special) (?:configuration|setting)|"
                           r"\bwithout (?:any )?(?:other|additional|further) configuration", re.I)


def _no_data(negation: str, verbs: str, determiner: str = "") -> re.Pattern[str]:
    """A statement that the service does not (`negation`) handle data itself: `negation`, optionally "by itself",
    "directly" ..., then one or more of `verbs` ("store, process or transmit"), then PHI, data or customer content."""
    return re.compile(rf"\b(?:{negation})\b(?: (?:by itself|itself|directly|be used to))*"
                      rf" (?:(?:{verbs})(?:,? or|,|,? and) )*(?:{verbs}) {determiner}"
                      r"(?:PHI|data|customer content|user data)\b", re.I)


# "cannot store or transmit data", "cannot by itself store or transmit PHI": the service cannot hold data (not "itself
# does not store ... PHI" of a service that moves data into one that does: AWS Transfer for SFTP)
_HOLDS_NO_DATA = _no_data("cannot|can not|should not", "produce|process|contain|store|transmit|encounter", "(?:any )?")
# ("Amazon GuardDuty should not encounter PHI": it analyses logs that hold none, so no PHI is sent to it)
# "does not retain or store any data", "itself does not store, process or transmit PHI", "cannot store or transmit
# data": the service itself keeps no data (answers "Does AWS Transfer for SFTP store PHI itself?" with no)
_KEEPS_NO_DATA = _no_data("does not|cannot|can not|should not",
                          "produce|process|contain|store|transmit|retain|keep|encounter", "(?:any )?")
# ("Amazon GuardDuty should not encounter PHI": it analyses logs holding none)
# "Route 53 can still provide access to the resources that transmit or store PHI": the service works on the resources
# that hold PHI (routes to, discovers or monitors them), not on PHI itself
_SERVES_HOLDERS = re.compile(r"\bthe resources that (?:\w+ )?(?:transmit|store|process|hold)\b", re.I)
# what the service does itself, said affirmatively in a statement's first clause ("Amazon CloudWatch Logs encrypts log
# data in transit and at rest, so ...", "... volumes are encrypted"): answers "Is it encrypted?" with yes
_ENCRYPTS = re.compile(r"\b(?:encrypts|(?:is|are) (?:then |always |automatically )?encrypted)\b|"
                       r"\bautomatically uses (?:HTTPS|TLS|SSL)\b", re.I)  # ("API Gateway automatically uses HTTPS
# endpoints for encryption in transit": "do we need tls on api gateway endpoints?" is yes, by its own record)
_ENCRYPTS_NOT = re.compile(r"\b(?:does|do) not (?:\w+ ){0,2}encrypt\b|\b(?:is|are) not (?:\w+ )?encrypted\b", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|unless|only|without)\b|n't\b", re.I)
_CONDITION = re.compile(r"\b(?:if|when|once)\b|\brunning with encryption\b|\bwith [\w ]{0,30}encryption\b[^,]*,|"
                        r"\b(?:of|for) (?:an )?encrypted\b", re.I)
PROHIBITION = ("do not", "don't", "never", "avoid", "keep phi out of", "ensure phi does not",
               "ensure that phi does not")  # how the team's English statements forbid,
# at their start or after a leading condition ("When an Amazon S3 event triggers an AWS Lambda function, keep PHI out of
# the object name passed to Lambda")
_FORBIDS = re.compile(r"^(?:(?:when|if|for|in|as with)\b[^;:]*?,\s*)?(?:" + "|".join(map(re.escape, PROHIBITION))
                      + r")\b")  # (or after what it agrees with: "As with the Amazon ECS guidance, do not put PHI ...")
_IN_THE_CLOUD = re.compile(r"\bin the (?:AWS )?cloud\b", re.I)  # what a service does in the cloud only
_CHOICE = re.compile(r"\byou (?:can |may )?choose\b", re.I)  # a fact leaving a choice to the customer
_USED_FOR = re.compile(r"\bcan be used (?:to|for)\b", re.I)  # what a service is used for (Requirement.used_for)
_UNLESS = re.compile(r"\bunless\b|\bexcept (?:when|if)\b", re.I)
_DONE_FOR_YOU = re.compile(r"\bautomatic(?:ally)?\b|\bby default\b|\balways\b", re.I)
# ... or what the default is ("clusters created from the CLI or console default to TLS", "the default vault is
# encrypted")
_DEFAULT_SAID = re.compile(r"\bdefaults? to\b|\bthe default \w+ (?:is|are)\b", re.I)
# ... and what is off unless turned on ("TLS is not used by default", "By default, EMR instances do not encrypt data at
# rest"): nothing done for you
_OFF_BY_DEFAULT = re.compile(r"\bnot (?:\w+ ){0,3}by default\b|\b(?:off|disabled) by default\b|"
                             r"\bby default\b[^.;]{0,60}\b(?:do|does|is|are) not\b", re.I)


@dataclass(frozen=True)
class Requirement:
    """One obligation (or fact the guidance states) of one catalog section.

    statement/scope: the team's wording per language ("en", "ko", "zh"); strength: must | should |
    may | fact; config_rules: AWS Config managed rules that check the same setting in an account.
    """

    id: str
    section: str
    topic: str
    strength: str
    statement: dict[str, str]
    evidence: tuple[Evidence, ...]
    scope: dict[str, str] | None = None
    config_rules: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # editions whose section lacks this statement (with a reviewer's note)
    garbled: tuple[str, ...] = ()  # documents whose evidence sentence lost the words that carry its meaning (with a
    # reviewer's note): quoted only when no other edition has evidence (kb/quotes.py)
    note: str | None = None
    file: str = ""
    line: int = 0
    named_only: bool = False  # a dated source's record where the whitepaper speaks: listed only for a question
    # naming its document (RequirementCatalog.reserved)
    describes: bool = False  # what the service is or does, no obligation: listed only for a question asking what it
    # does or what it can be used for, or setting services against each other (Analysis.does;
    # RequirementCatalog.reserved), never as how to protect PHI in it

    def says(self, lang: str) -> str:
        """The statement in `lang` (English for any other language)."""
        return self.statement.get(lang) or self.statement["en"]

    @property
    def not_required(self) -> bool:
        """A statement of fact that something is not required or needs no setting ("needs no additional
        configuration", "no longer requires Dedicated Instances"): it answers a "must we?" with no."""
        return self.strength == "fact" and bool(_NOT_REQUIRED.search(self.statement["en"])) \
            and not _UNLESS.search(self.statement["en"])  # "no additional configuration unless the logs contain PHI"

    @property
    def baa_requires(self) -> bool:
        """A statement of fact naming what the AWS BAA requires, which the record's section is for ("AWS CloudTrail
        ... can be used for the audit logging that the AWS BAA requires"): it answers "must we (turn it on)?" about
        the section or the topic with yes, as the BAA's obligation, beside the section's weaker wording."""
        return self.strength == "fact" and bool(_BAA_REQUIRES.search(self.statement["en"]))

    @property
    def alternative(self) -> bool:
        """A way offered instead of another: the English statement opens "Alternatively," or "If you do not use ..."
        ("Alternatively, encrypt data before storing it on Amazon FSx"); an answer lists it after the other records of
        its topic, not before the one it is the alternative to."""
        return bool(_ALTERNATIVE.match(self.statement["en"]))

    @property
    def removes(self) -> bool:
        """Does the English statement tell to delete, remove, disable or revoke something ("Disable and delete the
        root user's access keys before you start using new IAM users")? It answers "must we keep it?" with no."""
        return bool(_REMOVES.match(self.statement["en"]))

    @property
    def holds_no_data(self) -> bool:
        """A statement of fact that the service cannot store or transmit data itself ("Amazon SWF coordinates
        workflows and cannot store or transmit data"): it answers "may we pass PHI through it?" with no."""
        return self.strength == "fact" and bool(_HOLDS_NO_DATA.search(self.statement["en"]))

    @property
    def only_beside_phi(self) -> bool:
        """A prohibition on PHI in the service's own names or tags that says the service works on the resources that
        hold PHI, not on PHI ("Do not store PHI in Route 53 resource names or tags ...; Route 53 can still provide
        access to the resources that transmit or store PHI"): it answers "Can Route 53 store PHI?" with no."""
        return self.forbids and bool(_SERVES_HOLDERS.search(self.statement["en"]))

    @property
    def keeps_no_data(self) -> bool:
        """A statement of fact that the service itself keeps, stores or processes no data (wider than
        holds_no_data: AWS Transfer for SFTP stores none itself but moves data into S3)."""
        return self.strength == "fact" and bool(_KEEPS_NO_DATA.search(self.statement["en"]))

    @property
    def encrypts(self) -> bool:
        """A statement of fact whose first clause says, with no condition or negation, that the service
        encrypts (or that something is encrypted): it answers "Is it encrypted?" with yes."""
        first = self._first_clause
        return self.strength == "fact" and bool(_ENCRYPTS.search(first)) and not _NEGATION.search(first)

    @property
    def _first_clause(self) -> str:
        """The English statement's first clause (up to ";", ":" or ", so/and/but/which")."""
        return re.split(r"[;:]|,\s*(?:so|and|but|which)\b", self.statement["en"])[0]

    @property
    def doer(self) -> str:
        """The words of the English statement's first clause before its verb: who the record says does it ("Amazon
        Kinesis Data Streams" of "Amazon Kinesis Data Streams encrypts the data at rest ...")."""
        return re.split(r"\b(?:encrypts|is|are)\b", self._first_clause, maxsplit=1)[0]

    @property
    def encrypts_not(self) -> bool:
        """A statement of fact whose first clause says the service does not encrypt (the data) itself ("AWS
        Organizations does not encrypt customer content itself, but the underlying services ... encrypt"; not what is
        off by default): it answers "Does it encrypt our data?" with no."""
        return self.strength == "fact" and bool(_ENCRYPTS_NOT.search(self._first_clause)) and not self.off_by_default

    @property
    def encrypts_backups(self) -> bool:
        """One clause of the statement says, with no negation, that backups are encrypted ("...; storage,
        automated backups, read replicas and snapshots of an encrypted instance are then encrypted")."""
        return any(re.search(r"\bbackups?\b", c, re.I) and _ENCRYPTS.search(c) and not _NEGATION.search(c)
                   for c in self.statement["en"].split(";"))

    @property
    def encrypts_if(self) -> bool:
        """`encrypts`, on a condition its first clause names ("On Aurora instances running with encryption, ...
        backups are encrypted", "when encryption is enabled")."""
        clauses = self.statement["en"].split(";")
        said = [c for c in clauses if _ENCRYPTS.search(c)] or clauses
        return bool(_CONDITION.search(said[0]))

    @property
    def forbids(self) -> bool:
        """Does the English statement forbid something (PROHIBITION, at its start or after a leading condition)? "If
        you do not use SQS server-side encryption, encrypt the payload" forbids nothing."""
        return bool(_FORBIDS.match(self.statement["en"].lower()))

    @property
    def used_for(self) -> bool:
        """A statement of fact that the service can be used for something ("AWS CloudTrail ... can be used for the audit
        logging that the AWS BAA requires", "Amazon Athena can be used to process data containing PHI"): "Can we use
        it for that?" is "Yes." by it."""
        return self.strength == "fact" and bool(_USED_FOR.search(self.statement["en"]))

    @property
    def excepted(self) -> bool:
        """Does a prohibition name its exception ("If logs contain PHI, do not write them to log files unless disk
        encryption is enabled")? A "may we?" it decides is allowed on that condition, not refused outright."""
        return self.forbids and bool(_UNLESS.search(self.statement["en"]))

    @property
    def offers(self) -> bool:
        """Does the record offer an option: strength "may", or a fact leaving the choice to the customer ("you choose
        which KMS key encrypts each volume key")? "Can we pick our own KMS key for EBS?" is "Yes." by it."""
        return self.strength == "may" or (self.strength == "fact" and bool(_CHOICE.search(self.statement["en"])))

    @property
    def in_the_cloud(self) -> bool:
        """Does the English statement say where: in the cloud ("AWS IoT Greengrass data is encrypted at rest in the
        cloud")? It says nothing then of what is kept on a device (Analysis.local)."""
        return bool(_IN_THE_CLOUD.search(self.statement["en"]))

    @property
    def done_for_you(self) -> bool:
        """A statement of fact that the service does it itself ("automatically", "by default", "always"),
        or that it is not required: a "must we?" is not decided by the rule for every service then."""
        return self.not_required or (self.strength == "fact" and bool(_DONE_FOR_YOU.search(self.statement["en"]))
                                     and not self.off_by_default)  # (not "default to TLS, which you can change")

    @property
    def encrypts_itself(self) -> bool:
        """`encrypts` on no condition ("Amazon ECR ... stores them encrypted at rest", not "for encrypted instances,
        logs are encrypted"): the topic's rule is met by the service, so an answer does not add it."""
        return self.encrypts and not self.encrypts_if

    @property
    def meets_rule(self) -> bool:
        """Does the service meet the topic's rule for every service itself, or is it not required (`done_for_you`:
        "encrypted automatically"; `encrypts_itself`: "ECR stores images encrypted")? An answer then adds no rule."""
        return self.done_for_you or self.encrypts_itself

    @property
    def says_default(self) -> bool:
        """Does the English statement say what happens automatically, by default or always ("new clusters accept
        only TLS connections by default"), whatever the record's strength (not what is off by default)?"""
        return bool(_DONE_FOR_YOU.search(self.statement["en"]) or _DEFAULT_SAID.search(self.statement["en"])) \
            and not self.off_by_default

    @property
    def off_by_default(self) -> bool:
        """Does the English statement say something is off unless turned on ("TLS is not used by default", "By
        default, Amazon EMR instances do not encrypt data at rest")?"""
        return bool(_OFF_BY_DEFAULT.search(self.statement["en"]))

    def evidence_in(self, doc_ids: list[str] | tuple[str, ...]) -> list[Evidence]:
        return [e for e in self.evidence if e.doc_id in doc_ids]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "section": self.section, "topic": self.topic, "strength": self.strength,
                "statement": self.statement, "scope": self.scope, "config_rules": list(self.config_rules),
                "evidence": [{"span": e.span, "quote": e.quote} for e in self.evidence]}


@dataclass
class RequirementCatalog:
    """All records, with lookups by id, section and evidence span. Read-only after load: shared
    safely across threads.

    `records` are the ones answers, reviews and Browse use; `reserved` are the `named_only` ones (the 2016
    paper's advice inside a whitepaper service section: "EMR 노드 간 트래픽은 추가 보호가 필요 없다"), which
    only a question naming their document gets, and the `describes` ones (what a service does: "GuardDuty is a
    managed threat detection service"), which only a question asking what it does gets (kb/facets.py
    `Planner.plan`); `get` (an answer's record ids) and `by_span` (`kb requirements --coverage`: their evidence is
    cited) know both."""

    records: list[Requirement] = field(default_factory=list)
    reserved: list[Requirement] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in (*self.records, *self.reserved)}
        self.by_section: dict[str, list[Requirement]] = {}
        self.by_span: dict[str, list[Requirement]] = {}
        self._order: dict[str, int] = {}  # record id -> its place in file order (`of`)
        for i, r in enumerate(self.records):
            self.by_section.setdefault(r.section, []).append(r)
            self._order[r.id] = i
        for r in (*self.records, *self.reserved):
            for e in r.evidence:
                self.by_span.setdefault(e.span, []).append(r)

    def __iter__(self):
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str) -> Requirement | None:
        return self.by_id.get(record_id)

    def of(self, section_ids: set[str] | list[str]) -> list[Requirement]:
        """Records of these catalog sections, in file order (not the reserved ones)."""
        found = [r for sid in set(section_ids) for r in self.by_section.get(sid, ())]
        return sorted(found, key=lambda r: self._order[r.id]) if len(section_ids) > 1 else found

    @classmethod
    def load(cls, folder: Path, *, sections: set[str] | None = None,
             texts: dict[str, str] | None = None) -> RequirementCatalog:
        """Read every `*.yaml` in `folder` (sorted by name).

        sections: catalog ids a record may name (None: not checked); texts: doc_id -> document text,
        to check every quote verbatim against its span (None: not checked). Raises DataFileError
        naming file, line and field for a schema violation, a duplicate id, an unknown section or
        document, or a quote that differs from its span.
        """
        records: list[Requirement] = []
        seen: dict[str, str] = {}
        for path in sorted(Path(folder).glob("*.yaml")):
            doc = read(path, SCHEMA)
            for i, item in enumerate(doc.data["requirements"]):
                where = ["requirements", i]
                problem = _problem(item, seen, sections, texts)
                if problem:
                    raise doc.fail(where + problem[0], problem[1])
                seen[item["id"]] = str(path)
                records.append(Requirement(
                    id=item["id"], section=item["section"], topic=item["topic"], strength=item["strength"],
                    statement=dict(item["statement"]),
                    evidence=tuple(Evidence(e["span"], e["quote"]) for e in item["evidence"]),
                    scope=dict(item["scope"]) if item.get("scope") else None,
                    config_rules=tuple(item.get("config_rules") or ()), missing=tuple(item.get("missing") or ()),
                    garbled=tuple(item.get("garbled") or ()), note=item.get("note"), file=path.name,
                    line=doc.line(where), named_only=bool(item.get("named_only")),
                    describes=bool(item.get("describes"))))
        return cls([r for r in records if not (r.named_only or r.describes)],
                   [r for r in records if r.named_only or r.describes])


def _problem(item: dict[str, Any], seen: dict[str, str], sections: set[str] | None,
             texts: dict[str, str] | None) -> tuple[list[Any], str] | None:
    """The first check a schema cannot express that `item` fails, as (field path, message)."""
    if item["id"] in seen:
        return ["id"], f"duplicate id {item['id']!r} (also in {seen[item['id']]})"
    if sections is not None and item["section"] not in sections:
        return ["section"], f"unknown catalog section {item['section']!r} (see `python -m kb services`)"
    spans = [e["span"] for e in item["evidence"]]
    if len(set(spans)) != len(spans):
        return ["evidence"], "the same span is listed twice"
    for k, e in enumerate(item["evidence"]):
        try:
            doc_id, start, end = parse_span_id(e["span"])
        except ValueError as exc:
            return ["evidence", k, "span"], str(exc)
        if texts is None:
            continue
        if doc_id not in texts:
            return ["evidence", k, "span"], f"unknown document {doc_id!r}"
        if texts[doc_id][start:end] != e["quote"]:
            found = texts[doc_id].find(e["quote"])
            hint = f" (the quote is at {doc_id}:{found}-{found + len(e['quote'])})" if found >= 0 else ""
            return ["evidence", k, "quote"], f"not the verbatim text of {e['span']}{hint}"
    return None


def strength_of(text: str) -> str:
    """A first guess at a sentence's strength from its wording (for drafting records only)."""
    if re.search(r"must|해야|마십시오|안 ?됩니다|必須|必须|請勿|不得|只能", text, re.I):
        return "must"
    if re.search(r"should|권장|좋습니다|應|应|建議|建议", text, re.I):
        return "should"
    return "fact"
