"""`flask rca analyze|evaluate|generate`: replay one recorded case, measure accuracy on a
dataset of them, or write a labelled dataset with the scenario generator."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from incident_app.correlation.engine import analyze as run_engine
from incident_app.correlation.plugins import PluginSet
from incident_app.correlation.sources.bundle import load_case
from incident_app.rca.casefiles import Extras, extras_options
from incident_app.rca.evaluate import CaseResult, evaluate
from incident_app.rca.generate import generate as generate_cases
from incident_app.rca.report import analysis_json, analysis_text, evaluation_text

rca_cli = AppGroup("rca", help="Root-cause analysis on recorded cases.")
CaseDir = click.Path(exists=True, file_okay=False, path_type=Path)


def _plugins() -> PluginSet:
    plugins: PluginSet = current_app.extensions["rootline.plugins"]
    return plugins


@rca_cli.command("analyze")
@click.argument("case_dir", type=CaseDir)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def analyze_case(case_dir: Path, as_json: bool) -> None:
    """Rank root-cause hypotheses for the case bundle in CASE_DIR (its label is not read)."""
    context, _ = load_case(case_dir)  # the label stays here; analyzers never see it
    config = current_app.config
    result = run_engine(
        context,
        _plugins(),
        {"CASE_DIR": str(case_dir)},
        source_timeout=config["SOURCE_TIMEOUT_SECONDS"],
        analyzer_timeout=config["ANALYZER_TIMEOUT_SECONDS"],
    )
    if as_json:
        click.echo(json.dumps(analysis_json(case_dir.name, result), indent=2, default=str))
    else:
        click.echo(analysis_text(case_dir.name, result))


@rca_cli.command("evaluate")
@click.argument("dataset_dir", type=CaseDir)
@click.option(
    "--json",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as JSON to this file.",
)
@click.option("--quiet", is_flag=True, help="No line per case.")
def evaluate_dataset(dataset_dir: Path, out: Path | None, quiet: bool) -> None:
    """Run every case under DATASET_DIR and score the rankings against their labels, beside
    the random, N-Sigma and BARO baselines."""

    def progress(r: CaseResult) -> None:
        if quiet:
            return
        label = r.label or {}
        mark = "?" if not r.label else "+" if r.ranking[:1] == [label.get("service")] else "-"
        top = f"{r.ranking[0]} {r.fault} {r.confidence:.2f}" if r.ranking else "nothing found"
        click.echo(f"{mark} {r.case}: {top} ({r.seconds:.2f} s)", err=True)

    _, report = evaluate(dataset_dir, _plugins(), progress)
    click.echo(evaluation_text(report))
    if out is not None:
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {out}")


@rca_cli.command("generate")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--cases", type=click.IntRange(1, 10_000), default=24, show_default=True)
@click.option(
    "--topology",
    type=click.Choice(["shop", "large", "both"]),
    default="both",
    show_default=True,
    help="The 12-service shop, the 45-service marketplace, or both in turn.",
)
@extras_options
def generate_dataset(out_dir: Path, seed: int, cases: int, topology: str, extras: Extras) -> None:
    """Write CASES labelled case bundles into OUT_DIR (same seed, same files)."""
    written = generate_cases(out_dir, seed, cases, topology, extras)
    click.echo(f"wrote {len(written)} cases into {out_dir}")
