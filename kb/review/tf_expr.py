"""A small evaluator for the Terraform expressions a review can know statically.

python-hcl2 returns every expression as a string such as `"${var.make_copy ? 1 : 0}"`. This module evaluates
the subset whose value the files themselves give: literals, lists and objects, `var.*`, `local.*`,
`each.key`/`each.value`/`count.index` bindings, attribute and index access, `!`, `-`, comparisons, `&&`,
`||`, the conditional operator, string templates, and a few pure functions (length, toset, tolist, tomap,
keys, values, lookup, merge, concat, contains, lower, upper, tostring, tonumber, tobool, coalesce).
Anything else (a resource attribute, a data source, an unknown function) is UNKNOWN, and so is every
expression built from it. Work is bounded: expressions longer than MAX_EXPR_CHARS or nested deeper than
MAX_EXPR_DEPTH are UNKNOWN, and local values are followed at most MAX_LOCAL_HOPS times.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

MAX_EXPR_CHARS = 4_000
MAX_EXPR_DEPTH = 30
MAX_LOCAL_HOPS = 10


class _Unknown:
    """A value only known when Terraform runs (a resource attribute, a variable without a default)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
_TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<str>")|(?P<id>[A-Za-z_][\w-]*)'
                    r'|(?P<op>==|!=|<=|>=|&&|\|\||=>|\.\.\.|[?:!<>+\-*/%(){}\[\],.=]))')


class _Fail(Exception):
    """The expression is outside the supported subset."""


class _Parser:
    def __init__(self, text: str, lookup: Callable[[str, str], Any]) -> None:
        self.text, self.pos, self.depth, self.lookup = text, 0, 0, lookup

    # -- tokens
    def peek(self) -> tuple[str, str] | None:
        m = _TOKEN.match(self.text, self.pos)
        if not m:
            return None if not self.text[self.pos:].strip() else ("bad", "")
        kind = m.lastgroup or "bad"
        return kind, m.group(kind)

    def take(self, value: str | None = None) -> str:
        m = _TOKEN.match(self.text, self.pos)
        if not m or (value is not None and m.group(m.lastgroup or "") != value):
            raise _Fail(value)
        self.pos = m.end()
        return m.group(m.lastgroup or "")

    def at(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "op" and tok[1] == value

    # -- grammar
    def expr(self) -> Any:
        self.depth += 1
        if self.depth > MAX_EXPR_DEPTH:
            raise _Fail("depth")
        try:
            cond = self.binary(0)
            if self.at("?"):
                self.take("?")
                yes = self.expr()
                self.take(":")
                no = self.expr()
                if cond is UNKNOWN or not isinstance(cond, bool):
                    return UNKNOWN
                return yes if cond else no
            return cond
        finally:
            self.depth -= 1

    _LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))

    def binary(self, level: int) -> Any:
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while True:
            tok = self.peek()
            if not tok or tok[0] != "op" or tok[1] not in self._LEVELS[level]:
                return left
            op = self.take()
            right = self.binary(level + 1)
            left = _apply(op, left, right)

    def unary(self) -> Any:
        if self.at("!"):
            self.take("!")
            v = self.unary()
            return (not v) if isinstance(v, bool) else UNKNOWN
        if self.at("-"):
            self.take("-")
            v = self.unary()
            return -v if isinstance(v, (int, float)) and not isinstance(v, bool) else UNKNOWN
        return self.postfix(self.primary())

    def postfix(self, value: Any) -> Any:
        while True:
            if self.at("."):
                self.take(".")
                tok = self.peek()
                if tok and tok[0] == "op" and tok[1] == "*":
                    raise _Fail("splat")
                name = self.take()
                value = _index(value, name)
            elif self.at("["):
                self.take("[")
                key = self.expr()
                self.take("]")
                value = _index(value, key)
            else:
                return value

    def primary(self) -> Any:
        tok = self.peek()
        if tok is None:
            raise _Fail("end")
        kind, text = tok
        if kind == "num":
            self.take()
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "str":
            return self.string()
        if kind == "id":
            self.take()
            if text in ("true", "false"):
                return text == "true"
            if text == "null":
                return None
            if self.at("("):
                return self.call(text)
            if text in ("var", "local", "each", "count") and self.at("."):
                self.take(".")
                return self.lookup(text, self.take())
            return UNKNOWN  # a resource, data source, module or other root: known only when Terraform runs
        if text == "(":
            self.take("(")
            v = self.expr()
            self.take(")")
            return v
        if text == "[":
            return self.sequence()
        if text == "{":
            return self.mapping()
        raise _Fail(text)

    def sequence(self) -> Any:
        self.take("[")
        items = []
        while not self.at("]"):
            items.append(self.expr())
            if not self.at("]"):
                self.take(",")
        self.take("]")
        return UNKNOWN if any(i is UNKNOWN for i in items) else items

    def mapping(self) -> Any:
        self.take("{")
        out: dict[str, Any] = {}
        unknown = False
        while not self.at("}"):
            tok = self.peek()
            key = self.take() if tok and tok[0] == "id" else self.expr()
            if not (self.at("=") or self.at(":")):
                raise _Fail("=")
            self.take()
            value = self.expr()
            if key is UNKNOWN or value is UNKNOWN:
                unknown = True
            else:
                out[str(key)] = value
            if self.at(","):
                self.take(",")
        self.take("}")
        return UNKNOWN if unknown else out

    def call(self, name: str) -> Any:
        self.take("(")
        args = []
        while not self.at(")"):
            args.append(self.expr())
            if self.at("..."):
                raise _Fail("expand")
            if not self.at(")"):
                self.take(",")
        self.take(")")
        fn = _FUNCTIONS.get(name)
        if fn is None or any(a is UNKNOWN for a in args):
            return UNKNOWN
        try:
            return fn(*args)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return UNKNOWN

    def string(self) -> Any:
        """A quoted template: literal parts and ${...} interpolations (%{...} directives are UNKNOWN)."""
        self.pos = self.text.index('"', self.pos) + 1
        return self.template(quoted=True)

    def template(self, quoted: bool) -> Any:
        parts: list[Any] = []
        while True:
            if self.pos >= len(self.text):
                if quoted:
                    raise _Fail('"')
                break
            ch = self.text[self.pos]
            if ch == '"' and quoted:
                self.pos += 1
                break
            if ch == "\\" and self.pos + 1 < len(self.text):
                nxt = self.text[self.pos + 1]
                parts.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
                self.pos += 2
            elif self.text.startswith("${", self.pos):
                self.pos += 2
                parts.append(self.expr())
                self.take("}")
            elif self.text.startswith("%{", self.pos):
                raise _Fail("directive")
            else:
                parts.append(ch)
                self.pos += 1
        return _join(parts)


def _join(parts: list[Any]) -> Any:
    if any(p is UNKNOWN for p in parts):
        return UNKNOWN
    if len(parts) == 1 and not isinstance(parts[0], str):
        return parts[0]
    return "".join(_text(p) for p in parts)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        raise _Fail("interpolate collection")
    return "" if value is None else str(value)


def _index(value: Any, key: Any) -> Any:
    if value is UNKNOWN or key is UNKNOWN:
        return UNKNOWN
    if isinstance(value, Mapping):
        return value.get(str(key), UNKNOWN)
    if isinstance(value, list) and isinstance(key, (int, float)) and not isinstance(key, bool):
        i = int(key)
        return value[i] if 0 <= i < len(value) else UNKNOWN
    return UNKNOWN


def _apply(op: str, a: Any, b: Any) -> Any:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if op in ("==", "!="):
        same = _text(a) == _text(b) if not isinstance(a, (dict, list)) else a == b
        return same if op == "==" else not same
    if op in ("&&", "||"):
        if not (isinstance(a, bool) and isinstance(b, bool)):
            return UNKNOWN
        return (a and b) if op == "&&" else (a or b)
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b)):
        return UNKNOWN
    ops: dict[str, Callable[[Any, Any], Any]] = {
        "<": lambda x, y: x < y, ">": lambda x, y: x > y, "<=": lambda x, y: x <= y, ">=": lambda x, y: x >= y,
        "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
        "/": lambda x, y: x / y, "%": lambda x, y: x % y}
    try:
        return ops[op](a, b)
    except ZeroDivisionError:
        return UNKNOWN


def _to_set(x: Any) -> list[Any]:
    out: list[Any] = []
    for item in x:
        if item not in out:
            out.append(item)
    return out


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "length": len, "toset": _to_set, "tolist": list, "tomap": dict, "keys": lambda m: sorted(m),
    "values": lambda m: [m[k] for k in sorted(m)], "lookup": lambda m, k, *d: m[k] if k in m or not d else d[0],
    "merge": lambda *ms: {k: v for m in ms for k, v in m.items()}, "concat": lambda *ls: [x for li in ls for x in li],
    "contains": lambda c, v: v in c, "lower": lambda s: s.lower(), "upper": lambda s: s.upper(),
    "tostring": _text, "tonumber": lambda s: float(s) if "." in str(s) else int(s),
    "tobool": lambda s: s if isinstance(s, bool) else {"true": True, "false": False}[s],
    "coalesce": lambda *xs: next(x for x in xs if x not in (None, "")),
}


def evaluate(text: str, values: Mapping[str, Any], template: bool = False) -> Any:
    """The value of one HCL expression (without the surrounding `${ }`), or UNKNOWN.

    `values` maps "var.NAME", "local.NAME", "each.key", "each.value" and "count.index" to known values;
    a local value that is itself an expression string is evaluated in turn. With `template`, `text` is
    the body of a string template (literal text with ${...} interpolations) instead.
    """
    if len(text) > MAX_EXPR_CHARS:
        return UNKNOWN
    hops = [0]

    def lookup(root: str, name: str) -> Any:
        key = f"{root}.{name}"
        if key not in values:
            return UNKNOWN
        value = values[key]
        if isinstance(value, str) and "${" in value and root == "local":
            hops[0] += 1
            return UNKNOWN if hops[0] > MAX_LOCAL_HOPS else resolve_string(value, values, hops[0])
        return UNKNOWN if not isinstance(value, (str, int, float, bool, list, dict, type(None))) else value

    parser = _Parser(text, lookup)
    try:
        value = parser.template(quoted=False) if template else parser.expr()
        if parser.peek() is not None:
            return UNKNOWN
        return value
    except (_Fail, RecursionError, ValueError, IndexError):
        return UNKNOWN


def resolve_string(value: str, values: Mapping[str, Any], hops: int = 0) -> Any:
    """A python-hcl2 string: `${expr}` alone gives the expression's value (any type); a string with
    interpolations gives the joined text when every part is known; else UNKNOWN."""
    if hops > MAX_LOCAL_HOPS:
        return UNKNOWN
    if "${" not in value and "%{" not in value:
        return value
    return evaluate(value[2:-1], values) if _whole(value) else evaluate(value, values, template=True)


def _whole(value: str) -> bool:
    """Is the string one interpolation, `${...}`, with nothing around it?"""
    if not (value.startswith("${") and value.endswith("}")):
        return False
    depth = 0
    quote = False
    for i, ch in enumerate(value):
        if ch == '"' and value[i - 1] != "\\":
            quote = not quote
        if quote:
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and i != len(value) - 1:
                return False
    return True
