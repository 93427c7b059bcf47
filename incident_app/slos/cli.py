"""`flask slo evaluate [--every SECONDS]` (the periodic evaluation) and `flask slo rules`."""

from __future__ import annotations

import json
import logging
import time

import click
from flask.cli import AppGroup

from incident_app.errors import ApiError
from incident_app.extensions import db
from incident_app.slos.job import evaluate_all, evaluator_lock
from incident_app.slos.rules import rule_file_yaml
from incident_app.slos.service import all_slos

slo_cli = AppGroup("slo", help="Evaluate SLOs and generate their Prometheus rules.")
log = logging.getLogger("rootline.slos")


def _cycle() -> None:
    with evaluator_lock() as mine:
        if not mine:
            click.echo(json.dumps({"skipped": "another evaluator holds the lock"}))
            return
        try:
            click.echo(json.dumps(evaluate_all()))
        except ApiError as exc:
            raise click.ClickException(exc.message) from None


@slo_cli.command("evaluate")
@click.option(
    "--every",
    type=click.FloatRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Keep evaluating at this interval (a worker); default: once.",
)
def evaluate(every: float | None) -> None:
    """Evaluate every SLO now: history, page-tier incidents, business impact."""
    if every is None:
        _cycle()
        return
    while True:
        started = time.monotonic()
        try:
            _cycle()
        except click.ClickException:
            raise
        except Exception:
            log.exception("SLO evaluation cycle failed; retrying next cycle")
            db.session.rollback()
        db.session.remove()  # the next cycle reads fresh rows
        time.sleep(max(0.0, every - (time.monotonic() - started)))


@slo_cli.command("rules")
def rules() -> None:
    """Print the Prometheus recording and alerting rules of every SLO (YAML)."""
    click.echo(rule_file_yaml(all_slos()), nl=False)
