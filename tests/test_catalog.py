"""Checks for data/services.yaml, the service catalogue of the HIPAA Guide.

The catalogue is checked against the two editions of the AWS whitepaper
"Architecting for HIPAA Security and Compliance on Amazon Web Services" in data/corpus/:

* Korean edition (``000_6f777e8338f3c31a.txt``): headings are Markdown ``#`` lines.
* Traditional-Chinese edition (``001_7c5ad6e78ffeadad.txt``): headings are plain lines.

The test reads the YAML directly with PyYAML; labels are compared as the code compares them
(``kb.catalog.norm``: case-, width- and script-folded, so Traditional and Simplified Chinese spellings
of one word are one label).
"""

import collections
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from kb.catalog import Catalog, norm

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "data" / "services.yaml"
CORPUS = ROOT / "data" / "corpus"
DOCS = {
    "ko": "000_6f777e8338f3c31a.txt",
    "zh": "001_7c5ad6e78ffeadad.txt",
}
# Line (stripped of leading '#') that starts each edition's topic list of service sections.
TOPIC_LIST_HEADING = {"ko": "주제", "zh": "主題"}

N_SERVICES = 119
MIN_UNCOVERED = 60
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = {"service", "subsection", "general"}

# Service headings that also occur as an ordinary whole line elsewhere in the body (reviewed):
# "AWS Cloud Map" is repeated inside the document-revisions table of both editions.
KNOWN_REPEATED_LINES = {
    "ko": {"AWS Cloud Map"},
    "zh": {"AWS Cloud Map"},
}

REQUIRED_ALIASES = {
    "S3 버킷": "s3",
    "Postgres": "rds-postgresql",
    "레디스": "elasticache-redis",
    "雷迪斯": "elasticache-redis",
    "Redis": "elasticache-redis",
    "Kafka": "msk",
    "EKS": "eks",
    "KMS": "kms",
    "Memcached": "elasticache-memcached",
}

# Words that would match many entries and must never be aliases (either Chinese script: compared folded).
GENERIC_WORDS = {
    "aws", "amazon", "아마존", "亞馬遜", "service", "services", "서비스", "服務",
    "database", "데이터베이스", "資料庫", "数据库", "encryption", "암호화", "加密", "storage", "스토리지",
    "儲存", "存储", "security", "보안", "安全", "cloud", "클라우드", "雲端", "雲",
}

# Simplified spellings nobody keeps as aliases: script folding makes each name its entry anyway
# (the Traditional alias, name or heading of the same entry folds to the same key).
SIMPLIFIED_NAMES = {
    "适用于 Redis 的 ElastiCache": "elasticache-redis",
    "弹性容器服务": "ecs",
    "容器注册表": "ecr",
    "CloudWatch 日志": "cloudwatch-logs",
    "简单通知服务": "sns",
    "虚拟私有云": "vpc",
    "Redis 静态加密": "elasticache-redis-encryption-at-rest",
    "SQL Server 传输加密": "rds-sqlserver-encryption-in-transit",
    "责任共担模型": "shared-responsibility",
    "商业伙伴增补合约": "baa",
    "Lambda 函数": "lambda",
    "Comprehend 医疗": "comprehend-medical",
}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def catalog():
    with CATALOG.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), "services.yaml must be a mapping"
    return data


@pytest.fixture(scope="module")
def entries(catalog):
    services = catalog.get("services")
    assert isinstance(services, list) and services, "services: must be a non-empty list"
    return services


@pytest.fixture(scope="module")
def by_id(entries):
    return {e["id"]: e for e in entries}


def label_key(text):
    """How labels are compared: NFKC, case-folded, Chinese script-folded, whitespace collapsed."""
    return norm(text)


def spelling_key(text):
    """Labels up to case and width only: two labels with one label_key but two spelling_keys differ
    only in Chinese script."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _norm(line):
    """A line as the code compares it: leading '#'s and surrounding whitespace removed."""
    return line.strip().lstrip("#").strip()


class Doc:
    """One edition of the whitepaper, with the positions the checks need."""

    def __init__(self, lang, path):
        self.lang = lang
        self.raw = path.read_text(encoding="utf-8").split("\n")
        self.lines = [_norm(line) for line in self.raw]
        # ko headings are Markdown "#" lines; zh headings are plain lines standing alone
        # between blank lines.
        blank = [not line.strip() for line in self.raw]
        self.is_heading = [
            line.lstrip().startswith("#") if lang == "ko"
            else bool(line.strip()) and (i == 0 or blank[i - 1]) and (i + 1 == len(blank) or blank[i + 1])
            for i, line in enumerate(self.raw)
        ]
        toc = self.lines.index("Table of Contents")
        # The topic list of the 119 service sections is the first "주제"/"主題" line after the TOC.
        self.topic_start = self.lines.index(TOPIC_LIST_HEADING[lang], toc)
        i = self.topic_start + 1
        self.topics = []
        last = i
        while i < len(self.raw):
            s = self.raw[i].strip()
            m = re.match(r"^- \[(.*)\]\(#\)$", s)
            if m:
                self.topics.append(m.group(1).replace("\\(", "(").replace("\\)", ")"))
                last = i
            elif s:
                break
            i += 1
        self.topic_end = last  # index of the last topic-list line
        self.toc = toc

    def occurrences(self, text, start=None, end=None, headings_only=True):
        """0-based indices of the whole lines equal to text in [start, end)."""
        start = self.topic_end + 1 if start is None else start
        end = len(self.lines) if end is None else end
        return [
            i
            for i in range(start, end)
            if self.lines[i] == text and (self.is_heading[i] or not headings_only)
        ]


@pytest.fixture(scope="module")
def docs():
    missing = [name for name in DOCS.values() if not (CORPUS / name).is_file()]
    assert not missing, f"corpus files missing from {CORPUS}: {missing}"
    return {lang: Doc(lang, CORPUS / name) for lang, name in DOCS.items()}


def _covered_services(entries):
    return [e for e in entries if e.get("kind") == "service" and e.get("covered") is True]


def _headings(entry, lang):
    h = entry.get("headings") or {}
    return h.get(lang) or []


def _first_service_heading(doc, entry):
    hits = sorted(i for h in _headings(entry, doc.lang) for i in doc.occurrences(h))
    return hits[0] if hits else None


# --------------------------------------------------------------------------- structure


def test_top_level(catalog):
    assert catalog.get("version") == 1
    assert set(catalog) == {"version", "services", "families", "kinds"}


def test_families_name_existing_entries_and_no_entry_label(catalog, entries):
    """A family alias ("RDS") names every member and is never also the label of one entry."""
    ids = {e["id"] for e in entries}
    labels = set()
    for e in entries:  # ids are for commands, not prose: "IAM" may name a family while `iam` is an entry's id
        labels |= {label_key(x) for x in [*e["names"].values(), *e["aliases"]]}
        for hs in e["headings"].values():
            labels |= {label_key(h) for h in hs}
    for fam in catalog["families"]:
        assert set(fam) == {"id", "aliases", "members"}, fam
        assert fam["members"] and set(fam["members"]) <= ids, fam["id"]
        clash = [a for a in fam["aliases"] if label_key(a) in labels]
        assert not clash, (fam["id"], clash)


def test_family_alias_names_every_member():
    from kb.catalog import Catalog

    cat = Catalog.load(CATALOG)
    named = [s.id for s, _, _ in cat.mentions("Is RDS encryption required?")]
    assert named == ["rds-mariadb", "rds-mysql", "rds-oracle", "rds-postgresql", "rds-sqlserver"]
    assert [s.id for s, _, _ in cat.mentions("RDS for MySQL encryption")] == ["rds-mysql"]
    assert cat.resolve("RDS") is None  # a family is not an entry: `kb cite RDS` asks which engine


@pytest.mark.parametrize("key, entry", [("families", "{id: rds, aliases: [RDS], members: [nope]}"),
                                        ("kinds", "{id: database, words: [DB], members: [nope]}")])
def test_family_or_kind_with_unknown_member_is_rejected(tmp_path, key, entry):
    from kb.catalog import Catalog
    from kb.errors import CatalogError

    bad = tmp_path / "services.yaml"
    bad.write_text(f"version: 1\nservices: []\n{key}:\n  - {entry}\n")
    with pytest.raises(CatalogError, match=rf"services.yaml:4: {key}\[0\]\.members\[0\]: 'nope' is not the id of "
                                           "an entry under `services:`"):
        Catalog.load(bad)


def test_a_kind_word_names_the_kinds_members():
    """"and for the database?", "DB는요?", "資料庫呢？" name the database services (a follow-up then asks of the
    conversation's ones, kb/chain.py); an ASCII word only whole ("DBA" is no "DB")."""
    from kb.catalog import Catalog

    cat = Catalog.load(CATALOG)
    for text, word in (("and for the database?", "database"), ("DB는요?", "DB"), ("資料庫呢？", "資料庫"),
                       ("资料库呢？", "資料庫")):
        ids, words = cat.kinds_in(text)
        assert {"aurora", "rds-mysql", "dynamodb"} <= ids and words == [word], text
    assert cat.kinds_in("our DBA team") == (frozenset(), [])
    assert "s3" in cat.kinds_in("what about storage?")[0]


def test_not_named_by_leaves_the_entry_unnamed_there_only():
    """An electronic medical record system is no Amazon EMR; an EMR cluster is."""
    from kb.catalog import Catalog

    cat = Catalog.load(CATALOG)
    named = lambda text: [s.id for s, _, _ in cat.mentions(text)]  # noqa: E731
    assert named("Amazon MQ 브로커로 병원 EMR 시스템끼리 HL7 메세지 주고받는데 뭐 설정해야 돼요?") == ["mq"]
    assert named("We export our EMR (electronic medical records) into S3") == ["s3"]
    assert named("醫院 EMR 系統的資料要傳到 S3") == ["s3"]
    assert named("Can we run Spark on EMR with PHI?") == ["emr"]
    assert named("EMR system logs go to an EMR cluster") == ["emr"]  # (the second one names it)
    assert named("CodeBuild 빌드 아티팩트를 S3에 저장") == ["codebuild", "s3"]  # a build artifact, not AWS Artifact


@pytest.mark.parametrize("entry,error", [
    ("{id: emr, kind: service, parent: null, covered: true, order: 1,\n     names: {en: Amazon EMR}, headings: {}, "
     "aliases: [EMR],\n     not_named_by: [EHR system]}",
     r"services.yaml:5: services\[0\]\.not_named_by\[0\]: 'EHR system' holds no label of emr; write a phrase"),
    ("{id: eks, kind: service, parent: null, covered: true, order: 1,\n     names: {en: Amazon EKS}, headings: {}, "
     "aliases: [EKS, Kubernetes],\n     engines: [Kubernetes, K8s]}",
     r"services.yaml:5: services\[0\]\.engines\[1\]: 'K8s' is no alias of eks; add it to the entry's aliases too"),
])
def test_a_phrase_that_names_no_label_of_its_entry_is_rejected(tmp_path, entry, error):
    """A not_named_by phrase must hold a label of its entry; an engine must be one of its aliases."""
    from kb.catalog import Catalog
    from kb.errors import CatalogError

    bad = tmp_path / "services.yaml"
    bad.write_text(f"version: 1\nservices:\n  - {entry}\n")
    with pytest.raises(CatalogError, match=error):
        Catalog.load(bad)


def test_subjects_name_the_entry_and_are_no_name_of_it():
    """"network segmentation" names Amazon VPC in a question; it is no label of the VPC itself (kb/facets.py keeps it
    among the question's own words)."""
    from kb.catalog import Catalog

    cat = Catalog.load(CATALOG)
    assert [s.id for s, _, _ in cat.mentions("How should we do network segmentation?")] == ["vpc"]
    vpc = cat.get("vpc")
    assert "network segmentation" in vpc.labels() and "network segmentation" not in vpc.labels(subjects=False)



def test_a_general_chapter_is_named_by_its_subjects_too(tmp_path):
    """A general chapter's name is ordinary words and names it only in commands; its aliases and subjects name it in
    running text."""
    from kb.catalog import Catalog

    path = tmp_path / "services.yaml"
    path.write_text("version: 1\nservices:\n  - {id: disposal, kind: general, parent: null, covered: true,\n"
                    "     order: null, names: {en: Media handling}, headings: {}, aliases: [media sanitization],\n"
                    "     subjects: [secure disposal]}\n")
    cat = Catalog.load(path)
    named = lambda text: [s.id for s, _, _ in cat.mentions(text)]  # noqa: E731
    assert named("What does secure disposal require?") == named("Is media sanitization done?") == ["disposal"]
    assert named("How is media handling done?") == []


def test_entry_fields(entries):
    required = {"id", "kind", "parent", "covered", "order", "names", "headings", "aliases"}
    for e in entries:
        assert required <= set(e), f"{e.get('id')}: missing {required - set(e)}"
        assert e["kind"] in KINDS, e["id"]
        assert isinstance(e["covered"], bool), e["id"]
        names = e["names"]
        assert set(names) == {"en", "ko", "zh"}, e["id"]
        for lang in ("en", "ko", "zh"):
            assert isinstance(names[lang], str) and names[lang].strip() == names[lang] != "", (
                e["id"], lang)
        assert isinstance(e["headings"], dict), e["id"]
        assert set(e["headings"]) <= {"ko", "zh"}, e["id"]
        for lang, hs in e["headings"].items():
            assert isinstance(hs, list) and hs, (e["id"], lang)
            assert all(isinstance(h, str) and h.strip() == h != "" for h in hs), (e["id"], lang)
        assert isinstance(e["aliases"], list), e["id"]
        for a in e["aliases"]:
            assert isinstance(a, str) and a.strip() == a != "", (e["id"], a)
        assert isinstance(e.get("see_also", []), list), e["id"]


def test_ids_unique_and_kebab_case(entries):
    ids = [e["id"] for e in entries]
    dupes = [i for i, n in collections.Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not isinstance(i, str) or not KEBAB.match(i)]
    assert not bad, f"ids not kebab-case: {bad}"


def test_exactly_119_covered_services_with_orders(entries):
    services = _covered_services(entries)
    assert len(services) == N_SERVICES
    orders = sorted(e["order"] for e in services)
    assert orders == list(range(1, N_SERVICES + 1))
    for e in services:
        assert e["parent"] is None, e["id"]
    for e in entries:
        if e not in services:
            assert e["order"] is None, f"{e['id']}: only the 119 covered services have an order"


def _top(by_id, entry):
    while entry["parent"] is not None:
        entry = by_id[entry["parent"]]
    return entry


def test_parents_exist(entries, by_id):
    for e in entries:
        p = e["parent"]
        if e["kind"] == "subsection":
            assert p is not None, f"{e['id']}: subsection without parent"
        if p is not None:
            assert p in by_id, f"{e['id']}: unknown parent {p}"
            assert p != e["id"], e["id"]
            assert by_id[p]["covered"], f"{e['id']}: parent {p} is not covered"
        if e["kind"] == "subsection":
            # Subsections nest (Comprehend > IAM > account management) but end at a service.
            assert by_id[p]["kind"] in ("service", "subsection"), e["id"]
            assert by_id[_top(by_id, e)["id"]]["kind"] == "service", e["id"]


def test_see_also_ids_exist(entries, by_id):
    for e in entries:
        for other in e.get("see_also") or []:
            assert other in by_id, f"{e['id']}: see_also refers to unknown id {other}"
            assert other != e["id"], e["id"]


def test_subsections_and_generals_are_covered(entries):
    for e in entries:
        if e["kind"] in ("subsection", "general"):
            assert e["covered"] is True, e["id"]
        if e["kind"] == "subsection":
            assert e["headings"].get("ko") and e["headings"].get("zh"), e["id"]


# --------------------------------------------------------------------------- headings vs corpus


def test_topic_lists_have_119_entries(docs):
    for doc in docs.values():
        assert len(doc.topics) == N_SERVICES, doc.lang


def test_topic_list_spelling_is_heading_or_alias(entries, docs):
    """Each topic-list spelling is the body heading or recorded as an alias of the same entry."""
    for e in _covered_services(entries):
        for lang, doc in docs.items():
            topic = doc.topics[e["order"] - 1]
            known = set(_headings(e, lang)) | set(e["aliases"]) | {e["names"][lang]}
            assert topic in known, f"{e['id']}: {lang} topic-list entry {topic!r} not recorded"


def test_service_headings_occur_in_body(entries, docs):
    for e in _covered_services(entries):
        for lang, doc in docs.items():
            hs = _headings(e, lang)
            assert hs, f"{e['id']}: no {lang} heading"
            assert e["names"][lang] in hs, f"{e['id']}: names.{lang} must be the body heading"
            for h in hs:
                assert doc.occurrences(h), f"{e['id']}: {lang} heading {h!r} not found in the body"


def test_service_headings_not_ambiguous(entries, docs):
    """A service heading line occurs exactly once as a whole line in the body (reviewed exceptions)."""
    for e in _covered_services(entries):
        for lang, doc in docs.items():
            for h in _headings(e, lang):
                as_heading = doc.occurrences(h)
                assert len(as_heading) == 1, f"{e['id']}: {lang} heading {h!r} at lines {as_heading}"
                any_line = doc.occurrences(h, headings_only=False)
                if h not in KNOWN_REPEATED_LINES[lang]:
                    assert len(any_line) == 1, (
                        f"{e['id']}: {lang} heading {h!r} also occurs as a plain line: "
                        f"{[i + 1 for i in any_line]}")


def test_service_heading_order_matches_topic_list(entries, docs):
    services = sorted(_covered_services(entries), key=lambda e: e["order"])
    for lang, doc in docs.items():
        positions = [_first_service_heading(doc, e) for e in services]
        assert None not in positions, lang
        assert positions == sorted(positions), f"{lang}: body order differs from `order`"


def test_subsection_headings_inside_parent_section(entries, by_id, docs):
    services = sorted(_covered_services(entries), key=lambda e: e["order"])
    for lang, doc in docs.items():
        starts = {e["id"]: _first_service_heading(doc, e) for e in services}
        ordered = sorted(starts.values())
        for e in entries:
            if e["kind"] != "subsection":
                continue
            parent = _top(by_id, e)
            begin = starts[parent["id"]]
            later = [p for p in ordered if p > begin]
            end = later[0] if later else len(doc.lines)
            for h in _headings(e, lang):
                hits = doc.occurrences(h, start=begin + 1, end=end)
                assert len(hits) == 1, (
                    f"{e['id']}: {lang} heading {h!r} found {len(hits)}x inside {parent['id']}")


def test_general_headings_occur_after_toc(entries, docs):
    for e in entries:
        if e["kind"] != "general" or not e["headings"]:
            continue
        for lang, doc in docs.items():
            hs = _headings(e, lang)
            assert hs, f"{e['id']}: headings given for one edition only"
            for h in hs:
                hits = doc.occurrences(h, start=doc.toc + 1)
                assert len(hits) == 1, f"{e['id']}: {lang} heading {h!r} at {[i + 1 for i in hits]}"


def test_uncovered_entries(entries, docs):
    uncovered = [e for e in entries if e["covered"] is False]
    assert len(uncovered) >= MIN_UNCOVERED
    for e in uncovered:
        assert e["kind"] == "service", e["id"]
        assert e["headings"] == {}, e["id"]
        assert e["order"] is None, e["id"]
        # No heading of its own in either edition.
        for lang, doc in docs.items():
            for name in {e["names"]["en"], e["names"][lang]}:
                assert not doc.occurrences(name, start=doc.toc + 1), (
                    f"{e['id']}: {lang} body has a heading {name!r}")


# --------------------------------------------------------------------------- aliases


def test_aliases_identify_one_entry(entries):
    """Every label (id, name, heading, alias) names one entry; the only shared labels are the
    names/headings of subsections under different parents (e.g. "유휴 데이터 암호화"), never aliases."""
    owners = collections.defaultdict(set)
    alias_keys = set()
    for e in entries:
        labels = [e["id"], *e["names"].values()]
        for hs in e["headings"].values():
            labels.extend(hs)
        for a in e["aliases"]:
            alias_keys.add(label_key(a))
            labels.append(a)
        for label in labels:
            owners[label_key(label)].add(e["id"])
    kinds = {e["id"]: e["kind"] for e in entries}
    clashes = {
        k: sorted(v) for k, v in owners.items()
        if len(v) > 1 and (k in alias_keys or any(kinds[i] != "subsection" for i in v))
    }
    assert not clashes, f"labels shared by several entries: {clashes}"


def test_no_generic_aliases(entries):
    generic = {label_key(w) for w in GENERIC_WORDS}
    bad = [(e["id"], a) for e in entries for a in e["aliases"] if label_key(a) in generic]
    assert not bad, bad


def test_no_alias_only_mirrors_another_label_in_the_other_script(catalog, entries):
    """Chinese labels are matched script-folded (kb.lang.fold_chinese): an alias that is another label
    of its entry in the other script ("CloudWatch 日志" beside "CloudWatch 日誌") is dead weight. Keep
    only words that differ ("Redis 缓存" beside "Redis 快取", "数据库" beside "資料庫")."""
    mirrors = []
    groups = [(e["id"], [e["id"], *e["names"].values(), *(h for hs in e["headings"].values() for h in hs)],
               e["aliases"]) for e in entries]
    groups += [(f"family {fam['id']}", [], fam["aliases"]) for fam in catalog.get("families") or []]
    for owner, fixed, aliases in groups:
        seen = collections.defaultdict(set)
        for label in fixed:
            seen[label_key(label)].add(spelling_key(label))
        for a in aliases:
            if seen[label_key(a)] - {spelling_key(a)}:
                mirrors.append((owner, a))
            seen[label_key(a)].add(spelling_key(a))
    assert not mirrors, f"aliases that only mirror a label in the other Chinese script: {mirrors}"


def test_simplified_spellings_name_their_entry():
    """A Simplified name finds its entry by itself and inside a question, with no Simplified alias kept."""
    cat = Catalog.load(CATALOG)
    for name, want in SIMPLIFIED_NAMES.items():
        assert cat.resolve(name) is not None and cat.resolve(name).id == want, name
        assert want in {s.id for s, _, _ in cat.mentions(f"我们在{name}里存放病历，需要注意什么？")}, name
        assert name not in cat.get(want).labels(), f"{name!r} is kept by hand; folding makes it redundant"


def test_required_aliases(entries):
    owner = {}
    for e in entries:
        for a in e["aliases"]:
            owner[label_key(a)] = e["id"]
    for alias, want in REQUIRED_ALIASES.items():
        assert owner.get(label_key(alias)) == want, f"alias {alias!r} -> {owner.get(label_key(alias))}"


def test_required_ids(by_id):
    for i in ("s3", "s3-glacier", "s3-transfer-acceleration", "rds-postgresql", "rds-mysql",
              "rds-mariadb", "rds-oracle", "rds-sqlserver", "aurora", "aurora-postgresql",
              "elasticache-redis", "elasticache-memcached", "msk", "kms", "eks", "ecs", "ecr",
              "ec2", "ebs", "efs", "lambda", "lambda-edge", "dynamodb", "sqs", "sns", "ses",
              "api-gateway", "cloudfront", "cloudwatch", "cloudwatch-events", "cloudwatch-logs",
              "elb", "opensearch", "kinesis-data-firehose", "iam", "shared-responsibility", "baa"):
        assert i in by_id, i
    assert by_id["lambda-edge"]["kind"] == "subsection"
    assert by_id["lambda-edge"]["parent"] == "cloudfront"
    assert by_id["elasticache-memcached"]["covered"] is False
    assert "elasticache-redis" in by_id["elasticache-memcached"]["see_also"]


def test_a_family_name_stands_for_its_members() -> None:
    cat = Catalog.load(CATALOG)
    members = [s.id for s in cat.family_members("rds")]
    assert "rds-postgresql" in members and "rds-mysql" in members and "aurora" not in members
    assert [s.id for s in cat.family_members("Amazon RDS")] == members
    assert cat.family_members("s3") == []


@pytest.mark.parametrize("text", [
    "Amazon S3 Glacier vaults and S3 buckets with EC2 key pairs",
    "RDS for PostgreSQL, Amazon RDS and Aurora PostgreSQL; ElastiCache for Redis",
    "공동책임모델과 공동 책임 모델, AWS 키 관리 서비스(AWS KMS)",
    "Amazon S3 冰川 與 Amazon Simple Storage Service (Amazon S3)、AWS CloudTrail 追蹤",
    "services that use SES and SESs",
])
def test_the_labels_found_are_those_one_alternation_of_every_label_finds(text: str) -> None:
    """Trying only the labels whose pieces a text holds, each alone, finds what one alternation of all labels in the
    same order finds (leftmost, first label at a position, then on after it)."""
    catalog = Catalog.load(CATALOG)
    everything = re.compile("|".join(esc for _, esc in catalog._mention_parts))
    key = norm(text)
    found = catalog._label_matches(key)
    assert found == [(m.start(), m.end(), m.group(0)) for m in everything.finditer(key)]
    assert found  # each text names something
