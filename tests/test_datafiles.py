"""Every data file is checked when loaded, and a broken one is named in one line: file, line, field, what is
wrong and how to fix it (kb/datafile.py). Each case copies a shipped file to a temporary folder, breaks one
field and compares the whole message; the shipped files themselves must load."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evals.run import load_gate
from ingest.sources import default_sources
from kb.analysis import Analyzer
from kb.catalog import Catalog
from kb.config import Settings
from kb.datafile import load_data
from kb.details import Details
from kb.errors import CatalogError, ConfigError, DataFileError
from kb.requirements import RequirementCatalog
from kb.review.mapping import ResourceMap
from kb.review.rules import RuleSet
from kb.wording import Wording
from tests.conftest import run_cli
from tests.test_statement_similarity import SCHEMA as ALLOWLIST_SCHEMA

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIX = "fix the file (its schema is documented at its top or in its folder's README.md) or restore it with git."
ADD = "add it (the file's header comment or its folder's README.md describes every field)."


RULE = "title: t, level: error, topic: access, requirements: [s3.transit-https]"
UNCOVERED = "uncovered: {id: u, title: t, level: warning, topic: eligibility, requirements: [s3.transit-https]}\n"


def _records() -> RequirementCatalog:
    return RequirementCatalog.load(DATA / "requirements")


def _analyzer(path: Path) -> Analyzer:
    """topics.yaml / out_of_scope.yaml / asks.yaml from `path`'s folder, the shipped catalog and the rest."""
    return Analyzer.load(Catalog.load(DATA / "services.yaml"), Settings(data_dir=path.parent))


# data file (relative to the project) -> how the project loads it
LOADERS: dict[str, Callable[[Path], Any]] = {
    "data/services.yaml": Catalog.load,
    "data/sources.yaml": lambda path: default_sources(path, path.parent),
    "data/resource_map.yaml": ResourceMap.load,
    "data/review_rules.yaml": lambda path: RuleSet.load(path, records=_records().by_id),
    "data/topics.yaml": _analyzer,
    "data/out_of_scope.yaml": _analyzer,
    "data/asks.yaml": _analyzer,
    "data/guidance.yaml": Wording.load,
    "data/details.yaml": Details.load,
    "data/statement_allowlist.yaml": lambda path: load_data(path, ALLOWLIST_SCHEMA),
    "data/requirements/s3.yaml": lambda path: RequirementCatalog.load(path.parent),
    "evals/gate.yaml": load_gate,
}


def _broken(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, int]:
    """A copy of `name` (a key of LOADERS) in tmp_path with the first `old` replaced by `new`: its path and
    the line where `old` started."""
    text = (ROOT / name).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / Path(name).name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


def _message(name: str, path: Path) -> str:
    with pytest.raises(DataFileError) as err:
        LOADERS[name](path)
    message = str(err.value)
    assert "\n" not in message
    return message


def test_every_shipped_data_file_loads() -> None:
    for name, load in LOADERS.items():
        assert load(ROOT / name), name
    assert len(list((DATA / "requirements").glob("*.yaml"))) > 40  # all of them, through RequirementCatalog.load


# (file, text, replacement, field, what is wrong and how to fix it); the line is where the text was
CASES = [
    ("data/services.yaml", "    covered: true\n", "    covered: yes please\n", "services[0].covered",
     f"must be true or false, not a string ('yes please'); {FIX}"),
    ("data/services.yaml", "  - id: api-gateway\n", "  - id: API Gateway\n", "services[0].id",
     f"'API Gateway' does not have the expected form (lowercase letters, digits and dashes); {FIX}"),
    ("data/services.yaml", "    parent: null\n", "    parent: apigateway\n", "services[0].parent",
     "'apigateway' is not the id of an entry under `services:`; correct it or add that entry."),
    ("data/services.yaml", "    formerly: [\"cloudwatch-events\"]\n", "    formerly: [\"cloudwatch-event\"]\n",
     "services[24].formerly[0]",
     "'cloudwatch-event' is not the id of an entry under `services:`; correct it or add that entry."),
    ("data/services.yaml", "    members: [rds-mariadb,", "    members: [rds-maria,", "families[0].members[0]",
     "'rds-maria' is not the id of an entry under `services:`; correct it or add that entry."),
    ("data/sources.yaml", "    lang: ko\n", "    lang: kr\n", "sources[0].lang",
     "'kr' is not allowed; use one of: ko, zh, en."),
    ("data/sources.yaml", "    title: Amazon", "    tittle: Amazon", "sources[0].tittle",
     "unknown field; rename it to `title`, or remove it."),
    ("data/sources.yaml", "    title: Amazon", "    heading: Amazon", "sources[0].heading",
     "unknown field; remove it or use one of: aliases, archived, edition, file, id, lang, priority, published, "
     "service, structure, title, title_en, title_ko, title_zh, url."),
    ("data/resource_map.yaml", "  AWS::S3::Bucket: s3\n", "  AWS::S3::Bucket: [s3]\n",
     "cloudformation.AWS::S3::Bucket", f"must be a string or a mapping, not a list; {FIX}"),
    ("data/review_rules.yaml", "  level: warning\n", "  level: fatal\n", "uncovered.level",
     "'fatal' is not allowed; use one of: error, warning."),
    ("data/review_rules.yaml", "  requirements: [baa.phi-only-in-eligible-services]",
     "  requirements: [baa.phi-only-in-eligble-services]", "uncovered.requirements[0]",
     "'baa.phi-only-in-eligble-services' is not a requirement record id; use an id from "
     "`python -m kb requirements --list`."),
    ("data/topics.yaml", "  - id: encryption-at-rest\n    labels: {en: Encryption at rest, ko: 저장 데이터 암호화, "
     "zh: 靜態加密}\n", "  - id: encryption-at-rest\n", "topics[0].labels", f"missing; {ADD}"),
    ("data/out_of_scope.yaml", "  - id: azure\n", "  - url: https://azure.microsoft.com\n    id: azure\n",
     "clouds[0].url", "unknown field; remove it or use one of: id, name, terms."),
    ("data/out_of_scope.yaml", "  - id: penalties\n", "  - id: fines\n", "legal[0].id",
     "'fines' has no wording legal_fines in kb/phrases.py; add it in every language there, or use the id of a matter "
     "that has one."),
    ("data/asks.yaml", "  en: \"(?:^|(?:[.!?]|\\\\s[-–—])\\\\s+)\\\\s*(?:(?:and|",
     "  en: \"((?:^|(?:[.!?]|\\\\s[-–—])\\\\s+)\\\\s*(?:(?:and|",
     "permission.en",
     "not a valid regular expression (missing ), unterminated subpattern at position 0); correct the pattern "
     "(Python `re` syntax)."),
    ("data/details.yaml", "  - id: version\n", "  - id: period\n", "details[1].id",
     "'period' is already used at line 38; give each entry its own id."),
    ("data/details.yaml", "    label: {en: \"a version\"", "    labels: {en: \"a version\"", "details[1].labels",
     "unknown field; rename it to `label`, or remove it."),
    ("data/details.yaml", "    narrows: version\n", "    narrows: versions\n", "details[2].narrows",
     "'versions' is not the id of another detail; name a detail of this file."),
    ("data/guidance.yaml", "requirement:\n", "requirements:\n", "requirements",
     "unknown field; rename it to `requirement`, or remove it."),
    ("data/statement_allowlist.yaml", "floor: 0.83\n", "floor: 83\n", "floor",
     f"83 is greater than the maximum of 1; {FIX}"),
    ("data/requirements/s3.yaml", "    strength: may\n", "    strength: always\n", "requirements[0].strength",
     "'always' is not allowed; use one of: must, should, may, fact."),
    ("evals/gate.yaml", "  service_hit_at_1: {min: 0.95}", "  service_hit_at_1: {at_least: 0.95}",
     "thresholds.service_hit_at_1.at_least", "unknown field; remove it or use one of: max, min."),
]


@pytest.mark.parametrize(("name", "old", "new", "field", "problem"), CASES,
                         ids=[f"{c[0].rsplit('/', 1)[-1]}:{c[3]}" for c in CASES])
def test_a_broken_field_is_named_with_file_and_line(tmp_path: Path, name: str, old: str, new: str, field: str,
                                                    problem: str) -> None:
    if name.startswith("data/requirements/"):
        shutil.copytree(DATA / "requirements", tmp_path, dirs_exist_ok=True)
    path, line = _broken(tmp_path, name, old, new)
    assert _message(name, path) == f"{path}:{line}: {field}: {problem}"


def test_catalog_errors_are_still_catalog_errors(tmp_path: Path) -> None:
    path, line = _broken(tmp_path, "data/services.yaml", "    covered: true\n", "    covered: 1\n")
    with pytest.raises(CatalogError, match=rf"^{path}:{line}: services\[0\]\.covered: must be true or false"):
        Catalog.load(path)
    path, _ = _broken(tmp_path, "data/review_rules.yaml", "  level: warning\n", "  level: fatal\n")
    with pytest.raises(ConfigError):  # what the review's loaders raised before
        RuleSet.load(path)


def test_a_missing_file_says_how_to_get_it_back(tmp_path: Path) -> None:
    path = tmp_path / "services.yaml"
    assert _message("data/services.yaml", path) == (
        f"{path}: file not found; restore it with git (it ships with HIPAA Guide), or point HIPAA_GUIDE_DATA_DIR "
        "at a folder that has it.")


def test_invalid_yaml_gives_its_line(tmp_path: Path) -> None:
    path, line = _broken(tmp_path, "data/sources.yaml", "    lang: ko\n", "    lang: [ko\n")
    message = _message("data/sources.yaml", path)
    assert message.startswith(f"{path}:{line + 1}: not valid YAML (") and message.endswith(f"; {FIX}")


def test_a_key_given_twice_is_refused(tmp_path: Path) -> None:
    path, line = _broken(tmp_path, "data/sources.yaml", "    lang: ko\n", "    lang: ko\n    lang: zh\n")
    assert _message("data/sources.yaml", path) == (
        f"{path}:{line + 1}: sources[0].lang: given twice (first at line {line}; YAML keeps only the last); "
        "remove or merge one of them.")


def test_a_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    path, line = _broken(tmp_path, "data/services.yaml", "  - id: appflow\n", "  - id: api-gateway\n")
    first = (DATA / "services.yaml").read_text(encoding="utf-8").splitlines().index("  - id: api-gateway") + 1
    assert _message("data/services.yaml", path) == (
        f"{path}:{line}: services[1].id: 'api-gateway' is already used at line {first}; give each entry its own id.")
    rules = tmp_path / "review_rules.yaml"
    rules.write_text(f"{UNCOVERED}rules:\n  - {{id: a, {RULE}}}\n  - {{id: a, {RULE}}}\n", encoding="utf-8")
    assert _message("data/review_rules.yaml", rules) == (
        f"{rules}:4: rules[1].id: 'a' is already used at line 3; give each entry its own id.")


def test_a_parent_loop_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "services.yaml"
    entry = ("  - {{id: {id}, kind: subsection, parent: {parent}, covered: true, order: null, names: {{en: X}}, "
             "headings: {{}}, aliases: []}}\n")
    path.write_text("services:\n" + entry.format(id="a", parent="b") + entry.format(id="b", parent="a"),
                    encoding="utf-8")
    assert _message("data/services.yaml", path) == (
        f"{path}:2: services[0].parent: the chain of parents loops (a -> b -> a); make it end at an entry with "
        "`parent: null`.")


def test_a_bad_rule_condition_is_named(tmp_path: Path) -> None:
    rules = tmp_path / "review_rules.yaml"
    head = (f"{UNCOVERED}rules:\n  - {{id: a, {RULE},\n     checks: [\n"
            "       {type: AWS::S3::Bucket, when: [\n")
    rules.write_text(head + "         {path: [Url], matches: 'http://(x'}]}]}\n", encoding="utf-8")
    assert _message("data/review_rules.yaml", rules) == (
        f"{rules}:6: rules[0].checks[0].when[0].matches: not a valid regular expression (missing ), unterminated "
        "subpattern at position 7); correct the pattern (Python `re` syntax).")
    rules.write_text(head + "         {path: [Url]}]}]}\n", encoding="utf-8")
    assert _message("data/review_rules.yaml", rules) == (
        f"{rules}:6: rules[0].checks[0].when[0]: a `path` condition needs exactly one of: missing, is, is_not, "
        "matches, version_below; see the header comment.")
    rules.write_text(head + "         {missing: true}]}]}\n", encoding="utf-8")
    assert _message("data/review_rules.yaml", rules) == (
        f"{rules}:6: rules[0].checks[0].when[0]: needs either `path` or `related` (one of them); see the header "
        "comment.")


def test_the_command_line_prints_the_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path, line = _broken(data, "data/services.yaml", "    covered: true\n", "    covered: maybe\n")
    monkeypatch.setenv("HIPAA_GUIDE_DATA_DIR", str(data))
    code, out, err = run_cli(capsys, "services")
    assert code == 2 and out == ""
    assert err == f"error: {path}:{line}: services[0].covered: must be true or false, not a string ('maybe'); {FIX}\n"
