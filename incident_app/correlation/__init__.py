"""Correlation: collect telemetry in parallel, run analyzer plugins, merge into root causes."""
