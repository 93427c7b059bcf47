"""Failure simulation and the built-in demo environment.

A simulated shop (topology.json, replaceable through SIMULATION_TOPOLOGY) runs inside the app:
its metrics on `/simulation/metrics` (apart from Rootline's own `/metrics`), its logs, traces
and cluster state through a telemetry-source plugin, failures injected through `/api/test`,
and `flask simulate record` for case bundles.
"""

from __future__ import annotations

from flask import Flask

from incident_app.simulation.exporter import metrics_view
from incident_app.simulation.record import simulate_cli
from incident_app.simulation.routes import bp
from incident_app.simulation.runtime import EXTENSION, SimulationRuntime
from incident_app.simulation.topology import load_topology


def init_simulation(app: Flask) -> None:
    """The /api/test routes and the `simulate` commands always exist (the routes answer 404
    `simulation_disabled` when it is off); the world, its ticker and `/simulation/metrics` only
    with SIMULATION_ENABLED. A broken topology file fails here, at start-up."""
    app.register_blueprint(bp)
    app.cli.add_command(simulate_cli)
    if not app.config["SIMULATION_ENABLED"]:
        return
    runtime = SimulationRuntime(app, load_topology(app.config["SIMULATION_TOPOLOGY"] or None))
    app.extensions[EXTENSION] = runtime
    app.before_request(runtime.on_request)
    app.add_url_rule("/simulation/metrics", "simulation.metrics", metrics_view(runtime))
