"""Kubernetes analyzer: pod trouble around the start and rollouts shortly before it."""

from __future__ import annotations

import pytest
from analyzer_synth import BEFORE, START, assert_json, by_service, context

from analyzers.k8s import K8sAnalyzer
from analyzers.k8s.scoring import proximity
from incident_app.correlation.types import ClusterEvent, PodState, Rollout, Telemetry

ANALYZER = K8sAnalyzer()


def run(**telemetry: list) -> list:
    return ANALYZER.analyze(context(), Telemetry(**telemetry))


def event(dt: float, service: str, reason: str, message: str = "", count: int = 1) -> ClusterEvent:
    kind = "Deployment" if reason == "ScalingReplicaSet" else "Pod"
    return ClusterEvent(START + dt, service, kind, reason, message, count)


def test_rollout_two_minutes_before_beats_two_hours_before() -> None:
    findings = run(
        rollouts=[
            Rollout(START - 120, "ads", "ads", "7", "registry/ads:1.2"),
            Rollout(START - 7200, "recs", "recs", "3", "registry/recs:0.9"),
        ]
    )
    scores = by_service(findings)
    assert scores["ads"] > 0.85
    assert scores["ads"] > scores.get("recs", 0.0)
    [ads] = findings
    assert (ads.kind, ads.fault, ads.onset) == ("rollout", "rollout", START - 120)
    assert ads.evidence["rollouts"][0]["image"] == "registry/ads:1.2"
    assert "2 min before the start" in ads.summary
    assert proximity(120) > proximity(600) > proximity(3600) > proximity(7200) > 0
    assert proximity(-60) == 1.0 and proximity(-3600) == 0.0


def test_replica_set_events_make_a_rollout() -> None:
    findings = run(
        events=[
            event(
                -180, "checkout", "ScalingReplicaSet", "Scaled up replica set checkout-5c8d7f to 1"
            ),
            event(
                -150,
                "checkout",
                "ScalingReplicaSet",
                "Scaled down replica set checkout-4a1b2c to 2",
            ),
            event(
                -120, "checkout", "ScalingReplicaSet", "Scaled up replica set checkout-5c8d7f to 3"
            ),
            event(-180, "search", "ScalingReplicaSet", "Scaled up replica set search-99aa to 5"),
        ]
    )
    rollouts = {f.service: f for f in findings if f.kind == "rollout"}
    checkout = rollouts["checkout"].evidence["rollouts"][0]
    assert (checkout["revision"], checkout["workload"], checkout["source"]) == (
        "checkout-5c8d7f",
        "checkout",
        "event",
    )
    assert checkout["seconds_before_start"] == 180
    assert (
        rollouts["checkout"].score > rollouts["search"].score > 0
    )  # lone scale-up: maybe an autoscaler


def test_oomkilled_pods_and_events() -> None:
    findings = run(
        pods=[
            PodState(
                "payment",
                "payment-7d9f-a",
                "Running",
                False,
                4,
                "CrashLoopBackOff",
                "OOMKilled",
                START + 90,
            ),
            PodState("payment", "payment-7d9f-b", "Running", True, 1, "", "OOMKilled", START + 200),
            PodState("cart", "cart-1-x", "Running", True, 0),
        ],
        events=[event(95, "payment", "OOMKilled", "Container payment was OOMKilled")],
    )
    top = findings[0]
    assert (top.service, top.kind, top.fault) == ("payment", "pod_oomkilled", "oom")
    assert top.score > 0.9
    assert top.evidence["pods"] == ["payment-7d9f-a", "payment-7d9f-b"]
    assert top.evidence["reasons"] == {"OOMKilled": 3}
    assert top.evidence["restarts"] == {"payment-7d9f-a": 4, "payment-7d9f-b": 1}
    assert top.onset == START + 90
    kinds = {(f.kind, f.fault) for f in findings}
    assert {("crashloop", "crashloop"), ("pod_restarts", "oom")} <= kinds
    assert "cart" not in by_service(findings)


def test_new_crash_loop_outranks_a_chronic_one() -> None:
    back_off = "Back-off restarting failed container"
    findings = run(
        events=[
            event(60, "new", "BackOff", back_off, count=6),
            *(event(-BEFORE + 60 * i, "chronic", "BackOff", back_off, count=1) for i in range(29)),
            event(120, "chronic", "BackOff", back_off, count=2),
        ]
    )
    scores = by_service(findings)
    assert all(f.kind == "crashloop" and f.fault == "crashloop" for f in findings)
    assert scores["new"] > 0.85
    assert scores["new"] > scores["chronic"] + 0.3


def test_probe_failures_hint_delay_only_on_timeouts() -> None:
    findings = run(
        events=[
            event(60, "slow", "Unhealthy", "Readiness probe failed: context deadline exceeded", 12),
            event(60, "down", "Unhealthy", "Liveness probe failed: connection refused", 12),
            event(70, "down", "Killing", "Container down failed liveness probe, will be restarted"),
        ]
    )
    hints = {(f.service, f.kind): f.fault for f in findings}
    assert hints == {
        ("slow", "probe_failed"): "delay",
        ("down", "probe_failed"): None,
        ("down", "pod_restarts"): "crashloop",
    }


@pytest.mark.parametrize(
    ("reason", "message", "kind", "fault"),
    [
        (
            "Failed",
            "Failed to pull image registry/x:bad: not found",
            "image_pull_failed",
            "rollout",
        ),
        ("BackOff", "Back-off pulling image registry/x:bad", "image_pull_failed", "rollout"),
        (
            "Failed",
            "Error: CreateContainerConfigError: configmap x not found",
            "config_error",
            "config",
        ),
        ("Evicted", "The node was low on resource: memory.", "pod_evicted", "mem"),
        ("Evicted", "The node was low on resource: ephemeral-storage.", "pod_evicted", "disk"),
    ],
)
def test_other_pod_trouble(reason: str, message: str, kind: str, fault: str) -> None:
    [finding] = run(events=[event(30, "svc", reason, message)])
    assert (finding.kind, finding.fault) == (kind, fault)


def test_old_terminations_and_routine_events_are_ignored() -> None:
    findings = run(
        pods=[PodState("cart", "cart-1-x", "Running", True, 7, "", "Error", START - 86_400)],
        events=[
            event(10, "cart", "Pulled", "Successfully pulled image"),
            event(12, "cart", "Started"),
        ],
    )
    assert findings == []


def test_unknown_times_count_less() -> None:
    dated = run(pods=[PodState("a", "a-1", "Running", True, 2, "", "OOMKilled", START + 30)])
    undated = run(pods=[PodState("a", "a-1", "Running", True, 2, "", "OOMKilled", None)])
    assert by_service(dated)["a"] > by_service(undated)["a"] > 0.3


def test_missing_signals() -> None:
    assert ANALYZER.analyze(context(), Telemetry()) == []
    assert run(pods=[], events=[]) == []
    assert run(events=[event(5, "", "OOMKilled", "node-level, no service")]) == []


def test_evidence_is_json() -> None:
    findings = run(
        pods=[PodState("p", "p-1", "Pending", False, 0, "ImagePullBackOff")],
        events=[event(-60, "p", "ScalingReplicaSet", "Scaled up replica set p-abc to 1")],
        rollouts=[Rollout(START - 60, "p", "p", "2", "img")],
    )
    assert {f.kind for f in findings} == {"image_pull_failed", "rollout"}
    assert_json(findings)
