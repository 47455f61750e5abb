"""The static subset of Terraform expressions the review evaluates, and what stays unknown."""
from __future__ import annotations

import pytest

from kb.review.tf_expr import MAX_EXPR_DEPTH, UNKNOWN, resolve_string

VALUES = {"var.on": True, "var.env": "prod", "var.m": {"a": {"enc": False}, "b": {"enc": True}}, "var.n": 3,
          "local.alias": "${var.m}", "local.loop": "${local.loop}", "each.key": "a", "each.value": {"enc": True},
          "count.index": 1}


@pytest.mark.parametrize(("text", "expected"), [
    ("plain", "plain"), ("${var.on ? 1 : 0}", 1), ("${!var.on}", False), ("${var.n * 2 + 1}", 7),
    ('${var.m["a"].enc}', False), ("${each.value.enc}", True), ("${local.alias.b.enc}", True),
    ("x-${var.env}-${each.key}-${count.index}", "x-prod-a-1"), ("${length(var.m)}", 2),
    ('${lookup(var.m, "z", "none")}', "none"), ('${contains(["a", "b"], each.key)}', True),
    ('${var.env == "prod" && var.n > 2}', True), ("${{k = var.env}}", {"k": "prod"}),
    ('${merge({a = 1}, {b = 2})}', {"a": 1, "b": 2}), ('${toset(["a", "a", "b"])}', ["a", "b"]),
])
def test_known_values(text: str, expected: object) -> None:
    assert resolve_string(text, VALUES) == expected


@pytest.mark.parametrize("text", [
    "${aws_s3_bucket.b.id}", "${var.missing}", "${data.aws_caller_identity.me.account_id}", "${jsonencode(var.m)}",
    "${[for k in var.m : k]}", "${local.loop}", "${var.on ? aws_kms_key.k.arn : null}", "${var.m[*].enc}",
    "http://${aws_lb.x.dns_name}/", "%{ if var.on }x%{ endif }", "${" + "(" * (MAX_EXPR_DEPTH + 5) + "1" + ")" *
    (MAX_EXPR_DEPTH + 5) + "}", "${1 / 0}", "${var.env +}",
])
def test_unknown_values(text: str) -> None:
    assert resolve_string(text, VALUES) is UNKNOWN
