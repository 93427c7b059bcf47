"""`flask analyzers list`, `flask analyses relay` (the outbox relay) and `flask worker` (an RQ
worker for queue `correlation`, with the relay in a thread and its own metrics on
WORKER_METRICS_PORT)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from incident_app import __version__
from incident_app.correlation.jobs import QUEUE_NAME, queue
from incident_app.correlation.outbox import relay_once, start_relay
from incident_app.correlation.routes import registry
from incident_app.correlation.sources.access import mask_urls
from incident_app.correlation.worker import RootlineWorker
from incident_app.extensions import get_redis
from incident_app.telemetry.worker import ensure_multiprocess_mode, serve_worker_metrics

analyzers_cli = AppGroup("analyzers", help="Inspect analyzer plugins.")


@analyzers_cli.command("list")
def list_analyzers() -> None:
    """Name, version, signals, status and origin of every analyzer; failed plugins last."""
    info = registry(current_app)
    for a in info["analyzers"]:
        signals = ",".join(a["signals"])
        click.echo(f"{a['name']}\t{a['version']}\t{signals}\t{a['status']}\t{a['distribution']}")
    for failure in info["failures"]:
        click.echo(f"FAILED {failure['plugin']}: {failure['error']}")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@click.option(
    "--with-scheduler/--without-scheduler",
    default=True,
    help="Also run RQ's scheduler (needed for retry intervals).",
)
@with_appcontext
def worker(burst: bool, with_scheduler: bool) -> None:
    """Run an RQ worker for queue `correlation` inside the app (needs REDIS_URL)."""
    client = get_redis()
    if client is None:
        raise click.ClickException("REDIS_URL is not set; without it analyses run in-process")
    port = current_app.config["WORKER_METRICS_PORT"]
    if port:
        ensure_multiprocess_mode()  # may re-execute this command
        serve_worker_metrics(current_app.config["WORKER_METRICS_HOST"], port, __version__)
    click.echo(f"worker for queue {QUEUE_NAME} on {mask_urls(current_app.config['REDIS_URL'])}")
    click.echo(f"relay: {relay_once(current_app.config)}")  # before a --burst run drains
    relay = start_relay(current_app._get_current_object())  # type: ignore[attr-defined]
    try:
        RootlineWorker([queue(client)], connection=client).work(
            burst=burst, with_scheduler=with_scheduler
        )
    finally:
        relay.set()


analyses_cli = AppGroup("analyses", help="Operate the analysis outbox.")


@analyses_cli.command("relay")
@click.option("--once", is_flag=True, help="One pass, then exit (0 even if Redis is down).")
def relay_command(once: bool) -> None:
    """Dispatch undispatched runs, requeue runs whose lease expired, recover vanished jobs."""
    if get_redis() is None:
        raise click.ClickException("REDIS_URL is not set; without it analyses run in-process")
    if once:
        click.echo(str(relay_once(current_app.config)))
        return
    start_relay(current_app._get_current_object()).wait()  # type: ignore[attr-defined]
