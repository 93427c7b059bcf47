"""`flask rca generate|analyze|evaluate` on a few small generated cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_app
from flask import Flask
from flask.testing import FlaskCliRunner


@pytest.fixture(scope="module")
def rca_app() -> Flask:
    """An app on embedded SQLite: the rca commands touch no database (not named `app`, which
    would bring the suite's PostgreSQL clean-up along)."""
    return make_app("sqlite://")


@pytest.fixture(scope="module")
def dataset(rca_app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "cases"
    result = rca_app.test_cli_runner().invoke(
        args=["rca", "generate", str(out), "--seed", "11", "--cases", "3", "--topology", "shop"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 3 cases" in result.output
    return out


@pytest.fixture
def runner(rca_app: Flask) -> FlaskCliRunner:
    return rca_app.test_cli_runner()


def test_generate_writes_labelled_bundles(dataset: Path) -> None:
    cases = sorted(p.name for p in dataset.iterdir())
    assert cases == ["case-0000", "case-0001", "case-0002"]
    for case in cases:
        assert {"case.json", "label.json", "metrics.csv"} <= {
            p.name for p in (dataset / case).iterdir()
        }
        assert json.loads((dataset / case / "case.json").read_text())["system"] == "online-shop"


def test_analyze_prints_ranked_hypotheses(runner: FlaskCliRunner, dataset: Path) -> None:
    case = dataset / "case-0000"
    text = runner.invoke(args=["rca", "analyze", str(case)])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("case-0000: ") and "\n1. " in text.output
    raw = runner.invoke(args=["rca", "analyze", str(case), "--json"])
    assert raw.exit_code == 0, raw.output
    doc = json.loads(raw.output)
    top = doc["hypotheses"][0]
    assert top["rank"] == 1 and 0 < top["confidence"] < 1
    assert top["findings"] and {"summary", "evidence", "score"} <= set(top["findings"][0])
    assert doc["sources"]["metrics"]["source"] == "case-bundle"


def test_evaluate_prints_a_table_and_writes_the_json(
    runner: FlaskCliRunner, dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(args=["rca", "evaluate", str(dataset), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Root-cause accuracy on 3 labelled cases" in result.output
    assert "per fault" in result.output and "calibration" in result.output
    report = json.loads(out.read_text())
    assert report["cases"] == 3
    assert set(report["baselines"]) == {"random", "nsigma", "baro"}
    assert set(report["per_system"]) == {"online-shop"}
    assert report["seconds_per_case"] > 0


def test_missing_case_dir_is_a_usage_error(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["rca", "analyze", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_generate_with_gzip_reference_and_dependencies(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "v2"
    args = ["rca", "generate", str(out), "--seed", "11", "--cases", "1", "--topology", "shop"]
    result = runner.invoke(args=[*args, "--gzip", "--reference", "--dependencies"])
    assert result.exit_code == 0, result.output
    case = out / "case-0000"
    assert {"metrics.csv.gz", "dependencies.csv.gz"} <= {p.name for p in case.iterdir()}
    assert json.loads((case / "case.json").read_text())["reference"] == "../_reference/case-0000"
    assert {"reference.json", "metrics.csv.gz"} <= {
        p.name for p in (out / "_reference" / "case-0000").iterdir()
    }
    replay = runner.invoke(args=["rca", "analyze", str(case), "--json"])
    assert replay.exit_code == 0, replay.output
    sources = json.loads(replay.stdout)["sources"]  # the JSON is stdout; stderr may warn
    assert sources["metrics"]["reference"]["status"] == "ok"
    evaluated = runner.invoke(args=["rca", "evaluate", str(out), "--quiet"])
    assert evaluated.exit_code == 0, evaluated.output  # _reference is not a case
