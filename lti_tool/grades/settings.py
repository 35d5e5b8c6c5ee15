"""Grade delivery settings, read from the app config (``GRADES_*`` on ``lti_tool.config.Config``,
where each can be set by a ``DP_GRADES_*`` environment variable)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class GradeSettings:
    """How senders claim, retry, time out and prune; defaults suit production and match
    ``Config``'s."""

    background_sender: bool = False
    batch_size: int = 100
    parallel_posts: int = 4
    claim_seconds: float = 120.0
    http_timeout: float = 10.0
    retry_base_seconds: float = 5.0
    retry_cap_seconds: float = 3600.0
    max_attempts: int = 60
    poll_seconds: float = 2.0
    display_timezone: str = "Europe/London"
    sent_retention_days: float = 30.0
    prune_interval_seconds: float = 3600.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> GradeSettings:
        """Each ``GRADES_<NAME>`` that ``config`` has; the default for the others."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = config.get(f"GRADES_{field.name.upper()}")
            if raw is not None:
                values[field.name] = _convert(raw, type(getattr(cls, field.name)))
        return cls(**values)


def _convert(raw: Any, kind: type) -> Any:
    if kind is bool and isinstance(raw, str):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)
