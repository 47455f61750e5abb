"""Terms the documents use for what a question calls otherwise (kb/equivalents.py, data/equivalents.yaml)."""
from __future__ import annotations

import pytest

from kb.config import Settings
from kb.equivalents import Equivalents, held
from kb.errors import DataFileError
from kb.keyword import fold, tokenize


def test_a_term_in_the_question_is_held_by_another_term_of_its_entry() -> None:
    eq = Equivalents([["hypervisor", "virtualization infrastructure", "가상화 인프라"]])
    alike = eq.alike("Who patches the Hypervisor under EC2?")
    assert alike == {"hypervisor": ("virtualization infrastructure", "가상화 인프라")}
    tokens = set(tokenize("Who patches the Hypervisor under EC2?"))
    text = "AWS manages the virtualization infrastructure of EC2"
    assert held(tokens, alike, set(tokenize(text)), lambda: fold(text)) == {"hypervisor", "the", "ec2"}
    # the words of a term apart do not hold it ("Amazon Virtual Private Cloud" and "infrastructure services")
    text = "infrastructure services such as Amazon Virtual Private Cloud"
    assert held(tokens, alike, set(tokenize(text)), lambda: fold(text)) == set()


def test_a_question_without_any_term_has_no_equivalents() -> None:
    eq = Equivalents([["hypervisor", "virtualization infrastructure"]])
    assert eq.alike("Who patches the OS of our EC2 instances?") == {}


def test_the_shipped_file_loads_and_chinese_is_matched_in_one_script() -> None:
    eq = Equivalents.load(Settings.from_env({}).data_file("equivalents.yaml"))
    assert "虚拟化基础设施" in eq.alike("하이퍼바이저 패치는 누가 해요?")["하이"]  # (folded to Simplified)
    assert eq.alike("EC2 底層的虛擬化層由誰負責？")  # Traditional in the question, the file's own script


def test_a_broken_file_names_file_line_and_field(tmp_path) -> None:
    bad = tmp_path / "equivalents.yaml"
    bad.write_text("equivalents:\n  - id: one\n    terms: [hypervisor]\n")
    with pytest.raises(DataFileError, match=r"equivalents.yaml:3: equivalents\[0\]\.terms"):
        Equivalents.load(bad)
