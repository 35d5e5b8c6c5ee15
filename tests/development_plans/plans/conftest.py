"""The plan domain tests' fixtures: a database session, the framework and people in courses."""

from support.plan_data import db, fw, people

__all__ = ["db", "fw", "people"]
