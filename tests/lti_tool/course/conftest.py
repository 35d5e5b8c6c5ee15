"""Fixtures for these pages: launched browsers and a SQL statement counter."""

from support.plan_pages import asha, launch, queries

__all__ = ["asha", "launch", "queries"]
