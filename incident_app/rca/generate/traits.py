"""A case's fixed character: what stays the same when the same system is recorded at another
time (each service's noise level and exporters, its usual exception, a cron job).

Drawn from the case's generator the first time, exactly where the draw always happened (so a
case's bytes do not depend on whether its traits are kept), and reused for its reference
period, so that the quiet period looks like the same services on a quiet day.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
Traits = dict[str, Any]


def trait(traits: Traits, key: str, draw: Callable[[], T]) -> T:
    """`traits[key]`, drawn now if this case has not drawn it yet."""
    if key not in traits:
        traits[key] = draw()
    value: T = traits[key]
    return value
