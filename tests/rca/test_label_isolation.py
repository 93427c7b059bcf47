"""label.json never reaches the analysis: the engine runs without opening it, and a lying
label changes nothing but the score."""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from incident_app.correlation.engine import analyze
from incident_app.correlation.plugins import load_plugins
from incident_app.correlation.sources.bundle import load_case, parsed_table
from incident_app.rca.evaluate import run_case
from incident_app.rca.generate import generate


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("iso"), seed=21, cases=1, topology="shop")[0]


def test_the_engine_never_opens_the_label(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    context, label = load_case(case)  # the evaluator's side: it may read the label
    assert label is not None
    parsed_table.cache_clear()  # so the sources open the files again, under the spy
    opened: list[str] = []
    real_open = io.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(os.fspath(file) if isinstance(file, str | os.PathLike) else str(file))
        if opened[-1].endswith("label.json"):
            raise AssertionError("the analysis opened label.json")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)  # what pathlib's open and read_text call
    plugins = load_plugins(disabled=["log-volume"])
    result = analyze(context, plugins, {"CASE_DIR": str(case)})
    assert result.hypotheses and not any(p.startswith("analyzer:") for p in result.problems)
    assert any(p.endswith("metrics.csv") for p in opened)
    assert not any(p.endswith("label.json") for p in opened)


def test_a_lying_label_changes_the_score_not_the_ranking(case: Path, tmp_path: Path) -> None:
    plugins = load_plugins(disabled=["log-volume"])
    honest, _ = run_case(case, plugins)
    liar = tmp_path / case.name
    shutil.copytree(case, liar)
    (liar / "label.json").write_text(json.dumps({"service": "nobody", "fault": "cpu"}))
    lied, _ = run_case(liar, plugins)
    unlabelled = tmp_path / "unlabelled"
    shutil.copytree(case, unlabelled)
    (unlabelled / "label.json").unlink()
    blind, _ = run_case(unlabelled, plugins)
    assert honest.ranking == lied.ranking == blind.ranking
    assert (honest.fault, honest.confidence) == (lied.fault, lied.confidence)
    assert lied.label == {"service": "nobody", "fault": "cpu"} and blind.label is None
