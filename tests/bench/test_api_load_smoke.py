"""bench/api_load.py end to end on a small scale: throwaway database, bulk seed, gunicorn, wrk
against every target. Checks what it reports and that nothing failed, never how fast."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PG_ADMIN_URL, REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"list", "get", "timeline", "create", "bare"}


@pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk: apt-get install -y wrk")
def test_api_load_runs_every_target_without_errors() -> None:
    command = [sys.executable, str(ROOT / "bench" / "api_load.py"), "--duration", "2"]
    command += ["--warmup", "0", "--incidents", "200", "--workers", "2", "--threads", "2"]
    env = {**os.environ, "ROOTLINE_BENCH_PG": PG_ADMIN_URL, "ROOTLINE_BENCH_REDIS": REDIS_URL}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)

    assert report["benchmark"] == "api_load" and report["incidents"] == 200
    assert set(report["targets"]) == TARGETS
    for name, target in report["targets"].items():
        assert target["requests"] > 0, name
        assert target["errors"] == 0, (name, target["error_kinds"])
        assert set(target["latency_ms"]) >= {"p50", "p90", "p99", "max"}, name
        assert target["latency_ms"]["p50"] <= target["latency_ms"]["max"], name
        assert target["cpu_ms_per_request"]["gunicorn"] > 0, name
    assert set(report["pass"]) == {"list_to_bare_ratio", "list", "get", "timeline", "create"}
    assert report["meets_target"] == all(report["pass"].values())
    assert report["list_to_bare_ratio"] == pytest.approx(
        report["targets"]["list"]["rps"] / report["targets"]["bare"]["rps"], abs=0.001
    )
