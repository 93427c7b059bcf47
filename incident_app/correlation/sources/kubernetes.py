"""Cluster state from the Kubernetes API through the official client: pods, events, rollouts.

Pods are listed per service (its label selector), events and ReplicaSets once per namespace;
all calls run at once, each with `_request_timeout` and without the client's silent retries,
so a slow API server costs one timeout, not four. With `namespaces` set (KUBERNETES_NAMESPACES)
only services in those namespaces are queried: RBAC grants read access per namespace, so any
other would only answer 403. Skipping them is configuration, not failure: they are listed in
`Telemetry.notes`, which the run shows per source without marking itself degraded.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import datetime
from typing import Any

import urllib3
from kubernetes import client, config
from kubernetes.client.exceptions import ApiException
from kubernetes.config.config_exception import ConfigException

from incident_app.correlation.sources._common import (
    POD_SUFFIX,
    Outcome,
    SourceError,
    worker_pool,
)
from incident_app.correlation.types import (
    AnalysisContext,
    ClusterEvent,
    PodState,
    Rollout,
    ServiceTarget,
    Signal,
    Telemetry,
)

REVISION = "deployment.kubernetes.io/revision"
_GENERATED = re.compile(POD_SUFFIX)


def _seconds(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment else None


def pod_state(service: str, pod: Any) -> PodState:
    """A pod's health as the k8s analyzer reads it; waiting and termination reasons come from
    the first container that has one."""
    status = pod.status or client.V1PodStatus()
    statuses = status.container_statuses or []
    waiting = next((s.state.waiting.reason for s in statuses if s.state and s.state.waiting), "")
    terminated = next(
        (
            state.terminated
            for s in statuses
            for state in (s.last_state, s.state)
            if state and state.terminated
        ),
        None,
    )
    return PodState(
        service=service,
        name=pod.metadata.name,
        phase=status.phase or "Unknown",
        ready=bool(statuses) and all(s.ready for s in statuses),
        restarts=sum(s.restart_count or 0 for s in statuses),
        waiting_reason=waiting or "",
        last_termination_reason=(terminated.reason or "") if terminated else "",
        last_termination_time=_seconds(terminated.finished_at) if terminated else None,
    )


def owner(name: str, workloads: dict[str, str]) -> str | None:
    """The service whose workload `name` is, or was generated from (see POD_SUFFIX)."""
    for workload in sorted(workloads, key=len, reverse=True):
        rest = name.removeprefix(workload)
        if name == workload or (rest != name and _GENERATED.fullmatch(rest)):
            return workloads[workload]
    return None


class KubernetesSource:
    """The k8s signal. Connects, in this order of preference, to `api_url` (a plain URL, e.g.
    `kubectl proxy` or a test server), the in-cluster service account, or a kubeconfig file
    (`kubeconfig`, or the client's default location when empty)."""

    name = "kubernetes"
    signal = Signal.k8s

    def __init__(
        self,
        *,
        api_url: str = "",
        kubeconfig: str = "",
        in_cluster: bool = False,
        timeout: float = 5.0,
        max_workers: int = 16,
        namespaces: Iterable[str] = (),
    ) -> None:
        self.api_url = api_url
        self.kubeconfig = kubeconfig
        self.in_cluster = in_cluster
        self.timeout = timeout
        self.max_workers = max_workers
        self.namespaces = frozenset(namespaces)  # empty: every namespace the catalog names
        # What the reference cache keys on: the cluster this source talks to.
        self.location = api_url or kubeconfig or ("in-cluster" if in_cluster else "kubeconfig")
        self._configuration: client.Configuration | None = None
        self._lock = threading.Lock()

    def _client(self) -> client.ApiClient:
        """A client on the configuration loaded once (lazily, so a bad kubeconfig surfaces as
        a failed fetch rather than a failed app start)."""
        with self._lock:
            if self._configuration is None:
                cfg = client.Configuration()
                try:
                    if self.api_url:
                        cfg.host = self.api_url.rstrip("/")
                    elif self.in_cluster:
                        config.load_incluster_config(client_configuration=cfg)
                    else:
                        config.load_kube_config(
                            config_file=self.kubeconfig or None, client_configuration=cfg
                        )
                except (ConfigException, OSError) as exc:
                    raise SourceError(f"Kubernetes configuration unusable: {exc}") from exc
                cfg.retries = 0
                self._configuration = cfg
            return client.ApiClient(self._configuration)

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, _request_timeout=self.timeout, **kwargs)
        except ApiException as exc:
            if exc.status == 403 and args:  # the namespaced list calls take the namespace first
                raise SourceError(_forbidden(args[0]), exc.status) from exc
            raise SourceError(
                f"Kubernetes API answered {exc.status} {exc.reason} to {method.__name__}",
                exc.status,
            ) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise SourceError(f"Kubernetes API unreachable ({method.__name__}): {exc}") from exc
        except ValueError as exc:  # the client's models reject a malformed answer
            raise SourceError(f"Kubernetes API answered {method.__name__} oddly: {exc}") from exc

    def check(self) -> dict[str, Any]:
        try:
            with self._client() as api:
                version = self._call(client.VersionApi(api).get_code)
        except SourceError as exc:
            return {"status": "down", "error": str(exc)}
        return {"status": "up", "version": version.git_version}

    def fetch(self, context: AnalysisContext) -> Telemetry:
        start, end = context.window_start.timestamp(), context.window_end.timestamp()
        services = context.services
        unwatched = [
            s for s in services if self.namespaces and _namespace(s) not in self.namespaces
        ]
        services = tuple(s for s in services if s not in unwatched)
        where = {svc.name: _namespace(svc) for svc in services}
        namespaces = set(where.values())
        outcome = Outcome()
        with self._client() as api, worker_pool(self.max_workers) as pool:
            core, apps = client.CoreV1Api(api), client.AppsV1Api(api)

            def listing(method: Callable[..., Any], namespace: str, **kw: Any) -> Future[Any]:
                return pool.submit(self._call, method, namespace, **kw)

            pods = {
                s.name: listing(core.list_namespaced_pod, where[s.name], label_selector=_labels(s))
                for s in services
            }
            deployments = {  # only needed to learn a workload the catalog does not name
                s.name: listing(
                    apps.list_namespaced_deployment, where[s.name], label_selector=_labels(s)
                )
                for s in services
                if not s.k8s_workload
            }
            events = {ns: listing(core.list_namespaced_event, ns) for ns in namespaces}
            replica_sets = {ns: listing(apps.list_namespaced_replica_set, ns) for ns in namespaces}
            pod_states = [
                pod_state(service, pod)
                for service, future in pods.items()
                for pod in _items(outcome, future)
            ]
            # Each service's workloads: its own, else the Deployments its selector picks.
            owned: dict[str, dict[str, str]] = defaultdict(dict)  # namespace -> workload -> svc
            for svc in services:
                found = deployments.get(svc.name)
                names = [d.metadata.name for d in _items(outcome, found)] if found else []
                for workload in names or [svc.k8s_workload or svc.name]:
                    owned[where[svc.name]][workload] = svc.name
            # An event is the service's when it is about one of its pods or workloads.
            objects = {ns: dict(workloads) for ns, workloads in owned.items()}
            for p in pod_states:
                objects[where[p.service]][p.name] = p.service
            cluster_events = [
                event
                for ns, future in events.items()
                for item in _items(outcome, future)
                if (event := _event(item, objects[ns])) and start <= event.time <= end
            ]
            rollouts = [
                rollout
                for ns, future in replica_sets.items()
                for rs in _items(outcome, future)
                if (rollout := _rollout(rs, owned[ns])) and start <= rollout.time <= end
            ]
        pod_states.sort(key=lambda p: (p.service, p.name))
        cluster_events.sort(key=lambda e: (e.time, e.service))
        rollouts.sort(key=lambda r: (r.time, r.service))
        return Telemetry(
            pods=pod_states,
            events=cluster_events,
            rollouts=rollouts,
            problems=outcome.problems(self.signal),
            notes={self.signal: self._unwatched(unwatched)} if unwatched else {},
        )

    def _unwatched(self, services: list[ServiceTarget]) -> str:
        skipped = ", ".join(f"{s.name} (namespace {_namespace(s)!r})" for s in services)
        watched = ",".join(sorted(self.namespaces))
        return f"not watched, skipped: {skipped}; KUBERNETES_NAMESPACES={watched}"


def _forbidden(namespace: str) -> str:
    """One wording per namespace, whichever list was refused, so the problem reads once."""
    return (
        f"Kubernetes API answered 403 Forbidden in namespace {namespace!r}: the service account"
        " lacks RBAC there; it needs a Role granting get/list/watch on pods, events, deployments"
        " and replicasets and a RoleBinding to it in that namespace (deploy/kubernetes/"
        "rbac-shop.yaml), or list only granted namespaces in KUBERNETES_NAMESPACES"
    )


def _items(outcome: Outcome, future: Future[Any]) -> list[Any]:
    """A list call's items; none when the call was rejected (Outcome reports it)."""
    listed = outcome.result(future)
    return list(listed.items) if listed else []


def _namespace(svc: ServiceTarget) -> str:
    return svc.k8s_namespace or svc.namespace


def _labels(svc: ServiceTarget) -> str:
    return svc.k8s_label_selector or f"app={svc.name}"


def _event(item: Any, workloads: dict[str, str]) -> ClusterEvent | None:
    involved = item.involved_object
    service = owner(involved.name or "", workloads)
    moment = item.last_timestamp or item.event_time or item.first_timestamp
    moment = moment or item.metadata.creation_timestamp
    if service is None or moment is None:
        return None
    count = item.count or (item.series.count if item.series else None) or 1
    return ClusterEvent(
        time=moment.timestamp(),
        service=service,
        kind=involved.kind or "",
        reason=item.reason or "",
        message=item.message or "",
        count=count,
    )


def _rollout(rs: Any, deployments: dict[str, str]) -> Rollout | None:
    """A ReplicaSet of one of the service's Deployments is a rollout, at its creation time."""
    parent = next(
        (o.name for o in rs.metadata.owner_references or [] if o.kind == "Deployment"), None
    )
    if parent not in deployments or rs.metadata.creation_timestamp is None:
        return None
    containers = rs.spec.template.spec.containers if rs.spec.template else []
    return Rollout(
        time=rs.metadata.creation_timestamp.timestamp(),
        service=deployments[parent],
        workload=parent,
        revision=(rs.metadata.annotations or {}).get(REVISION, ""),
        image=",".join(c.image or "" for c in containers),
    )
