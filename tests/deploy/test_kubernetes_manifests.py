"""deploy/kubernetes: every document is a valid object of the official API models, the pods run
the image's roles as its non-root user, and RBAC grants only what the Kubernetes source reads,
only in the namespaces it watches."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from deploy_files import (
    IMAGE,
    K8S,
    ROOT,
    dockerfile,
    entrypoint_roles,
    env_of,
    manifests,
    unknown_settings,
    yaml_file,
)
from flask import Flask
from kubernetes.client import ApiClient

from config import ProductionConfig

MODELS = {
    ("v1", "Namespace"): "V1Namespace",
    ("v1", "ConfigMap"): "V1ConfigMap",
    ("v1", "Secret"): "V1Secret",
    ("v1", "ServiceAccount"): "V1ServiceAccount",
    ("v1", "Service"): "V1Service",
    ("apps/v1", "Deployment"): "V1Deployment",
    ("batch/v1", "Job"): "V1Job",
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "V2HorizontalPodAutoscaler",
    ("rbac.authorization.k8s.io/v1", "Role"): "V1Role",
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): "V1RoleBinding",
    ("networking.k8s.io/v1", "NetworkPolicy"): "V1NetworkPolicy",
}
READ_VERBS = {"get", "list", "watch"}
# The client's list calls in the source -> (API group, resource).
RESOURCES = {
    "core.list_namespaced_pod": ("", "pods"),
    "core.list_namespaced_event": ("", "events"),
    "apps.list_namespaced_deployment": ("apps", "deployments"),
    "apps.list_namespaced_replica_set": ("apps", "replicasets"),
}


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [doc for _, doc in manifests() if doc["kind"] == kind]


def pod_specs() -> list[dict[str, Any]]:
    return [d["spec"]["template"]["spec"] for d in of_kind("Deployment") + of_kind("Job")]


def namespace() -> str:
    (ns,) = of_kind("Namespace")
    name: str = ns["metadata"]["name"]
    return name


def test_kustomization_lists_every_manifest_and_keeps_their_namespaces() -> None:
    kustomization = yaml_file(K8S / "kustomization.yaml")
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files
    # A `namespace:` override would move the watched namespaces' Roles into Rootline's own.
    assert "namespace" not in kustomization
    assert [image["name"] for image in kustomization["images"]] == [IMAGE]


@pytest.mark.parametrize(("name", "doc"), manifests(), ids=lambda v: str(v)[:40])
def test_document_round_trips_through_the_official_model(name: str, doc: dict[str, Any]) -> None:
    """Deserializing drops unknown fields (a typo) and the models reject missing required
    ones: what comes back must equal what was written."""
    model = MODELS.get((doc["apiVersion"], doc["kind"]))
    assert model, f"{name}: unexpected {doc['apiVersion']} {doc['kind']}"
    client = ApiClient()
    obj = client._ApiClient__deserialize(doc, model)  # type: ignore[attr-defined]
    assert client.sanitize_for_serialization(obj) == doc


def test_every_object_is_namespaced_explicitly() -> None:
    for name, doc in manifests():
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace"), name


def test_pods_run_the_image_roles_as_its_non_root_user() -> None:
    final = dockerfile()[-1]
    uid = int(final.args("USER")[-1])
    roles = set(entrypoint_roles())
    seen = set()
    for spec in pod_specs():
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] == uid
        assert spec["serviceAccountName"] == "rootline"
        for container in spec["containers"]:
            assert container["image"] == IMAGE
            assert "command" not in container  # the image's entrypoint dispatches
            assert container["args"][0] in roles
            seen.add(container["args"][0])
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert container["resources"]["requests"] and container["resources"]["limits"]
    assert seen == {"api", "worker", "migrate", "slo-evaluator"}


def test_api_probes_health_on_the_port_the_image_serves() -> None:
    (api,) = [d for d in of_kind("Deployment") if d["metadata"]["name"] == "rootline-api"]
    (container,) = api["spec"]["template"]["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["http"] == int(env_of(dockerfile()[-1])["PORT"])
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/health", "port": "http"}
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["ROOTLINE_MIGRATE_ON_START"] == "false"  # the Job migrates
    (service,) = of_kind("Service")
    labels = api["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] in ports
    (hpa,) = of_kind("HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "rootline-api"
    assert hpa["spec"]["minReplicas"] >= 2


def test_deployment_selectors_match_their_pods() -> None:
    for deployment in of_kind("Deployment"):
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()


def test_environment_comes_from_defined_config_with_real_settings() -> None:
    (config,) = of_kind("ConfigMap")
    (secret,) = of_kind("Secret")
    for spec in pod_specs():
        for container in spec["containers"]:
            refs = {
                next(iter(source)): next(iter(source.values()))["name"]
                for source in container["envFrom"]
            }
            assert refs == {
                "configMapRef": config["metadata"]["name"],
                "secretRef": secret["metadata"]["name"],
            }
            names = {e["name"] for e in container.get("env", [])}
            assert not unknown_settings(names)
    assert not unknown_settings(set(config["data"]) | set(secret["stringData"]))
    assert {"DATABASE_URL", "JWT_SECRET_KEY"} <= set(secret["stringData"])
    assert not {"DATABASE_URL", "JWT_SECRET_KEY"} & set(config["data"])
    assert config["data"]["KUBERNETES_IN_CLUSTER"] == "true"


def test_the_example_secret_cannot_run_in_production() -> None:
    """A forgotten placeholder must stop the app, not sign tokens with a published key."""
    (secret,) = of_kind("Secret")
    app = Flask("placeholder")
    app.config.update(
        JWT_SECRET_KEY=secret["stringData"]["JWT_SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=secret["stringData"]["DATABASE_URL"],
    )
    with pytest.raises(RuntimeError, match="JWT_SECRET_KEY"):
        ProductionConfig.init_app(app)


def test_only_pods_reading_the_cluster_get_a_token() -> None:
    for doc in of_kind("Deployment") + of_kind("Job"):
        role = doc["spec"]["template"]["spec"]["containers"][0]["args"][0]
        mounts = doc["spec"]["template"]["spec"].get("automountServiceAccountToken", True)
        assert mounts is (role in {"api", "worker"}), role


def test_rbac_is_read_only_namespaced_and_exactly_what_the_source_lists() -> None:
    kinds = {doc["kind"] for _, doc in manifests()}
    assert not {"ClusterRole", "ClusterRoleBinding"} & kinds
    source = (ROOT / "incident_app/correlation/sources/kubernetes.py").read_text()
    calls = set(re.findall(r"\b((?:core|apps)\.list_\w+)", source))
    assert calls == set(RESOURCES), "the Kubernetes source lists something new: grant it"
    roles = of_kind("Role")
    assert roles
    for role in roles:
        assert role["metadata"]["namespace"] != namespace()
        granted = set()
        for rule in role["rules"]:
            assert set(rule["verbs"]) <= READ_VERBS
            assert "*" not in rule["resources"] and "*" not in rule["apiGroups"]
            granted |= {(group, r) for group in rule["apiGroups"] for r in rule["resources"]}
        assert granted == set(RESOURCES.values())
        (binding,) = [
            b
            for b in of_kind("RoleBinding")
            if b["metadata"]["namespace"] == role["metadata"]["namespace"]
        ]
        assert binding["roleRef"] == {
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "Role",
            "name": role["metadata"]["name"],
        }
        assert binding["subjects"] == [
            {"kind": "ServiceAccount", "name": "rootline", "namespace": namespace()}
        ]
    assert len(of_kind("RoleBinding")) == len(roles)


def test_the_watched_namespaces_are_exactly_those_granted() -> None:
    """A namespace listed without a RoleBinding answers 403; one bound but unlisted is unused."""
    (config,) = of_kind("ConfigMap")
    watched = [n.strip() for n in config["data"]["KUBERNETES_NAMESPACES"].split(",")]
    bound = {
        b["metadata"]["namespace"]
        for b in of_kind("RoleBinding")
        if {"kind": "ServiceAccount", "name": "rootline", "namespace": namespace()} in b["subjects"]
    }
    assert bound and sorted(watched) == sorted(bound)


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """A label selector (matchLabels and `In` expressions, all the manifests use)."""
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        assert expression["operator"] == "In"
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def admitted(target: dict[str, str], port: int) -> set[str]:
    """Components of Rootline's pods that the policies let connect to `target` on `port`
    (`*` if any source may: a rule without `from`)."""
    pods = {
        d["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]: d["spec"][
            "template"
        ]["metadata"]["labels"]
        for d in of_kind("Deployment") + of_kind("Job")
    }
    allowed: set[str] = set()
    for policy in of_kind("NetworkPolicy"):
        if not selects(policy["spec"]["podSelector"], target):
            continue
        for rule in policy["spec"].get("ingress", []):
            if port not in {p["port"] for p in rule["ports"]}:
                continue
            if "from" not in rule:
                allowed.add("*")
            for peer in rule.get("from", []):
                if "podSelector" in peer and "namespaceSelector" not in peer:
                    allowed |= {
                        c for c, labels in pods.items() if selects(peer["podSelector"], labels)
                    }
                else:
                    allowed.add(f"namespace:{peer['namespaceSelector']['matchLabels']}")
    return allowed


def test_network_policies_deny_by_default_and_only_rootline_reaches_its_stores() -> None:
    """Redis unguarded ran whatever job a client enqueued (issue 15): only the API, the workers
    and the SLO evaluator reach Redis, and those plus the migration Job reach PostgreSQL."""
    policies = of_kind("NetworkPolicy")
    assert all(p["metadata"]["namespace"] == namespace() for p in policies)
    deny = [p for p in policies if p["spec"]["podSelector"] == {} and "ingress" not in p["spec"]]
    assert deny and deny[0]["spec"]["policyTypes"] == ["Ingress"]
    redis = {"app.kubernetes.io/name": "redis"}
    postgres = {"app.kubernetes.io/name": "postgresql"}
    assert admitted(redis, 6379) == {"api", "worker", "slo-evaluator"}
    assert admitted(postgres, 5432) == {"api", "worker", "slo-evaluator", "migrate"}
    api = {"app.kubernetes.io/name": "rootline", "app.kubernetes.io/component": "api"}
    worker = {**api, "app.kubernetes.io/component": "worker"}
    assert admitted(api, 9000) == {"*"}
    assert admitted(worker, 9101) == {"namespace:{'kubernetes.io/metadata.name': 'monitoring'}"}
    assert admitted(worker, 6379) == admitted(redis, 9000) == set()


def test_the_stores_urls_carry_a_password_in_the_secret() -> None:
    (config,) = of_kind("ConfigMap")
    (secret,) = of_kind("Secret")
    assert not {"REDIS_URL", "DATABASE_URL"} & set(config["data"])
    for name in ("REDIS_URL", "DATABASE_URL"):
        assert urlsplit(secret["stringData"][name]).password, name
    assert config["data"]["WORKER_METRICS_HOST"] == "0.0.0.0"  # scraped: networkpolicy.yaml
