"""Prometheus rules for every SLO: recording rules for the error ratio over each window the
alert tiers use, and one multiwindow, multi-burn-rate alert per tier.

The recorded ratio is bad events over total events in the window (as the API computes it);
a tier fires when both its windows' ratios exceed threshold * (1 - target), the burn-rate
threshold written as an exact decimal so Prometheus compares against what the API reports.
"""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from incident_app.models import Slo
from incident_app.slos.evaluation import budget_fraction
from incident_app.slos.promql import decimal_text, quote
from incident_app.slos.queries import queries_of
from incident_app.slos.report_schemas import RuleGroupOut, RuleOut, RulesOut
from incident_app.slos.tiers import BURN_WINDOWS, tiers_of

ALERT = "SLOErrorBudgetBurn"


def ratio_record(window: str) -> str:
    return f"slo:sli_error:ratio_rate{window}"


def slo_group(slo: Slo) -> RuleGroupOut:
    queries = queries_of(slo)
    labels = {"slo": slo.name, "service": slo.service.name}
    tiers = tiers_of(slo)
    used = {w for t in tiers for w in (t.long_window, t.short_window)}
    allowed = budget_fraction(slo.target)
    rules = [
        RuleOut(
            record=ratio_record(window),
            expr=f"{queries.bad_over(window)} / {queries.total_over(window)}",
            labels=labels,
        )
        for window in BURN_WINDOWS
        if window in used
    ]
    rules += [
        RuleOut(
            record="slo:objective:ratio",
            expr=f"vector({decimal_text(slo.target / 100)})",
            labels=labels,
        ),
        RuleOut(
            record="slo:error_budget:ratio", expr=f"vector({decimal_text(allowed)})", labels=labels
        ),
    ]
    match = f"{{slo={quote(slo.name)}}}"
    for tier in tiers:
        factor = decimal_text(tier.threshold(slo.window))
        limit = decimal_text(tier.threshold(slo.window) * allowed)
        annotations = {
            "summary": f"{slo.name}: error budget burning over {factor}x ({tier.label})",
            "description": (
                f"{slo.service.name} {slo.name} ({decimal_text(slo.target)}% over "
                f"{slo.window.value}): error ratio above {limit} over both {tier.long_window} "
                f"and {tier.short_window}."
            ),
        }
        if slo.runbook_url:
            annotations["runbook_url"] = slo.runbook_url
        rules.append(
            RuleOut(
                alert=ALERT,
                expr=(
                    f"{ratio_record(tier.long_window)}{match} > {limit} and "
                    f"{ratio_record(tier.short_window)}{match} > {limit}"
                ),
                labels={
                    **labels,
                    "severity": tier.severity,
                    "long_window": tier.long_window,
                    "short_window": tier.short_window,
                },
                annotations=annotations,
            )
        )
    return RuleGroupOut(name=f"rootline-slo-{slo.name}", rules=rules)


def rule_file(slos: Iterable[Slo]) -> RulesOut:
    return RulesOut(groups=[slo_group(slo) for slo in slos])


def rule_file_yaml(slos: Iterable[Slo]) -> str:
    return yaml.safe_dump(rule_file(slos).model_dump(mode="json"), sort_keys=False, width=1000)
