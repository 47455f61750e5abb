"""Seeded fuzzing of the parsers `kb review` runs on user input: YAML, JSON and HCL.

Each generator makes inputs with random nesting (past the depth limit too), YAML anchors, aliases and
merge keys (past the expansion limit too), duplicate keys, random bytes, and random edits of real
templates. Every input is read and reviewed as `kb review` does it and must end in a report (JSON, exit
code 0, 1 or 3) or a ReviewInputError whose message is one line (the CLI prints it and exits 2), never
another exception, within a memory bound (Python allocations traced per input) and a time bound (an alarm:
a guard against runaway parsing, far above the milliseconds each input takes; speed itself is measured
by `python -m evals bench`, not here). The first inputs of each parser also go through the CLI itself.
"""
from __future__ import annotations

import json
import random
import signal
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kb.core import KnowledgeBase
from kb.errors import ReviewInputError
from kb.review import Reviewer
from kb.review.inputs import load_workspace
from tests.conftest import run_cli

from .conftest import MODULE, STACK

SEED = 1315
CASES_PER_PARSER = 120
THROUGH_CLI = 8  # of each parser's inputs, also run as `python -m kb review`
MAX_PEAK_BYTES = 128 * 1024 * 1024  # per input
ALARM_SECONDS = 20  # per input: a hang guard only
WORDS = ["a", "Resources", "Type", "AWS::S3::Bucket", "Properties", "Ref", "é", "한국", "中文", "0", "true", "null",
         "-", "::", "${x}", "http://h", '"', "'", "#", ":", "\\", "\t", "  "]
TAGS = ["!Ref", "!Sub", "!GetAtt", "!If", "!Join", "!Base64", "!Unknown", "!!str", "!!binary"]


def _scalar(rng: random.Random) -> str:
    word = rng.choice(WORDS)
    return json.dumps(word, ensure_ascii=False) if rng.random() < 0.5 else rng.choice(["x", "1", "yes", "~", "v2"])


def _mutate(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 4)):
        i, j = sorted(rng.randrange(len(data) + 1) for _ in range(2))
        op = rng.random()
        if op < 0.3:
            data = data[:i] + data[j:]
        elif op < 0.6:
            data = data[:j] + data[i:j] * rng.randint(1, 4) + data[j:]
        elif op < 0.8:
            data = data[:i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 12))) + data[i:]
        else:
            data = data[:j]
    return data


# ---- YAML
def _yaml_tree(rng: random.Random, depth: int, anchors: list[str], lines: list[str], indent: int) -> None:
    pad = " " * indent
    for n in range(rng.randint(1, 4)):
        key = rng.choice(["Resources", "Bucket", "Type", "k", "Properties", "<<"]) if rng.random() < 0.6 else f"k{n}"
        roll = rng.random()
        if key == "<<" and anchors:
            lines.append(f"{pad}<<: " + (f"*{rng.choice(anchors)}" if rng.random() < 0.5 else
                                         "[" + ", ".join(f"*{rng.choice(anchors)}" for _ in range(3)) + "]"))
        elif depth > 0 and roll < 0.45:
            anchor = f"a{len(anchors)}"
            lines.append(f"{pad}{key}: &{anchor}" if rng.random() < 0.5 else f"{pad}{key}:")
            _yaml_tree(rng, depth - 1, anchors, lines, indent + 2)
            if lines[-1].startswith(pad + "  ") and f"&{anchor}" in "".join(lines[-20:]):
                anchors.append(anchor)
        elif roll < 0.6 and anchors:
            lines.append(f"{pad}{key}: *{rng.choice(anchors)}")
        elif roll < 0.75:
            flow_depth = rng.choice([1, 3, 30, 120])
            lines.append(f"{pad}{key}: " + "[" * flow_depth + _scalar(rng) + "]" * flow_depth)
        else:
            tag = rng.choice(TAGS) + " " if rng.random() < 0.3 else ""
            lines.append(f"{pad}{key}: {tag}{_scalar(rng)}")


def _alias_fanout(rng: random.Random) -> str:
    fan, levels = rng.randint(2, 12), rng.randint(2, 9)
    merge = rng.random() < 0.5
    lines = ["Metadata:", "  l0: &l0 " + ("{a: x}" if merge else "[x, y]")]
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * fan)
        lines.append(f"  l{i}: &l{i} " + ("{<<: [" + refs + "]}" if merge else f"[{refs}]"))
    top = f"*l{levels - 1}"
    lines += ["Resources:", "  Bucket:", "    Type: AWS::S3::Bucket", f"    Properties: {{Tags: {top}}}",
              # Where a review walks whole values: a policy's text, a function's environment variables.
              "  Policy:", "    Type: AWS::S3::BucketPolicy",
              f"    Properties: {{Bucket: !Ref Bucket, PolicyDocument: {{Statement: {top}}}}}",
              "  Fn:", "    Type: AWS::Lambda::Function",
              f"    Properties: {{Environment: {{Variables: {{A: {top}}}}}}}"]
    return "\n".join(lines) + "\n"


def yaml_inputs(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    stack = STACK.read_bytes()
    for _ in range(CASES_PER_PARSER):
        roll = rng.random()
        if roll < 0.3:
            lines: list[str] = []
            _yaml_tree(rng, rng.randint(1, 8), [], lines, 0)
            yield ".yaml", ("\n".join(lines) + "\n").encode()
        elif roll < 0.5:
            yield ".yaml", _alias_fanout(rng).encode()
        elif roll < 0.85:
            yield rng.choice([".yaml", ".yml", ".template"]), _mutate(rng, stack)
        else:
            yield ".yaml", bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))


# ---- JSON
def _json_value(rng: random.Random, depth: int) -> object:
    if depth <= 0 or rng.random() < 0.3:
        return rng.choice([1, -2.5e300, True, None, "AWS::S3::Bucket", "\u0000\ud7ff", "x" * rng.randint(0, 50)])
    if rng.random() < 0.5:
        return [_json_value(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["Resources", "Type", "Properties", "B", f"k{depth}"]): _json_value(rng, depth - 1)
            for _ in range(rng.randint(0, 3))}


def json_inputs(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    small = (STACK.parent / "small-stack.json").read_bytes()
    for _ in range(CASES_PER_PARSER):
        roll = rng.random()
        if roll < 0.3:
            text = json.dumps({"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": _json_value(rng, 8)}}})
            yield ".json", text.encode()
        elif roll < 0.45:
            deep = rng.choice([50, 99, 101, 150, 3000])
            open_, close = rng.choice([("[", "]"), ('{"a":', "}")])
            body = open_ * deep + "1" + close * (deep if rng.random() < 0.7 else rng.randrange(deep))
            head = '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"X": '
            yield ".json", (head + body + "}}}}").encode()
        elif roll < 0.55:
            yield ".json", b'{"Resources": {"A": {"Type": "AWS::SNS::Topic"}, "A": {"Type": "AWS::SQS::Queue"}}}'
        elif roll < 0.9:
            yield ".json", _mutate(rng, small)
        else:
            yield ".json", b"{" + bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))


# ---- HCL
def _hcl_expr(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.25:
        return rng.choice(['"x"', "1", "true", "null", "var.v", 'local.m["k"]', '"${var.v}-${each.key}"',
                           "aws_s3_bucket.b[0].id", 'jsonencode({a = "b"})', '"http://${var.h}/x"'])
    roll = rng.random()
    if roll < 0.3:
        return "[" + ", ".join(_hcl_expr(rng, depth - 1) for _ in range(rng.randint(0, 3))) + "]"
    if roll < 0.6:
        return "{" + ", ".join(f"k{i} = {_hcl_expr(rng, depth - 1)}" for i in range(rng.randint(0, 3))) + "}"
    if roll < 0.8:
        return f"var.c ? {_hcl_expr(rng, depth - 1)} : {_hcl_expr(rng, depth - 1)}"
    return f"length({_hcl_expr(rng, depth - 1)})"


def hcl_inputs(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    files = [p.read_bytes() for p in sorted(MODULE.glob("*.tf"))]
    for _ in range(CASES_PER_PARSER):
        roll = rng.random()
        if roll < 0.35:
            body = "\n".join(f"  a{i} = {_hcl_expr(rng, rng.randint(1, 6))}" for i in range(rng.randint(1, 4)))
            extra = ""
            if rng.random() < 0.3:
                extra = '\n  policy = <<EOF\n{"a": "${var.v}"}\nEOF\n'
            count = rng.choice(["", "  count = 3\n", "  count = var.n\n", '  for_each = toset(["a", "b"])\n',
                                "  count = 100000000\n"])
            text = f'variable "v" {{\n  default = "d"\n}}\nresource "aws_s3_bucket" "b" {{\n{count}{body}{extra}\n}}\n'
            yield ".tf", text.encode()
        elif roll < 0.5:
            deep = rng.choice([20, 99, 101, 400])
            nest = rng.choice([("[", "]"), ("{a = ", "}"), ("(", ")"), ('"${', '}"')])
            yield ".tf", f'resource "aws_s3_bucket" "b" {{\n  x = {nest[0] * deep}1{nest[1] * deep}\n}}\n'.encode()
        elif roll < 0.9:
            yield ".tf", _mutate(rng, rng.choice(files))
        else:
            yield ".tf", bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))


class _Hang(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Hang(f"an input ran past the {ALARM_SECONDS} s guard")


def _review(reviewer: Reviewer, path: Path) -> int:
    """Exit code `kb review --format json` gives; ReviewInputError messages checked to be one line."""
    try:
        report = reviewer.review_workspace(load_workspace(path, reviewer.kb.catalog))
    except ReviewInputError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc), str(exc)
        return 2
    json.dumps(report.to_json(), ensure_ascii=False)
    return report.exit_code


@pytest.mark.parametrize(("parser", "generate"), [("yaml", yaml_inputs), ("json", json_inputs), ("hcl", hcl_inputs)])
def test_parser_fuzz_gives_a_result_or_one_line_exit_2(
        cli_kb: KnowledgeBase, reviewer: Reviewer, capsys: pytest.CaptureFixture[str], tmp_path: Path, parser: str,
        generate: Callable[[random.Random], Iterator[tuple[str, bytes]]]) -> None:
    rng = random.Random(f"{SEED}-{parser}")
    outcomes = {0: 0, 1: 0, 2: 0, 3: 0}
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for n, (suffix, data) in enumerate(generate(rng)):
            path = tmp_path / f"case{n}{suffix}"
            path.write_bytes(data)
            tracemalloc.start()
            signal.alarm(ALARM_SECONDS)
            try:
                code = _review(reviewer, path)
            finally:
                signal.alarm(0)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            assert peak < MAX_PEAK_BYTES, (n, peak)
            outcomes[code] += 1
            if n < THROUGH_CLI:
                cli_code, out, err = run_cli(capsys, "review", str(path), "--format", "json")
                assert cli_code == code, (n, err)
                if code == 2:
                    assert out == "" and err.startswith(f"error: {path}") and err.count("\n") == 1, (n, err)
                else:
                    assert err == "" and json.loads(out)["exit_code"] == code, (n, err)
    finally:
        signal.signal(signal.SIGALRM, previous)
    # The generators reach both sides: inputs that review and inputs that are refused.
    assert outcomes[2] >= 10 and outcomes[0] + outcomes[1] + outcomes[3] >= 10, outcomes
