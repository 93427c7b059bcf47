"""The per-app plugin manager: loads `rootline.analyzers` entry points defensively.

A plugin that fails to import, or whose `rootline_register_analyzers` raises or returns
something that is not an Analyzer, is recorded in `failures` and skipped; the rest load.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy

from incident_app.correlation import hookspecs
from incident_app.correlation.hookspecs import Analyzer

ENTRY_POINT_GROUP = "rootline.analyzers"
log = logging.getLogger("rootline.plugins")


@dataclass
class AnalyzerEntry:
    analyzer: Analyzer
    plugin: str  # entry-point name
    distribution: str  # the pip package that shipped it
    enabled: bool = True


@dataclass
class PluginSet:
    manager: pluggy.PluginManager
    analyzers: dict[str, AnalyzerEntry] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # plugin or analyzer -> reason

    def enabled(self) -> list[Analyzer]:
        return [e.analyzer for e in self.analyzers.values() if e.enabled]


def _distribution(ep: EntryPoint) -> str:
    dist = ep.dist
    return f"{dist.name} {dist.version}" if dist is not None else "unknown"


def load_plugins(disabled: Iterable[str] = (), modules: Iterable[str] = ()) -> PluginSet:
    """Build a plugin manager from the entry points, plus plugin `modules` named by import path
    (ROOTLINE_PLUGINS: load a plugin without packaging it)."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    plugins = PluginSet(manager)
    origins: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            manager.register(ep.load(), name=ep.name)
            origins[ep.name] = _distribution(ep)
        except Exception as exc:
            plugins.failures[ep.name] = f"failed to load: {type(exc).__name__}: {exc}"
            log.warning("plugin %s failed to load", ep.name, exc_info=True)
    for path in modules:
        try:
            manager.register(importlib.import_module(path), name=path)
            origins[path] = f"module {path}"
        except Exception as exc:
            plugins.failures[path] = f"failed to load: {type(exc).__name__}: {exc}"
            log.warning("plugin module %s failed to load", path, exc_info=True)
    disabled_names = set(disabled)
    for impl in manager.hook.rootline_register_analyzers.get_hookimpls():
        try:
            offered: list[Any] = list(impl.function())  # type: ignore[call-overload]
        except Exception as exc:
            plugins.failures[impl.plugin_name] = f"rootline_register_analyzers raised: {exc}"
            continue
        for analyzer in offered:
            name = str(getattr(analyzer, "name", "") or "")
            if not isinstance(analyzer, Analyzer) or not name:
                plugins.failures[f"{impl.plugin_name}:{name}"] = "not an Analyzer"
            elif name in plugins.analyzers:
                plugins.failures[f"{impl.plugin_name}:{name}"] = f"duplicate analyzer {name}"
            else:
                plugins.analyzers[name] = AnalyzerEntry(
                    analyzer,
                    impl.plugin_name,
                    origins.get(impl.plugin_name, "unknown"),
                    enabled=name not in disabled_names,
                )
    return plugins
