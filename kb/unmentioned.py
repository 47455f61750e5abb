"""Names a question gives that no document mentions ("Okta", "HITRUST", "GovCloud"): a product, standard or place
the answer must say the documents do not speak of, instead of answering with whatever a neighbouring word hits."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from kb.catalog import Catalog
from kb.variants import title_case

# a word written as a name: an acronym or a word with a capital after its first letter ("HITRUST", "GovCloud"), or
# a capitalised word ("Okta"); letters, digits and joining marks inside ("Auth0", "ISO-27001")
_WORD = re.compile(r"(?<![A-Za-z0-9_.@/-])[A-Za-z][A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*(?![A-Za-z0-9_@/]|\.\w)")
# (a particle written after it is no part of it: "Okta를", "Okta도")
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？:;：；\n]|\s[-–—]|[,，]\s*(?:and|but|or|so|then)?)\s*[\"'(]?$", re.I)
_SHORTEST = 3  # letters: "AD", "OS", "IT" are read too often as other things
# words a question capitalises that name the subject matter, not a product (an asker's shorthand the documents spell
# out), and English words written in capitals for emphasis
_ORDINARY = frozenset({  # (of _SHORTEST letters or more, no digit: no other word reaches the check)
    "hipaa", "phi", "ephi", "baa", "aws", "amazon", "pii", "hitech", "hhs", "ocr", "faq", "asap", "fyi", "btw", "tbd",
    "yes", "not", "must", "never", "always", "only", "all", "any", "and", "the", "okay", "please", "thanks", "korean",
    "chinese", "english", "traditional", "simplified", "imo", "imho", "etc", "ids", "api", "apis", "url", "urls",
    "json", "yaml", "csv", "pdf", "sql", "nosql", "dev", "prod", "poc", "mvp", "cli", "sdk", "sdks", "vms", "dbs",
    "dns", "http", "https", "tls", "ssl", "mfa", "sso", "iam", "kms", "ehr", "emr", "fhir", "dicom", "pacs",
    "lis", "ris", "ssn", "mrn", "dob",
    # ... and the computing shorthand a scene is set with ("EBS snapshots of our HPC nodes": the nodes are EC2's;
    # trial 58a: "The documents do not speak of HPC" in place of the answer)
    "hpc", "gpu", "gpus", "cpu", "cpus", "etl", "saas", "paas", "iaas", "crm", "erp", "lims", "devops",
    # ... a virtual desktop is what WorkSpaces and AppStream 2.0 provide ("WorkSpaces로 의료진 VDI 구성할때 ...": trial
    # 68b, "The documents do not speak of VDI" over WorkSpaces' own records)
    "vdi", "vdis",
})


# the subject of "is X hipaa compliant?" written in lower case ("is firebase hipaa compliant"), which `names` cannot
# tell from an ordinary word
_COMPLIANT_SUBJECT = re.compile(r"^\s*(?:is|are)\s+(?P<subject>[a-z][\w.-]*(?:\s+[a-z][\w.-]*){0,2}?)\s+"
                                r"(?:hipaa[- ](?:compliant|approved|certified|eligible|ok)\b|compliant with hipaa\b"
                                r"|covered (?:by|under) (?:the )?(?:hipaa|baa)\b)", re.I)


class Unmentioned:
    """Finds names no document mentions. `texts`: doc id -> the text of every document of the index. Read-only:
    shared across threads."""

    def __init__(self, catalog: Catalog, texts: dict[str, str], also: Iterable[str] = ()) -> None:
        self.catalog = catalog
        self.texts = texts
        self.also = tuple(also)  # other text whose words count as mentioned: the documents' titles and aliases
        # (data/sources.yaml: "Best Practices"), the terms askers use for a thing the documents name by another word
        # (data/equivalents.yaml: "SG")

    @functools.cached_property
    def _words(self) -> frozenset[str]:
        """Every Latin-script word of the documents and of the catalog's names, casefolded (built on the first
        question that writes a name; two threads may both build it, to the same value)."""
        names = " ".join(label for s in self.catalog for label in s.labels())
        return frozenset(w.casefold() for text in [*self.texts.values(), names, *self.also]
                         for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text))

    def names(self, question: str, lang: str, known: Iterable[str] = ()) -> list[str]:
        """The names `question` (in `lang`) writes that no document nor catalog entry has, as written, runs of such
        words joined ("HITRUST CSF"), with a capitalised word the documents have right after them ("Performance
        Insights"): acronyms and words with an inner capital anywhere, a capitalised word not at the
        start of an English sentence, of at least _SHORTEST letters and no digit, none an ordinary word of the
        subject matter (_ORDINARY) nor one of `known` (words the question was read as misspelling). None for an
        English question in Title Case ("Is Amazon Aurora Eligible For PHI?")."""
        runs: list[list[tuple[int, int]]] = []
        for m, mentioned in self._written(question, lang, known):
            joined = bool(runs) and question[runs[-1][-1][1]:m.start()] == " "
            if mentioned and not (joined and m.group(0).istitle()):  # (a capitalised word the documents have, after
                continue  # the name, is of it: "Performance Insights", "Ping Identity"; an acronym stands alone)
            if joined:
                runs[-1].append(m.span())
            else:
                runs.append([m.span()])
        return list(dict.fromkeys(question[run[0][0]:run[-1][1]] for run in runs
                                  if not self._glossed(question, run[0][0], run[-1][1])))

    def compliance_subject(self, question: str) -> str | None:
        """The product a question asks is HIPAA compliant ("is firebase hipaa compliant") when no document or catalog
        name has all its words, else None ("is aws hipaa compliant", "is it HIPAA eligible")."""
        m = _COMPLIANT_SUBJECT.match(question)
        if m is None:
            return None
        words = [w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", m.group("subject"))]
        if not words or all(w in _ORDINARY or w in self._words or len(w) < _SHORTEST for w in words):
            return None
        return m.group("subject")

    def _glossed(self, question: str, start: int, end: int) -> bool:
        """Is the name at `question[start:end]` written as the gloss of words the documents have, in parentheses after
        them or with them in parentheses after it ("전용 인스턴스(Dedicated Instance)": the Korean edition says 전용
        인스턴스; not "성능 개선 도우미(Performance Insights)", which no document says)?"""
        before = re.search(r"((?:[^\s()（）]+\s)?[^\s()（）]+)\s?[(（]\s*$", question[:start])
        after = re.match(r"\s?[(（]\s*([^()（）]+?)\s*[)）]", question[end:])
        phrases = [m.group(1) for m in (before, after) if m is not None]
        return any(self._has(p) for p in phrases)

    def _has(self, phrase: str) -> bool:
        """Does a document have `phrase` (spacing as the documents write it or without spaces; a Korean particle after
        the last word aside)?"""
        phrase = re.sub(r"(?<=[가-힣])(?:을|를|이|가|은|는|에|의|으로|로|와|과|도)$", "", phrase.strip())
        if len(phrase) < 2:
            return False
        return any(phrase in text or phrase.replace(" ", "") in text for text in self.texts.values())

    def mentioned(self, question: str, lang: str) -> list[str]:
        """The names `question` writes (as `names` reads them) that the documents or the catalog do have ("SOC" of
        "SOC 2 報告呢？")."""
        return [m.group(0) for m, mentioned in self._written(question, lang) if mentioned]

    def _written(self, question: str, lang: str, known: Iterable[str] = ()) -> Iterator[tuple[re.Match[str], bool]]:
        """The words `question` writes as names (`names`), each with whether the documents mention it."""
        if lang == "en" and title_case(question, self.catalog):
            return
        skip = {w.casefold() for w in known}
        for m in _WORD.finditer(question):
            word = m.group(0)
            bare = re.sub(r"[^A-Za-z0-9]", "", word)
            if len(bare) < _SHORTEST or word.casefold() in _ORDINARY or word.casefold() in skip \
                    or any(c.isdigit() for c in word):  # (a ticket, "INFRA-4471"; a version)
                continue
            inner = any(c.isupper() for c in word[1:])
            if not (inner or word[0].isupper()):
                continue
            if not inner and lang == "en" and _SENTENCE_START.search(question[:m.start()]):
                continue  # ("Can we ...": a sentence's first word is capitalised whatever it is)
            yield m, any(part.casefold() in self._words or (part[-1:] == "s" and part[:-1].casefold() in self._words)
                         for part in re.findall(r"[A-Za-z][A-Za-z0-9]*", word))  # (a plural of a word they have:
            # "NACLs", "IdPs")


def without_names(question: str, names: Iterable[str]) -> str:
    """`question` without each of `names` and the word right after it, which is of the name's phrase ("HITRUST 인증" is
    HITRUST's certification, not authentication; "Okta SSO"); not a run of Chinese characters, which is no word of its
    own but the rest of the clause ("Congito 用來做病患登入可以嗎")."""
    for name in names:
        question = re.sub(rf"{re.escape(name)}(?:[ \t]+(?![\u3400-\u9fff])[^\s,.;:!?，。；：！？]+)?", " ", question)
    return question
