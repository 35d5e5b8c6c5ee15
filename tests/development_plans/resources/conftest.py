"""The resource domain tests' fixtures: a database session."""

from support.plan_data import db

__all__ = ["db"]
