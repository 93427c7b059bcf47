"""Meta-tests: every hook in the contract has a docstring, a section in docs/analyzers.md, and
at least one implementation exercised by the test suite; every field an analyzer receives in
its context, and every optional part of a source, is documented there too."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest

from incident_app.correlation import hookspecs
from incident_app.correlation.types import AnalysisContext

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(
    name
    for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("rootline_")
)
TEST_SOURCES = [p.read_text() for p in (ROOT / "tests").rglob("*.py")]
DOCS = (ROOT / "docs" / "analyzers.md").read_text()


def test_the_contract_has_hooks() -> None:
    assert HOOKS == [
        "rootline_analysis_finished",
        "rootline_register_analyzers",
        "rootline_telemetry_source",
    ]


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_docstring(hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert len(doc) > 40, f"{hook} needs a docstring that says when it is called and why"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented(hook: str) -> None:
    docs = (ROOT / "docs" / "analyzers.md").read_text()
    assert f"### `{hook}(" in docs, f"docs/analyzers.md has no section for {hook}"
    assert f"def {hook}(" in docs, f"docs/analyzers.md has no example implementing {hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_tested_implementation(hook: str) -> None:
    assert any(f"def {hook}(" in source for source in TEST_SOURCES), (
        f"no test plugin implements {hook}"
    )


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(AnalysisContext)])
def test_context_field_is_documented(field: str) -> None:
    assert f"| `{field}` |" in DOCS, f"docs/analyzers.md does not say what context.{field} is"


def test_reference_telemetry_is_part_of_the_documented_contract() -> None:
    assert "## Reference telemetry (`context.reference`)" in DOCS
    for promise in ("its clock is its own", "may be `none`", "fetch_reference(context)"):
        assert promise in DOCS.lower(), promise
    assert "`location`" in DOCS  # the optional source attribute the reference cache keys on
