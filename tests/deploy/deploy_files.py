"""Readers for the deployment artifacts (Dockerfile, docker/, docker-compose.yml,
deploy/kubernetes/) shared by the tests in this folder. Docker and Kubernetes do not run here,
so the files are parsed and cross-checked against each other and against the app."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
K8S = ROOT / "deploy" / "kubernetes"
ENTRYPOINT = DOCKER / "entrypoint.sh"
PROMTOOL = ROOT / ".tools" / "prometheus" / "usr" / "bin" / "promtool"
AMTOOL = ROOT / ".tools" / "alertmanager" / "usr" / "bin" / "amtool"
IMAGE = "rootline"  # the image every Rootline service and pod runs (built from the Dockerfile)

# Rootline's own series, as agreed with the self-metrics work (README "Running in production").
ROOTLINE_METRICS = {
    "rootline_http_requests_total": "counter",
    "rootline_http_request_duration_seconds": "histogram",
    "rootline_jobs": "gauge",
    "rootline_analysis_runs_total": "counter",
    "rootline_analysis_duration_seconds": "histogram",
    "rootline_source_errors_total": "counter",
    "rootline_analyzer_errors_total": "counter",
}
# Environment read outside config.py: gunicorn's config and the worker's metrics server (the
# agreed interface), and the entrypoint script's own switches.
PROCESS_ENV = {
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "WORKER_METRICS_PORT",
    "ROOTLINE_MIGRATE_ON_START",
    "SLO_EVALUATE_EVERY",
}


@dataclass
class Stage:
    base: str
    alias: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, name: str) -> list[str]:
        return [args for instr, args in self.instructions if instr == name]

    def workdir(self) -> str:
        return self.args("WORKDIR")[-1]


@cache
def dockerfile() -> tuple[Stage, ...]:
    """The Dockerfile's stages, continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    stages: list[Stage] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instr, _, args = line.partition(" ")
        instr, args = instr.upper(), " ".join(args.split())
        if instr == "FROM":
            words = args.split()
            alias = words[2] if len(words) == 3 and words[1].upper() == "AS" else ""
            stages.append(Stage(words[0], alias))
        else:
            stages[-1].instructions.append((instr, args))
    return tuple(stages)


def env_of(stage: Stage) -> dict[str, str]:
    """ENV key=value pairs (the only form the Dockerfile uses)."""
    pairs: dict[str, str] = {}
    for args in stage.args("ENV"):
        for word in shlex.split(args):
            key, _, value = word.partition("=")
            pairs[key] = value
    return pairs


def entrypoint_roles() -> dict[str, list[str]]:
    """Role name -> the shell lines of its `case` arm in docker/entrypoint.sh."""
    roles: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in ENTRYPOINT.read_text().splitlines():
        line = raw.strip()
        arm = re.fullmatch(r"([a-z][a-z-]*)\)", line)
        if arm:
            current = roles.setdefault(arm.group(1), [])
        elif line == ";;":
            current = None
        elif current is not None and line and not line.startswith("#"):
            current.append(line)
    return roles


def flask_commands() -> dict[str, list[str]]:
    """Role -> the `flask` subcommand words (up to the first option or argument list)."""
    found = {}
    for role, lines in entrypoint_roles().items():
        for line in lines:
            if "$FLASK" in line:
                words = line.split("$FLASK", 1)[1].split()
                end = next((i for i, w in enumerate(words) if w.startswith(("-", '"'))), None)
                found[role] = words[:end]
    return found


def interpolate(value: str) -> str:
    """Compose's `${VAR:-default}` as its default, `${VAR:?message}` as REQUIRED."""
    value = re.sub(r"\$\{\w+:\?[^}]*\}", "REQUIRED", value)
    return re.sub(r"\$\{\w+(?::-([^}]*))?\}", lambda m: m.group(1) or "", value)


@cache
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def yaml_file(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def manifests() -> list[tuple[str, dict[str, Any]]]:
    """(file name, document) for every document of every manifest in deploy/kubernetes."""
    docs: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs.extend((path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc)
    return docs


@cache
def config_settings() -> frozenset[str]:
    """Every environment variable config.py reads."""
    source = (ROOT / "config.py").read_text()
    return frozenset(re.findall(r"""(?:environ\.get|_env_\w+)\(\s*["']([A-Z0-9_]+)["']""", source))


def unknown_settings(names: set[str]) -> set[str]:
    """Names that neither config.py nor the processes (gunicorn, worker, entrypoint) read."""
    return names - config_settings() - PROCESS_ENV


def is_rootline(service: dict[str, Any]) -> bool:
    return str(service.get("image", "")).split(":")[0] == IMAGE
