"""Misspelled service names: "Dyanmo DB" for DynamoDB, "Elasticcache" for ElastiCache. A question that names
no catalog entry by any of its labels is read for a Latin-script word (or two adjacent ones) that is one slip
away from a service's label; the answer says how it was read."""
from __future__ import annotations

import difflib
import itertools
import re

from kb.catalog import Catalog, Section

SIMILARITY = 0.85  # difflib ratio of the letters (case, spaces, punctuation ignored): "dyanmodb" / "dynamodb"
# is 0.875 (one transposition); ordinary words next to short labels stay under it ("configure" / "config" 0.8)
MIN_LETTERS = 6  # a shorter label or word is too easily confused with an ordinary word ("glue", "lex"); a word one
# letter shorter is read only as a label of MIN_LETTERS it drops one letter of ("Lamda")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


class Spelling:
    """The catalog's Latin-script labels, keyed by their letters. Immutable: shared across threads."""

    def __init__(self, catalog: Catalog) -> None:
        self._labels: dict[str, Section] = {}
        self._chapter_words: dict[str, frozenset[str]] = {}  # a general chapter's label letters -> its words
        for entry in catalog:
            if entry.kind == "subsection":  # (a service the whitepaper lacks too: "Congito 用來做病患登入可以嗎" is
                continue  # about Amazon Cognito, which the answer then says the documents have no section on)
            for label in entry.labels():
                words = label.casefold().split()
                if entry.kind == "general":  # a general chapter by a name of two words of four letters or more,
                    # written with one of them right: "incident respons plan" is the incident response chapter (not
                    # "backup", an ordinary word, nor "IR process" for "can it process PHI?")
                    if len(words) < 2 or any(len(w) < 4 for w in words):
                        continue
                    self._chapter_words[_letters(label)] = frozenset(words)
                if not entry.covered:  # (by its own name only: "Amazon" is one slip from "Amazon Q", and from its
                    label = re.sub(r"^(?:amazon|aws)[\s-]+", "", label, flags=re.I)  # id, "amazon-q")
                key = _letters(label)
                if not label.isascii() or len(key) < MIN_LETTERS:
                    continue
                self._labels.setdefault(key, entry)
                # "Amazon DynamoDB" is also written "DynamoDB"; not "AWS Backup" "Backup", an ordinary word
                rest = re.sub(r"^(?:Amazon|AWS)\s+", "", label)
                if rest != label and re.search(r"[a-z][A-Z]", rest) and len(_letters(rest)) >= MIN_LETTERS:
                    self._labels.setdefault(_letters(rest), entry)
        self._by_letter: dict[str, list[str]] = {}  # first letter -> label keys (a slip keeps the first letter)
        for key in self._labels:
            self._by_letter.setdefault(key[0], []).append(key)

    def guess(self, question: str) -> list[tuple[str, Section]]:
        """(what the question wrote, the service it is read as) for each word or pair of adjacent words
        whose letters are SIMILARITY close to one service label's, at most one letter longer or shorter, and
        not equal to any (a label spelled right is found by the catalog itself); a single word written all in
        lower case is an ordinary word, unless the whole question is (someone who types no capitals but a first
        word's or an acronym's: "how to secure sagemker notebooks with phi", "Can we use sagemkaer notebooks with
        PHI?"), and then only one slip away (a letter added, dropped, changed or two swapped), as is any pair of
        lower-case words ("dyanmo db", not "as backups").
        At most one reading per service, left to right."""
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(question)]
        candidates = list(words)  # each word, and each pair of words next to each other ("Dyanmo DB")
        candidates += [(question[a[1]:b[2]], a[1], b[2]) for a, b in zip(words, words[1:], strict=False)
                       if question[a[2]:b[1]].strip() == ""]
        found: dict[str, tuple[int, str, Section]] = {}
        uncapitalised = all(w.islower() or w.isupper() or w[0].isdigit() for w, _, _ in words[1:])  # (an acronym,
        # "PHI", "HIPAA", or the first word's capital is no name's: "Can we use sagemkaer notebooks with PHI?")
        for text, start, _ in candidates:
            key = _letters(text)
            ordinary = text.islower() and " " not in text  # a lower-case word is an ordinary one ("inspectors");
            short = len(key) == MIN_LETTERS - 1  # "Lamda": a letter dropped from a name of MIN_LETTERS letters
            if (len(key) < MIN_LETTERS and not short) or key in self._labels or (ordinary and not uncapitalised):
                continue  # (names have capitals)
            near = [k for k in self._by_letter.get(key[0], ()) if abs(len(k) - len(key)) <= 1]  # (the only ones
            close = difflib.get_close_matches(key, near, n=1, cutoff=SIMILARITY)  # that may count: cheaper)
            if close and short and not (len(close[0]) == MIN_LETTERS and _one_slip(key, close[0])):
                continue  # (a short word is read only as the name it drops one letter of)
            if close and close[0] in self._chapter_words and not set(text.casefold().split()) & self._chapter_words[
                    close[0]]:
                continue
            first, _, rest = text.partition(" ")
            if close and rest and first.casefold() in ("aws", "amazon") \
                    and close[0][len(first):][:1] != _letters(rest)[:1]:
                continue  # (a slip keeps the first letter of the word after "AWS" too: "Does AWS patch our EC2
                # instances?" is no AWS Batch)
            if close and text.islower() and not _one_slip(key, close[0]):
                continue  # (so two lower-case words: "do EBS snapshots count as backups?" is no "AWS Backup")
            stem = re.sub(r"(?:ed|ing)$", "", key)
            if close and key not in {close[0] + end for end in ("s", "es", "d", "ed")} \
                    and close[0] not in {key + end for end in ("s", "es")} and not (
                    stem != key and close[0].startswith(stem)):  # one slip; a plural or a past form is no slip
                # ("Transcribed clinical notes"), nor a word inflected from the word the name starts with ("Documented
                # procedures": document, not DocumentDB), nor the singular of a plural name ("a managed service" is
                # no AWS Managed Services)
                entry = self._labels[close[0]]
                if entry.id not in found or start < found[entry.id][0]:
                    found[entry.id] = (start, text, entry)
        # of two readings sharing a word, the closer ("AWS Step Functons": Step Functions, not "AWS Step" as AWS SFTP)
        ratio = {sid: max((difflib.SequenceMatcher(None, _letters(text), k).ratio() for k, e in self._labels.items()
                           if e is entry), default=0.0) for sid, (_, text, entry) in found.items()}
        kept = {sid: f for sid, f in found.items()
                if not any(o != sid and f[0] < g[0] + len(g[1]) and g[0] < f[0] + len(f[1]) and ratio[o] > ratio[sid]
                           for o, g in found.items())}
        return [(text, entry) for _, text, entry in sorted(kept.values(), key=lambda x: x[0])]


class WordSpelling:
    """Misspelled English topic words ("encrpyt" for encrypt, "loggign" for logging, "encyption" for encryption): a
    word of MIN_LETTERS or more, with the same first letter, one slip (a letter added, dropped, changed, or two
    neighbours swapped) away from a topic word or one of its forms (-s, -ed, -ing, -ion; "restoring"), and
    itself no such form. One slip and not a similarity ratio: "conjunction" is two slips from "connection".
    Built from the topics' single-word English terms. Immutable: shared across threads."""

    def __init__(self, terms: list[str]) -> None:
        words = {t for t in terms if t.isascii() and t.isalpha() and len(t) >= MIN_LETTERS - 1}
        forms = {f for t in words for f in _forms(t) if len(f) >= MIN_LETTERS}
        self._forms = sorted(forms)  # what a slip is read as (the first in this order, when several are one away)
        # ... and every form of their stems, which is no slip ("stores" beside the term "stored")
        self._known = forms | {f for t in words for stem in _stems(t) for f in _forms(stem)}

    def respell(self, question: str) -> tuple[str, list[tuple[str, str]]]:
        """The question with each misspelled topic word replaced by the word it is read as, and the
        (written, read) pairs, left to right."""
        found: list[tuple[str, str]] = []

        def fix(m: re.Match[str]) -> str:
            word = m.group(0)
            low = word.casefold()
            if len(low) < MIN_LETTERS or not low.isalpha() or low in self._known:
                return word
            read = next((f for f in self._forms if f[0] == low[0] and _one_slip(low, f)), None)
            if read is None:
                return word
            found.append((word, read))
            return read

        return _WORD.sub(fix, question), found


def inflected(phrase: str) -> set[str]:
    """`phrase` with each Latin word of four letters or more in any of its inflected forms ("notify hhs": "notifying
    hhs", "notified hhs", ...; the product of the words' forms, so meant for phrases of a few words)."""
    options = [sorted(_forms(w)) if w.isascii() and w.isalpha() and len(w) >= 4 else [w] for w in phrase.split(" ")]
    return {" ".join(words) for words in itertools.product(*options)}


def _forms(word: str) -> set[str]:
    """A topic word and its inflected forms ("restore": restores, restored, restoring, restoration is not one)."""
    base = word[:-1] if word.endswith("e") else word
    forms = {word, word + "s", word + "es", base + "ed", base + "ing"}
    if word.endswith(("pt", "ct", "ate")):  # encryption, protection, replication (not "audit": "audition")
        forms |= {base + "ion", base + "ions"}
    return forms | ({word[:-1] + "ies", word[:-1] + "ied"} if word.endswith("y") else set())


def _stems(word: str) -> set[str]:
    """The word without an inflection it may carry ("stored": store, stor), or without the "-y" of a noun made from a
    verb ("recovery": recover, whose "recovered" is no slip of "recoveried")."""
    return {word[:-len(end)] for end in ("ed", "d", "es", "s", "ing", "ion", "ions", "y")
            if word.endswith(end) and len(word) - len(end) >= 4}


def _one_slip(a: str, b: str) -> bool:
    """Are `a` and `b` one edit apart: a letter added, dropped or changed, or two neighbouring letters swapped?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]
