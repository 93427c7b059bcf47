"""A `flask worker`'s own series on WORKER_METRICS_HOST:WORKER_METRICS_PORT (port 0 disables).

RQ forks a work horse per job, and the analysis counters are incremented in the horse, so the
worker always runs prometheus_client in multiprocess mode: each horse leaves its values in
PROMETHEUS_MULTIPROC_DIR and the worker's endpoint adds them up. The mode is chosen when
prometheus_client is first imported, long before the command runs, so the command re-executes
itself once with the directory set. Dead horses' files are folded into one archive file per
type at scrape time, so the directory stays small however many jobs ran.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import Metric
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from incident_app.telemetry.collectors import BuildInfoCollector, ProcessCollector

log = logging.getLogger("rootline.telemetry")
OWNED = "ROOTLINE_WORKER_METRICS_DIR_OWNED"  # set when this command created the directory
ARCHIVE = "archive"


def ensure_multiprocess_mode() -> None:
    """Re-execute this command with PROMETHEUS_MULTIPROC_DIR set (once; returns if it is)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        if os.environ.get(OWNED):
            atexit.register(shutil.rmtree, os.environ["PROMETHEUS_MULTIPROC_DIR"], True)
        return
    if "worker" not in sys.argv[1:]:  # invoked in-process (a CliRunner): never replace that
        log.warning("worker metrics: not started as `flask worker`, work horses not counted")
        return
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="rootline-worker-")
    os.environ[OWNED] = "1"
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fold_dead_files(directory: Path) -> None:
    """Add the counters and histograms of exited processes into `<type>_archive.db`."""
    for kind in ("counter", "histogram"):
        dead = [
            f
            for f in directory.glob(f"{kind}_*.db")
            if f.stem.split("_")[-1].isdigit() and not _alive(int(f.stem.split("_")[-1]))
        ]
        if not dead:
            continue
        archive = MmapedDict(str(directory / f"{kind}_{ARCHIVE}.db"))
        try:
            for f in dead:
                for key, value, timestamp, _ in MmapedDict.read_all_values_from_file(str(f)):
                    archive.write_value(key, archive.read_value(key)[0] + value, timestamp)
                f.unlink()
        finally:
            archive.close()


class FoldingCollector(Collector):
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.lock = threading.Lock()
        self.inner = MultiProcessCollector(None, str(directory))

    def collect(self) -> Iterator[Metric]:
        with self.lock:
            fold_dead_files(self.directory)
            yield from self.inner.collect()


def serve_worker_metrics(host: str, port: int, version: str) -> None:
    """Serve in a daemon thread; a port already taken logs an error, the worker still runs."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(FoldingCollector(Path(directory)) if directory else ProcessCollector())
    registry.register(BuildInfoCollector(version))
    try:
        start_http_server(port, addr=host, registry=registry)
    except OSError as exc:
        log.error("worker metrics not served on %s:%s: %s", host, port, exc)
