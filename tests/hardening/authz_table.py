"""The authorization table: one row per (method, rule) of the app's url_map, saying who may call
it and what an allowed caller gets, and `expected()`, which turns a row into each identity's
status. test_authorization_matrix.py runs it and fails when the url_map and the table disagree:
a new route needs a row here, which is a decision about who may call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from incident_app.models import Role

PUBLIC, RQ = "public", "rq"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
ALERTMANAGER, GRAFANA = "integration:alertmanager", "integration:grafana"
NOW = "2026-01-01T00:00:00+00:00"
AM_DELIVERY = {
    "version": "4",
    "groupKey": '{}:{alertname="Matrix"}',
    "status": "firing",
    "receiver": "rootline",
    "groupLabels": {"alertname": "Matrix"},
    "commonLabels": {"alertname": "Matrix"},
    "commonAnnotations": {},
    "externalURL": "http://alertmanager:9093",
    "alerts": [
        {
            "status": "firing",
            "labels": {"alertname": "Matrix", "service": "svc-main"},
            "annotations": {},
            "startsAt": NOW,
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus:9090/graph",
            "fingerprint": "matrix0000000001",
        }
    ],
}
GRAFANA_DELIVERY = {
    **AM_DELIVERY,
    "version": "1",
    "orgId": 1,
    "title": "Matrix",
    "state": "alerting",
}
SLO_YAML = """apiVersion: openslo/v1
kind: Service
metadata: {name: svc-main}
spec: {}
"""


@dataclass(frozen=True)
class Row:
    """One (method, rule): who may call it and what an allowed caller gets.

    access: PUBLIC, a Role (that role or above), RQ (admins, by the dashboard's own check), or an
    integration kind. path: the rule with its placeholders filled (default: the rule itself).
    refresh: the caller sends its refresh token. fresh: the call spends its token (logout), so
    valid identities send a newly issued one. spends_user: the call ends every token of its user
    (sign out everywhere), so valid identities call it as a new user of their role.
    """

    method: str
    rule: str
    access: str | Role
    ok: int
    path: str | None = None
    body: Any = None
    refresh: bool = False
    fresh: bool = False
    spends_user: bool = False


V, R, A = Role.viewer, Role.responder, Role.admin
INC = "/api/incidents/{incident}"
TASK = INC + "/tasks/{task}"
JOB = "/rq/0/data/job/{job}.json"
ROUTES = [
    # Public: the UI, health, docs, metrics, and the way in.
    Row("GET", "/", PUBLIC, 200),
    Row("GET", "/<client:path>", PUBLIC, 200, "/incidents/anything"),
    Row("GET", "/health", PUBLIC, 200),
    Row("GET", "/metrics", PUBLIC, 200),
    Row("GET", "/simulation/metrics", PUBLIC, 200),
    Row("GET", "/api/openapi.json", PUBLIC, 200),
    Row("GET", "/api/docs", PUBLIC, 200),
    Row("GET", "/static/<path:filename>", PUBLIC, 404, "/static/app.js"),  # Flask's; no folder
    Row("GET", "/api/docs/static/<path:filename>", PUBLIC, 200, "/api/docs/static/swagger-ui.css"),
    Row(
        "POST",
        "/api/auth/register",
        PUBLIC,
        201,
        body={"username": "new-{ident}", "email": "new-{ident}@example.com", "password": "{pw}"},
    ),
    Row("POST", "/api/auth/login", PUBLIC, 200, body={"username": "{setup}", "password": "{pw}"}),
    # Signed in.
    Row("POST", "/api/auth/refresh", V, 200, refresh=True),
    Row("POST", "/api/auth/logout", V, 204, fresh=True),
    Row("POST", "/api/auth/logout/everywhere", V, 204, spends_user=True),
    # Validated after authorization: a too-short new password is each allowed caller's 422.
    Row(
        "POST",
        "/api/auth/password",
        V,
        422,
        body={"current_password": "{pw}", "new_password": "short"},
    ),
    Row("GET", "/api/auth/me", V, 200),
    Row("GET", "/api/users", V, 200),
    Row("GET", "/api/users/<uuid:user_id>", V, 200, "/api/users/{user}"),
    Row("PATCH", "/api/users/<uuid:user_id>", A, 200, "/api/users/{user}", {"role": "responder"}),
    Row("GET", "/api/services", V, 200),
    Row("POST", "/api/services", A, 201, body={"name": "svc-{ident}"}),
    Row("GET", "/api/services/<uuid:service_id>", V, 200, "/api/services/{service}"),
    Row(
        "PATCH",
        "/api/services/<uuid:service_id>",
        A,
        200,
        "/api/services/{service}",
        {"description": "patched"},
    ),
    Row("DELETE", "/api/services/<uuid:service_id>", A, 204, "/api/services/{service_del}"),
    Row("GET", "/api/incidents", V, 200),
    Row(
        "POST",
        "/api/incidents",
        R,
        201,
        body={"title": "Matrix", "severity": "low", "services": [{"name": "svc-main"}]},
    ),
    Row("GET", "/api/incidents/<uuid:incident_id>", V, 200, INC),
    Row("PATCH", "/api/incidents/<uuid:incident_id>", R, 200, INC, {"status": "investigating"}),
    Row("GET", "/api/incidents/<uuid:incident_id>/alerts", V, 200, INC + "/alerts"),
    Row("POST", "/api/incidents/<uuid:incident_id>/analyze", R, 202, INC + "/analyze"),
    Row("GET", "/api/incidents/<uuid:incident_id>/correlations", V, 200, INC + "/correlations"),
    Row("GET", "/api/incidents/<uuid:incident_id>/timeline", V, 200, INC + "/timeline"),
    Row(
        "POST",
        "/api/incidents/<uuid:incident_id>/timeline",
        R,
        201,
        INC + "/timeline",
        {"title": "a note"},
    ),
    Row("GET", "/api/incidents/<uuid:incident_id>/tasks", V, 200, INC + "/tasks"),
    Row("POST", "/api/incidents/<uuid:incident_id>/tasks", R, 201, INC + "/tasks", {"title": "t"}),
    Row("GET", "/api/incidents/<uuid:incident_id>/tasks/<uuid:task_id>", V, 200, TASK),
    Row(
        "PATCH",
        "/api/incidents/<uuid:incident_id>/tasks/<uuid:task_id>",
        R,
        200,
        TASK,
        {"status": "in_progress"},
    ),
    Row(
        "DELETE",
        "/api/incidents/<uuid:incident_id>/tasks/<uuid:task_id>",
        R,
        204,
        INC + "/tasks/{task_del}",
    ),
    Row("GET", "/api/analyzers", V, 200),
    Row("GET", "/api/alerts", V, 200),
    Row("GET", "/api/events/stream", V, 200),
    Row("GET", "/api/slos", V, 200),
    Row(
        "POST",
        "/api/slos",
        A,
        201,
        body={
            "name": "slo-{ident}",
            "service": "svc-main",
            "sli": {"type": "availability"},
            "target": 99.9,
        },
    ),
    Row("GET", "/api/slos/<uuid:slo_id>", V, 200, "/api/slos/{slo}"),
    Row("PATCH", "/api/slos/<uuid:slo_id>", A, 200, "/api/slos/{slo}", {"target": 99.5}),
    Row("DELETE", "/api/slos/<uuid:slo_id>", A, 204, "/api/slos/{slo_del}"),
    # No Prometheus is configured: an allowed caller gets as far as the query (503).
    Row("GET", "/api/slos/<uuid:slo_id>/status", V, 503, "/api/slos/{slo}/status"),
    Row("GET", "/api/slos/<uuid:slo_id>/history", V, 200, "/api/slos/{slo}/history"),
    Row("GET", "/api/slos/rules", V, 200),
    Row("GET", "/api/slos/export", V, 200),
    Row("POST", "/api/slos/import", A, 200, body={"yaml": SLO_YAML}),
    Row("GET", "/api/integrations", A, 200),
    Row("POST", "/api/integrations", A, 201, body={"name": "int-{ident}", "kind": "grafana"}),
    Row(
        "DELETE",
        "/api/integrations/<uuid:integration_id>",
        A,
        204,
        "/api/integrations/{integration_del}",
    ),
    Row("GET", "/api/test/scenarios", A, 200),
    Row("POST", "/api/test/scenarios/<string:name>", A, 202, "/api/test/scenarios/memory-leak"),
    Row(
        "POST",
        "/api/test/fail",
        A,
        202,
        body={"service": "payment-processing", "error_rate": 0.1},
    ),
    Row("POST", "/api/test/recover", A, 200, body={}),
    Row("POST", "/api/test/reset", A, 200),
    # Webhook receivers: an integration token of the right kind, never a user's JWT.
    Row("POST", "/api/alerts/alertmanager", ALERTMANAGER, 200, body=AM_DELIVERY),
    Row("POST", "/api/alerts/grafana", GRAFANA, 200, body=GRAFANA_DELIVERY),
    # The RQ dashboard: admins only; everyone else gets its 401 Basic challenge.
    Row("GET", "/rq/", RQ, 200),
    Row("GET", "/rq/favicon.ico", RQ, 200),
    Row("GET", "/rq/static/<path:filename>", RQ, 200, "/rq/static/css/main.css"),
    # The dashboard redirects these to /rq/ (admins only get that far).
    Row("GET", "/rq/<int:instance_number>/", RQ, 308, "/rq/0/"),
    Row("GET", "/rq/<int:instance_number>/view", RQ, 308, "/rq/0/view"),
    Row("GET", "/rq/<int:instance_number>/view/queues", RQ, 308, "/rq/0/view/queues"),
    Row("GET", "/rq/<int:instance_number>/view/workers", RQ, 200, "/rq/0/view/workers"),
    Row("GET", "/rq/<int:instance_number>/view/jobs", RQ, 200, "/rq/0/view/jobs"),
    Row(
        "GET",
        "/rq/<int:instance_number>/view/jobs/<queue_name>/<registry_name>/<int:per_page>/<order>/<int:page>",
        RQ,
        200,
        "/rq/0/view/jobs/{queue}/queued/8/asc/1",
    ),
    Row("GET", "/rq/<int:instance_number>/view/job/<job_id>", RQ, 200, "/rq/0/view/job/{job}"),
    Row("GET", "/rq/<int:instance_number>/data/queues.json", RQ, 200, "/rq/0/data/queues.json"),
    Row("GET", "/rq/<int:instance_number>/data/workers.json", RQ, 200, "/rq/0/data/workers.json"),
    Row(
        "GET",
        "/rq/<int:instance_number>/data/jobs/<queue_name>/<registry_name>/<per_page>/<order>/<page>.json",
        RQ,
        200,
        "/rq/0/data/jobs/{queue}/queued/8/asc/1.json",
    ),
    Row("GET", "/rq/<int:instance_number>/data/job/<job_id>.json", RQ, 200, JOB),
    Row("POST", "/rq/job/<job_id>/requeue", RQ, 200, "/rq/job/{job_failed}/requeue"),
    Row("POST", "/rq/job/<job_id>/delete", RQ, 200, "/rq/job/{job_del}/delete"),
    Row("GET", "/rq/requeue/<queue_name>", RQ, 405, "/rq/requeue/{queue}"),  # no change on GET
    Row("POST", "/rq/requeue/<queue_name>", RQ, 200, "/rq/requeue/{queue}"),
    Row("POST", "/rq/queue/<queue_name>/compact", RQ, 200, "/rq/queue/{queue}/compact"),
    Row(
        "POST",
        "/rq/queue/<queue_name>/<registry_name>/empty",
        RQ,
        200,
        "/rq/queue/{queue}/failed/empty",
    ),
]

VALID_USERS = {"viewer": V, "responder": R, "admin": A}
# Admins whose token must not work: revocation, expiry and deletion beat any role.
DEAD_TOKENS = ("revoked", "expired", "deleted", "disabled")
INTEGRATIONS = {"am_token": ALERTMANAGER, "grafana_token": GRAFANA, "revoked_integration": None}
IDENTITIES = ["anonymous", *VALID_USERS, *DEAD_TOKENS, *INTEGRATIONS]


def expected(row: Row, ident: str) -> int:
    """The status `ident` gets from `row`: only the table's `access` and `ok` decide it."""
    if row.access == PUBLIC:
        return row.ok
    if row.access in (ALERTMANAGER, GRAFANA):
        kind = INTEGRATIONS.get(ident)
        if kind is None:  # no token, a user's JWT, or a deleted integration's token
            return 401
        return row.ok if kind == row.access else 403
    role = VALID_USERS.get(ident)
    if row.access == RQ:
        return row.ok if role == A else 401
    assert isinstance(row.access, Role)
    if role is None:
        return 401
    return row.ok if role.allows(row.access) else 403
