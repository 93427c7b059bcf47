"""Writing case bundles (CASE_FORMAT.md), for `flask simulate record` and `flask rca generate`
alike: CSV tables as csv.writer writes them, plain or gzip-compressed, the catalog's
dependencies, and a reference period in `_reference/<name>/` beside the case.

Gzip members carry no file name and no time, so the same seed still gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import click


@dataclass(frozen=True)
class Extras:
    """What a writer adds to the plain layout; all off gives the plain bundle byte for byte."""

    gzip: bool = False  # every table as <name>.csv.gz
    reference: bool = False  # a fault-free period in ../_reference/<case>/
    dependencies: bool = False  # dependencies.csv: who calls whom, as the catalog knows it


def write_table(
    path: Path, header: list[str], rows: Iterable[Iterable[object]], *, compress: bool = False
) -> None:
    """One CSV table at `path`, or at `path`.gz when compressing."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    data = text.getvalue().encode("utf-8")
    if compress:
        path, data = path.with_name(f"{path.name}.gz"), gzip.compress(data, mtime=0)
    path.write_bytes(data)


def write_json(path: Path, value: dict[str, Any]) -> None:
    path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def write_dependencies(
    folder: Path, edges: Iterable[tuple[str, str]], *, compress: bool = False
) -> None:
    """dependencies.csv: one (caller, callee) row per call edge, sorted."""
    write_table(
        folder / "dependencies.csv", ["caller", "callee"], sorted(set(edges)), compress=compress
    )


def reference_folder(case_dir: Path) -> tuple[Path, str]:
    """Where a case's own reference period goes (`_reference/<case>/` beside it, created), and
    the link case.json holds to it."""
    folder = case_dir.parent / "_reference" / case_dir.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder, f"../_reference/{case_dir.name}"


def extras_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--gzip, --reference and --dependencies on a writing command, passed as `extras`."""

    @click.option("--gzip", "gz", is_flag=True, help="Write every table as .csv.gz.")
    @click.option(
        "--reference",
        is_flag=True,
        help="Also write a fault-free period of the same system into ../_reference/<case>/.",
    )
    @click.option("--dependencies", is_flag=True, help="Write the call graph as dependencies.csv.")
    @wraps(command)
    def wrapper(gz: bool, reference: bool, dependencies: bool, **kwargs: Any) -> Any:
        return command(extras=Extras(gz, reference, dependencies), **kwargs)

    return wrapper
