"""The per-app simulation: one World advanced by a daemon ticker thread once a second, and the
analyses it owes to simulated incidents.

It starts with the first request the app serves (not in create_app), so `flask db upgrade`,
`flask simulate record` and other commands never start a ticker; gunicorn must run one worker
process because each process would simulate a world of its own. The thread first backfills
SIMULATION_BACKFILL_MINUTES of baseline history, so analyses have a "before" at once.

At interpreter exit, concurrent.futures' own exit hook makes every executor refuse new work,
while this daemon thread still ticks: a due analysis would be committed, handed to the
embedded executor, refused ("cannot schedule new futures after interpreter shutdown") and never
run. Every runtime therefore stops its ticker in a hook of its own that runs before that one.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
import weakref

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from incident_app.correlation.jobs import enqueue_analysis
from incident_app.errors import ApiError
from incident_app.extensions import db
from incident_app.models import Incident, User
from incident_app.simulation.catalog import ensure_catalog
from incident_app.simulation.faults import Fault
from incident_app.simulation.model import Simulator
from incident_app.simulation.topology import Topology
from incident_app.simulation.world import World

EXTENSION = "rootline.simulation"
log = logging.getLogger("rootline.simulation")
_running: weakref.WeakSet[SimulationRuntime] = weakref.WeakSet()


def _stop_all() -> None:
    for runtime in list(_running):
        runtime.stop()


# threading's exit hooks run last-registered first, before daemon threads are abandoned: this
# one (registered after correlation.jobs imported concurrent.futures) runs before the
# executors' own. There is no public API for it; atexit would run too late.
getattr(threading, "_register_atexit")(_stop_all)  # noqa: B009 (not in typeshed)


class SimulationRuntime:
    def __init__(self, app: Flask, topology: Topology) -> None:
        config = app.config
        self.app = app
        self.topology = topology
        self.seed = int(config["SIMULATION_SEED"])
        self.backfill_s = 60.0 * float(config["SIMULATION_BACKFILL_MINUTES"])
        self.retention_s = max(60.0 * float(config["SIMULATION_RETENTION_MINUTES"]), 600.0)
        self.analysis_delay_s = float(config["SIMULATION_ANALYSIS_DELAY_SECONDS"])
        self.world: World | None = None
        self.catalog_ready = False
        self.pending: list[tuple[float, uuid.UUID, uuid.UUID | None]] = []
        self._lock = threading.Lock()
        self._reset_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> World:
        """Create the world and its ticker, once; later calls return the running world."""
        with self._lock:
            return self.world or self._launch()

    def _launch(self) -> World:
        world = World(
            Simulator(self.topology, self.seed), time.time() - self.backfill_s, self.retention_s
        )
        stop = threading.Event()
        thread = threading.Thread(
            target=self._run, args=(world, stop), name="rootline-simulation", daemon=True
        )
        self.world, self._stop, self._thread = world, stop, thread
        _running.add(self)
        thread.start()
        return world

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def reset(self) -> list[Fault]:
        """End every fault and start over with a fresh shop (history, pods, counters): what
        earlier faults left behind (restarted pods, events, a rolled-back release) no longer
        shows in later analyses. Analyses not yet queued are dropped."""
        with self._reset_lock:
            self.stop()
            with self._lock:
                ended = self.world.sim.recover(time.time()) if self.world else []
                self.pending = []
                self._launch()
        return ended

    def on_request(self) -> None:
        """before_request: start on the first request, and put the topology into the catalog
        (retried until the database has its schema)."""
        if self.world is None:
            self.start()
        if not self.catalog_ready:
            self.register_catalog()

    def register_catalog(self) -> None:
        try:
            ensure_catalog(self.topology)
            self.catalog_ready = True
        except (SQLAlchemyError, ApiError) as exc:
            db.session.rollback()
            log.warning("simulated services not in the catalog yet: %s", exc)

    def schedule_analysis(
        self, incident_id: uuid.UUID, actor_id: uuid.UUID | None, at: float
    ) -> None:
        with self._lock:
            self.pending.append((at, incident_id, actor_id))

    def _run(self, world: World, stop: threading.Event) -> None:
        """Back-fill (the first advance), then tick once a second until stopped; a failing
        tick is logged and the next one tries again."""
        while True:
            now = time.time()
            try:
                world.advance(now)
                self._enqueue_due(now, stop)
            except Exception:
                log.exception("simulation tick failed")
            if stop.wait(1.0 - time.time() % 1.0):
                return

    def _enqueue_due(self, now: float, stop: threading.Event) -> None:
        """Queue the analyses whose evidence window has filled (see service.inject); none
        once stopping (a stop that timed out waiting for a long tick still holds)."""
        with self._lock:
            due = [p for p in self.pending if p[0] <= now]
            self.pending = [p for p in self.pending if p[0] > now]
        for _, incident_id, actor_id in due:
            if stop.is_set():
                return
            with self.app.app_context():
                try:
                    incident = db.session.get(Incident, incident_id)
                    actor = db.session.get(User, actor_id) if actor_id else None
                    if incident is not None:
                        enqueue_analysis(incident, "simulation", actor)
                except Exception:
                    db.session.rollback()
                    log.exception("could not queue the analysis of incident %s", incident_id)
