"""JSON for requests and responses: ISO 8601 datetimes out (Flask's default is an HTTP date
string); in, only what RFC 8259 calls JSON and PostgreSQL can store, nested to a sane depth."""

from __future__ import annotations

import enum
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

from flask.json.provider import DefaultJSONProvider

# Deeper documents have no use here, and Python's recursion (pydantic, the encoder, our
# validators) would fail on them as a 500; the decoder itself gives up near 1,000 levels.
MAX_DEPTH = 64


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # Python's decoder accepts NaN and Infinity


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether objects and arrays nest more than `limit` levels (iteratively: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class RootlineJSONProvider(DefaultJSONProvider):
    sort_keys = False

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse a request body; a ValueError makes Flask's get_json treat it as malformed."""
        try:
            value = json.loads(s, parse_constant=_refuse_constant, **kwargs)
        except RecursionError:
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels") from None
        if isinstance(value, dict | list) and _deeper_than(value, MAX_DEPTH):
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
        return value

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, datetime):
            aware = o if o.tzinfo else o.replace(tzinfo=UTC)
            return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
        if isinstance(o, date):
            return o.isoformat()
        if isinstance(o, uuid.UUID):
            return str(o)
        if isinstance(o, enum.Enum):
            return o.value
        return DefaultJSONProvider.default(o)
