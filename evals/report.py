"""Render an evaluation report dict as summary.md, report.html, heatmap.png and baselines.png."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

# Label and kind per metric; the kind picks the number format (rates read best as percentages,
# ranking scores as plain fractions, latencies in ms).
METRICS: dict[str, tuple[str, str]] = {
    "service_hit_at_1": ("Service hit@1", "pct"),
    "citation_recall": ("Citation recall", "pct"),
    "fact_coverage": ("Fact coverage", "pct"),
    "refusal_accuracy": ("Refusal accuracy", "pct"),
    "answer_rate": ("Answer rate", "pct"),
    "citation_validity": ("Citation validity", "pct"),
    "quote_fidelity": ("Quote fidelity", "pct"),
    "ndcg_at_10": ("nDCG@10", "frac"),
    "mrr": ("MRR", "frac"),
    "latency_p50_ms": ("Latency p50 (ms)", "ms"),
    "latency_p95_ms": ("Latency p95 (ms)", "ms"),
    "quoted_chars": ("Quoted characters (median)", "int"),
    "dropped_share": ("Generated sentences dropped", "pct"),
    "fallback_rate": ("Generated answers fallen back", "pct"),
    "n": ("Cases", "int"),
}
# The two metrics the design is meant to move; the deltas and the bar chart use exactly these.
DELTA_METRICS = ("service_hit_at_1", "fact_coverage")
DASH = "—"
CJK_FONTS = '"Noto Sans CJK KR", "Noto Sans CJK TC", "Noto Sans CJK SC", system-ui, sans-serif'

Block = tuple[Any, ...]


def fmt(value: Any, kind: str = "pct") -> str:
    """Format one metric value; None (not applicable) becomes a dash."""
    if value is None:
        return DASH
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind == "ms":
        return f"{value:.1f}"
    if kind == "int":
        return str(int(value))
    if kind == "num":  # gate checks mix 0..1 rates with millisecond budgets
        return f"{value:.4g}"
    return f"{value:.3f}"


def _bound(check: dict[str, Any]) -> str:
    """A gate check's threshold with its direction ("≥ 0.9", "≤ 0.15")."""
    sign = "≤" if check.get("kind") == "max" else "≥"
    return f"{sign} {fmt(check.get('threshold'), 'num')}"


def fmt_pp(delta: float) -> str:
    """A difference in points (0..1) as signed percentage points, e.g. +41.2 pp."""
    points = round(delta * 100, 1)
    return f"{points + 0.0:+.1f} pp"  # + 0.0 turns -0.0 into 0.0 so ties never print as "-0.0"


def _metric_keys(rows: list[dict[str, Any]]) -> list[str]:
    """Known metrics in their fixed order, then any extra ones the evaluator added later."""
    seen = {k for row in rows for k in row}
    return [k for k in METRICS if k in seen] + sorted(seen - set(METRICS))


def _worst(rates: dict[str, float | None], langs: list[str]) -> float:
    """Lowest pass rate across languages; a service with no cases at all sorts last."""
    values = [rates.get(lang) for lang in langs]
    present = [v for v in values if v is not None]
    return min(present) if present else 2.0


def service_order(report: dict) -> list[str]:
    """Service ids sorted by their worst language (worst first), then by name for stable ties."""
    langs, names = report["langs"], report.get("service_names", {})
    per = report.get("per_service", {})
    return sorted(per, key=lambda s: (_worst(per[s], langs), names.get(s, s)))


def build_blocks(report: dict) -> list[Block]:
    """The report content once, as neutral blocks both the Markdown and the HTML renderer consume."""
    langs, systems = list(report["langs"]), list(report["systems"])
    names = report.get("system_names", {})
    summary = report.get("summary", {})
    gate = report.get("gate", {"passed": False, "checks": []})
    blocks: list[Block] = [
        ("h1", "HIPAA Guide evaluation report"),
        ("p", f"Generated {report.get('created', DASH)} · {report.get('cases', 0)} golden cases · "
              f"systems: {', '.join(names.get(s, s) for s in systems)}"),
        ("gate", bool(gate.get("passed")), f"Gate: {'PASS' if gate.get('passed') else 'FAIL'}"),
        ("table", ["Check", "Value", "Threshold", "OK"],
         [[c.get("name", ""), fmt(c.get("value"), "num"), _bound(c),
           "yes" if c.get("ok") else "NO"] for c in gate.get("checks", [])]),
    ]
    targets = report.get("targets", {}).get("checks", [])
    if targets:
        blocks += [("h2", "Targets of the answer issue (reported, not gated)"),
                   ("table", ["Target", "Value", "Wanted", "Met"],
                    [[c.get("name", ""), fmt(c.get("value"), "num"), _bound(c), "yes" if c.get("ok") else "NO"]
                     for c in targets])]

    full = "full" if "full" in systems or not systems else systems[0]
    cols = langs + (["all"] if "all" in summary.get(full, {}) else [])
    full_rows = summary.get(full, {})
    blocks += [("h2", f"Full system by language: {names.get(full, full)}")]
    keys = _metric_keys([full_rows.get(c, {}) for c in cols])
    blocks.append(("table", ["Metric", *cols],
                   [[METRICS.get(k, (k, "frac"))[0], *(fmt(full_rows.get(c, {}).get(k), METRICS.get(k, (k, "frac"))[1])
                                                       for c in cols)] for k in keys]))

    by_kind = report.get("by_kind", {})
    if by_kind:
        kind_keys = ["service_hit_at_1", "fact_coverage", "answer_rate", "refusal_accuracy", "n"]
        blocks += [("h2", "Full system by kind of question"),
                   ("p", "depth: hand-written questions; coverage: one templated question per whitepaper service "
                         "and language; unanswerable: questions the documents do not cover."),
                   ("table", ["Kind", "Language", *(METRICS[k][0] for k in kind_keys)],
                    [[kind, lang, *(fmt(by_kind[kind][lang].get(k), METRICS[k][1]) for k in kind_keys)]
                     for kind in by_kind for lang in by_kind[kind]])]

    blocks += [("h2", "What the design buys"),
               ("p", "How far the full system is ahead of each baseline, in percentage points "
                     "(positive = the full system is better). The baselines answer with three whole chunks "
                     "and never refuse, so they quote far more text (see quoted characters), which favours "
                     "them on fact coverage.")]
    deltas = report.get("deltas", {})
    items = []
    for lang in langs:
        for base in (s for s in systems if s != full):
            d = deltas.get(base, {}).get(lang)
            if not d:
                continue
            parts = [f"{fmt_pp(d[m])} on {METRICS[m][0].lower()}" for m in DELTA_METRICS if d.get(m) is not None]
            if parts:
                items.append(f"{lang}: full system vs {names.get(base, base)}: {', '.join(parts)}.")
    blocks.append(("ul", items))
    for lang in cols:
        rows = {s: summary.get(s, {}).get(lang, {}) for s in systems}
        keys = _metric_keys(list(rows.values()))
        blocks += [("h3", f"All systems side by side: {lang}"),
                   ("table", ["System", *(METRICS.get(k, (k, ""))[0] for k in keys)],
                    [[names.get(s, s), *(fmt(r.get(k), METRICS.get(k, (k, "frac"))[1]) for k in keys)]
                     for s, r in rows.items()])]
    blocks.append(("img", "baselines.png", "Full system vs baselines per language"))

    per, snames = report.get("per_service", {}), report.get("service_names", {})
    blocks += [("h2", "Per-service pass rates (full system)"),
               ("p", "Sorted by each service's worst language, worst first; a dash means no case in that language."),
               ("table", ["Service", *langs],
                [[snames.get(s, s), *(fmt(per[s].get(lang)) for lang in langs)] for s in service_order(report)]),
               ("img", "heatmap.png", "Pass rate per service and language")]

    failures = report.get("failures", [])
    blocks += [("h2", f"Failures ({len(failures)})"),
               ("ul", [f"{f.get('case_id', '?')} ({f.get('lang', '?')}): {' '.join(str(f.get('question', '')).split())}"
                       f" — {f.get('why', '')}" for f in failures] or ["None."])]
    return blocks


def _md_text(text: str) -> str:
    # GitHub would treat a question like "<script>..." as raw HTML and drop it; show it literally instead.
    return str(text).replace("<", "&lt;").replace("\n", " ")


def _md_cell(text: str) -> str:
    # A bare pipe would end the cell early and shift every column after it.
    return _md_text(text).replace("|", "\\|")


def render_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            out += ["#" * int(kind[1]) + " " + block[1], ""]
        elif kind == "gate":
            out += [f"## {block[2]}", ""]
        elif kind == "p":
            out += [block[1], ""]
        elif kind == "ul":
            out += [f"- {_md_text(item)}" for item in block[1]] + [""]
        elif kind == "img":
            out += [f"![{block[2]}]({block[1]})", ""]
        elif kind == "table":
            headers, rows = block[1], block[2]
            out.append("| " + " | ".join(_md_cell(h) for h in headers) + " |")
            # Left-align the label column, right-align the numbers so digits line up.
            out.append("|" + "|".join([":---"] + ["---:"] * (len(headers) - 1)) + "|")
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows] + [""]
    return "\n".join(out)


_CSS = f"""
body {{ font-family: {CJK_FONTS}; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1f24; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }}
th, td {{ border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
th {{ background: #f6f8fa; }}
.pass {{ color: #1a7f37; }} .fail {{ color: #cf222e; }}
img {{ max-width: 100%; height: auto; border: 1px solid #d0d7de; margin: 0.5rem 0 1.5rem; }}
li {{ margin: 0.2rem 0; }}
"""


def render_html(blocks: list[Block], title: str) -> str:
    e = html.escape
    body: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            body.append(f"<{kind}>{e(block[1])}</{kind}>")
        elif kind == "gate":
            body.append(f'<h2 class="{"pass" if block[1] else "fail"}">{e(block[2])}</h2>')
        elif kind == "p":
            body.append(f"<p>{e(block[1])}</p>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in block[1]) + "</ul>")
        elif kind == "img":
            body.append(f'<img src="{e(block[1])}" alt="{e(block[2])}">')
        elif kind == "table":
            head = "".join(f"<th>{e(str(h))}</th>" for h in block[1])
            rows = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in block[2])
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{e(title)}</title>\n'
            f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def plot_heatmap(path: Path, report: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and CI
    import matplotlib.pyplot as plt
    import numpy as np

    langs, names = list(report["langs"]), report.get("service_names", {})
    order = service_order(report)
    per = report.get("per_service", {})
    grid = np.array([[np.nan if per[s].get(lang) is None else per[s][lang] for lang in langs] for s in order],
                    dtype=float).reshape(len(order), len(langs))
    # NaN = no case in that language, drawn grey so it is visibly apart from a 0% red.
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#bdbdbd")
    # ~0.18 in per row keeps each of ~120 English labels legible; the fixed part holds title and colour bar.
    labels = [names.get(s, s) for s in order]
    # Width follows the longest label (~0.06 in per character at 7.5 pt) so long names are never clipped.
    width = 1.8 + 0.9 * len(langs) + 0.06 * max((len(label) for label in labels), default=10)
    fig, ax = plt.subplots(figsize=(width, max(3.5, 0.18 * len(order) + 1.6)))
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto",
                      interpolation="nearest")
    ax.set_xticks(range(len(langs)), langs)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(order)), labels, fontsize=7.5)
    ax.tick_params(length=0)
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid[i, j]
            ax.text(j, i, DASH if np.isnan(v) else f"{v * 100:.0f}", ha="center", va="center", fontsize=6.5,
                    color="white" if not np.isnan(v) and (v < 0.2 or v > 0.85) else "black")
    # A full-height colour bar on a 20-inch figure is mostly empty; cap it at about 3 inches.
    fig.colorbar(image, ax=ax, fraction=0.08, pad=0.03, shrink=min(0.8, 3.0 / (0.18 * max(len(order), 1))),
                 label="pass rate (grey = no case)")
    ax.set_title("Full system: pass rate per service and language (worst first)", fontsize=10, pad=18)
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight", pad_inches=0.15)  # never clip a colour-bar or legend label
    plt.close(fig)


def plot_baselines(path: Path, report: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    systems, names, summary = list(report["systems"]), report.get("system_names", {}), report.get("summary", {})
    groups = list(report["langs"]) + (["all"] if all("all" in summary.get(s, {}) for s in systems) else [])
    width = 0.8 / max(len(systems), 1)
    colours = ["#1f6feb", "#8c959f", "#e0823d", "#8250df", "#2da44e", "#cf222e"]  # ours in blue, the rest distinct
    fig, axes = plt.subplots(1, len(DELTA_METRICS), figsize=(12, 5.6), sharey=True)
    x = np.arange(len(groups))
    for ax, metric in zip(np.atleast_1d(axes), DELTA_METRICS, strict=True):
        for k, system in enumerate(systems):
            vals = [summary.get(system, {}).get(g, {}).get(metric) for g in groups]
            heights = [0.0 if v is None else v for v in vals]
            bars = ax.bar(x + (k - (len(systems) - 1) / 2) * width, heights, width * 0.95,
                          color=colours[k % len(colours)], label=names.get(system, system))
            ax.bar_label(bars, labels=["n/a" if v is None else f"{v * 100:.0f}" for v in vals], fontsize=7, padding=1)
        ax.set_xticks(x, groups)
        ax.set_ylim(0, 1.08)  # headroom so the value labels over 100% bars are not clipped
        ax.set_yticks(np.linspace(0, 1, 6))
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
        ax.set_title(METRICS[metric][0])
    np.atleast_1d(axes)[0].set_ylabel("score (0..1); bar labels in %")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    # Long system names fit only below the plots, spanning the whole width.
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=9, frameon=False)
    fig.suptitle("Full system vs baselines per language", fontsize=12)
    fig.tight_layout(rect=(0, 0.06 * ((len(systems) + 1) // 2), 1, 1))
    fig.savefig(path, dpi=110, bbox_inches="tight", pad_inches=0.15)  # never clip a colour-bar or legend label
    plt.close(fig)


def write_report(out_dir: Path, report: dict) -> dict[str, Path]:
    """Write summary.md, report.html, heatmap.png and baselines.png into out_dir (created if missing);
    return {"summary": ..., "html": ..., "heatmap": ..., "baselines": ...} paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"summary": out_dir / "summary.md", "html": out_dir / "report.html",
             "heatmap": out_dir / "heatmap.png", "baselines": out_dir / "baselines.png"}
    blocks = build_blocks(report)
    paths["summary"].write_text(render_markdown(blocks), encoding="utf-8")
    paths["html"].write_text(render_html(blocks, "HIPAA Guide evaluation report"), encoding="utf-8")
    plot_heatmap(paths["heatmap"], report)
    plot_baselines(paths["baselines"], report)
    return paths
