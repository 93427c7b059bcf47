"""Issue 15 item 18: at interpreter exit the simulation's ticker (a daemon thread) went on
queueing due analyses after concurrent.futures had closed the embedded executor: each was
committed as a queued run, refused ("cannot schedule new futures after interpreter shutdown",
logged) and never run. A real process: an analysis keeps the executor busy while the process
exits, and another one falls due meanwhile."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from serving import ROOT

SCRIPT = r"""
import threading, time, uuid
from flask_migrate import upgrade
from incident_app import create_app
from incident_app.correlation import jobs
from incident_app.simulation.runtime import EXTENSION

busy = threading.Event()
real = jobs.execute_run

def slow(run_id):  # the executor is still working on it when the process exits
    busy.set()
    time.sleep(3)
    return real(run_id)

jobs.execute_run = slow
app = create_app()
with app.app_context():
    upgrade()
client = app.test_client()
user = {"username": "exiting", "email": "exiting@example.com", "password": "correct-horse-battery"}
assert client.post("/api/auth/register", json=user).status_code == 201
credentials = {"username": user["username"], "password": user["password"]}
token = client.post("/api/auth/login", json=credentials).get_json()["access_token"]
auth = {"Authorization": f"Bearer {token}"}
incidents = []
for service in ("payment-processing", "checkout"):
    fault = {"service": service, "error_rate": 0.95}
    reply = client.post("/api/test/fail", json=fault, headers=auth)
    assert reply.status_code == 202, reply.get_json()
    incidents.append(reply.get_json()["incident"]["id"])
runtime = app.extensions[EXTENSION]
first, second = (uuid.UUID(i) for i in incidents)
with runtime._lock:  # the first falls due at once; the second while the first runs
    runtime.pending = [(time.time(), first, None)]
assert busy.wait(30), "the first analysis never started"
runtime.schedule_analysis(second, None, time.time() + 0.3)
print("exiting", flush=True)
"""


def test_no_analysis_is_handed_to_a_closed_executor_at_exit(tmp_path: Path) -> None:
    database = tmp_path / "rootline.db"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("REDIS", "PROMETHEUS"))},
        "ROOTLINE_ENV": "development",
        "ROOTLINE_INSTANCE_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "SIMULATION_ENABLED": "true",
        "SIMULATION_BACKFILL_MINUTES": "1",
        "SIMULATION_ANALYSIS_DELAY_SECONDS": "0",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "exiting" in output, output[-3000:]
    assert "cannot schedule new futures" not in output
    assert "could not queue the analysis" not in output
    with sqlite3.connect(database) as db:
        statuses = [row[0] for row in db.execute("SELECT status FROM analysis_runs")]
    assert statuses == ["completed"]  # the running one finished; none left queued, unrun
