"""kb/variants.py: a product variant named after a covered service that no document names."""
from __future__ import annotations

import pytest

from kb.catalog import Catalog
from kb.config import Settings
from kb.variants import Variants

CATALOG = Catalog.load(Settings.from_env({}).catalog_path)
TEXTS = {"doc": "Amazon Aurora encrypts\nclusters. Aurora PostgreSQL and Amazon RDS for MySQL connections use TLS."}


@pytest.fixture(scope="module")
def variants() -> Variants:
    return Variants(CATALOG, TEXTS)


@pytest.mark.parametrize("question,lang,found", [
    ("Is Aurora Serverless HIPAA eligible?", "en", ("Aurora Serverless", None)),  # an alias the documents never use
    ("Is Amazon Aurora Turbo eligible for PHI?", "en", ("Amazon Aurora Turbo", None)),  # a capitalised word after it
    ("Amazon RDS Custom 可以放 PHI 嗎？", "zh", ("Amazon RDS Custom", "Amazon RDS")),  # after a family name
    ("Can we put PHI in AWS Systems Manager Parameter Store?", "en",  # every capitalised word of its name
     ("AWS Systems Manager Parameter Store", None)),
    ("Is Amazon Aurora Turbo Max Ultra Plus eligible for our patient data here?", "en",
     ("Amazon Aurora Turbo Max Ultra", None)),  # (at most 3)
    ("Aurora Serverless는 HIPAA 적격인가요?", "ko", ("Aurora Serverless", None)),
    ("Is Aurora PostgreSQL HIPAA eligible?", "en", None),  # the documents name it
    ("Is Amazon Aurora HIPAA eligible?", "en", None),  # an acronym of the subject matter
    ("Is Amazon Aurora Eligible For PHI?", "en", None),  # Title Case
    ("Is Aurora eligible?", "en", None),
])
def test_unnamed_variants(variants: Variants, question: str, lang: str, found: tuple[str, str | None] | None) -> None:
    services = [s for s, _, _ in CATALOG.mentions(question)]
    assert variants.unnamed(question, services, lang) == found


def test_features_a_statement_names_after_its_service(variants: Variants) -> None:
    """A record about a feature ("Amazon Redshift Spectrum ... is within the scope of the BAA") does not lead an
    eligibility answer for a question that does not name it; an acronym after the name names no feature."""
    redshift = CATALOG.get("redshift")
    assert redshift is not None
    text = ("Amazon Redshift Spectrum, which runs Amazon Redshift SQL queries on data in Amazon S3, is a feature of "
            "Amazon Redshift.")
    assert variants.features(text, redshift) == ["amazon redshift spectrum"]
    assert variants.features("Use transport encryption for Amazon Redshift clusters.", redshift) == []
