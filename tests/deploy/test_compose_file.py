"""docker-compose.yml: the services, ports, mounts, wiring and dependencies of the stack."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from deploy_files import (
    ROOT,
    compose,
    entrypoint_roles,
    interpolate,
    is_rootline,
    unknown_settings,
    yaml_file,
)

# The seed's ports (SPEC "Deployment"), plus Redis: where each listens inside the network.
PORTS = {
    "api": 9000,
    "postgres": 5432,
    "redis": 6379,
    "prometheus": 9090,
    "loki": 3100,
    "tempo": 3200,
    "grafana": 3000,
}
# The port each service listens on inside the network (what URLs must name).
LISTENS = {**PORTS, "demo": 9000, "alertmanager": 9093}
# What the host publishes: the APIs (the job dashboard is the API's /rq) and Grafana. Redis
# without a password ran any job a client enqueued; Prometheus, Loki, Tempo and Alertmanager
# have no authentication of their own.
PUBLISHED = {"api": {(9000, 9000)}, "demo": {(9001, 9000)}, "grafana": {(3000, 3000)}}
# Services that use PostgreSQL or Redis: the only ones on the internal `data` network.
DATA_CLIENTS = {"migrate", "api", "worker", "slo-evaluator", "demo"}
# Compose-spec keys (a subset: what a stack like this uses), so a misspelt key cannot pass as
# an ignored extension.
SERVICE_KEYS = {
    "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose",
    "volumes", "depends_on", "healthcheck", "restart", "deploy", "profiles", "secrets",
    "configs", "user", "working_dir", "networks", "labels", "logging", "stop_grace_period",
}  # fmt: skip
HEALTHCHECK_KEYS = {"test", "interval", "timeout", "retries", "start_period", "disable"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
APP_URLS = {
    "DATABASE_URL": "postgres",
    "REDIS_URL": "redis",
    "PROMETHEUS_URL": "prometheus",
    "LOKI_URL": "loki",
    "TEMPO_URL": "tempo",
}


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose()["services"]
    return found


def env(service: str) -> dict[str, str]:
    values = services()[service].get("environment") or {}
    return {key: interpolate(str(value)) for key, value in values.items()}


def published(service: dict[str, Any]) -> set[tuple[int, int]]:
    pairs = set()
    for port in service.get("ports", []):
        host, container = str(port).rsplit(":", 1)
        pairs.add((int(host.rsplit(":", 1)[-1]), int(container)))
    return pairs


def test_services_use_compose_spec_keys_only() -> None:
    assert set(compose()) <= {"name", "services", "volumes", "secrets", "networks"} | {
        key for key in compose() if key.startswith("x-")
    }
    for name, service in services().items():
        assert set(service) <= SERVICE_KEYS, (name, set(service) - SERVICE_KEYS)
        assert set(service.get("healthcheck", {})) <= HEALTHCHECK_KEYS, name
        for rule in (service.get("depends_on") or {}).values():
            assert set(rule) == {"condition"} and rule["condition"] in CONDITIONS, name


def test_only_the_apis_and_grafana_are_published() -> None:
    for name, service in services().items():
        assert published(service) == PUBLISHED.get(name, set()), name
        assert not service.get("expose"), name


def test_postgres_password_is_a_required_secret_never_defaulted() -> None:
    raw = (ROOT / "docker-compose.yml").read_text()
    assert "POSTGRES_PASSWORD:-" not in raw and "rootline@" not in raw
    postgres = services()["postgres"]
    assert "POSTGRES_PASSWORD" not in postgres["environment"]
    assert postgres["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    assert postgres["secrets"] == ["postgres_password"]
    assert compose()["secrets"]["postgres_password"] == {"environment": "POSTGRES_PASSWORD"}
    for name in ("api", "worker", "migrate", "slo-evaluator", "demo"):
        url = urlsplit(env(name)["DATABASE_URL"])
        assert url.password == "REQUIRED", name  # ${POSTGRES_PASSWORD:?...}


def test_redis_requires_the_secret_password_and_every_client_sends_it() -> None:
    redis = services()["redis"]
    script = redis["command"][-1]
    assert redis["command"][:2] == ["sh", "-c"] and script.startswith("exec redis-server ")
    assert '--requirepass "$$(cat /run/secrets/redis_password)"' in script
    assert redis["secrets"] == ["redis_password"] and redis["user"] == "redis"
    assert "/run/secrets/redis_password" in redis["healthcheck"]["test"][1]
    assert compose()["secrets"]["redis_password"] == {"environment": "REDIS_PASSWORD"}
    raw = (ROOT / "docker-compose.yml").read_text()
    assert re.findall(r"REDIS_URL: (redis://.*)", raw) == [
        "redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379/0"
    ]
    for name in ("api", "worker", "slo-evaluator"):
        assert urlsplit(env(name)["REDIS_URL"]).password == "REQUIRED", name


def test_prometheus_has_no_lifecycle_endpoints() -> None:
    assert not [a for a in services()["prometheus"]["command"] if "lifecycle" in a]
    assert "/-/reload" not in (ROOT / "README.md").read_text()


def test_postgres_and_redis_are_on_an_internal_network_of_rootline_services() -> None:
    assert compose()["networks"]["data"] == {"internal": True}
    for name, service in services().items():
        networks = set(service.get("networks", ["default"]))
        if name in {"postgres", "redis"}:
            assert networks == {"data"}, name
        elif name in DATA_CLIENTS:
            assert networks == {"default", "data"}, name
        else:
            assert "data" not in networks, name


@pytest.mark.parametrize("name", ["api", "worker", "slo-evaluator", "migrate"])
def test_the_app_reaches_every_backend_it_needs(name: str) -> None:
    values = env(name)
    for setting, target in APP_URLS.items():
        url = urlsplit(values[setting])
        assert url.hostname == target and url.port == LISTENS[target], (name, setting)


def test_every_url_in_the_stack_points_at_a_defined_service_and_port() -> None:
    """Environment values, Prometheus targets and Grafana datasources."""
    urls = [v for s in services() for v in env(s).values() if "://" in v]
    prometheus = yaml_file(ROOT / "docker/prometheus.yml")
    for job in prometheus["scrape_configs"]:
        for static in job.get("static_configs", []):
            urls += [f"http://{target}" for target in static["targets"]]
    for alerting in prometheus["alerting"]["alertmanagers"]:
        urls += [f"http://{t}" for s in alerting["static_configs"] for t in s["targets"]]
    for path in (ROOT / "docker/grafana/provisioning/datasources").glob("*.yml"):
        urls += [source["url"] for source in yaml_file(path)["datasources"]]
    urls += [
        hook["url"]
        for receiver in yaml_file(ROOT / "docker/alertmanager.yml")["receivers"]
        for hook in receiver.get("webhook_configs", [])
    ]
    assert len(urls) > 20
    for raw in urls:
        url = urlsplit(raw)
        if url.hostname == "localhost":  # Prometheus scraping itself; the CORS origin
            continue
        assert url.hostname in services(), raw
        assert url.port == LISTENS[str(url.hostname)], raw


def test_settings_are_ones_the_app_reads() -> None:
    names = {key for s in services() if is_rootline(services()[s]) for key in env(s)}
    assert names and not unknown_settings(names)


def test_jwt_secret_is_required_never_defaulted() -> None:
    raw = (ROOT / "docker-compose.yml").read_text()
    references = re.findall(r"JWT_SECRET_KEY: (.*)", raw)
    assert references and all(r.startswith("${JWT_SECRET_KEY:?") for r in references)
    for name, service in services().items():
        if is_rootline(service):
            assert "JWT_SECRET_KEY" in env(name), name


def test_two_workers_without_host_ports() -> None:
    worker = services()["worker"]
    assert worker["deploy"]["replicas"] == 2
    assert not worker.get("ports") and "container_name" not in worker


def test_rootline_services_run_entrypoint_roles() -> None:
    roles = set(entrypoint_roles())
    commands = {
        name: service["command"][0] for name, service in services().items() if is_rootline(service)
    }
    assert set(commands) >= {"api", "worker", "migrate", "slo-evaluator"}
    assert set(commands.values()) <= roles
    assert all(commands[role] == role for role in roles)


def test_bind_mounts_exist_and_named_volumes_are_declared() -> None:
    declared = set(compose().get("volumes", {}))
    binds = 0
    for name, service in services().items():
        for volume in service.get("volumes", []):
            source = str(volume).split(":", 1)[0]
            if source.startswith((".", "/")):
                binds += 1
                assert (ROOT / source).exists(), f"{name}: {source}"
            else:
                assert source in declared, f"{name}: {source}"
    assert binds >= 8


def test_dependencies_wait_on_conditions_the_targets_can_meet() -> None:
    conditions = 0
    for name, service in services().items():
        for target, rule in (service.get("depends_on") or {}).items():
            assert target in services(), (name, target)
            other = services()[target]
            conditions += 1
            if rule["condition"] == "service_healthy":
                check = other.get("healthcheck", {})
                assert check.get("test") and not check.get("disable"), (name, target)
            elif rule["condition"] == "service_completed_successfully":
                assert other.get("restart", "no") == "no", target
    assert conditions >= 10
    api = services()["api"]["depends_on"]
    assert api["postgres"]["condition"] == "service_healthy"
    assert api["migrate"]["condition"] == "service_completed_successfully"


def test_demo_profile_runs_the_simulation_in_one_process() -> None:
    """The simulated world lives in the process that serves it: one gunicorn worker, and no
    Redis, so its analyses run in that process too (an RQ worker would have no world)."""
    demo = [n for n, s in services().items() if "demo" in s.get("profiles", [])]
    assert demo == ["demo"]
    values = env("demo")
    assert values["SIMULATION_ENABLED"] == "true"
    assert values["WEB_CONCURRENCY"] == "1" and values["REDIS_URL"] == ""
    assert urlsplit(values["DATABASE_URL"]).path != urlsplit(env("api")["DATABASE_URL"]).path
    init = (ROOT / "docker/postgres/init-demo-db.sql").read_text()
    assert f"CREATE DATABASE {urlsplit(values['DATABASE_URL']).path.lstrip('/')} " in init
    for name, service in services().items():
        if name != "demo" and is_rootline(service):
            assert env(name).get("SIMULATION_ENABLED", "false") == "false", name


def test_loki_and_tempo_configs_listen_where_compose_and_urls_say() -> None:
    loki = yaml_file(ROOT / "docker/loki.yml")
    assert loki["server"]["http_listen_port"] == PORTS["loki"]
    schema = loki["schema_config"]["configs"][-1]
    assert (schema["store"], schema["object_store"], schema["schema"]) == (
        "tsdb",
        "filesystem",
        "v13",
    )
    tempo = yaml_file(ROOT / "docker/tempo.yml")
    assert tempo["server"]["http_listen_port"] == PORTS["tempo"]
    otlp = tempo["distributor"]["receivers"]["otlp"]["protocols"]
    ports = {int(p["endpoint"].rsplit(":", 1)[1]) for p in otlp.values()}
    assert ports == {4317, 4318}
    assert not published(services()["tempo"])  # whoever sends spans feeds the evidence
    assert loki["common"]["path_prefix"] in {
        str(v).split(":")[1] for v in services()["loki"]["volumes"]
    }
