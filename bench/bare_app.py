"""The ceiling for the API load benchmark: a bare Flask app answering 50 small JSON items,
served by the same gunicorn settings as Rootline (no database, no auth, no hooks)."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify

app = Flask("bare")
ITEMS = [
    {"id": n, "title": f"item {n}", "status": "open", "severity": "high", "services": ["payments"]}
    for n in range(50)
]


@app.get("/bare")
def bare() -> Any:
    return jsonify({"items": ITEMS, "total": len(ITEMS), "page": 1, "per_page": 50})


@app.get("/health")
def health() -> Any:
    return jsonify({"status": "ok"})
