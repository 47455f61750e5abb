"""`kb review`: read a template or design document, map resources to whitepaper services, check, cite."""
from __future__ import annotations

from pathlib import Path

from kb.catalog import Catalog, Section
from kb.cite import NOT_COVERED, CitedSpan, Guidance, KnowledgeSource, display_name
from kb.errors import ReviewInputError
from kb.requirements import Requirement
from kb.review.inputs import load_workspace
from kb.review.mapping import ResourceMap
from kb.review.model import Finding, Report, Resource, ResourceReport, Template, Workspace
from kb.review.rules import Outcome, Rule, RuleSet, evaluate

LANG_CHOICES = ("auto", "ko", "zh", "all")


def load_template(path: Path, catalog: Catalog, label: str | None = None) -> Template:
    """The first template `kb review` reads from `path` (for a single file: its only one)."""
    return load_workspace(Path(path), catalog, label).templates[0]


class Reviewer:
    """Holds the resource map, the rules and the whitepaper passages; reviews any number of inputs."""

    def __init__(self, kb: KnowledgeSource) -> None:
        """`kb`: the knowledge base whose catalog, requirement records and passages the review cites
        (KnowledgeBase.reviewer builds one). Raises DataFileError for a broken resource_map.yaml or
        review_rules.yaml, or a rule naming a requirement record that does not exist."""
        self.kb = kb
        self.map = ResourceMap.load(kb.settings.data_file("resource_map.yaml"))
        self.rules = RuleSet.load(kb.settings.data_file("review_rules.yaml"), records=kb.requirements.by_id)
        self.guidance = Guidance(kb, review_rules=self.rules.enforcing())
        self._citations: dict[tuple[str, str | None, tuple[str, ...]], list[CitedSpan]] = {}

    def review(self, path: Path, lang: str = "auto", label: str | None = None, confine: bool = False) -> Report:
        """Review a file or folder (`confine`: follow no reference out of it; see load_workspace).
        Raises ReviewInputError for input that cannot be reviewed."""
        return self.review_workspace(load_workspace(Path(path), self.kb.catalog, label, confine), lang)

    def review_template(self, template: Template, lang: str = "auto") -> Report:
        return self.review_workspace(Workspace(source=template.source, templates=[template]), lang)

    def review_workspace(self, workspace: Workspace, lang: str = "auto") -> Report:
        """Every resource of every template, checked in its own template's scope (linear in resources)."""
        first = workspace.templates[0] if workspace.templates else Template("cloudformation", workspace.source, [])
        langs = self.langs(lang, first)
        catalog = self.kb.catalog
        reports: list[ResourceReport] = []
        checklists: dict[str, list[CitedSpan]] = {}
        for template in workspace.templates:
            for res in template.resources:
                match = self.map.lookup(res, template)
                entry = catalog.get(match.service_id) if match.service_id else None
                rr = ResourceReport(res, entry.id if entry else None, entry.name("en") if entry else None,
                                    entry.covered if entry else None)
                rr.unverified += res.notes
                if match.note:
                    rr.unverified.append(match.note)
                if entry is not None and not entry.covered:
                    rr.findings.append(self._uncovered(res, entry, langs))
                elif entry is not None:
                    self._check(rr, entry, template, langs)
                    if not match.supporting and entry.id not in checklists:
                        checklists[entry.id] = self.checklist(entry.id, langs)
                if match.supporting and not rr.findings and not rr.unverified:
                    continue  # a bucket policy or parameter group with nothing to say is not worth a row
                reports.append(rr)
        names = {r.service_id: r.service_name for r in reports if r.service_id and r.service_name}
        return Report(source=workspace.source, tool=workspace.tool, lang=lang if lang != "auto" else langs[0],
                      resources=reports, checklists=checklists, service_names=names,
                      not_reviewed=list(workspace.not_reviewed), ignored=list(workspace.ignored))

    def langs(self, lang: str, template: Template) -> list[str]:
        """Editions to quote: the one asked for, both, or (auto) the design document's language, else Korean."""
        if lang not in LANG_CHOICES:
            raise ReviewInputError(f"--lang {lang!r}: use one of {', '.join(LANG_CHOICES)}.")
        if lang == "all":
            return ["ko", "zh"]
        if lang == "auto":
            return ["zh"] if template.tool == "document" and template.lang == "zh" else ["ko"]
        return [lang]

    def citations(self, rule: Rule, service_id: str | None, langs: list[str]) -> list[CitedSpan]:
        """The passages a rule quotes for a service, in rule order then edition order (found once per
        rule, service and editions: a review stays linear in its findings)."""
        key = (rule.id, service_id, tuple(langs))
        if key not in self._citations:
            self._citations[key] = self._find_citations(rule, service_id, langs)
        return list(self._citations[key])

    def records(self, rule: Rule, service_id: str | None) -> list[Requirement]:
        """The rule's records that concern the resource's service, and those for every service (the BAA's),
        in the rule's order: a rule shared by the RDS engines quotes each engine's own record."""
        catalog = self.kb.catalog
        out = []
        for rid in rule.requirements:
            record = self.kb.requirements.get(rid)
            section = catalog.get(record.section) if record is not None else None
            if record is None or section is None:
                continue
            top = catalog.top(section.id)
            if service_id is None or top.kind == "general" or top.id == catalog.top(service_id).id:
                out.append(record)
        return out

    def _find_citations(self, rule: Rule, service_id: str | None, langs: list[str]) -> list[CitedSpan]:
        """The evidence of `records(rule, service_id)` in the editions asked for (no "see X" pointers)."""
        out: list[CitedSpan] = []
        for record in self.records(rule, service_id):
            for lg in langs:
                out += [p for p in self.guidance.quotes(record, lg, pointers=False) if p not in out]
        return out

    def checklist(self, service_id: str, langs: list[str]) -> list[CitedSpan]:
        """A service's checklist: the evidence of its must/should requirement records, in the editions asked for."""
        records = [r for r in self.kb.requirements.of(self.kb.catalog.descendants(service_id))
                   if r.strength in ("must", "should")]
        out: list[CitedSpan] = []
        for record in records:
            for lg in langs:
                quotes = [p for p in self.guidance.quotes(record, lg, pointers=False) if p.citation.lang == lg]
                out += [p for p in quotes[:1] if p not in out]
        return out

    def _check(self, rr: ResourceReport, entry: Section, template: Template, langs: list[str]) -> None:
        res = rr.resource
        for rule in self.rules.for_type(res.type):
            if rule.services and entry.id not in rule.services:
                continue
            outcome = evaluate(rule, res, template)
            if outcome is None or outcome.bad is False:
                continue
            if outcome.bad is None:
                rr.unverified.append(f"{rule.title}: {outcome.detail}")
                continue
            rr.findings.append(self._finding(rule, res, entry, outcome, langs))

    def _finding(self, rule: Rule, res: Resource, entry: Section, outcome: Outcome, langs: list[str]) -> Finding:
        return Finding(rule_id=rule.id, level=rule.level, title=rule.title, message=f"{rule.title}: {outcome.detail}.",
                       resource=res.name, resource_type=res.type, file=res.file, line=outcome.line,
                       service_id=entry.id, topic=rule.topic, fix=rule.fix,
                       citations=self.citations(rule, entry.id, langs), config_rule=rule.config_rule,
                       requirements=self._statements(rule, entry.id))

    def _uncovered(self, res: Resource, entry: Section, langs: list[str]) -> Finding:
        rule = self.rules.uncovered
        near = [display_name(self.kb.catalog, s) for s in map(self.kb.catalog.get, entry.see_also)
                if s is not None and s.covered]
        hint = f" Nearest covered services: {', '.join(near)}." if near else ""
        message = f"{entry.name('en')} is {NOT_COVERED}: confirm eligibility before storing PHI.{hint}"
        return Finding(rule_id=rule.id, level=rule.level, title=rule.title, message=message, resource=res.name,
                       resource_type=res.type, file=res.file, line=res.line, service_id=entry.id, topic=rule.topic,
                       fix=rule.fix, citations=self.citations(rule, entry.id, langs),
                       requirements=self._statements(rule, entry.id))

    def _statements(self, rule: Rule, service_id: str | None) -> tuple[tuple[str, str], ...]:
        return tuple((r.id, r.says("en")) for r in self.records(rule, service_id))
