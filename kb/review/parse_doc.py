"""Design documents (Markdown or text, in Korean, Chinese or English): the AWS services their prose names."""
from __future__ import annotations

from kb.catalog import Catalog
from kb.lang import detect_lang
from kb.review.model import Resource, Template


def parse_document(text: str, label: str, catalog: Catalog) -> Template:
    """One pseudo-resource per service named (its first line), in order of first mention.

    A subsection alias ("Redis AUTH") stands for its service; general sections (the BAA, IAM) are
    topics, not services to configure, so they are left out.
    """
    first: dict[str, Resource] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        for entry, _start, _end in catalog.mentions(line):
            top = catalog.top(entry.id)
            if top.kind != "service":
                continue
            res = first.get(top.id)
            if res is None:
                res = first[top.id] = Resource(name=top.name("en"), type="mention", properties={"lines": []},
                                               file=label, line=lineno, service_id=top.id)
            if lineno not in res.properties["lines"]:
                res.properties["lines"].append(lineno)
    return Template(tool="document", source=label, resources=list(first.values()), lang=detect_lang(text))
