"""Terraform modules as reviewed: the root module, local modules it calls (with the variables passed in),
and `count`/`for_each` instances where their values are known statically.

Each module instance becomes one Template (its own scope of `var.*` and `local.*`); resources are named by
their full address (`module.records.aws_s3_bucket.this`, `aws_s3_bucket.copy[0]`). A module whose source
is not a local folder is followed only if `terraform init` downloaded it (`.terraform/modules/modules.json`);
otherwise it is listed as not reviewed.
"""
from __future__ import annotations

import json
import os
import re
from collections import ChainMap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kb.review.limits import MAX_INSTANCES, MAX_NESTING
from kb.review.model import Computed, NotReviewed, Resource, Template
from kb.review.parse_tf import Block, ModuleSource
from kb.review.tf_expr import UNKNOWN, resolve_string

_LOCAL = re.compile(r"^\.{1,2}[/\\]")
_META = {"source", "version", "count", "for_each", "providers", "depends_on", "lifecycle"}
Instance = tuple[Any, dict[str, Any], "str | None"]  # (key, bindings, note)


def value_of(raw: Any, values: Mapping[str, Any]) -> Any:
    """A value as the configuration gives it: interpolations evaluated, Computed where unknown."""
    if isinstance(raw, str):
        if "${" not in raw:
            return raw
        got = resolve_string(raw, values)
        return Computed(raw) if got is UNKNOWN else got
    if isinstance(raw, dict):
        return {k: value_of(v, values) for k, v in raw.items()}
    if isinstance(raw, list):
        return [value_of(v, values) for v in raw]
    return raw


def _bind(raw: Any, values: Mapping[str, Any]) -> Any:
    """Copy of a block body with `each.*` and `count.index` replaced where the whole string is known."""
    if isinstance(raw, str):
        if "each." in raw or "count.index" in raw:
            got = resolve_string(raw, values)
            return raw if got is UNKNOWN else got
        return raw
    if isinstance(raw, dict):
        return {k: _bind(v, values) for k, v in raw.items()}
    if isinstance(raw, list):
        return [_bind(v, values) for v in raw]
    return raw


def instances(body: dict[str, Any], values: Mapping[str, Any]) -> list[Instance]:
    """The instances a block makes: [] for `count = 0`; one per index or key when `count`/`for_each` is
    known and at most MAX_INSTANCES; else one instance reviewed with the index unknown, and a note."""
    if "count" in body:
        n = value_of(body["count"], values)
        if isinstance(n, bool) or not isinstance(n, (int, float)):
            return [(None, {}, f"`count` is computed ({body['count']}): reviewed once, as if the resource exists")]
        if int(n) <= 0:
            return []
        if int(n) > MAX_INSTANCES:
            return [(None, {}, f"`count` = {int(n)}: reviewed once (over {MAX_INSTANCES} instances)")]
        return [(i, {"count.index": i}, None) for i in range(int(n))]
    if "for_each" in body:
        coll = value_of(body["for_each"], values)
        if isinstance(coll, dict):
            items = list(coll.items())
        elif isinstance(coll, list) and all(isinstance(x, (str, int, float)) for x in coll):
            items = [(x, x) for x in coll]
        else:
            return [(None, {}, f"`for_each` is computed ({body['for_each']}): reviewed once, settings that use "
                                "`each.*` not checked")]
        if len(items) > MAX_INSTANCES:
            return [(None, {}, f"`for_each` has {len(items)} keys: reviewed once (over {MAX_INSTANCES} instances)")]
        return [(k, {"each.key": k, "each.value": v}, None) for k, v in items]
    return [(None, {}, None)]


def suffix(key: Any) -> str:
    return "" if key is None else f"[{key}]" if isinstance(key, int) else f'["{key}"]'


class TerraformLoader:
    """Instantiates a root module and the modules it calls; `read` parses (and caches) a module folder."""

    def __init__(self, read: Callable[[Path, str], ModuleSource], not_reviewed: list[NotReviewed],
                 boundary: Path | None = None) -> None:
        self.read = read
        self.not_reviewed = not_reviewed
        self.boundary = boundary  # modules outside this folder are not read (the web page's uploads)
        self.called: set[Path] = set()  # folders reached as modules (not roots of their own)

    def load_root(self, path: Path, label: str) -> list[Template]:
        folder = path if path.is_dir() else path.parent
        manifest = _manifest(folder)
        return self._instantiate(path, label, {}, "", "", 0, (folder.resolve(),), folder, manifest)

    def _instantiate(self, path: Path, label: str, inputs: dict[str, Any], prefix: str, key_path: str, depth: int,
                     chain: tuple[Path, ...], root: Path, manifest: dict[str, str]) -> list[Template]:
        src = self.read(path, label)
        values: dict[str, Any] = {}
        for name, var in src.variables.items():
            if name in inputs:
                values[f"var.{name}"] = inputs[name]
            elif "default" in var:
                values[f"var.{name}"] = var["default"]
        values.update({f"local.{k}": v for k, v in src.locals.items()})
        template = Template(tool="terraform", source=label, resources=[], values=values,
                            data={f"data.{b.type}.{b.name}": b.body for b in src.data})
        out = [template]
        for block in src.resources:
            for key, bindings, note in instances(block.body, values):
                props = _bind(block.body, ChainMap(bindings, values)) if bindings else block.body
                res = Resource(name=f"{prefix}{block.type}.{block.name}{suffix(key)}", type=block.type,
                               properties=props, file=block.file, line=block.line, prop_lines=block.prop_lines,
                               address=f"{block.type}.{block.name}", key=key)
                if note:
                    res.notes.append(note)
                template.resources.append(res)
        folder_label = label if path.is_dir() else (os.path.dirname(label) or ".")
        for block in src.modules:
            for key, bindings, _note in instances(block.body, values):
                out += self._call(block, key, ChainMap(bindings, values), src.folder, folder_label, prefix, key_path,
                                  depth, chain, root, manifest)
        return out

    def _call(self, block: Block, key: Any, values: Mapping[str, Any], folder: Path, folder_label: str, prefix: str,
              key_path: str, depth: int, chain: tuple[Path, ...], root: Path,
              manifest: dict[str, str]) -> list[Template]:
        name = f"{prefix}module.{block.name}{suffix(key)}"
        source = block.body.get("source")
        child_key = f"{key_path}.{block.name}" if key_path else block.name
        target: Path | None = None
        if isinstance(source, str) and _LOCAL.match(source):
            target = folder / source
            child_label = os.path.normpath(os.path.join(folder_label, source))
            reason = "the local module folder does not exist"
        elif child_key in manifest:
            target = root / manifest[child_key]
            child_label = os.path.normpath(os.path.join(str(root), manifest[child_key]))
            reason = "the folder listed in .terraform/modules/modules.json does not exist"
        else:
            reason = ("a registry, Git or URL module is not downloaded: run `terraform init` (the review then reads "
                      ".terraform/modules), or review the module's own code")
        what = f"module `{name}` ({source})"
        if target is not None and self.boundary is not None and not target.resolve().is_relative_to(
                self.boundary.resolve()):
            target, reason = None, "the module is outside the files given for review"
        if target is None or not target.is_dir():
            self.not_reviewed.append(NotReviewed(what, block.file, block.line, reason))
            return []
        resolved = target.resolve()
        if depth + 1 > MAX_NESTING or resolved in chain:
            self.not_reviewed.append(NotReviewed(what, block.file, block.line,
                                                 f"modules nested more than {MAX_NESTING} deep, or calling themselves"))
            return []
        self.called.add(resolved)
        inputs = {k: value_of(v, values) for k, v in block.body.items() if k not in _META}
        return self._instantiate(target, child_label, inputs, f"{name}.", child_key, depth + 1, (*chain, resolved),
                                 root, manifest)


def _manifest(folder: Path) -> dict[str, str]:
    """Module key -> folder, from the `.terraform/modules/modules.json` that `terraform init` writes."""
    path = folder / ".terraform" / "modules" / "modules.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}
    modules = data.get("Modules") if isinstance(data, dict) else None
    return {m["Key"]: m["Dir"] for m in modules or [] if isinstance(m, dict) and m.get("Key") and
            isinstance(m.get("Dir"), str)}
