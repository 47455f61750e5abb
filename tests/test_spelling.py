"""Misspelled service names are read as the service one slip away (kb/spelling.py)."""
from __future__ import annotations

import pytest

from kb.catalog import Catalog
from kb.config import Settings
from kb.spelling import Spelling

SPELLING = Spelling(Catalog.load(Settings.from_env({}).catalog_path))


@pytest.mark.parametrize("question,read", [
    ("Dyanmo DB 的靜態加密要怎麼開？", [("Dyanmo DB", "dynamodb")]),  # a transposition, a space
    ("Redshfit cluster keys?", [("Redshfit", "redshift")]),
    ("OpenSerch domain에 PHI?", [("OpenSerch", "opensearch")]),
    ("what about Kinesis Firehouse?", [("Kinesis Firehouse", "kinesis-data-firehose")]),
    ("Amazon Redshfit", [("Amazon Redshfit", "redshift")]),
    ("We need backups", []),  # "AWS Backup" is not read out of an ordinary word
    ("Do EBS snapshots count as backups?", []),  # ... nor out of two lower-case words two slips away
    ("Is dyanmo db encrypted for PHI?", [("dyanmo db", "dynamodb")]),  # (one slip: a transposition)
    ("inspectors need access", []),  # a lower-case word is an ordinary one: a plural is no slip either
    ("AWS Step Functons with PHI?", [("Step Functons", "step-functions")]),  # (not "AWS Step" as AWS SFTP: of two
    # readings sharing a word, the closer)
    ("Can Lambda write to sagemker notebooks?", []),  # ... in a question writing names with capitals
    ("Our sagemker notebooks?", [("sagemker", "sagemaker")]),  # (a first word's capital is no name's, nor an
    ("Can we use sagemkaer notebooks with PHI?", [("sagemkaer", "sagemaker")]),  # acronym's)
    ("how to secure sagemker notebooks with phi", [("sagemker", "sagemaker")]),  # one who types no capitals
    ("can we store phi in dynamdb", [("dynamdb", "dynamodb")]),
    ("how do we secure our notebooks", []),
    ("do we need reshfitt for this", []),  # two slips: only one is read in a lower-case word
    ("We want to comprehend the rules", []),
    ("DynamoDBs", []),  # a plural is no slip (the catalog finds it)
    ("Transcribed clinical notes", []),  # a past form is no slip
    ("Documented incident response procedures?", []),  # inflected from the word DocumentDB starts with
    ("Documnetdb clusters?", [("Documnetdb", "documentdb")]),
    ("Amazon DynamoDB", []),  # spelled right: the catalog finds it
    ("Can we use Lamda for PHI?", [("Lamda", "lambda")]),  # a letter dropped from a name of six
    ("can we use lamda for phi", [("lamda", "lambda")]),
    ("Which Azure region?", []),  # a five-letter word a letter away from no six-letter name
    ("Auora clusters?", [("Auora", "aurora")]),
    ("Lambs and Limbo", []),  # five-letter words more than a dropped letter away from a name
])
def test_a_misspelled_service_is_read_as_the_one_a_slip_away(question: str, read: list[tuple[str, str]]) -> None:
    assert [(written, entry.id) for written, entry in SPELLING.guess(question)] == read


def test_the_singular_of_a_plural_name_is_no_slip() -> None:
    """"is a managed service better?" names no AWS Managed Services (the id "managed-services" is a label); a real
    slip still is one."""
    from kb.catalog import Catalog
    from kb.config import Settings
    from kb.spelling import Spelling

    spelling = Spelling(Catalog.load(Settings.from_env({}).catalog_path))
    assert spelling.guess("DynamoDB vs a self-managed database on EC2: is a managed service better?") == []
    assert [(t, e.id) for t, e in spelling.guess("can we use managed servics for phi?")] == [
        ("managed servics", "managed-services")]
