"""Meta-tests: every hook in the contract has a docstring, a section in docs/analyzers.md, and
at least one implementation exercised by the test suite."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from incident_app.correlation import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(
    name
    for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("rootline_")
)
TEST_SOURCES = [p.read_text() for p in (ROOT / "tests").rglob("*.py")]


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
