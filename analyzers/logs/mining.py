"""Drain3 template mining: groups log lines whose constant words agree, so "timeout after
312 ms" and "timeout after 9 ms" count as one pattern, "timeout after <NUM> ms"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drain3 import TemplateMiner
from drain3.template_miner_config import TemplateMinerConfig

from incident_app.correlation.types import LogRecord

# Variable parts masked before mining, most specific first, so templates read "connect to
# <IP> refused" rather than keeping one template per address. One combined pattern (instead
# of drain3's one pass per instruction) and a cache of masked lines keep mining fast.
_END = r"(?![A-Za-z0-9])"
_MASK = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    rf"(?P<ID>[0-9a-fA-F]{{8}}-(?:[0-9a-fA-F]{{4}}-){{3}}[0-9a-fA-F]{{12}}){_END}"
    rf"|(?P<IP>\d{{1,3}}(?:\.\d{{1,3}}){{3}}(?::\d{{1,5}})?){_END}"
    rf"|(?P<HEX>0x[0-9a-fA-F]+|(?=[a-fA-F]*\d)(?=\d*[a-fA-F])[0-9a-fA-F]{{12,}}){_END}"
    rf"|(?P<NUM>[-+]?\d+(?:\.\d+)?)(?=(?:[A-Za-z%]{{1,2}})?{_END})"  # keeps units: <NUM>ms
    r")"
)


def mask(message: str) -> str:
    return _MASK.sub(lambda m: f"<{m.lastgroup}>", message.strip())


def _config() -> TemplateMinerConfig:
    """An explicit config, so drain3 never looks for (and warns about) a drain3.ini."""
    config = TemplateMinerConfig()
    config.profiling_enabled = False
    config.drain_sim_th = 0.4
    config.drain_depth = 4
    config.drain_max_children = 100
    config.parametrize_numeric_tokens = True
    return config


@dataclass
class Template:
    """One mined pattern of one service and the records that matched it, in time order."""

    text: str
    records: list[LogRecord] = field(default_factory=list)


def mine(records: Sequence[LogRecord]) -> list[Template]:
    """Mine `records` (one service's) in time order. A cluster's template can still widen
    after a record joined it, so texts are read once everything has been added."""
    miner = TemplateMiner(config=_config())
    seen: dict[str, int] = {}
    members: dict[int, list[LogRecord]] = {}
    for record in sorted(records, key=lambda r: r.time):
        masked = mask(record.message)
        if masked not in seen:
            seen[masked] = miner.add_log_message(masked)["cluster_id"]
        members.setdefault(seen[masked], []).append(record)
    clusters = {c.cluster_id: c.get_template() for c in miner.drain.clusters}
    return [Template(clusters[cid], recs) for cid, recs in members.items()]
