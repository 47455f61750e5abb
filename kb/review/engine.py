"""`kb review`: read a template or design document, map resources to whitepaper services, check, cite."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kb.catalog import Catalog, Service
from kb.cite import NOT_COVERED, Guidance, Passage, data_file, display_name
from kb.errors import ReviewInputError
from kb.review.inputs import load_workspace
from kb.review.mapping import ResourceMap
from kb.review.model import Finding, Report, Resource, ResourceReport, Template, Workspace
from kb.review.rules import Outcome, Rule, RuleSet, evaluate

if TYPE_CHECKING:
    from kb.core import KnowledgeBase

LANG_CHOICES = ("auto", "ko", "zh", "all")


def load_template(path: Path, catalog: Catalog, label: str | None = None) -> Template:
    """The first template `kb review` reads from `path` (for a single file: its only one)."""
    return load_workspace(Path(path), catalog, label).templates[0]


class Reviewer:
    """Holds the resource map, the rules and the whitepaper passages; reviews any number of inputs."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.guidance = Guidance(kb)
        self.map = ResourceMap.load(data_file(kb.settings, "resource_map.yaml"))
        self.rules = RuleSet.load(data_file(kb.settings, "review_rules.yaml"))
        self._citations: dict[tuple[str, str | None, tuple[str, ...]], list[Passage]] = {}

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
        checklists: dict[str, list[Passage]] = {}
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
                        checklists[entry.id] = [p for lg in langs for p in self.guidance.passages(entry.id, lg)
                                                if p.kind == "requirement"]
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

    def citations(self, rule: Rule, service_id: str | None, langs: list[str]) -> list[Passage]:
        """The passages a rule quotes for a service, in rule order then edition order (found once per
        rule, service and editions: a review stays linear in its findings)."""
        key = (rule.id, service_id, tuple(langs))
        if key not in self._citations:
            self._citations[key] = self._find_citations(rule, service_id, langs)
        return list(self._citations[key])

    def _find_citations(self, rule: Rule, service_id: str | None, langs: list[str]) -> list[Passage]:
        out: list[Passage] = []
        for spec in rule.cite:
            section = spec.section_for(service_id)
            for lg in langs:
                p = self.guidance.find(section, lg, list(spec.keywords.get(lg, ()))) if section else None
                if p is not None and p not in out:
                    out.append(p)
        return out

    def _check(self, rr: ResourceReport, entry: Service, template: Template, langs: list[str]) -> None:
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

    def _finding(self, rule: Rule, res: Resource, entry: Service, outcome: Outcome, langs: list[str]) -> Finding:
        return Finding(rule_id=rule.id, level=rule.level, title=rule.title, message=f"{rule.title}: {outcome.detail}.",
                       resource=res.name, resource_type=res.type, file=res.file, line=outcome.line,
                       service_id=entry.id, topic=rule.topic, fix=rule.fix,
                       citations=self.citations(rule, entry.id, langs), config_rule=rule.config_rule)

    def _uncovered(self, res: Resource, entry: Service, langs: list[str]) -> Finding:
        rule = self.rules.uncovered
        near = [display_name(self.kb.catalog, s) for s in map(self.kb.catalog.get, entry.see_also)
                if s is not None and s.covered]
        hint = f" Nearest covered services: {', '.join(near)}." if near else ""
        message = f"{entry.name('en')} is {NOT_COVERED}: confirm eligibility before storing PHI.{hint}"
        return Finding(rule_id=rule.id, level=rule.level, title=rule.title, message=message, resource=res.name,
                       resource_type=res.type, file=res.file, line=res.line, service_id=entry.id, topic=rule.topic,
                       fix=rule.fix, citations=self.citations(rule, entry.id, langs))
