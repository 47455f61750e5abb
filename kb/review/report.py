"""The review as Markdown ready to paste into a pull request comment (GitHub-flavoured)."""
from __future__ import annotations

from kb.cite import CitedSpan
from kb.review.model import Finding, Report, ResourceReport

LANG_NAMES = {"ko": "Korean", "zh": "Traditional-Chinese", "all": "Korean and Traditional-Chinese"}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _quote(p: CitedSpan) -> list[str]:
    body = " ".join(p.quote.split())
    note = f" ({p.citation.note})" if p.citation.note else ""
    return [f"> “{body}”  ", f"> — `{p.id}` {p.citation.reference()}{note}"]


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}" if f.line else f.file


def _status(r: ResourceReport) -> str:
    errors = sum(1 for f in r.findings if f.level == "error")
    warnings = len(r.findings) - errors
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    if r.covered is False:
        return "not covered by the HIPAA whitepaper"
    if r.service_id is None:
        return "; ".join(parts) or ("service unknown (see Not checked)" if r.unverified else "no whitepaper section")
    return ", ".join(parts) or "ok"


def _headline(report: Report) -> str:
    s = report.summary()
    parts = s["not_reviewed"]
    verdict = (f"**{s['errors']} error{'s' * (s['errors'] != 1)}, {s['warnings']} warning{'s' * (s['warnings'] != 1)}**"
               if s["findings"] else
               f"**No findings, but {parts} part{'s' * (parts != 1)} not reviewed**" if parts else "**No findings**")
    what = "services named" if report.tool == "document" else "resources"
    return (f"{verdict} · {s['resources']} {what}: {s['mapped'] - s['uncovered']} on whitepaper services, "
            f"{s['uncovered']} not covered by the HIPAA whitepaper, {s['unmapped']} without a whitepaper section. "
            f"Quotes from the {LANG_NAMES.get(report.lang, report.lang)} "
            f"edition{'s' * (report.lang == 'all')} of the AWS whitepaper "
            "*Architecting for HIPAA Security and Compliance on Amazon Web Services*.")


def _findings(report: Report, labels: dict[str, str]) -> list[str]:
    findings = report.findings
    if not findings:
        return []
    lines = ["", "### Findings", "", "| # | Level | Resource | Where | Finding |", "|---|---|---|---|---|"]
    for n, f in enumerate(findings, 1):
        lines.append(f"| {n} | {f.level} | `{_cell(f.resource)}` ({_cell(f.resource_type)}) | {_cell(_where(f))} "
                     f"| {_cell(f.message)} |")
    for n, f in enumerate(findings, 1):
        topic = labels.get(f.topic or "", f.topic or "")
        lines += ["", f"**{n}. `{f.resource}` — {f.title}**  ",
                  f"{f.level} · rule `{f.rule_id}` · {topic} · `{_where(f)}`  ", f.message + "  "]
        for rid, statement in f.requirements:
            lines.append(f"**Requirement** (HIPAA Guide's summary): {statement} `{rid}`  ")
        if f.fix:
            lines.append(f"**Fix:** {f.fix}  ")
        if f.config_rule:
            lines.append("**AWS Config:** " + ", ".join(f"`{c}`" for c in f.config_rule)
                         + " checks the same setting in a running account.")
        for p in f.citations:
            lines += [""] + _quote(p)
    return lines


def _checklists(report: Report) -> list[str]:
    if not report.checklists:
        return []
    lines = ["", "### What the guidance requires, by service", ""]
    for sid, passages in report.checklists.items():
        mine = [r.resource for r in report.resources if r.service_id == sid]
        # A design document's "resource" is the service itself: say where the document names it instead.
        users = [f"line {res.line}" if report.tool == "document" else f"`{res.name}`" for res in mine]
        name = report.service_names.get(sid, sid)
        count = f"{len(passages)} requirement{'s' * (len(passages) != 1)}"
        lines += [f"<details><summary><b>{name}</b> (<code>{sid}</code>) — {count}; {', '.join(users)}</summary>", ""]
        if not passages:
            lines.append(f"The section states no explicit requirement; `python -m kb cite {sid}` shows all of it.")
        for p in passages:
            body = " ".join(p.quote.split())
            lines.append(f"- “{body}” — `{p.id}` {p.citation.reference()}")
        lines += ["", "</details>", ""]
    return lines


def _resources(report: Report) -> list[str]:
    lines = ["", "### Resources", "", "| Resource | Type | Where | Whitepaper service | Status |",
             "|---|---|---|---|---|"]
    for r in report.resources:
        res = r.resource
        where = f"{res.file}:{res.line}" if res.line else res.file
        service = f"{r.service_name} (`{r.service_id}`)" if r.service_id else "—"
        lines.append(f"| `{_cell(res.name)}` | {_cell(res.type)} | {_cell(where)} | {_cell(service)} | {_status(r)} |")
    unverified = [(r.resource.name, note) for r in report.resources for note in r.unverified]
    if unverified:
        lines += ["", "**Not checked** (the template computes these values):", ""]
        lines += [f"- `{name}`: {note}" for name, note in unverified]
    return lines


def _not_reviewed(report: Report) -> list[str]:
    lines: list[str] = []
    if report.not_reviewed:
        lines += ["", "### Not reviewed", "", "These parts of the input could not be read, so their resources are not "
                  "in this review (exit code 3 when nothing else is found):", ""]
        for n in report.not_reviewed:
            where = f"{n.file}:{n.line}" if n.line else n.file
            lines.append(f"- {n.what} at `{where}`: {n.reason}.")
    if report.ignored:
        shown = ", ".join(f"`{name}`" for name in report.ignored[:10])
        more = f" and {len(report.ignored) - 10} more" if len(report.ignored) > 10 else ""
        lines += ["", f"Ignored (YAML/JSON files that are not templates): {shown}{more}."]
    return lines


def render_markdown(report: Report, topic_labels: dict[str, str]) -> str:
    """Headline, findings with their quotes and fixes, what was not reviewed, per-service checklists
    (collapsed), resource table."""
    lines = [f"## HIPAA design review: `{report.source}`", "", _headline(report)]
    lines += _findings(report, topic_labels)
    lines += _not_reviewed(report)
    lines += _checklists(report)
    lines += _resources(report)
    lines += ["", "<sub>Generated by HIPAA Guide (`python -m kb review`). Quotes are verbatim; ids are "
              "`document:start-end` character offsets, stable across re-indexing.</sub>"]
    return "\n".join(lines).rstrip() + "\n"
