"""Terraform: a .tf file or a folder of them, parsed with python-hcl2 -> resources with line numbers."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kb.errors import ReviewInputError
from kb.review.model import Resource, Template


def _read(path: Path, label: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewInputError(f"{label}: cannot read ({exc}).") from exc


def _parse(text: str, label: str) -> dict[str, Any]:
    import hcl2
    from hcl2.utils import SerializationOptions
    from lark.exceptions import LarkError, UnexpectedInput

    # Plain strings without their quotes, blocks as lists of dicts (no markers), no comments.
    options = SerializationOptions(with_comments=False, explicit_blocks=False, strip_string_quotes=True)
    try:
        return hcl2.loads(text, serialization_options=options)
    except UnexpectedInput as exc:
        line = exc.line if isinstance(exc.line, int) and exc.line > 0 else text.count("\n") + 1
        column = f":{exc.column}" if isinstance(exc.column, int) and exc.column > 0 else ""
        got = getattr(exc, "token", None) or getattr(exc, "char", None)
        what = f"unexpected {str(got).strip()[:30]!r}" if got is not None and str(got).strip() else "unexpected input"
        raise ReviewInputError(f"{label}:{line}{column}: invalid HCL ({what}). "
                               "Run `terraform fmt` or fix the file, then review again.") from exc
    except (LarkError, ValueError, TypeError, KeyError) as exc:
        raise ReviewInputError(f"{label}: invalid HCL ({type(exc).__name__}: {exc}).") from exc


def _block_lines(text: str, kind: str, type_: str, name: str) -> tuple[int | None, dict[str, int]]:
    """Line of `kind "type" "name" {` and of each top-level attribute or block inside it."""
    head = re.compile(rf'^[ \t]*{kind}[ \t]+"?{re.escape(type_)}"?[ \t]+"?{re.escape(name)}"?[ \t]*\{{', re.M)
    m = head.search(text)
    if not m:
        return None, {}
    start_line = text.count("\n", 0, m.start()) + 1
    props: dict[str, int] = {}
    depth = 0
    for offset, line in enumerate(text[m.end():].split("\n")):
        if depth == 0:
            key = re.match(r"^[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(=|\{)", line)
            if key and key.group(1) not in props:
                props[key.group(1)] = start_line + offset
        depth += line.count("{") - line.count("}")
        if depth < 0:
            break
    return start_line, props


def parse_terraform(path: Path, label: str) -> Template:
    """Read every `resource` (and `data`, `variable`, `locals`) block of the file or folder."""
    files = [path] if path.is_file() else sorted(path.glob("*.tf"))
    if not files:
        raise ReviewInputError(f"{label}: no .tf files in this folder.")
    template = Template(tool="terraform", source=label, resources=[])
    for file in files:
        flabel = label if path.is_file() else f"{label.rstrip('/')}/{file.name}"
        text = _read(file, flabel)
        data = _parse(text, flabel)
        for block in data.get("variable") or []:
            for name, body in block.items():
                if isinstance(body, dict) and "default" in body:
                    template.values[f"var.{name}"] = body["default"]
        for block in data.get("locals") or []:
            template.values.update({f"local.{k}": v for k, v in block.items()})
        for block in data.get("data") or []:
            for type_, named in block.items():
                for name, body in named.items():
                    template.data[f"data.{type_}.{name}"] = body
        for block in data.get("resource") or []:
            for type_, named in block.items():
                for name, body in named.items():
                    line, props = _block_lines(text, "resource", type_, name)
                    template.resources.append(Resource(name=f"{type_}.{name}", type=type_,
                                                       properties=body if isinstance(body, dict) else {},
                                                       file=flabel, line=line, prop_lines=props))
    return template
