"""Root-cause accuracy: the engine (built-in analyzers and the merge) against the random,
N-Sigma and BARO baselines, on labelled cases from the scenario generator and on recorded
datasets.

The generated cases are written at run time into a temporary directory, from a seed, over
both the 12-service shop and the 45-service marketplace (faults in turn, so each fault gets
its share). Each `--dataset DIR` (repeatable) is a folder of recorded case bundles
(CASE_FORMAT.md), e.g. ../shared/datasets/nezha-ob. Every set is replayed through the
case-bundle source exactly as `flask rca evaluate` does. Nothing is downloaded. Only the four
built-in analyzers run, so an installed third-party plugin does not change the figures.

    .venv/bin/python bench/rca_accuracy.py [--seed 2024] [--cases 260] [--keep DIR]
        [--dataset DIR ...] [--no-generated]

260 cases give each of the 13 faults 20 cases, 10 per system.

Prints one JSON object: per set, the `flask rca evaluate` report (overall, per fault, per
system, per reference period, baselines, calibration) and how it was made.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from incident_app.correlation.plugins import PluginSet, load_plugins  # noqa: E402
from incident_app.rca.evaluate import evaluate  # noqa: E402
from incident_app.rca.generate import generate  # noqa: E402

BUILT_IN = {"metrics", "logs", "traces", "k8s"}


def generated_set(args: argparse.Namespace, plugins: PluginSet) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="rca-bench-") as tmp:
        dataset = args.keep or Path(tmp)
        started = time.perf_counter()
        generate(dataset, args.seed, args.cases, args.topology)
        generated_s = time.perf_counter() - started
        _, report = evaluate(dataset, plugins)
    report["generated"] = {
        "seed": args.seed,
        "cases": args.cases,
        "topology": args.topology,
        "seconds": round(generated_s, 2),
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--cases", type=int, default=260)
    parser.add_argument("--topology", choices=["shop", "large", "both"], default="both")
    parser.add_argument("--keep", type=Path, help="Write the generated cases here and keep them.")
    parser.add_argument(
        "--dataset",
        type=Path,
        action="append",
        default=[],
        help="A folder of recorded case bundles to evaluate too (repeatable).",
    )
    parser.add_argument("--no-generated", action="store_true", help="Only the --dataset sets.")
    args = parser.parse_args()
    plugins = load_plugins()
    for name, entry in plugins.analyzers.items():
        entry.enabled = name in BUILT_IN
    sets: dict[str, Any] = {}
    if not args.no_generated:
        sets[f"generated-seed-{args.seed}"] = generated_set(args, plugins)
    for folder in args.dataset:
        if not folder.is_dir():
            parser.error(f"--dataset {folder}: not a folder")
        _, sets[folder.resolve().name] = evaluate(folder, plugins)
    print(json.dumps({"analyzers": sorted(BUILT_IN), "sets": sets}, indent=2))


if __name__ == "__main__":
    main()
