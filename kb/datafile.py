"""One loader for the reviewed data files under data/: YAML checked against a JSON Schema.

A broken file gives one DataFileError naming the file, the line and the field, and what to do:
`data/requirements/s3.yaml:14: requirements[0].statement: 'zh' is a required property; fix the file
(its schema is documented at the top) or restore it with git.`
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.errors import DataFileError

FIX = "fix the file (its schema is documented at its top or in its folder's README.md) or restore it with git"


def load_data(path: Path, schema: dict[str, Any]) -> Any:
    """Parse the YAML file at `path` and validate it against `schema` (a JSON Schema, draft 2020-12).

    Returns the parsed data. Raises DataFileError for a missing or unreadable file, invalid YAML,
    or the first schema violation (in document order), with file, line and field.
    """
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(f"{path}: file not found; restore it with git (it ships with HIPAA Guide).") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read it ({exc}); {FIX}.") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(f"{where}: not valid YAML ({problem}); {FIX}.") from exc
    check(data, schema, path, node)
    return data


def check(data: Any, schema: dict[str, Any], path: Path, node: Any = None) -> None:
    """Validate parsed `data` against `schema`; `node` (yaml.compose output) supplies line numbers."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: line_of(node, list(e.absolute_path)) or 0)
    if errors:
        err = errors[0]
        where = list(err.absolute_path)
        raise DataFileError(f"{_at(path, node, where)}: {field_name(where) or '(top level)'}: {err.message}; {FIX}.")


def fail(path: Path, node: Any, where: list[Any], message: str) -> DataFileError:
    """A DataFileError for a check the schema cannot express (a duplicate id, a quote that is not in
    its source): `where` is the field's path in the data, e.g. ["requirements", 3, "evidence", 0]."""
    return DataFileError(f"{_at(path, node, where)}: {field_name(where)}: {message}; {FIX}.")


def field_name(where: list[Any]) -> str:
    """["requirements", 3, "statement", "zh"] -> "requirements[3].statement.zh"."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _at(path: Path, node: Any, where: list[Any]) -> str:
    line = line_of(node, where)
    return f"{path}:{line}" if line else str(path)


def line_of(node: Any, where: list[Any]) -> int | None:
    """1-based line of the node at `where` (or of its deepest existing ancestor)."""
    import yaml

    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in where:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    child = value
                    line = key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def compose(path: Path) -> Any:
    """The YAML node tree of `path`, for line numbers in checks made after load_data."""
    import yaml

    return yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
