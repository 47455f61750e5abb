"""Size, depth and expansion limits of `kb review`, and linear scans that enforce them before a parser runs.

Every parser of user input (YAML, JSON, HCL) is bounded in memory and time by these numbers; a file over a
limit is refused with one line naming the file and position (ReviewInputError, exit code 2).
"""
from __future__ import annotations

import re
from pathlib import Path

from kb.errors import ReviewInputError

# CloudFormation accepts a template of at most 1 MB from Amazon S3 (CreateStack/ValidateTemplate TemplateURL,
# "max size: 1 MB", AWS CloudFormation API reference); the same cap applies to every file `kb review` reads.
MAX_FILE_BYTES = 1_048_576
# A folder review reads at most this many bytes and template files in total (our own bound, documented in
# README.md): 16 templates at CloudFormation's maximum size, or thousands of ordinary ones.
MAX_TOTAL_BYTES = 16 * MAX_FILE_BYTES
MAX_FILES = 2_000
# Nesting of mappings, lists and expressions. Real templates stay below 30 (an inline Step Functions
# definition or IAM policy is the deepest part); Python's own recursion limit is 1,000 frames.
MAX_DEPTH = 100
# Values a YAML document may expand to through aliases and merge keys. A 1 MB file without aliases holds at
# most about 524,000 values (each needs a character and a separator), so no real template comes near.
MAX_EXPANDED_NODES = 1_000_000
# Nested stacks and Terraform modules followed below the reviewed file or folder.
MAX_NESTING = 10
# Instances made from one `count` or `for_each`; above this the block is reviewed once with the index unknown.
MAX_INSTANCES = 20


def read_text(path: Path, label: str) -> str:
    """The file's text (UTF-8, BOM dropped) after checking its size against MAX_FILE_BYTES.

    Raises ReviewInputError for a missing, unreadable, oversized or non-UTF-8 file.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReviewInputError(f"{label}: cannot read ({exc.strerror or exc}).") from exc
    if size > MAX_FILE_BYTES:
        raise ReviewInputError(
            f"{label}: {size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit (CloudFormation's own 1 MB "
            "template limit). Split it into nested stacks or modules and review those.")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ReviewInputError(f"{label}: cannot read ({exc.strerror or exc}).") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise ReviewInputError(f"{label}:{line}: not UTF-8 text (byte {exc.start}). "
                               "Save the file as UTF-8 and review it again.") from exc


def position(text: str, offset: int) -> str:
    """`line:column` (both 1-based) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def too_deep(label: str, where: str) -> ReviewInputError:
    return ReviewInputError(f"{label}:{where}: nested more than {MAX_DEPTH} levels deep; no template needs "
                            "that many. Flatten the structure and review it again.")


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def check_json_depth(text: str, label: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH (one linear scan; strings are skipped whole)."""
    depth = 0
    for m in _JSON_TOKENS.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise too_deep(label, position(text, m.start()))
        elif token in "]}":
            depth -= 1


# HCL: strings ("..." with ${...} and %{...} templates inside), heredocs, three comment styles.
_HCL_CODE = re.compile(r'#[^\n]*|//[^\n]*|/\*.*?(?:\*/|\Z)|<<-?\s*([A-Za-z_][\w-]*)[ \t]*\n|"|[\[\](){}]', re.S)
_HCL_STRING = re.compile(r'\\.|[$%]\{|"|\n', re.S)


def check_hcl_depth(text: str, label: str) -> None:
    """Refuse HCL nested deeper than MAX_DEPTH, counting brackets, braces, parentheses and the `${...}`
    templates inside strings (one linear scan with a stack of open contexts)."""
    stack: list[str] = []  # "{", "[", "(" or "${" (an interpolation opened inside a string)
    pos, n = 0, len(text)
    in_string = False
    while pos < n:
        if in_string:
            m = _HCL_STRING.search(text, pos)
            if m is None:
                return
            pos = m.end()
            token = m.group()
            if token in ("${", "%{"):
                stack.append("${")
                in_string = False
                if len(stack) > MAX_DEPTH:
                    raise too_deep(label, position(text, m.start()))
            elif token in ('"', "\n"):
                in_string = False
            continue
        m = _HCL_CODE.search(text, pos)
        if m is None:
            return
        pos = m.end()
        token = m.group()
        if m.group(1):  # heredoc: skip to the line holding only its marker
            end = re.compile(rf"^[ \t]*{re.escape(m.group(1))}[ \t]*$", re.M).search(text, pos)
            pos = end.end() if end else n
        elif token == '"':
            in_string = True
        elif token in "[({":
            stack.append(token)
            if len(stack) > MAX_DEPTH:
                raise too_deep(label, position(text, m.start()))
        elif token in "])}":
            if stack:
                opened = stack.pop()
                in_string = opened == "${" and token == "}"
