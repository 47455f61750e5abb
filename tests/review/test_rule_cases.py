"""Every review rule has cases where it fires and cases where it does not (tests/review/rule_cases/RULE.yaml).

One parametrized test over the rule ids of data/review_rules.yaml: it fails when a rule has no case file,
no case where it fires for each tool it has checks for, or no case where it stays quiet; when a firing case
does not give the rule's finding on the named resource; and when a quiet case gives it, or does not even
contain a resource the rule examines.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb.review import Reviewer
from kb.review.inputs import load_workspace
from kb.review.rules import Rule

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "rule_cases"
RAW = yaml.safe_load((ROOT / "data" / "review_rules.yaml").read_text(encoding="utf-8"))
RULE_IDS = [r["id"] for r in RAW["rules"]] + [RAW["uncovered"]["id"]]
FILES = {"cloudformation": "template.yaml", "terraform": "main.tf"}


def _tools(rule: Rule) -> set[str]:
    return {"cloudformation" if t.startswith("AWS::") else "terraform" for t in rule.types()}


def _run(reviewer: Reviewer, case: dict, folder: Path) -> tuple[set[tuple[str, str]], dict]:
    (tool,) = [t for t in FILES if t in case]
    folder.mkdir()
    path = folder / FILES[tool]
    path.write_text(case[tool], encoding="utf-8")
    workspace = load_workspace(path, reviewer.kb.catalog)
    resources = {r.name: (r, t) for t in workspace.templates for r in t.resources}
    report = reviewer.review_workspace(workspace)
    return {(f.resource, f.rule_id) for f in report.findings}, resources


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_fires_and_stays_quiet(reviewer: Reviewer, tmp_path: Path, rule_id: str) -> None:
    rules = {r.id: r for r in [*reviewer.rules.rules, reviewer.rules.uncovered]}
    rule = rules[rule_id]
    path = CASES / f"{rule_id}.yaml"
    assert path.is_file(), f"{rule_id}: no case file {path.relative_to(ROOT)}"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    fires, passes = cases.get("fires") or [], cases.get("passes") or []
    assert passes, f"{rule_id}: no case where the rule stays quiet"
    missing = _tools(rule) - {t for c in fires for t in FILES if t in c}
    assert fires and not missing, f"{rule_id}: no case where it fires for {sorted(missing) or 'any tool'}"
    for n, case in enumerate(fires):
        found, resources = _run(reviewer, case, tmp_path / f"fire{n}")
        assert case["resource"] in resources, (rule_id, n, sorted(resources))
        assert (case["resource"], rule_id) in found, (rule_id, "fires", n, sorted(found))
    for n, case in enumerate(passes):
        found, resources = _run(reviewer, case, tmp_path / f"pass{n}")
        assert case["resource"] in resources, (rule_id, n, sorted(resources))
        res, template = resources[case["resource"]]
        service = reviewer.map.lookup(res, template).service_id
        if rule.checks:  # the quiet case must hold something the rule examines
            assert res.type in rule.types() and (not rule.services or service in rule.services), (rule_id, n)
        else:  # uncovered-service: a resource of a covered service
            assert service and reviewer.kb.catalog.get(service).covered, (rule_id, n)
        assert (case["resource"], rule_id) not in found, (rule_id, "passes", n, sorted(found))
