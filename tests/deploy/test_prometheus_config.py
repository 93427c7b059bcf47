"""docker/prometheus.yml and its rules, Alertmanager, and Grafana's provisioning: checked by
promtool and amtool, and against the series the app really exposes."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from conftest import make_app
from deploy_files import AMTOOL, PROMTOOL, ROOT, ROOTLINE_METRICS, compose, yaml_file
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

PROMETHEUS_YML = ROOT / "docker/prometheus.yml"
GRAFANA = ROOT / "docker/grafana"
SUFFIXES = {"counter": ("_total", "_created"), "gauge": ("",), "histogram": ("_bucket", "_count")}
SUFFIXES["histogram"] += ("_sum", "_created")


def tool(binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not binary.exists():
        pytest.fail(f"{binary} is missing: run scripts/install-prometheus.sh and -alertmanager.sh")
    return subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=60)


def host_path(service: str, container_path: str) -> Path:
    """The host file behind a container path, through the service's bind mounts."""
    for volume in compose()["services"][service]["volumes"]:
        source, target = str(volume).split(":")[:2]
        inside = PurePosixPath(container_path)
        if source.startswith(".") and inside.is_relative_to(target):
            return ROOT / source / inside.relative_to(target)
    raise AssertionError(f"{container_path} is not mounted into {service}")


def rule_files() -> list[Path]:
    config = yaml_file(PROMETHEUS_YML)
    found = []
    for pattern in config["rule_files"]:
        where = host_path("prometheus", pattern)
        matched = sorted(where.parent.glob(where.name))
        assert matched, f"{pattern} matches no file in {where.parent}"
        found += matched
    return found


def dashboard_exprs() -> list[str]:
    exprs = []
    for path in (GRAFANA / "dashboards").glob("*.json"):
        for panel in json.loads(path.read_text())["panels"]:
            exprs += [t["expr"] for t in panel.get("targets", [])]
    return exprs


def rule_exprs() -> list[str]:
    return [
        rule["expr"]
        for path in rule_files()
        for group in yaml_file(path)["groups"]
        for rule in group["rules"]
    ]


def rootline_series(exprs: list[str]) -> set[str]:
    return {name for expr in exprs for name in re.findall(r"\brootline_\w+", expr)}


def sample_names(families: dict[str, str]) -> set[str]:
    """Every series name a family of that type exposes."""
    names = set()
    for family, kind in families.items():
        base = family.removesuffix("_total")
        names |= {base + suffix for suffix in SUFFIXES.get(kind, ("",))}
    return names


def test_promtool_accepts_the_config_and_the_rules_it_loads(tmp_path: Path) -> None:
    result = tool(PROMTOOL, "check", "config", str(PROMETHEUS_YML))
    assert result.returncode == 0, result.stdout + result.stderr
    # Again with rule_files pointing at the mounted host files, so the rules load too.
    config = yaml_file(PROMETHEUS_YML)
    config["rule_files"] = [str(path) for path in rule_files()]
    local = tmp_path / "prometheus.yml"
    local.write_text(yaml.safe_dump(config))
    result = tool(PROMTOOL, "check", "config", str(local))
    assert result.returncode == 0 and "rules found" in result.stdout, result.stdout + result.stderr


def test_promtool_accepts_every_rule_file() -> None:
    for path in rule_files():
        result = tool(PROMTOOL, "check", "rules", str(path))
        assert result.returncode == 0, result.stdout + result.stderr


def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    """promtool parses each panel's query as a recording rule ($__rate_interval as 5m)."""
    exprs = dashboard_exprs()
    assert len(exprs) >= 8
    rules = [
        {"record": f"dashboard:query_{i}", "expr": e.replace("$__rate_interval", "5m")}
        for i, e in enumerate(exprs)
    ]
    path = tmp_path / "dashboard.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = tool(PROMTOOL, "check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_scrape_jobs_reach_the_api_workers_and_the_demo_shop() -> None:
    jobs = {job["job_name"]: job for job in yaml_file(PROMETHEUS_YML)["scrape_configs"]}
    api = jobs["rootline-api"]
    assert api["metrics_path"] == "/metrics"
    assert api["static_configs"][0]["targets"] == ["api:9000"]
    (workers,) = jobs["rootline-worker"]["dns_sd_configs"]
    worker_env = compose()["services"]["worker"]["environment"]
    assert workers["names"] == ["worker"]
    assert workers["port"] == int(worker_env["WORKER_METRICS_PORT"])
    shop = jobs["simulation"]
    assert shop["metrics_path"] == "/simulation/metrics"
    assert shop["static_configs"][0]["targets"] == ["demo:9000"]


def test_the_app_serves_the_paths_prometheus_scrapes() -> None:
    app = make_app("sqlite://", SIMULATION_ENABLED=True)
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert {"/metrics", "/simulation/metrics"} <= rules


@pytest.fixture(scope="module")
def exposed() -> set[str]:
    """Series names of every family the API's /metrics declares."""
    client: FlaskClient = make_app("sqlite://").test_client()
    response = client.get("/metrics")
    if response.status_code == 404:
        pytest.skip("the API does not serve /metrics yet (the self-metrics work adds it)")
    assert response.status_code == 200
    families = text_string_to_metric_families(response.get_data(as_text=True))
    return sample_names({family.name: family.type for family in families})


def test_dashboard_and_rules_use_only_rootline_series_the_app_exposes(exposed: set[str]) -> None:
    used = rootline_series(dashboard_exprs() + rule_exprs())
    assert used and used <= exposed, used - exposed


def test_dashboard_and_rules_use_only_the_agreed_rootline_series() -> None:
    used = rootline_series(dashboard_exprs() + rule_exprs())
    agreed = sample_names(ROOTLINE_METRICS)
    assert used - agreed == set()
    # Request rate and latency by route, jobs by state, analysis duration, source errors.
    families = {
        f for f in ROOTLINE_METRICS if any(n.startswith(f.removesuffix("_total")) for n in used)
    }
    assert families == set(ROOTLINE_METRICS)


def test_grafana_provisions_three_datasources_the_dashboard_uses() -> None:
    (path,) = (GRAFANA / "provisioning/datasources").glob("*.yml")
    sources = {s["uid"]: s for s in yaml_file(path)["datasources"]}
    assert {s["type"] for s in sources.values()} == {"prometheus", "loki", "tempo"}
    dashboards = list((GRAFANA / "dashboards").glob("*.json"))
    assert dashboards
    for dashboard in dashboards:
        board: dict[str, Any] = json.loads(dashboard.read_text())
        assert board["uid"] and board["panels"]
        for panel in board["panels"]:
            assert panel["datasource"]["uid"] in sources
            assert all(t["datasource"]["uid"] in sources for t in panel["targets"])
    tempo = next(s for s in sources.values() if s["type"] == "tempo")
    assert tempo["jsonData"]["tracesToLogsV2"]["datasourceUid"] in sources


def test_grafana_dashboard_provider_reads_the_mounted_folder() -> None:
    (path,) = (GRAFANA / "provisioning/dashboards").glob("*.yml")
    (provider,) = yaml_file(path)["providers"]
    folder = host_path("grafana", provider["options"]["path"])
    assert folder.resolve() == (GRAFANA / "dashboards").resolve()
    assert (
        host_path("grafana", "/etc/grafana/provisioning").resolve()
        == (GRAFANA / "provisioning").resolve()
    )


def test_alertmanager_delivers_to_rootlines_receiver_with_a_mounted_token() -> None:
    path = ROOT / "docker/alertmanager.yml"
    result = tool(AMTOOL, "check-config", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    (hook,) = yaml_file(path)["receivers"][0]["webhook_configs"]
    app = make_app("sqlite://")
    receiver = hook["url"].split("://", 1)[1].split("/", 1)[1]
    assert f"/{receiver}" in {rule.rule for rule in app.url_map.iter_rules()}
    token = PurePosixPath(hook["http_config"]["authorization"]["credentials_file"])
    assert token.parent == PurePosixPath("/run/secrets")
    assert token.name in compose()["services"]["alertmanager"]["secrets"]
    assert token.name in compose()["secrets"]
