"""The generated Prometheus rules: `promtool check rules` accepts them, and `promtool test rules`
shows every alert tier firing on series built to fire it and staying quiet where it must.

Each scenario's service answers 1,000 requests a minute for three days (the longest window,
so slow-burn tiers cannot fire on a short history), then fails a known share for a while.
Against a 99.9% objective over 30 days (thresholds 14.4, 6, 3 and 1 times the budget):

| service  | fails          | when it ends: fires                        | before: nothing fires |
|----------|----------------|--------------------------------------------|-----------------------|
| fast     | 10% for 15 min | page 1h/5m (1h ratio 0.025, 6h 0.0042)     | 15 min after it ends  |
| medium   | 1% for 4 h     | page 6h/30m (6h ratio 0.0067, 1h 0.01)     | after 3 h (6h 0.005)  |
| slow     | 0.5% for 16 h  | ticket 1d/2h and 3d/6h                     | after 14 h (1d 0.0029)|
| creeping | 0.2% for 40 h  | ticket 3d/6h only (1d ratio 0.002)         | after 35 h (3d 0.001-)|
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_service
from slo_api import create_slo
from slo_prometheus import tool

STEP = 5  # minutes between samples
EVERY = 15  # minutes between rule evaluations (every eval_time is a multiple)
PER_STEP = 5000  # requests per step
T0 = 3 * 1440  # minute the failures start
SCENARIOS: dict[str, dict[str, Any]] = {
    "fast": {"bad": 500, "minutes": 15, "fires": [("page", "1h", "5m")], "quiet": T0 + 30},
    "medium": {"bad": 50, "minutes": 240, "fires": [("page", "6h", "30m")], "quiet": T0 + 180},
    "slow": {
        "bad": 25,
        "minutes": 960,
        "fires": [("ticket", "1d", "2h"), ("ticket", "3d", "6h")],
        "quiet": T0 + 840,
    },
    "creeping": {"bad": 10, "minutes": 2400, "fires": [("ticket", "3d", "6h")], "quiet": T0 + 2100},
}
RATIOS = {  # error ratio over each window when the scenario ends, to 4 decimals
    "fast": {"5m": 0.1, "1h": 0.025, "6h": 0.0042},
    "medium": {"30m": 0.01, "1h": 0.01, "6h": 0.0067},
    "slow": {"2h": 0.005, "6h": 0.005, "1d": 0.0033, "3d": 0.0011},
    "creeping": {"6h": 0.002, "1d": 0.002, "3d": 0.0011},
}


def counter(segments: list[tuple[int, int]]) -> str:
    """promtool's expanding notation for a counter rising `per_step` for `steps`, in turn."""
    parts, value = [], 0
    for per_step, steps in segments:
        parts.append(f"{value}+{per_step}x{steps - 1}")
        value += per_step * steps
    return " ".join(parts)


def scenario_test(service: str, spec: dict[str, Any], rules: dict[str, Any]) -> dict[str, Any]:
    end = T0 + spec["minutes"]
    steps = [(T0 // STEP, 0), (spec["minutes"] // STEP, spec["bad"]), (6, 0)]
    slo = f"{service}-availability"
    labels = f'{{service="{service}",slo="{slo}"}}'

    def alert(severity: str, long: str, short: str) -> dict[str, Any]:
        labels = {"slo": slo, "service": service, "severity": severity}
        labels |= {"long_window": long, "short_window": short}
        rule = next(
            r
            for g in rules["groups"]
            for r in g["rules"]
            if r.get("alert") and r["labels"] == labels
        )
        return {"exp_labels": labels, "exp_annotations": rule["annotations"]}

    return {
        "interval": f"{STEP}m",
        "input_series": [
            {
                "series": f'http_requests_total{{service="{service}",code="{code}"}}',
                "values": counter(
                    [(bad if code == "500" else PER_STEP - bad, n) for n, bad in steps]
                ),
            }
            for code in ("200", "500")
        ],
        "alert_rule_test": [
            {"eval_time": f"{T0 - EVERY}m", "alertname": "SLOErrorBudgetBurn", "exp_alerts": []},
            {"eval_time": f"{spec['quiet']}m", "alertname": "SLOErrorBudgetBurn", "exp_alerts": []},
            {
                "eval_time": f"{end}m",
                "alertname": "SLOErrorBudgetBurn",
                "exp_alerts": [alert(*tier) for tier in spec["fires"]],
            },
        ],
        "promql_expr_test": [
            {
                "expr": f'round(slo:sli_error:ratio_rate{window}{{slo="{slo}"}}, 0.0001)',
                "eval_time": f"{end}m",
                "exp_samples": [{"labels": labels, "value": value}],
            }
            for window, value in RATIOS[service].items()
        ]
        + [
            {
                "expr": f'slo:error_budget:ratio{{slo="{slo}"}}',
                "eval_time": f"{end}m",
                "exp_samples": [{"labels": f"slo:error_budget:ratio{labels}", "value": 0.001}],
            }
        ],
    }


def _promtool(*args: str) -> str:
    done = subprocess.run([str(tool("promtool")), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_generated_rules_pass_promtool_check_and_test(
    app: Flask, client: FlaskClient, admin: Actor, viewer: Actor, tmp_path: Path
) -> None:
    for service in [*SCENARIOS, "other"]:
        make_service(client, admin, service)
    for service in SCENARIOS:
        create_slo(client, admin, name=f"{service}-availability", service=service)
    # Every other kind of SLI and tier is generated too and must pass `check rules`.
    create_slo(
        client,
        admin,
        name="other-latency",
        service="other",
        sli={"type": "latency", "threshold_seconds": 1},
        window="28d",
        runbook_url="https://runbooks.example.com/other",
    )
    tiers = [{"severity": "page", "long_window": "2h", "short_window": "5m", "burn_rate": 10}]
    custom = {
        "type": "custom",
        "good_query": 'increase(jobs_total{result="ok"}[$window])',
        "total_query": "increase(jobs_total[$window])",
    }
    create_slo(client, admin, name="other-jobs", service="other", sli=custom, alert_tiers=tiers)

    response = client.get("/api/slos/rules", headers=viewer.headers)
    assert response.status_code == 200
    rules = response.get_json()
    cli = app.test_cli_runner().invoke(args=["slo", "rules"])
    assert cli.exit_code == 0 and yaml.safe_load(cli.output) == rules

    (tmp_path / "rules.json").write_text(json.dumps(rules))
    # 13 per SLO on the default tiers (7 ratios, objective, budget, 4 alerts); other-jobs 5.
    assert "SUCCESS: 70 rules found" in _promtool("check", "rules", str(tmp_path / "rules.json"))
    tests = {
        "rule_files": ["rules.json"],
        "evaluation_interval": f"{EVERY}m",
        "tests": [scenario_test(s, spec, rules) for s, spec in SCENARIOS.items()],
    }
    (tmp_path / "tests.yml").write_text(yaml.safe_dump(tests, sort_keys=False))
    assert "SUCCESS" in _promtool("test", "rules", str(tmp_path / "tests.yml"))
