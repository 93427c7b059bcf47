"""Alertmanager's alert fingerprint, for senders that leave it out.

It is prometheus/common's `LabelSet.Fingerprint`: FNV-1a 64 over the label pairs sorted by
name, each name and value followed by the 0xff separator byte, printed as 16 hex digits. The
same labels thus get the same fingerprint here and in Alertmanager."""

from __future__ import annotations

OFFSET64 = 14695981039346656037
PRIME64 = 1099511628211
MASK64 = (1 << 64) - 1
SEPARATOR = 0xFF


def _add(state: int, data: bytes) -> int:
    for byte in data:
        state = ((state ^ byte) * PRIME64) & MASK64
    return state


def fingerprint(labels: dict[str, str]) -> str:
    state = OFFSET64
    for name in sorted(labels):
        state = _add(state, name.encode())
        state = _add(state, bytes([SEPARATOR]))
        state = _add(state, labels[name].encode())
        state = _add(state, bytes([SEPARATOR]))
    return f"{state:016x}"
