"""Features add their own section to the home page without editing the home view: each registers a
function that returns a ``HomeSection`` (or None) for the current viewer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from lti_tool.auth import Viewer


@dataclass
class HomeSection:
    template: str
    order: int = 100
    data: dict[str, Any] = field(default_factory=dict)


SectionBuilder = Callable[[Viewer], HomeSection | None]


def add_home_section(app: Flask, builder: SectionBuilder) -> None:
    """Register ``builder``; it is called on every home page view, so keep it to a few queries."""
    app.extensions.setdefault("home_sections", []).append(builder)


def sections_for(app: Flask, viewer: Viewer) -> list[HomeSection]:
    built = (build(viewer) for build in app.extensions.get("home_sections", []))
    return sorted((s for s in built if s is not None), key=lambda s: s.order)
