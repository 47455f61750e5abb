"""The service catalog (data/services.yaml, fields in its header comment): ids, names in three languages,
aliases, coverage."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kb.datafile import DataFile, read
from kb.errors import CatalogError, CatalogFileError
from kb.lang import fold_chinese

GENERAL = "general"
_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$", "description": "lowercase letters, digits and dashes"}
_IDS = {"type": "array", "items": _ID}
_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_LANGS = ("en", "ko", "zh")
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["services"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "services": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "kind", "parent", "covered", "order", "names", "headings", "aliases"],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "kind": {"enum": ["service", "subsection", GENERAL]},
                "parent": {"type": ["string", "null"]},
                "covered": {"type": "boolean"},
                "order": {"type": ["integer", "null"], "minimum": 1},
                "names": {"type": "object", "required": ["en"], "additionalProperties": False,
                          "properties": {lang: {"type": "string", "minLength": 1} for lang in _LANGS}},
                "headings": {"type": "object", "additionalProperties": False,
                             "properties": {lang: _STRINGS for lang in _LANGS}},
                "aliases": _STRINGS,
                "see_also": _IDS,
                "formerly": _IDS,
                "not_named_by": _STRINGS,
                "named_in": {"type": "object", "required": ["words", "when"], "additionalProperties": False,
                             "properties": {"words": _STRINGS, "when": {"type": "string", "minLength": 1}}},
                "subjects": _STRINGS,
                "engines": _STRINGS,
            },
        }},
        "families": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "aliases", "members"],
            "additionalProperties": False,
            "properties": {"id": _ID, "aliases": _STRINGS, "members": {**_IDS, "minItems": 1}},
        }},
        "kinds": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "words", "members"],
            "additionalProperties": False,
            "properties": {"id": _ID, "words": _STRINGS, "members": {**_IDS, "minItems": 1}},
        }},
    },
}


_CJK = re.compile(r"[\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff]")
# what joins a family name to a member's own name in one name: "RDS for PostgreSQL", "RDS PostgreSQL",
# "PostgreSQL용 RDS"
_JOINED = re.compile(r"\s*(?:for\s+|용\s*|-\s*)?")
_VENDOR_AND_PARENS = re.compile(r"^(?:Amazon|AWS) |\s*\(.*\)$")  # "Amazon " / "AWS " and "(Amazon S3)" of a name
_LONE_NAME = re.compile(r"(?i)(?:(?:and|or|so|then|also|what about|how about|那麼|那么|那|그럼|그러면)\s*)?"
                        r"([a-z]+(?: [a-z]+){0,3}?)\s*(?:too|then|呢|는요|은요|도요|는|은|도)?\s*[?.!？]*")
# a question that is one name, a connector aside ("and pinpoint?", "那 pinpoint 呢?"): a follow-up naming the service
_VERSUS_AFTER = re.compile(r"\s*(?:vs\.?|versus)\s+\w", re.I)  # a short name compared with another ("Config vs ...")
_VERSUS_BEFORE = re.compile(r"\b(?:vs\.?|versus)\s*$", re.I)  # ("... CloudTrail vs Config")
_LISTED_AFTER = re.compile(r"\s*(?:,|&|\+|/|\band\b|\bor\b)\s*", re.I)  # what lists a short name with the next
_LISTED_BEFORE = re.compile(r"\s*(?:&|\+|/|,|\band\b|\bor\b|\bvs\.?|\bversus\b)\s*$", re.I)  # ... with the one before
# a capitalised word or acronym right before a short name, not AWS's own: the short name ends another product's
# name ("Azure AD Connect", "Google Translate", "Microsoft Forecast"), unless that word opens the sentence and asks or
# joins (_OPENER)
_OTHER_VENDOR_BEFORE = re.compile(r"(?:^|[\s(\"'])(?!(?:AWS|Amazon)\s$)[A-Z][A-Za-z0-9-]*\s$")
_OPENER = re.compile(r"(?i)is|are|was|were|can|could|does|do|did|should|would|will|shall|has|have|had|may|might|must|"
                     r"what|how|why|which|where|when|who|use|using|and|or|so|but|then|also|the|a|an|our|we|my|any|if|"
                     r"with|for|in|on|to|tell|ok|okay|hi|hey|please|besides")  # (a sentence's first word before
# a short name asks or joins, it names no other product: "Is Config ok?", "Can Translate handle PHI?")
_WORD_AFTER = re.compile(r"\s*[A-Za-z0-9]")  # a word after a name: what it qualifies ("glue jobs"), or a sentence
_ACRONYM = re.compile(r"[A-Z0-9]{2,6}[s,.?!;:]*$")  # "SMS", "APIs", "ETL," (a word of capitals: no title word)
_THROUGH_BEFORE = re.compile(r"\b(?:via|thru|through|over|using)\s*$", re.I)  # what a thing is done through ("by
# SMS thru pinpoint"), a short name in lower case after it naming the service unless it qualifies the word after it
_ABOUT_BEFORE = re.compile(r"\b(?:what|how)\s+about\s*$", re.I)  # ... or what a follow-up turns to ("ok and what
# about pinpoint for analytics / engagement campaigns?": trial 67n WRONG, answered of SNS, the conversation's)
_QUALIFIES = re.compile(r"\s*(?!(?:for|to|on|in|into|and|or|with|from|so|but|if|when|is|are|sms|email|push|apis?|"
                        r"sdk)\b)[a-z0-9]")  # ("using forecast data" is data, "via pinpoint sms" the service)


def norm(text: str) -> str:
    """Case-folded, width-folded, script-folded (Traditional Chinese to Simplified, kb.lang.fold_chinese),
    whitespace-collapsed form used for name, alias and term matching: a key, never shown."""
    text = fold_chinese(unicodedata.normalize("NFKC", text).casefold())
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Section:
    """One catalog entry (data/services.yaml), a section of the guidance in the project's one sense:
    `kind` "service" (a whitepaper service section, or an AWS service the whitepaper does not cover:
    covered=False), "subsection" (a part of a service's section, e.g. its encryption at rest) or
    "general" (a chapter that holds for every service: the BAA, IAM, logging, backups)."""

    id: str
    kind: str  # service | subsection | general
    parent: str | None
    covered: bool
    order: int | None
    names: dict[str, str]
    headings: dict[str, list[str]]
    aliases: tuple[str, ...]
    see_also: tuple[str, ...] = ()
    not_named_by: tuple[str, ...] = ()  # phrases holding a label of it that name something else ("EMR system")
    subjects: tuple[str, ...] = ()  # what it speaks of, naming it as aliases do ("network segmentation": Amazon VPC)
    engines: tuple[str, ...] = ()  # aliases naming the software it runs ("Kubernetes": EKS), which also runs elsewhere
    formerly: tuple[str, ...] = ()  # entries the documents give as its former name (EventBridge: CloudWatch Events)
    named_in: tuple[tuple[str, ...], str] | None = None  # words naming it only in a text `when` matches ("SMS" in a
    # question about moving VMs: AWS Server Migration Service)

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names.get("en") or self.id

    @cached_property
    def subject_keys(self) -> frozenset[str]:
        """`subjects`, norm()ed as mentions are (computed once per entry)."""
        return frozenset(norm(x) for x in self.subjects)

    @cached_property
    def engine_keys(self) -> frozenset[str]:
        """`engines`, norm()ed as mentions are (computed once per entry)."""
        return frozenset(norm(x) for x in self.engines)

    def labels(self, subjects: bool = True) -> list[str]:
        """Every string that names this entry: id, names in each language, headings, aliases and (with `subjects`)
        the subjects it speaks of. Without them: the strings that name the entry itself, which say nothing of what a
        question asks of it ("How should we segment our network?" asks of segmentation; "VPC" only names it)."""
        out = [self.id, *self.names.values(), *self.aliases, *(self.subjects if subjects else ())]
        for heads in self.headings.values():
            out.extend(heads)
        return [s for s in out if s]

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "parent": self.parent, "covered": self.covered,
                "order": self.order, "names": self.names, "aliases": list(self.aliases),
                "see_also": list(self.see_also)}


@dataclass(frozen=True)
class Family:
    """A name that covers several whitepaper sections at once ("RDS" = the five RDS engine
    sections): in a question it names every member."""

    id: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    """A kind of service a follow-up may name instead of the service ("the database": Aurora, the RDS engines,
    DynamoDB, ...): it names the conversation's services of that kind, never every member."""

    id: str
    words: tuple[str, ...]
    members: tuple[str, ...]


@dataclass
class Catalog:
    """Lookup over the catalog entries."""

    services: list[Section]
    families: list[Family] = field(default_factory=list)
    kinds: list[Kind] = field(default_factory=list)
    _by_id: dict[str, Section] = field(init=False, repr=False)
    _pattern_cache: dict[int, re.Pattern[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {s.id: s for s in self.services}
        self._pattern_cache = {}  # label order -> its compiled pattern (_label_matches)

    @classmethod
    def load(cls, path: Path) -> Catalog:
        """Read and validate the catalog at `path` (SCHEMA; every `parent`, `see_also` and family member an
        id of an entry, ids unique, no entry its own ancestor). Raises CatalogFileError (a CatalogError and a
        DataFileError) naming the file, line and field."""
        doc = read(path, SCHEMA, CatalogFileError)
        items, families = doc.data["services"], doc.data.get("families") or []
        kinds = doc.data.get("kinds") or []
        ids = doc.unique(["services"])
        for key, listed in (("families", families), ("kinds", kinds)):
            if listed:
                doc.unique([key])
        what, fix = "the id of an entry under `services:`", "correct it or add that entry"
        for i, item in enumerate(items):
            for key in ("parent", "see_also", "formerly"):
                if key in item:
                    doc.refer(["services", i, key], ids, what, fix)
            _no_cycle(doc, items, ids, i)
            labels = [norm(lab) for lab in _entry(item).labels()]
            for j, phrase in enumerate(item.get("not_named_by") or ()):
                if not any(lab in norm(phrase) for lab in labels):
                    raise doc.fail(["services", i, "not_named_by", j], f"{phrase!r} holds no label of {item['id']}",
                                   "write a phrase that holds one of its names or aliases, or drop it")
            if "named_in" in item:
                try:
                    re.compile(item["named_in"]["when"])
                except re.error as err:
                    raise doc.fail(["services", i, "named_in", "when"], f"not a regular expression: {err}",
                                   "write a Python regular expression") from None
            for j, engine in enumerate(item.get("engines") or ()):
                if engine not in item["aliases"]:
                    raise doc.fail(["services", i, "engines", j], f"{engine!r} is no alias of {item['id']}",
                                   "add it to the entry's aliases too, or drop it")
        for i in range(len(families)):
            doc.refer(["families", i, "members"], ids, what, fix)
        for i in range(len(kinds)):
            doc.refer(["kinds", i, "members"], ids, what, fix)
        return cls([_entry(item) for item in items],
                   [Family(id=f["id"], aliases=tuple(f["aliases"]), members=tuple(f["members"])) for f in families],
                   [Kind(id=k["id"], words=tuple(k["words"]), members=tuple(k["members"])) for k in kinds])

    def __iter__(self):
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)

    def get(self, service_id: str) -> Section | None:
        return self._by_id.get(service_id)

    def top(self, service_id: str) -> Section:
        """The top-level entry above `service_id` (itself when it has no parent)."""
        entry = self._by_id[service_id]
        while entry.parent:
            entry = self._by_id[entry.parent]
        return entry

    def named_after(self, section: Section) -> Section | None:
        """The covered service whose name `section`'s English name starts with, a word or more shorter ("Amazon S3
        Transfer Acceleration", "Amazon S3 Glacier": Amazon S3; "AWS Snowball Edge": AWS Snowball; "Amazon Comprehend
        Medical": Amazon Comprehend), by one of that service's labels: what the section is a feature or variant of,
        whose rules it shares (a family's name, "RDS", is no service's; "Glue" is no label of AWS Glue, only its short
        name); None when there is none."""
        own = norm(_VENDOR_AND_PARENS.sub("", section.name("en")))
        for cut in (m.start() for m in reversed(list(re.finditer(" ", own)))):
            hosts = [e for e in self._mention_labels.get(own[:cut], ()) if e != section.id]
            host = self._by_id[hosts[0]] if len(hosts) == 1 else None
            if host is not None and host.kind == "service" and host.covered:
                return host
        return None

    def chunk_service_id(self, section_id: str | None) -> str:
        """The `service_id` a chunk under catalog entry `section_id` carries: the top-level
        service, or "general" for general sections."""
        if section_id is None or section_id not in self._by_id:
            return GENERAL
        top = self.top(section_id)
        return GENERAL if top.kind == GENERAL else top.id

    def children(self, service_id: str) -> list[Section]:
        return [s for s in self.services if s.parent == service_id]

    def descendants(self, service_id: str) -> set[str]:
        out = {service_id}
        frontier = [service_id]
        while frontier:
            current = frontier.pop()
            for child in self.children(current):
                if child.id not in out:
                    out.add(child.id)
                    frontier.append(child.id)
        return out

    def whitepaper_services(self) -> list[Section]:
        """The services with a section of their own in the HIPAA whitepaper, in topic-list order."""
        return sorted((s for s in self.services if s.kind == "service" and s.order),
                      key=lambda s: s.order or 0)

    @cached_property
    def _labels(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for s in self.services:
            for label in s.labels():
                ids = table.setdefault(norm(label), [])
                if s.id not in ids:
                    ids.append(s.id)
        return table

    def resolve(self, name: str) -> Section | None:
        """The entry a user means by `name` (an id, a name in any language, a heading or an alias)."""
        ids = self._labels.get(norm(name))
        return self._by_id[ids[0]] if ids else None

    def require(self, name: str) -> Section:
        entry = self.resolve(name)
        if entry is None:
            near = ", ".join(s.id for s in self.suggest(name))
            hint = f" Did you mean: {near}?" if near else ""
            raise CatalogError(f"Unknown service {name!r}.{hint} `python -m kb services` lists them.")
        return entry

    def family_members(self, name: str) -> list[Section]:
        """The members of the family `name` is the id or an alias of ("rds", "Amazon RDS"); [] if none."""
        key = norm(name)
        for fam in self.families:
            if key == norm(fam.id) or key in (norm(a) for a in fam.aliases):
                return [self._by_id[m] for m in fam.members if m in self._by_id]
        return []

    def kinds_in(self, text: str) -> tuple[frozenset[str], list[str]]:
        """(the ids of the members of every kind of service, services.yaml `kinds`, `text` names by one of its words,
        those words): "and for the database?", "DB는요?", "資料庫呢？"; ASCII words whole, others as substrings,
        script-folded and case-insensitive."""
        key = norm(text)
        named = [(k, w) for k, w, pattern in self._kind_words if pattern.search(key)]
        return frozenset(m for k, _ in named for m in k.members), [w for _, w in named]

    @cached_property
    def _kind_words(self) -> list[tuple[Kind, str, re.Pattern[str]]]:
        """(kind, word, its pattern over norm()ed text) for every word of `kinds`, compiled once (the same value
        whichever thread computes it first)."""
        return [(k, w, re.compile(r"(?<![0-9a-z])" + re.escape(norm(w)) + r"(?![0-9a-z])" if norm(w).isascii()
                                  else re.escape(norm(w)))) for k in self.kinds for w in k.words]

    def suggest(self, name: str, limit: int = 5) -> list[Section]:
        """Catalog entries whose labels look most like `name` (for "did you mean")."""
        import difflib

        key = norm(name)
        scored: dict[str, float] = {}
        for label, ids in self._labels.items():
            ratio = difflib.SequenceMatcher(None, key, label).ratio()
            if key and (key in label or label in key):
                ratio = max(ratio, 0.8)
            for sid in ids:
                scored[sid] = max(scored.get(sid, 0.0), ratio)
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        return [self._by_id[sid] for sid, score in ranked[:limit] if score >= 0.5]

    @cached_property
    def _mention_labels(self) -> dict[str, list[str]]:
        # Subsection and general-section names are ordinary words ("인증", "관리", "Audit"): in running
        # text only their aliases (and the subjects they speak of) count as naming them. Ids are for commands, not
        # prose ("forecast").
        table: dict[str, list[str]] = {}
        for s in self.services:
            labels = [lab for lab in s.labels() if lab != s.id] if s.kind == "service" else [*s.aliases, *s.subjects]
            for label in labels:
                ids = table.setdefault(norm(label), [])
                if s.id not in ids:
                    ids.append(s.id)
        for fam in self.families:
            for label in fam.aliases:
                table.setdefault(norm(label), list(fam.members))
        return table

    @cached_property
    def _named_in(self) -> list[tuple[re.Pattern[str], str, re.Pattern[str]]]:
        """(the norm()ed word as a whole word, a Korean particle may follow: "SMS랑"; entry id; the pattern a text
        naming it so matches) for every entry's `named_in`."""
        return [(re.compile(rf"(?<![a-z0-9-]){re.escape(norm(word))}(?![a-z0-9-])"), s.id,
                 re.compile(s.named_in[1], re.I)) for s in self.services if s.named_in for word in s.named_in[0]]

    @cached_property
    def _not_named(self) -> list[tuple[str, str]]:
        """(norm()ed phrase, entry id) for every entry's `not_named_by`."""
        return [(norm(phrase), s.id) for s in self.services for phrase in s.not_named_by]

    @cached_property
    def _unspaced(self) -> dict[str, str]:
        """A Korean or Chinese label without its spaces -> the label."""
        return {lab.replace(" ", ""): lab for lab in self._mention_labels if _CJK.search(lab) and " " in lab}

    @cached_property
    def _mention_parts(self) -> list[tuple[tuple[str, ...], str]]:
        """(the pieces a text must hold for the label to match in it, its pattern) per label, longest label first:
        an English label itself (its plural adds to it), a Korean or Chinese one each of its space-separated pieces
        (its spaces are optional)."""
        labels = sorted((lab for lab in self._mention_labels if len(lab) >= 2), key=len, reverse=True)
        parts = []
        for lab in labels:
            esc = re.escape(lab)
            if _CJK.search(lab):  # Korean and Chinese are often written without the label's spaces ("공동책임모델")
                esc = esc.replace(r"\ ", " ?")
            # ASCII labels must stand alone ("SES" is not inside "services"); CJK ones cannot.
            if lab[0].isascii() and lab[0].isalnum():
                esc = r"(?<![0-9a-z])" + esc
            if lab[-1].isascii() and lab[-1].isalpha() and len(lab) > 3:
                esc = esc + r"(?:e?s)?(?![0-9a-z])"  # a plural names the entry too ("EC2 key pairs")
            elif lab[-1].isascii() and lab[-1].isalnum():
                esc = esc + r"(?![0-9a-z])"
            parts.append((tuple(lab.split(" ")) if _CJK.search(lab) else (lab,), esc))
        return parts

    @cached_property
    def _label_pieces(self) -> tuple[list[tuple[int, str]], list[tuple[int, frozenset[str]]], tuple[str, ...]]:
        """`_mention_parts` orders of the labels of one piece (with it), of several (with the set of them), and
        every piece of the latter once: a plain `in` for the one-piece labels and for each piece, then a set test
        per label (all() over a generator for each of 2,000 labels cost about 4 ms a text; over each of the 740
        labels of several pieces, about 1.5 ms)."""
        parts = self._mention_parts
        several = [(i, frozenset(p)) for i, (p, _) in enumerate(parts) if len(p) > 1]
        return ([(i, p[0]) for i, (p, _) in enumerate(parts) if len(p) == 1], several,
                tuple({piece for _, pieces in several for piece in pieces}))

    def _label_matches(self, key: str) -> list[tuple[int, int, str]]:
        """(start, end, text) of the labels named in `key` (a norm()ed text), left to right, exactly as one
        alternation of every label in `_mention_parts` order would find them (at each position the first label
        that matches there; the scan goes on after it). Only the labels whose pieces `key` holds are tried, each
        with its own pattern, compiled once (a dict: the same value whichever thread stores it first): one
        alternation of all 2,000 labels cost 10-20 ms a record's statement and quotes; this, about 1.5 ms."""
        found: list[tuple[int, int, int, str]] = []  # (start, label order, end, text)
        singles, several, pieces = self._label_pieces
        held = {p for p in pieces if p in key}
        chosen = [i for i, piece in singles if piece in key] + [i for i, need in several if need <= held]
        for i in chosen:
            pattern = self._pattern_cache.get(i)
            if pattern is None:
                pattern = self._pattern_cache[i] = re.compile(f"(?=({self._mention_parts[i][1]}))")  # (overlapping)
            found += [(m.start(), i, m.end(1), m.group(1)) for m in pattern.finditer(key)]
        out: list[tuple[int, int, str]] = []
        end = 0
        for start, _, stop, text in sorted(found):
            if start >= end:
                out.append((start, stop, text))
                end = stop
        return out

    def mentions(self, text: str, families: bool = True) -> list[tuple[Section, int, int]]:
        """Entries named in `text`, longest match first at each position, left to right.

        Offsets refer to norm(text); each match names the entries sharing that label. A family name
        ("RDS") names all its members unless one of them is named too; `families=False` ignores family
        names (a heading "Amazon RDS에서 유휴 데이터 보호" belongs to no one member's section).
        """
        own, family = self.mentions_split(text)
        return merge_mentions(own, family) if families else own

    def mentions_split(self, text: str, short: bool = False
                       ) -> tuple[list[tuple[Section, int, int]], list[tuple[Section, int, int]]]:
        """(entries named by their own labels, entries named by a family name), each left to right, in
        one scan of `text`; `merge_mentions` combines them as `mentions` does. With `short` (a question),
        a service's short name that is also an ordinary English word names it where it reads as a name
        (`short_mentions`)."""
        key = norm(text)
        own: list[tuple[Section, int, int]] = []
        family: list[tuple[Section, int, int]] = []
        for start, end, label in self._label_matches(key):
            if label not in self._mention_labels:  # written without its spaces, or a plural of the label
                label = self._unspaced.get(label.replace(" ", "")) or (
                    label[:-2] if label[:-2] in self._mention_labels else label[:-1])
            into = family if label in self._family_labels else own
            for sid in self._mention_labels[label]:
                into.append((self._by_id[sid], start, end))
        if self._not_named:  # "EMR 시스템", "EMR system": a hospital's electronic medical record system, not Amazon EMR
            named = {entry.id for entry, _, _ in own}  # (only the phrases of the entries the text names)
            spans = [(sid, i, i + len(phrase)) for phrase, sid in self._not_named if sid in named
                     for i in (m.start() for m in re.finditer(re.escape(phrase), key))]
            own = [m for m in own if not any(sid == m[0].id and s <= m[1] and m[2] <= e for sid, s, e in spans)]
        for word, sid, when in self._named_in:  # a word naming it only in such a text ("SMS랑 VM Import" of moving VMs)
            if when.search(key):
                own += [(self._by_id[sid], m.start(), m.end()) for m in word.finditer(key)
                        if not any(s < m.end() and m.start() < e for _, s, e in own + family)]
                own.sort(key=lambda m: m[1])
        # a family name written as part of a member's name names that member only ("前端 ELB、後端 EC2、資料庫用 RDS for
        # PostgreSQL、影像檔放 S3" names four services, not the five RDS engines)
        joined = {(s, e) for entry, s, e in family for o, os_, oe in own
                  if o.id == entry.id and (e <= os_ and _JOINED.fullmatch(key[e:os_])
                                           or oe <= s and _JOINED.fullmatch(key[oe:s]))}
        family = [m for m in family if (m[1], m[2]) not in joined]
        if short:
            named = {e.id for e, _, _ in own + family}
            own += [m for m in self.short_mentions(text) if m[0].id not in named
                    and not any(s < m[2] and m[1] < e for _, s, e in own + family)]
            own.sort(key=lambda m: m[1])
        return own, family

    def short_mentions(self, text: str) -> list[tuple[Section, int, int]]:
        """Services named by their official name without "Amazon"/"AWS" where that short name is an
        ordinary English word ("Forecast", "Translate", "Glue", "Backup"): it names the service only as
        written, capitalised, and either inside Korean or Chinese text ("Forecast에서") or in an English
        sentence neither first nor beside another capitalised word, an acronym aside ("Can we use Translate on
        clinical notes?", "with Pinpoint SMS", not "Protected Health Information"; a sentence's capitalised first
        word does not count: "The Forecast page warns ..."). In any case it names the service where it is all a
        question asks of, a connector aside ("pinpoint?", "and pinpoint?", "what about translate?", "那 pinpoint 呢?",
        "그럼 pinpoint는요?" as a follow-up), and in lower case after "via", "thru", "over" ("by SMS thru pinpoint"),
        not before a word it qualifies ("using forecast data"). Never as the end of another product's name, after a
        capitalised word not opening the sentence as a question does ("Azure AD Connect", "Google Translate").
        Offsets as in `mentions` (whitespace-collapsed text; case and script folding keep lengths)."""
        cased = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
        cjk = bool(_CJK.search(cased))
        lone = self.lone_name(text)  # (its span in `cased`: the same normalisation)
        name = self._short_pattern_folded.fullmatch(cased, *lone) if lone else None
        if name is not None:  # (in any case: its capitalised form)
            return [(self._short_entry(name.group(0)), name.start(), name.end())]
        out = []
        for m in self._short_pattern.finditer(cased):
            before = cased[:m.start()].rstrip()
            previous = before.split()[-1:]
            opening = bool(previous) and re.search(r"(?:^|[.!?]\s+)\S+$", before) is not None
            words = ([] if opening else previous) + cased[m.end():].split()[:1]  # "The Forecast page": "The"
            title = any(w[:1].isupper() and not _ACRONYM.match(w) for w in words)  # "Protected Health Information"
            # is not AWS Health; an acronym beside it is no title word ("Pinpoint SMS", "Translate API")
            compared = bool(_VERSUS_AFTER.match(cased, m.end()) or _VERSUS_BEFORE.search(before))  # ("Config vs
            # CloudTrail for audit logging?": compared with another thing, first in the sentence or not)
            joined = _LISTED_AFTER.match(cased, m.end())  # ... or listed with a service named by its label ("Glue
            # and QuickSight - what encryption do they need?", trial 58f: Glue was not read)
            compared = compared or (joined is not None and any(
                start == 0 and x.kind == "service" for x, start, _ in self.mentions(cased[joined.end():])))
            if _OTHER_VENDOR_BEFORE.search(before + " ") and not compared and not (
                    opening and _OPENER.fullmatch(previous[0].strip("\"'("))):  # another product's name ("Azure AD
                continue  # Connect로 AD 동기화", "Google Translate로 번역"; trial 68b WRONG: Amazon Connect's rules)
            if cjk or compared or (before and before[-1] not in ".!?:;\"'([" and not title):
                out.append((self._by_id[self._short_names[m.group(0)]], m.start(), m.end()))
        # ... and in lower case where it ends a list of services with one named by its label ("cloudtrail + config?",
        # "athena and glue?"; trial 60b: Config was not read), not in front of a word it qualifies ("S3 and glue jobs")
        for m in self._short_pattern_folded.finditer(cased):
            if m.group(0) not in self._short_names and (_THROUGH_BEFORE.search(cased, 0, m.start())
                                                         or _ABOUT_BEFORE.search(cased, 0, m.start())) \
                    and not _QUALIFIES.match(cased, m.end()):  # ("sending visit reminders w/ PHI by SMS thru
                # pinpoint": trial 62a, where Pinpoint came after the DR and BAA chapters)
                out.append((self._short_entry(m.group(0)), m.start(), m.end()))
                continue
            if m.group(0) in self._short_names or _WORD_AFTER.match(cased, m.end()):
                continue
            joined = _LISTED_BEFORE.search(cased, 0, m.start())
            if joined is not None and any(x.kind == "service" and end == joined.start()
                                          for x, _, end in self.mentions(cased[:joined.start()])):
                out.append((self._short_entry(m.group(0)), m.start(), m.end()))
        return sorted(out, key=lambda x: x[1])

    def short_named_at(self, text: str, section_id: str) -> int | None:
        """Where `text` writes the short name of service `section_id` in any case, as a whole word ("glue jdbc
        connections" names AWS Glue once the conversation is about it); None when it does not."""
        for short, sid in self._short_names.items():
            if sid == section_id and (m := re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text, re.I)):
                return m.start()
        return None

    def _short_entry(self, written: str) -> Section:
        """The service a short name names, as written in any case ("pinpoint": Amazon Pinpoint)."""
        return self._by_id[self._short_names[self._short_titled[written.casefold()]]]

    @cached_property
    def _short_names(self) -> dict[str, str]:
        table = {}
        for s in self.services:
            short = _VENDOR_AND_PARENS.sub("", s.name("en"))
            if s.kind == "service" and len(short) >= 2 and norm(short) not in self._mention_labels:
                table[short] = s.id
        return table

    @staticmethod
    def lone_name(text: str) -> tuple[int, int] | None:
        """Where the words of `text` are when they are all it asks of, a connector aside ("pinpoint" of "and
        pinpoint?", "那 pinpoint 呢?"); offsets in the whitespace-collapsed text, as `mentions` gives them."""
        lone = _LONE_NAME.fullmatch(re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip())
        return lone.span(1) if lone is not None else None

    @cached_property
    def _short_titled(self) -> dict[str, str]:
        """Each short name by its case-folded form (the written form `_short_names` keys)."""
        return {n.casefold(): n for n in self._short_names}

    @cached_property
    def _short_pattern_folded(self) -> re.Pattern[str]:
        return re.compile(self._short_pattern.pattern, re.IGNORECASE)

    @cached_property
    def _short_pattern(self) -> re.Pattern[str]:
        names = sorted(self._short_names, key=len, reverse=True)
        return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z0-9])"
                          if names else r"(?!)")

    @cached_property
    def _family_labels(self) -> set[str]:
        return {norm(a) for fam in self.families for a in fam.aliases} - set(self._entry_labels())

    def _entry_labels(self) -> list[str]:
        return [norm(lab) for s in self.services for lab in s.labels()]


def _entry(item: dict[str, Any]) -> Section:
    """A Section from one schema-checked entry under `services:`."""
    return Section(id=item["id"], kind=item["kind"], parent=item["parent"], covered=item["covered"],
                   order=item["order"], names=dict(item["names"]),
                   headings={lang: list(v) for lang, v in item["headings"].items() if v},
                   aliases=tuple(item["aliases"]), see_also=tuple(item.get("see_also") or ()),
                   not_named_by=tuple(item.get("not_named_by") or ()), subjects=tuple(item.get("subjects") or ()),
                   engines=tuple(item.get("engines") or ()), formerly=tuple(item.get("formerly") or ()),
                   named_in=(tuple(item["named_in"]["words"]), item["named_in"]["when"]) if "named_in" in item
                   else None)


def _no_cycle(doc: DataFile, items: list[dict[str, Any]], ids: dict[str, int], i: int) -> None:
    """Refuse an entry whose chain of parents loops (Catalog.top would never end)."""
    chain, current = [items[i]["id"]], items[i]["parent"]
    while current is not None:
        if current in chain:
            raise doc.fail(["services", i, "parent"], f"the chain of parents loops ({' -> '.join([*chain, current])})",
                           "make it end at an entry with `parent: null`")
        chain.append(current)
        current = items[ids[current]]["parent"]


def merge_mentions(own: list[tuple[Section, int, int]],
                   family: list[tuple[Section, int, int]]) -> list[tuple[Section, int, int]]:
    """The members a family name names join the entries named by their own labels, left to right, unless
    one of them is named by itself ("RDS for PostgreSQL", "SQL Server Express on RDS": that member is meant)."""
    named = {s.id for s, _, _ in own}
    if family and not named & {s.id for s, _, _ in family}:
        return sorted(own + family, key=lambda h: h[1])
    return own


def first_service(catalog: Catalog, texts: Iterable[str]) -> Section | None:
    """The first catalog service or general section named in any of `texts` (searched in order); a
    family name ("Amazon RDS") names no one section."""
    for text in texts:
        hits = catalog.mentions(text, families=False)
        if hits:
            return max(hits, key=lambda h: (h[2] - h[1], -h[1]))[0]
    return None
