"""One loader for every data file (data/, evals/gate.yaml): YAML (or JSON) checked against a JSON Schema.

Each data file has its JSON Schema beside the code that reads it (the schema is the source of truth; the
file's header comment explains it). A broken file gives one DataFileError of one line naming the file, the
line, the field, what is wrong and how to fix it:

    data/requirements/s3.yaml:14: requirements[0].statement.zh: missing; add it (the file's header comment
    or its folder's README.md describes every field)

Checks a schema cannot express (unique ids, references to other entries, a key given twice) use the same
format, with the line of the offending entry: `DataFile.fail`, `DataFile.unique`, `DataFile.refer`.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.errors import DataFileError

FIX = "fix the file (its schema is documented at its top or in its folder's README.md) or restore it with git"
_DESCRIBED = "the file's header comment or its folder's README.md describes every field"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_MISSING, _UNKNOWN = "missing", "unknown field"


@dataclass(frozen=True)
class DataFile:
    """A parsed, schema-checked data file: its data, and its YAML node tree for line numbers."""

    path: Path
    data: Any
    node: Any = None
    error: type[DataFileError] = DataFileError

    def line(self, where: list[Any]) -> int:
        """1-based line of the field at `where` (or of its deepest existing ancestor)."""
        return _line_of(self.node, where) or 1

    def fail(self, where: list[Any], message: str, fix: str = FIX) -> DataFileError:
        """The error for a check the schema cannot express: `where` is the field's path in the data,
        e.g. ["services", 3, "parent"]; `message` says what is wrong, `fix` how to fix it."""
        return self.error(_one_line(f"{self.path}:{self.line(where)}: {_field_name(where) or '(top level)'}: "
                                    f"{message}; {fix}."))

    def get(self, where: list[Any]) -> Any:
        """The value at `where` in the data (KeyError or IndexError if there is none)."""
        value = self.data
        for part in where:
            value = value[part]
        return value

    def unique(self, where: list[Any], key: str = "id") -> dict[Any, int]:
        """Refuse two items of the list at `where` with the same `key`; returns value -> index."""
        seen: dict[Any, int] = {}
        for i, item in enumerate(self.get(where) or ()):
            value = item.get(key) if isinstance(item, dict) else None
            if value is None:
                continue
            if value in seen:
                first = self.line([*where, seen[value], key])
                raise self.fail([*where, i, key], f"{value!r} is already used at line {first}",
                                f"give each entry its own {key}")
            seen[value] = i
        return seen

    def refer(self, where: list[Any], known: Collection[str], what: str, fix: str) -> None:
        """Refuse a value at `where` (a string, or a list of them) that is not in `known`; `what` names
        what it should be ("the id of an entry under `services:`")."""
        value = self.get(where)
        for i, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
            if item is not None and item not in known:
                raise self.fail(where if i is None else [*where, i], f"{item!r} is not {what}", fix)


def read(path: Path, schema: dict[str, Any], error: type[DataFileError] = DataFileError) -> DataFile:
    """Parse the YAML (or JSON) file at `path` and validate it against `schema` (JSON Schema, draft 2020-12,
    with "format": "regex" checked). Raises `error` (a DataFileError) for a missing or unreadable file,
    invalid YAML, a key given twice in one mapping, or the first schema violation in document order."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(f"{path}: file not found; restore it with git (it ships with HIPAA Guide), or point "
                    "HIPAA_GUIDE_DATA_DIR at a folder that has it.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(_one_line(f"{path}: cannot read it ({exc}); {FIX}.")) from exc
    base = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
    loader = base(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(_one_line(f"{path}:{mark.line + 1 if mark is not None else 1}: not valid YAML ({problem}); "
                              f"{FIX}.")) from exc
    finally:
        loader.dispose()
    doc = DataFile(path, data, node, error)
    _no_duplicate_keys(doc)
    _check(doc, schema)
    return doc


def load_data(path: Path, schema: dict[str, Any], error: type[DataFileError] = DataFileError) -> Any:
    """The data of `read(path, schema)`: for files that need no checks beyond their schema."""
    return read(path, schema, error).data


def _field_name(where: list[Any]) -> str:
    """["requirements", 3, "statement", "zh"] -> "requirements[3].statement.zh"."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(node: Any, where: list[Any]) -> int | None:
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


def _no_duplicate_keys(doc: DataFile) -> None:
    """A key given twice in one mapping: YAML parsers silently keep the last one."""
    import yaml

    todo: list[tuple[Any, list[Any]]] = [(doc.node, [])]
    done: set[int] = set()
    while todo:
        node, where = todo.pop()
        if id(node) in done:  # an alias (*name) of a node already checked
            continue
        done.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if key.tag == _MERGE_TAG or not isinstance(key, yaml.ScalarNode):
                    continue
                if key.value in first:
                    raise doc.error(_one_line(
                        f"{doc.path}:{key.start_mark.line + 1}: {_field_name([*where, key.value])}: given twice (first "
                        f"at line {first[key.value]}; YAML keeps only the last); remove or merge one of them."))
                first[key.value] = key.start_mark.line + 1
                todo.append((value, [*where, key.value]))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((child, [*where, i]) for i, child in enumerate(node.value))


def _check(doc: DataFile, schema: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import relevance

    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = []
    for err in validator.iter_errors(doc.data):
        while err.context:  # anyOf / oneOf: the most relevant failure of the closest alternative
            err = min(err.context, key=relevance)
        errors.append(_describe(err))
    # A misspelt key is both an unknown field and a missing one: name the key as written.
    misspelt = {tuple(where[:-1]) for where, message, _ in errors if message == _UNKNOWN}
    errors = [e for e in errors if not (e[1] == _MISSING and tuple(e[0][:-1]) in misspelt)]
    if errors:
        where, message, fix = min(errors, key=lambda e: doc.line(e[0]))
        raise doc.fail(where, message, fix)


def _describe(err: Any) -> tuple[list[Any], str, str]:
    """(field path, what is wrong, how to fix) of one schema violation, in words a reviewer can act on."""
    where, kind, value, instance = list(err.absolute_path), err.validator, err.validator_value, err.instance
    if "propertyNames" in err.schema_path:  # the key itself is wrong: point at it
        return [*where, instance], f"{_short(instance)} is not a valid key here ({err.message})", FIX
    if kind == "required":
        missing = next((k for k in value if isinstance(instance, dict) and k not in instance), value[0])
        return [*where, missing], _MISSING, f"add it ({_DESCRIBED})"
    if kind == "dependentRequired":
        for key, needs in value.items():
            gone = [n for n in needs if key in instance and n not in instance]
            if gone:
                return [*where, gone[0]], f"missing (needed with `{key}`)", f"add it or remove `{key}`"
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(err.schema.get("properties") or {})
        extra = next((k for k in instance if k not in allowed), None)
        if extra is not None:
            close = difflib.get_close_matches(str(extra), [k for k in allowed if k not in instance], 1, 0.75)
            fix = (f"rename it to `{close[0]}`, or remove it" if close else
                   f"remove it or use one of: {', '.join(allowed)}" if allowed else "remove it")
            return [*where, extra], _UNKNOWN, fix
    if kind == "type":
        return where, f"must be {_kinds(value)}, not {_kind(instance)}", FIX
    if kind == "enum":
        return where, f"{_short(instance)} is not allowed", f"use one of: {', '.join(map(str, value))}"
    if kind == "format" and value == "regex":
        try:
            re.compile(instance)
        except (re.error, TypeError) as exc:
            return where, f"not a valid regular expression ({exc})", "correct the pattern (Python `re` syntax)"
    if kind == "pattern":  # the schema's "description" says the form in words
        form = err.schema.get("description", value)
        return where, f"{_short(instance)} does not have the expected form ({form})", FIX
    if kind in ("minItems", "minLength", "minProperties") and value == 1:
        return where, "must not be empty", FIX
    return where, _cut(err.message, 200), FIX


def _kind(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({_short(value)})"
    return "a list" if isinstance(value, list) else "a mapping"


_KINDS = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "an integer",
          "number": "a number", "boolean": "true or false", "null": "null"}


def _kinds(types: str | list[str]) -> str:
    return " or ".join(_KINDS.get(t, t) for t in ([types] if isinstance(types, str) else types))


def _short(value: Any, limit: int = 60) -> str:
    """repr(value), cut to `limit` characters."""
    return _cut(repr(value), limit)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_line(text: str) -> str:
    return " ".join(text.split())
