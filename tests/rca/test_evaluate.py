"""Evaluation metrics on fake rankings, and the report's shape."""

from __future__ import annotations

from incident_app.rca.evaluate import CaseResult, accuracy, calibration, summarize


def _case(
    name: str,
    ranking: list[str],
    label: dict[str, str] | None,
    *,
    fault: str = "cpu",
    confidence: float = 0.5,
    system: str = "shop",
) -> CaseResult:
    return CaseResult(
        case=name,
        system=system,
        label=label,
        ranking=ranking,
        fault=fault,
        confidence=confidence,
        services=10,
        seconds=0.5,
        baselines={"nsigma": list(reversed(ranking)), "baro": ranking[1:] + ranking[:1]},
    )


def test_ac_at_k_and_avg_at_5() -> None:
    label = {"service": "c"}
    pairs = [(["c", "a"], label), (["a", "b", "c"], label), (["a", "b", "d", "e", "f"], label)]
    figures = accuracy(pairs)
    # AC@1 = 1/3, AC@2 = 1/3, AC@3..5 = 2/3: Avg@5 = (1/3 + 1/3 + 2/3 * 3) / 5 = 8/15.
    assert figures == {"ac@1": 0.3333, "ac@3": 0.6667, "ac@5": 0.6667, "avg@5": 0.5333}
    assert accuracy([]) == {"ac@1": 0.0, "ac@3": 0.0, "ac@5": 0.0, "avg@5": 0.0}


def test_calibration_bins_confidence_against_hits() -> None:
    cases = [
        _case("1", ["a"], {"service": "a"}, confidence=0.9),
        _case("2", ["b"], {"service": "a"}, confidence=0.85),
        _case("3", ["a"], {"service": "a"}, confidence=0.1),
        _case("4", ["a"], {"service": "a"}, confidence=1.0),
    ]
    table = calibration(cases)
    assert table["bins"] == [
        {"confidence": "0.0-0.2", "cases": 1, "mean_confidence": 0.1, "accuracy": 1.0},
        {"confidence": "0.8-1.0", "cases": 3, "mean_confidence": 0.9167, "accuracy": 0.6667},
    ]
    assert table["ece"] == round((0.9 + 3 * 0.25) / 4, 4)


def test_report_has_the_documented_keys() -> None:
    results = [
        _case("1", ["a", "b"], {"service": "a", "fault": "cpu"}),
        _case("2", ["a", "b"], {"service": "b", "fault": "mem"}, fault="mem", system="large"),
        _case("3", ["a"], None),
    ]
    report = summarize(results)
    assert {
        "cases",
        "service",
        "fault_accuracy",
        "per_fault",
        "per_system",
        "baselines",
        "seconds_per_case",
    } <= set(report)
    assert report["cases"] == 2 and report["unlabelled"] == 1
    assert report["service"]["ac@1"] == 0.5 and report["fault_accuracy"] == 1.0
    assert set(report["per_fault"]) == {"cpu", "mem"}
    assert report["per_fault"]["mem"]["ac@1"] == 0.0 and report["per_fault"]["mem"]["cases"] == 1
    assert {"cases", "ac@1", "avg@5"} <= set(report["per_system"]["large"])
    assert set(report["baselines"]) == {"random", "nsigma", "baro"}
    assert report["baselines"]["random"]["ac@1"] == 0.1  # ten services each
    assert report["baselines"]["nsigma"]["ac@1"] == 0.5  # reversed: ["b", "a"] twice
    assert report["seconds_per_case"] == 0.5
