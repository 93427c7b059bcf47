"""JSON encoding for responses: ISO 8601 datetimes (Flask's default is an HTTP date string)."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import Any

from flask.json.provider import DefaultJSONProvider


class RootlineJSONProvider(DefaultJSONProvider):
    sort_keys = False

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
