"""Small HTTP servers that answer like Loki, Tempo, Prometheus or the Kubernetes API would,
for the backends that cannot run on a test machine (and for failure modes of those that can)."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Query = dict[str, list[str]]
# A route answers (status, body) for (path, query); a str body is sent as it is, anything else
# as JSON.
Route = Callable[[str, Query], tuple[int, Any]]


def free_port() -> int:
    """A port nothing listens on now: free to serve on, or to be refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeHttpServer:
    """Serves `routes` (path regex -> Route) on 127.0.0.1 at a free port, in a thread.

    `delay` makes every answer late (timeout tests); `seen` records (path, query) of requests
    and `headers` their headers, names lower-cased (credentials and tenant tests).
    """

    def __init__(self, routes: dict[str, Route], delay: float = 0.0) -> None:
        self.routes = {re.compile(pattern): route for pattern, route in routes.items()}
        self.delay = delay
        self.seen: list[tuple[str, Query]] = []
        self.headers: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                server.seen.append((parts.path, query))
                time.sleep(server.delay)
                status, body = server.answer(parts.path, query)
                payload = body if isinstance(body, str) else json.dumps(body)
                data = payload.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def answer(self, path: str, query: Query) -> tuple[int, Any]:
        for pattern, route in self.routes.items():
            if pattern.fullmatch(path):
                return route(path, query)
        return 404, {"message": f"no route for {path}"}

    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]

    def __enter__(self) -> FakeHttpServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def static(status: int, body: Any) -> Route:
    return lambda path, query: (status, body)


# --- Kubernetes -------------------------------------------------------------------------


def _selected(labels: dict[str, str], selector: str) -> bool:
    """Equality-based label selectors (`a=b,c=d`), which is all the source sends."""
    pairs = [term.split("=", 1) for term in selector.split(",") if term]
    return all(labels.get(key) == value for key, value in pairs)


def kubernetes_routes(
    objects: dict[str, dict[str, list[dict[str, Any]]]], forbidden: frozenset[str] = frozenset()
) -> dict[str, Route]:
    """Routes for the endpoints the source calls, over `objects[namespace][resource]`
    (resource: pods, events, deployments, replicasets), answered in the API's list shapes;
    namespaces in `forbidden` answer 403 as RBAC does for a service account without a Role."""
    shapes = {
        "pods": ("/api/v1/namespaces/([^/]+)/pods", "v1", "PodList"),
        "events": ("/api/v1/namespaces/([^/]+)/events", "v1", "EventList"),
        "deployments": (
            "/apis/apps/v1/namespaces/([^/]+)/deployments",
            "apps/v1",
            "DeploymentList",
        ),
        "replicasets": (
            "/apis/apps/v1/namespaces/([^/]+)/replicasets",
            "apps/v1",
            "ReplicaSetList",
        ),
    }

    def lister(pattern: str, resource: str, api_version: str, kind: str) -> Route:
        def route(path: str, query: Query) -> tuple[int, Any]:
            match = re.fullmatch(pattern, path)
            assert match
            if match.group(1) in forbidden:
                return 403, {
                    "kind": "Status",
                    "apiVersion": "v1",
                    "status": "Failure",
                    "reason": "Forbidden",
                    "code": 403,
                    "message": f'{resource} is forbidden: User "system:serviceaccount:rootline:'
                    f'rootline" cannot list resource "{resource}" in the namespace '
                    f'"{match.group(1)}"',
                }
            selector = query.get("labelSelector", [""])[0]
            items = [
                item
                for item in objects.get(match.group(1), {}).get(resource, [])
                if _selected(item["metadata"].get("labels", {}), selector)
            ]
            metadata = {"resourceVersion": "4242"}
            return 200, {
                "kind": kind,
                "apiVersion": api_version,
                "metadata": metadata,
                "items": items,
            }

        return route

    routes = {pattern: lister(pattern, res, *rest) for res, (pattern, *rest) in shapes.items()}
    version = {
        "major": "1",
        "minor": "29",
        "gitVersion": "v1.29.4",
        "gitCommit": "55019c83b0fd51ef4ced8c29eec2c4847f896e74",
        "gitTreeState": "clean",
        "buildDate": "2024-04-16T15:03:35Z",
        "goVersion": "go1.21.9",
        "compiler": "gc",
        "platform": "linux/amd64",
    }
    routes["/version/?"] = static(200, version)
    return routes
