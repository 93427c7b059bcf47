"""Offline evaluation: run the engine (the registered analyzers and the merge, fed by the
case-bundle source) and the baselines on every case of a dataset, and score them the way
RCAEval does (AC@k, Avg@5), plus fault accuracy and a calibration table of the top
hypothesis' confidence against how often it was right.

The label is read by `load_case` next to the analysis, never through it: the engine gets the
context and the bundle's telemetry only.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from incident_app.correlation.engine import AnalysisResult, analyze
from incident_app.correlation.plugins import PluginSet
from incident_app.correlation.sources.bundle import load_case, read_metrics
from incident_app.rca.baselines import random_expected, rank_services

KS = (1, 2, 3, 4, 5)
BASELINES = ("nsigma", "baro")
#: Confidence bins of the calibration table (upper bounds; the last includes 1.0).
BINS = (0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass
class CaseResult:
    case: str
    system: str
    label: dict[str, Any] | None
    ranking: list[str]  # the engine's, most likely root cause first
    fault: str | None  # the top hypothesis' fault
    confidence: float  # the top hypothesis' confidence (0 without hypotheses)
    services: int
    seconds: float
    baselines: dict[str, list[str]] = field(default_factory=dict)
    reference: str = ""  # the reference period's folder name, when the case names one


def run_case(case_dir: Path, plugins: PluginSet) -> tuple[CaseResult, AnalysisResult]:
    context, label = load_case(case_dir)
    meta = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = analyze(context, plugins, {"CASE_DIR": str(case_dir)})
    seconds = time.perf_counter() - started
    top = result.hypotheses[0] if result.hypotheses else None
    inject = context.started_at.timestamp()
    series = read_metrics(case_dir)
    return (
        CaseResult(
            case=case_dir.name,
            system=str(meta.get("system") or "unknown"),
            reference=Path(str(meta.get("reference") or "")).name,
            label=label,
            ranking=[h.service for h in result.hypotheses],
            fault=top.fault if top else None,
            confidence=top.confidence if top else 0.0,
            services=len(context.services),
            seconds=seconds,
            baselines={m: rank_services(series, inject, m) for m in BASELINES},
        ),
        result,
    )


def case_dirs(dataset: Path) -> list[Path]:
    """Every case bundle directly under `dataset` (or `dataset` itself if it is one); folders
    whose names start with `_` (reference periods) are not cases."""
    if (dataset / "case.json").is_file():
        return [dataset]
    return sorted(
        p for p in dataset.iterdir() if not p.name.startswith("_") and (p / "case.json").is_file()
    )


def evaluate(
    dataset: Path,
    plugins: PluginSet,
    progress: Callable[[CaseResult], None] | None = None,
) -> tuple[list[CaseResult], dict[str, Any]]:
    results = []
    for case in case_dirs(dataset):
        outcome, _ = run_case(case, plugins)
        results.append(outcome)
        if progress is not None:
            progress(outcome)
    return results, summarize(results)


def _hit(ranking: list[str], label: dict[str, Any], k: int) -> bool:
    return label.get("service") in ranking[:k]


def accuracy(rankings: Iterable[tuple[list[str], dict[str, Any]]]) -> dict[str, float]:
    """AC@1, AC@3, AC@5 and Avg@5 (the mean of AC@1..AC@5) over (ranking, label) pairs."""
    pairs = list(rankings)
    if not pairs:
        return {"ac@1": 0.0, "ac@3": 0.0, "ac@5": 0.0, "avg@5": 0.0}
    ac = {k: sum(_hit(r, lab, k) for r, lab in pairs) / len(pairs) for k in KS}
    out = {f"ac@{k}": round(ac[k], 4) for k in (1, 3, 5)}
    out["avg@5"] = round(sum(ac.values()) / len(KS), 4)
    return out


def _group(scored: list[CaseResult]) -> dict[str, Any]:
    """The engine's and the baselines' figures on one group of labelled cases."""
    labels = [r.label or {} for r in scored]
    engine = accuracy((r.ranking, lab) for r, lab in zip(scored, labels, strict=True))
    faults = sum(r.fault == lab.get("fault") for r, lab in zip(scored, labels, strict=True))
    out: dict[str, Any] = {"cases": len(scored), **engine}
    out["fault_accuracy"] = round(faults / len(scored), 4) if scored else 0.0
    out["ece"] = calibration(scored)["ece"]
    seconds = [r.seconds for r in scored]
    out["seconds_per_case"] = round(sum(seconds) / len(seconds), 4) if seconds else 0.0
    for method in BASELINES:
        pairs = ((r.baselines[method], lab) for r, lab in zip(scored, labels, strict=True))
        out[method] = accuracy(pairs)
    return out


def _random(scored: list[CaseResult]) -> dict[str, float]:
    if not scored:
        return {"ac@1": 0.0, "ac@3": 0.0, "ac@5": 0.0, "avg@5": 0.0}
    ac = {k: sum(random_expected(r.services, k) for r in scored) / len(scored) for k in KS}
    out = {f"ac@{k}": round(ac[k], 4) for k in (1, 3, 5)}
    out["avg@5"] = round(sum(ac.values()) / len(KS), 4)
    return out


def calibration(scored: list[CaseResult]) -> dict[str, Any]:
    """Top-hypothesis confidence in bins against the share of those cases it was right, and
    the expected calibration error (the case-weighted mean gap)."""
    rows, gap, lower = [], 0.0, 0.0
    for upper in BINS:
        inside = [
            r
            for r in scored
            if lower <= r.confidence < upper or (upper == 1.0 and r.confidence >= 1)
        ]
        if inside:
            right = sum(_hit(r.ranking, r.label or {}, 1) for r in inside) / len(inside)
            mean = sum(r.confidence for r in inside) / len(inside)
            gap += len(inside) * abs(right - mean)
            rows.append(
                {
                    "confidence": f"{lower:.1f}-{upper:.1f}",
                    "cases": len(inside),
                    "mean_confidence": round(mean, 4),
                    "accuracy": round(right, 4),
                }
            )
        lower = upper
    return {"bins": rows, "ece": round(gap / len(scored), 4) if scored else 0.0}


def summarize(results: list[CaseResult]) -> dict[str, Any]:
    scored = [r for r in results if r.label]
    overall = _group(scored)
    by_fault: dict[str, list[CaseResult]] = defaultdict(list)
    by_system: dict[str, list[CaseResult]] = defaultdict(list)
    by_reference: dict[str, list[CaseResult]] = defaultdict(list)
    for r in scored:
        by_fault[str((r.label or {}).get("fault"))].append(r)
        by_system[r.system].append(r)
        if r.reference:
            by_reference[f"{r.system}/{r.reference}"].append(r)
    seconds = [r.seconds for r in results]
    # Only periods shared by several cases (the day a recording was made) are a grouping.
    shared = len(by_reference) < sum(len(rs) for rs in by_reference.values())
    return {
        "cases": len(scored),
        "unlabelled": len(results) - len(scored),
        "service": {k: overall[k] for k in ("ac@1", "ac@3", "ac@5", "avg@5")},
        "fault_accuracy": overall["fault_accuracy"],
        "per_fault": {f: _group(rs) for f, rs in sorted(by_fault.items())},
        "per_system": {s: _group(rs) for s, rs in sorted(by_system.items())},
        "per_reference": {s: _group(rs) for s, rs in sorted(by_reference.items()) if shared},
        "baselines": {
            "random": _random(scored),
            **{m: overall[m] for m in BASELINES},
        },
        "calibration": calibration(scored),
        "seconds_per_case": round(sum(seconds) / len(seconds), 4) if seconds else 0.0,
        "max_seconds_per_case": round(max(seconds), 4) if seconds else 0.0,
    }
