"""The golden evaluation questions (evals/golden/*.jsonl) are well formed and grounded in the corpus.

depth.jsonl holds answerable questions: each names the catalog sections an answer must cite and
1-3 fact groups, each a list of alternative spellings of one fact that the answer's quotes must
contain. unanswerable.jsonl holds questions the corpus does not answer (other clouds, AWS services
without a section, look-alikes of covered services, off-topic). Fast: no embedding model, only the
splitter run over the shipped corpus.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from kb.config import Settings
from tests.test_corpus import corpus

GOLDEN = Path(__file__).resolve().parent.parent / "evals" / "golden"
DEPTH = GOLDEN / "depth.jsonl"
FACETS = GOLDEN / "facets.jsonl"
UNANSWERABLE = GOLDEN / "unanswerable.jsonl"

LANGS = {"ko", "zh", "en"}
TOPICS = {"encryption-at-rest", "encryption-in-transit", "logging", "access", "backup", "other", "general",
          "no-phi-in-metadata", "eligibility"}
FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str, "lang": str, "question": str, "services": list, "topic": str, "facts": list,
    "answerable": bool, "see_also": list, "note": str,
}
# Fields the hand-written facet cases (facets.jsonl) may add: the kind of question, the verdict a
# yes/no question must get, the previous question's services (a follow-up), the topics the answer
# must state as not covered by the sections asked about.
OPTIONAL: dict[str, type] = {"kind": str, "verdict": str, "context": list, "not_covered": list}
VERDICTS = {"yes", "no", "recommended", "optional", "conditional", "unstated"}
# The two editions of the HIPAA whitepaper: the answer engine quotes the one in the question's
# language when it can (English questions may be answered from either).
WHITEPAPER = {"ko": "hipaa-ko", "zh": "hipaa-zh"}

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DEPTH_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-(ko|zh|en)-\d{3}")
UNANSWERABLE_ID = re.compile(r"un-(ko|zh|en)-\d{3}")


def _read(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{number}: blank line"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name}:{number}: not JSON ({exc})")
        assert isinstance(row, dict), f"{path.name}:{number}: not a JSON object"
        rows.append(row)
    return rows


@lru_cache(maxsize=1)
def _cases() -> tuple[list[dict], list[dict]]:
    facets = [{"see_also": [], "note": "", **row} for row in _read(FACETS)]
    return _read(DEPTH) + facets, _read(UNANSWERABLE)


def _depth() -> list[dict]:
    return _cases()[0]


def _unanswerable() -> list[dict]:
    return _cases()[1]


def _script_lang(text: str) -> str:
    if HANGUL.search(text):
        return "ko"
    if HAN.search(text):
        return "zh"
    return "en"


@lru_cache(maxsize=1)
def _section_chunks() -> dict[str, list[tuple[str, str, str]]]:
    """catalog id -> [(doc_id, lang, lowercased text)] of every chunk keyed by that id
    (as service_id or as section_id)."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for doc, chunks in corpus()[1]:
        for c in chunks:
            entry = (doc.doc_id, c.lang, c.text.lower())
            for key in {c.service_id, c.section_id} - {None}:
                out.setdefault(key, []).append(entry)
    return out


@lru_cache(maxsize=1)
def _record_quotes() -> dict[str, list[tuple[str, str, str]]]:
    """catalog id -> [(doc_id, lang, lowercased quote)] of the evidence of its requirement records: a
    general topic (root user, DDoS) is answered from records whose quotes sit under other headings."""
    from kb.requirements import RequirementCatalog

    records = RequirementCatalog.load(Settings.from_env({}).requirements_dir)
    out: dict[str, list[tuple[str, str, str]]] = {}
    for r in records:
        for e in r.evidence:
            lang = "zh" if e.doc_id == "hipaa-zh" else "ko"
            out.setdefault(r.section, []).append((e.doc_id, lang, e.quote.lower()))
    return out


def _expected_chunks(services: list[str]) -> list[tuple[str, str, str]]:
    catalog = corpus()[0]
    ids: set[str] = set()
    for sid in services:
        ids |= catalog.descendants(sid)
    table = _section_chunks()
    seen: dict[int, tuple[str, str, str]] = {}
    for sid in ids:
        for entry in [*table.get(sid, []), *_record_quotes().get(sid, [])]:
            seen[id(entry)] = entry
    return list(seen.values())


# ---- shape ----------------------------------------------------------------------------------

def test_files_are_json_lines_with_the_required_fields() -> None:
    for row in _depth() + _unanswerable():
        for name, kind in FIELDS.items():
            assert name in row, f"{row.get('id')}: missing {name!r}"
            assert isinstance(row[name], kind), f"{row['id']}: {name!r} is {type(row[name]).__name__}"
        assert set(row) <= set(FIELDS) | set(OPTIONAL), f"{row['id']}: unknown fields {sorted(set(row) - set(FIELDS))}"
        for name, kind in OPTIONAL.items():
            assert name not in row or isinstance(row[name], kind), f"{row['id']}: {name!r}"
        assert row.get("verdict") in VERDICTS | {None}, row["id"]
        assert set(row.get("not_covered", [])) <= TOPICS, row["id"]
        assert row["question"].strip() == row["question"] and row["question"], row["id"]
        assert row["lang"] in LANGS, row["id"]
        assert row["topic"] in TOPICS, f"{row['id']}: topic {row['topic']!r}"
        assert all(isinstance(s, str) for s in row["services"] + row["see_also"]), row["id"]


def test_ids_are_unique_and_follow_the_pattern() -> None:
    ids = [row["id"] for row in _depth() + _unanswerable()]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert dupes == []
    for row in _depth():
        m = DEPTH_ID.fullmatch(row["id"])
        assert m and m.group(1) == row["lang"], row["id"]
    for row in _unanswerable():
        m = UNANSWERABLE_ID.fullmatch(row["id"])
        assert m and m.group(1) == row["lang"], row["id"]


def test_lang_matches_the_script_of_the_question() -> None:
    wrong = [(row["id"], row["lang"], _script_lang(row["question"]))
             for row in _depth() + _unanswerable() if _script_lang(row["question"]) != row["lang"]]
    assert wrong == []


def test_every_service_and_see_also_id_is_in_the_catalog() -> None:
    catalog = corpus()[0]
    unknown = [(row["id"], sid) for row in _depth() + _unanswerable()
               for sid in row["services"] + row["see_also"] if catalog.get(sid) is None]
    assert unknown == []


def test_answerable_cases_name_sections_and_facts() -> None:
    catalog = corpus()[0]
    for row in _depth():
        assert row["answerable"] is True, row["id"]
        assert 1 <= len(row["services"]) <= 3, row["id"]
        assert len(set(row["services"])) == len(row["services"]), row["id"]
        assert all(catalog.get(sid) and catalog.get(sid).covered for sid in row["services"]), row["id"]
        assert 1 <= len(row["facts"]) <= 3, row["id"]
        for group in row["facts"]:
            assert isinstance(group, list) and group, f"{row['id']}: empty fact group"
            for alt in group:
                assert isinstance(alt, str) and alt.strip() == alt, f"{row['id']}: {alt!r}"
                assert 2 <= len(alt) <= 20, f"{row['id']}: fact {alt!r} is {len(alt)} characters"


def test_unanswerable_cases_have_no_sections_or_facts() -> None:
    catalog = corpus()[0]
    for row in _unanswerable():
        assert row["answerable"] is False, row["id"]
        assert row["services"] == [] and row["facts"] == [], row["id"]
        assert row["topic"] == "general", row["id"]
        assert row["note"], f"{row['id']}: say why the corpus does not answer it"
        # see_also points at the covered neighbours an answer may suggest instead.
        assert all(catalog.get(sid).covered for sid in row["see_also"]), row["id"]


# ---- coverage -------------------------------------------------------------------------------

def test_enough_cases_per_file_and_language() -> None:
    depth = Counter(row["lang"] for row in _depth())
    assert sum(depth.values()) >= 160
    assert all(depth[lang] >= 45 for lang in LANGS), depth
    unanswerable = Counter(row["lang"] for row in _unanswerable())
    assert sum(unanswerable.values()) >= 45
    assert all(unanswerable[lang] >= 12 for lang in LANGS), unanswerable


def test_depth_spreads_over_services_and_includes_two_service_questions() -> None:
    catalog = corpus()[0]
    tops = {catalog.top(sid).id for row in _depth() for sid in row["services"]}
    assert len(tops) >= 60, sorted(tops)
    assert sum(1 for row in _depth() if len(row["services"]) >= 2) >= 15
    topics = Counter(row["topic"] for row in _depth())
    assert set(topics) == TOPICS, topics


# ---- grounding ------------------------------------------------------------------------------

def test_every_fact_group_occurs_in_an_expected_section() -> None:
    missing = []
    for row in _depth():
        chunks = _expected_chunks(row["services"])
        assert chunks, f"{row['id']}: no chunk is keyed by {row['services']}"
        for group in row["facts"]:
            if not any(alt.lower() in text for alt in group for _, _, text in chunks):
                missing.append((row["id"], group))
    assert missing == []


def test_facts_are_quotable_from_the_edition_the_answer_will_use() -> None:
    """Where a fact comes from the whitepaper, it must be spelled as the edition the answer quotes:
    Korean questions need a Korean-edition alternative, Chinese ones a Chinese-edition one, English
    ones both. (Facts only the Korean-only documents hold are exempt.)"""
    wrong = []
    for row in _depth():
        chunks = _expected_chunks(row["services"])
        for group in row["facts"]:
            editions = {lang for lang, doc_id in WHITEPAPER.items()
                        if any(d == doc_id and alt.lower() in text for alt in group for d, _, text in chunks)}
            if not editions:
                continue
            needed = {"ko", "zh"} if row["lang"] == "en" else {row["lang"]}
            if not needed <= editions:
                wrong.append((row["id"], group, sorted(needed - editions)))
    assert wrong == []
