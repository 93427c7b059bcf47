"""Plain-text renderings for the `flask rca` commands: one case's hypotheses with their
evidence, and an evaluation report as tables a responder can read in a terminal."""

from __future__ import annotations

from typing import Any

from incident_app.correlation.engine import AnalysisResult
from incident_app.correlation.types import Finding, Hypothesis

EVIDENCE_PER_HYPOTHESIS = 4


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "analyzer": f.analyzer,
        "signal": str(f.signal),
        "kind": f.kind,
        "summary": f.summary,
        "score": f.score,
        "fault": f.fault,
        "onset": f.onset,
        "evidence": f.evidence,
    }


def hypothesis_json(h: Hypothesis) -> dict[str, Any]:
    return {
        "rank": h.rank,
        "service": h.service,
        "fault": h.fault,
        "confidence": h.confidence,
        "summary": h.summary,
        "findings": [finding_json(f) for f in h.findings],
    }


def analysis_json(case: str, result: AnalysisResult) -> dict[str, Any]:
    return {
        "case": case,
        "hypotheses": [hypothesis_json(h) for h in result.hypotheses],
        "problems": result.problems,
        "sources": result.sources,
        "analyzers": result.analyzers,
        "duration_ms": result.duration_ms,
    }


def analysis_text(case: str, result: AnalysisResult) -> str:
    lines = [f"{case}: {len(result.hypotheses)} hypotheses in {result.duration_ms:.0f} ms"]
    for h in result.hypotheses:
        lines.append(f"{h.rank}. {h.summary} (confidence {h.confidence:.2f})")
        lines.extend(f"     - {f.summary}" for f in h.findings[:EVIDENCE_PER_HYPOTHESIS])
    if not result.hypotheses:
        lines.append("No anomaly found.")
    lines.extend(f"! {where}: {why}" for where, why in sorted(result.problems.items()))
    return "\n".join(lines)


def _row(name: str, figures: dict[str, Any], keys: tuple[str, ...]) -> str:
    cells = []
    for key in keys:
        value = figures.get(key)
        cells.append(f"{value:>7.3f}" if isinstance(value, float) else f"{value!s:>7}")
    return f"{name:<18}" + "".join(cells)


def evaluation_text(report: dict[str, Any]) -> str:
    """The report as tables: overall against the baselines, per fault, per system, per
    reference period (e.g. the day a case was recorded), calibration."""
    keys = ("ac@1", "ac@3", "ac@5", "avg@5")
    head = f"{'':<18}" + "".join(f"{k.upper():>7}" for k in keys)
    lines = [
        f"Root-cause accuracy on {report['cases']} labelled cases "
        f"({report['seconds_per_case']:.2f} s per case, "
        f"slowest {report['max_seconds_per_case']:.2f} s)",
        head + f"{'FAULT':>7}",
        _row("rootline", report["service"], keys) + f"{report['fault_accuracy']:>7.3f}",
    ]
    lines += [_row(name, figures, keys) for name, figures in report["baselines"].items()]
    group_keys = ("cases", "ac@1", "avg@5", "fault_accuracy", "ece")
    group_head = "".join(f"{k.split('_')[0].upper():>7}" for k in group_keys)
    tables = [("per fault", report["per_fault"]), ("per system", report["per_system"])]
    if report.get("per_reference"):
        tables.append(("per reference", report["per_reference"]))
    for title, groups in tables:
        lines += ["", f"{title:<18}{group_head}{'BARO@1':>8}{'BARO@5':>8}{'NSIG@1':>8}"]
        for name, g in groups.items():
            lines.append(
                _row(name, g, group_keys)
                + f"{g['baro']['ac@1']:>8.3f}{g['baro']['avg@5']:>8.3f}{g['nsigma']['ac@1']:>8.3f}"
            )
    lines += ["", f"{'calibration':<18}{'CASES':>7}{'CONF':>7}{'RIGHT':>7}"]
    for b in report["calibration"]["bins"]:
        lines.append(
            f"{b['confidence']:<18}{b['cases']:>7}{b['mean_confidence']:>7.3f}{b['accuracy']:>7.3f}"
        )
    lines.append(f"{'ECE':<18}{report['calibration']['ece']:>21.3f}")
    if report.get("unlabelled"):
        lines.append(f"{report['unlabelled']} unlabelled cases analysed but not scored")
    return "\n".join(lines)
