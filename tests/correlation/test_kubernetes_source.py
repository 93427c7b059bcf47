"""KubernetesSource through the real `kubernetes` client against a fake API server that answers
the list endpoints with the API's own JSON (PodList, EventList, DeploymentList, ReplicaSetList)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from fakes import FakeHttpServer, free_port, kubernetes_routes, static

from incident_app.correlation.engine import analyze
from incident_app.correlation.plugins import load_plugins
from incident_app.correlation.sources import KubernetesSource, SourceError
from incident_app.correlation.types import (
    AnalysisContext,
    ClusterEvent,
    PodState,
    Rollout,
    ServiceTarget,
)

T0 = 1_700_000_000  # window start; the incident starts at T0 + 600


def at(offset: float) -> str:
    return datetime.fromtimestamp(T0 + offset, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def container_status(name: str, ready: bool, restarts: int, **states: Any) -> dict[str, Any]:
    return {
        "name": name,
        "ready": ready,
        "restartCount": restarts,
        "image": f"registry.local/{name}:1.4.2",
        "imageID": f"registry.local/{name}@sha256:abc",
        "started": ready,
        **states,
    }


def pod(name: str, labels: dict[str, str], phase: str, *statuses: dict[str, Any]) -> dict[str, Any]:
    return {
        "metadata": {"name": name, "namespace": "shop", "labels": labels, "uid": name},
        "spec": {"containers": [{"name": s["name"], "image": s["image"]} for s in statuses]},
        "status": {"phase": phase, "containerStatuses": list(statuses)},
    }


def event(
    name: str, kind: str, obj: str, reason: str, message: str, **times: Any
) -> dict[str, Any]:
    return {
        "metadata": {"name": name, "namespace": "shop", "creationTimestamp": at(0)},
        "involvedObject": {"kind": kind, "name": obj, "namespace": "shop"},
        "reason": reason,
        "message": message,
        "type": "Warning",
        "source": {"component": "kubelet"},
        **times,
    }


def replica_set(
    name: str, deployment: str, created: float, revision: str, image: str
) -> dict[str, Any]:
    labels = {"app": deployment, "pod-template-hash": name.rsplit("-", 1)[1]}
    return {
        "metadata": {
            "name": name,
            "namespace": "shop",
            "creationTimestamp": at(created),
            "labels": labels,
            "annotations": {"deployment.kubernetes.io/revision": revision},
            "ownerReferences": [
                {"apiVersion": "apps/v1", "kind": "Deployment", "name": deployment, "uid": "d1"}
            ],
        },
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": deployment, "image": image}]},
            },
        },
        "status": {"replicas": 2},
    }


def deployment(name: str, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "metadata": {"name": name, "namespace": "shop", "labels": labels},
        "spec": {
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": name, "image": f"{name}:2"}]},
            },
        },
    }


OOM = {"terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": at(590)}}
CLUSTER = {
    "shop": {
        "pods": [
            pod(
                "checkout-7d9f8-abcde",
                {"app": "checkout"},
                "Running",
                container_status(
                    "checkout",
                    False,
                    4,
                    state={"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s"}},
                    lastState=OOM,
                ),
            ),
            pod(
                "checkout-7d9f8-fghij",
                {"app": "checkout"},
                "Running",
                container_status("checkout", True, 0, state={"running": {"startedAt": at(0)}}),
            ),
            pod(
                "checkout-db-0",
                {"app": "postgres", "tier": "db"},
                "Running",
                container_status("postgres", True, 1, state={"running": {"startedAt": at(0)}}),
            ),
            pod("cart-1", {"app": "cart"}, "Pending"),
        ],
        "events": [
            event(
                "e1",
                "Pod",
                "checkout-7d9f8-abcde",
                "BackOff",
                "Back-off restarting failed container",
                count=12,
                lastTimestamp=at(610),
                firstTimestamp=at(595),
            ),
            event(
                "e2",
                "Pod",
                "checkout-db-0",
                "Unhealthy",
                "Readiness probe failed",
                lastTimestamp=at(605),
            ),
            event(
                "e3",
                "Deployment",
                "checkout",
                "ScalingReplicaSet",
                "Scaled up replica set checkout-7d9f8 to 2",
                eventTime="2023-11-14T22:23:20.000000Z",
            ),
            event(
                "e4",
                "Pod",
                "checkout-7d9f8-abcde",
                "Killing",
                "Stopping container",
                lastTimestamp=at(-100),
            ),
            event("e5", "Pod", "unrelated-5f-x", "Pulled", "image pulled", lastTimestamp=at(601)),
        ],
        "deployments": [deployment("checkout", {"app": "checkout"})],
        "replicasets": [
            replica_set("checkout-7d9f8", "checkout", 580, "5", "checkout:2"),
            replica_set("checkout-5b6c7", "checkout", -3600, "4", "checkout:1"),
            replica_set("unrelated-5f", "unrelated", 590, "9", "x:1"),
        ],
    }
}
SERVICES = (
    ServiceTarget("checkout", namespace="shop"),
    ServiceTarget("checkout-db", k8s_namespace="shop", k8s_label_selector="app=postgres,tier=db"),
)


def context() -> AnalysisContext:
    def moment(offset: float) -> datetime:
        return datetime.fromtimestamp(T0 + offset, UTC)

    return AnalysisContext(moment(600), moment(0), moment(900), SERVICES)


def test_pods_events_and_rollouts_through_the_real_client() -> None:
    with FakeHttpServer(kubernetes_routes(CLUSTER)) as fake:
        telemetry = KubernetesSource(api_url=fake.url, timeout=2).fetch(context())
    assert telemetry.problems == {}
    assert telemetry.pods == [
        PodState(
            "checkout",
            "checkout-7d9f8-abcde",
            "Running",
            False,
            4,
            "CrashLoopBackOff",
            "OOMKilled",
            T0 + 590.0,
        ),
        PodState("checkout", "checkout-7d9f8-fghij", "Running", True, 0),
        PodState("checkout-db", "checkout-db-0", "Running", True, 1),
    ]
    assert telemetry.events == [
        ClusterEvent(
            T0 + 600,
            "checkout",
            "Deployment",
            "ScalingReplicaSet",
            "Scaled up replica set checkout-7d9f8 to 2",
        ),
        ClusterEvent(T0 + 605, "checkout-db", "Pod", "Unhealthy", "Readiness probe failed"),
        ClusterEvent(
            T0 + 610, "checkout", "Pod", "BackOff", "Back-off restarting failed container", 12
        ),
    ]
    assert telemetry.rollouts == [Rollout(T0 + 580, "checkout", "checkout", "5", "checkout:2")]
    selectors = {q.get("labelSelector", [""])[0] for path, q in fake.seen if path.endswith("/pods")}
    assert selectors == {"app=checkout", "app=postgres,tier=db"}


def test_an_explicit_workload_skips_the_deployment_lookup() -> None:
    services = (
        ServiceTarget(
            "shop-checkout",
            namespace="shop",
            k8s_workload="checkout",
            k8s_label_selector="app=checkout",
        ),
    )
    with FakeHttpServer(kubernetes_routes(CLUSTER)) as fake:
        ctx = context()
        telemetry = KubernetesSource(api_url=fake.url).fetch(
            AnalysisContext(ctx.started_at, ctx.window_start, ctx.window_end, services)
        )
    assert not any(path.endswith("/deployments") for path in fake.paths())
    assert [r.service for r in telemetry.rollouts or []] == ["shop-checkout"]
    assert {e.service for e in telemetry.events or []} == {"shop-checkout"}


def test_a_forbidden_list_is_reported_and_the_rest_still_count() -> None:
    routes = kubernetes_routes(CLUSTER)
    forbidden = {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "reason": "Forbidden",
        "code": 403,
        "message": 'events is forbidden: User "system:serviceaccount:rootline:rootline" '
        'cannot list resource "events"',
    }
    routes["/api/v1/namespaces/([^/]+)/events"] = static(403, forbidden)
    with FakeHttpServer(routes) as fake:
        telemetry = KubernetesSource(api_url=fake.url).fetch(context())
    assert telemetry.events == [] and len(telemetry.pods or []) == 3
    assert "403" in telemetry.problems["k8s"]


def test_http_500_raises() -> None:
    routes = {
        ".*": static(
            500, {"kind": "Status", "code": 500, "message": "etcdserver: request timed out"}
        )
    }
    with FakeHttpServer(routes) as fake, pytest.raises(SourceError, match="500"):
        KubernetesSource(api_url=fake.url).fetch(context())


def test_a_slow_api_server_fails_within_the_timeout() -> None:
    with FakeHttpServer(kubernetes_routes(CLUSTER), delay=3) as fake:
        started = time.monotonic()
        with pytest.raises(SourceError, match="Kubernetes API unreachable"):
            KubernetesSource(api_url=fake.url, timeout=0.5).fetch(context())
        assert time.monotonic() - started < 2


def test_check_and_bad_configuration(tmp_path: Any) -> None:
    with FakeHttpServer(kubernetes_routes(CLUSTER)) as fake:
        assert KubernetesSource(api_url=fake.url).check() == {"status": "up", "version": "v1.29.4"}
    assert KubernetesSource(api_url=f"http://127.0.0.1:{free_port()}").check()["status"] == "down"
    missing = KubernetesSource(kubeconfig=str(tmp_path / "nope.yaml"))
    with pytest.raises(SourceError, match="configuration"):
        missing.fetch(context())
    assert missing.check()["status"] == "down"


def test_workloads_found_by_the_label_selector_claim_their_events_and_rollouts() -> None:
    storefront = (ServiceTarget("storefront", namespace="shop", k8s_label_selector="app=checkout"),)
    ctx = context()
    with FakeHttpServer(kubernetes_routes(CLUSTER)) as fake:
        telemetry = KubernetesSource(api_url=fake.url).fetch(
            AnalysisContext(ctx.started_at, ctx.window_start, ctx.window_end, storefront)
        )
    assert [(r.service, r.workload) for r in telemetry.rollouts or []] == [
        ("storefront", "checkout")
    ]
    assert [e.reason for e in telemetry.events or []] == ["ScalingReplicaSet", "BackOff"]
    assert {p.service for p in telemetry.pods or []} == {"storefront"}


def test_a_malformed_answer_raises() -> None:
    routes = kubernetes_routes(CLUSTER)
    routes["/api/v1/namespaces/([^/]+)/pods"] = static(
        200, {"kind": "PodList", "apiVersion": "v1", "items": [{"metadata": {}, "spec": {}}]}
    )
    with FakeHttpServer(routes) as fake, pytest.raises(SourceError, match="list_namespaced_pod"):
        KubernetesSource(api_url=fake.url).fetch(context())


def test_only_the_watched_namespaces_are_queried_and_the_rest_are_noted() -> None:
    payments = ServiceTarget("payments", namespace="billing")
    ctx = context()
    with FakeHttpServer(kubernetes_routes(CLUSTER, forbidden=frozenset({"billing"}))) as fake:
        telemetry = KubernetesSource(api_url=fake.url, namespaces=["shop"]).fetch(
            AnalysisContext(ctx.started_at, ctx.window_start, ctx.window_end, (*SERVICES, payments))
        )
    assert not any("/namespaces/billing/" in path for path in fake.paths())
    assert telemetry.problems == {}  # a configuration choice, not a failure
    assert telemetry.notes == {
        "k8s": "not watched, skipped: payments (namespace 'billing'); KUBERNETES_NAMESPACES=shop"
    }
    assert {p.service for p in telemetry.pods or []} == {"checkout", "checkout-db"}


def test_an_unwatched_service_is_a_run_note_not_a_degradation() -> None:
    payments = ServiceTarget("payments", namespace="billing")
    ctx = context()
    ctx = AnalysisContext(ctx.started_at, ctx.window_start, ctx.window_end, (*SERVICES, payments))
    with FakeHttpServer(kubernetes_routes(CLUSTER, forbidden=frozenset({"billing"}))) as fake:
        settings = {"KUBERNETES_API_URL": fake.url, "KUBERNETES_NAMESPACES": "shop, "}
        result = analyze(ctx, load_plugins(), settings)
    assert result.sources["k8s"]["status"] == "ok" and not result.sources["k8s"]["error"]
    assert "payments (namespace 'billing')" in result.sources["k8s"]["notes"]
    assert not result.degraded and "source:k8s" not in result.problems


def test_nothing_watched_queries_nothing() -> None:
    with FakeHttpServer(kubernetes_routes(CLUSTER)) as fake:
        telemetry = KubernetesSource(api_url=fake.url, namespaces=["billing"]).fetch(context())
    assert fake.paths() == []
    assert (telemetry.pods, telemetry.events, telemetry.problems) == ([], [], {})
    assert "checkout (namespace 'shop')" in telemetry.notes["k8s"]


def test_a_forbidden_namespace_names_itself_and_the_missing_rbac_once() -> None:
    payments = ServiceTarget("payments", namespace="billing")
    ctx = context()
    with FakeHttpServer(kubernetes_routes(CLUSTER, forbidden=frozenset({"billing"}))) as fake:
        telemetry = KubernetesSource(api_url=fake.url).fetch(
            AnalysisContext(ctx.started_at, ctx.window_start, ctx.window_end, (*SERVICES, payments))
        )
    problem = telemetry.problems["k8s"]
    assert problem.startswith("Kubernetes API answered 403 Forbidden in namespace 'billing'")
    assert "RoleBinding" in problem and problem.count("billing") == 1  # four lists, one message
    assert {p.service for p in telemetry.pods or []} == {"checkout", "checkout-db"}
    shop = kubernetes_routes(CLUSTER, forbidden=frozenset({"shop"}))
    with FakeHttpServer(shop) as fake, pytest.raises(SourceError, match=r"namespace 'shop'.*RBAC"):
        KubernetesSource(api_url=fake.url).fetch(context())
