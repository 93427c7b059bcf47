"""`flask analyzers list` and `flask worker` (an RQ worker for queue `correlation`)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from rq import Worker

from incident_app.correlation.jobs import QUEUE_NAME, queue
from incident_app.correlation.routes import registry
from incident_app.extensions import get_redis

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
    click.echo(f"worker for queue {QUEUE_NAME} on {current_app.config['REDIS_URL']}")
    Worker([queue(client)], connection=client).work(burst=burst, with_scheduler=with_scheduler)
