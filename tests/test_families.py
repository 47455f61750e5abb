"""kb/families.py: a record each member of a family named as a whole states of itself in the same words is listed
once, under the first member; a member silent on a topic the first is silent on too is left out; other sections and
records saying something else are kept."""
from __future__ import annotations

from kb.catalog import Section
from kb.facet import Facet
from kb.families import collapse
from kb.requirements import Requirement


def _section(sid: str, name: str, *aliases: str) -> Section:
    return Section(id=sid, kind="service", parent=None, covered=True, order=1, names={"en": name}, headings={},
                   aliases=aliases)


def _record(rid: str, section: str, text: str, topic: str = "encryption-at-rest") -> Requirement:
    return Requirement(id=rid, section=section, topic=topic, strength="may", statement={"en": text}, evidence=())


MARIA = _section("rds-mariadb", "Amazon RDS for MariaDB", "MariaDB")
MYSQL = _section("rds-mysql", "Amazon RDS for MySQL", "MySQL")
S3 = _section("s3", "Amazon S3", "S3")


def test_a_record_stated_alike_by_two_members_is_listed_once() -> None:
    maria = _record("m1", "rds-mariadb", "Encrypt Amazon RDS for MariaDB databases with keys you manage in AWS KMS.")
    mysql = _record("y1", "rds-mysql", "Encrypt Amazon RDS for MySQL databases with keys you manage in AWS KMS.")
    own = _record("y2", "rds-mysql", "Use SSL for MySQL connections.")
    facets, same = collapse([Facet(MARIA, "encryption-at-rest", [maria]),
                             Facet(MYSQL, "encryption-at-rest", [mysql, own])], {"rds-mariadb", "rds-mysql"})
    assert [[r.id for r in f.records] for f in facets] == [["m1"], ["y2"]]
    assert same == {"rds-mariadb": ["rds-mysql"]}


def test_a_member_left_with_nothing_is_left_out_and_silence_is_said_once() -> None:
    maria = _record("m1", "rds-mariadb", "Encrypt Amazon RDS for MariaDB databases with keys you manage in AWS KMS.")
    mysql = _record("y1", "rds-mysql", "Encrypt Amazon RDS for MySQL databases with keys you manage in AWS KMS.")
    facets, same = collapse([Facet(MARIA, "encryption-at-rest", [maria]), Facet(MARIA, "backup", []),
                             Facet(MYSQL, "encryption-at-rest", [mysql]), Facet(MYSQL, "backup", [])],
                            {"rds-mariadb", "rds-mysql"})
    assert [(f.section.id, f.topic) for f in facets] == [("rds-mariadb", "encryption-at-rest"),
                                                         ("rds-mariadb", "backup")]
    assert same == {"rds-mariadb": ["rds-mysql"]}


def test_sections_not_named_by_the_family_and_different_words_are_kept() -> None:
    maria = _record("m1", "rds-mariadb", "Encrypt Amazon RDS for MariaDB databases with keys you manage in AWS KMS.")
    mysql = _record("y1", "rds-mysql", "Encrypt Amazon RDS for MySQL databases with AWS CloudHSM keys.")
    s3 = _record("s1", "s3", "Encrypt Amazon S3 objects with keys you manage in AWS KMS.")
    facets, same = collapse([Facet(MARIA, None, [maria]), Facet(MYSQL, None, [mysql]), Facet(S3, None, [s3])],
                            {"rds-mariadb", "rds-mysql"})
    assert [[r.id for r in f.records] for f in facets] == [["m1"], ["y1"], ["s1"]]
    assert same == {}
