"""kb/topics.py TermPattern: the check before a many-term regex runs skips texts holding no term and changes no
match."""
from __future__ import annotations

import pytest

from kb.catalog import norm
from kb.topics import term_pattern

TERMS = {"breach notification": "breach", "notify hhs": "breach", "擋掉 http": "block", "http 차단": "block",
         "log": "logging", "s": "short"}


@pytest.mark.parametrize("text", [
    "Do we have to notify HHS after a breach notification?",
    "擋掉HTTP 的流量",  # (a space beside a Chinese character left out)
    "HTTP차단 설정",
    "logging and logs",
    "nothing here at all",
    "",
    "catalog is not log",
])
def test_matches_are_the_regex_matches(text: str) -> None:
    pattern, table = term_pattern(TERMS, prefix=True)
    key = norm(text)
    got = [(m.span(), table[m.group(0)]) for m in pattern.finditer(key)]
    assert got == [(m.span(), table[m.group(0)]) for m in pattern.pattern.finditer(key)]
    found = pattern.search(key)
    direct = pattern.pattern.search(key)
    assert (found.span() if found else None) == (direct.span() if direct else None)


def test_a_text_with_no_term_is_skipped() -> None:
    pattern, _ = term_pattern({"breach notification": "breach", "notify hhs": "breach"})
    assert not pattern.could_match(norm("How do we encrypt S3 buckets?"))
    assert list(pattern.finditer(norm("How do we encrypt S3 buckets?"))) == []
    assert pattern.could_match(norm("notifyHHS"))  # (squeezed: the regex decides whether the space may be left out)
    assert pattern.search(norm("notifyHHS")) is None
    assert pattern.search(norm("must we notify HHS?")) is not None


def test_a_one_character_term_is_checked_too() -> None:
    pattern, table = term_pattern({"雲": "cloud"})
    assert [table[m.group(0)] for m in pattern.finditer(norm("公有雲"))] == ["cloud"]
    assert not pattern.could_match(norm("地端"))
