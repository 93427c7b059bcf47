"""deploy/nginx/rootline.conf (issue 15 item 5): the proxy in front cuts off slow senders
(slowloris) within seconds, refuses bodies the API would refuse, and passes the event stream
through unbuffered for longer than a stream lasts."""

from __future__ import annotations

import re

from deploy_files import ROOT

from config import Config
from incident_app.events.routes import HEARTBEAT_SECONDS

NGINX = ROOT / "deploy" / "nginx" / "rootline.conf"
_UNITS = {"": 1, "s": 1, "m": 60}


def _seconds(value: str) -> float:
    found = re.fullmatch(r"(\d+)(s|m)?", value)
    assert found, value
    return int(found[1]) * _UNITS[found[2] or ""]


def _directives(text: str) -> dict[str, list[str]]:
    """`name value` of every simple directive, last one wins, in text without comments."""
    return {m[1]: m[2].split() for m in re.finditer(r"^\s*(\w+)\s+([^;{}]*);", text, re.M)}


def _block(text: str, opening: str) -> str:
    start = text.index(opening)
    return text[start : text.index("}", start)]


def test_slow_clients_are_cut_off_within_seconds() -> None:
    text = re.sub(r"#.*", "", NGINX.read_text())
    server = _directives(_block(text, "listen 443"))
    assert _seconds(server["client_header_timeout"][0]) <= 10
    assert _seconds(server["client_body_timeout"][0]) <= 10
    assert _seconds(server["send_timeout"][0]) <= 30
    assert server["limit_conn"][0] == "rootline_conn"
    assert server["proxy_request_buffering"] == ["on"]
    assert server["client_max_body_size"] == [f"{Config.MAX_CONTENT_LENGTH // 1024 // 1024}m"]
    assert "X-Forwarded-For $remote_addr" in text  # TRUSTED_PROXY_HOPS=1


def test_the_event_stream_is_unbuffered_and_outlives_a_stream() -> None:
    text = re.sub(r"#.*", "", NGINX.read_text())
    stream = _directives(_block(text, "location = /api/events/stream"))
    assert stream["proxy_buffering"] == ["off"]
    longest = Config.EVENT_STREAM_SECONDS + HEARTBEAT_SECONDS
    assert _seconds(stream["proxy_read_timeout"][0]) > longest
    assert stream["limit_conn"][0] == "rootline_streams"


def test_the_readme_points_to_it() -> None:
    assert "deploy/nginx/rootline.conf" in (ROOT / "README.md").read_text()
