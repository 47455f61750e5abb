"""The layers and their one direction: import-linter's contracts (pyproject.toml) hold, every module is placed
in a layer, and the front ends reach the knowledge base through the facade only."""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
# What KnowledgeBase loads for its own calls; a front end asks the facade (services, chunks, analyze...) instead.
INTERNALS = {"catalog", "index", "embedder", "searcher", "analyzer", "requirements", "wording", "chain"}


def _contract(contract_id: str) -> dict:
    return next(c for c in CONFIG["contracts"] if c["id"] == contract_id)


def test_import_contracts_hold() -> None:
    """`lint-imports`, as a developer runs it from the checkout (its folder first on sys.path)."""
    script = Path(sys.executable).parent / "lint-imports"
    if not script.exists():
        pytest.fail(f"{script} is missing: install the test extra (pip install -e '.[test]').")
    run = subprocess.run([str(script), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_every_module_has_a_layer() -> None:
    """A new module of kb (or a new top-level package) must be given its place in the layers contract."""
    placed = {name.strip() for layer in _contract("layers")["layers"]
              for name in layer.replace("|", ":").split(":")}
    modules = {f"kb.{p.stem}" for p in (ROOT / "kb").glob("*.py") if p.name != "__init__.py"}
    modules |= {f"kb.{p.parent.name}" for p in (ROOT / "kb").glob("*/__init__.py")}
    modules |= set(CONFIG["root_packages"]) - {"kb"}
    assert modules - placed == set(), "give these modules a layer in pyproject.toml [tool.importlinter]"
    assert placed - modules == set(), "these layer entries name no module"


def _facade_internals(source: str, label: str) -> list[str]:
    """`kb.index`, `self.kb.catalog`...: a front end reading what the facade keeps for itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or node.attr not in INTERNALS:
            continue
        owner = node.value
        name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
        if name in {"kb", "_kb"}:
            found.append(f"{label}:{node.lineno}: {name}.{node.attr}")
    return sorted(found)


def test_front_ends_use_the_facade_not_its_internals() -> None:
    found = [hit for path in sorted((ROOT / "app").rglob("*.py"))
             for hit in _facade_internals(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == [], "ask KnowledgeBase (kb/core.py) for it instead:\n" + "\n".join(found)


def test_the_check_sees_a_reach_into_internals() -> None:
    source = "ids = labels.index(x)\nservices = kb.catalog.whitepaper_services()\nnames = self.kb.index.docs\n"
    assert _facade_internals(source, "page.py") == ["page.py:2: kb.catalog", "page.py:3: kb.index"]
