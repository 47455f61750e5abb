"""Terraform files parsed with python-hcl2 (depth-checked first), with the line of every block and attribute.

`read_module(folder)` reads the `.tf` files of one module folder (or one file) into a `ModuleSource`: its
variables, locals, data sources, resources and module calls, each block with its file and line.
`kb/review/tf_modules.py` turns a module source into reviewed instances.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import ReviewInputError
from kb.review.limits import check_hcl_depth, read_text, too_deep


@dataclass
class Block:
    """One `resource`, `data` or `module` block."""

    kind: str  # resource | data | module
    type: str  # resource/data type; "" for a module
    name: str
    body: dict[str, Any]
    file: str  # label of its file
    line: int | None
    prop_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class ModuleSource:
    """The parsed `.tf` files of one folder."""

    folder: Path
    label: str
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    size: int = 0  # bytes read

    @property
    def resources(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "resource"]

    @property
    def modules(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "module"]

    @property
    def data(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "data"]


def parse_hcl(text: str, label: str) -> dict[str, Any]:
    """python-hcl2 on `text` after the depth check; ReviewInputError naming `file:line:column` otherwise."""
    import hcl2
    from hcl2.utils import SerializationOptions
    from lark.exceptions import LarkError, UnexpectedInput

    check_hcl_depth(text, label)
    # Plain strings without their quotes, blocks as lists of dicts (no markers), no comments.
    options = SerializationOptions(with_comments=False, explicit_blocks=False, strip_string_quotes=True)
    try:
        data = hcl2.loads(text, serialization_options=options)
    except UnexpectedInput as exc:
        line = exc.line if isinstance(exc.line, int) and exc.line > 0 else text.count("\n") + 1
        column = f":{exc.column}" if isinstance(exc.column, int) and exc.column > 0 else ""
        got = getattr(exc, "token", None) or getattr(exc, "char", None)
        what = f"unexpected {str(got).strip()[:30]!r}" if got is not None and str(got).strip() else "unexpected input"
        raise ReviewInputError(f"{label}:{line}{column}: invalid HCL ({what}). "
                               "Run `terraform fmt` or fix the file, then review again.") from exc
    except RecursionError as exc:
        raise too_deep(label, "1") from exc
    except (LarkError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise ReviewInputError(f"{label}: invalid HCL ({type(exc).__name__}: {str(exc)[:200]}).") from exc
    return data if isinstance(data, dict) else {}


_HEAD = re.compile(r'^[ \t]*(resource|data|module)[ \t]+"?([\w-]+)"?(?:[ \t]+"?([\w-]+)"?)?[ \t]*\{')
_ATTR = re.compile(r"^[ \t]*([A-Za-z_][\w-]*)[ \t]*(=|\{)")


def block_lines(text: str) -> dict[tuple[str, str, str], tuple[int, dict[str, int]]]:
    """(kind, type, name) -> (line of the block, line of each top-level attribute or nested block), for
    every resource, data and module block, in one pass over the lines (a module has type "")."""
    out: dict[tuple[str, str, str], tuple[int, dict[str, int]]] = {}
    current: dict[str, int] | None = None
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if depth == 0:
            m = _HEAD.match(line)
            if m:
                kind, first, second = m.groups()
                key = (kind, "", first) if kind == "module" else (kind, first, second or "")
                current = {}
                out.setdefault(key, (number, current))
        elif depth == 1 and current is not None:
            m = _ATTR.match(line)
            if m and m.group(1) not in current:
                current[m.group(1)] = number
        depth = max(0, depth + line.count("{") - line.count("}"))
        if depth == 0:
            current = None
    return out


def read_module(path: Path, label: str) -> ModuleSource:
    """Parse a `.tf` file, or every `.tf` file of a folder (one module), into a ModuleSource."""
    files = [path] if path.is_file() else sorted(p for p in path.glob("*.tf") if p.is_file())
    module = ModuleSource(folder=path if path.is_dir() else path.parent, label=label)
    for file in files:
        flabel = label if path.is_file() else f"{label.rstrip('/')}/{file.name}"
        text = read_text(file, flabel)
        module.size += len(text)
        data = parse_hcl(text, flabel)
        lines = block_lines(text)
        for block in _blocks(data, "variable"):
            for name, body in block.items():
                module.variables[name] = body if isinstance(body, dict) else {}
        for block in _blocks(data, "locals"):
            module.locals.update(block)
        for kind in ("resource", "data"):
            for block in _blocks(data, kind):
                for type_, named in block.items():
                    for name, body in (named.items() if isinstance(named, dict) else ()):
                        line, props = lines.get((kind, type_, name), (None, {}))
                        module.blocks.append(Block(kind, type_, name, body if isinstance(body, dict) else {},
                                                   flabel, line, props))
        for block in _blocks(data, "module"):
            for name, body in block.items():
                line, props = lines.get(("module", "", name), (None, {}))
                module.blocks.append(Block("module", "", name, body if isinstance(body, dict) else {},
                                           flabel, line, props))
    return module


def _blocks(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    value = data.get(kind) or []
    return [b for b in (value if isinstance(value, list) else [value]) if isinstance(b, dict)]
