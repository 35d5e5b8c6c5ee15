"""Grade delivery settings: from the app config (``GRADES_*``), else ``DP_GRADES_*`` variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class GradeSettings:
    """How senders claim, retry and time out; defaults suit production."""

    background_sender: bool = False
    batch_size: int = 20
    claim_seconds: float = 120.0
    http_timeout: float = 10.0
    retry_base_seconds: float = 5.0
    retry_cap_seconds: float = 3600.0
    max_attempts: int = 60
    poll_seconds: float = 2.0
    display_timezone: str = "Europe/London"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> GradeSettings:
        """Each ``GRADES_<NAME>`` from ``config``, else ``DP_GRADES_<NAME>`` from os.environ."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            name = f"GRADES_{field.name.upper()}"
            raw = config.get(name, os.environ.get(f"DP_{name}"))
            if raw is None:
                continue
            values[field.name] = _convert(raw, type(getattr(cls, field.name)))
        return cls(**values)


def _convert(raw: Any, kind: type) -> Any:
    if kind is bool and isinstance(raw, str):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)
