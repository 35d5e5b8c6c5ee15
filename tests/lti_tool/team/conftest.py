"""Fixtures for these pages: the demo platform with a mentor, launched browsers and a SQL
statement counter."""

from support.team_pages import launch, platform, queries

__all__ = ["launch", "platform", "queries"]
