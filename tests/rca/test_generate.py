"""The scenario generator: same seed, same bundles; every bundle parses back through the
case-bundle source; the topologies are sound; faults land where they can happen."""

from __future__ import annotations

import gzip
import json
import statistics
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from incident_app.correlation.sources.bundle import CaseBundleSource, load_case
from incident_app.correlation.types import Signal
from incident_app.rca.casefiles import Extras
from incident_app.rca.generate import generate
from incident_app.rca.generate.scenario import FAULTS, draw, eligible
from incident_app.rca.generate.topology import SIMULATION_SHOP, load


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("gen") / "a", seed=3, cases=4)


def _files(case: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(case.iterdir())}


def test_same_seed_same_files_other_seed_other_files(dataset: list[Path], tmp_path: Path) -> None:
    again = generate(tmp_path / "b", seed=3, cases=4)
    assert (
        [p.name for p in again] == [p.name for p in dataset] == [f"case-{i:04d}" for i in range(4)]
    )
    for first, second in zip(dataset, again, strict=True):
        assert _files(first) == _files(second)
    other = generate(tmp_path / "c", seed=4, cases=1)
    assert _files(other[0])["metrics.csv"] != _files(dataset[0])["metrics.csv"]


def test_bundles_parse_back_through_the_case_source(dataset: list[Path]) -> None:
    for case in dataset:
        context, label = load_case(case)
        assert label is not None and label["fault"] in FAULTS
        names = {s.name for s in context.services}
        assert label["service"] in names
        assert label["indicator"].startswith(f"{label['service']}_")
        meta = json.loads((case / "case.json").read_text())
        assert context.window_start.timestamp() == meta["start"] < meta["inject_time"] < meta["end"]
        assert context.started_at.timestamp() == meta["inject_time"]
        assert context.step_seconds in (10, 15, 30)
        metrics = CaseBundleSource(Signal.metrics, case).fetch(context).series or []
        kinds = {s.metric for s in metrics}
        assert {"cpu", "mem", "latency", "error", "requests", "restarts"} <= kinds
        assert {s.service for s in metrics} == names
        for signal, file in ((Signal.logs, "logs.csv"), (Signal.traces, "traces.csv")):
            got = CaseBundleSource(signal, case).fetch(context)
            if (case / file).is_file():
                assert not got.problems
            else:
                assert file in got.problems[signal]


def test_the_second_case_is_the_large_system(dataset: list[Path]) -> None:
    shop, _ = load_case(dataset[0])
    large, _ = load_case(dataset[1])
    assert {s.name for s in shop.services} == set(load("shop").services)
    assert len(large.services) >= 40
    assert large.window_end - large.window_start > timedelta(minutes=25)


def test_topologies() -> None:
    shop, large = load("shop"), load("large")
    assert SIMULATION_SHOP.is_file()  # the simulation's shop, not a copy
    assert {"frontend", "checkout", "cart", "payment-processing", "postgres"} <= set(shop.services)
    assert len(large.services) >= 40
    for topo in (shop, large):
        position = {name: i for i, name in enumerate(topo.order)}
        for name, spec in topo.services.items():
            assert all(position[c] < position[name] for c in spec.calls)  # callees first
        assert all(rate > 0 for rate in topo.rps.values())
    assert shop.upstream("postgres") >= {"payment-processing", "checkout", "frontend"}
    assert "postgres" in shop.downstream("checkout")


def test_faults_land_where_they_can_happen() -> None:
    shop = load("shop")
    assert set(eligible(shop, "pool-exhaustion")) == {
        n for n, s in shop.services.items() if s.pool_max
    }
    assert "postgres" not in eligible(shop, "rollout")  # a statefulset has no rollouts here
    assert "frontend" not in eligible(shop, "return")  # nobody reads its answers
    sc = draw(shop, "oom", seed=5, start=1_700_000_000.0)
    assert sc.root in eligible(shop, "oom") and 0 < sc.onset < sc.n
    assert sc.inject_time == sc.start + sc.onset * sc.step


def _plain(folder: Path) -> dict[str, bytes]:
    """A folder's files as the plain layout would hold them (.gz decompressed, renamed)."""
    return {
        p.name.removesuffix(".gz"): gzip.decompress(p.read_bytes())
        if p.suffix == ".gz"
        else p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    extras = Extras(gzip=True, reference=True, dependencies=True)
    return generate(tmp_path_factory.mktemp("gen") / "v2", seed=3, cases=2, extras=extras)


def test_extras_leave_the_cases_own_content_as_it_was(
    dataset: list[Path], extended: list[Path]
) -> None:
    for plain, v2 in zip(dataset, extended, strict=False):  # the first cases of one seed
        files = _plain(v2)
        assert all(p.name.endswith((".json", ".csv.gz")) for p in v2.iterdir())
        meta = json.loads(files.pop("case.json"))
        assert meta.pop("reference") == f"../_reference/{v2.name}"
        assert meta == json.loads((plain / "case.json").read_text())
        del files["dependencies.csv"]
        assert files == {k: v for k, v in _files(plain).items() if k != "case.json"}


def test_dependencies_are_the_topologys_calls(extended: list[Path]) -> None:
    for case in extended:
        context, _ = load_case(case)
        system = load("shop" if case.name == "case-0000" else "large")
        assert {s.name: set(s.depends_on) for s in context.services} == {
            name: set(spec.calls) for name, spec in system.services.items()
        }


def test_the_reference_is_a_quiet_stretch_of_the_same_services(extended: list[Path]) -> None:
    case = extended[0]  # FAULTS[0]: a CPU fault
    context, label = load_case(case)
    assert label is not None and label["fault"] == "cpu"
    folder = case.parent / "_reference" / case.name
    period = json.loads((folder / "reference.json").read_text())
    span = context.window_end.timestamp() - context.window_start.timestamp()
    assert period["end"] - period["start"] == span  # as long as the case...
    assert period["end"] < context.window_start.timestamp()  # ...and before it
    reference = CaseBundleSource(Signal.metrics, case).fetch_reference(context)
    own = CaseBundleSource(Signal.metrics, case).fetch(context)
    assert reference is not None and reference.series and own.series
    assert {(s.service, s.metric) for s in reference.series} == {
        (s.service, s.metric) for s in own.series
    }  # the same exporters
    assert all(period["start"] <= t <= period["end"] for s in reference.series for t, _ in s.points)
    cut = context.started_at.timestamp()

    def cpu(telemetry: Any, after: bool) -> list[float]:
        [series] = [
            s for s in telemetry.series if (s.service, s.metric) == (label["service"], "cpu")
        ]
        return [v for t, v in series.points if (t >= cut) == after]

    baseline, quiet = statistics.median(cpu(own, False)), cpu(reference, False)
    assert abs(statistics.median(quiet) - baseline) < 0.1  # its usual level...
    assert max(quiet) < statistics.median(cpu(own, True))  # ...without the fault
    logs = CaseBundleSource(Signal.logs, case).fetch_reference(context)
    if logs is not None and logs.logs:
        assert not any("run queue saturated" in r.message for r in logs.logs)
